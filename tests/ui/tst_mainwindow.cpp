// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/enginetesting.h"
#include "common/vectors.h"
#include "core/models/networklistmodel.h"
#include "core/service/engineclient.h"
#include "ui/mainwindow.h"
#include "ui/networksettingsdialog.h"
#include "ui/uisettings.h"

#include <QAction>
#include <QClipboard>
#include <QCloseEvent>
#include <QDialogButtonBox>
#include <QFile>
#include <QGuiApplication>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using tier::EngineClient;
using tier::MainWindow;
using tier::NetworkInfo;
using tier::NetworkListModel;

namespace {

NetworkInfo makeNetwork(quint64 id, const QString &name, int members = 0, int online = 0, int pending = 0)
{
    NetworkInfo network;
    network.id = id;
    network.name = name;
    network.memberCount = members;
    network.onlineCount = online;
    network.pendingCount = pending;
    return network;
}

template<typename T>
T *child(const QObject &parent, const char *name)
{
    T *found = parent.findChild<T *>(QLatin1String(name));
    if (!found)
        qWarning("no child %s", name);
    return found;
}

} // namespace

class TestMainWindow final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void buildsWithUnstartedEngine();
    void menusAndShortcuts();
    void emptyStateWithoutNetworks();
    void networkShowsTable();
    void tableIsSortedThroughProxy();
    void selectingNetworkShowsSummary();
    void autoSelectsRememberedOrOnlyNetwork();
    void statusBarFollowsEngineState();
    void createNetworkRefusedWhileEngineNotRunning();
    void createNetworkCancelledSendsNothing();
    void engineErrorGoesToPresenter();
    void geometryAndStateAreRestored();
    void geometryClampsToSmallScreen();
    void aboutShowsVersion();
    void createsNetworkThroughRunningEngine();
    void failedStartShowsReason();
    void defaultErrorPresenterShowsMessageBox();
    void signalQuitsWithoutAsking();

private:
    // Keeps tests from opening modal dialogs; records what would have been shown.
    void installSeams(MainWindow &window)
    {
        window.setErrorPresenter([this](const QString &message) { m_errors << message; });
        window.setNamePrompt([this]() -> std::optional<QString> {
            ++m_prompts;
            return m_promptAnswer;
        });
    }

    QStringList m_errors;
    int m_prompts = 0;
    std::optional<QString> m_promptAnswer;
};

void TestMainWindow::initTestCase()
{
    // QSettings then writes below ~/.qttest, never into the user's real configuration.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setApplicationName(QStringLiteral("tiermaster-test-mainwindow"));
}

void TestMainWindow::init()
{
    tier::openUiSettings()->clear();
    m_errors.clear();
    m_prompts = 0;
    m_promptAnswer.reset();
}

void TestMainWindow::buildsWithUnstartedEngine()
{
    EngineClient engine;
    MainWindow window(&engine);
    installSeams(window);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.networkModel());
    QCOMPARE(window.networkModel()->engine(), &engine);
    QVERIFY(!window.windowIcon().isNull());
    QCOMPARE(window.windowTitle(), QStringLiteral("Tiermaster"));
    auto *state = child<QLabel>(window, "engineStateLabel");
    QVERIFY(state);
    QCOMPARE(state->text(), QStringLiteral("Engine stopped"));
    auto *address = child<QLabel>(window, "controllerAddressLabel");
    QVERIFY(address);
    QVERIFY(address->text().startsWith(QStringLiteral("Controller:")));
    QVERIFY(m_errors.isEmpty());
}

void TestMainWindow::menusAndShortcuts()
{
    EngineClient engine;
    MainWindow window(&engine);
    auto *fileMenu = child<QMenu>(window, "fileMenu");
    auto *helpMenu = child<QMenu>(window, "helpMenu");
    QVERIFY(fileMenu && helpMenu);
    QCOMPARE(fileMenu->title(), QStringLiteral("&File"));
    QCOMPARE(helpMenu->title(), QStringLiteral("&Help"));
    auto *create = child<QAction>(window, "actionCreateNetwork");
    auto *quit = child<QAction>(window, "actionQuit");
    auto *about = child<QAction>(window, "actionAbout");
    QVERIFY(create && quit && about);
    QCOMPARE(create->shortcut(), QKeySequence(QStringLiteral("Ctrl+N")));
    QCOMPARE(quit->shortcut(), QKeySequence(QStringLiteral("Ctrl+Q")));
    QVERIFY(fileMenu->actions().contains(create));
    QVERIFY(fileMenu->actions().contains(quit));
    QVERIFY(helpMenu->actions().contains(about));
    QVERIFY(window.menuBar()->actions().contains(fileMenu->menuAction()));
}

void TestMainWindow::emptyStateWithoutNetworks()
{
    EngineClient engine;
    MainWindow window(&engine);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *stack = child<QStackedWidget>(window, "networkStack");
    auto *emptyPage = child<QWidget>(window, "emptyPage");
    auto *button = child<QPushButton>(window, "emptyCreateButton");
    QVERIFY(stack && emptyPage && button);
    QCOMPARE(stack->currentWidget(), emptyPage);
    QVERIFY(emptyPage->isVisible());
    QVERIFY(button->isVisible());
    QCOMPARE(button->text(), QStringLiteral("Create network"));
    QVERIFY(!child<QTableView>(window, "networkTable")->isVisible());
    auto *members = child<QStackedWidget>(window, "membersStack");
    QCOMPARE(members->currentWidget(), child<QWidget>(window, "membersPlaceholder"));
}

void TestMainWindow::networkShowsTable()
{
    EngineClient engine;
    MainWindow window(&engine);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *stack = child<QStackedWidget>(window, "networkStack");
    auto *table = child<QTableView>(window, "networkTable");
    auto *emptyPage = child<QWidget>(window, "emptyPage");

    // Fed directly through the model's slots...
    window.networkModel()->updateNetwork(makeNetwork(0x8056c2e21c000001ULL, QStringLiteral("office"), 3, 1, 1));
    QCOMPARE(stack->currentWidget(), table);
    QVERIFY(table->isVisible());
    QVERIFY(!emptyPage->isVisible());
    QCOMPARE(table->model()->rowCount(), 1);
    QCOMPARE(table->model()->index(0, NetworkListModel::IdColumn).data().toString(),
             QStringLiteral("8056c2e21c000001"));

    // ...and through the engine's signals, as the engine thread delivers them.
    emit engine.networkRemoved(0x8056c2e21c000001ULL);
    QCOMPARE(stack->currentWidget(), emptyPage);
    emit engine.networksReset({makeNetwork(1, QStringLiteral("a")), makeNetwork(2, QStringLiteral("b"))});
    QCOMPARE(stack->currentWidget(), table);
    QCOMPARE(table->model()->rowCount(), 2);
    emit engine.networksReset({});
    QCOMPARE(stack->currentWidget(), emptyPage);
}

void TestMainWindow::tableIsSortedThroughProxy()
{
    EngineClient engine;
    MainWindow window(&engine);
    auto *table = child<QTableView>(window, "networkTable");
    QVERIFY(table->isSortingEnabled());
    QCOMPARE(table->model(), window.networkProxy());
    window.networkModel()->resetNetworks({makeNetwork(1, QStringLiteral("zeta"), 10),
                                          makeNetwork(2, QStringLiteral("Alpha"), 9),
                                          makeNetwork(3, QStringLiteral("beta"), 2)});
    // Default: by name, case-insensitively.
    QCOMPARE(table->model()->index(0, 0).data().toString(), QStringLiteral("Alpha"));
    QCOMPARE(table->model()->index(2, 0).data().toString(), QStringLiteral("zeta"));
    // Members sort as numbers (10 after 9), through the raw-data role.
    table->sortByColumn(NetworkListModel::MembersColumn, Qt::AscendingOrder);
    QCOMPARE(table->model()->index(0, 0).data().toString(), QStringLiteral("beta"));
    QCOMPARE(table->model()->index(2, 0).data().toString(), QStringLiteral("zeta"));
}

void TestMainWindow::selectingNetworkShowsSummary()
{
    EngineClient engine;
    MainWindow window(&engine);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    // Two networks, none remembered: nothing is selected and the placeholder says what to do.
    window.networkModel()->resetNetworks(
        {makeNetwork(0xabc, QStringLiteral("lab"), 5, 2, 1), makeNetwork(0xdef, QStringLiteral("office"), 1, 1, 0)});
    auto *table = child<QTableView>(window, "networkTable");
    auto *members = child<QStackedWidget>(window, "membersStack");
    QCOMPARE(members->currentWidget(), child<QWidget>(window, "membersPlaceholder"));
    QCOMPARE(child<QWidget>(window, "membersPlaceholder")->findChild<QLabel *>()->text(),
             QStringLiteral("Select a network"));

    table->selectRow(0);
    QCOMPARE(members->currentWidget(), child<QWidget>(window, "membersPage"));
    QCOMPARE(child<QLabel>(window, "summaryTitle")->text(), QStringLiteral("lab"));
    QVERIFY(child<QLabel>(window, "summaryId")->text().contains(QStringLiteral("0000000000000abc")));
    QVERIFY(child<QLabel>(window, "summaryCounts")->text().startsWith(QStringLiteral("Members: 5 ")));

    // A live update of the selected network refreshes the summary and keeps the selection.
    window.networkModel()->updateNetwork(makeNetwork(0xabc, QStringLiteral("lab"), 6, 2, 0));
    QVERIFY(child<QLabel>(window, "summaryCounts")->text().startsWith(QStringLiteral("Members: 6 ")));
    QCOMPARE(table->selectionModel()->selectedRows().size(), 1);

    // The only network left is selected by itself.
    window.networkModel()->removeNetwork(0xabc);
    QCOMPARE(child<QLabel>(window, "summaryTitle")->text(), QStringLiteral("office"));
    window.networkModel()->removeNetwork(0xdef);
    QCOMPARE(members->currentWidget(), child<QWidget>(window, "membersPlaceholder"));
}

void TestMainWindow::autoSelectsRememberedOrOnlyNetwork()
{
    EngineClient engine;
    {
        MainWindow window(&engine);
        window.networkModel()->resetNetworks({makeNetwork(0xabc, QStringLiteral("lab"), 5, 2, 1),
                                              makeNetwork(0xdef, QStringLiteral("office"), 1, 1, 0)});
        child<QTableView>(window, "networkTable")->selectRow(1); // sorted by name: office
        QCOMPARE(child<QLabel>(window, "summaryTitle")->text(), QStringLiteral("office"));
    }
    // A new start (or a restore, or a restart for new preferences: the list arrives anew) selects it again.
    MainWindow window(&engine);
    window.networkModel()->resetNetworks(
        {makeNetwork(0xabc, QStringLiteral("lab"), 5, 2, 1), makeNetwork(0xdef, QStringLiteral("office"), 1, 1, 0)});
    QCOMPARE(child<QStackedWidget>(window, "membersStack")->currentWidget(), child<QWidget>(window, "membersPage"));
    QCOMPARE(child<QLabel>(window, "summaryTitle")->text(), QStringLiteral("office"));
    window.networkModel()->resetNetworks({});
    window.networkModel()->resetNetworks(
        {makeNetwork(0xdef, QStringLiteral("office"), 1, 1, 0), makeNetwork(0x123, QStringLiteral("new"), 0, 0, 0)});
    QCOMPARE(child<QLabel>(window, "summaryTitle")->text(), QStringLiteral("office"));

    // Context menu: rename (in place), copy ID, settings, delete.
    auto *table = child<QTableView>(window, "networkTable");
    const QList<QAction *> menu = table->actions();
    QVERIFY(menu.contains(window.renameNetworkAction()));
    QVERIFY(menu.contains(window.copyNetworkIdAction()));
    QVERIFY(menu.contains(window.networkSettingsAction()));
    QVERIFY(menu.contains(window.deleteNetworkAction()));
    window.copyNetworkIdAction()->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("0000000000000def"));
}

void TestMainWindow::statusBarFollowsEngineState()
{
    EngineClient engine;
    MainWindow window(&engine);
    installSeams(window);
    auto *state = child<QLabel>(window, "engineStateLabel");
    auto *create = child<QAction>(window, "actionCreateNetwork");
    auto *button = child<QPushButton>(window, "emptyCreateButton");
    QVERIFY(!create->isEnabled());
    QVERIFY(!button->isEnabled());

    emit engine.stateChanged(EngineClient::State::Starting);
    QCOMPARE(state->text(), QStringLiteral("Starting…"));
    QVERIFY(!create->isEnabled());

    emit engine.stateChanged(EngineClient::State::Failed);
    QVERIFY(state->text().startsWith(QStringLiteral("Failed")));
    QVERIFY(!create->isEnabled());

    emit engine.stateChanged(EngineClient::State::Stopped);
    QCOMPARE(state->text(), QStringLiteral("Engine stopped"));
}

void TestMainWindow::createNetworkRefusedWhileEngineNotRunning()
{
    EngineClient engine;
    MainWindow window(&engine);
    installSeams(window);
    m_promptAnswer = QStringLiteral("lab");
    window.createNetwork();
    QCOMPARE(m_prompts, 0);
    QCOMPARE(m_errors.size(), 1);
    QVERIFY(m_errors.first().contains(QStringLiteral("not running")));
    QCOMPARE(window.networkModel()->rowCount(), 0);
}

void TestMainWindow::createNetworkCancelledSendsNothing()
{
    EngineClient engine;
    MainWindow window(&engine);
    installSeams(window);
    QSignalSpy changed(&engine, &EngineClient::networkChanged);
    // The window follows the state the engine announces (the engine itself is not started here).
    emit engine.stateChanged(EngineClient::State::Running);
    auto *create = child<QAction>(window, "actionCreateNetwork");
    QVERIFY(create->isEnabled());
    QVERIFY(child<QPushButton>(window, "emptyCreateButton")->isEnabled());
    QCOMPARE(child<QLabel>(window, "engineStateLabel")->text(), QStringLiteral("Running"));

    m_promptAnswer.reset(); // the user cancels the name dialog
    create->trigger();
    QCOMPARE(m_prompts, 1);
    QVERIFY(m_errors.isEmpty());
    QCOMPARE(changed.count(), 0);
    QCOMPARE(window.networkModel()->rowCount(), 0);
}

void TestMainWindow::engineErrorGoesToPresenter()
{
    EngineClient engine;
    MainWindow window(&engine);
    installSeams(window);
    emit engine.engineError(QStringLiteral("A network with this name could not be stored."));
    QCOMPARE(m_errors, QStringList{QStringLiteral("A network with this name could not be stored.")});
}

void TestMainWindow::geometryAndStateAreRestored()
{
    EngineClient engine;
    QList<int> splitterSizes;
    {
        MainWindow window(&engine);
        window.resize(712, 534); // smaller than the offscreen screen (800×600): kept as it is
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *splitter = child<QSplitter>(window, "mainSplitter");
        splitter->setSizes({250, 462});
        splitterSizes = splitter->sizes();
        window.close();
    }
    {
        const auto settings = tier::openUiSettings();
        QVERIFY(settings->fileName().contains(QStringLiteral("tiermaster-test-mainwindow")));
        QVERIFY(!settings->fileName().contains(QStringLiteral("Unknown Organization")));
        QVERIFY2(settings->fileName().contains(QStringLiteral("/.qttest/")), qPrintable(settings->fileName()));
        QVERIFY(settings->contains(QStringLiteral("MainWindow/geometry")));
        QVERIFY(settings->contains(QStringLiteral("MainWindow/windowState")));
        QVERIFY(settings->contains(QStringLiteral("MainWindow/splitter")));
    }

    MainWindow restored(&engine);
    restored.show();
    QVERIFY(QTest::qWaitForWindowExposed(&restored));
    QCOMPARE(restored.size(), QSize(712, 534));
    QCOMPARE(child<QSplitter>(restored, "mainSplitter")->sizes(), splitterSizes);

    // Without saved settings the window opens at its default size, or what the screen has room for.
    tier::openUiSettings()->clear();
    MainWindow fresh(&engine);
    const QRect available = fresh.screen()->availableGeometry();
    QCOMPARE(fresh.size(), QSize(1200, 720).boundedTo(available.size()));
}

void TestMainWindow::geometryClampsToSmallScreen()
{
    // The offscreen screen is small (800×600): a geometry saved on a big screen must not overflow it.
    EngineClient engine;
    {
        MainWindow big(&engine);
        big.setGeometry(2000, 1500, 1900, 1300);
        big.close();
    }
    MainWindow restored(&engine);
    restored.show();
    QVERIFY(QTest::qWaitForWindowExposed(&restored));
    const QRect available = restored.screen()->availableGeometry();
    QVERIFY2(available.width() < 1900 && available.height() < 1300, "the test needs a screen smaller than 1900×1300");
    QVERIFY2(available.contains(restored.frameGeometry()), qPrintable(QStringLiteral("%1,%2 %3×%4 outside %5×%6")
                                                                          .arg(restored.frameGeometry().x())
                                                                          .arg(restored.frameGeometry().y())
                                                                          .arg(restored.frameGeometry().width())
                                                                          .arg(restored.frameGeometry().height())
                                                                          .arg(available.width())
                                                                          .arg(available.height())));
    // The layout's own minimum does not force it larger either.
    QVERIFY(restored.minimumSizeHint().width() <= available.width());

    // A tall dialog scrolls instead of pushing its buttons off the screen.
    tier::NetworkSettingsDialog settings;
    settings.show();
    QVERIFY(QTest::qWaitForWindowExposed(&settings));
    QVERIFY(settings.height() <= available.height() && settings.width() <= available.width());
    QVERIFY(settings.minimumSizeHint().height() <= available.height());
    QVERIFY(settings.findChild<QScrollArea *>());
    QVERIFY(settings.buttons()->isVisible());
}

void TestMainWindow::aboutShowsVersion()
{
    QVERIFY(MainWindow::aboutText().contains(QStringLiteral(TIERMASTER_VERSION)));
    QCoreApplication::setApplicationVersion(QStringLiteral("9.8.7"));
    QVERIFY(MainWindow::aboutText().contains(QStringLiteral("9.8.7")));
    QCoreApplication::setApplicationVersion(QString());
}

void TestMainWindow::createsNetworkThroughRunningEngine()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    EngineClient engine;
    MainWindow window(&engine);
    installSeams(window);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *state = child<QLabel>(window, "engineStateLabel");
    auto *address = child<QLabel>(window, "controllerAddressLabel");
    auto *stack = child<QStackedWidget>(window, "networkStack");

    tier::EngineOptions options = tier::test::loopbackEngineOptions(dir.filePath(QStringLiteral("data")));
    engine.start(options);
    QCOMPARE(state->text(), QStringLiteral("Starting…"));
    // The first start generates the controller identity, which takes a moment.
    QTRY_VERIFY2_WITH_TIMEOUT(engine.state() != EngineClient::State::Starting, "engine did not start", 30000);
    QVERIFY2(engine.state() == EngineClient::State::Running, qPrintable(engine.lastError()));
    QCOMPARE(state->text(), QStringLiteral("Running"));
    QVERIFY(!engine.controllerAddress().isEmpty());
    QCOMPARE(address->text(), QStringLiteral("Controller: %1").arg(engine.controllerAddress()));
    QCOMPARE(stack->currentWidget(), child<QWidget>(window, "emptyPage"));

    // Clicking the empty state's button asks for a name and the engine creates the network.
    m_promptAnswer = QStringLiteral("  lab  ");
    QTest::mouseClick(child<QPushButton>(window, "emptyCreateButton"), Qt::LeftButton);
    QCOMPARE(m_prompts, 1);
    QTRY_COMPARE_WITH_TIMEOUT(window.networkModel()->rowCount(), 1, 10000);
    QVERIFY2(m_errors.isEmpty(), qPrintable(m_errors.join(u'\n')));
    QCOMPARE(stack->currentWidget(), child<QTableView>(window, "networkTable"));
    const NetworkInfo &network = window.networkModel()->networkAt(0);
    QCOMPARE(network.name, QStringLiteral("lab"));
    QVERIFY(NetworkListModel::formatNetworkId(network.id).startsWith(engine.controllerAddress()));
    // The new network is selected, so the members area shows it.
    QCOMPARE(child<QLabel>(window, "summaryTitle")->text(), QStringLiteral("lab"));

    tier::test::stopEngine(engine);
    QCOMPARE(state->text(), QStringLiteral("Engine stopped"));
    QVERIFY(!child<QAction>(window, "actionCreateNetwork")->isEnabled());
}

void TestMainWindow::failedStartShowsReason()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // A plain file where the data directory should be: the engine cannot start.
    const QString notADirectory = dir.filePath(QStringLiteral("file"));
    QFile file(notADirectory);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();

    EngineClient engine;
    MainWindow window(&engine);
    installSeams(window);
    tier::EngineOptions options = tier::test::loopbackEngineOptions(notADirectory);
    engine.start(options);
    QTRY_COMPARE_WITH_TIMEOUT(engine.state(), EngineClient::State::Failed, 30000);
    QVERIFY(!engine.lastError().isEmpty());
    QCOMPARE(child<QLabel>(window, "engineStateLabel")->text(), QStringLiteral("Failed: %1").arg(engine.lastError()));
    QVERIFY(!child<QAction>(window, "actionCreateNetwork")->isEnabled());
    tier::test::stopEngine(engine);
}

void TestMainWindow::defaultErrorPresenterShowsMessageBox()
{
    EngineClient engine;
    MainWindow window(&engine);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    emit engine.engineError(QStringLiteral("disk full"));
    // Window-modal and non-blocking: the signal returns at once and the box is there.
    auto *box = window.findChild<QMessageBox *>();
    QVERIFY(box);
    QVERIFY(box->isVisible());
    QCOMPARE(box->icon(), QMessageBox::Critical);
    QCOMPARE(box->informativeText(), QStringLiteral("disk full"));
    QCOMPARE(box->text(), QStringLiteral("The engine reported an error."));
    emit engine.engineError(QStringLiteral("still full"));
    QCOMPARE(window.findChildren<QMessageBox *>().size(), 1);
    QCOMPARE(box->informativeText(), QStringLiteral("disk full\nstill full"));
    box->accept();
    QTRY_VERIFY(!window.findChild<QMessageBox *>()); // deleted on close
}

void TestMainWindow::signalQuitsWithoutAsking()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    EngineClient engine;
    MainWindow window(&engine);
    installSeams(window);
    int asked = 0;
    window.setQuitPrompt([&asked](int, bool *) {
        ++asked;
        return false; // the user keeps it running
    });
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    tier::EngineOptions options = tier::test::loopbackEngineOptions(dir.filePath(QStringLiteral("data")));
    engine.start(options);
    QTRY_VERIFY2_WITH_TIMEOUT(engine.state() != EngineClient::State::Starting, "engine did not start", 30000);
    QVERIFY2(engine.state() == EngineClient::State::Running, qPrintable(engine.lastError()));
    window.networkModel()->updateNetwork(makeNetwork(0x8056c2e21c000001ULL, QStringLiteral("office"), 3, 2));

    // Closing the window while members are online asks, and "no" keeps it open.
    QVERIFY(!window.close());
    QCOMPARE(asked, 1);
    QVERIFY(window.isVisible());

    // A window that refuses to close (as a dialog asking about unsaved work would) must not hold it either.
    struct RefusesClose : QWidget
    {
        void closeEvent(QCloseEvent *event) override { event->ignore(); }
    } other;
    other.show();

    // SIGTERM ends the main loop without the question that would block it. The second timer only ends a
    // loop the first one failed to end, so a regression fails instead of hanging.
    QTimer::singleShot(0, &window, &MainWindow::quitWithoutAsking);
    QTimer guard;
    guard.setSingleShot(true);
    connect(&guard, &QTimer::timeout, qApp, [] { QCoreApplication::exit(99); });
    guard.start(30000);
    QCOMPARE(QCoreApplication::exec(), 0);
    QCOMPARE(asked, 1);
    tier::test::stopEngine(engine);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
