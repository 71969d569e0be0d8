// SPDX-License-Identifier: GPL-3.0-or-later
// File → Import…'s dialog: the dry-run preview of the controller.d fixture (networks, members, problems), Import
// disabled for a broken tree, Import building a complete controller.db that Backup::validate accepts, Cancel
// leaving nothing behind.
#include "core/crypto/primitives.h"
#include "core/service/enginedatamaintenance.h"
#include "core/store/backup.h"
#include "migrate/migratetestsupport.h"
#include "ui/importdialog.h"

#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace tier;

namespace {

/// setSourcePath() only starts the dry run (off the UI thread): wait for it to be shown.
bool choose(ImportDialog &dialog, const QString &path)
{
    QSignalSpy shown(&dialog, &ImportDialog::previewReady);
    dialog.setSourcePath(path);
    return shown.size() > 0 || shown.wait(30000);
}

} // namespace

class TestImportDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(crypto::initialize()); }

    void previewOfFixture()
    {
        QTemporaryDir work;
        EngineDataMaintenance maintenance(nullptr);
        ImportDialog dialog(&maintenance, nullptr, work.path());
        QVERIFY(!dialog.importButton()->isEnabled()); // nothing chosen yet
        QVERIFY(choose(dialog, test::fixtureHome()));
        QCOMPARE(dialog.controllerAddress(), QStringLiteral("97571f2b97"));
        QCOMPARE(dialog.networkTree()->topLevelItemCount(), 3);
        QTreeWidgetItem *office = dialog.networkTree()->topLevelItem(0);
        QCOMPARE(office->text(0), QStringLiteral("97571f2b97000001"));
        QCOMPARE(office->text(1), QStringLiteral("office"));
        QCOMPARE(office->text(2), QStringLiteral("4"));
        QCOMPARE(office->text(3), QStringLiteral("3"));
        QVERIFY(dialog.summaryLabel()->text().contains(QStringLiteral("97571f2b97")));
        QVERIFY(dialog.importButton()->isEnabled());
        // Previewing wrote nothing.
        QVERIFY(QDir(work.path()).isEmpty());
    }

    void brokenTreeCannotBeImported()
    {
        QTemporaryDir work;
        const QString home = work.filePath(QStringLiteral("home"));
        QVERIFY(test::copyTree(test::fixtureHome(), home));
        const QString broken =
            QDir(home).filePath(QStringLiteral("controller.d/network/97571f2b9700abcd/member/dc2075ef8c.json"));
        QVERIFY(test::writeText(broken, "not json"));
        EngineDataMaintenance maintenance(nullptr);
        ImportDialog dialog(&maintenance, nullptr, work.path());
        QSignalSpy shown(&dialog, &ImportDialog::previewReady);
        dialog.pathEdit()->setText(home);
        QMetaObject::invokeMethod(dialog.pathEdit(), "editingFinished");
        QVERIFY(shown.wait(30000));
        QVERIFY(!dialog.importButton()->isEnabled());
        QVERIFY(dialog.problemsView()->toPlainText().contains(broken));
        // Even if Import were triggered, nothing is built.
        QSignalSpy failed(&dialog, &ImportDialog::importFailed);
        dialog.accept();
        QVERIFY(failed.wait(30000));
        QVERIFY(dialog.importedDatabase().isEmpty());
        QVERIFY(!dialog.errorText().isEmpty());
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QCOMPARE(QDir(work.path()).entryList(QDir::Files | QDir::Hidden), QStringList());
    }

    void importBuildsACheckedDatabase()
    {
        QTemporaryDir work;
        EngineDataMaintenance maintenance(nullptr);
        ImportDialog dialog(&maintenance, nullptr, work.path());
        QVERIFY(choose(dialog, test::fixtureHome()));
        QVERIFY(dialog.importButton()->isEnabled());
        dialog.show();
        QTest::mouseClick(dialog.importButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(dialog.result(), int(QDialog::Accepted), 30000);
        const QString built = dialog.importedDatabase();
        QVERIFY(!built.isEmpty());
        QVERIFY(built.startsWith(work.path()));
        auto summary = Backup::validate(built);
        QVERIFY2(summary.ok(), summary.ok() ? "" : qPrintable(summary.error().message));
        QCOMPARE(summary->controller.toString(), QStringLiteral("97571f2b97"));
        QCOMPARE(summary->networkCount, qint64(3));
        QCOMPARE(summary->memberCount, qint64(6));
        QCOMPARE(QDir(work.path()).entryList(QDir::Files | QDir::Hidden).size(), 1); // nothing else left
    }

    void cancelLeavesNothing()
    {
        QTemporaryDir work;
        EngineDataMaintenance maintenance(nullptr);
        ImportDialog dialog(&maintenance, nullptr, work.path());
        QVERIFY(choose(dialog, test::fixtureHome()));
        dialog.reject();
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QVERIFY(dialog.importedDatabase().isEmpty());
        QVERIFY(QDir(work.path()).isEmpty());
    }
};

QTEST_MAIN(TestImportDialog)
#include "tst_importdialog.moc"
