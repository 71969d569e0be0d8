// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/databasecopy.h"

#include "core/store/database.h"

#include <QSqlField>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QVariant>

#include <algorithm>

namespace tier {

namespace {

// Text that is equal for equal values whichever back end returned them: SQLite hands out
// qlonglong where PostgreSQL hands out int for an INTEGER column, and both may return a NULL as a
// null QVariant of any type.
QString canonical(const QVariant &value)
{
    if (value.isNull())
        return QStringLiteral("NULL");
    switch (value.metaType().id()) {
    case QMetaType::QByteArray:
        return QStringLiteral("x'") + QString::fromLatin1(value.toByteArray().toHex()) + u'\'';
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong:
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::Bool:
        return QStringLiteral("i:") + QString::number(value.toLongLong());
    default:
        return QStringLiteral("'") + value.toString() + u'\'';
    }
}

// Columns as the target knows them (same schema version, so the same set); quoted because the
// names are plain identifiers in both back ends anyway.
Result<QStringList> columnsOf(Database &database, const QString &table)
{
    auto query = database.exec(QStringLiteral("SELECT * FROM %1 WHERE 1 = 0").arg(table), {},
                               QStringLiteral("reading the columns of %1").arg(table));
    if (!query)
        return query.error();
    const QSqlRecord record = query->record();
    QStringList columns;
    for (int i = 0; i < record.count(); ++i)
        columns.append(record.fieldName(i));
    if (columns.isEmpty())
        return makeError(ErrorCode::Database, QStringLiteral("table %1 has no columns").arg(table));
    return columns;
}

} // namespace

int DatabaseCopy::Report::totalRows() const
{
    int total = 0;
    for (int rows : rowsPerTable)
        total += rows;
    return total;
}

QStringList DatabaseCopy::dataTables()
{
    return {QStringLiteral("settings"),        QStringLiteral("controller_identity"),
            QStringLiteral("peer_identities"), QStringLiteral("networks"),
            QStringLiteral("ip_pools"),        QStringLiteral("routes"),
            QStringLiteral("members"),         QStringLiteral("member_ips"),
            QStringLiteral("member_status"),   QStringLiteral("own_worlds"),
            QStringLiteral("member_events"),   QStringLiteral("network_activity")};
}

Result<QList<QPair<QString, qint64>>> DatabaseCopy::countRows(Database &database)
{
    QList<QPair<QString, qint64>> counts;
    for (const QString &table : dataTables()) {
        auto rows = database.exec(QStringLiteral("SELECT COUNT(*) FROM %1").arg(table), {}, QStringLiteral("counting rows"));
        if (!rows)
            return rows.error();
        counts.append({table, rows->next() ? rows->value(0).toLongLong() : 0});
    }
    return counts;
}

Result<DatabaseCopy::Report> DatabaseCopy::copy(const DatabaseUri &source, const DatabaseUri &target)
{
    if (source.sameDatabase(target))
        return makeError(ErrorCode::Conflict,
                         QStringLiteral("the source and the target are the same database (%1)").arg(source.toString()));
    Database from(QStringLiteral("copy-source"));
    if (Status opened = from.open(source, Database::Access::ReadOnly); !opened)
        return opened.error();
    Database to(QStringLiteral("copy-target"));
    if (Status opened = to.open(target); !opened)
        return opened.error();
    return copy(from, to);
}

Result<DatabaseCopy::Report> DatabaseCopy::copy(Database &source, Database &target)
{
    if (source.schemaVersion() != target.schemaVersion())
        return makeError(ErrorCode::Unsupported,
                         QStringLiteral("the source has schema version %1 but the target %2; upgrade the source "
                                        "first (open it once with this version of Tiermaster)")
                             .arg(source.schemaVersion())
                             .arg(target.schemaVersion()));
    const QStringList tables = dataTables();
    for (const QString &table : tables) {
        auto used = target.exec(QStringLiteral("SELECT COUNT(*) FROM %1").arg(table), {},
                                QStringLiteral("checking that the target is empty"));
        if (!used)
            return used.error();
        if (used->next() && used->value(0).toLongLong() != 0)
            return makeError(ErrorCode::Conflict,
                             QStringLiteral("the target %1 already holds data (table %2); copy only into an empty "
                                            "database. Nothing was changed.")
                                 .arg(target.uri().toString(), table));
    }

    Report report;
    const Status copied = target.transaction([&]() -> Status {
        for (const QString &table : tables) {
            auto columns = columnsOf(target, table);
            if (!columns)
                return columns.error();
            const QString list = columns->join(QStringLiteral(", "));
            QStringList marks;
            marks.fill(QStringLiteral("?"), columns->size());
            auto insert = target.prepare(
                QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)").arg(table, list, marks.join(QStringLiteral(", "))),
                QStringLiteral("preparing the copy of %1").arg(table));
            if (!insert)
                return insert.error();
            auto rows = source.exec(QStringLiteral("SELECT %1 FROM %2").arg(list, table), {},
                                    QStringLiteral("reading %1").arg(table));
            if (!rows)
                return rows.error();
            int count = 0;
            QVariantList values;
            values.reserve(columns->size());
            while (rows->next()) {
                values.clear();
                for (int i = 0; i < columns->size(); ++i)
                    values.append(rows->value(i));
                if (Status done =
                        target.execPrepared(*insert, values, QStringLiteral("copying a row of %1").arg(table));
                    !done)
                    return done;
                ++count;
            }
            report.rowsPerTable.insert(table, count);
        }
        // Checked inside the transaction: a difference rolls everything back.
        for (const QString &table : tables) {
            auto expected = canonicalRows(source, table);
            if (!expected)
                return expected.error();
            auto actual = canonicalRows(target, table);
            if (!actual)
                return actual.error();
            if (*expected != *actual)
                return makeError(ErrorCode::Database,
                                 QStringLiteral("the copy of table %1 differs from the source (%2 rows, %3 copied); "
                                                "nothing was changed")
                                     .arg(table)
                                     .arg(expected->size())
                                     .arg(actual->size()));
        }
        return Ok{};
    });
    if (!copied)
        return copied.error();
    return report;
}

Result<QList<QStringList>> DatabaseCopy::canonicalRows(Database &database, const QString &table)
{
    auto columns = columnsOf(database, table);
    if (!columns)
        return columns.error();
    auto query = database.exec(QStringLiteral("SELECT %1 FROM %2").arg(columns->join(QStringLiteral(", ")), table), {},
                               QStringLiteral("reading %1").arg(table));
    if (!query)
        return query.error();
    QList<QStringList> rows;
    while (query->next()) {
        QStringList row;
        row.reserve(columns->size());
        for (int i = 0; i < columns->size(); ++i)
            row.append(columns->at(i) + u'=' + canonical(query->value(i)));
        rows.append(row);
    }
    std::sort(rows.begin(), rows.end());
    return rows;
}

} // namespace tier
