// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/sqlconnection.h"

#include <QFileInfo>
#include <QUrl>

namespace tier {

Result<QSqlDatabase> addPostgresConnection(const DatabaseUri &uri, const QString &connectionName)
{
    if (!QSqlDatabase::isDriverAvailable(sqlDriverName(SqlDialect::Postgres)))
        return makeError(ErrorCode::Database, QStringLiteral("the Qt PostgreSQL driver (QPSQL) is not installed; "
                                                             "on Debian install libqt6sql6-psql"));
    QSqlDatabase db = QSqlDatabase::addDatabase(sqlDriverName(SqlDialect::Postgres), connectionName);
    db.setHostName(uri.host);
    if (uri.port != -1)
        db.setPort(uri.port);
    db.setUserName(uri.user);
    db.setPassword(uri.password);
    db.setDatabaseName(uri.databaseName);
    return db;
}

void setImmutableSqliteFile(QSqlDatabase &db, const QString &path)
{
    QUrl uri = QUrl::fromLocalFile(QFileInfo(path).absoluteFilePath());
    uri.setQuery(QStringLiteral("immutable=1"));
    db.setDatabaseName(uri.toString(QUrl::FullyEncoded));
    db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_OPEN_URI"));
}

} // namespace tier
