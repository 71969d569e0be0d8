// SPDX-License-Identifier: GPL-3.0-or-later
#include "peertable.h"

#include "core/node/identitycache.h"

#include <algorithm>

namespace tier {

namespace {

// Addresses recently not found in the identity cache are not looked up again for this long.
constexpr qint64 CacheMissMs = 1000;
constexpr int MaxCacheMisses = 8192;
// Fingerprints of identities that failed validation (bounded; cleared when full).
constexpr int MaxRefusedIdentities = 4096;

} // namespace

Peer *PeerTable::find(Address address) const
{
    const auto it = m_peers.constFind(address);
    return it == m_peers.constEnd() ? nullptr : it->get();
}

bool PeerTable::cacheMissedRecently(Address address, qint64 now) const
{
    const auto miss = m_cacheMisses.constFind(address);
    return miss != m_cacheMisses.constEnd() && now - *miss < CacheMissMs;
}

void PeerTable::noteCacheMiss(Address address, qint64 now)
{
    if (m_cacheMisses.size() >= MaxCacheMisses)
        m_cacheMisses.clear();
    m_cacheMisses.insert(address, now);
}

Peer *PeerTable::findOrLoad(Address address, qint64 now)
{
    if (Peer *known = find(address))
        return known;
    // A flood from random addresses would otherwise cost one store lookup per datagram.
    if (!m_cache || cacheMissedRecently(address, now))
        return nullptr;
    if (std::optional<Identity> id = m_cache->lookup(address); id && id->address() == address)
        return create(*id, now);
    noteCacheMiss(address, now);
    return nullptr;
}

std::optional<Identity> PeerTable::identityOf(Address address, qint64 now)
{
    if (const Peer *known = find(address))
        return known->identity();
    if (!m_cache || cacheMissedRecently(address, now))
        return std::nullopt;
    if (std::optional<Identity> id = m_cache->lookup(address); id && id->address() == address)
        return id->publicOnly();
    noteCacheMiss(address, now);
    return std::nullopt;
}

void PeerTable::setCapacity(int maxPeers, std::function<bool(const Peer &)> keep)
{
    m_maxPeers = maxPeers;
    m_keep = std::move(keep);
}

void PeerTable::makeRoom(qint64 now)
{
    if (m_maxPeers <= 0 || m_peers.size() < m_maxPeers)
        return;
    // One linear scan per creation past the cap: creations are bounded by the validation budget
    // and the identity cache, and a full table is the exception.
    auto victim = m_peers.end();
    for (auto it = m_peers.begin(); it != m_peers.end(); ++it) {
        const Peer &p = *it.value();
        if (now - p.lastReceive < 1000 || (m_keep && m_keep(p)))
            continue;
        if (victim == m_peers.end() || p.lastReceive < victim.value()->lastReceive)
            victim = it;
    }
    if (victim == m_peers.end())
        return; // everyone is busy: over the cap for a moment rather than dropping a live peer
    m_peers.erase(victim);
    ++m_evictedForCapacity;
}

Peer *PeerTable::create(const Identity &identity, qint64 now)
{
    m_cacheMisses.remove(identity.address());
    makeRoom(now);
    const std::optional<QByteArray> key = m_self.agree(identity);
    if (!key)
        return nullptr;
    auto peer = std::make_shared<Peer>(identity.publicOnly(), *key, now);
    Peer *raw = peer.get();
    m_peers.insert(identity.address(), std::move(peer));
    return raw;
}

bool PeerTable::addTrusted(const Identity &identity, qint64 now)
{
    if (identity.isNull() || identity.address() == m_self.address())
        return false;
    if (const Peer *known = find(identity.address()))
        return known->identity() == identity;
    return create(identity, now) != nullptr;
}

void PeerTable::remember(const Identity &identity)
{
    if (m_cache)
        m_cache->remember(identity);
}

bool PeerTable::cacheKnows(const Identity &identity) const
{
    if (!m_cache)
        return false;
    const std::optional<Identity> known = m_cache->lookup(identity.address());
    return known && *known == identity;
}

void PeerTable::refuse(const QByteArray &fingerprint)
{
    if (m_refused.size() >= MaxRefusedIdentities)
        m_refused.clear();
    m_refused.insert(fingerprint);
}

double PeerTable::validationTokens(qint64 now, int perSecond) const
{
    // A bucket, not a per-second window: a window lets a flood take the whole second's budget at once
    // (25 validations ≈ half a second of this thread, while the socket's buffer overflows); the bucket
    // holds a fifth of a second's worth (at least 2) and refills evenly.
    const double burst = std::max(2, perSecond / 5);
    if (m_validationLast == 0 || now < m_validationLast)
        return burst;
    return std::min(burst, m_validationTokens + double(now - m_validationLast) * perSecond / 1000.0);
}

bool PeerTable::consumeValidationBudget(qint64 now, int perSecond)
{
    if (perSecond <= 0)
        return false;
    const double tokens = validationTokens(now, perSecond);
    m_validationLast = now;
    m_validationTokens = tokens;
    if (tokens < 1.0)
        return false;
    m_validationTokens -= 1.0;
    return true;
}

void PeerTable::evict(const std::function<bool(const Peer &)> &evict)
{
    m_peers.removeIf([&](decltype(m_peers)::iterator it) { return evict(*it.value()); });
}

void PeerTable::expireCacheMisses(qint64 now)
{
    m_cacheMisses.removeIf([&](decltype(m_cacheMisses)::iterator it) { return now - it.value() >= CacheMissMs; });
}

} // namespace tier
