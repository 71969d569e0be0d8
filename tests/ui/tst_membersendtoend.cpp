// SPDX-License-Identifier: GPL-3.0-or-later
// The members page over a real engine and real (simulated 1.14) members on loopback: a private
// planet names a root node run here; the engine runs on that planet bound to 127.0.0.1. A member
// that asks to join shows up as pending; one click on its checkbox cell makes the engine authorize
// it and push the config the member receives; the join notification's Authorize does the same.

#include "common/enginetesting.h"
#include "core/models/joinnotifier.h"
#include "core/models/memberfiltermodel.h"
#include "core/models/memberlistmodel.h"
#include "core/models/networklistmodel.h"
#include "core/node/simulatedmember.h"
#include "core/service/engineclient.h"
#include "node/nodetestsupport.h"
#include "ui/mainwindow.h"
#include "ui/memberspage.h"
#include "ui/uisettings.h"

#include <QDir>
#include <QFile>
#include <QLabel>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStyle>
#include <QStyleOptionViewItem>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace tier;

namespace {

constexpr int StartTimeoutMs = 60000;
constexpr int EventTimeoutMs = 20000;

struct Member
{
    std::unique_ptr<Node> node;
    std::unique_ptr<SimulatedMember> sim;
    QList<MemberEvent> events;
    int count(MemberEvent::Kind kind) const
    {
        int n = 0;
        for (const MemberEvent &e : events)
            n += e.kind == kind ? 1 : 0;
        return n;
    }
};

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

QModelIndex viewIndex(MembersPage *page, Address address, int column)
{
    const int row = page->memberModel()->rowOfMember(address);
    if (row < 0)
        return {};
    return page->memberProxy()->mapFromSource(page->memberModel()->index(row, column));
}

} // namespace

class TestMembersEndToEnd final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void checkboxClickDeliversConfigToMember();

private:
    std::unique_ptr<Member> makeMember(const Identity &identity, quint64 networkId)
    {
        auto m = std::make_unique<Member>();
        NodeOptions options = test::loopbackOptions();
        SimulatedMember::applyMemberDefaults(options);
        m->node = std::make_unique<Node>(identity, options);
        m->node->setWorlds(m_planet);
        m->sim = std::make_unique<SimulatedMember>(m->node.get(), networkId);
        Member *raw = m.get();
        connect(m->sim.get(), &SimulatedMember::event, this,
                [raw](const MemberEvent &event) { raw->events.append(event); });
        if (!m->node->start().ok())
            return nullptr;
        return m;
    }

    QList<Identity> m_ids;
    std::unique_ptr<Node> m_root;
    World m_planet;
    QTemporaryDir m_dir;
    QString m_planetPath;
};

void TestMembersEndToEnd::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setApplicationName(QStringLiteral("tiermaster-test-membersendtoend"));
    tier::openUiSettings()->clear();
    QVERIFY(crypto::initialize());
    m_ids = test::loadIdentities(6);
    QCOMPARE(m_ids.size(), 6);
    m_root = std::make_unique<Node>(m_ids[0], test::loopbackOptions(NodeOptions::Role::Root));
    QVERIFY(m_root->start().ok());
    m_planet = test::makePlanet(m_ids[0], m_root->localPort(), m_ids[5]);
    QVERIFY(!m_planet.isNull());
    QVERIFY(m_dir.isValid());
    m_planetPath = QDir(m_dir.path()).filePath(QStringLiteral("private.planet"));
    QFile planet(m_planetPath);
    QVERIFY(planet.open(QIODevice::WriteOnly));
    planet.write(m_planet.toBytes());
}

void TestMembersEndToEnd::cleanupTestCase()
{
    m_root.reset();
}

void TestMembersEndToEnd::checkboxClickDeliversConfigToMember()
{
    EngineClient engine;
    MainWindow window(&engine);
    QStringList errors;
    window.setErrorPresenter([&errors](const QString &message) { errors << message; });
    window.resize(1200, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    EngineOptions options;
    options.dataDir = QDir(m_dir.path()).filePath(QStringLiteral("data"));
    options.udpPort = 0;
    options.udpBindAddress = QStringLiteral("127.0.0.1");
    options.planetFile = m_planetPath;
    engine.setStatsInterval(200);
    engine.start(options);
    QTRY_VERIFY2_WITH_TIMEOUT(engine.state() != EngineClient::State::Starting, "engine did not start", StartTimeoutMs);
    QVERIFY2(engine.state() == EngineClient::State::Running, qPrintable(engine.lastError()));
    const Address controller = *Address::fromString(engine.controllerAddress());
    // The root knows the controller (its HELLO), so members find it by WHOIS there.
    QTRY_VERIFY_WITH_TIMEOUT(m_root->peer(controller) != nullptr, EventTimeoutMs);

    engine.createNetwork(QStringLiteral("office"));
    QTRY_COMPARE_WITH_TIMEOUT(window.networkModel()->rowCount(), 1, EventTimeoutMs);
    const quint64 networkId = window.networkModel()->networkAt(0).id;
    window.findChild<QTableView *>(QStringLiteral("networkTable"))->selectRow(0);
    MembersPage *page = window.membersPage();
    QCOMPARE(page->networkId(), networkId);
    window.joinNotifier()->setCoalesceInterval(100);
    QSignalSpy notifications(window.joinNotifier(), &JoinNotifier::notificationReady);

    // 1. A member asks: denied, listed as pending, and announced once.
    auto first = makeMember(m_ids[2], networkId);
    QVERIFY(first);
    const Address firstAddress = first->node->address();
    first->sim->join();
    QTRY_VERIFY_WITH_TIMEOUT(first->count(MemberEvent::Kind::Denied) >= 1, EventTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(page->memberModel()->rowOfMember(firstAddress) >= 0, EventTimeoutMs);
    QModelIndex check = viewIndex(page, firstAddress, MemberListModel::AuthorizedColumn);
    QVERIFY(check.data(MemberListModel::PendingRole).toBool());
    QCOMPARE(check.data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Unchecked);
    QTRY_COMPARE_WITH_TIMEOUT(notifications.count(), 1, EventTimeoutMs);
    QCOMPARE(notifications.at(0).at(0).value<JoinNotifier::Notification>().title,
             QStringLiteral("New member wants to join office"));

    // 2. One click on its checkbox: the engine authorizes it and the member gets its config.
    QTableView *view = page->memberTable();
    view->scrollTo(check);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, checkBoxCenter(view, check));
    QTRY_VERIFY_WITH_TIMEOUT(first->count(MemberEvent::Kind::Config) >= 1, EventTimeoutMs);
    QVERIFY(first->sim->config().has_value());
    QCOMPARE(first->sim->config()->networkId, networkId);
    QTRY_COMPARE_WITH_TIMEOUT(viewIndex(page, firstAddress, MemberListModel::AuthorizedColumn)
                                  .data(Qt::CheckStateRole)
                                  .value<Qt::CheckState>(),
                              Qt::Checked, EventTimeoutMs);
    // Authorized elsewhere: the notification has nothing left to authorize.
    QVERIFY(!window.joinNotifier()->hasPendingAuthorization());

    // 3. A second member: the notification's Authorize action lets it in.
    auto second = makeMember(m_ids[3], networkId);
    QVERIFY(second);
    second->sim->join();
    QTRY_COMPARE_WITH_TIMEOUT(notifications.count(), 2, EventTimeoutMs);
    QVERIFY(window.joinNotifier()->hasPendingAuthorization());
    window.joinNotifier()->authorizeCurrent();
    QTRY_VERIFY_WITH_TIMEOUT(second->count(MemberEvent::Kind::Config) >= 1, EventTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(viewIndex(page, second->node->address(), 0).data(MemberListModel::AuthorizedRole).toBool(),
                             EventTimeoutMs);
    // Its status (online, version) reaches the table too.
    QTRY_COMPARE_WITH_TIMEOUT(viewIndex(page, second->node->address(), 0).data(MemberListModel::StatusRole).toInt(),
                              int(MemberListModel::MemberStatus::Online), EventTimeoutMs);

    // 4. The status bar: the root is reachable, and the config requests are counted.
    // At least the two requests answered with a config.
    QTRY_VERIFY_WITH_TIMEOUT(engine.stats().requests >= 2, EventTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(engine.stats().rootsReachable, 1, EventTimeoutMs);
    QCOMPARE(engine.stats().roots, 1);
    QVERIFY(engine.stats().requestsPerMinute > 0);
    auto *stats = window.findChild<QLabel *>(QStringLiteral("engineStatsLabel"));
    QVERIFY(stats);
    QTRY_VERIFY_WITH_TIMEOUT(stats->text().startsWith(QStringLiteral("Roots: 1/1 · ")), EventTimeoutMs);
    QVERIFY2(stats->text().endsWith(QStringLiteral(" req/min")), qPrintable(stats->text()));
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
    first.reset();
    second.reset();
    tier::test::stopEngine(engine);
}

QTEST_MAIN(TestMembersEndToEnd)
#include "tst_membersendtoend.moc"
