// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/address.h"
#include "core/base/result.h"
#include "core/crypto/identity.h"

#include <QHash>
#include <QList>

#include <optional>

namespace tier {

class Database;

/// Member identities the node has already validated (memory-hard, ~20 ms each), so that they are
/// never validated again, also across restarts (table `peer_identities`). Public parts only.
/// A read-through cache keeps lookups off the database after the first hit.
/// Used on the thread that owns the Database.
class PeerIdentityRepository final
{
public:
    explicit PeerIdentityRepository(Database &database);

    /// A remembered identity, or nullopt (unknown, or a database error: the caller then validates).
    std::optional<Identity> lookup(Address address);
    /// Stores a validated identity (secret dropped). An address already stored with a different key
    /// is left alone: the first validated key wins, as with the member record's pinning.
    Status remember(const Identity &identity, qint64 nowMs = 0);
    /// remember() for many identities in ONE transaction (a mass join validates dozens a second; a
    /// transaction each meant a disk sync each on the node's thread). All or nothing.
    Status rememberAll(const QList<Identity> &identities, qint64 nowMs = 0);
    /// Same as lookup, with database errors reported.
    Result<std::optional<Identity>> find(Address address);

private:
    Database &m_database;
    QHash<Address, Identity> m_cache;
};

} // namespace tier
