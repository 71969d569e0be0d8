// SPDX-License-Identifier: GPL-3.0-or-later
#include "rootservice.h"

#include "core/protocol/constants.h"
#include "core/protocol/hello.h"

#include <algorithm>

namespace tier {

namespace {

// A path that sent nothing authenticated for this long no longer vouches for its peer (the
// protocol's path expiry, docs/protocol/timing.md).
constexpr qint64 SourceLifetimeMs = 243000;
// Budgets idle this long are full again anyway: forgotten.
constexpr qint64 BudgetIdleMs = 10000;
// Room for the OK(HELLO) fields before the worlds (in-re, versions, address, length).
constexpr int OkHelloOverhead = 64;

template<typename Map, typename Stale>
void trim(Map &map, int cap, Stale stale)
{
    if (map.size() < cap)
        return;
    map.removeIf(stale);
    if (map.size() >= cap)
        map.clear(); // only under a flood of fresh entries; they are rebuilt from traffic
}

} // namespace

void RootService::setServedWorlds(const QList<World> &worlds)
{
    m_served = worlds;
    m_roots.clear();
    for (const World &w : worlds) {
        for (const World::Root &r : w.roots())
            m_roots.insert(r.identity.address());
    }
}

bool RootService::isOpen() const
{
    return m_options.openRoot || m_options.role == NodeOptions::Role::Root;
}

QByteArray RootService::worldUpdatesFor(const HelloPayload &hello, int *count) const
{
    QByteArray out;
    int n = 0;
    const auto add = [&](const World &w) {
        const QByteArray bytes = w.toBytes();
        if (out.size() + bytes.size() + OkHelloOverhead > protocol::MaxPacketLength)
            return;
        out += bytes;
        ++n;
    };
    for (const World &w : m_served) {
        if (w.type() == World::Type::Planet) {
            if (hello.worldId && *hello.worldId == w.id() && hello.worldTimestamp.value_or(0) < w.timestamp())
                add(w);
            continue;
        }
        for (const MoonReference &m : hello.moons.value_or(QList<MoonReference>())) {
            if (m.id == w.id() && m.timestamp < w.timestamp()) {
                add(w);
                break;
            }
        }
    }
    if (count)
        *count = n;
    return out;
}

bool RootService::isRelayable(Address a) const
{
    if (a.isNull())
        return false;
    return a == m_self || m_roots.contains(a) || (m_memberPolicy && m_memberPolicy(a));
}

bool RootService::mayRelay(const InetAddress &from, Address source, Address destination) const
{
    if (isOpen())
        return true;
    const Address owner = sourceAt(from);
    if (owner.isNull())
        return false; // a path that never authenticated to us: a spoofed or unknown sender
    if (!source.isNull() && owner != source && !m_roots.contains(owner))
        return false; // the header's source is not the peer this path belongs to
    return isRelayable(source.isNull() ? owner : source) && isRelayable(destination);
}

bool RootService::take(Bucket &bucket, qint64 now, int perSecond, int burst)
{
    if (bucket.last == 0 || now < bucket.last) {
        bucket.tokens = burst;
    } else {
        bucket.tokens = std::min<double>(burst, bucket.tokens + double(now - bucket.last) * perSecond / 1000.0);
    }
    bucket.last = now;
    if (bucket.tokens < 1.0)
        return false;
    bucket.tokens -= 1.0;
    return true;
}

bool RootService::takeRelayToken(const InetAddress &from, qint64 now)
{
    auto it = m_relayBudgets.find(from);
    if (it == m_relayBudgets.end()) {
        trim(m_relayBudgets, m_options.rootMaxTracked,
             [&](decltype(m_relayBudgets)::iterator i) { return now - i->last > BudgetIdleMs; });
        it = m_relayBudgets.insert(from, Bucket{});
    }
    return take(*it, now, m_options.rootRelayPerSecond, std::max(1, m_options.rootRelayBurst));
}

bool RootService::takeWhoisToken(Address peer, qint64 now)
{
    auto it = m_whoisBudgets.find(peer);
    if (it == m_whoisBudgets.end()) {
        trim(m_whoisBudgets, m_options.rootMaxTracked,
             [&](decltype(m_whoisBudgets)::iterator i) { return now - i->last > BudgetIdleMs; });
        it = m_whoisBudgets.insert(peer, Bucket{});
    }
    return take(*it, now, m_options.rootWhoisPerSecond, std::max(1, 2 * m_options.rootWhoisPerSecond));
}

bool RootService::rendezvousDue(Address a, Address b, qint64 now)
{
    const QPair<quint64, quint64> key(std::min(a.toInt(), b.toInt()), std::max(a.toInt(), b.toInt()));
    const auto it = m_rendezvous.constFind(key);
    if (it != m_rendezvous.constEnd() && now - *it < m_options.rendezvousIntervalMs)
        return false;
    trim(m_rendezvous, m_options.rootMaxTracked,
         [&](decltype(m_rendezvous)::iterator i) { return now - i.value() >= m_options.rendezvousIntervalMs; });
    m_rendezvous.insert(key, now);
    return true;
}

void RootService::noteDirectSource(const InetAddress &from, Address peer, qint64 now)
{
    auto it = m_sources.find(from);
    if (it != m_sources.end()) {
        *it = Source{peer, now};
        return;
    }
    trim(m_sources, m_options.rootMaxTracked,
         [&](decltype(m_sources)::iterator i) { return now - i->at > SourceLifetimeMs; });
    m_sources.insert(from, Source{peer, now});
}

Address RootService::sourceAt(const InetAddress &from) const
{
    const auto it = m_sources.constFind(from);
    return it == m_sources.constEnd() ? Address() : it->peer;
}

void RootService::expire(qint64 now)
{
    m_relayBudgets.removeIf([&](decltype(m_relayBudgets)::iterator i) { return now - i->last > BudgetIdleMs; });
    m_whoisBudgets.removeIf([&](decltype(m_whoisBudgets)::iterator i) { return now - i->last > BudgetIdleMs; });
    m_rendezvous.removeIf(
        [&](decltype(m_rendezvous)::iterator i) { return now - i.value() >= m_options.rendezvousIntervalMs; });
    m_sources.removeIf([&](decltype(m_sources)::iterator i) { return now - i->at > SourceLifetimeMs; });
}

} // namespace tier
