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

    // PostgreSQL (libpq meanings): host is a name, an address or an absolute Unix-socket folder;
    // empty values leave the choice to libpq's defaults.
    QString host;
    int port = -1; ///< -1 = libpq default (5432)
    QString user;
    QString password;
    QString databaseName;

    /// `sqlite:PATH` (PATH relative to the current directory if not absolute); empty text means
    /// the default `sqlite:<dataDir>/controller.db`;
    /// `postgresql://user[:pw]@host[:port]/db[?host=/socket/dir&port=N]` (also `postgres://`),
    /// user, password and database percent-decoded, query `host`/`port` overriding the authority.
    /// Anything else is Malformed.
    static Result<DatabaseUri> parse(QStringView text, const QString &dataDir);
    static DatabaseUri sqliteFile(const QString &path);
    /// Default file name inside the data directory.
    static QString defaultFileName() { return QStringLiteral("controller.db"); }

    /// For logs and messages: never contains the password.
    QString toString() const;
    /// Same database, same server (password not compared).
    bool sameDatabase(const DatabaseUri &other) const;
};

} // namespace tier
