// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/vectors.h"
#include "core/crypto/primitives.h"
#include "core/store/backup.h"
#include "core/store/controlleridentityrepository.h"
#include "core/store/database.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <thread>

using namespace tier;

namespace {

Identity vectorIdentity(int index = 0)
{
    const QJsonObject vector = test::loadVectorJson(QStringLiteral("identities.json"))
                                   .value(QStringLiteral("identities"))
                                   .toArray()
                                   .at(index)
                                   .toObject();
    auto identity = Identity::fromString(vector.value(QStringLiteral("secret_string")).toString());
    return identity ? *identity : Identity();
}

QString vectorAddress(int index = 0)
{
    return test::loadVectorJson(QStringLiteral("identities.json"))
        .value(QStringLiteral("identities"))
        .toArray()
        .at(index)
        .toObject()
        .value(QStringLiteral("address"))
        .toString();
}

QByteArray fileBytes(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

void writeBytes(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(bytes), bytes.size());
}

bool addNetwork(Database &db, const QString &controller, int serial, qint64 timeMs)
{
    const QString id = controller + QStringLiteral("%1").arg(serial, 6, 16, QLatin1Char('0'));
    return db
        .exec(QStringLiteral("INSERT INTO networks (id, name, creation_time, last_modified) VALUES (?, ?, ?, ?)"),
              {id, QStringLiteral("net %1").arg(serial), timeMs, timeMs})
        .ok();
}

bool addMember(Database &db, const QString &controller, int serial, const QString &member, qint64 timeMs)
{
    const QString id = controller + QStringLiteral("%1").arg(serial, 6, 16, QLatin1Char('0'));
    return db
        .exec(QStringLiteral("INSERT INTO members (network_id, address, creation_time, last_modified)"
                             " VALUES (?, ?, ?, ?)"),
              {id, member, timeMs, timeMs})
        .ok();
}

qint64 count(Database &db, const QString &table)
{
    auto query = db.exec(QStringLiteral("SELECT count(*) FROM ") + table);
    return query && query->next() ? query->value(0).toLongLong() : -1;
}

/// Runs sql on a file with a plain connection (to build foreign or doctored files).
bool rawExec(const QString &path, const QStringList &statements)
{
    const QString name = QStringLiteral("tst-backup-raw");
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        ok = db.open();
        for (const QString &sql : statements) {
            QSqlQuery query(db);
            ok = ok && query.exec(sql);
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

QStringList folderEntries(const QString &path)
{
    return QDir(path).entryList(QDir::Files | QDir::Hidden, QDir::Name);
}

} // namespace

class TestBackup : public QObject
{
    Q_OBJECT

private:
    /// A controller database with the vector identity, two networks and three members.
    void makeController(const QString &path, int schemaVersion = 0)
    {
        Database db;
        if (schemaVersion > 0)
            db.setMigrations(schemaMigrations().mid(0, schemaVersion));
        QVERIFY(db.open(DatabaseUri::sqliteFile(path)).ok());
        QVERIFY(ControllerIdentityRepository(db).save(vectorIdentity(), 1000).ok());
        const QString controller = vectorAddress();
        QVERIFY(addNetwork(db, controller, 1, 1700000000000));
        QVERIFY(addNetwork(db, controller, 2, 1700000001000));
        QVERIFY(addMember(db, controller, 1, QStringLiteral("aaaaaaaaaa"), 1700000002000));
        QVERIFY(addMember(db, controller, 1, QStringLiteral("bbbbbbbbbb"), 1700000003000));
        QVERIFY(addMember(db, controller, 2, QStringLiteral("cccccccccc"), 1700000004000));
    }

private slots:
    void initTestCase() { QVERIFY(crypto::initialize()); }

    void fileNamesFollowTheInterface()
    {
        const QDateTime when(QDate(2026, 3, 7), QTime(4, 5, 6), Qt::UTC);
        QCOMPARE(Backup::fileNameFor(when), QStringLiteral("controller-20260307-040506.db"));
        QCOMPARE(Backup::timeFromFileName(QStringLiteral("controller-20260307-040506.db")), when);
        QVERIFY(!Backup::timeFromFileName(QStringLiteral("controller-20260307-040506.db.bak")).isValid());
        QVERIFY(!Backup::timeFromFileName(QStringLiteral("controller-20261399-040506.db")).isValid());
        QVERIFY(!Backup::timeFromFileName(QStringLiteral("notes.txt")).isValid());
        QCOMPARE(Backup::backupsFolder(QStringLiteral("/data")), QStringLiteral("/data/backups"));
    }

    void exportWhileWritingIsAConsistentPrivateSnapshot()
    {
        QTemporaryDir dir;
        const QString live = QDir(dir.path()).filePath(QStringLiteral("controller.db"));
        makeController(live);
        Database db(QStringLiteral("exporter"));
        QVERIFY(db.open(DatabaseUri::sqliteFile(live)).ok());

        // Every writer transaction adds one network and one member to the seed's 2 networks and 3 members:
        // a consistent snapshot has exactly one member more than networks.
        std::atomic<bool> stop{false};
        std::atomic<int> written{0};
        std::atomic<bool> writerOk{true};
        std::thread writer([&] {
            Database w(QStringLiteral("writer"));
            if (!w.open(DatabaseUri::sqliteFile(live)).ok()) {
                writerOk = false;
                return;
            }
            const QString controller = vectorAddress();
            for (int serial = 100; !stop && serial < 100000; ++serial) {
                const Status done = w.transaction([&]() -> Status {
                    if (!addNetwork(w, controller, serial, 1700000100000 + serial))
                        return makeError(ErrorCode::Database, QStringLiteral("network"));
                    if (!addMember(w, controller, serial, QStringLiteral("dddddddddd"), 1700000100000 + serial))
                        return makeError(ErrorCode::Database, QStringLiteral("member"));
                    return Ok{};
                });
                if (!done) {
                    writerOk = false;
                    return;
                }
                ++written;
            }
        });
        while (written < 20 && writerOk)
            QThread::msleep(5);

        QList<qint64> networkCounts;
        for (int i = 0; i < 3; ++i) {
            const qint64 before = count(db, QStringLiteral("networks"));
            const QString target = QDir(dir.path()).filePath(QStringLiteral("export-%1.db").arg(i));
            const Result<qint64> bytes = Backup::exportTo(db, target);
            QVERIFY2(bytes.ok(), bytes ? "" : qPrintable(bytes.error().message));
            const qint64 after = count(db, QStringLiteral("networks"));
            QCOMPARE(*bytes, QFileInfo(target).size());
            QVERIFY(*bytes > 0);
            QCOMPARE(QFileInfo(target).permissions() & 0x7777,
                     QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadUser | QFileDevice::WriteUser);
            QVERIFY(!QFileInfo::exists(target + QStringLiteral("-wal")));

            const Result<BackupSummary> summary = Backup::validate(target);
            QVERIFY2(summary.ok(), summary ? "" : qPrintable(summary.error().message));
            QCOMPARE(summary->memberCount, summary->networkCount + 1);
            QVERIFY(summary->networkCount >= 2);
            // A point in time between the counts read just before and just after the export.
            QVERIFY(summary->networkCount >= before);
            QVERIFY(summary->networkCount <= after);
            networkCounts.append(summary->networkCount);
            QThread::msleep(20);
        }
        stop = true;
        writer.join();
        QVERIFY(writerOk);
        QVERIFY(written > 20);
        QVERIFY(networkCounts.constLast() > networkCounts.constFirst()); // the writer really wrote meanwhile
        // No partial file left behind.
        for (const QString &name : folderEntries(dir.path()))
            QVERIFY2(!name.contains(QStringLiteral("partial")), qPrintable(name));
    }

    void exportRefusesAnExistingTarget()
    {
        QTemporaryDir dir;
        const QString live = QDir(dir.path()).filePath(QStringLiteral("controller.db"));
        makeController(live);
        Database db;
        QVERIFY(db.open(DatabaseUri::sqliteFile(live)).ok());
        const QString target = QDir(dir.path()).filePath(QStringLiteral("it's here.db"));
        writeBytes(target, "precious");
        const Result<qint64> refused = Backup::exportTo(db, target);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, ErrorCode::Conflict);
        QCOMPARE(fileBytes(target), QByteArray("precious"));
        // A quote in the name is fine (the name goes into SQL as a literal).
        for (const QString &name : {QStringLiteral("it's new.db"), QStringLiteral("we?ird #%20 name.db")}) {
            const QString quoted = QDir(dir.path()).filePath(name);
            QVERIFY(Backup::exportTo(db, quoted).ok());
            const Result<BackupSummary> summary = Backup::validate(quoted);
            QVERIFY2(summary.ok(), summary ? "" : qPrintable(summary.error().message));
            QCOMPARE(summary->path, QFileInfo(quoted).absoluteFilePath());
        }
        QVERIFY(!Backup::exportTo(db, QDir(dir.path()).filePath(QStringLiteral("missing/x.db"))).ok());
    }

    void validateSummarisesTheBackup()
    {
        QTemporaryDir dir;
        const QString live = QDir(dir.path()).filePath(QStringLiteral("controller.db"));
        makeController(live);
        const QString target = QDir(dir.path()).filePath(QStringLiteral("b.db"));
        QVERIFY(Backup::exportFile(live, target).ok());
        const QByteArray before = fileBytes(target);
        const Result<BackupSummary> summary = Backup::validate(target);
        QVERIFY2(summary.ok(), summary ? "" : qPrintable(summary.error().message));
        QCOMPARE(summary->controller.toString(), vectorAddress());
        QCOMPARE(summary->controller, vectorIdentity().address());
        QCOMPARE(summary->schemaVersion, latestSchemaVersion());
        QCOMPARE(summary->networkCount, 2);
        QCOMPARE(summary->memberCount, 3);
        QCOMPARE(summary->newestChange, QDateTime::fromMSecsSinceEpoch(1700000004000, Qt::UTC));
        QCOMPARE(summary->fileSize, before.size());
        QCOMPARE(fileBytes(target), before);
        QCOMPARE(folderEntries(dir.path()), (QStringList{QStringLiteral("b.db"), QStringLiteral("controller.db")}));

        // A live database with pending changes in its -wal is not a backup.
        Database db;
        QVERIFY(db.open(DatabaseUri::sqliteFile(live)).ok());
        QVERIFY(addNetwork(db, vectorAddress(), 9, 1700000009000));
        QVERIFY(QFileInfo(live + QStringLiteral("-wal")).size() > 0);
        const Result<BackupSummary> pending = Backup::validate(live);
        QVERIFY(!pending.ok());
        QVERIFY2(pending.error().message.contains(QStringLiteral("-wal")), qPrintable(pending.error().message));
    }

    void validateRefusesBadFiles_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<int>("code");
        QTest::newRow("empty") << "empty"
                               << "too short" << int(ErrorCode::Truncated);
        QTest::newRow("random") << "random"
                                << "not an SQLite database" << int(ErrorCode::Malformed);
        QTest::newRow("text") << "text"
                              << "not an SQLite database" << int(ErrorCode::Malformed);
        QTest::newRow("truncated") << "truncated"
                                   << "truncated" << int(ErrorCode::Truncated);
        QTest::newRow("other app") << "other"
                                   << "another application" << int(ErrorCode::Malformed);
        QTest::newRow("newer schema") << "newer"
                                      << "newer Tiermaster" << int(ErrorCode::Unsupported);
        QTest::newRow("no identity") << "noidentity"
                                     << "no controller identity" << int(ErrorCode::InvalidIdentity);
        QTest::newRow("forged identity") << "forged"
                                         << "damaged or invalid" << int(ErrorCode::InvalidIdentity);
        QTest::newRow("corrupt page") << "corrupt"
                                      << "" << -1;
    }

    void validateRefusesBadFiles()
    {
        QFETCH(QString, kind);
        QFETCH(QString, expected);
        QFETCH(int, code);
        QTemporaryDir dir;
        const QString live = QDir(dir.path()).filePath(QStringLiteral("controller.db"));
        const QString bad = QDir(dir.path()).filePath(QStringLiteral("bad.db"));
        makeController(live);
        QVERIFY(Backup::exportFile(live, bad).ok());
        const QByteArray good = fileBytes(bad);
        QVERIFY(good.size() >= 4096);
        if (kind == u"empty") {
            writeBytes(bad, QByteArray());
        } else if (kind == u"random") {
            writeBytes(bad, crypto::randomBytes(8192));
        } else if (kind == u"text") {
            writeBytes(bad, QByteArray("network 8056c2e21c000001\nmember aaaaaaaaaa\n").repeated(200));
        } else if (kind == u"truncated") {
            writeBytes(bad, good.left(good.size() / 2 + 100));
        } else if (kind == u"other") {
            QFile::remove(bad);
            QVERIFY(rawExec(bad, {QStringLiteral("CREATE TABLE recipes (name TEXT)"),
                                  QStringLiteral("INSERT INTO recipes VALUES ('soup')")}));
        } else if (kind == u"newer") {
            QVERIFY(rawExec(bad, {QStringLiteral("INSERT INTO schema_migrations VALUES (999, 'future', 0)")}));
        } else if (kind == u"noidentity") {
            QVERIFY(rawExec(bad, {QStringLiteral("DELETE FROM controller_identity")}));
        } else if (kind == u"forged") {
            // The address of identity 0 with the keys of identity 1: does not derive, must be refused.
            const Identity other = vectorIdentity(1);
            QVERIFY(!other.isNull());
            const QString forged = vectorAddress() + other.toString(true).mid(10);
            QVERIFY(rawExec(bad, {QStringLiteral("UPDATE controller_identity SET identity_secret = '%1', "
                                                 "identity_public = '%2'")
                                      .arg(forged, forged.section(u':', 0, 2))}));
        } else if (kind == u"corrupt") {
            QByteArray damaged = good;
            for (int i = 4096 + 8; i < damaged.size() && i < 4096 * 3; i += 7)
                damaged[i] = char(0xA5);
            writeBytes(bad, damaged);
        }
        for (const QString &side : {QStringLiteral("-wal"), QStringLiteral("-shm"), QStringLiteral("-journal")})
            QFile::remove(bad + side);
        const QByteArray before = fileBytes(bad);
        const QStringList entries = folderEntries(dir.path());

        const Result<BackupSummary> refused = Backup::validate(bad);
        QVERIFY(!refused.ok());
        QVERIFY(!refused.error().message.isEmpty());
        if (!expected.isEmpty())
            QVERIFY2(refused.error().message.contains(expected), qPrintable(refused.error().message));
        if (code >= 0)
            QCOMPARE(int(refused.error().code), code);
        QVERIFY2(refused.error().message.contains(QStringLiteral("bad.db")), qPrintable(refused.error().message));
        QCOMPARE(fileBytes(bad), before);
        QCOMPARE(folderEntries(dir.path()), entries);
    }

    void restoreRoundTrip()
    {
        QTemporaryDir dir;
        const QString live = QDir(dir.path()).filePath(QStringLiteral("controller.db"));
        makeController(live);
        const QString backup = QDir(dir.path()).filePath(QStringLiteral("saved.db"));
        QVERIFY(Backup::exportFile(live, backup).ok());
        {
            Database db;
            QVERIFY(db.open(DatabaseUri::sqliteFile(live)).ok());
            QVERIFY(addNetwork(db, vectorAddress(), 3, 1700000009000));
            QVERIFY(db.exec(QStringLiteral("DELETE FROM networks WHERE id = ?"),
                            {QString(vectorAddress() + QStringLiteral("000001"))})
                        .ok());
            QCOMPARE(count(db, QStringLiteral("networks")), 2);
            QCOMPARE(count(db, QStringLiteral("members")), 1);
        }
        RestoreOptions options;
        options.now = QDateTime(QDate(2026, 11, 23), QTime(12, 0, 0), Qt::UTC);
        QList<RestoreStep> steps;
        options.beforeStep = [&](RestoreStep step) -> Status {
            steps.append(step);
            return Ok{};
        };
        const Result<RestoreResult> restored = Backup::restore(backup, live, dir.path(), options);
        QVERIFY2(restored.ok(), restored ? "" : qPrintable(restored.error().message));
        QCOMPARE(steps.size(), 6);
        QCOMPARE(restored->restored.controller.toString(), vectorAddress());
        QCOMPARE(restored->schemaVersion, latestSchemaVersion());
        QCOMPARE(restored->safetyBackupPath,
                 QDir(Backup::backupsFolder(dir.path())).filePath(QStringLiteral("controller-20261123-120000.db")));
        QCOMPARE(QFileInfo(live).permissions() & 0x7777,
                 QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadUser | QFileDevice::WriteUser);

        // The safety backup holds the changed state.
        const Result<BackupSummary> safety = Backup::validate(restored->safetyBackupPath);
        QVERIFY2(safety.ok(), safety ? "" : qPrintable(safety.error().message));
        QCOMPARE(safety->networkCount, 2);
        QCOMPARE(safety->memberCount, 1);
        QCOMPARE(QFileInfo(restored->safetyBackupPath).permissions() & 0x7777,
                 QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadUser | QFileDevice::WriteUser);

        // The live database has the earlier state back.
        Database db;
        QVERIFY(db.open(DatabaseUri::sqliteFile(live)).ok());
        QCOMPARE(count(db, QStringLiteral("networks")), 2);
        QCOMPARE(count(db, QStringLiteral("members")), 3);
        auto first = db.exec(QStringLiteral("SELECT count(*) FROM networks WHERE id = ?"),
                             {QString(vectorAddress() + QStringLiteral("000001"))});
        QVERIFY(first && first->next());
        QCOMPARE(first->value(0).toInt(), 1);
        const auto identity = ControllerIdentityRepository(db).load();
        QVERIFY(identity.ok() && identity->has_value());
        QCOMPARE(identity->value().toString(true), vectorIdentity().toString(true));
        for (const QString &name : folderEntries(dir.path()))
            QVERIFY2(!name.startsWith(u'.'), qPrintable(name)); // no temporary left
    }

    void restoreOverADamagedDatabaseKeepsItsBytes()
    {
        QTemporaryDir dir;
        const QString live = QDir(dir.path()).filePath(QStringLiteral("controller.db"));
        makeController(live);
        const QString backup = QDir(dir.path()).filePath(QStringLiteral("saved.db"));
        QVERIFY(Backup::exportFile(live, backup).ok());
        const QByteArray garbage = crypto::randomBytes(8192);
        writeBytes(live, garbage);
        const Result<RestoreResult> restored = Backup::restore(backup, live, dir.path());
        QVERIFY2(restored.ok(), restored ? "" : qPrintable(restored.error().message));
        QVERIFY(!restored->safetyBackupPath.isEmpty());
        QCOMPARE(fileBytes(restored->safetyBackupPath), garbage);
        QVERIFY(Backup::validate(live).ok());
    }

    void restoreMigratesAnOlderBackup()
    {
        if (latestSchemaVersion() < 2)
            QSKIP("only one schema version exists");
        QTemporaryDir dir;
        const QString old = QDir(dir.path()).filePath(QStringLiteral("old.db"));
        makeController(old, 1);
        const QString backup = QDir(dir.path()).filePath(QStringLiteral("old-backup.db"));
        QVERIFY(Backup::exportFile(old, backup).ok());
        const Result<BackupSummary> summary = Backup::validate(backup);
        QVERIFY(summary.ok());
        QCOMPARE(summary->schemaVersion, 1);
        const QString live = QDir(dir.path()).filePath(QStringLiteral("controller.db"));
        const Result<RestoreResult> restored = Backup::restore(backup, live, dir.path()); // no live file yet
        QVERIFY2(restored.ok(), restored ? "" : qPrintable(restored.error().message));
        QVERIFY(restored->safetyBackupPath.isEmpty());
        QCOMPARE(restored->schemaVersion, latestSchemaVersion());
        Database db;
        QVERIFY(db.open(DatabaseUri::sqliteFile(live), Database::Access::ReadOnly).ok());
        QCOMPARE(db.schemaVersion(), latestSchemaVersion());
    }

    void restoreOfABadFileLeavesTheLiveDatabaseUntouched()
    {
        QTemporaryDir dir;
        const QString live = QDir(dir.path()).filePath(QStringLiteral("controller.db"));
        makeController(live);
        const QString backup = QDir(dir.path()).filePath(QStringLiteral("saved.db"));
        QVERIFY(Backup::exportFile(live, backup).ok());
        QByteArray damaged = fileBytes(backup);
        writeBytes(backup, damaged.left(damaged.size() - 1024));
        const QByteArray before = fileBytes(live);
        const QStringList entries = folderEntries(dir.path());
        const Result<RestoreResult> refused = Backup::restore(backup, live, dir.path());
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().message.contains(QStringLiteral("truncated")), qPrintable(refused.error().message));
        QCOMPARE(fileBytes(live), before);
        QCOMPARE(folderEntries(dir.path()), entries);
        QVERIFY(!QFileInfo::exists(Backup::backupsFolder(dir.path()))); // refused before any backup was made
    }

    void restoreFailingAtAnyStepLeavesTheLiveDatabaseUntouched_data()
    {
        QTest::addColumn<int>("failAt");
        QTest::newRow("copy") << int(RestoreStep::CopyToTemporary);
        QTest::newRow("migrate") << int(RestoreStep::Migrate);
        QTest::newRow("checkpoint") << int(RestoreStep::Checkpoint);
        QTest::newRow("replace") << int(RestoreStep::Replace);
    }

    void restoreFailingAtAnyStepLeavesTheLiveDatabaseUntouched()
    {
        QFETCH(int, failAt);
        QTemporaryDir dir;
        const QString live = QDir(dir.path()).filePath(QStringLiteral("controller.db"));
        makeController(live);
        const QString backup = QDir(dir.path()).filePath(QStringLiteral("saved.db"));
        QVERIFY(Backup::exportFile(live, backup).ok());
        {
            Database db;
            QVERIFY(db.open(DatabaseUri::sqliteFile(live)).ok());
            QVERIFY(db.exec(QStringLiteral("DELETE FROM members")).ok());
        }
        const QByteArray before = fileBytes(live);
        RestoreOptions options;
        options.beforeStep = [&](RestoreStep step) -> Status {
            if (int(step) == failAt)
                return makeError(ErrorCode::Io, QStringLiteral("injected failure"));
            return Ok{};
        };
        const Result<RestoreResult> failed = Backup::restore(backup, live, dir.path(), options);
        QVERIFY(!failed.ok());
        QVERIFY2(failed.error().message.contains(QStringLiteral("injected failure")),
                 qPrintable(failed.error().message));
        QVERIFY2(failed.error().message.contains(QStringLiteral("not changed")), qPrintable(failed.error().message));
        QCOMPARE(fileBytes(live), before);
        for (const QString &name : folderEntries(dir.path()))
            QVERIFY2(!name.startsWith(u'.'), qPrintable(name));
        Database db;
        QVERIFY(db.open(DatabaseUri::sqliteFile(live)).ok());
        QCOMPARE(count(db, QStringLiteral("members")), 0);
        QCOMPARE(count(db, QStringLiteral("networks")), 2);
    }

    void automaticBackupsAndRetention()
    {
        QTemporaryDir dir;
        const QString live = QDir(dir.path()).filePath(QStringLiteral("controller.db"));
        makeController(live);
        const QString folder = Backup::backupsFolder(dir.path());
        QVERIFY(QDir().mkpath(folder));
        const QDateTime now(QDate(2026, 11, 23), QTime(10, 0, 0), Qt::UTC);
        const QStringList old = {Backup::fileNameFor(now.addDays(-8)), Backup::fileNameFor(now.addDays(-30))};
        const QStringList kept = {Backup::fileNameFor(now.addDays(-6)),
                                  Backup::fileNameFor(now.addSecs(-3600)),
                                  QStringLiteral("controller-20200101-000000.db.txt"),
                                  QStringLiteral("notes.txt"),
                                  QStringLiteral("controller-2020.db"),
                                  QStringLiteral("mycontroller-20200101-000000.db")};
        for (const QString &name : old + kept)
            writeBytes(QDir(folder).filePath(name), "x");

        Database db;
        QVERIFY(db.open(DatabaseUri::sqliteFile(live)).ok());
        const Result<QString> made = Backup::createAutomatic(db, dir.path(), Backup::DefaultRetentionDays, now);
        QVERIFY2(made.ok(), made ? "" : qPrintable(made.error().message));
        QCOMPARE(*made, QDir(folder).filePath(QStringLiteral("controller-20261123-100000.db")));
        QVERIFY(Backup::validate(*made).ok());
        // Same second again: the next free name, never an overwrite.
        const Result<QString> again = Backup::createAutomatic(db, dir.path(), Backup::DefaultRetentionDays, now);
        QVERIFY(again.ok());
        QCOMPARE(*again, QDir(folder).filePath(QStringLiteral("controller-20261123-100001.db")));

        QStringList expected = kept;
        expected << QStringLiteral("controller-20261123-100000.db") << QStringLiteral("controller-20261123-100001.db");
        expected.sort();
        QCOMPARE(folderEntries(folder), expected);

        // Explicit prune with a shorter window: only pattern files older than two days go.
        const Result<QStringList> pruned = Backup::prune(dir.path(), 2, now);
        QVERIFY(pruned.ok());
        QCOMPARE(*pruned, QStringList{QDir(folder).filePath(kept.at(0))});
        QVERIFY(QFileInfo::exists(QDir(folder).filePath(QStringLiteral("notes.txt"))));
        QVERIFY(!Backup::prune(dir.path(), 0, now).ok());
    }

    // A killed automatic backup leaves its hidden temporary; prune removes it once nobody can still be
    // writing it (untouched for an hour), never a fresh one and never other hidden files.
    void pruneRemovesStaleLeftoversOfKilledBackups()
    {
        QTemporaryDir dir;
        const QString folder = Backup::backupsFolder(dir.path());
        QVERIFY(QDir().mkpath(folder));
        auto make = [&](const QString &name, qint64 ageSeconds) {
            QFile f(QDir(folder).filePath(name));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("x");
            QVERIFY(f.flush()); // a later flush would set the time to now again
            QVERIFY(
                f.setFileTime(QDateTime::currentDateTimeUtc().addSecs(-ageSeconds), QFileDevice::FileModificationTime));
        };
        const QString stale = QStringLiteral(".controller-20261123-100000.db.partial-0123456789abcdef");
        make(stale, 7200);
        make(stale + QStringLiteral("-journal"), 7200);
        make(QStringLiteral(".controller-20261124-020000.db.partial-fedcba9876543210"), 60); // may be running
        make(QStringLiteral(".hidden-notes"), 7200);                                         // not ours

        const Result<QStringList> pruned = Backup::prune(dir.path(), Backup::DefaultRetentionDays);
        QVERIFY(pruned.ok());
        QStringList removed = *pruned;
        removed.sort();
        QCOMPARE(removed, (QStringList{QDir(folder).filePath(stale), QDir(folder).filePath(stale + u"-journal")}));
        QCOMPARE(folderEntries(folder), (QStringList{QStringLiteral(".controller-20261124-020000.db.partial-"
                                                                    "fedcba9876543210"),
                                                     QStringLiteral(".hidden-notes")}));
    }
};

QTEST_GUILESS_MAIN(TestBackup)
#include "tst_backup.moc"
