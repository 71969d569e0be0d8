// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/result.h"
#include "core/crypto/identity.h"

#include <optional>

namespace tier {

class Database;

/// The controller's own identity (with its secret), the single row of `controller_identity`.
/// The secret never leaves this class except inside the returned Identity; nothing here logs it.
class ControllerIdentityRepository final
{
public:
    explicit ControllerIdentityRepository(Database &database);

    /// nullopt on a fresh database; Malformed if the stored text does not parse or lacks its secret.
    Result<std::optional<Identity>> load();
    /// Stores the identity (must have its secret). Conflict if an identity is already stored:
    /// replacing it would orphan every network ID, so that is never done implicitly.
    Status save(const Identity &identity, qint64 nowMs);
    /// The stored identity, or a freshly generated one saved first (a fresh database). *created
    /// (if given) tells which.
    Result<Identity> loadOrCreate(qint64 nowMs, bool *created = nullptr);

private:
    Database &m_database;
};

} // namespace tier
