// SPDX-License-Identifier: GPL-3.0-or-later
// A backup export or restore killed with SIGKILL at a random moment (in a child process, the
// helper tm_backupchild) never damages the current database: after every kill it passes
// PRAGMA integrity_check and holds exactly the state before (export), or exactly the state before
// or the restored one (restore); an export target is either absent or a complete, valid backup.
//
// An encrypted export killed while its plaintext snapshot exists leaves that plaintext only in the data
// directory's private scratch folder (never in the folder the user chose), and the next engine start
// removes it.
//
// TIERMASTER_BACKUPKILL_KILLS sets the kills per operation (default 6).

#include "core/controller/networkcontroller.h"
#include "core/store/backup.h"
#include "core/store/scratchfolder.h"
#include "common/enginetesting.h"
#include "common/vectors.h"
#include "resilience/resiliencesupport.h"

#include <QCryptographicHash>
#include <QProcess>
#include <QRandomGenerator>

#include <sys/stat.h>

using namespace tier;
using namespace tier::test;

class TestBackupKill final : public QObject
{
    Q_OBJECT

private:
    /// Members and their descriptions, hashed; empty if the database cannot be read or is damaged.
    QByteArray fingerprint(const QString &path)
    {
        Database db(QStringLiteral("kill-check-%1").arg(m_connections++));
        if (!db.open(DatabaseUri::sqliteFile(path)).ok())
            return {};
        Result<QSqlQuery> check = db.exec(QStringLiteral("PRAGMA integrity_check"));
        if (!check || !check->next() || check->value(0).toString() != QStringLiteral("ok"))
            return {};
        QCryptographicHash hash(QCryptographicHash::Sha256);
        {
            NetworkController controller(db, m_controller, nullptr, [] { return QDateTime::currentMSecsSinceEpoch(); });
            if (!controller.load().ok())
                return {};
            for (const NetworkDetails &n : controller.networks()) {
                hash.addData(QByteArray::number(n.id));
                for (const MemberInfo &m : controller.members(n.id)) {
                    hash.addData(m.address.toString().toLatin1());
                    hash.addData(m.description.toUtf8());
                    hash.addData(m.authorized ? "1" : "0");
                }
            }
        }
        db.close();
        return hash.result();
    }

    /// Adds `count` members with large descriptions (so that copies take a while).
    bool addMembers(const QString &path, int first, int count)
    {
        Database db(QStringLiteral("kill-fill-%1").arg(m_connections++));
        if (!db.open(DatabaseUri::sqliteFile(path)).ok())
            return false;
        bool ok = true;
        {
            NetworkController controller(db, m_controller, nullptr, [] { return QDateTime::currentMSecsSinceEpoch(); });
            ok = controller.load().ok();
            quint64 nwid = 0;
            if (ok && controller.networks().isEmpty()) {
                NetworkSettings s;
                s.name = QStringLiteral("big");
                Result<NetworkDetails> created = controller.createNetwork(s);
                ok = created.ok();
                if (ok)
                    nwid = created->id;
            } else if (ok) {
                nwid = controller.networks().first().id;
            }
            QRandomGenerator rng{quint32(first)};
            for (int i = first; ok && i < first + count; ++i) {
                MemberUpdate u;
                QByteArray text(64 * 1024, '\0');
                for (char &c : text)
                    c = char('a' + rng.bounded(26));
                u.description = QString::fromLatin1(text);
                ok = controller.updateMember(nwid, Address(0x1000000000ULL + quint64(i)), u).ok();
            }
        }
        db.close();
        return ok;
    }

    /// Starts the child, waits until it said "started", lets it run killAfterMs and kills it.
    /// Returns true if it was still running when killed (false: it had finished).
    bool runAndKill(const QStringList &args, qint64 killAfterMs)
    {
        QProcess child;
        child.start(m_child, args);
        if (!child.waitForStarted())
            return false;
        QElapsedTimer t;
        t.start();
        while (!child.canReadLine() && child.state() == QProcess::Running && t.elapsed() < 20000)
            child.waitForReadyRead(50);
        QElapsedTimer run;
        run.start();
        while (run.elapsed() < killAfterMs && child.state() == QProcess::Running)
            child.waitForFinished(int(qMax<qint64>(1, qMin<qint64>(5, killAfterMs - run.elapsed()))));
        const bool running = child.state() == QProcess::Running;
        child.kill();
        child.waitForFinished(10000);
        return running;
    }

    qint64 timeFullRun(const QStringList &args)
    {
        QProcess child;
        child.start(m_child, args);
        if (!child.waitForStarted())
            return -1;
        while (!child.canReadLine() && child.state() == QProcess::Running)
            child.waitForReadyRead(50);
        QElapsedTimer t;
        t.start();
        child.waitForFinished(60000);
        return child.exitCode() == 0 ? t.elapsed() : -1;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(crypto::initialize());
        m_child = test::binaryDir() + QStringLiteral("/tests/tm_backupchild");
        QVERIFY2(QFile::exists(m_child), qPrintable(m_child));
        m_kills = qEnvironmentVariableIntValue("TIERMASTER_BACKUPKILL_KILLS");
        if (m_kills <= 0)
            m_kills = 6;
        m_controller = loadIdentities(1, 900).value(0);
        QVERIFY(!m_controller.isNull());
        QVERIFY(m_dir.isValid());
        // Older state (the backup to restore) and newer state (the live database).
        m_older = QDir(m_dir.path()).filePath(QStringLiteral("older.db"));
        {
            Database db(QStringLiteral("kill-seed"));
            QVERIFY(db.open(DatabaseUri::sqliteFile(m_older)).ok());
            QVERIFY(ControllerIdentityRepository(db).save(m_controller, 1).ok());
        }
        QVERIFY(addMembers(m_older, 0, 120));
        m_newer = QDir(m_dir.path()).filePath(QStringLiteral("newer.db"));
        QVERIFY(Backup::exportFile(m_older, m_newer).ok());
        QVERIFY(addMembers(m_newer, 120, 40));
        // Checkpointed, self-contained files to copy from.
        m_olderBackup = QDir(m_dir.path()).filePath(QStringLiteral("older-backup.db"));
        QVERIFY(Backup::exportFile(m_older, m_olderBackup).ok());
        m_newerPristine = QDir(m_dir.path()).filePath(QStringLiteral("newer-pristine.db"));
        QVERIFY(Backup::exportFile(m_newer, m_newerPristine).ok());
        m_olderPrint = fingerprint(m_olderBackup);
        m_newerPrint = fingerprint(m_newerPristine);
        QVERIFY(!m_olderPrint.isEmpty() && !m_newerPrint.isEmpty());
        QVERIFY(m_olderPrint != m_newerPrint);
        qInfo("database size %lld KiB", QFileInfo(m_newerPristine).size() / 1024);
    }

    void exportKilledLeavesTheDatabaseAndNoHalfBackup()
    {
        QTemporaryDir work;
        const QString live = QDir(work.path()).filePath(QStringLiteral("controller.db"));
        QVERIFY(QFile::copy(m_newerPristine, live));
        const qint64 full =
            timeFullRun({QStringLiteral("export"), live, QDir(work.path()).filePath(QStringLiteral("timing.db"))});
        QVERIFY(full >= 0);
        qInfo("a full export takes %lld ms here", full);
        QRandomGenerator rng(7);
        int killedMidway = 0;
        int targetsLeft = 0;
        for (int i = 0; i < m_kills; ++i) {
            const QString target = QDir(work.path()).filePath(QStringLiteral("export-%1.db").arg(i));
            if (runAndKill({QStringLiteral("export"), live, target}, qint64(rng.bounded(int(full + 20)))))
                ++killedMidway;
            QCOMPARE(fingerprint(live), m_newerPrint);
            if (QFileInfo::exists(target)) {
                ++targetsLeft;
                const Result<BackupSummary> valid = Backup::validate(target);
                QVERIFY2(valid.ok(), valid ? "" : qPrintable(valid.error().message));
                QCOMPARE(fingerprint(target), m_newerPrint);
            }
        }
        QStringList leftovers;
        for (const QString &name : QDir(work.path()).entryList(QDir::Files | QDir::Hidden))
            if (name.startsWith(u'.'))
                leftovers.append(name);
        qInfo("%d export kills, %d while running; %d complete targets; %d hidden temporaries left behind: %s", m_kills,
              killedMidway, targetsLeft, int(leftovers.size()), qPrintable(leftovers.join(u' ')));
    }

    void encryptedExportKilledLeavesPlaintextOnlyInScratchUntilNextStart()
    {
        QTemporaryDir work;
        const QString dataDir = QDir(work.path()).filePath(QStringLiteral("data"));
        const QString chosen = QDir(work.path()).filePath(QStringLiteral("chosen"));
        QVERIFY(QDir().mkpath(dataDir) && QDir().mkpath(chosen));
        const QString live = QDir(dataDir).filePath(QStringLiteral("controller.db"));
        QVERIFY(QFile::copy(m_newerPristine, live));
        const QString target = QDir(chosen).filePath(QStringLiteral("sealed.tmbackup"));

        QProcess child;
        child.start(m_child, {QStringLiteral("export-encrypted"), live, dataDir, target});
        QVERIFY(child.waitForStarted());
        QByteArray said;
        QElapsedTimer t;
        t.start();
        while (!said.contains("plain-ready") && child.state() == QProcess::Running && t.elapsed() < 60000) {
            child.waitForReadyRead(50);
            said += child.readAll();
        }
        QVERIFY2(said.contains("plain-ready"), said.constData());
        child.kill(); // SIGKILL while the plaintext exists
        QVERIFY(child.waitForFinished(10000));

        // What the killed run left: the plaintext (an SQLite file with the secret key) in the scratch
        // folder only (0700 folder, 0600 file) …
        const QDir scratch(ScratchFolder::path(dataDir));
        const QStringList left = scratch.entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
        QCOMPARE(left.size(), 1);
        auto modeOf = [](const QString &path) {
            struct stat info = {};
            return ::stat(QFile::encodeName(path).constData(), &info) == 0 ? unsigned(info.st_mode & 0777) : 0u;
        };
        QCOMPARE(modeOf(scratch.path()), 0700u);
        QCOMPARE(modeOf(scratch.filePath(left.first())), 0600u);
        QVERIFY(Backup::validate(scratch.filePath(left.first())).ok());
        // … and nothing unencrypted in the folder the user chose.
        for (const QFileInfo &entry : QDir(chosen).entryInfoList(QDir::Files | QDir::Hidden)) {
            QFile file(entry.filePath());
            QVERIFY(file.open(QIODevice::ReadOnly));
            QVERIFY2(!file.read(16).startsWith("SQLite format 3"), qPrintable(entry.fileName()));
        }

        // The next start sweeps the scratch folder.
        EngineOptions options;
        options.dataDir = dataDir;
        options.udpPort = 0;
        options.udpBindAddress = QStringLiteral("127.0.0.1");
        options.planetFile = test::vectorPath(QStringLiteral("lab/lab-planet.bin"));
        options.backupIntervalHours = 0;
        EngineClient engine;
        engine.start(options);
        QTRY_VERIFY_WITH_TIMEOUT(engine.state() != EngineClient::State::Starting, 30000);
        QVERIFY2(engine.state() == EngineClient::State::Running, qPrintable(engine.lastError()));
        QCOMPARE(scratch.entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), QStringList());
        QVERIFY(test::stopEngine(engine));
    }

    void restoreKilledLeavesOneWholeDatabase()
    {
        QRandomGenerator rng(11);
        qint64 full = -1;
        {
            QTemporaryDir work;
            const QString live = QDir(work.path()).filePath(QStringLiteral("controller.db"));
            QVERIFY(QFile::copy(m_newerPristine, live));
            full = timeFullRun({QStringLiteral("restore"), m_olderBackup, live, work.path()});
            QVERIFY(full >= 0);
            QCOMPARE(fingerprint(live), m_olderPrint);
        }
        qInfo("a full restore takes %lld ms here", full);
        int older = 0;
        int newer = 0;
        int killedMidway = 0;
        for (int i = 0; i < m_kills; ++i) {
            QTemporaryDir work;
            const QString live = QDir(work.path()).filePath(QStringLiteral("controller.db"));
            QVERIFY(QFile::copy(m_newerPristine, live));
            QFile(live).setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
            if (runAndKill({QStringLiteral("restore"), m_olderBackup, live, work.path()},
                           qint64(rng.bounded(int(full + 20)))))
                ++killedMidway;
            const QByteArray print = fingerprint(live);
            QVERIFY2(print == m_olderPrint || print == m_newerPrint,
                     qPrintable(QStringLiteral("restore killed (run %1): the live database is neither state").arg(i)));
            (print == m_olderPrint ? older : newer) += 1;
        }
        qInfo("%d restore kills, %d while running: live database afterwards = the old state %d times, the restored "
              "state %d times, damaged 0 times",
              m_kills, killedMidway, newer, older);
    }

private:
    QString m_child;
    int m_kills = 6;
    int m_connections = 0;
    Identity m_controller;
    QTemporaryDir m_dir;
    QString m_older;
    QString m_newer;
    QString m_olderBackup;
    QString m_newerPristine;
    QByteArray m_olderPrint;
    QByteArray m_newerPrint;
};

QTEST_GUILESS_MAIN(TestBackupKill)
#include "tst_backupkill.moc"
