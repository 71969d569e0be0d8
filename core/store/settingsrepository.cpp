// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/settingsrepository.h"

#include "core/store/database.h"

#include <QSqlQuery>
#include <QVariant>

namespace tier {

SettingsRepository::SettingsRepository(Database &database) : m_database(database) {}

Result<std::optional<QString>> SettingsRepository::value(const QString &name)
{
    auto query = m_database.exec(QStringLiteral("SELECT value FROM settings WHERE name = ?"), {name},
                                 QStringLiteral("reading setting %1").arg(name));
    if (!query)
        return query.error();
    if (!query->next())
        return std::optional<QString>();
    return std::optional<QString>(query->value(0).toString());
}

Status SettingsRepository::setValue(const QString &name, const QString &value)
{
    return m_database.transaction([&]() -> Status {
        auto query = m_database.exec(QStringLiteral("INSERT INTO settings (name, value) VALUES (?, ?)"
                                                    " ON CONFLICT (name) DO UPDATE SET value = excluded.value"),
                                     {name, value.isNull() ? QStringLiteral("") : value},
                                     QStringLiteral("storing setting %1").arg(name));
        if (!query)
            return query.error();
        return Ok{};
    });
}

Status SettingsRepository::remove(const QString &name)
{
    return m_database.transaction([&]() -> Status {
        auto query = m_database.exec(QStringLiteral("DELETE FROM settings WHERE name = ?"), {name},
                                     QStringLiteral("removing setting %1").arg(name));
        if (!query)
            return query.error();
        return Ok{};
    });
}

} // namespace tier
