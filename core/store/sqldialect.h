// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace tier {

/// The SQL back ends the store is written for. Schema and queries use only what both accept;
/// the few differences (type names, the table catalogue, how a write transaction starts) are
/// answered here instead of being spread over the queries.
enum class SqlDialect { Sqlite, Postgres };

/// Qt SQL driver name for a dialect (QSQLITE / QPSQL).
QString sqlDriverName(SqlDialect dialect);
/// Replaces the type placeholders used in schema text: {BLOB} → BLOB / BYTEA.
QString sqlForDialect(QString sql, SqlDialect dialect);
/// Statement that opens a write transaction. SQLite takes the write lock at once (BEGIN IMMEDIATE)
/// so the busy timeout applies, instead of failing later when a deferred read lock is upgraded.
QString sqlBeginWrite(SqlDialect dialect);
/// Query returning one row per user table, column 0 = table name.
QString sqlListTables(SqlDialect dialect);

} // namespace tier
