// SPDX-License-Identifier: GPL-3.0-or-later
#include "pgscratch.h"

#include "core/store/sqlconnection.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <atomic>

namespace tier::bench {

PgScratch::~PgScratch()
{
    if (m_created)
        (void)admin(QStringLiteral("DROP DATABASE IF EXISTS \"%1\" WITH (FORCE)").arg(m_uri.databaseName));
}

Status PgScratch::create()
{
    if (m_server.dialect != SqlDialect::Postgres)
        return Error{ErrorCode::Malformed, QStringLiteral("not a postgresql:// URI: %1").arg(m_server.toString())};
    static std::atomic<int> counter{0};
    const QString name = QStringLiteral("tm_bench_%1_%2").arg(QCoreApplication::applicationPid()).arg(++counter);
    if (const QString error = admin(QStringLiteral("CREATE DATABASE \"%1\"").arg(name)); !error.isEmpty())
        return Error{ErrorCode::Io,
                     QStringLiteral("cannot create the database %1 on %2: %3").arg(name, m_server.toString(), error)};
    m_uri = m_server;
    m_uri.databaseName = name;
    m_created = true;
    return Ok{};
}

QString PgScratch::admin(const QString &sql) const
{
    static std::atomic<int> counter{0};
    const QString connection = QStringLiteral("tm-bench-admin-%1").arg(++counter);
    QString error;
    {
        Result<QSqlDatabase> added = addPostgresConnection(m_server, connection);
        QSqlDatabase db = added ? *added : QSqlDatabase();
        if (!added) {
            error = added.error().message;
        } else if (!db.open()) {
            error = db.lastError().text();
        } else {
            QSqlQuery query(db);
            if (!query.exec(sql))
                error = query.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return error;
}

} // namespace tier::bench
