// SPDX-License-Identifier: GPL-3.0-or-later
// File → Create Network: Ctrl+N opens the dialog with the name focused; a name and Enter give a network
// whose pool, on-link route and IPv4 auto-assign reach a real (simulated 1.14) member as an address.
// The dialog offers a subnet no other network uses, refuses bad subnets in place, and fills IPv6 modes.

#include "common/enginetesting.h"
#include "core/controller/networkvalidation.h"
#include "core/models/networklistmodel.h"
#include "core/node/simulatedmember.h"
#include "core/service/engineclient.h"
#include "node/nodetestsupport.h"
#include "ui/mainwindow.h"
#include "ui/newnetworkdialog.h"
#include "ui/uisettings.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace tier;

namespace {

constexpr int StartTimeoutMs = 60000;
constexpr int EventTimeoutMs = 20000;

NetworkSettings usingRoute(const QString &cidr)
{
    NetworkSettings settings;
    NetworkConfig::Route route;
    route.target = *NetworkAddressPlan::parseSubnet(cidr, nullptr);
    settings.routes.append(route);
    return settings;
}

QString subnetText(const InetAddress &a)
{
    return QStringLiteral("%1/%2").arg(a.toIpString()).arg(a.prefixLength());
}

} // namespace

class TestNewNetwork final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void offersFreeSubnetAndRefusesBadInput();
    void ipv6Modes();
    void ctrlNNameEnterGivesMemberAnAddress();

private:
    QList<Identity> m_ids;
    std::unique_ptr<Node> m_root;
    World m_planet;
    QTemporaryDir m_dir;
    QString m_planetPath;
};

void TestNewNetwork::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setApplicationName(QStringLiteral("tiermaster-test-newnetwork"));
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

void TestNewNetwork::cleanupTestCase()
{
    m_root.reset();
}

void TestNewNetwork::offersFreeSubnetAndRefusesBadInput()
{
    NewNetworkDialog dialog({usingRoute(QStringLiteral("10.147.17.0/24"))});
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QCOMPARE(QApplication::focusWidget(), dialog.nameEdit());
    // The taken subnet is listed but cannot be chosen; the next one is preselected.
    QCOMPARE(dialog.ipv4Combo()->currentText(), QStringLiteral("10.147.18.0/24"));
    QCOMPARE(dialog.ipv4Combo()->itemText(0), QStringLiteral("10.147.17.0/24 (in use)"));
    QVERIFY(dialog.summaryLabel()->text().contains(QStringLiteral("10.147.18.1")));

    // No name: refused in place, the dialog stays open with its layout.
    const QSize before = dialog.size();
    dialog.accept();
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.errorText(), QStringLiteral("Name: a network needs a name."));
    QCOMPARE(dialog.size(), before);

    QTest::keyClicks(dialog.nameEdit(), QStringLiteral("lab"));
    QVERIFY(dialog.errorText().isEmpty()); // typing clears the old message
    // The optional description has the validator's limit.
    dialog.descriptionEdit()->setText(QString(NetworkValidator::MaxDescriptionCharacters + 1, u'd'));
    dialog.accept();
    QVERIFY(dialog.isVisible());
    QVERIFY2(dialog.errorText().startsWith(QStringLiteral("Description: at most 1024 characters")),
             qPrintable(dialog.errorText()));
    dialog.descriptionEdit()->setText(QStringLiteral("  printers, 2nd floor "));
    QVERIFY(dialog.errorText().isEmpty());
    dialog.ipv4Combo()->setCurrentIndex(dialog.ipv4Combo()->findText(QStringLiteral("Custom subnet…")));
    QVERIFY(dialog.customSubnetEdit()->isVisible());
    dialog.customSubnetEdit()->setText(QStringLiteral("192.168.50.7/24"));
    dialog.accept();
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.errorText(), QStringLiteral("192.168.50.7/24 has host bits set; the subnet is 192.168.50.0/24."));
    dialog.customSubnetEdit()->setText(QStringLiteral("fd00::/64"));
    dialog.accept();
    QCOMPARE(dialog.errorText(), QStringLiteral("IPv4 subnet: fd00::/64 is an IPv6 subnet."));
    dialog.customSubnetEdit()->setText(QStringLiteral("192.168.50.0/25"));
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    const NetworkSettings s = dialog.settings();
    QCOMPARE(s.name, QStringLiteral("lab"));
    QCOMPARE(s.description, QStringLiteral("printers, 2nd floor"));
    QVERIFY(s.v4AssignZt);
    QCOMPARE(s.pools.size(), 1);
    QCOMPARE(s.pools[0].start.toIpString(), QStringLiteral("192.168.50.1"));
    QCOMPARE(s.pools[0].end.toIpString(), QStringLiteral("192.168.50.126"));
    QCOMPARE(s.routes.size(), 1);
    QCOMPARE(subnetText(s.routes[0].target), QStringLiteral("192.168.50.0/25"));
    QVERIFY(!s.v6AssignRfc4193 && !s.v6Assign6plane && !s.v6AssignZt);
}

void TestNewNetwork::ipv6Modes()
{
    NewNetworkDialog dialog({});
    dialog.nameEdit()->setText(QStringLiteral("six"));
    QString error;
    dialog.ipv4Combo()->setCurrentIndex(
        dialog.ipv4Combo()->findText(QStringLiteral("None (no managed IPv4 addresses)")));
    dialog.ipv6Combo()->setCurrentIndex(1); // RFC 4193
    auto s = dialog.collectSettings(&error);
    QVERIFY2(s, qPrintable(error));
    QVERIFY(!s->v4AssignZt && s->pools.isEmpty() && s->routes.isEmpty());
    QVERIFY(s->v6AssignRfc4193 && !s->v6Assign6plane);
    dialog.ipv6Combo()->setCurrentIndex(2); // 6PLANE
    s = dialog.collectSettings(&error);
    QVERIFY(s && s->v6Assign6plane && !s->v6AssignRfc4193);
    dialog.ipv6Combo()->setCurrentIndex(3); // pool from a (random unique-local) subnet
    s = dialog.collectSettings(&error);
    QVERIFY2(s, qPrintable(error));
    QVERIFY(s->v6AssignZt);
    QCOMPARE(s->pools.size(), 1);
    QVERIFY(s->pools[0].start.isIPv6());
    QCOMPARE(quint8(s->routes[0].target.ipBytes().at(0)), quint8(0xfd));
    dialog.ipv6SubnetEdit()->setText(QStringLiteral("10.0.0.0/24"));
    QVERIFY(!dialog.collectSettings(&error));
    QCOMPARE(error, QStringLiteral("IPv6 subnet: 10.0.0.0/24 is an IPv4 subnet."));
}

void TestNewNetwork::ctrlNNameEnterGivesMemberAnAddress()
{
    EngineClient engine;
    MainWindow window(&engine);
    QStringList errors;
    window.setErrorPresenter([&errors](const QString &message) { errors << message; });
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    EngineOptions options;
    options.dataDir = QDir(m_dir.path()).filePath(QStringLiteral("data"));
    options.udpPort = 0;
    options.udpBindAddress = QStringLiteral("127.0.0.1");
    options.planetFile = m_planetPath;
    engine.start(options);
    QTRY_VERIFY2_WITH_TIMEOUT(engine.state() != EngineClient::State::Starting, "engine did not start", StartTimeoutMs);
    QVERIFY2(engine.state() == EngineClient::State::Running, qPrintable(engine.lastError()));
    const Address controller = *Address::fromString(engine.controllerAddress());
    QTRY_VERIFY_WITH_TIMEOUT(m_root->peer(controller) != nullptr, EventTimeoutMs);

    // Ctrl+N, a name, Enter.
    QApplication::setActiveWindow(&window);
    QTRY_VERIFY(window.isActiveWindow());
    QTest::keyClick(&window, Qt::Key_N, Qt::ControlModifier);
    QTRY_VERIFY(window.newNetworkDialog() && window.newNetworkDialog()->isVisible());
    NewNetworkDialog *dialog = window.newNetworkDialog();
    QTRY_COMPARE(QApplication::focusWidget(), dialog->nameEdit());
    QTest::keyClicks(dialog->nameEdit(), QStringLiteral("office"));
    QTest::keyClicks(dialog->descriptionEdit(), QStringLiteral("front desk"));
    QTest::keyClick(dialog->descriptionEdit(), Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(window.networkModel()->rowCount(), 1, EventTimeoutMs);
    const NetworkInfo network = window.networkModel()->networkAt(0);
    QCOMPARE(network.name, QStringLiteral("office"));
    QCOMPARE(network.description, QStringLiteral("front desk"));
    QVERIFY(network.v4AssignZt);
    QCOMPARE(network.pools.size(), 1);
    QCOMPARE(network.routes.size(), 1);
    QCOMPARE(subnetText(network.routes[0].target), QStringLiteral("10.147.17.0/24"));

    // A real member joins, is authorized, and receives an address from the pool with the route.
    NodeOptions memberOptions = test::loopbackOptions();
    SimulatedMember::applyMemberDefaults(memberOptions);
    Node memberNode(m_ids[2], memberOptions);
    memberNode.setWorlds(m_planet);
    SimulatedMember member(&memberNode, network.id);
    QVERIFY(memberNode.start().ok());
    QSignalSpy events(&member, &SimulatedMember::event);
    member.join();
    QTRY_VERIFY_WITH_TIMEOUT(window.membersPage() && events.count() >= 1, EventTimeoutMs);
    engine.setMemberAuthorized(network.id, memberNode.address(), true);
    QTRY_VERIFY2_WITH_TIMEOUT(member.config().has_value(), qPrintable(errors.join(u'\n')), EventTimeoutMs);
    QTRY_VERIFY2_WITH_TIMEOUT(!member.config()->staticIps.isEmpty(), qPrintable(errors.join(u'\n')), EventTimeoutMs);
    const InetAddress ip = member.config()->staticIps.first();
    QVERIFY2(ip.isIPv4(), qPrintable(ip.toString()));
    QCOMPARE(ip.prefixLength(), 24); // the on-link route's length: the member can reach its peers
    QVERIFY2(network.routes[0].target.containsIp(ip), qPrintable(ip.toString()));
    QVERIFY(ip.ipv4() >= network.pools[0].start.ipv4() && ip.ipv4() <= network.pools[0].end.ipv4());
    bool routed = false;
    for (const NetworkConfig::Route &route : member.config()->routes)
        routed = routed || route.target == network.routes[0].target;
    QVERIFY(routed);

    // The next network gets the next free subnet.
    QApplication::setActiveWindow(&window);
    QTRY_VERIFY(window.isActiveWindow());
    QTest::keyClick(&window, Qt::Key_N, Qt::ControlModifier);
    QTRY_VERIFY(window.newNetworkDialog() && window.newNetworkDialog()->isVisible());
    QCOMPARE(window.newNetworkDialog()->ipv4Combo()->currentText(), QStringLiteral("10.147.18.0/24"));
    window.newNetworkDialog()->reject();
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
    tier::test::stopEngine(engine);
}

QTEST_MAIN(TestNewNetwork)
#include "tst_newnetwork.moc"
