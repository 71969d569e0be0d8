// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/result.h"
#include "core/store/databaseuri.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace tier {

class Database;

/// Moves a controller between back ends (SQLite file ⇄ PostgreSQL, or file to file): every row of
/// every table, unchanged, then checked row by row against the source. The target must be empty
/// (a new file, an empty database or one holding a Tiermaster schema without a controller); the
/// source is only read and must be at this build's schema version. On any error the target is left
/// as it was (one transaction).
class DatabaseCopy final
{
public:
    struct Report
    {
        QMap<QString, int> rowsPerTable; ///< table → rows copied
        int totalRows() const;
    };

    /// The tables holding controller data, parents before children (schema_migrations excluded:
    /// each database records its own upgrades).
    static QStringList dataTables();
    /// Rows in each of dataTables(), in that order (a dry run's report).
    static Result<QList<QPair<QString, qint64>>> countRows(Database &database);

    static Result<Report> copy(const DatabaseUri &source, const DatabaseUri &target);
    /// Same, on databases already open (source may be ReadOnly, target must be ReadWrite).
    static Result<Report> copy(Database &source, Database &target);

    /// Every row of table in a back-end-neutral text form (NULL, integers, text, bytes as hex),
    /// sorted, so two databases can be compared row by row.
    static Result<QList<QStringList>> canonicalRows(Database &database, const QString &table);
};

} // namespace tier
