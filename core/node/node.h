// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/crypto/identity.h"
#include "core/node/admission.h"
#include "core/node/nodecounters.h"
#include "core/node/nodeoptions.h"
#include "core/node/peer.h"
#include "core/node/peertable.h"
#include "core/node/peerversion.h"
#include "core/node/replayfilter.h"
#include "core/node/rootservice.h"
#include "core/node/whoisqueue.h"
#include "core/protocol/constants.h"
#include "core/protocol/inetaddress.h"
#include "core/protocol/reassembler.h"
#include "core/protocol/world.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>

#include <functional>
#include <memory>
#include <optional>

class QTimer;

namespace tier {

class IdentityCache;
class NodeHandler;
class Packet;
struct HelloPayload;
class UdpTransport;

/// A ZeroTier 1.x node on one UDP socket: peers and their keys, roots from a planet and moons,
/// HELLO/ECHO/WHOIS/RENDEZVOUS, fragment reassembly, world updates from roots, and the root role
/// when a world names this node (or NodeOptions::Role::Root): OK(HELLO) with newer worlds, WHOIS
/// answers, relaying and RENDEZVOUS under the RootService's policy and budgets. Verbs it does not
/// handle itself go to a NodeHandler.
///
/// Where each part lives: node.cpp (set-up, peers, the periodic tick), nodereceive.cpp (datagram
/// to authenticated verb, HELLO/OK/ECHO), nodesend.cpp (sealing and path choice), nodewhois.cpp
/// with WhoisQueue (unknown addresses), PeerTable (keys, identity cache, validation budget), Admission
/// (newcomers' identities validated on worker threads, fairly between sources), and one
/// file per role: nodememberrole.cpp (a node that relies on roots: the controller and the member
/// simulator), nodecontrollerrole.cpp (config requests and their replies, multicast, push acks),
/// noderootrole.cpp with RootService (serving as a root: relay, RENDEZVOUS, WHOIS answers, worlds in
/// OK(HELLO)). Lives on one thread (the one that owns its QObject); every
/// public function must be called there.
class Node final : public QObject
{
    Q_OBJECT

public:
    using Clock = std::function<qint64()>;

    /// identity must carry its secret.
    explicit Node(Identity identity, NodeOptions options = {}, QObject *parent = nullptr);
    ~Node() override;

    /// Milliseconds since the epoch; defaults to the wall clock. Tests inject their own.
    void setClock(Clock clock);
    qint64 now() const { return m_clock(); }
    /// Not owned; may be null (then validated identities live only in the peer table).
    void setIdentityCache(IdentityCache *cache) { m_peers.setIdentityCache(cache); }
    /// Not owned; may be null.
    void setHandler(NodeHandler *handler) { m_handler = handler; }
    /// Roots = every root of the planet and the moons, except ourselves. A world naming our own
    /// identity as a root makes this node serve as its root. May be called again while running (a
    /// new version of our own planet is then handed to members in OK(HELLO)).
    void setWorlds(const World &planet, const QList<World> &moons = {});
    const World &planet() const { return m_planet; }
    const QList<World> &moons() const { return m_moons; }

    // --- serving as a root ---
    /// Role::Root, or the planet or a moon names this node's identity as a root.
    bool isServingRoot() const { return m_options.role == NodeOptions::Role::Root || !m_root.servedWorlds().isEmpty(); }
    /// Who may be relayed for besides this node and the roots (ignored by an open root).
    void setRootMemberPolicy(RootService::MemberPolicy policy) { m_root.setMemberPolicy(std::move(policy)); }
    const RootService &rootService() const { return m_root; }
    const RootCounters &rootCounters() const { return m_root.counters(); }
    int peerCount() const { return m_peers.size(); }

    /// Binds the socket (Io error naming the port if taken), HELLOs every root, starts the timer.
    Status start();
    /// Another UDP port for the next start() (a fallback when the configured one is taken).
    void setPort(quint16 port) { m_options.port = port; }
    void stop();
    bool isRunning() const;
    quint16 localPort() const;

    const Identity &identity() const { return m_identity; }
    Address address() const { return m_identity.address(); }
    const NodeOptions &options() const { return m_options; }
    const NodeCounters &counters() const { return m_counters; }

    // --- peers ---
    /// Null if unknown. The pointer stays valid until the next tick() (idle peers are evicted after
    /// 500 s without traffic; the IdentityCache brings them back).
    const Peer *peer(Address address) const;
    QList<Address> peerAddresses() const;
    QList<Address> rootAddresses() const;
    bool isRoot(Address address) const;
    /// Makes a peer of an identity already trusted (e.g. a root or one from the service's store)
    /// without validating it again. False if the key cannot be agreed.
    bool addTrustedPeer(const Identity &identity);
    /// Packets from unknown senders waiting for OK(WHOIS), over all addresses.
    int heldPacketCount() const { return m_whoisQueue.heldCount(); }
    /// Newcomers whose identity is being validated (their HELLO is answered when it is valid).
    int admissionsWaiting() const { return m_admission.waitingCount(); }
    int heldPacketCount(Address from) const;

    // --- sending (all return false if the packet could not be built or queued) ---
    /// Encrypts (suite 1), compresses if it pays, fragments, and sends verb+payload to destination:
    /// to `via` if given, else the peer's confirmed direct path, else the address it last reached
    /// us from directly, else through a root. Unknown destination: queued and WHOISed.
    /// packetId 0 = a fresh random one; the ID used is written to *usedPacketId.
    bool sendPacket(Address destination, Verb verb, const QByteArray &payload, const InetAddress &via = {},
                    quint64 *usedPacketId = nullptr);
    /// A config for a member as 1.14 expects it: inRePacketId != 0 frames each chunk as
    /// OK(NETWORK_CONFIG_REQUEST) (`0B ‖ request id ‖ chunk`) sent to the request's physical source;
    /// inRePacketId == 0 pushes each chunk as NETWORK_CONFIG.
    bool sendConfig(Address member, quint64 inRePacketId, const QList<QByteArray> &chunks);
    /// ERROR about a config request (0 = unsolicited, still in-re NETWORK_CONFIG_REQUEST so the
    /// node acts on it).
    bool sendError(Address member, quint64 inRePacketId, ProtocolErrorCode code, quint64 networkId);
    /// NETWORK_CREDENTIALS carrying one serialized Revocation.
    bool sendCredentials(Address member, const QByteArray &revocation);
    /// HELLO to a physical address (suite 0); the OK that comes back directly confirms the path.
    bool sendHello(Address destination, const InetAddress &to);
    bool sendEcho(Address destination, const InetAddress &to = {});
    /// WHOIS through the best root (rate-limited per address by options().whoisRetryMs).
    bool whois(Address address);

    /// Periodic work; the timer calls it, tests without a timer call it themselves.
    void tick();

    /// Handles a datagram as if it had arrived on the socket from `from` (fuzzing, tests).
    void receiveDatagram(const InetAddress &from, const QByteArray &datagram) { onDatagram(from, datagram); }

signals:
    /// A peer was heard from: HELLO, OK(HELLO)/OK(ECHO) (latency measured), or a new physical source.
    void peerContact(tier::Address address, const tier::InetAddress &physical, const tier::PeerVersion &version,
                     qint64 latencyMs);
    /// tick() ran (lets the member simulator run its request timers on the node's clock).
    void ticked(qint64 now);
    /// A root handed us a newer version of our planet or of a moon (signed by the key the previous
    /// version names); it is in use from now on.
    void worldUpdated(const tier::World &world);

private:
    struct RootInfo
    {
        Identity identity;
        QList<InetAddress> endpoints;
        qint64 lastHelloSent = 0;
    };
    struct Expectation
    {
        Address peer;
        Verb verb = Verb::Nop;
        InetAddress to;
        qint64 sentAt = 0;
    };
    struct ReplyPath
    {
        Address peer;
        InetAddress from;
        qint64 at = 0;
    };

    // Receiving: datagram -> fragments -> packet -> authenticated -> verb (nodereceive.cpp).
    void onDatagram(const InetAddress &from, const QByteArray &datagram);
    void reassemble(const InetAddress &from, const QByteArray &datagram);
    void handleAssembled(const InetAddress &from, const QByteArray &bytes);
    void handleFromUnknown(const InetAddress &from, const QByteArray &bytes, const Packet &packet);
    void retryWhileWaiting(Admission::Waiting &waiting, const Identity &identity, const InetAddress &from,
                           const Packet &packet);
    void finishAdmission(Address address, bool valid);
    void startQueuedAdmissions();
    void handleAuthenticated(Peer &peer, const InetAddress &from, Packet &packet);
    void handleHello(Peer &peer, const InetAddress &from, const Packet &packet);
    void handleOk(Peer &peer, const InetAddress &from, const Packet &packet);
    void handleOkHello(Peer &peer, const InetAddress &from, const Packet &packet, quint64 inRePacketId, qint64 sentAt);
    void handleOkEcho(Peer &peer, const InetAddress &from, const Packet &packet, quint64 inRePacketId,
                      const Expectation *expected);
    void handleEcho(Peer &peer, const InetAddress &from, const Packet &packet);
    void applyWorldUpdates(const QByteArray &worlds);
    bool acceptablePath(const InetAddress &address) const;
    void emitContact(const Peer &peer, const InetAddress &from);

    // Sending: sealing, fragmenting, choosing the path, expected replies (nodesend.cpp).
    bool sendRaw(const InetAddress &to, const QByteArray &datagram);
    bool sendSealed(Peer &peer, Packet &packet, const InetAddress &to);
    InetAddress pathTo(const Peer &peer, const InetAddress &via);
    void expect(quint64 packetId, Address peer, Verb verb, const InetAddress &to);

    // Unknown addresses: held packets and WHOIS (nodewhois.cpp).
    void holdIncoming(const InetAddress &from, Address source, const QByteArray &bytes);
    void releaseHeld(Address address);
    bool sendWhois(const QList<Address> &addresses);
    void askDueWhois(qint64 now);
    void handleOkWhois(const QByteArray &body);
    /// A vouched-for identity's validation ended (Admission::validateVouched).
    void finishWhoisValidation(const Identity &identity, bool valid);

    // Member role, what a node that relies on roots does (nodememberrole.cpp).
    std::optional<InetAddress> rootPath(Peer **root);
    void helloRoots(qint64 now);
    void handleRendezvous(Peer &peer, const Packet &packet);

    // Controller-facing verbs and replies (nodecontrollerrole.cpp).
    bool handleConfigRequest(Peer &peer, const InetAddress &from, const Packet &packet);
    bool handleMulticastLike(Peer &peer, const Packet &packet);
    bool handleMulticastGather(Peer &peer, const InetAddress &from, const Packet &packet);
    InetAddress replyPath(Address member, quint64 inRePacketId) const;

    // Root role: relaying, RENDEZVOUS, answering WHOIS (noderootrole.cpp).
    void relay(const InetAddress &from, const QByteArray &datagram, Address destination, Address source,
               bool isFragment);
    QByteArray worldUpdatesFor(const HelloPayload &hello);
    void maybeRendezvous(Peer &a, Peer &b);
    void handleWhois(Peer &peer, const InetAddress &from, const Packet &packet);

    void expireBookkeeping(qint64 now);

    Identity m_identity;
    NodeOptions m_options;
    Clock m_clock;
    NodeHandler *m_handler = nullptr;
    UdpTransport *m_transport = nullptr;
    QTimer *m_timer = nullptr;
    World m_planet;
    QList<World> m_moons;
    QList<RootInfo> m_roots;
    PeerTable m_peers{m_identity};
    Reassembler m_reassembler;
    NodeCounters m_counters;
    WhoisQueue m_whoisQueue{m_options, m_counters};
    ReplayFilter m_replays;
    QHash<quint64, Expectation> m_expected;
    QHash<quint64, ReplyPath> m_replyPaths; // controller: config request -> its source
    RootService m_root{m_identity.address(), m_options};
    qint64 m_lastHousekeeping = 0;
    // Last: destroyed first, waiting for validations that report to this node.
    Admission m_admission{m_options, this, [this](Address a, bool valid) { finishAdmission(a, valid); }};
    QSet<Address> m_whoisValidating; // identities from OK(WHOIS) on a validation worker now
};

} // namespace tier
