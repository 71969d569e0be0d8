// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/result.h"
#include "core/store/sqldialect.h"

#include <QString>

namespace tier {

/// Where the controller database lives, parsed from `--database` (INTERFACE.md).
struct DatabaseUri
{
    SqlDialect dialect = SqlDialect::Sqlite;
    QString path; ///< SQLite: absolute file path

    /// `sqlite:PATH` (PATH relative to the current directory if not absolute); empty text means
    /// the default `sqlite:<dataDir>/controller.db`. PostgreSQL URIs are recognised and refused
    /// (not supported yet), anything else is Malformed.
    static Result<DatabaseUri> parse(QStringView text, const QString &dataDir);
    static DatabaseUri sqliteFile(const QString &path);
    /// Default file name inside the data directory.
    static QString defaultFileName() { return QStringLiteral("controller.db"); }

    QString toString() const;
};

} // namespace tier
