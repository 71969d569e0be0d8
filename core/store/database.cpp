// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/database.h"

#include "core/store/backup.h"
#include "core/store/sqlconnection.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlField>
#include <QThread>

#include <atomic>

namespace tier {

namespace {

std::atomic<quint64> s_connectionCounter{0};

// Arbitrary constant naming "Tiermaster schema migration" among advisory locks ("TMmigrat").
constexpr qint64 kMigrationLockKey = 0x544d6d6967726174LL;

Error sqlError(const QSqlError &error, const QString &context)
{
    // The database's own words ("file is not a database") say more than Qt's driver prefix.
    QString text = error.databaseText().trimmed();
    if (text.isEmpty())
        text = error.text().trimmed();
    if (text.isEmpty())
        text = QStringLiteral("unknown database error");
    return makeError(ErrorCode::Database, context.isEmpty() ? text : context + QStringLiteral(": ") + text);
}

} // namespace

Database::Database(const QString &purpose)
    : m_migrations(schemaMigrations()),
      m_connectionName(QStringLiteral("tiermaster-%1-%2").arg(purpose).arg(++s_connectionCounter))
{}

Database::~Database()
{
    close();
}

void Database::setMigrations(QList<Migration> migrations)
{
    m_migrations = std::move(migrations);
}

int Database::latestKnownVersion() const
{
    return m_migrations.isEmpty() ? 0 : m_migrations.constLast().version;
}

Status Database::open(const DatabaseUri &uri, Access access)
{
    if (m_open)
        return makeError(ErrorCode::Conflict,
                         QStringLiteral("database connection %1 is already open").arg(m_connectionName));
    m_uri = uri;
    m_ownerThread = QThread::currentThread();
    if (uri.dialect == SqlDialect::Postgres)
        return openPostgres(access);
    return openSqlite(access);
}

Status Database::openPostgres(Access access)
{
    const QString where = m_uri.toString();
    Result<QSqlDatabase> added = addPostgresConnection(m_uri, m_connectionName);
    if (!added)
        return added.error();
    m_db = *added;
    // A server that does not answer must not hang the engine thread forever.
    m_db.setConnectOptions(
        QStringLiteral("connect_timeout=%1;application_name=tiermaster").arg(qMax(1, BusyTimeoutMs / 1000 * 2)));
    if (!m_db.open()) {
        const Error error = sqlError(m_db.lastError(), QStringLiteral("cannot connect to PostgreSQL at %1").arg(where));
        close();
        return error;
    }
    m_open = true;

    {
        // Notices ("relation exists, skipping"…) are noise in our logs.
        auto quiet = exec(QStringLiteral("SET client_min_messages = warning"));
        if (!quiet)
            return fail(quiet.error());
        auto pid = exec(QStringLiteral("SELECT pg_backend_pid()"));
        if (!pid)
            return fail(pid.error());
        if (pid->next())
            m_backendPid = pid->value(0).toLongLong();
    }
    if (access == Access::ReadOnly) {
        if (auto ro = exec(QStringLiteral("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")); !ro)
            return fail(ro.error());
    } else {
        // Two instances starting at once against an empty database: one migrates, the other then
        // finds the schema current. Session lock, released right after (or by the server if we die).
        if (auto locked = exec(QStringLiteral("SELECT pg_advisory_lock(?)"), {kMigrationLockKey}); !locked)
            return fail(locked.error());
    }
    const Status checked = checkVersionAndMigrate(access, where);
    if (access == Access::ReadWrite) {
        auto unlocked = exec(QStringLiteral("SELECT pg_advisory_unlock(?)"), {kMigrationLockKey});
        Q_UNUSED(unlocked);
    }
    if (!checked)
        return fail(checked.error());
    return Ok{};
}

Status Database::checkVersionAndMigrate(Access access, const QString &where)
{
    const Result<int> version = readSchemaVersion();
    if (!version)
        return version.error();
    m_schemaVersion = *version;
    if (m_schemaVersion > latestKnownVersion())
        return makeError(
            ErrorCode::Unsupported,
            QStringLiteral("%1 has database schema version %2, but this version of Tiermaster only knows versions up "
                           "to %3: it was written by a newer Tiermaster. Use that version (or a newer one); the "
                           "database was not changed.")
                .arg(where)
                .arg(m_schemaVersion)
                .arg(latestKnownVersion()));
    if (access == Access::ReadOnly) {
        if (m_schemaVersion < latestKnownVersion())
            return makeError(ErrorCode::Unsupported,
                             QStringLiteral("%1 has schema version %2 and must first be upgraded to %3 by the engine")
                                 .arg(where)
                                 .arg(m_schemaVersion)
                                 .arg(latestKnownVersion()));
        return Ok{};
    }
    return migrate();
}

Status Database::fail(const Error &error)
{
    close();
    return error;
}

void Database::setNotifyChanges(bool on, const QString &changeTag)
{
    m_notifyChanges = on;
    m_changeTag = changeTag;
}

Status Database::openSqlite(Access access)
{
    const QString path = m_uri.path;
    const QFileInfo info(path);
    bool created = false;
    if (info.exists()) {
        if (!info.isFile())
            return makeError(ErrorCode::Io, QStringLiteral("%1 is not a regular file").arg(path));
    } else {
        if (access == Access::ReadOnly)
            return makeError(ErrorCode::NotFound, QStringLiteral("database %1 does not exist").arg(path));
        if (!info.dir().exists())
            return makeError(ErrorCode::Io, QStringLiteral("folder %1 does not exist").arg(info.dir().path()));
        // Created here rather than by SQLite so that it is private from its first byte: it will
        // hold the controller's secret key. SQLite gives the -wal/-shm files the same mode.
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly))
            return makeError(ErrorCode::Io, QStringLiteral("cannot create %1: %2").arg(path, file.errorString()));
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        file.close();
        created = true;
    }
    auto failAndCleanUp = [&](const Error &error) -> Status {
        close();
        if (created) {
            QFile::remove(path);
            QFile::remove(path + QStringLiteral("-wal"));
            QFile::remove(path + QStringLiteral("-shm"));
        }
        return error;
    };

    if (!QSqlDatabase::isDriverAvailable(sqlDriverName(SqlDialect::Sqlite)))
        return failAndCleanUp(
            makeError(ErrorCode::Database, QStringLiteral("the Qt SQLite driver (QSQLITE) is not installed; "
                                                          "on Debian install libqt6sql6-sqlite")));
    m_db = QSqlDatabase::addDatabase(sqlDriverName(SqlDialect::Sqlite), m_connectionName);
    m_db.setDatabaseName(path);
    QString options = QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(BusyTimeoutMs);
    if (access == Access::ReadOnly)
        options += QStringLiteral(";QSQLITE_OPEN_READONLY");
    m_db.setConnectOptions(options);
    if (!m_db.open())
        return failAndCleanUp(sqlError(m_db.lastError(), QStringLiteral("cannot open %1").arg(path)));
    m_open = true;

    // Everything up to the version check only reads, so a refused file is left exactly as it was.
    if (auto fk = exec(QStringLiteral("PRAGMA foreign_keys = ON")); !fk)
        return failAndCleanUp(fk.error());
    {
        auto probe = exec(QStringLiteral("SELECT count(*) FROM sqlite_master"));
        if (!probe || !probe->next())
            return failAndCleanUp(
                makeError(ErrorCode::Malformed,
                          QStringLiteral("%1 is not a database (or it is damaged or encrypted); it was not changed%2")
                              .arg(path, probe ? QString() : QStringLiteral(" (") + probe.error().message + u')')));
    }
    const Result<int> version = readSchemaVersion();
    if (!version)
        return failAndCleanUp(version.error());
    m_schemaVersion = *version;
    if (m_schemaVersion > latestKnownVersion())
        return failAndCleanUp(makeError(
            ErrorCode::Unsupported,
            QStringLiteral("%1 has database schema version %2, but this version of Tiermaster only knows versions up "
                           "to %3: it was written by a newer Tiermaster. Use that version (or a newer one); the "
                           "file was not changed.")
                .arg(path)
                .arg(m_schemaVersion)
                .arg(latestKnownVersion())));

    if (access == Access::ReadOnly) {
        if (m_schemaVersion < latestKnownVersion())
            return failAndCleanUp(makeError(ErrorCode::Unsupported,
                                            QStringLiteral("%1 has schema version %2 and must first be upgraded to %3 "
                                                           "by the engine")
                                                .arg(path)
                                                .arg(m_schemaVersion)
                                                .arg(latestKnownVersion())));
        return Ok{};
    }

    // WAL: readers (item models paging big tables) never block the engine's writes, and a
    // commit is one sequential append.
    {
        auto wal = exec(QStringLiteral("PRAGMA journal_mode = WAL"));
        if (!wal)
            return failAndCleanUp(wal.error());
        if (!wal->next() || wal->value(0).toString().compare(u"wal", Qt::CaseInsensitive) != 0)
            return failAndCleanUp(
                makeError(ErrorCode::Database, QStringLiteral("cannot switch %1 to write-ahead logging").arg(path)));
    }
    // FULL, not NORMAL: with NORMAL a WAL database may lose its last commits on power failure
    // (the log is synced only at checkpoints). The engine acknowledges a change (API reply, UI
    // signal, config pushed to members) only after its commit, so no acknowledged change may be
    // lost: every commit is synced before it returns.
    if (auto sync = exec(QStringLiteral("PRAGMA synchronous = FULL")); !sync)
        return failAndCleanUp(sync.error());

    if (Status kept = keepUpgradeBackup(); !kept)
        return failAndCleanUp(kept.error());
    if (Status migrated = migrate(); !migrated)
        return failAndCleanUp(migrated.error());
    return Ok{};
}

Status Database::keepUpgradeBackup()
{
    m_upgradeBackupPath.clear();
    if (m_upgradeBackupFolder.isEmpty() || m_schemaVersion == 0 || m_schemaVersion >= latestKnownVersion())
        return Ok{};
    if (!QDir().mkpath(m_upgradeBackupFolder))
        return makeError(ErrorCode::Io, QStringLiteral("cannot create %1 for the copy kept before upgrading %2; the "
                                                       "database was not changed")
                                            .arg(m_upgradeBackupFolder, m_uri.path));
    QFile::setPermissions(m_upgradeBackupFolder,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    const QString stamp = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    for (int n = 0; n < 100; ++n) {
        const QString name = QStringLiteral("controller-schema%1-%2%3.db")
                                 .arg(m_schemaVersion)
                                 .arg(stamp, n == 0 ? QString() : QStringLiteral("-%1").arg(n));
        const QString path = QDir(m_upgradeBackupFolder).filePath(name);
        if (QFileInfo::exists(path))
            continue;
        const Result<qint64> written = Backup::exportTo(*this, path);
        if (!written)
            return makeError(written.error().code,
                             QStringLiteral("cannot keep a copy of %1 (schema version %2) before upgrading it to %3, "
                                            "so it was not upgraded: %4")
                                 .arg(m_uri.path)
                                 .arg(m_schemaVersion)
                                 .arg(latestKnownVersion())
                                 .arg(written.error().message));
        m_upgradeBackupPath = path;
        return Ok{};
    }
    return makeError(ErrorCode::Conflict, QStringLiteral("no free name for the copy kept before upgrading %1 in %2")
                                              .arg(m_uri.path, m_upgradeBackupFolder));
}

Result<int> Database::readSchemaVersion()
{
    QStringList tables;
    {
        auto query = exec(sqlListTables(dialect()), {}, QStringLiteral("listing tables"));
        if (!query)
            return query.error();
        while (query->next())
            tables.append(query->value(0).toString());
    }
    if (tables.isEmpty())
        return 0;
    if (!tables.contains(QStringLiteral("schema_migrations"))) {
        tables.sort();
        if (dialect() == SqlDialect::Postgres)
            return makeError(ErrorCode::Malformed,
                             QStringLiteral("the PostgreSQL database %1 already holds tables of another program (%2); "
                                            "give Tiermaster an empty database of its own. Nothing was changed.")
                                 .arg(m_uri.toString(), tables.join(QStringLiteral(", "))));
        return makeError(ErrorCode::Malformed,
                         QStringLiteral("%1 is an SQLite database, but not a Tiermaster controller database (it has "
                                        "tables %2). To bring in a ZeroTier controller, use --import. The file was "
                                        "not changed.")
                             .arg(m_uri.path, tables.join(QStringLiteral(", "))));
    }
    auto query = exec(QStringLiteral("SELECT MAX(version) FROM schema_migrations"), {},
                      QStringLiteral("reading the schema version"));
    if (!query)
        return query.error();
    if (!query->next() || query->value(0).isNull())
        return makeError(ErrorCode::Malformed,
                         QStringLiteral("%1 records no schema version (damaged database); it was not changed")
                             .arg(m_uri.toString()));
    return query->value(0).toInt();
}

Status Database::migrate()
{
    for (const Migration &migration : std::as_const(m_migrations)) {
        if (migration.version <= m_schemaVersion)
            continue;
        const Status applied = transaction([&]() -> Status {
            for (const QString &statement : migration.statements) {
                auto done = exec(sqlForDialect(statement, dialect()));
                if (!done)
                    return done.error();
            }
            auto recorded = exec(
                QStringLiteral("INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)"),
                {migration.version, migration.description, QDateTime::currentMSecsSinceEpoch()});
            if (!recorded)
                return recorded.error();
            return Ok{};
        });
        if (!applied)
            return makeError(ErrorCode::Database,
                             QStringLiteral("upgrading %1 to schema version %2 failed, it stays at version %3: %4")
                                 .arg(m_uri.toString())
                                 .arg(migration.version)
                                 .arg(m_schemaVersion)
                                 .arg(applied.error().message));
        m_schemaVersion = migration.version;
    }
    return Ok{};
}

void Database::close()
{
    m_notifyQuery.reset();
    if (QSqlDatabase::contains(m_connectionName)) {
        if (m_open && m_transactionDepth > 0)
            rollback();
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
    m_open = false;
    m_transactionDepth = 0;
    m_schemaVersion = 0;
    m_backendPid = 0;
}

Status Database::checkUsable() const
{
    if (!m_open)
        return makeError(ErrorCode::Database, QStringLiteral("the database is not open"));
    if (QThread::currentThread() != m_ownerThread)
        return makeError(
            ErrorCode::Database,
            QStringLiteral("database connection %1 used from a thread that does not own it").arg(m_connectionName));
    return Ok{};
}

Result<QSqlQuery> Database::exec(const QString &sql, const QVariantList &values, const QString &context)
{
    if (Status usable = checkUsable(); !usable)
        return usable.error();
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    // PostgreSQL: QPSQL would PREPARE, EXECUTE and DEALLOCATE every statement (three round trips,
    // and PREPARE refuses transaction control and DDL). The values are quoted by the driver's own
    // formatValue() instead, exactly as QPSQL quotes them for EXECUTE, and sent in one round trip.
    if (dialect() == SqlDialect::Postgres) {
        auto inlined = inlineValues(sql, values);
        if (!inlined)
            return inlined.error();
        if (!query.exec(*inlined))
            return sqlError(query.lastError(), context);
        return query;
    }
    if (!query.prepare(sql))
        return sqlError(query.lastError(), context);
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec())
        return sqlError(query.lastError(), context);
    return query;
}

Result<QString> Database::inlineValues(const QString &sql, const QVariantList &values) const
{
    if (values.isEmpty())
        return sql;
    QString out;
    out.reserve(sql.size() + values.size() * 16);
    qsizetype next = 0;
    QChar quote; // inside '…' or "…" while set: a ? there is text, not a placeholder
    for (qsizetype i = 0; i < sql.size(); ++i) {
        const QChar c = sql.at(i);
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
            out.append(c);
            continue;
        }
        if (c == u'\'' || c == u'"') {
            quote = c;
            out.append(c);
            continue;
        }
        if (c != u'?') {
            out.append(c);
            continue;
        }
        if (next >= values.size())
            return makeError(
                ErrorCode::Database,
                QStringLiteral("statement has more placeholders than the %1 value(s) given").arg(values.size()));
        const QVariant &value = values.at(next++);
        QSqlField field(QString(), value.metaType());
        field.setValue(value);
        out.append(m_db.driver()->formatValue(field));
    }
    if (next != values.size())
        return makeError(
            ErrorCode::Database,
            QStringLiteral("statement has %1 placeholder(s) for %2 value(s)").arg(next).arg(values.size()));
    return out;
}

Result<QSqlQuery> Database::prepare(const QString &sql, const QString &context)
{
    if (Status usable = checkUsable(); !usable)
        return usable.error();
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        return sqlError(query.lastError(), context);
    return query;
}

Status Database::execPrepared(QSqlQuery &query, const QVariantList &values, const QString &context)
{
    if (Status usable = checkUsable(); !usable)
        return usable.error();
    for (int i = 0; i < values.size(); ++i)
        query.bindValue(i, values.at(i));
    if (!query.exec())
        return sqlError(query.lastError(), context);
    return Ok{};
}

Status Database::begin()
{
    auto query = exec(sqlBeginWrite(dialect()), {}, QStringLiteral("starting a transaction"));
    if (!query)
        return query.error();
    return Ok{};
}

Status Database::commit()
{
    if (m_notifyChanges && dialect() == SqlDialect::Postgres) {
        // Transactional: delivered to listeners only if, and when, this commit succeeds.
        if (!m_notifyQuery) {
            auto prepared = prepare(QStringLiteral("SELECT pg_notify(?, ?)"), QStringLiteral("announcing the change"));
            if (!prepared)
                return prepared.error();
            m_notifyQuery = std::move(*prepared);
        }
        if (Status notified =
                execPrepared(*m_notifyQuery, {changeChannel(), m_changeTag}, QStringLiteral("announcing the change"));
            !notified)
            return notified;
        m_notifyQuery->finish();
    }
    auto query = exec(QStringLiteral("COMMIT"), {}, QStringLiteral("committing"));
    if (!query)
        return query.error();
    return Ok{};
}

void Database::rollback()
{
    auto query = exec(QStringLiteral("ROLLBACK"));
    Q_UNUSED(query);
}

} // namespace tier
