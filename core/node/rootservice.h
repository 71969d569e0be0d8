// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/address.h"
#include "core/node/nodeoptions.h"
#include "core/protocol/inetaddress.h"
#include "core/protocol/world.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QSet>

#include <functional>

namespace tier {

struct HelloPayload;

/// What a node serving as a root did and refused (the tiermaster_root_* metrics).
struct RootCounters final
{
    quint64 worldUpdatesSent = 0;    ///< worlds handed out in OK(HELLO) (member held an older one)
    quint64 whoisAnswered = 0;       ///< identities sent in OK(WHOIS)
    quint64 whoisUnknown = 0;        ///< addresses asked for that we have never seen
    quint64 whoisRateLimited = 0;    ///< WHOIS packets dropped: the asking peer's budget was used up
    quint64 relayed = 0;             ///< datagrams forwarded between peers
    quint64 relayRefusedPolicy = 0;  ///< not a member, this controller or a root (and not an open root)
    quint64 relayRefusedRate = 0;    ///< the sending path's relay budget was used up
    quint64 relayNoPath = 0;         ///< destination unknown, without a live path, or the sender itself
    quint64 rendezvousSent = 0;      ///< RENDEZVOUS packets (two per introduced pair)
    quint64 peersEvicted = 0;        ///< peers dropped to stay within the peer cap
};

/// The state of a node serving as a root (docs/architecture.md "Private root"): the worlds it is a
/// root of (a planet or moon naming its identity) and hands out in OK(HELLO) to members holding an
/// older version, who may be relayed for, the per-path relay and per-peer WHOIS budgets, the pairs
/// recently introduced with RENDEZVOUS, and which authenticated peer each physical path belongs to.
/// Everything is bounded: maps are capped and expire in expire(). Not thread-safe (the Node's thread).
class RootService final
{
public:
    /// Is this address a member of the controller's networks? (The engine asks its controller.)
    using MemberPolicy = std::function<bool(Address)>;

    /// options must outlive the service (the Node's).
    RootService(Address self, const NodeOptions &options) : m_self(self), m_options(options) {}

    /// The worlds naming self as a root; every root they name may be relayed for.
    void setServedWorlds(const QList<World> &worlds);
    const QList<World> &servedWorlds() const { return m_served; }
    void setMemberPolicy(MemberPolicy policy) { m_memberPolicy = std::move(policy); }
    /// Relay for any identity (--open-root, and the test root of NodeOptions::Role::Root).
    bool isOpen() const;

    /// Serialized worlds newer than those the HELLO says its sender holds (planet by ID and timestamp,
    /// moons by the HELLO's moon list; timestamp 0 = wanted but not held). Empty if none.
    QByteArray worldUpdatesFor(const HelloPayload &hello, int *count = nullptr) const;

    /// self, a root of a served world, or a member the policy knows.
    bool isRelayable(Address address) const;
    /// Relaying policy for a datagram from physical path `from` claiming `source` (null for a
    /// fragment): an open root relays anything; otherwise the path must belong to `source` (learned
    /// from an authenticated direct packet) or to a root, and both ends must be relayable.
    bool mayRelay(const InetAddress &from, Address source, Address destination) const;
    /// One datagram from this path's relay budget (NodeOptions::rootRelayPerSecond).
    bool takeRelayToken(const InetAddress &from, qint64 now);
    /// One WHOIS from this peer's budget (NodeOptions::rootWhoisPerSecond).
    bool takeWhoisToken(Address peer, qint64 now);
    /// True (and remembered) if the pair was not introduced within rendezvousIntervalMs.
    bool rendezvousDue(Address a, Address b, qint64 now);

    /// An authenticated packet came directly (hops 0) from `from`: that path belongs to `peer`.
    void noteDirectSource(const InetAddress &from, Address peer, qint64 now);
    /// The peer a path belongs to; null address if unknown.
    Address sourceAt(const InetAddress &from) const;

    /// Forgets idle budgets, old introductions and old paths.
    void expire(qint64 now);

    RootCounters &counters() { return m_counters; }
    const RootCounters &counters() const { return m_counters; }

private:
    struct Bucket
    {
        double tokens = 0;
        qint64 last = 0;
    };
    struct Source
    {
        Address peer;
        qint64 at = 0;
    };
    static bool take(Bucket &bucket, qint64 now, int perSecond, int burst);

    Address m_self;
    const NodeOptions &m_options;
    QList<World> m_served;
    QSet<Address> m_roots; ///< every root of the served worlds
    MemberPolicy m_memberPolicy;
    QHash<InetAddress, Bucket> m_relayBudgets;
    QHash<Address, Bucket> m_whoisBudgets;
    QHash<QPair<quint64, quint64>, qint64> m_rendezvous;
    QHash<InetAddress, Source> m_sources;
    RootCounters m_counters;
};

} // namespace tier
