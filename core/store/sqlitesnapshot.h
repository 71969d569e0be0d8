// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/result.h"

#include <QList>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariantList>

namespace tier {

/// A short-lived SQLite connection of its own, for looking at a database file from outside the
/// engine: checking what a file holds, copying it (VACUUM INTO), reading a foreign file (the 2015
/// controller). Unlike Database it never migrates and never switches journal modes. The connection
/// is uniquely named and removed again when the object goes; use it on one thread.
class SqliteSnapshot final
{
    Q_DISABLE_COPY_MOVE(SqliteSnapshot)

public:
    enum class Mode {
        /// Read-only and `immutable=1`: no locks, no -wal/-shm files created beside it, nothing
        /// written. Only for a file that no connection has open in WAL mode (no -wal file).
        Immutable,
        /// Read-only, waiting up to Database::BusyTimeoutMs for locks.
        ReadOnly,
        /// Immutable when no -wal file is beside it, else ReadOnly: reads any file, leaves nothing
        /// behind that was not already there.
        Quiet,
        /// Read-write, waiting for locks: a file a live writer may hold in WAL mode (a read-only
        /// connection cannot always open one). For reading, VACUUM INTO and checkpoints only.
        Live,
    };

    /// path may be ":memory:" (Mode::Live) for a scratch database.
    SqliteSnapshot(const QString &path, Mode mode);
    ~SqliteSnapshot();

    /// Error (ErrorCode::Database) naming the file and the driver's reason.
    Status open();
    /// Runs sql (positional `?` values) and returns every row's columns: small results only.
    Result<QList<QVariantList>> rows(const QString &sql, const QVariantList &values = {},
                                     const QString &context = QString());
    /// Runs sql and returns the forward-only query positioned before the first row (large reads).
    Result<QSqlQuery> query(const QString &sql, const QVariantList &values = {}, const QString &context = QString());
    /// A consistent copy of the whole database into a new file at target.
    Status vacuumInto(const QString &target);

    /// The open connection, for schema questions (tables(), record()) on this thread only.
    QSqlDatabase connection() const { return m_db; }
    const QString &path() const { return m_path; }

private:
    QString m_path;
    QString m_name;
    QSqlDatabase m_db;
};

} // namespace tier
