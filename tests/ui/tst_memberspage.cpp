// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/enginetesting.h"
#include "common/vectors.h"
#include "core/models/joinnotifier.h"
#include "core/models/memberfiltermodel.h"
#include "core/models/memberlistmodel.h"
#include "core/models/memberpagereader.h"
#include "core/models/networklistmodel.h"
#include "core/service/engineclient.h"
#include "ui/activitychart.h"
#include "ui/mainwindow.h"
#include "ui/memberspage.h"
#include "ui/trayicon.h"
#include "ui/uisettings.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStyle>
#include <QStyleOptionViewItem>
#include <QSystemTrayIcon>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using tier::Address;
using tier::EngineClient;
using tier::InetAddress;
using tier::MainWindow;
using tier::MemberFilterModel;
using tier::MemberInfo;
using tier::MemberListModel;
using tier::MembersPage;
using tier::NetworkInfo;

namespace {

constexpr quint64 NetworkId = 0x8056c2e21c000001ULL;

NetworkInfo makeNetwork(quint64 id, const QString &name)
{
    NetworkInfo network;
    network.id = id;
    network.name = name;
    network.memberCount = 3;
    network.onlineCount = 1;
    network.pendingCount = 1;
    return network;
}

MemberInfo makeMember(quint64 address, const QString &name, bool authorized, bool online = false)
{
    MemberInfo member;
    member.networkId = NetworkId;
    member.address = Address(address);
    member.name = name;
    member.authorized = authorized;
    member.online = online;
    member.lastRequestTime = QDateTime::currentMSecsSinceEpoch() - (online ? 2000 : 600000);
    member.pending = !authorized;
    return member;
}

template<typename T>
T *child(const QObject &parent, const char *name)
{
    T *found = parent.findChild<T *>(QLatin1String(name));
    if (!found)
        qWarning("no child %s", name);
    return found;
}

// Where the view's delegate draws the check box of this cell (what a user aims at).
QPoint checkBoxCenter(QTableView *view, const QModelIndex &index)
{
    QStyleOptionViewItem option;
    option.initFrom(view->viewport());
    option.rect = view->visualRect(index);
    option.features = QStyleOptionViewItem::HasCheckIndicator;
    option.checkState = index.data(Qt::CheckStateRole).value<Qt::CheckState>();
    option.displayAlignment = Qt::Alignment(index.data(Qt::TextAlignmentRole).toInt());
    option.state |= QStyle::State_Enabled;
    option.widget = view;
    return view->style()->subElementRect(QStyle::SE_ItemViewItemCheckIndicator, &option, view).center();
}

// The proxy row showing this member.
QModelIndex viewIndex(MembersPage *page, Address address, int column)
{
    const int row = page->memberModel()->rowOfMember(address);
    if (row < 0)
        return {};
    return page->memberProxy()->mapFromSource(page->memberModel()->index(row, column));
}

} // namespace

class TestMembersPage final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void selectedNetworkShowsMembersPage();
    void clickingCheckboxRequestsAuthorization();
    void actionsWorkOnWholeSelection();
    void deleteAsksNamingTheMembers();
    void shortcutsTriggerActions();
    void filterBarAndSearch();
    void invalidIpEditShowsNoticeAndSendsNothing();
    void liveUpdatesKeepSelectionAndScroll();
    void switchingNetworkShowsOtherMembers();
    void trayOnlyWithSystemTray();
    void checkboxAuthorizesThroughRealEngine();
    void chartGivesWayToRowsOnShortPage();
    void buttonRowsWrapInNarrowPage();
    void pendingRowVersionFitsItsColumn();

private:
    void installSeams(MainWindow &window)
    {
        window.setErrorPresenter([this](const QString &message) { m_errors << message; });
        window.setConfirmPrompt([this](const QString &, const QString &text) {
            m_confirmTexts << text;
            return m_confirmAnswer;
        });
    }

    // A window without an engine, one network selected and three members fed in.
    MembersPage *prepare(MainWindow &window)
    {
        installSeams(window);
        window.resize(1100, 600);
        window.show();
        if (!QTest::qWaitForWindowExposed(&window))
            return nullptr;
        window.networkModel()->resetNetworks({makeNetwork(NetworkId, QStringLiteral("office"))});
        child<QTableView>(window, "networkTable")->selectRow(0);
        auto *page = window.membersPage();
        page->memberModel()->resetMembers(NetworkId, {makeMember(0xa1, QStringLiteral("laptop"), true, true),
                                                      makeMember(0xa2, QStringLiteral("printer"), true),
                                                      makeMember(0xa3, QString(), false, true)});
        return page;
    }

    void selectMembers(MembersPage *page, const QList<quint64> &addresses)
    {
        QItemSelection selection;
        for (const quint64 address : addresses) {
            const QModelIndex index = viewIndex(page, Address(address), 0);
            selection.select(index, index);
        }
        page->memberTable()->selectionModel()->select(selection,
                                                      QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }

    QStringList m_errors;
    QStringList m_confirmTexts;
    bool m_confirmAnswer = true;
};

void TestMembersPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setApplicationName(QStringLiteral("tiermaster-test-memberspage"));
}

void TestMembersPage::init()
{
    tier::openUiSettings()->clear();
    m_errors.clear();
    m_confirmTexts.clear();
    m_confirmAnswer = true;
}

void TestMembersPage::selectedNetworkShowsMembersPage()
{
    MainWindow window(nullptr);
    MembersPage *page = prepare(window);
    QVERIFY(page);
    QCOMPARE(child<QStackedWidget>(window, "membersStack")->currentWidget(), page);
    QCOMPARE(page->networkId(), NetworkId);
    QCOMPARE(child<QLabel>(window, "summaryTitle")->text(), QStringLiteral("office"));
    QVERIFY(child<QLabel>(window, "summaryId")->text().contains(QStringLiteral("8056c2e21c000001")));
    QVERIFY(child<QLabel>(window, "summaryCounts")->text().startsWith(QStringLiteral("Members: 3 ")));
    QCOMPARE(page->memberTable()->model()->rowCount(), 3);
    QVERIFY(page->memberTable()->isVisible());
    QVERIFY(page->memberTable()->isSortingEnabled());
    QCOMPARE(page->memberTable()->selectionMode(), QAbstractItemView::ExtendedSelection);
    QVERIFY(!child<QLabel>(window, "memberHint")->isVisible());
    // The Members menu carries the page's actions.
    auto *menu = child<QMenu>(window, "membersMenu");
    QVERIFY(menu->actions().contains(page->authorizeAction()));
    QVERIFY(menu->actions().contains(page->deleteAction()));
    // Nothing selected: nothing to act on.
    QVERIFY(!page->authorizeAction()->isEnabled());
    QVERIFY(!page->deleteAction()->isEnabled());
    // The copy button copies the ID as shown.
    QTest::mouseClick(child<QToolButton>(window, "copyNetworkIdButton"), Qt::LeftButton);
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("8056c2e21c000001"));
    QVERIFY(m_errors.isEmpty());
}

void TestMembersPage::clickingCheckboxRequestsAuthorization()
{
    MainWindow window(nullptr);
    MembersPage *page = prepare(window);
    QVERIFY(page);
    QSignalSpy requests(page->memberModel(), &MemberListModel::authorizationRequested);
    QTableView *view = page->memberTable();
    const QModelIndex check = viewIndex(page, Address(0xa3), MemberListModel::AuthorizedColumn);
    QCOMPARE(check.data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Unchecked);
    view->scrollTo(check);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, checkBoxCenter(view, check));
    QCOMPARE(requests.count(), 1);
    QCOMPARE(requests.at(0).at(0).value<quint64>(), NetworkId);
    QCOMPARE(requests.at(0).at(1).value<Address>(), Address(0xa3));
    QCOMPARE(requests.at(0).at(2).toBool(), true);
    // The box shows the engine's state, not the click, until the engine answers.
    QCOMPARE(check.data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Unchecked);
    page->memberModel()->updateMember(makeMember(0xa3, QString(), true, true));
    QCOMPARE(viewIndex(page, Address(0xa3), MemberListModel::AuthorizedColumn)
                 .data(Qt::CheckStateRole)
                 .value<Qt::CheckState>(),
             Qt::Checked);

    // A click beside the box (on the address) authorizes nothing.
    const QModelIndex address = viewIndex(page, Address(0xa2), MemberListModel::AddressColumn);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(address).center());
    QCOMPARE(requests.count(), 1);
    // Clicking a checked box asks to deauthorize.
    const QModelIndex checked = viewIndex(page, Address(0xa2), MemberListModel::AuthorizedColumn);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, checkBoxCenter(view, checked));
    QCOMPARE(requests.count(), 2);
    QCOMPARE(requests.at(1).at(1).value<Address>(), Address(0xa2));
    QCOMPARE(requests.at(1).at(2).toBool(), false);
}

void TestMembersPage::actionsWorkOnWholeSelection()
{
    MainWindow window(nullptr);
    MembersPage *page = prepare(window);
    QVERIFY(page);
    QSignalSpy requests(page->memberModel(), &MemberListModel::authorizationRequested);
    selectMembers(page, {0xa1, 0xa3});
    QCOMPARE(page->selectedMembers().size(), 2);
    QVERIFY(page->authorizeAction()->isEnabled());
    QVERIFY(page->deauthorizeAction()->isEnabled());
    page->authorizeAction()->trigger();
    // Only the member that is not authorized yet is asked for.
    QCOMPARE(requests.count(), 1);
    QCOMPARE(requests.at(0).at(1).value<Address>(), Address(0xa3));
    QCOMPARE(requests.at(0).at(2).toBool(), true);

    selectMembers(page, {0xa1, 0xa2});
    QVERIFY(!page->authorizeAction()->isEnabled());
    page->deauthorizeAction()->trigger();
    QCOMPARE(requests.count(), 3);
    QCOMPARE(requests.at(1).at(2).toBool(), false);
    QCOMPARE(requests.at(2).at(2).toBool(), false);
    QSet<quint64> asked{requests.at(1).at(1).value<Address>().toInt(), requests.at(2).at(1).value<Address>().toInt()};
    QCOMPARE(asked, (QSet<quint64>{0xa1, 0xa2}));

    // The engine's answer updates the actions of a selection that stays selected.
    page->memberModel()->updateMember(makeMember(0xa1, QStringLiteral("laptop"), false, true));
    QVERIFY(page->authorizeAction()->isEnabled());
    QCOMPARE(page->selectedMembers().size(), 2);
}

void TestMembersPage::deleteAsksNamingTheMembers()
{
    MainWindow window(nullptr);
    MembersPage *page = prepare(window);
    QVERIFY(page);
    QSignalSpy deletes(page->memberModel(), &MemberListModel::deleteRequested);
    selectMembers(page, {0xa1});
    m_confirmAnswer = false;
    page->deleteAction()->trigger();
    QCOMPARE(m_confirmTexts.size(), 1);
    QVERIFY2(m_confirmTexts.first().contains(QStringLiteral("laptop (00000000a1)")),
             qPrintable(m_confirmTexts.first()));
    QVERIFY(m_confirmTexts.first().contains(QStringLiteral("“office”")));
    QCOMPARE(deletes.count(), 0); // cancelled

    m_confirmAnswer = true;
    selectMembers(page, {0xa2, 0xa3});
    page->deleteAction()->trigger();
    QCOMPARE(m_confirmTexts.size(), 2);
    QVERIFY(m_confirmTexts.last().contains(QStringLiteral("printer (00000000a2)")));
    QVERIFY(m_confirmTexts.last().contains(QStringLiteral("00000000a3")));
    QCOMPARE(deletes.count(), 2);
    // Nothing disappears until the engine says so.
    QCOMPARE(page->memberModel()->rowCount(), 3);
    page->memberModel()->removeMember(NetworkId, Address(0xa2));
    QCOMPARE(page->memberModel()->rowCount(), 2);
}

void TestMembersPage::shortcutsTriggerActions()
{
    MainWindow window(nullptr);
    MembersPage *page = prepare(window);
    QVERIFY(page);
    QCOMPARE(page->authorizeAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Return));
    QCOMPARE(page->deauthorizeAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Backspace));
    QCOMPARE(page->deleteAction()->shortcut(), QKeySequence(QKeySequence::Delete));
    QSignalSpy requests(page->memberModel(), &MemberListModel::authorizationRequested);
    QSignalSpy deletes(page->memberModel(), &MemberListModel::deleteRequested);

    // In the networks table, Delete must not delete members.
    selectMembers(page, {0xa3});
    auto *networks = child<QTableView>(window, "networkTable");
    networks->setFocus();
    QTest::keyClick(networks, Qt::Key_Delete);
    QCOMPARE(deletes.count(), 0);

    page->memberTable()->setFocus();
    QTRY_VERIFY(page->memberTable()->hasFocus());
    QTest::keyClick(page->memberTable(), Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(requests.count(), 1);
    QCOMPARE(requests.at(0).at(2).toBool(), true);
    QTest::keyClick(page->memberTable(), Qt::Key_Delete);
    QCOMPARE(deletes.count(), 1);
    selectMembers(page, {0xa1});
    QTest::keyClick(page->memberTable(), Qt::Key_Backspace, Qt::ControlModifier);
    QCOMPARE(requests.count(), 2);
    QCOMPARE(requests.at(1).at(2).toBool(), false);
}

void TestMembersPage::filterBarAndSearch()
{
    MainWindow window(nullptr);
    MembersPage *page = prepare(window);
    QVERIFY(page);
    QAbstractItemModel *shown = page->memberTable()->model();
    QTest::mouseClick(child<QToolButton>(window, "filterPending"), Qt::LeftButton);
    QCOMPARE(page->memberProxy()->filter(), MemberFilterModel::Filter::Pending);
    QCOMPARE(shown->rowCount(), 1);
    QCOMPARE(shown->index(0, MemberListModel::AddressColumn).data().toString(), QStringLiteral("00000000a3"));
    // Filters combine: a second click takes one off again.
    QTest::mouseClick(child<QToolButton>(window, "filterPending"), Qt::LeftButton);
    QTest::mouseClick(child<QToolButton>(window, "filterOnline"), Qt::LeftButton);
    QCOMPARE(shown->rowCount(), 2);
    QTest::mouseClick(child<QToolButton>(window, "filterOnline"), Qt::LeftButton);
    QTest::mouseClick(child<QToolButton>(window, "filterAuthorized"), Qt::LeftButton);
    QCOMPARE(shown->rowCount(), 2);
    QTest::keyClicks(child<QLineEdit>(window, "memberSearch"), QStringLiteral("print"));
    QCOMPARE(shown->rowCount(), 1);
    QTest::mouseClick(child<QToolButton>(window, "filterPending"), Qt::LeftButton);
    QCOMPARE(shown->rowCount(), 0);
    QVERIFY(child<QLabel>(window, "memberHint")->isVisible());
    QCOMPARE(child<QLabel>(window, "memberHint")->text(), QStringLiteral("No member matches the filter."));
    child<QLineEdit>(window, "memberSearch")->clear();
    QTest::mouseClick(child<QToolButton>(window, "filterAll"), Qt::LeftButton);
    QCOMPARE(shown->rowCount(), 3);
    QVERIFY(!child<QLabel>(window, "memberHint")->isVisible());
}

void TestMembersPage::invalidIpEditShowsNoticeAndSendsNothing()
{
    MainWindow window(nullptr);
    MembersPage *page = prepare(window);
    QVERIFY(page);
    QSignalSpy updates(page->memberModel(), &MemberListModel::updateRequested);
    QTableView *view = page->memberTable();
    const QModelIndex ips = viewIndex(page, Address(0xa1), MemberListModel::IpAssignmentsColumn);
    view->setCurrentIndex(ips);
    view->edit(ips);
    auto *editor = view->viewport()->findChild<QLineEdit *>();
    QVERIFY(editor);
    editor->selectAll();
    QTest::keyClicks(editor, QStringLiteral("10.147.17.5, 10.147.17.999"));
    QTest::keyClick(editor, Qt::Key_Return);
    auto *notice = child<QLabel>(window, "memberNotice");
    QTRY_VERIFY(notice->isVisible());
    QVERIFY2(notice->text().contains(QStringLiteral("10.147.17.999")), qPrintable(notice->text()));
    QCOMPARE(updates.count(), 0);
    QCOMPARE(ips.data().toString(), QString());

    // Valid input goes out as one update with the parsed list.
    view->edit(ips);
    editor = view->viewport()->findChild<QLineEdit *>();
    QVERIFY(editor);
    editor->selectAll();
    QTest::keyClicks(editor, QStringLiteral("10.147.17.5 fd00::5"));
    QTest::keyClick(editor, Qt::Key_Return);
    QTRY_COMPARE(updates.count(), 1);
    const auto update = updates.at(0).at(2).value<tier::MemberUpdate>();
    QCOMPARE(update.ipAssignments->size(), 2);
    QCOMPARE(update.ipAssignments->at(1), *InetAddress::fromIpString(u"fd00::5"));
}

void TestMembersPage::liveUpdatesKeepSelectionAndScroll()
{
    MainWindow window(nullptr);
    MembersPage *page = prepare(window);
    QVERIFY(page);
    QList<MemberInfo> many;
    for (quint64 i = 1; i <= 300; ++i)
        many << makeMember(0x1000 + i, QStringLiteral("node-%1").arg(i), true);
    page->memberModel()->resetMembers(NetworkId, many);
    QTableView *view = page->memberTable();
    // The view lays out the new rows on its next pass.
    QTRY_VERIFY(view->verticalScrollBar()->maximum() > 0);
    selectMembers(page, {0x1000 + 200, 0x1000 + 201});
    view->scrollTo(viewIndex(page, Address(0x1000 + 200), 0), QAbstractItemView::PositionAtCenter);
    const int scroll = view->verticalScrollBar()->value();
    QVERIFY(scroll > 0);
    QSignalSpy reset(page->memberProxy(), &QAbstractItemModel::modelReset);

    QList<MemberInfo> status;
    for (quint64 i = 1; i <= 300; i += 3) {
        MemberInfo member = makeMember(0x1000 + i, QStringLiteral("node-%1").arg(i), true, true);
        status << member;
    }
    page->memberModel()->updateStatus(status);
    page->memberModel()->updateMember(makeMember(0x1000 + 201, QStringLiteral("renamed"), true));
    page->memberModel()->tick();
    QCOMPARE(reset.count(), 0);
    QCOMPARE(view->verticalScrollBar()->value(), scroll);
    QCOMPARE(page->selectedMembers(), (QList<Address>{Address(0x1000 + 200), Address(0x1000 + 201)}));
}

void TestMembersPage::switchingNetworkShowsOtherMembers()
{
    MainWindow window(nullptr);
    MembersPage *page = prepare(window);
    QVERIFY(page);
    constexpr quint64 Other = NetworkId + 1;
    window.networkModel()->updateNetwork(makeNetwork(Other, QStringLiteral("zz-lab")));
    auto *networks = child<QTableView>(window, "networkTable");
    networks->selectRow(1);
    QCOMPARE(page->networkId(), Other);
    QCOMPARE(page->memberModel()->rowCount(), 0);
    QVERIFY(child<QLabel>(window, "memberHint")->isVisible());
    QVERIFY(child<QLabel>(window, "memberHint")->text().contains(QStringLiteral("zerotier-cli join ")));
    // Late events for the previous network do not leak in.
    page->memberModel()->updateMember(makeMember(0xa9, QString(), true));
    QCOMPARE(page->memberModel()->rowCount(), 0);
    // Removing the shown network: the page follows whatever is selected now, never the removed one.
    window.networkModel()->removeNetwork(Other);
    QVERIFY(page->networkId() != Other);
    const QModelIndexList selected = networks->selectionModel()->selectedRows();
    if (selected.isEmpty()) {
        QCOMPARE(child<QStackedWidget>(window, "membersStack")->currentWidget(),
                 child<QWidget>(window, "membersPlaceholder"));
        QCOMPARE(page->networkId(), quint64(0));
    } else {
        QCOMPARE(page->networkId(), selected.first().data(tier::NetworkListModel::NetworkIdRole).value<quint64>());
    }
    window.networkModel()->removeNetwork(NetworkId);
    QCOMPARE(child<QStackedWidget>(window, "membersStack")->currentWidget(),
             child<QWidget>(window, "membersPlaceholder"));
    QCOMPARE(page->networkId(), quint64(0));
}

void TestMembersPage::trayOnlyWithSystemTray()
{
    MainWindow window(nullptr);
    QCOMPARE(window.trayIcon() != nullptr, QSystemTrayIcon::isSystemTrayAvailable());
    QVERIFY(window.joinNotifier());
    if (!window.trayIcon())
        return;
    // With a tray: a join notification enables the menu's Authorize entry, which authorizes.
    QSignalSpy authorize(window.joinNotifier(), &tier::JoinNotifier::authorizationRequested);
    window.joinNotifier()->setCoalesceInterval(0);
    window.joinNotifier()->handleJoinRequest(makeMember(0xa7, QString(), false));
    QVERIFY(window.trayIcon()->authorizeAction()->isEnabled());
    window.trayIcon()->authorizeAction()->trigger();
    QCOMPARE(authorize.count(), 1);
    QVERIFY(!window.trayIcon()->authorizeAction()->isEnabled());
}

void TestMembersPage::checkboxAuthorizesThroughRealEngine()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    EngineClient engine;
    MainWindow window(&engine);
    installSeams(window);
    window.resize(1100, 600);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    tier::EngineOptions options = tier::test::loopbackEngineOptions(dir.filePath(QStringLiteral("data")));
    engine.start(options);
    QTRY_VERIFY2_WITH_TIMEOUT(engine.state() != EngineClient::State::Starting, "engine did not start", 60000);
    QVERIFY2(engine.state() == EngineClient::State::Running, qPrintable(engine.lastError()));

    QSignalSpy joins(&engine, &EngineClient::joinRequested);
    engine.createNetwork(QStringLiteral("office"));
    QTRY_COMPARE_WITH_TIMEOUT(window.networkModel()->rowCount(), 1, 20000);
    const quint64 networkId = window.networkModel()->networkAt(0).id;
    child<QTableView>(window, "networkTable")->selectRow(0);
    MembersPage *page = window.membersPage();
    QCOMPARE(page->networkId(), networkId);

    // A pre-authorized member record (no node needed): it appears in the table through the engine.
    const Address member(0x3a00001f0bULL);
    engine.setMemberAuthorized(networkId, member, true);
    QTRY_VERIFY_WITH_TIMEOUT(page->memberModel()->rowOfMember(member) >= 0, 20000);
    QVERIFY2(m_errors.isEmpty(), qPrintable(m_errors.join(u'\n')));
    QTableView *view = page->memberTable();
    QModelIndex check = viewIndex(page, member, MemberListModel::AuthorizedColumn);
    QCOMPARE(check.data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Checked);

    // One click on the box deauthorizes it in the engine, which answers with the changed member.
    QSignalSpy changed(&engine, &EngineClient::memberChanged);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, checkBoxCenter(view, check));
    QTRY_VERIFY_WITH_TIMEOUT(!changed.isEmpty(), 20000);
    QCOMPARE(changed.last().at(0).value<MemberInfo>().authorized, false);
    check = viewIndex(page, member, MemberListModel::AuthorizedColumn);
    QCOMPARE(check.data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Unchecked);

    // And a second click authorizes it again.
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, checkBoxCenter(view, check));
    QTRY_COMPARE_WITH_TIMEOUT(
        viewIndex(page, member, MemberListModel::AuthorizedColumn).data(Qt::CheckStateRole).value<Qt::CheckState>(),
        Qt::Checked, 20000);

    // The page read its rows from the engine's SQLite file through its reader thread.
    QVERIFY(page->memberModel()->pageReader()->currentLoadId() != 0);
    QVERIFY(page->memberModel()->pageReader()->lastQueryThread() != QThread::currentThread());

    // A fresh model (a window opened later) reads the stored state in pages from the engine's file.
    MemberListModel fresh;
    fresh.setEngine(&engine);
    fresh.setNetworkId(networkId);
    QTRY_COMPARE_WITH_TIMEOUT(fresh.rowCount(), 1, 20000);
    QVERIFY(fresh.memberAt(0).authorized);
    QVERIFY(fresh.pageReader()->currentLoadId() != 0);
    QTRY_VERIFY_WITH_TIMEOUT(!fresh.isLoading(), 20000);
    QCOMPARE(fresh.rowCount(), 1);

    // Without paging (as for PostgreSQL) the engine's membersReset brings the same state.
    MemberListModel viaEngine;
    viaEngine.setPagedLoading(false);
    viaEngine.setEngine(&engine);
    viaEngine.setNetworkId(networkId);
    QTRY_COMPARE_WITH_TIMEOUT(viaEngine.rowCount(), 1, 20000);
    QVERIFY(viaEngine.memberAt(0).authorized);
    QCOMPARE(viaEngine.pageReader()->currentLoadId(), quint64(0));
    QVERIFY2(m_errors.isEmpty(), qPrintable(m_errors.join(u'\n')));
    QCOMPARE(joins.count(), 0); // an admin's pre-authorization is no join request
    tier::test::stopEngine(engine);
}

void TestMembersPage::chartGivesWayToRowsOnShortPage()
{
    MembersPage page(nullptr);
    NetworkInfo network = makeNetwork(NetworkId, QStringLiteral("home-lab"));
    for (int i = 1; i <= 3; ++i) {
        tier::NetworkFinding finding;
        finding.severity = tier::NetworkFinding::Severity::Warning;
        finding.kind = tier::NetworkFinding::Kind::RouteHostBits;
        finding.source = "Route %1 has host bits set, so members may get or use no address in it; a sentence long "
                         "enough to wrap.";
        finding.args = {QString::number(i)};
        network.warnings.append(finding);
    }
    page.setNetwork(network);
    page.resize(640, 900);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto *chart = page.activityChart();
    auto *warnings = child<QLabel>(page, "networkWarnings");
    auto *search = child<QLineEdit>(page, "memberSearch");
    QVERIFY(warnings->isVisible());
    QVERIFY(chart->isVisible());

    // Too short for every row: the chart goes, and the warnings and the search field do not overlap.
    page.resize(640, 400);
    QTRY_VERIFY(!chart->isVisible());
    QTRY_VERIFY2(warnings->geometry().bottom() < search->geometry().top(),
                 qPrintable(QStringLiteral("warnings end at %1, search starts at %2")
                                .arg(warnings->geometry().bottom())
                                .arg(search->geometry().top())));

    page.resize(640, 900);
    QTRY_VERIFY(chart->isVisible());
    QVERIFY(chart->geometry().bottom() < search->geometry().top());
}

void TestMembersPage::buttonRowsWrapInNarrowPage()
{
    MembersPage page(nullptr);
    NetworkInfo network = makeNetwork(NetworkId, QStringLiteral("office"));
    network.memberCount = 26;
    network.pendingCount = 2; // bold: wider
    network.authorizedCount = 24;
    page.setNetwork(network);
    page.resize(1000, 700);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto *search = child<QLineEdit>(page, "memberSearch");
    QList<QWidget *> buttons;
    for (const char *name :
         {"filterAll", "filterPending", "filterOnline", "filterAuthorized", "filterOffline", "filterOfflineDays"})
        buttons << child<QWidget>(page, name);
    for (QWidget *button : buttons)
        QVERIFY(button);
    // The action buttons, found by their actions; Delete last.
    QList<QWidget *> actions;
    for (QAction *action :
         {page.authorizeAction(), page.deauthorizeAction(), page.addMemberAction(), page.deleteAction()}) {
        for (auto *button : page.findChildren<QToolButton *>()) {
            if (button->defaultAction() == action)
                actions << button;
        }
    }
    QCOMPARE(actions.size(), 4);
    // Wide: one line each, Delete apart at the right end.
    QTRY_COMPARE(buttons.first()->geometry().center().y(), buttons.last()->geometry().center().y());
    QCOMPARE(actions.first()->geometry().center().y(), actions.last()->geometry().center().y());
    QCOMPARE(actions.last()->geometry().right(), search->geometry().right());
    QVERIFY(actions.last()->x() > actions[2]->geometry().right() + 100);

    // Narrowest: every button keeps its full width and none overlaps another or the search field above.
    page.resize(0, 700); // as narrow as the page goes (the chart sets its least width)
    QTRY_VERIFY(buttons.first()->geometry().bottom() < buttons.last()->geometry().top());
    for (int i = 0; i < buttons.size(); ++i) {
        QVERIFY(buttons[i]->width() >= buttons[i]->sizeHint().width());
        QVERIFY(buttons[i]->geometry().top() > search->geometry().bottom());
        for (int j = i + 1; j < buttons.size(); ++j)
            QVERIFY2(!buttons[i]->geometry().intersects(buttons[j]->geometry()),
                     qPrintable(buttons[i]->objectName() + QStringLiteral(" overlaps ") + buttons[j]->objectName()));
    }
    // The table starts below the last line of filter buttons and ends above the action buttons, which
    // keep their widths without overlapping (on as many lines as they need).
    QVERIFY(page.memberTable()->mapTo(&page, QPoint(0, 0)).y() > buttons.last()->geometry().bottom());
    for (int i = 0; i < actions.size(); ++i) {
        QVERIFY(actions[i]->width() >= actions[i]->sizeHint().width());
        QVERIFY(actions[i]->geometry().top() >
                page.memberTable()->mapTo(&page, QPoint(0, page.memberTable()->height())).y());
        for (int j = i + 1; j < actions.size(); ++j)
            QVERIFY(!actions[i]->geometry().intersects(actions[j]->geometry()));
    }
}

void TestMembersPage::pendingRowVersionFitsItsColumn()
{
    MembersPage page(nullptr);
    page.setNetwork(makeNetwork(NetworkId, QStringLiteral("office")));
    MemberInfo pending = makeMember(0xa3, QString(), false, true);
    pending.versionMajor = 1;
    pending.versionMinor = 14;
    pending.versionRevision = 2;
    page.memberModel()->resetMembers(NetworkId, {pending});
    page.resize(1000, 600);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QTableView *table = page.memberTable();
    const QModelIndex index = table->model()->index(0, MemberListModel::VersionColumn);
    QCOMPARE(index.data().toString(), QStringLiteral("1.14.2"));
    // The delegate's size for the cell is in the row's bold font: the column holds it without eliding.
    QStyleOptionViewItem option;
    option.initFrom(table);
    const int needed = table->itemDelegateForIndex(index)->sizeHint(option, index).width();
    QVERIFY2(table->horizontalHeader()->sectionSize(MemberListModel::VersionColumn) >= needed,
             qPrintable(QString::number(needed)));
}

QTEST_MAIN(TestMembersPage)
#include "tst_memberspage.moc"
