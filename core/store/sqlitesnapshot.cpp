// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/sqlitesnapshot.h"

#include "core/store/database.h"
#include "core/store/sqlconnection.h"

#include <QAtomicInteger>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlRecord>

namespace tier {

namespace {

QAtomicInteger<quint32> s_counter;

QString driverText(const QSqlError &error)
{
    QString text = error.databaseText().trimmed();
    return text.isEmpty() ? error.text().trimmed() : text;
}

} // namespace

SqliteSnapshot::SqliteSnapshot(const QString &path, Mode mode)
    : m_path(path), m_name(QStringLiteral("tiermaster-snapshot-%1").arg(s_counter.fetchAndAddRelaxed(1) + 1))
{
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
    if (mode == Mode::Quiet)
        mode = QFileInfo::exists(path + QStringLiteral("-wal")) ? Mode::ReadOnly : Mode::Immutable;
    const QString busy = QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(Database::BusyTimeoutMs);
    switch (mode) {
    case Mode::Immutable:
        setImmutableSqliteFile(m_db, path);
        break;
    case Mode::ReadOnly:
        m_db.setDatabaseName(path);
        m_db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;") + busy);
        break;
    case Mode::Quiet: // resolved above
    case Mode::Live:
        m_db.setDatabaseName(path);
        m_db.setConnectOptions(busy);
        break;
    }
}

SqliteSnapshot::~SqliteSnapshot()
{
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_name);
}

Status SqliteSnapshot::open()
{
    if (!m_db.open())
        return makeError(ErrorCode::Database, QStringLiteral("cannot open %1: %2").arg(m_path, driverText(m_db.lastError())));
    return Ok{};
}

Result<QSqlQuery> SqliteSnapshot::query(const QString &sql, const QVariantList &values, const QString &context)
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    const auto failure = [&] {
        const QString where = context.isEmpty() ? m_path : context;
        return makeError(ErrorCode::Database, where + QStringLiteral(": ") + driverText(q.lastError()));
    };
    if (!q.prepare(sql))
        return failure();
    for (const QVariant &v : values)
        q.addBindValue(v);
    if (!q.exec())
        return failure();
    return q;
}

Result<QList<QVariantList>> SqliteSnapshot::rows(const QString &sql, const QVariantList &values,
                                                 const QString &context)
{
    Result<QSqlQuery> q = query(sql, values, context);
    if (!q)
        return q.error();
    QList<QVariantList> result;
    const int columns = q->record().count();
    while (q->next()) {
        QVariantList row;
        row.reserve(columns);
        for (int i = 0; i < columns; ++i)
            row.append(q->value(i));
        result.append(row);
    }
    return result;
}

Status SqliteSnapshot::vacuumInto(const QString &target)
{
    Result<QList<QVariantList>> done = rows(QStringLiteral("VACUUM INTO ?"), {target},
                                            QStringLiteral("cannot copy %1").arg(m_path));
    if (!done)
        return done.error();
    return Ok{};
}

} // namespace tier
