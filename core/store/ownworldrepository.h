// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/result.h"
#include "core/protocol/world.h"

#include <QByteArray>

#include <optional>

namespace tier {

class Database;

/// A planet or moon this controller made, with the key that signs its later versions.
struct OwnWorldRecord
{
    World::Type type = World::Type::Null;
    quint64 worldId = 0;
    QByteArray updateKeyPublic; ///< 64 bytes (X25519 ‖ Ed25519), named in every version
    QByteArray updateKeySecret; ///< 64 bytes; signs the next version
    World lastWorld;            ///< the newest version made
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
};

/// The rows of `own_worlds`: at most one planet and one moon. The update key's secret leaves this
/// class only inside the returned record; nothing here logs it.
class OwnWorldRepository final
{
public:
    explicit OwnWorldRepository(Database &database);

    /// nullopt if none was made; Malformed if the stored row is damaged (key lengths, world that
    /// does not parse, is not signed by the stored key or does not match the row's type and ID).
    Result<std::optional<OwnWorldRecord>> load(World::Type type);
    /// Stores the first version (no row yet) or a newer one. Conflict if a row exists with another
    /// world ID or key, or the world is not newer than the stored one (so an update can never
    /// silently fork or roll back what members hold).
    Status save(const OwnWorldRecord &record, qint64 nowMs);

private:
    Database &m_database;
};

} // namespace tier
