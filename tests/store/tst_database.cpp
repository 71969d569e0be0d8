// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/database.h"
#include "core/store/schema.h"
#include "core/store/settingsrepository.h"
#include "store/storebackend.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

using namespace tier;

// About SQLite's own files and pragmas: nothing to test on PostgreSQL.
#define SQLITE_ONLY()                                                                                                  \
    do {                                                                                                               \
        if (m_location.isPostgres())                                                                                   \
            QSKIP("SQLite only");                                                                                      \
    } while (false)
#define POSTGRES_ONLY()                                                                                                \
    do {                                                                                                               \
        if (!m_location.isPostgres())                                                                                  \
            QSKIP("PostgreSQL only");                                                                                  \
    } while (false)

namespace {

// Everything a refused open must leave untouched: which files exist, and their bytes.
QMap<QString, QByteArray> snapshot(const QString &dir)
{
    QMap<QString, QByteArray> files;
    const QStringList names = QDir(dir).entryList(QDir::Files | QDir::Hidden);
    for (const QString &name : names) {
        QFile file(QDir(dir).filePath(name));
        if (file.open(QIODevice::ReadOnly))
            files.insert(name, file.readAll());
    }
    return files;
}

// A connection outside Database, as another program (sqlite3, an older or newer build) would use.
template<typename Work>
void withRawConnection(const QString &path, Work work)
{
    const QString name = QStringLiteral("raw-test-connection");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        QVERIFY(db.open());
        work(db);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

QVariant scalar(Database &db, const QString &sql)
{
    auto query = db.exec(sql);
    if (!query || !query->next())
        return {};
    return query->value(0);
}

Migration testMigrationTwo()
{
    return Migration{2,
                     QStringLiteral("test: network notes"),
                     {QStringLiteral("ALTER TABLE networks ADD COLUMN note TEXT NOT NULL DEFAULT ''"),
                      QStringLiteral("UPDATE networks SET note = 'was: ' || name")}};
}

} // namespace

class TestDatabase : public QObject
{
    Q_OBJECT

    DatabaseUri uri() const { return m_location.uri(); }

private slots:
    // Every test runs on SQLite and on PostgreSQL; tests of SQLite's files skip the PostgreSQL row.
    void initTestCase_data() { test::addBackendRows(); }

    void init()
    {
        TIER_INIT_BACKEND(m_location);
        QVERIFY(m_dir.isValid());
        m_path = QDir(m_dir.path()).filePath(QStringLiteral("controller.db"));
        QFile::remove(m_path);
        QFile::remove(m_path + QStringLiteral("-wal"));
        QFile::remove(m_path + QStringLiteral("-shm"));
    }

    void cleanup()
    {
        QVERIFY2(QSqlDatabase::connectionNames().isEmpty(), "a connection was left behind");
        m_location.drop();
    }

    void freshDatabaseGetsLatestSchema()
    {
        Database db(QStringLiteral("test"));
        const Status opened = db.open(uri());
        QVERIFY2(opened.ok(), qPrintable(opened ? QString() : opened.error().message));
        QCOMPARE(db.schemaVersion(), latestSchemaVersion());
        QVERIFY(latestSchemaVersion() >= 1);
        QCOMPARE(scalar(db, QStringLiteral("SELECT MAX(version) FROM schema_migrations")).toInt(),
                 latestSchemaVersion());
        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM schema_migrations")).toInt(), latestSchemaVersion());
        for (const char *table : {"settings", "controller_identity", "networks", "ip_pools", "routes", "members",
                                  "member_ips", "member_status"}) {
            auto query = db.exec(QStringLiteral("SELECT COUNT(*) FROM ") + QLatin1String(table));
            QVERIFY2(query.ok(), table);
        }
        // It will hold the controller's secret key: private to the user from the start.
        if (!m_location.isPostgres())
            QCOMPARE(QFile::permissions(m_path) & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                     QFileDevice::Permissions());
    }

    void walForeignKeysBusyTimeoutAndSyncAreOn()
    {
        SQLITE_ONLY();
        Database db;
        QVERIFY(db.open(DatabaseUri::sqliteFile(m_path)).ok());
        QCOMPARE(scalar(db, QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
        QCOMPARE(scalar(db, QStringLiteral("PRAGMA foreign_keys")).toInt(), 1);
        QCOMPARE(scalar(db, QStringLiteral("PRAGMA busy_timeout")).toInt(), Database::BusyTimeoutMs);
        QCOMPARE(scalar(db, QStringLiteral("PRAGMA synchronous")).toInt(), 2); // FULL
        QVERIFY(QFile::exists(m_path + QStringLiteral("-wal")));

        // Foreign keys enforced: no member of a missing network, and deletes cascade.
        QVERIFY(!db.exec(QStringLiteral("INSERT INTO members (network_id, address, creation_time, last_modified)"
                                        " VALUES ('0123456789abcdef', '0123456789', 0, 0)"))
                     .ok());
        QVERIFY(db.exec(QStringLiteral("INSERT INTO networks (id, creation_time, last_modified)"
                                       " VALUES ('0123456789abcdef', 0, 0)"))
                    .ok());
        QVERIFY(db.exec(QStringLiteral("INSERT INTO members (network_id, address, creation_time, last_modified)"
                                       " VALUES ('0123456789abcdef', '0123456789', 0, 0)"))
                    .ok());
        QVERIFY(db.exec(QStringLiteral("DELETE FROM networks")).ok());
        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM members")).toInt(), 0);
    }

    void migratesForwardFromOlderVersion()
    {
        {
            Database v1;
            v1.setMigrations({schemaMigrations().constFirst()});
            QVERIFY(v1.open(uri()).ok());
            QCOMPARE(v1.schemaVersion(), 1);
            QVERIFY(v1.exec(QStringLiteral("INSERT INTO networks (id, name, creation_time, last_modified)"
                                           " VALUES ('0123456789abcdef', 'lab', 0, 0)"))
                        .ok());
        }
        Database v2;
        v2.setMigrations({schemaMigrations().constFirst(), testMigrationTwo()});
        const Status opened = v2.open(uri());
        QVERIFY2(opened.ok(), qPrintable(opened ? QString() : opened.error().message));
        QCOMPARE(v2.schemaVersion(), 2);
        QCOMPARE(scalar(v2, QStringLiteral("SELECT note FROM networks")).toString(), QStringLiteral("was: lab"));
        QCOMPARE(scalar(v2, QStringLiteral("SELECT COUNT(*) FROM schema_migrations")).toInt(), 2);
        QCOMPARE(scalar(v2, QStringLiteral("SELECT description FROM schema_migrations WHERE version = 2")).toString(),
                 QStringLiteral("test: network notes"));
    }

    void failedMigrationLeavesPreviousVersion()
    {
        {
            Database v1;
            v1.setMigrations({schemaMigrations().constFirst()});
            QVERIFY(v1.open(uri()).ok());
        }
        {
            Database broken;
            Migration three{3,
                            QStringLiteral("test: broken"),
                            {QStringLiteral("CREATE TABLE half_done (x INTEGER)"), QStringLiteral("THIS IS NOT SQL")}};
            broken.setMigrations({schemaMigrations().constFirst(), testMigrationTwo(), three});
            const Status opened = broken.open(uri());
            QVERIFY(!opened.ok());
            QVERIFY2(opened.error().message.contains(QStringLiteral("version 3")), qPrintable(opened.error().message));
            QVERIFY(!broken.isOpen());
        }
        // Migration 2 committed on its own; migration 3 left nothing behind.
        Database check;
        check.setMigrations({schemaMigrations().constFirst(), testMigrationTwo()});
        QVERIFY(check.open(uri()).ok());
        QCOMPARE(check.schemaVersion(), 2);
        QVERIFY(!check.exec(QStringLiteral("SELECT COUNT(*) FROM half_done")).ok());
        QCOMPARE(scalar(check, QStringLiteral("SELECT MAX(version) FROM schema_migrations")).toInt(), 2);
    }

    void refusesNewerSchemaAndLeavesFileUnchanged()
    {
        SQLITE_ONLY();
        {
            Database db;
            QVERIFY(db.open(DatabaseUri::sqliteFile(m_path)).ok());
        }
        withRawConnection(m_path, [](QSqlDatabase &raw) {
            QSqlQuery query(raw);
            QVERIFY(query.exec(QStringLiteral("INSERT INTO schema_migrations (version, description, applied_at)"
                                              " VALUES (99, 'from the future', 0)")));
        });
        const auto before = snapshot(m_dir.path());
        QVERIFY(before.contains(QStringLiteral("controller.db")));

        Database db;
        const Status opened = db.open(DatabaseUri::sqliteFile(m_path));
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, ErrorCode::Unsupported);
        QVERIFY2(opened.error().message.contains(QStringLiteral("newer")), qPrintable(opened.error().message));
        QVERIFY(opened.error().message.contains(QStringLiteral("99")));
        QVERIFY(!db.isOpen());
        QVERIFY(QSqlDatabase::connectionNames().isEmpty());
        QCOMPARE(snapshot(m_dir.path()), before);
    }

    void refusesNonDatabase_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("text") << QByteArrayLiteral("identity = 1234\nnot a database at all\n");
        QByteArray noise(8192, '\0');
        for (int i = 0; i < noise.size(); ++i)
            noise[i] = char((i * 131 + 7) % 251);
        QTest::newRow("noise") << noise;
        QByteArray fakeHeader = QByteArrayLiteral("SQLite format 3") + QByteArray(1, '\0') + QByteArray(4080, 'x');
        QTest::newRow("damaged-header") << fakeHeader;
    }

    void refusesNonDatabase()
    {
        SQLITE_ONLY();
        QFETCH(QByteArray, content);
        {
            QFile file(m_path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(content);
        }
        const auto before = snapshot(m_dir.path());
        Database db;
        const Status opened = db.open(DatabaseUri::sqliteFile(m_path));
        QVERIFY(!opened.ok());
        QVERIFY2(opened.error().message.contains(QStringLiteral("not a database")), qPrintable(opened.error().message));
        QVERIFY(opened.error().message.contains(QStringLiteral("not changed")));
        QVERIFY(QSqlDatabase::connectionNames().isEmpty());
        QCOMPARE(snapshot(m_dir.path()), before);
    }

    void refusesForeignSqliteDatabase()
    {
        SQLITE_ONLY();
        // Shaped like the 2015 ZeroTier controller.db: SQLite, but not ours.
        withRawConnection(m_path, [](QSqlDatabase &raw) {
            QSqlQuery query(raw);
            QVERIFY(query.exec(QStringLiteral("CREATE TABLE Config (k varchar(16) PRIMARY KEY, v varchar(1024))")));
            QVERIFY(query.exec(QStringLiteral("INSERT INTO Config VALUES ('schemaVersion', '4')")));
        });
        const auto before = snapshot(m_dir.path());
        Database db;
        const Status opened = db.open(DatabaseUri::sqliteFile(m_path));
        QVERIFY(!opened.ok());
        QVERIFY2(opened.error().message.contains(QStringLiteral("not a Tiermaster")),
                 qPrintable(opened.error().message));
        QVERIFY(opened.error().message.contains(QStringLiteral("Config")));
        QCOMPARE(snapshot(m_dir.path()), before);
    }

    void missingFolderIsAnErrorAndCreatesNothing()
    {
        SQLITE_ONLY();
        const QString path = QDir(m_dir.path()).filePath(QStringLiteral("absent/controller.db"));
        Database db;
        const Status opened = db.open(DatabaseUri::sqliteFile(path));
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, ErrorCode::Io);
        QVERIFY(!QFileInfo::exists(QDir(m_dir.path()).filePath(QStringLiteral("absent"))));
    }

    void namedConnectionsAreUniqueAndRemoved()
    {
        auto first = std::make_unique<Database>(QStringLiteral("engine"));
        auto second = std::make_unique<Database>(QStringLiteral("reader"));
        QVERIFY(first->connectionName() != second->connectionName());
        QVERIFY(first->open(uri()).ok());
        QVERIFY(second->open(uri(), Database::Access::ReadOnly).ok());
        QCOMPARE(QSqlDatabase::connectionNames().size(), 2);
        QVERIFY(QSqlDatabase::connectionNames().contains(first->connectionName()));
        QVERIFY(QSqlDatabase::connectionNames().contains(second->connectionName()));

        // The reader sees the writer's commits (WAL) but cannot write.
        SettingsRepository settings(*first);
        QVERIFY(settings.setValue(QStringLiteral("k"), QStringLiteral("v")).ok());
        QCOMPARE(scalar(*second, QStringLiteral("SELECT value FROM settings WHERE name = 'k'")).toString(),
                 QStringLiteral("v"));
        QVERIFY(!second->exec(QStringLiteral("DELETE FROM settings")).ok());

        first->close();
        QCOMPARE(QSqlDatabase::connectionNames(), QStringList{second->connectionName()});
        second.reset(); // the destructor closes too
        QVERIFY(QSqlDatabase::connectionNames().isEmpty());
        first.reset();
    }

    void refusesUseFromAnotherThread()
    {
        Database db;
        QVERIFY(db.open(uri()).ok());
        bool refused = false;
        QString message;
        std::unique_ptr<QThread> thread(QThread::create([&] {
            auto query = db.exec(QStringLiteral("SELECT COUNT(*) FROM networks"));
            refused = !query.ok();
            if (refused)
                message = query.error().message;
        }));
        thread->start();
        QVERIFY(thread->wait(10000));
        QVERIFY(refused);
        QVERIFY2(message.contains(QStringLiteral("thread")), qPrintable(message));
        QVERIFY(db.exec(QStringLiteral("SELECT COUNT(*) FROM networks")).ok());
    }

    void transactionRollsBackOnError()
    {
        Database db;
        QVERIFY(db.open(uri()).ok());
        SettingsRepository settings(db);
        const Status result = db.transaction([&]() -> Status {
            if (Status set = settings.setValue(QStringLiteral("a"), QStringLiteral("1")); !set)
                return set;
            return makeError(ErrorCode::Conflict, QStringLiteral("changed my mind"));
        });
        QVERIFY(!result.ok());
        QCOMPARE(result.error().message, QStringLiteral("changed my mind"));
        auto value = settings.value(QStringLiteral("a"));
        QVERIFY(value.ok());
        QVERIFY(!value->has_value());

        QVERIFY(db.transaction([&]() -> Status {
                      return settings.setValue(QStringLiteral("a"), QStringLiteral("2"));
                  }).ok());
        QVERIFY(settings.setValue(QStringLiteral("a"), QStringLiteral("3")).ok()); // upsert replaces
        QCOMPARE(settings.value(QStringLiteral("a"))->value(), QStringLiteral("3"));
        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM settings")).toInt(), 1);
        QVERIFY(settings.setValue(QStringLiteral("empty"), QString()).ok()); // null text is stored as ''
        QCOMPARE(settings.value(QStringLiteral("empty"))->value(), QString());
        QVERIFY(settings.remove(QStringLiteral("empty")).ok());
        QVERIFY(!settings.value(QStringLiteral("empty"))->has_value());
    }

    void valuesTravelVerbatim()
    {
        // On PostgreSQL the driver quotes values into the statement: nothing in them may act as SQL.
        Database db;
        QVERIFY(db.open(uri()).ok());
        const QStringList nasty{QStringLiteral("'); DELETE FROM settings; --"),
                                QStringLiteral("back\\slash \\' quote"),
                                QStringLiteral("a ? mark and $1"),
                                QStringLiteral("\"double\" ''two''"),
                                QStringLiteral("Grüße 🚀 \n\t"),
                                QString()};
        SettingsRepository settings(db);
        for (int i = 0; i < nasty.size(); ++i)
            QVERIFY(settings.setValue(QStringLiteral("k%1").arg(i), nasty.at(i)).ok());
        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM settings")).toInt(), nasty.size());
        for (int i = 0; i < nasty.size(); ++i)
            QCOMPARE(settings.value(QStringLiteral("k%1").arg(i))->value_or(QStringLiteral("<none>")), nasty.at(i));
        auto bytes = db.exec(QStringLiteral("SELECT ?, ?, ?"),
                             {QByteArray("\0'\\x\xff", 6), qint64(-9223372036854775807LL - 1), QVariant()});
        QVERIFY(bytes.ok() && bytes->next());
        QCOMPARE(bytes->value(1).toLongLong(), qint64(-9223372036854775807LL - 1));
        QVERIFY(bytes->value(2).isNull());
        QVERIFY(!db.exec(QStringLiteral("SELECT ?"), {1, 2}).ok()); // more values than placeholders
    }

    void committedDataSurvivesReopen()
    {
        {
            Database db;
            QVERIFY(db.open(uri()).ok());
            QVERIFY(SettingsRepository(db).setValue(QStringLiteral("kept"), QStringLiteral("yes")).ok());
        }
        Database db;
        QVERIFY(db.open(uri()).ok());
        QCOMPARE(db.schemaVersion(), latestSchemaVersion());
        QCOMPARE(SettingsRepository(db).value(QStringLiteral("kept"))->value_or(QString()), QStringLiteral("yes"));
        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM schema_migrations")).toInt(), latestSchemaVersion());
    }

    void schemaAvoidsSqliteOnlySyntax()
    {
        SQLITE_ONLY();
        // The schema must also run on PostgreSQL (QPSQL) later.
        for (const Migration &migration : schemaMigrations()) {
            for (const QString &statement : migration.statements) {
                const QString upper = statement.toUpper();
                QVERIFY2(!upper.contains(QStringLiteral("AUTOINCREMENT")), qPrintable(statement));
                QVERIFY2(!upper.contains(QStringLiteral("OR REPLACE")), qPrintable(statement));
                QVERIFY2(!upper.contains(QStringLiteral("WITHOUT ROWID")), qPrintable(statement));
                QVERIFY2(!upper.contains(QStringLiteral("DATETIME")), qPrintable(statement));
                QVERIFY2(!upper.contains(QStringLiteral(" BLOB")), qPrintable(statement)); // use {BLOB}
                QVERIFY2(!upper.contains(QStringLiteral("PRAGMA")), qPrintable(statement));
            }
        }
        QCOMPARE(sqlForDialect(QStringLiteral("x {BLOB} NULL"), SqlDialect::Postgres), QStringLiteral("x BYTEA NULL"));
        QCOMPARE(sqlForDialect(QStringLiteral("x {BLOB} NULL"), SqlDialect::Sqlite), QStringLiteral("x BLOB NULL"));
    }

    void postgresRefusesTablesOfAnotherProgram()
    {
        POSTGRES_ONLY();
        QCOMPARE(test::pgAdmin(QStringLiteral("CREATE TABLE config (k TEXT PRIMARY KEY, v TEXT)"), uri()), QString());
        Database db;
        const Status opened = db.open(uri());
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, ErrorCode::Malformed);
        QVERIFY2(opened.error().message.contains(QStringLiteral("another program")),
                 qPrintable(opened.error().message));
        QVERIFY(opened.error().message.contains(QStringLiteral("config")));
        QVERIFY(!db.isOpen());
        // Nothing was created beside the foreign table.
        QCOMPARE(test::pgAdmin(QStringLiteral("SELECT 1 FROM schema_migrations"), uri()).isEmpty(), false);
    }

    void postgresRefusesNewerSchema()
    {
        POSTGRES_ONLY();
        {
            Database db;
            QVERIFY(db.open(uri()).ok());
            QVERIFY(db.exec(QStringLiteral("INSERT INTO schema_migrations (version, description, applied_at)"
                                           " VALUES (99, 'from the future', 0)"))
                        .ok());
        }
        Database db;
        const Status opened = db.open(uri());
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, ErrorCode::Unsupported);
        QVERIFY2(opened.error().message.contains(QStringLiteral("newer")), qPrintable(opened.error().message));
        QVERIFY(QSqlDatabase::connectionNames().isEmpty());
    }

    void postgresThroughUnixSocket()
    {
        POSTGRES_ONLY();
        const QString socketUri = qEnvironmentVariable("TIERMASTER_TEST_PG_SOCKET_URI");
        if (socketUri.isEmpty())
            QSKIP("TIERMASTER_TEST_PG_SOCKET_URI is not set (scripts/pg-test-server.sh sets it)");
        auto parsed = DatabaseUri::parse(socketUri, QString());
        QVERIFY2(parsed.ok(), qPrintable(parsed ? QString() : parsed.error().message));
        QVERIFY(parsed->host.startsWith(u'/'));
        DatabaseUri viaSocket = *parsed;
        viaSocket.databaseName = uri().databaseName;
        Database db;
        const Status opened = db.open(viaSocket);
        QVERIFY2(opened.ok(), qPrintable(opened ? QString() : opened.error().message));
        QCOMPARE(db.schemaVersion(), latestSchemaVersion());
        // A Unix-socket connection has no client address.
        QVERIFY(scalar(db, QStringLiteral("SELECT inet_client_addr()")).isNull());
    }

    void postgresConcurrentOpenersMigrateOnce()
    {
        POSTGRES_ONLY();
        constexpr int kOpeners = 4;
        QList<QString> errors(kOpeners);
        QList<QThread *> threads;
        const DatabaseUri target = uri();
        for (int i = 0; i < kOpeners; ++i) {
            threads.append(QThread::create([&errors, target, i] {
                Database db(QStringLiteral("opener"));
                const Status opened = db.open(target);
                if (!opened)
                    errors[i] = opened.error().message;
            }));
        }
        for (QThread *thread : std::as_const(threads))
            thread->start();
        for (QThread *thread : std::as_const(threads)) {
            QVERIFY(thread->wait(60000));
            delete thread;
        }
        for (const QString &error : std::as_const(errors))
            QVERIFY2(error.isEmpty(), qPrintable(error));
        Database db;
        QVERIFY(db.open(target).ok());
        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM schema_migrations")).toInt(), latestSchemaVersion());
    }

    void postgresNotifiesCommittedChangesOnly()
    {
        POSTGRES_ONLY();
        Database writer(QStringLiteral("writer"));
        Database listener(QStringLiteral("listener"));
        QVERIFY(writer.open(uri()).ok());
        QVERIFY(listener.open(uri()).ok());
        writer.setNotifyChanges(true, QStringLiteral("tag-1"));
        QSqlDriver *driver = listener.connection().driver();
        QVERIFY(driver->subscribeToNotification(Database::changeChannel()));
        QStringList payloads;
        QList<QSqlDriver::NotificationSource> sources;
        connect(driver, &QSqlDriver::notification, this,
                [&](const QString &name, QSqlDriver::NotificationSource source, const QVariant &payload) {
                    if (name == Database::changeChannel()) {
                        payloads.append(payload.toString());
                        sources.append(source);
                    }
                });
        SettingsRepository settings(writer);
        const Status rolledBack = writer.transaction([&]() -> Status {
            if (Status set = settings.setValue(QStringLiteral("a"), QStringLiteral("1")); !set)
                return set;
            return makeError(ErrorCode::Conflict, QStringLiteral("no"));
        });
        QVERIFY(!rolledBack.ok());
        QVERIFY(settings.setValue(QStringLiteral("a"), QStringLiteral("2")).ok());
        QTRY_COMPARE_WITH_TIMEOUT(payloads.size(), 1, 15000);
        QCOMPARE(payloads.constFirst(), QStringLiteral("tag-1"));
        QCOMPARE(sources.constFirst(), QSqlDriver::OtherSource);
        QCOMPARE(SettingsRepository(listener).value(QStringLiteral("a"))->value_or(QString()), QStringLiteral("2"));
        // Only the committed transaction was announced.
        QTest::qWait(200);
        QCOMPARE(payloads.size(), 1);
        driver->unsubscribeFromNotification(Database::changeChannel());
    }

    void postgresUnreachableServerIsAClearError()
    {
        POSTGRES_ONLY();
        auto unreachable = DatabaseUri::parse(u"postgresql://nobody@127.0.0.1:1/nothing", QString());
        QVERIFY(unreachable.ok());
        Database db;
        const Status opened = db.open(*unreachable);
        QVERIFY(!opened.ok());
        QVERIFY2(opened.error().message.contains(QStringLiteral("cannot connect to PostgreSQL")),
                 qPrintable(opened.error().message));
        QVERIFY(QSqlDatabase::connectionNames().isEmpty());
    }

private:
    QTemporaryDir m_dir;
    QString m_path;
    test::TestDatabaseLocation m_location;
};

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
