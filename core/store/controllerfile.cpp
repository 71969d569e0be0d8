// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/controllerfile.h"

#include "core/store/sqlitesnapshot.h"

#include <QVariant>

namespace tier {

Result<ControllerFileSummary> ControllerFile::summarize(const QString &path)
{
    SqliteSnapshot snapshot(path, SqliteSnapshot::Mode::Quiet);
    if (Status opened = snapshot.open(); !opened)
        return opened.error();
    auto count = snapshot.rows(QStringLiteral("SELECT COUNT(*) FROM networks"), {}, QStringLiteral("counting networks"));
    if (!count)
        return count.error();
    ControllerFileSummary summary;
    summary.networkCount = count->isEmpty() ? 0 : count->constFirst().value(0).toLongLong();
    // The secret's text starts with the address; no identity yet is not an error.
    if (auto identity = snapshot.rows(QStringLiteral("SELECT identity_secret FROM controller_identity"));
        identity && !identity->isEmpty())
        summary.controllerAddress = identity->constFirst().value(0).toString().left(10);
    return summary;
}

bool ControllerFile::holdsTiermasterSchema(const QString &path)
{
    SqliteSnapshot snapshot(path, SqliteSnapshot::Mode::Quiet);
    if (!snapshot.open())
        return false;
    auto found = snapshot.rows(
        QStringLiteral("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"));
    return found && !found->isEmpty();
}

} // namespace tier
