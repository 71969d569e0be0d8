// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/crypto/identity.h"
#include "core/node/peerpath.h"
#include "core/node/peerversion.h"

#include <QByteArray>
#include <QList>

#include <optional>

namespace tier {

/// A node we share a key with: its validated identity, the agreed key, its physical paths, the
/// versions it advertised and the last measured round trip.
class Peer final
{
public:
    static constexpr int MaxPaths = 8;
    /// A path that has received nothing for this long is no longer used (docs/protocol/timing.md: 243 s).
    static constexpr qint64 PathExpiryMs = 243000;
    /// A path we kept sending to without hearing anything back on it for this long is stale.
    static constexpr qint64 StaleAfterMs = 10000;

    Peer(Identity identity, QByteArray key, qint64 created = 0)
        : lastReceive(created), m_identity(std::move(identity)), m_key(std::move(key))
    {}

    const Identity &identity() const { return m_identity; }
    Address address() const { return m_identity.address(); }
    /// The 48-byte agreed key (suites 0/1 use the first 32 bytes).
    const QByteArray &key() const { return m_key; }

    const QList<PeerPath> &paths() const { return m_paths; }
    const PeerPath *path(const InetAddress &address) const;

    /// An authenticated packet arrived from address; direct = hops 0 (relayed packets teach no path).
    void received(const InetAddress &address, qint64 now, bool direct);
    /// expectsAnswer: the packet asks for a reply (HELLO, ECHO, WHOIS, config request); only such
    /// sends can make a path stale (a root's RENDEZVOUS or a controller's push gets no answer).
    void sent(const InetAddress &address, qint64 now, bool expectsAnswer = false);
    /// An OK to our HELLO/ECHO arrived directly from address.
    void confirmPath(const InetAddress &address, qint64 now);

    /// Where to send: of the live paths (heard from directly within PathExpiryMs, not stale), the
    /// one heard from most recently, a confirmed one on a tie; nullopt = relay through a root.
    /// The freshest wins so that a peer that moved (same identity, new port) is followed at once.
    std::optional<InetAddress> bestPath(qint64 now) const;
    /// The most recently active confirmed path that is not stale.
    std::optional<InetAddress> confirmedPath(qint64 now) const;
    /// Sent to it without an answer for StaleAfterMs.
    static bool isStale(const PeerPath &path, qint64 now);

    PeerVersion version;
    qint64 latencyMs = -1; ///< last OK(HELLO)/OK(ECHO) round trip, -1 = not measured
    qint64 lastReceive = 0;
    qint64 lastHelloSent = 0;
    InetAddress lastSource; ///< physical source of the last authenticated packet (may be a relay)

private:
    PeerPath &touch(const InetAddress &address, qint64 now);

    Identity m_identity;
    QByteArray m_key;
    QList<PeerPath> m_paths;
};

} // namespace tier
