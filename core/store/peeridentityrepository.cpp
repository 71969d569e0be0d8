// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/peeridentityrepository.h"

#include "core/store/database.h"

#include <QSqlQuery>
#include <QVariant>

namespace tier {

namespace {
// A busy controller meets many identities; the cache is a convenience, not the store.
constexpr int MaxCached = 100000;
} // namespace

PeerIdentityRepository::PeerIdentityRepository(Database &database) : m_database(database) {}

std::optional<Identity> PeerIdentityRepository::lookup(Address address)
{
    Result<std::optional<Identity>> found = find(address);
    if (!found)
        return std::nullopt;
    return found.value();
}

Result<std::optional<Identity>> PeerIdentityRepository::find(Address address)
{
    if (auto it = m_cache.constFind(address); it != m_cache.constEnd())
        return std::optional<Identity>(*it);
    auto query = m_database.exec(QStringLiteral("SELECT identity FROM peer_identities WHERE address = ?"),
                                 {address.toString()}, QStringLiteral("looking up a peer identity"));
    if (!query)
        return query.error();
    if (!query->next())
        return std::optional<Identity>();
    Result<Identity> identity = Identity::fromString(query->value(0).toString());
    if (!identity || identity->address() != address)
        return std::optional<Identity>(); // damaged row: the node validates again and remember() keeps the old row
    Identity pub = identity->publicOnly();
    if (m_cache.size() >= MaxCached)
        m_cache.clear();
    m_cache.insert(address, pub);
    return std::optional<Identity>(pub);
}

Status PeerIdentityRepository::remember(const Identity &identity, qint64 nowMs)
{
    return rememberAll({identity}, nowMs);
}

Status PeerIdentityRepository::rememberAll(const QList<Identity> &identities, qint64 nowMs)
{
    for (const Identity &identity : identities) {
        if (identity.isNull())
            return makeError(ErrorCode::InvalidIdentity, QStringLiteral("cannot remember a null identity"));
    }
    Status written = m_database.transaction([&]() -> Status {
        for (const Identity &identity : identities) {
            const Identity pub = identity.publicOnly();
            // ON CONFLICT DO NOTHING: portable (SQLite ≥ 3.24, PostgreSQL ≥ 9.5) and keeps the first key.
            auto query = m_database.exec(QStringLiteral("INSERT INTO peer_identities (address, identity, first_seen)"
                                                        " VALUES (?, ?, ?) ON CONFLICT (address) DO NOTHING"),
                                         {pub.address().toString(), pub.toString(false), nowMs},
                                         QStringLiteral("remembering a peer identity"));
            if (!query)
                return query.error();
        }
        return Ok{};
    });
    if (!written)
        return written;
    for (const Identity &identity : identities)
        m_cache.remove(identity.address()); // the stored (first) key is what lookup() must return
    return Ok{};
}

} // namespace tier
