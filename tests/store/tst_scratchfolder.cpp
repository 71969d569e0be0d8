// SPDX-License-Identifier: GPL-3.0-or-later
// ScratchFolder and EncryptedExport: plaintext copies of the database only in <data-dir>/scratch
// (0700 folder, 0600 files), none in the folder the user chose; sweep() removes what another (killed)
// process left and keeps what this one still uses.
#include "common/vectors.h"
#include "core/crypto/primitives.h"
#include "core/store/backupcipher.h"
#include "core/store/controlleridentityrepository.h"
#include "core/store/database.h"
#include "core/store/scratchfolder.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <sodium.h>
#include <sys/stat.h>

using namespace tier;

namespace {

unsigned modeOf(const QString &path)
{
    struct stat info = {};
    return ::stat(QFile::encodeName(path).constData(), &info) == 0 ? unsigned(info.st_mode & 0777) : 0u;
}

bool touch(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write("plain") == 5;
}

QStringList entries(const QString &folder)
{
    return QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
}

} // namespace

class TestScratchFolder : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(crypto::initialize()); }

    void folderIsPrivateAndNamesCarryThePid()
    {
        QTemporaryDir dir;
        const QString dataDir = dir.filePath(QStringLiteral("data"));
        auto path = ScratchFolder::newFilePath(dataDir, QStringLiteral("export"));
        QVERIFY2(path, path ? "" : qPrintable(path.error().message));
        QCOMPARE(QFileInfo(*path).absolutePath(), QFileInfo(ScratchFolder::path(dataDir)).absoluteFilePath());
        QVERIFY(QFileInfo(*path).fileName().startsWith(
            QStringLiteral("export-%1-").arg(QCoreApplication::applicationPid())));
        QVERIFY(!QFile::exists(*path));
        QCOMPARE(modeOf(ScratchFolder::path(dataDir)), 0700u);

        // An existing folder that is too open is made private again.
        QVERIFY(QFile::setPermissions(ScratchFolder::path(dataDir), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                                        QFileDevice::ExeOwner | QFileDevice::ReadOther |
                                                                        QFileDevice::ExeOther));
        QVERIFY(ScratchFolder::ensure(dataDir));
        QCOMPARE(modeOf(ScratchFolder::path(dataDir)), 0700u);
    }

    void refusesASymlinkOrAFile()
    {
        QTemporaryDir dir;
        const QString elsewhere = dir.filePath(QStringLiteral("elsewhere"));
        QVERIFY(QDir().mkpath(elsewhere));
        const QString dataDir = dir.filePath(QStringLiteral("data"));
        QVERIFY(QDir().mkpath(dataDir));
        QVERIFY(QFile::link(elsewhere, ScratchFolder::path(dataDir)));
        QVERIFY(!ScratchFolder::ensure(dataDir));
        QVERIFY(!ScratchFolder::newFilePath(dataDir, QStringLiteral("x")));
        QVERIFY(ScratchFolder::sweep(dataDir).isEmpty()); // never follows it
        QVERIFY(QFileInfo(elsewhere).isDir());
    }

    void sweepRemovesWhatOtherProcessesLeft()
    {
        QTemporaryDir dir;
        const QString dataDir = dir.filePath(QStringLiteral("data"));
        auto own = ScratchFolder::newFilePath(dataDir, QStringLiteral("export"));
        QVERIFY(own);
        QVERIFY(touch(*own));
        const QString folder = ScratchFolder::path(dataDir);
        // A killed run (another pid): its plaintext, a partial snapshot with a sidecar, an import folder.
        QVERIFY(touch(QDir(folder).filePath(QStringLiteral("export-4194305-0123456789abcdef"))));
        QVERIFY(touch(QDir(folder).filePath(QStringLiteral(".export-4194305-0123.partial-99"))));
        QVERIFY(touch(QDir(folder).filePath(QStringLiteral(".export-4194305-0123.partial-99-journal"))));
        QVERIFY(QDir().mkpath(QDir(folder).filePath(QStringLiteral("import-4194305-77/inner"))));
        QVERIFY(touch(QDir(folder).filePath(QStringLiteral("import-4194305-77/inner/built.db"))));

        const QStringList removed = ScratchFolder::sweep(dataDir);
        QCOMPARE(removed.size(), 4);
        QCOMPARE(entries(folder), QStringList{QFileInfo(*own).fileName()}); // this process's file stays
        QVERIFY(ScratchFolder::sweep(QString()).isEmpty());
    }

    void encryptedExportLeavesNoPlaintext()
    {
        QTemporaryDir dir;
        const QString dataDir = dir.filePath(QStringLiteral("data"));
        QVERIFY(QDir().mkpath(dataDir));
        const QString live = QDir(dataDir).filePath(QStringLiteral("controller.db"));
        {
            Database db;
            QVERIFY(db.open(DatabaseUri::sqliteFile(live)).ok());
            QVERIFY(ControllerIdentityRepository(db).loadOrCreate(1000).ok());
        }
        const QString chosen = dir.filePath(QStringLiteral("chosen"));
        QVERIFY(QDir().mkpath(chosen));
        EncryptedExport job;
        job.databasePath = live;
        job.dataDir = dataDir;
        job.targetPath = QDir(chosen).filePath(QStringLiteral("sealed.tmbackup"));
        job.passphrase = "correct horse";
        job.opsLimit = crypto_pwhash_OPSLIMIT_MIN;
        job.memLimit = crypto_pwhash_MEMLIMIT_MIN;
        QString seenPlain;
        QStringList chosenWhilePlain;
        job.plainReady = [&](const QString &plain) {
            seenPlain = plain;
            chosenWhilePlain = entries(chosen);
            QCOMPARE(modeOf(plain), 0600u);
        };
        auto written = job.run();
        QVERIFY2(written, written ? "" : qPrintable(written.error().message));
        // The plaintext was in the scratch folder, and nothing was in the chosen folder meanwhile.
        QVERIFY(seenPlain.startsWith(ScratchFolder::path(dataDir) + u'/'));
        QCOMPARE(chosenWhilePlain, QStringList());
        // Afterwards: the encrypted file only; the scratch folder is empty.
        QCOMPARE(entries(chosen), QStringList{QStringLiteral("sealed.tmbackup")});
        QVERIFY(BackupCipher::isEncrypted(job.targetPath));
        QCOMPARE(modeOf(job.targetPath), 0600u);
        QCOMPARE(entries(ScratchFolder::path(dataDir)), QStringList());

        // A failure (the target exists) removes the plaintext too.
        auto again = job.run();
        QVERIFY(!again);
        QCOMPARE(entries(ScratchFolder::path(dataDir)), QStringList());
    }
};

QTEST_GUILESS_MAIN(TestScratchFolder)
#include "tst_scratchfolder.moc"
