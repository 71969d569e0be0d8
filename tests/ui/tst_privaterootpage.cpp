// SPDX-License-Identifier: GPL-3.0-or-later
// Preferences → Private root against a real engine on loopback (lab planet in the data directory,
// whose root is another node): the page shows suggested endpoints, refuses bad ones with the
// engine's message, makes and installs a planet naming this controller through EngineClient, then
// shows it served with the path to hand out (Copy puts it on the clipboard), member instructions
// for the three systems, the open-root switch as a preference, and the status bar's "root: N peers".

#include "common/enginetesting.h"
#include "common/vectors.h"
#include "core/protocol/world.h"
#include "core/service/engineclient.h"
#include "ui/mainwindow.h"
#include "ui/preferences.h"
#include "ui/preferencesdialog.h"
#include "ui/privaterootpage.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using tier::EngineClient;
using tier::PrivateRootPage;

class TestPrivateRootPage final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setApplicationName(QStringLiteral("tiermaster-test-privateroot"));
        QVERIFY(m_dir.isValid());
        m_dataDir = QDir(m_dir.path()).filePath(QStringLiteral("data"));
        QVERIFY(QDir().mkpath(m_dataDir));
        // The lab planet as the data-dir planet (not --planet): a planet made here replaces it at once.
        QVERIFY(QFile::copy(tier::test::vectorPath(QStringLiteral("lab/lab-planet.bin")),
                            QDir(m_dataDir).filePath(QStringLiteral("planet"))));
        tier::EngineOptions options;
        options.dataDir = m_dataDir;
        options.udpPort = 0;
        options.udpBindAddress = QStringLiteral("127.0.0.1");
        options.backupIntervalHours = 0;
        m_engine = std::make_unique<EngineClient>();
        m_engine->setStatsInterval(200);
        m_engine->start(options);
        QTRY_VERIFY2_WITH_TIMEOUT(m_engine->state() != EngineClient::State::Starting, "engine did not start", 30000);
        QVERIFY2(m_engine->state() == EngineClient::State::Running, qPrintable(m_engine->lastError()));
    }

    void cleanupTestCase()
    {
        if (m_engine)
            tier::test::stopEngine(*m_engine);
        m_engine.reset();
    }

    void makesAndServesAPlanet()
    {
        tier::PreferencesDialog dialog(Preferences(), m_dataDir);
        dialog.setEngine(m_engine.get());
        QCOMPARE(dialog.tabs()->count(), 5);
        QCOMPARE(dialog.tabs()->tabText(4), QStringLiteral("Private root"));
        PrivateRootPage *page = dialog.privateRootPage();
        QVERIFY(page);
        dialog.tabs()->setCurrentWidget(page);

        // Not serving yet: the endpoints are suggestions (this machine's addresses, the UDP port), and
        // nothing can be made until the box is ticked.
        QTRY_VERIFY(page->statusLabel()->text().contains(QStringLiteral("Not serving")));
        QVERIFY(!page->enableCheck()->isChecked());
        QVERIFY(!page->makeButton()->isEnabled());
        const QString port = QString::number(m_engine->udpPort());
        for (const QString &line : page->endpointsEdit()->toPlainText().split(u'\n', Qt::SkipEmptyParts))
            QVERIFY2(line.endsWith(u'/' + port), qPrintable(line));
        const QString instructions = page->instructionsLabel()->text();
        QVERIFY(instructions.contains(QStringLiteral("/var/lib/zerotier-one/planet")));
        QVERIFY(instructions.contains(QStringLiteral("/Library/Application Support/ZeroTier/One/planet")));
        QVERIFY(instructions.contains(QStringLiteral("C:\\ProgramData\\ZeroTier\\One\\planet")));

        page->enableCheck()->setChecked(true);
        QVERIFY(page->makeButton()->isEnabled());
        const QString saved = QDir(m_dir.path()).filePath(QStringLiteral("members.planet"));
        page->setSavePrompt([saved](const QString &, const QString &) { return saved; });

        // A bad endpoint: the engine's message, nothing written.
        page->endpointsEdit()->setPlainText(QStringLiteral("0.0.0.0/%1").arg(port));
        page->makeButton()->click();
        QTRY_VERIFY2(page->messageText().contains(QStringLiteral("endpoint \"0.0.0.0/")),
                     qPrintable(page->messageText()));
        QVERIFY(!QFile::exists(saved));

        QSignalSpy installed(page, &PrivateRootPage::planetInstalled);
        page->endpointsEdit()->setPlainText(QStringLiteral("127.0.0.1/%1").arg(port));
        page->makeButton()->click();
        QVERIFY(installed.wait(10000));
        QVERIFY(QFile::exists(saved));
        QFile file(saved);
        QVERIFY(file.open(QIODevice::ReadOnly));
        auto planet = tier::World::fromBytes(file.readAll());
        QVERIFY(planet);
        QCOMPARE(planet->roots().size(), 1);
        QCOMPARE(planet->roots().first().identity.address().toString(), m_engine->controllerAddress());
        QCOMPARE(page->pathEdit()->text(), QDir::toNativeSeparators(saved));
        QTRY_VERIFY(page->statusLabel()->text().startsWith(QStringLiteral("Serving as root of planet")));
        QCOMPARE(page->makeButton()->text(), QStringLiteral("&Update and save planet…"));

        page->copyPathButton()->click();
        QCOMPARE(QApplication::clipboard()->text(), QDir::toNativeSeparators(saved));

        // The open-root switch is a preference (it restarts the engine when the dialog is accepted).
        page->openRootCheck()->setChecked(true);
        QVERIFY(dialog.preferences().openRoot);
        QCOMPARE(Preferences().applyTo({}, {}).openRoot, false);
        Preferences open;
        open.openRoot = true;
        QVERIFY(open.applyTo({}, {}).openRoot);
        tier::EngineOptions fromFlag;
        fromFlag.openRoot = true;
        QVERIFY(Preferences().applyTo(fromFlag, {QStringLiteral("--open-root")}).openRoot);
    }

    void statusBarShowsRootPeers()
    {
        tier::MainWindow window(m_engine.get());
        window.show();
        auto *stats = window.findChild<QLabel *>(QStringLiteral("engineStatsLabel"));
        QVERIFY(stats);
        QTRY_VERIFY_WITH_TIMEOUT(stats->text().contains(QStringLiteral("root: ")), 10000);
        QVERIFY(stats->text().contains(QStringLiteral(" peers")));
    }

private:
    using Preferences = tier::Preferences;
    QTemporaryDir m_dir;
    QString m_dataDir;
    std::unique_ptr<EngineClient> m_engine;
};

QTEST_MAIN(TestPrivateRootPage)
#include "tst_privaterootpage.moc"
