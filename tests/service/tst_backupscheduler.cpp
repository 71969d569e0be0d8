// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/enginetesting.h"
#include "common/vectors.h"
#include "core/service/backupscheduler.h"
#include "core/service/engineclient.h"
#include "core/store/backup.h"
#include "core/store/database.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using tier::Backup;
using tier::BackupScheduler;

namespace {

const QDateTime T0(QDate(2026, 1, 10), QTime(12, 0, 0), Qt::UTC);

/// A real Tiermaster database with one network row, so a backup's content can be checked.
bool makeDatabase(const QString &path, const QString &networkName)
{
    tier::Database database(QStringLiteral("scheduler-test"));
    if (!database.open(tier::DatabaseUri::sqliteFile(path)))
        return false;
    return bool(database.exec(QStringLiteral("INSERT INTO networks (id, name, creation_time, last_modified) "
                                             "VALUES ('0123456789000001', ?, 1, 1)"),
                              {networkName}));
}

QString networkNameIn(const QString &path)
{
    QString name;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery query(QStringLiteral("SELECT name FROM networks"), db);
            if (query.next())
                name = query.value(0).toString();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("check"));
    return name;
}

void touch(const QString &path)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("old");
}

} // namespace

class TestBackupScheduler final : public QObject
{
    Q_OBJECT

private slots:
    void createsDueBackupAndPrunesOldOnes();
    void offCreatesNothing();
    void timerDrivesBackups();
    void failureIsReported();
    void engineClientRunsSchedulerWhileRunning();
    void stopDoesNotWaitForARunningCopy();
};

void TestBackupScheduler::stopDoesNotWaitForARunningCopy()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("controller.db"));
    QVERIFY(makeDatabase(db, QStringLiteral("x")));
    BackupScheduler scheduler;
    scheduler.setClock([] { return T0; });
    scheduler.start(db, dir.path(), 24, 7);
    QSignalSpy created(&scheduler, &BackupScheduler::backupCreated);
    QSignalSpy idle(&scheduler, &BackupScheduler::idle);
    QVERIFY(scheduler.backupNow());
    scheduler.stop(); // returns at once: the copy goes on on its worker
    QVERIFY(!scheduler.isActive());
    QVERIFY(scheduler.isBusy());
    QTRY_COMPARE_WITH_TIMEOUT(idle.size(), 1, 30000);
    QVERIFY(!scheduler.isBusy());
    QCOMPARE(created.size(), 1); // the copy that was running when stop() came is complete
    QVERIFY(QFile::exists(created.at(0).at(0).toString()));
}

void TestBackupScheduler::createsDueBackupAndPrunesOldOnes()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString db = dir.filePath(QStringLiteral("controller.db"));
    QVERIFY(makeDatabase(db, QStringLiteral("first")));
    const QString folder = Backup::backupsFolder(dir.path());
    QVERIFY(QDir().mkpath(folder));
    const QString tenDays = QDir(folder).filePath(Backup::fileNameFor(T0.addDays(-10)));
    const QString eightDays = QDir(folder).filePath(Backup::fileNameFor(T0.addDays(-8)));
    const QString twoDays = QDir(folder).filePath(Backup::fileNameFor(T0.addDays(-2)));
    const QString foreign = QDir(folder).filePath(QStringLiteral("notes.txt"));
    for (const QString &path : {tenDays, eightDays, twoDays, foreign})
        touch(path);

    QDateTime now = T0;
    BackupScheduler scheduler;
    scheduler.setClock([&now] { return now; });
    scheduler.setInitialDelay(3600 * 1000); // the test drives the checks
    scheduler.start(db, dir.path(), 24, 7);
    QVERIFY(scheduler.isActive());
    QCOMPARE(scheduler.newestBackup(), T0.addDays(-2));
    QCOMPARE(scheduler.nextDue(), T0);

    QSignalSpy created(&scheduler, &BackupScheduler::backupCreated);
    QSignalSpy failed(&scheduler, &BackupScheduler::backupFailed);
    QVERIFY(scheduler.checkNow());
    QVERIFY(scheduler.isBusy());
    QVERIFY(!scheduler.checkNow()); // one at a time
    QTRY_COMPARE_WITH_TIMEOUT(created.size(), 1, 30000);
    QCOMPARE(failed.size(), 0);
    const QString path = created.at(0).at(0).toString();
    QCOMPARE(path, QDir(folder).filePath(QStringLiteral("controller-20260110-120000.db")));
    struct stat info = {};
    QCOMPARE(::stat(QFile::encodeName(path).constData(), &info), 0);
    QCOMPARE(info.st_mode & 0777, 0600u);
    QCOMPARE(networkNameIn(path), QStringLiteral("first"));
    QStringList pruned = created.at(0).at(1).toStringList();
    pruned.sort();
    QStringList expected{tenDays, eightDays};
    expected.sort();
    QCOMPARE(pruned, expected);
    QVERIFY(!QFile::exists(tenDays) && !QFile::exists(eightDays));
    QVERIFY(QFile::exists(twoDays));
    QVERIFY(QFile::exists(foreign)); // never touched: not an automatic backup's name

    // Not due again until a whole interval has passed.
    QCOMPARE(scheduler.nextDue(), T0.addDays(1));
    now = T0.addSecs(23 * 3600);
    QVERIFY(!scheduler.checkNow());
    now = T0.addSecs(25 * 3600);
    QVERIFY(scheduler.checkNow());
    QTRY_COMPARE_WITH_TIMEOUT(created.size(), 2, 30000);
    QCOMPARE(QFileInfo(created.at(1).at(0).toString()).fileName(), QStringLiteral("controller-20260111-130000.db"));
    QVERIFY(QFile::exists(path));
    scheduler.stop();
    QVERIFY(!scheduler.isActive());
}

void TestBackupScheduler::offCreatesNothing()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("controller.db"));
    QVERIFY(makeDatabase(db, QStringLiteral("x")));
    BackupScheduler scheduler;
    scheduler.setClock([] { return T0; });
    scheduler.start(db, dir.path(), 0, 7);
    QVERIFY(!scheduler.isActive());
    QVERIFY(!scheduler.nextDue().isValid());
    QVERIFY(!scheduler.checkNow());
    QVERIFY(!QDir(Backup::backupsFolder(dir.path())).exists());
}

void TestBackupScheduler::timerDrivesBackups()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("controller.db"));
    QVERIFY(makeDatabase(db, QStringLiteral("timer")));
    BackupScheduler scheduler;
    scheduler.setClock([] { return T0; });
    scheduler.setInitialDelay(0);
    QSignalSpy created(&scheduler, &BackupScheduler::backupCreated);
    scheduler.start(db, dir.path(), 24, 7);
    QTRY_COMPARE_WITH_TIMEOUT(created.size(), 1, 30000);
    QCOMPARE(networkNameIn(created.at(0).at(0).toString()), QStringLiteral("timer"));
}

void TestBackupScheduler::failureIsReported()
{
    QTemporaryDir dir;
    BackupScheduler scheduler;
    scheduler.setClock([] { return T0; });
    scheduler.setInitialDelay(3600 * 1000);
    scheduler.start(dir.filePath(QStringLiteral("missing.db")), dir.path(), 24, 7);
    QSignalSpy created(&scheduler, &BackupScheduler::backupCreated);
    QSignalSpy failed(&scheduler, &BackupScheduler::backupFailed);
    QVERIFY(scheduler.checkNow());
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 30000);
    QVERIFY(failed.at(0).at(0).toString().contains(QStringLiteral("missing.db")));
    QCOMPARE(created.size(), 0);
    QVERIFY(!scheduler.isBusy());
}

void TestBackupScheduler::engineClientRunsSchedulerWhileRunning()
{
    // The same schedule in every mode: EngineClient (used headless and with a window) starts it.
    QTemporaryDir dir;
    tier::EngineClient engine;
    tier::EngineOptions options = tier::test::loopbackEngineOptions(dir.filePath(QStringLiteral("data")));
    QCOMPARE(options.backupIntervalHours, 24);
    QCOMPARE(options.backupRetentionDays, 7);
    QCOMPARE(tier::EngineClient::databaseFilePath(options),
             QDir(options.dataDir).filePath(QStringLiteral("controller.db")));
    engine.backupScheduler()->setInitialDelay(0);
    QSignalSpy created(engine.backupScheduler(), &BackupScheduler::backupCreated);
    engine.start(options);
    QTRY_VERIFY2_WITH_TIMEOUT(engine.state() != tier::EngineClient::State::Starting, "engine did not start", 30000);
    QVERIFY2(engine.state() == tier::EngineClient::State::Running, qPrintable(engine.lastError()));
    QTRY_COMPARE_WITH_TIMEOUT(created.size(), 1, 30000);
    const QString path = created.at(0).at(0).toString();
    QVERIFY(path.startsWith(Backup::backupsFolder(options.dataDir)));
    auto summary = Backup::validate(path);
    QVERIFY2(summary, summary ? "" : qPrintable(summary.error().message));
    QCOMPARE(summary->controller.toString(), engine.controllerAddress());
    tier::test::stopEngine(engine);
    QVERIFY(!engine.backupScheduler()->isActive());
}

QTEST_GUILESS_MAIN(TestBackupScheduler)
#include "tst_backupscheduler.moc"
