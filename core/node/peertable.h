// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/address.h"
#include "core/crypto/identity.h"
#include "core/node/peer.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QSet>

#include <functional>
#include <memory>
#include <optional>

namespace tier {

class IdentityCache;

/// The peers a Node shares keys with, and what keeps identity checks cheap: the identity cache
/// (validated identities survive eviction and restarts), a short memory of cache misses (a flood
/// from random addresses costs no store lookup per datagram), the fingerprints of identities that
/// failed validation, and the per-second budget of memory-hard validations.
class PeerTable final
{
public:
    /// self must outlive the table (the Node's own identity, with its secret, for key agreement).
    explicit PeerTable(const Identity &self) : m_self(self) {}

    /// Not owned; may be null (then validated identities live only in the table).
    void setIdentityCache(IdentityCache *cache) { m_cache = cache; }
    /// At most maxPeers peers: create() past it drops the peer heard from least recently, unless
    /// keep() says so or it was heard from within the last second (a peer being handled right now).
    void setCapacity(int maxPeers, std::function<bool(const Peer &)> keep);
    int size() const { return int(m_peers.size()); }
    quint64 evictedForCapacity() const { return m_evictedForCapacity; }
    IdentityCache *identityCache() const { return m_cache; }

    /// Null if unknown. Valid until the next evictIdle().
    Peer *find(Address address) const;
    bool contains(Address address) const { return m_peers.contains(address); }
    QList<Address> addresses() const { return m_peers.keys(); }
    /// A known peer, else one made from the identity cache (no validation: the cache only holds
    /// validated identities); null if neither knows the address.
    Peer *findOrLoad(Address address, qint64 now);
    /// The identity of a known peer or of one the identity cache knows, without making a peer (no
    /// key agreement): what a root answers WHOIS with.
    std::optional<Identity> identityOf(Address address, qint64 now);
    /// Agrees a key with identity and adds the peer; null if the key cannot be agreed.
    Peer *create(const Identity &identity, qint64 now);
    /// A peer of an identity already trusted, without validation. False if the address is ours, is
    /// taken by another identity, or the key cannot be agreed.
    bool addTrusted(const Identity &identity, qint64 now);
    /// Remembers a newly validated identity in the cache (if any).
    void remember(const Identity &identity);
    /// The cache's identity for address if it equals identity (validated before, e.g. by another
    /// node sharing the cache).
    bool cacheKnows(const Identity &identity) const;

    /// Identities that failed validation are refused again without paying (fingerprint: 16 bytes
    /// of the public key hash).
    bool wasRefused(const QByteArray &fingerprint) const { return m_refused.contains(fingerprint); }
    void refuse(const QByteArray &fingerprint);
    /// One memory-hard validation from the budget (perSecond on average, a fifth of a second's worth,
    /// at least 2, at once); false when it is used up.
    bool consumeValidationBudget(qint64 now, int perSecond);

    /// Drops peers for which evict() says so (idle ones), and forgets old cache misses.
    void evict(const std::function<bool(const Peer &)> &evict);
    void expireCacheMisses(qint64 now);

private:
    void makeRoom(qint64 now);
    bool cacheMissedRecently(Address address, qint64 now) const;
    void noteCacheMiss(Address address, qint64 now);
    double validationTokens(qint64 now, int perSecond) const;

    const Identity &m_self;
    int m_maxPeers = 0;
    std::function<bool(const Peer &)> m_keep;
    quint64 m_evictedForCapacity = 0;
    IdentityCache *m_cache = nullptr;
    QHash<Address, std::shared_ptr<Peer>> m_peers;
    QHash<Address, qint64> m_cacheMisses; ///< address -> when the identity cache last did not know it
    QSet<QByteArray> m_refused;
    qint64 m_validationLast = 0; ///< validation bucket: last refill
    double m_validationTokens = 0;
};

} // namespace tier
