// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/sqldialect.h"

namespace tier {

QString sqlDriverName(SqlDialect dialect)
{
    return dialect == SqlDialect::Postgres ? QStringLiteral("QPSQL") : QStringLiteral("QSQLITE");
}

QString sqlForDialect(QString sql, SqlDialect dialect)
{
    sql.replace(QLatin1String("{BLOB}"),
                dialect == SqlDialect::Postgres ? QLatin1String("BYTEA") : QLatin1String("BLOB"));
    return sql;
}

QString sqlBeginWrite(SqlDialect dialect)
{
    return dialect == SqlDialect::Postgres ? QStringLiteral("BEGIN") : QStringLiteral("BEGIN IMMEDIATE");
}

QString sqlListTables(SqlDialect dialect)
{
    if (dialect == SqlDialect::Postgres)
        return QStringLiteral("SELECT table_name FROM information_schema.tables "
                              "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'");
    return QStringLiteral(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'");
}

} // namespace tier
