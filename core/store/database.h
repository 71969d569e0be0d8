// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/result.h"
#include "core/store/databaseuri.h"
#include "core/store/schema.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariantList>

#include <optional>

class QThread;

namespace tier {

/// Owner of one Qt SQL connection, used by exactly one thread (the thread that opened it).
/// Every owner gets its own uniquely named connection, removed again by close(), so threads never
/// share a connection and nothing is left in QSqlDatabase::connectionNames() afterwards.
///
/// open() in ReadWrite mode brings the schema to latestSchemaVersion(), each migration in its own
/// transaction. It refuses, without changing the file: a file that is not an SQLite database, an
/// SQLite database that is not a Tiermaster database, and a schema newer than this build knows.
/// A PostgreSQL database (QPSQL) gets the same schema in the connection's current schema; the same
/// refusals apply to it (tables of another program, a newer schema), and concurrent openers
/// migrate one after the other (advisory lock).
class Database final
{
    Q_DISABLE_COPY_MOVE(Database)

public:
    enum class Access { ReadWrite, ReadOnly };

    static constexpr int BusyTimeoutMs = 5000;

    /// purpose only makes the connection name readable ("engine", "reader", …).
    explicit Database(const QString &purpose = QStringLiteral("db"));
    ~Database(); ///< close()

    /// Replaces the migration list (tests exercise upgrades with their own steps).
    void setMigrations(QList<Migration> migrations);
    /// Before open() migrates an older SQLite database, keep a copy of it as it was in this folder (created
    /// 0700 if missing): `controller-schemaN-YYYYMMDD-HHMMSS.db`, 0600, never pruned automatically. A
    /// failed copy refuses the upgrade (the file stays untouched). Empty (the default) = no copy.
    /// PostgreSQL is not copied: take a `pg_dump` before upgrading (docs/packaging.md).
    void setUpgradeBackupFolder(const QString &folder) { m_upgradeBackupFolder = folder; }
    /// The copy the last open() made before migrating; empty if none was needed.
    QString upgradeBackupPath() const { return m_upgradeBackupPath; }

    Status open(const DatabaseUri &uri, Access access = Access::ReadWrite);
    void close();

    bool isOpen() const { return m_open; }
    QString connectionName() const { return m_connectionName; }
    SqlDialect dialect() const { return m_uri.dialect; }
    const DatabaseUri &uri() const { return m_uri; }
    int schemaVersion() const { return m_schemaVersion; }
    int latestKnownVersion() const;

    /// The connection, for this owner's thread only.
    QSqlDatabase connection() const { return m_db; }
    /// Error if called from another thread than the one that opened this owner, or if closed.
    Status checkUsable() const;

    /// Prepares, binds (positional `?`) and executes; the returned query is positioned before the
    /// first row. Errors carry the driver's text and `context`.
    Result<QSqlQuery> exec(const QString &sql, const QVariantList &values = {}, const QString &context = QString());

    /// A statement prepared once for many executions (bulk copies): bind with bindValue(i, …) and
    /// run it with execPrepared(). exec() is simpler for everything else.
    Result<QSqlQuery> prepare(const QString &sql, const QString &context = QString());
    Status execPrepared(QSqlQuery &query, const QVariantList &values, const QString &context = QString());

    /// PostgreSQL: every committed write transaction also sends NOTIFY on ChangeChannel (payload:
    /// changeTag), so other instances sharing the database learn of it. Off by default.
    void setNotifyChanges(bool on, const QString &changeTag = QString());
    static QString changeChannel() { return QStringLiteral("tiermaster_changes"); }
    /// PostgreSQL server process serving this connection (0 for SQLite or when closed).
    qint64 backendPid() const { return m_backendPid; }

    /// Runs work() inside a write transaction: committed if it returns success, rolled back
    /// otherwise (or if the commit fails). Nested calls join the outer transaction.
    template<typename Work>
    auto transaction(Work &&work) -> decltype(work())
    {
        using R = decltype(work());
        if (m_transactionDepth > 0) {
            ++m_transactionDepth;
            R result = work();
            --m_transactionDepth;
            return result;
        }
        if (Status begun = begin(); !begun)
            return R(begun.error());
        m_transactionDepth = 1;
        R result = work();
        m_transactionDepth = 0;
        if (!result) {
            rollback();
            return result;
        }
        if (Status committed = commit(); !committed) {
            rollback();
            return R(committed.error());
        }
        return result;
    }

private:
    /// PostgreSQL: sql with each positional ? replaced by the driver-quoted value.
    Result<QString> inlineValues(const QString &sql, const QVariantList &values) const;
    Status begin();
    Status commit();
    void rollback();

    Status openSqlite(Access access);
    Status openPostgres(Access access);
    Status checkVersionAndMigrate(Access access, const QString &where);
    Result<int> readSchemaVersion();
    Status migrate();
    Status keepUpgradeBackup();
    Status fail(const Error &error); ///< closes and returns the error

    QList<Migration> m_migrations;
    QString m_upgradeBackupFolder;
    QString m_upgradeBackupPath;
    QString m_connectionName;
    QSqlDatabase m_db;
    DatabaseUri m_uri;
    QThread *m_ownerThread = nullptr;
    int m_schemaVersion = 0;
    int m_transactionDepth = 0;
    qint64 m_backendPid = 0;
    QString m_changeTag;
    std::optional<QSqlQuery> m_notifyQuery; ///< prepared once: it runs with every commit
    bool m_notifyChanges = false;
    bool m_open = false;
};

} // namespace tier
