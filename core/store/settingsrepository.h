// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/result.h"

#include <QString>

#include <optional>

namespace tier {

class Database;

/// Controller-wide settings (key → text value) stored in the database, so they travel with it.
class SettingsRepository final
{
public:
    explicit SettingsRepository(Database &database);

    Result<std::optional<QString>> value(const QString &name);
    /// Inserts or replaces (standard INSERT … ON CONFLICT DO UPDATE, portable to PostgreSQL).
    Status setValue(const QString &name, const QString &value);
    /// Ok also if it was not set.
    Status remove(const QString &name);

private:
    Database &m_database;
};

} // namespace tier
