// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/node/memberevent.h"
#include "core/node/nodehandler.h"
#include "core/node/nodeoptions.h"
#include "core/protocol/configchunk.h"
#include "core/protocol/networkconfig.h"

#include <QObject>
#include <QSet>

#include <optional>

namespace tier {

class Node;

/// The member side of a 1.14 node for one network, on top of a Node: sends
/// NETWORK_CONFIG_REQUEST with 1.14.1's metadata to `nwid >> 24` (found by WHOIS through a root),
/// re-requests every 60 s with a config and every 5 s without one, verifies chunk signatures and
/// the COM with the controller's identity, accepts pushes (acknowledged with OK in-re ECHO, as 1.14
/// does) and revocations. Between members: sendFrame() presents our certificate of membership
/// (NETWORK_CREDENTIALS) before the first FRAME to a peer, and a FRAME is accepted only from a peer
/// whose COM verifies and agrees with ours (as 1.14 does on a private network). Installs itself as
/// the node's handler.
class SimulatedMember final : public QObject, public NodeHandler
{
    Q_OBJECT

public:
    static constexpr qint64 RefreshIntervalMs = 60000;
    static constexpr qint64 RetryIntervalMs = 5000;

    /// node: not owned, must outlive this object.
    SimulatedMember(Node *node, quint64 networkId, QObject *parent = nullptr);
    ~SimulatedMember() override;

    /// Options a Node should have to look like a 1.14.1 member on the wire (HELLO with protocol
    /// 12 and version 1.14.1, as the members in vectors/join-conversation do).
    static void applyMemberDefaults(NodeOptions &options);

    /// Sends the first request (the node should be started).
    void join();
    /// Sends NETWORK_CONFIG_REQUEST now; returns its packet ID (0 if it could not be sent), which
    /// the Config event of the answer carries as inRePacketId.
    quint64 requestConfig();

    Node *node() const { return m_node; }
    quint64 networkId() const { return m_networkId; }
    const std::optional<NetworkConfig> &config() const { return m_config; }
    /// Kind of the last event, nullopt before any.
    std::optional<MemberEvent::Kind> state() const { return m_state; }
    int configCount() const { return m_configCount; }

    /// Sends an Ethernet frame to another member of the network (our COM first, once per peer).
    /// False without a config.
    bool sendFrame(Address to, quint16 etherType, const QByteArray &data);
    /// Peers whose COM we checked and accepted.
    bool trusts(Address peer) const { return m_trustedPeers.contains(peer); }
    /// FRAMEs dropped: no accepted COM from their sender.
    int framesRefused() const { return m_framesRefused; }

    // NodeHandler
    void packetReceived(const Identity &peer, const Packet &packet, const InetAddress &from) override;

signals:
    void event(const tier::MemberEvent &event);
    /// A FRAME from an accepted peer; hops = 0 if it came directly.
    void frameReceived(tier::Address from, quint16 etherType, const QByteArray &data, int hops);

private:
    void onTick(qint64 now);
    void handleChunk(const Identity &controller, QByteArrayView chunkBytes, bool pushed, quint64 packetId,
                     quint64 inRePacketId);
    void handleError(const Identity &controller, const Packet &packet);
    void handleCredentials(const Identity &controller, const Packet &packet);
    void handlePeerPacket(const Identity &peer, const Packet &packet);
    void report(MemberEvent::Kind kind, bool pushed = false, const QString &detail = {}, quint64 inRePacketId = 0);

    Node *m_node;
    quint64 m_networkId;
    Address m_controller;
    bool m_joined = false;
    qint64 m_lastRequest = 0;
    qint64 m_lastConfigAt = 0;
    quint64 m_lastUpdateId = 0;
    std::optional<NetworkConfig> m_config;
    std::optional<MemberEvent::Kind> m_state;
    int m_configCount = 0;
    ConfigReassembler m_chunks;
    QSet<Address> m_trustedPeers;
    QSet<Address> m_comSentTo;
    int m_framesRefused = 0;
};

} // namespace tier
