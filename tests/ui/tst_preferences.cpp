// SPDX-License-Identifier: GPL-3.0-or-later
// Edit → Preferences: stored values, command-line precedence, planet/moon installs, and a port change that
// restarts a real engine (loopback, private lab planet) on the new port.
#include "common/enginetesting.h"
#include "common/vectors.h"
#include "core/service/backupscheduler.h"
#include "core/service/engineclient.h"
#include "core/service/enginedatamaintenance.h"
#include "ui/mainwindow.h"
#include "ui/preferences.h"
#include "ui/preferencesdialog.h"
#include "ui/translations.h"
#include "ui/uisettings.h"
#include "ui/worldfiles.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUdpSocket>

using tier::EngineClient;
using tier::MainWindow;
using tier::Preferences;
using tier::PreferencesDialog;

namespace {

/// A UDP port that was free a moment ago on 127.0.0.1.
quint16 freePort()
{
    QUdpSocket socket;
    if (!socket.bind(QHostAddress::LocalHost, 0))
        return 0;
    return socket.localPort();
}

Preferences unusualPreferences()
{
    Preferences p;
    p.dataDir = QStringLiteral("/srv/tiermaster");
    p.udpPort = 19993;
    p.apiEnabled = true;
    p.apiAddress = QStringLiteral("::1");
    p.apiPort = 8080;
    p.backupIntervalHours = 6;
    p.backupRetentionDays = 30;
    p.language = Preferences::Language::German;
    p.startMinimized = true;
    return p;
}

} // namespace

class TestPreferences final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void defaults();
    void storedValuesRoundTrip();
    void commandLineWins();
    void dialogRoundTripsThroughMenu();
    void dialogRefusesBadApiAddress();
    void shortPagesDoNotScroll();
    void planetAndMoons();
    void showsApiToken();
    void portChangeRestartsEngine();
    void languagePreferenceSelectsCatalogue(); // last: installs translators for the rest of the process
};

void TestPreferences::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setApplicationName(QStringLiteral("tiermaster-test-preferences"));
}

void TestPreferences::init()
{
    tier::openUiSettings()->clear();
}

void TestPreferences::defaults()
{
    const Preferences p = Preferences::load();
    QCOMPARE(p, Preferences());
    QCOMPARE(p.udpPort, quint16(9993));
    QCOMPARE(p.backupIntervalHours, 24);
    QCOMPARE(p.backupRetentionDays, 7);
    QVERIFY(!p.apiEnabled);
    QCOMPARE(p.language, Preferences::Language::System);
}

void TestPreferences::storedValuesRoundTrip()
{
    const Preferences p = unusualPreferences();
    p.save();
    QCOMPARE(Preferences::load(), p);
    // Nonsense in the settings file falls back to defaults instead of breaking the start.
    {
        auto settings = tier::openUiSettings();
        settings->setValue(QStringLiteral("Preferences/udpPort"), 70000);
        settings->setValue(QStringLiteral("Preferences/backupRetentionDays"), -3);
        settings->setValue(QStringLiteral("Preferences/language"), QStringLiteral("xx"));
    }
    const Preferences loaded = Preferences::load();
    QCOMPARE(loaded.udpPort, quint16(9993));
    QCOMPARE(loaded.backupRetentionDays, 1);
    QCOMPARE(loaded.language, Preferences::Language::System);
}

void TestPreferences::commandLineWins()
{
    tier::EngineOptions cli;
    cli.dataDir = QStringLiteral("/from/cli");
    cli.udpPort = 1234;
    cli.udpBindAddress = QStringLiteral("127.0.0.1");
    cli.planetFile = QStringLiteral("/some/planet");
    const Preferences p = unusualPreferences();

    const QStringList none{QStringLiteral("tiermaster")};
    tier::EngineOptions applied = p.applyTo(cli, none);
    QCOMPARE(applied.dataDir, QStringLiteral("/srv/tiermaster"));
    QCOMPARE(applied.udpPort, quint16(19993));
    QCOMPARE(applied.apiAddress, QStringLiteral("::1"));
    QCOMPARE(applied.apiPort, quint16(8080));
    QCOMPARE(applied.backupIntervalHours, 6);
    QCOMPARE(applied.backupRetentionDays, 30);
    QCOMPARE(applied.udpBindAddress, QStringLiteral("127.0.0.1")); // not a preference
    QCOMPARE(applied.planetFile, QStringLiteral("/some/planet"));

    const QStringList flags{QStringLiteral("tiermaster"), QStringLiteral("--data-dir"), QStringLiteral("/from/cli"),
                            QStringLiteral("--port=1234"), QStringLiteral("--no-api")};
    applied = p.applyTo(cli, flags);
    QCOMPARE(applied.dataDir, QStringLiteral("/from/cli"));
    QCOMPARE(applied.udpPort, quint16(1234));
    QCOMPARE(applied.apiAddress, QString()); // --no-api: the command line's "off" stays

    // API on with port 0: the UDP port's number; API off clears what the command line had by default.
    Preferences api;
    api.apiEnabled = true;
    api.udpPort = 5555;
    applied = api.applyTo(cli, none);
    QCOMPARE(applied.apiAddress, QStringLiteral("127.0.0.1"));
    QCOMPARE(applied.apiPort, quint16(5555));
    QVERIFY(Preferences::hasFlag(flags, QStringLiteral("--port")));
    QVERIFY(!Preferences::hasFlag(flags, QStringLiteral("--planet")));
}

void TestPreferences::dialogRoundTripsThroughMenu()
{
    EngineClient engine;
    MainWindow window(&engine);
    window.show();
    QCOMPARE(window.preferencesAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Comma));
    window.preferencesAction()->trigger();
    PreferencesDialog *dialog = window.preferencesDialog();
    QVERIFY(dialog);
    QCOMPARE(dialog->preferences(), Preferences()); // shows the stored (default) values

    dialog->portSpin()->setValue(24001);
    dialog->apiCheck()->setChecked(true);
    dialog->apiAddressEdit()->setText(QStringLiteral("127.0.0.2"));
    dialog->apiPortSpin()->setValue(24002);
    dialog->backupIntervalCombo()->setCurrentIndex(dialog->backupIntervalCombo()->findData(168));
    dialog->retentionSpin()->setValue(60);
    dialog->languageCombo()->setCurrentIndex(dialog->languageCombo()->findData(QStringLiteral("de")));
    dialog->startMinimizedCheck()->setChecked(true);
    dialog->dataDirEdit()->setText(QStringLiteral("/tmp/elsewhere"));
    dialog->accept();
    QTRY_VERIFY(!window.preferencesDialog());

    Preferences expected;
    expected.udpPort = 24001;
    expected.apiEnabled = true;
    expected.apiAddress = QStringLiteral("127.0.0.2");
    expected.apiPort = 24002;
    expected.backupIntervalHours = 168;
    expected.backupRetentionDays = 60;
    expected.language = Preferences::Language::German;
    expected.startMinimized = true;
    expected.dataDir = QStringLiteral("/tmp/elsewhere");
    QCOMPARE(Preferences::load(), expected);
    // The engine was never started: nothing was started by saving.
    QCOMPARE(engine.state(), EngineClient::State::Stopped);

    // Reopened, the dialog shows what was saved; Cancel keeps it.
    window.preferencesAction()->trigger();
    dialog = window.preferencesDialog();
    QVERIFY(dialog);
    QCOMPARE(dialog->preferences(), expected);
    dialog->portSpin()->setValue(1);
    dialog->reject();
    QCOMPARE(Preferences::load(), expected);
}

void TestPreferences::dialogRefusesBadApiAddress()
{
    PreferencesDialog dialog(Preferences{}, QString{});
    dialog.apiCheck()->setChecked(true);
    dialog.apiAddressEdit()->setText(QStringLiteral("localhost:80"));
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    dialog.accept();
    QCOMPARE(accepted.size(), 0);
    QVERIFY2(dialog.messageText().contains(QStringLiteral("not an IP address")), qPrintable(dialog.messageText()));
}

void TestPreferences::shortPagesDoNotScroll()
{
    PreferencesDialog dialog(Preferences{}, QString{});
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    // At its opening size every page but the tall Private root one fits: no scroll bar on them.
    for (int i = 0; i < dialog.tabs()->count() - 1; ++i) {
        dialog.tabs()->setCurrentIndex(i);
        auto *area = qobject_cast<QScrollArea *>(dialog.tabs()->currentWidget());
        QVERIFY2(area, "each page scrolls on its own");
        QTRY_VERIFY(area->isVisible());
        QTRY_VERIFY2(!area->verticalScrollBar()->isVisible(), qPrintable(dialog.tabs()->tabText(i)));
        QTRY_VERIFY2(!area->horizontalScrollBar()->isVisible(), qPrintable(dialog.tabs()->tabText(i)));
    }
}

void TestPreferences::planetAndMoons()
{
    QTemporaryDir dir;
    const QString dataDir = dir.filePath(QStringLiteral("data"));
    PreferencesDialog dialog(Preferences(), dataDir);
    QString answer;
    dialog.setFilePrompt([&answer](const QString &) { return answer; });
    QVERIFY(dialog.planetLabel()->text().contains(QStringLiteral("public")));
    QVERIFY(!dialog.worldsChanged());

    // A file that is not a planet: refused, nothing installed.
    answer = dir.filePath(QStringLiteral("junk"));
    {
        QFile junk(answer);
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write(QByteArray(300, 'x'));
    }
    dialog.installPlanet();
    QVERIFY2(dialog.messageText().contains(QStringLiteral("not installed")), qPrintable(dialog.messageText()));
    QVERIFY(!QFile::exists(tier::WorldFiles::planetPath(dataDir)));
    QVERIFY(!dialog.worldsChanged());

    // The lab planet: installed byte for byte, shown, and marked for the restart.
    answer = tier::test::vectorPath(QStringLiteral("lab/lab-planet.bin"));
    dialog.installPlanet();
    QVERIFY2(dialog.messageText().contains(QStringLiteral("installed")), qPrintable(dialog.messageText()));
    QVERIFY(dialog.worldsChanged());
    QFile installed(tier::WorldFiles::planetPath(dataDir));
    QVERIFY(installed.open(QIODevice::ReadOnly));
    QCOMPARE(installed.readAll(), tier::test::readVectorFile(QStringLiteral("lab/lab-planet.bin")));
    QVERIFY2(dialog.planetLabel()->text().contains(QStringLiteral("Private planet")),
             qPrintable(dialog.planetLabel()->text()));

    // A moon instead of a planet is refused (and vice versa).
    const QJsonArray worlds =
        tier::test::loadVectorJson(QStringLiteral("worlds.json")).value(QStringLiteral("worlds")).toArray();
    QByteArray moonBytes;
    for (const QJsonValue &world : worlds)
        if (world.toObject().value(QStringLiteral("name")).toString() == QLatin1String("moon"))
            moonBytes = tier::test::hexValue(world.toObject().value(QStringLiteral("serialized")));
    QVERIFY(!moonBytes.isEmpty());
    const QString moonFile = dir.filePath(QStringLiteral("lab.moon"));
    {
        QFile moon(moonFile);
        QVERIFY(moon.open(QIODevice::WriteOnly));
        moon.write(moonBytes);
    }
    answer = moonFile;
    dialog.installPlanet();
    QVERIFY2(dialog.messageText().contains(QStringLiteral("not a planet")), qPrintable(dialog.messageText()));
    answer = tier::test::vectorPath(QStringLiteral("lab/lab-planet.bin"));
    dialog.addMoon();
    QVERIFY2(dialog.messageText().contains(QStringLiteral("not a moon")), qPrintable(dialog.messageText()));
    QCOMPARE(dialog.moonList()->count(), 0);

    answer = moonFile;
    dialog.addMoon();
    QCOMPARE(dialog.moonList()->count(), 1);
    QCOMPARE(tier::WorldFiles::moons(dataDir).size(), 1);
    QVERIFY(tier::WorldFiles::moons(dataDir).first().endsWith(QStringLiteral(".moon")));
    dialog.moonList()->setCurrentRow(0);
    dialog.removeSelectedMoon();
    QCOMPARE(dialog.moonList()->count(), 0);
    QVERIFY(tier::WorldFiles::moons(dataDir).isEmpty());

    dialog.removePlanet();
    QVERIFY(!QFile::exists(tier::WorldFiles::planetPath(dataDir)));
    QVERIFY(dialog.planetLabel()->text().contains(QStringLiteral("public")));
}

void TestPreferences::showsApiToken()
{
    QTemporaryDir dir;
    {
        PreferencesDialog dialog(Preferences(), dir.path());
        QCOMPARE(dialog.tokenEdit()->text(), QString());
    }
    QFile token(dir.filePath(QStringLiteral("authtoken.secret")));
    QVERIFY(token.open(QIODevice::WriteOnly));
    token.write("abcdefghijklmnopqrstuvwx\n");
    token.close();
    PreferencesDialog dialog(Preferences(), dir.path());
    // The token comes through the service layer (read off the UI thread), not from the dialog itself.
    tier::EngineDataMaintenance maintenance(nullptr);
    dialog.setDataMaintenance(&maintenance);
    QTRY_COMPARE(dialog.tokenEdit()->text(), QStringLiteral("abcdefghijklmnopqrstuvwx"));
    QCOMPARE(dialog.tokenEdit()->echoMode(), QLineEdit::Password); // hidden until "Show"
}

void TestPreferences::portChangeRestartsEngine()
{
    QTemporaryDir dir;
    EngineClient engine;
    MainWindow window(&engine);
    window.show();
    const quint16 first = freePort();
    QVERIFY(first != 0);
    Preferences stored;
    stored.udpPort = first;
    stored.backupIntervalHours = 0;
    stored.save();

    tier::EngineOptions cli;
    cli.dataDir = dir.filePath(QStringLiteral("data"));
    cli.udpPort = 9993; // the parser's default; no --port flag below, so the preference wins
    cli.udpBindAddress = QStringLiteral("127.0.0.1");
    cli.planetFile = tier::test::vectorPath(QStringLiteral("lab/lab-planet.bin"));
    window.launch(cli, {QStringLiteral("tiermaster"), QStringLiteral("--data-dir"), cli.dataDir,
                        QStringLiteral("--planet"), cli.planetFile});
    QTRY_VERIFY2_WITH_TIMEOUT(engine.state() != EngineClient::State::Starting, "engine did not start", 30000);
    QVERIFY2(engine.state() == EngineClient::State::Running, qPrintable(engine.lastError()));
    QCOMPARE(engine.udpPort(), first);
    const QString address = engine.controllerAddress();
    auto *portLabel = window.findChild<QLabel *>(QStringLiteral("udpPortLabel"));
    QVERIFY(portLabel);
    QCOMPARE(portLabel->text(), QStringLiteral("UDP: %1").arg(first));
    QVERIFY(!engine.backupScheduler()->isActive());

    // A backup schedule alone is applied without a restart.
    QSignalSpy states(&engine, &EngineClient::stateChanged);
    window.preferencesAction()->trigger();
    PreferencesDialog *dialog = window.preferencesDialog();
    QVERIFY(dialog);
    QCOMPARE(dialog->portSpin()->value(), int(first));
    dialog->backupIntervalCombo()->setCurrentIndex(dialog->backupIntervalCombo()->findData(24));
    dialog->retentionSpin()->setValue(3);
    dialog->accept();
    QVERIFY(engine.backupScheduler()->isActive());
    QCOMPARE(engine.backupScheduler()->retentionDays(), 3);
    QCOMPARE(states.size(), 0);

    // A new port restarts the engine on it, with the same data (same controller) and the same planet.
    const quint16 second = freePort();
    QVERIFY(second != 0 && second != first);
    window.preferencesAction()->trigger();
    dialog = window.preferencesDialog();
    QVERIFY(dialog);
    dialog->portSpin()->setValue(second);
    dialog->accept();
    QTRY_VERIFY2_WITH_TIMEOUT(engine.state() == EngineClient::State::Running && engine.udpPort() == second,
                              qPrintable(engine.lastError()), 30000);
    QVERIFY(states.size() >= 3); // stopping, stopped, starting, running
    QCOMPARE(engine.controllerAddress(), address);
    QCOMPARE(engine.options().planetFile, cli.planetFile);
    QCOMPARE(engine.options().udpBindAddress, QStringLiteral("127.0.0.1"));
    QCOMPARE(engine.options().backupRetentionDays, 3);
    QCOMPARE(portLabel->text(), QStringLiteral("UDP: %1").arg(second));
    QCOMPARE(Preferences::load().udpPort, second);

    // The old port is free again: the engine let go of it cleanly.
    {
        QUdpSocket probe;
        QVERIFY(probe.bind(QHostAddress::LocalHost, first));
    }

    // Turning the API on restarts the engine with it; the status bar and the dialog show where and the token.
    auto *apiLabel = window.findChild<QLabel *>(QStringLiteral("apiLabel"));
    QVERIFY(apiLabel);
    QCOMPARE(apiLabel->text(), QStringLiteral("API: off"));
    quint16 apiPort = 0;
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        apiPort = server.serverPort();
    }
    window.preferencesAction()->trigger();
    dialog = window.preferencesDialog();
    QVERIFY(dialog);
    dialog->apiCheck()->setChecked(true);
    dialog->apiAddressEdit()->setText(QStringLiteral("127.0.0.1"));
    dialog->apiPortSpin()->setValue(apiPort);
    dialog->accept();
    const QString endpoint = QStringLiteral("127.0.0.1:%1").arg(apiPort);
    QTRY_VERIFY2_WITH_TIMEOUT(engine.state() == EngineClient::State::Running && engine.apiEndpoint() == endpoint,
                              qPrintable(engine.lastError() + engine.apiEndpoint()), 30000);
    QCOMPARE(engine.udpPort(), second);
    QCOMPARE(apiLabel->text(), QStringLiteral("API: %1").arg(endpoint));
    window.preferencesAction()->trigger();
    dialog = window.preferencesDialog();
    QVERIFY(dialog);
    QTRY_COMPARE(dialog->tokenEdit()->text().size(), 24);
    dialog->reject();
    tier::test::stopEngine(engine);
    QCOMPARE(engine.apiEndpoint(), QString());
}

void TestPreferences::languagePreferenceSelectsCatalogue()
{
    // English: no catalogue at all, whatever the system locale says.
    Preferences english;
    english.language = Preferences::Language::English;
    english.save();
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    tier::installTranslations(*qApp);
    QCOMPARE(QCoreApplication::translate("tier::MainWindow", "&File"), QStringLiteral("&File"));

    Preferences german;
    german.language = Preferences::Language::German;
    german.save();
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    tier::installTranslations(*qApp);
    QCOMPARE(QCoreApplication::translate("tier::MainWindow", "&File"), QStringLiteral("&Datei"));
}

QTEST_MAIN(TestPreferences)
#include "tst_preferences.moc"
