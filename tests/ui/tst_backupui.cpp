// SPDX-License-Identifier: GPL-3.0-or-later
// File → Export backup / Restore backup against a real engine on loopback (private lab planet).
#include "common/enginetesting.h"
#include "common/vectors.h"
#include "core/models/networklistmodel.h"
#include "core/service/engineclient.h"
#include "core/store/backup.h"
#include "core/store/backupcipher.h"
#include "core/store/scratchfolder.h"
#include "ui/exportbackupdialog.h"
#include "ui/importdialog.h"
#include "ui/mainwindow.h"
#include "ui/restoreflow.h"
#include "ui/uisettings.h"

#include <QAction>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

#include <sodium.h>
#include <sys/stat.h>

using tier::Backup;
using tier::EngineClient;
using tier::MainWindow;
using tier::RestoreFlow;

namespace {

/// Network names in a database file, read through a separate read-only connection (WAL: safe while the
/// engine writes).
QStringList networkNamesIn(const QString &path)
{
    QStringList names;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("inspect"));
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery query(QStringLiteral("SELECT name FROM networks ORDER BY name"), db);
            while (query.next())
                names << query.value(0).toString();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("inspect"));
    return names;
}

QStringList modelNames(const MainWindow &window)
{
    QStringList names;
    for (int row = 0; row < window.networkModel()->rowCount(); ++row)
        names << window.networkModel()->networkAt(row).name;
    names.sort();
    return names;
}

unsigned modeOf(const QString &path)
{
    struct stat info = {};
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return 0;
    return info.st_mode & 0777;
}

} // namespace

class TestBackupUi final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void exportChangeRestore();
    void encryptedExportAndRestore();
    void corruptAndForeignFilesAreRefused();
    void exportDialogRefusesBadInput();
    void cancelledExportLeavesNoFile();
    void importGoesThroughTheSameFlow();

private:
    void startEngine(MainWindow &window);
    void createNetwork(MainWindow &window, const QString &name);
    QString exportThroughDialog(MainWindow &window, const QString &fileName, const QByteArray &passphrase = {});
    void installSeams(MainWindow &window);
    QString livePath() const { return EngineClient::databaseFilePath(m_engine->options()); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<EngineClient> m_engine;
    QStringList m_errors;
    QStringList m_confirmations;
    bool m_confirmAnswer = true;
    QString m_fileAnswer;
    std::optional<QByteArray> m_passphraseAnswer;
};

void TestBackupUi::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setApplicationName(QStringLiteral("tiermaster-test-backupui"));
    QVERIFY(sodium_init() >= 0);
}

void TestBackupUi::init()
{
    tier::openUiSettings()->clear();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_engine = std::make_unique<EngineClient>();
    m_errors.clear();
    m_confirmations.clear();
    m_confirmAnswer = true;
    m_fileAnswer.clear();
    m_passphraseAnswer.reset();
}

void TestBackupUi::cleanup()
{
    m_engine.reset();
    m_dir.reset();
}

void TestBackupUi::installSeams(MainWindow &window)
{
    window.setErrorPresenter([this](const QString &message) { m_errors << message; });
    window.setOpenFilePrompt([this](const QString &) { return m_fileAnswer; });
    window.restoreFlow()->setErrorPresenter(
        [this](const QString &title, const QString &text) { m_errors << title + u'\n' + text; });
    window.restoreFlow()->setConfirmPrompt([this](const QString &, const QString &text) {
        m_confirmations << text;
        return m_confirmAnswer;
    });
    window.restoreFlow()->setPassphrasePrompt([this](const QString &) { return m_passphraseAnswer; });
}

void TestBackupUi::startEngine(MainWindow &window)
{
    tier::EngineOptions options = tier::test::loopbackEngineOptions(m_dir->filePath(QStringLiteral("data")));
    options.backupIntervalHours = 0; // only the backups this test makes
    m_engine->start(options);
    QTRY_VERIFY2_WITH_TIMEOUT(m_engine->state() != EngineClient::State::Starting, "engine did not start", 30000);
    QVERIFY2(m_engine->state() == EngineClient::State::Running, qPrintable(m_engine->lastError()));
    QVERIFY(window.exportBackupAction()->isEnabled());
    QVERIFY(window.restoreBackupAction()->isEnabled());
}

void TestBackupUi::createNetwork(MainWindow &window, const QString &name)
{
    const int before = window.networkModel()->rowCount();
    m_engine->createNetwork(name);
    QTRY_COMPARE_WITH_TIMEOUT(window.networkModel()->rowCount(), before + 1, 15000);
}

QString TestBackupUi::exportThroughDialog(MainWindow &window, const QString &fileName, const QByteArray &passphrase)
{
    window.exportBackupAction()->trigger();
    tier::ExportBackupDialog *dialog = window.exportBackupDialog();
    if (!dialog)
        return QString();
    dialog->setCipherLimits(crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN);
    const QString target = m_dir->filePath(fileName);
    dialog->pathEdit()->setText(target);
    if (!passphrase.isEmpty()) {
        dialog->encryptBox()->setChecked(true);
        dialog->passphraseEdit()->setText(QString::fromUtf8(passphrase));
        dialog->repeatEdit()->setText(QString::fromUtf8(passphrase));
    }
    QSignalSpy exported(dialog, &tier::ExportBackupDialog::exported);
    QTest::mouseClick(dialog->exportButton(), Qt::LeftButton);
    if (!dialog->errorText().isEmpty())
        qWarning() << dialog->errorText();
    if (!QTest::qWaitFor([&] { return exported.size() == 1 || !dialog->errorText().isEmpty(); }, 30000))
        return QString();
    if (exported.isEmpty()) {
        qWarning() << dialog->errorText();
        return QString();
    }
    // Done: the button now closes the dialog.
    QTest::mouseClick(dialog->exportButton(), Qt::LeftButton);
    return exported.at(0).at(0).toString();
}

void TestBackupUi::exportChangeRestore()
{
    MainWindow window(m_engine.get());
    installSeams(window);
    window.show();
    startEngine(window);
    const QString controller = m_engine->controllerAddress();
    createNetwork(window, QStringLiteral("before"));

    const QString backup = exportThroughDialog(window, QStringLiteral("snapshot.db"));
    QVERIFY(!backup.isEmpty());
    QCOMPARE(modeOf(backup), 0600u);
    auto summary = Backup::validate(backup);
    QVERIFY2(summary, summary ? "" : qPrintable(summary.error().message));
    QCOMPARE(summary->networkCount, 1);
    QCOMPARE(summary->controller.toString(), controller);
    QVERIFY(m_engine->state() == EngineClient::State::Running); // exported while the engine kept running

    // Change the data after the backup.
    createNetwork(window, QStringLiteral("after"));
    QCOMPARE(modelNames(window), (QStringList{QStringLiteral("after"), QStringLiteral("before")}));

    // Declining the confirmation changes nothing.
    m_fileAnswer = backup;
    m_confirmAnswer = false;
    QSignalSpy finished(window.restoreFlow(), &RestoreFlow::finished);
    window.restoreBackupAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    QCOMPARE(m_engine->state(), EngineClient::State::Running);
    QCOMPARE(networkNamesIn(livePath()), (QStringList{QStringLiteral("after"), QStringLiteral("before")}));
    // The confirmation shows what the file holds.
    QCOMPARE(m_confirmations.size(), 1);
    QVERIFY2(m_confirmations.at(0).contains(QStringLiteral("Networks: 1")), qPrintable(m_confirmations.at(0)));
    QVERIFY(m_confirmations.at(0).contains(QStringLiteral("Members: 0")));
    QVERIFY(m_confirmations.at(0).contains(QStringLiteral("Controller: %1").arg(controller)));
    QVERIFY(m_confirmations.at(0).contains(QStringLiteral("Last change:")));

    // Accepted: the engine restarts on the restored database and the window shows the earlier state.
    m_confirmAnswer = true;
    window.restoreBackupAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 30000);
    QVERIFY2(finished.at(1).at(0).toBool(), qPrintable(finished.at(1).at(1).toString()));
    QVERIFY2(m_errors.isEmpty(), qPrintable(m_errors.join(u'\n')));
    QTRY_COMPARE_WITH_TIMEOUT(m_engine->state(), EngineClient::State::Running, 30000);
    QCOMPARE(m_engine->controllerAddress(), controller);
    QTRY_COMPARE_WITH_TIMEOUT(modelNames(window), QStringList{QStringLiteral("before")}, 15000);
    QCOMPARE(networkNamesIn(livePath()), QStringList{QStringLiteral("before")});
    // The replaced database was kept as an automatic backup, with the later change in it.
    const QString message = finished.at(1).at(1).toString();
    const QStringList kept =
        QDir(Backup::backupsFolder(m_engine->options().dataDir)).entryList({QStringLiteral("controller-*.db")});
    QCOMPARE(kept.size(), 1);
    const QString safety = QDir(Backup::backupsFolder(m_engine->options().dataDir)).filePath(kept.first());
    QVERIFY2(message.contains(kept.first()), qPrintable(message));
    QCOMPARE(networkNamesIn(safety), (QStringList{QStringLiteral("after"), QStringLiteral("before")}));
    QCOMPARE(modeOf(safety), 0600u);
}

void TestBackupUi::encryptedExportAndRestore()
{
    MainWindow window(m_engine.get());
    installSeams(window);
    window.show();
    startEngine(window);
    createNetwork(window, QStringLiteral("secret-net"));
    const QString backup = exportThroughDialog(window, QStringLiteral("sealed.tmbackup"), "correct horse");
    QVERIFY(!backup.isEmpty());
    QVERIFY(tier::BackupCipher::isEncrypted(backup));
    QCOMPARE(modeOf(backup), 0600u);
    // No plain copy was left next to it.
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::Files | QDir::Hidden).filter(QStringLiteral("sealed")).size(), 1);
    createNetwork(window, QStringLiteral("later"));

    QSignalSpy finished(window.restoreFlow(), &RestoreFlow::finished);
    m_fileAnswer = backup;
    m_passphraseAnswer = QByteArray("wrong passphrase");
    window.restoreBackupAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    QCOMPARE(m_errors.size(), 1);
    QVERIFY2(m_errors.at(0).contains(QStringLiteral("Wrong passphrase")), qPrintable(m_errors.at(0)));
    QVERIFY(m_confirmations.isEmpty());
    QCOMPARE(m_engine->state(), EngineClient::State::Running);
    QCOMPARE(networkNamesIn(livePath()), (QStringList{QStringLiteral("later"), QStringLiteral("secret-net")}));

    // Cancelling the passphrase prompt does nothing at all.
    m_passphraseAnswer.reset();
    window.restoreBackupAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 30000);
    QCOMPARE(m_errors.size(), 1);

    m_passphraseAnswer = QByteArray("correct horse");
    window.restoreBackupAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 3, 30000);
    QVERIFY2(finished.at(2).at(0).toBool(), qPrintable(finished.at(2).at(1).toString()));
    QTRY_COMPARE_WITH_TIMEOUT(m_engine->state(), EngineClient::State::Running, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(modelNames(window), QStringList{QStringLiteral("secret-net")}, 15000);
    // The decrypted temporary copy is gone from the data directory.
    QCOMPARE(
        QDir(m_engine->options().dataDir).entryList({QStringLiteral(".restore-*")}, QDir::AllEntries | QDir::Hidden),
        QStringList());
    // So is every plaintext copy: the scratch folder (where the decrypted copy and the export's plain
    // snapshot lived, 0700) is empty.
    QCOMPARE(modeOf(tier::ScratchFolder::path(m_engine->options().dataDir)), 0700u);
    QCOMPARE(QDir(tier::ScratchFolder::path(m_engine->options().dataDir))
                 .entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
             QStringList());
}

void TestBackupUi::corruptAndForeignFilesAreRefused()
{
    MainWindow window(m_engine.get());
    installSeams(window);
    window.show();
    startEngine(window);
    createNetwork(window, QStringLiteral("keep-me"));
    const QString controller = m_engine->controllerAddress();
    const QString good = exportThroughDialog(window, QStringLiteral("good.db"));
    QVERIFY(!good.isEmpty());

    // A damaged copy (cut in half), random bytes, and an SQLite database of another program.
    const QString truncated = m_dir->filePath(QStringLiteral("truncated.db"));
    {
        QFile in(good);
        QVERIFY(in.open(QIODevice::ReadOnly));
        QFile out(truncated);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(in.read(in.size() / 2 + 100));
    }
    const QString garbage = m_dir->filePath(QStringLiteral("garbage.db"));
    {
        QFile out(garbage);
        QVERIFY(out.open(QIODevice::WriteOnly));
        QByteArray bytes(16384, '\0');
        randombytes_buf(bytes.data(), size_t(bytes.size()));
        out.write(bytes);
    }
    const QString foreign = m_dir->filePath(QStringLiteral("foreign.db"));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("foreign"));
        db.setDatabaseName(foreign);
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(query.exec(QStringLiteral("CREATE TABLE recipes (id INTEGER PRIMARY KEY, title TEXT)")));
        QVERIFY(query.exec(QStringLiteral("INSERT INTO recipes (title) VALUES ('soup')")));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("foreign"));

    QSignalSpy finished(window.restoreFlow(), &RestoreFlow::finished);
    QSignalSpy stateChanges(m_engine.get(), &EngineClient::stateChanged);
    const struct
    {
        QString path;
        QString reason;
    } cases[] = {
        {truncated, QStringLiteral("truncated")},
        {garbage, QStringLiteral("not an SQLite database")},
        {foreign, QStringLiteral("not a Tiermaster")},
        {m_dir->filePath(QStringLiteral("missing.db")), QStringLiteral("does not exist")},
    };
    int expected = 0;
    for (const auto &c : cases) {
        const QByteArray foreignBefore = [&] {
            QFile file(c.path);
            return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        }();
        m_fileAnswer = c.path;
        window.restoreBackupAction()->trigger();
        ++expected;
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), expected, 30000);
        QCOMPARE(finished.last().at(0).toBool(), false);
        QCOMPARE(m_errors.size(), expected);
        QVERIFY2(m_errors.last().contains(c.reason, Qt::CaseInsensitive), qPrintable(m_errors.last()));
        QVERIFY2(c.path.endsWith(QStringLiteral("missing.db")) ||
                     m_errors.last().contains(QStringLiteral("current database was not changed")),
                 qPrintable(m_errors.last()));
        // Nothing was asked, the engine never stopped, the live data and the refused file are as they were.
        QVERIFY(m_confirmations.isEmpty());
        QCOMPARE(stateChanges.size(), 0);
        QCOMPARE(m_engine->controllerAddress(), controller);
        QCOMPARE(networkNamesIn(livePath()), QStringList{QStringLiteral("keep-me")});
        QCOMPARE(modelNames(window), QStringList{QStringLiteral("keep-me")});
        QFile after(c.path);
        if (after.open(QIODevice::ReadOnly))
            QCOMPARE(after.readAll(), foreignBefore);
    }
    QVERIFY(!QDir(Backup::backupsFolder(m_engine->options().dataDir)).exists() ||
            QDir(Backup::backupsFolder(m_engine->options().dataDir)).isEmpty());
}

void TestBackupUi::exportDialogRefusesBadInput()
{
    MainWindow window(m_engine.get());
    installSeams(window);
    window.show();
    // Not started yet: no export.
    QVERIFY(!window.exportBackupAction()->isEnabled());
    startEngine(window);
    window.exportBackupAction()->trigger();
    tier::ExportBackupDialog *dialog = window.exportBackupDialog();
    QVERIFY(dialog);
    QVERIFY(dialog->findChild<QWidget *>(QStringLiteral("exportNote")));
    QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("exportNote"))->text().contains(QStringLiteral("secret key")));

    const QString existing = m_dir->filePath(QStringLiteral("existing.db"));
    {
        QFile file(existing);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("keep");
    }
    dialog->pathEdit()->setText(existing);
    QTest::mouseClick(dialog->exportButton(), Qt::LeftButton);
    QVERIFY2(dialog->errorText().contains(QStringLiteral("already exists")), qPrintable(dialog->errorText()));
    QVERIFY(!dialog->isRunning());
    QFile kept(existing);
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), QByteArray("keep"));

    dialog->pathEdit()->setText(m_dir->filePath(QStringLiteral("no-such-folder/backup.db")));
    QTest::mouseClick(dialog->exportButton(), Qt::LeftButton);
    QVERIFY2(dialog->errorText().contains(QStringLiteral("does not exist")), qPrintable(dialog->errorText()));

    const QString target = m_dir->filePath(QStringLiteral("new.db"));
    dialog->pathEdit()->setText(target);
    dialog->encryptBox()->setChecked(true);
    dialog->passphraseEdit()->setText(QStringLiteral("long enough"));
    dialog->repeatEdit()->setText(QStringLiteral("long enougH"));
    QTest::mouseClick(dialog->exportButton(), Qt::LeftButton);
    QVERIFY2(dialog->errorText().contains(QStringLiteral("differ")), qPrintable(dialog->errorText()));
    dialog->passphraseEdit()->setText(QStringLiteral("short"));
    dialog->repeatEdit()->setText(QStringLiteral("short"));
    QTest::mouseClick(dialog->exportButton(), Qt::LeftButton);
    QVERIFY2(dialog->errorText().contains(QStringLiteral("at least")), qPrintable(dialog->errorText()));
    QVERIFY(!QFile::exists(target));
}

void TestBackupUi::cancelledExportLeavesNoFile()
{
    MainWindow window(m_engine.get());
    installSeams(window);
    window.show();
    startEngine(window);
    createNetwork(window, QStringLiteral("n"));
    window.exportBackupAction()->trigger();
    QPointer<tier::ExportBackupDialog> dialog = window.exportBackupDialog();
    QVERIFY(dialog);
    const QString target = m_dir->filePath(QStringLiteral("cancelled.db"));
    dialog->pathEdit()->setText(target);
    QTest::mouseClick(dialog->exportButton(), Qt::LeftButton);
    QVERIFY(dialog->isRunning());
    dialog->reject();
    // Whether the copy finished before or after Cancel, nothing stays behind once it has stopped.
    QThreadPool::globalInstance()->waitForDone();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog, 15000); // closed and deleted (WA_DeleteOnClose)
    QCoreApplication::processEvents();
    QVERIFY(!QFile::exists(target));
    QCOMPARE(QDir(m_dir->path()).entryList({QStringLiteral(".cancelled.db*")}, QDir::Files | QDir::Hidden),
             QStringList());
}

void TestBackupUi::importGoesThroughTheSameFlow()
{
    MainWindow window(m_engine.get());
    installSeams(window);
    window.show();
    startEngine(window);
    createNetwork(window, QStringLiteral("replaced-by-import"));
    const QString ownController = m_engine->controllerAddress();

    // The zerotier-one home fixture of the import tests: controller 97571f2b97 with office, lab and spare.
    window.importAction()->trigger();
    tier::ImportDialog *dialog = window.importDialog();
    QVERIFY(dialog);
    QSignalSpy shown(dialog, &tier::ImportDialog::previewReady);
    dialog->setSourcePath(tier::test::sourceDir() + QStringLiteral("/tests/migrate/fixtures/zerotier-home"));
    QVERIFY(shown.wait(30000)); // the dry run runs off the UI thread
    QVERIFY2(dialog->importButton()->isEnabled(), qPrintable(dialog->summaryLabel()->text()));
    QSignalSpy finished(window.restoreFlow(), &RestoreFlow::finished);
    dialog->accept();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString() + m_errors.join(u'\n')));
    // The confirmation named the foreign controller and what the file holds.
    QCOMPARE(m_confirmations.size(), 1);
    QVERIFY2(m_confirmations.at(0).contains(QStringLiteral("imported data")), qPrintable(m_confirmations.at(0)));
    QVERIFY(m_confirmations.at(0).contains(QStringLiteral("Controller: 97571f2b97")));
    QVERIFY(m_confirmations.at(0).contains(QStringLiteral("Networks: 3")));
    QVERIFY(m_confirmations.at(0).contains(ownController));

    QTRY_COMPARE_WITH_TIMEOUT(m_engine->state(), EngineClient::State::Running, 30000);
    QCOMPARE(m_engine->controllerAddress(), QStringLiteral("97571f2b97"));
    QTRY_COMPARE_WITH_TIMEOUT(window.networkModel()->rowCount(), 3, 15000);
    QVERIFY(modelNames(window).contains(QStringLiteral("office")));
    QVERIFY(modelNames(window).contains(QStringLiteral("lab")));
    QVERIFY(networkNamesIn(livePath()).contains(QStringLiteral("office")));
    // The previous controller is kept as an automatic backup; the import's temporary database is gone.
    const QDir backups(Backup::backupsFolder(m_engine->options().dataDir));
    const QStringList kept = backups.entryList({QStringLiteral("controller-*.db")});
    QCOMPARE(kept.size(), 1);
    QCOMPARE(networkNamesIn(backups.filePath(kept.first())), QStringList{QStringLiteral("replaced-by-import")});
    const QStringList leftovers = QDir(m_engine->options().dataDir).entryList(QDir::Files | QDir::Hidden);
    for (const QString &name : leftovers)
        QVERIFY2(name.startsWith(QStringLiteral("controller.db")) || name == QStringLiteral("identity.public") ||
                     name == QStringLiteral("authtoken.secret"),
                 qPrintable(name));
    // The built database (the imported secret key inside) lived in the private scratch folder, and is gone.
    QTRY_COMPARE(QDir(tier::ScratchFolder::path(m_engine->options().dataDir))
                     .entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
                 QStringList());
}

QTEST_MAIN(TestBackupUi)
#include "tst_backupui.moc"
