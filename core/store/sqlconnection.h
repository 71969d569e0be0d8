// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/result.h"
#include "core/store/databaseuri.h"

#include <QSqlDatabase>
#include <QString>

namespace tier {

/// Adds a QPSQL connection named connectionName with the server, user, password and database of uri (not opened;
/// the caller sets its own connect options). Fails with a clear message when the Qt PostgreSQL driver is missing.
Result<QSqlDatabase> addPostgresConnection(const DatabaseUri &uri, const QString &connectionName);

/// Points db at the SQLite file path read-only and `immutable=1`, so that opening it leaves no -wal/-shm files
/// beside it. Only safe for a file that no connection has open in WAL mode (no -wal file).
void setImmutableSqliteFile(QSqlDatabase &db, const QString &path);

} // namespace tier
