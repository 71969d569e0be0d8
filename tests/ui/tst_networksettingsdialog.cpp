// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/enginetesting.h"
#include "common/vectors.h"
#include "core/crypto/primitives.h"
#include "core/models/networklistmodel.h"
#include "core/models/networksettingsvalidator.h"
#include "core/service/engineclient.h"
#include "ui/mainwindow.h"
#include "ui/memberspage.h"
#include "ui/networksettingsdialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace tier;

namespace {

InetAddress ip(const char *text, quint16 bits = 0)
{
    return *InetAddress::fromIpString(QString::fromLatin1(text), bits);
}

NetworkDetails sampleDetails()
{
    NetworkDetails d;
    d.id = 0x8056c2e21c000001ULL;
    d.settings.name = QStringLiteral("lab");
    d.settings.description = QStringLiteral("Lab bench\n\tthree switches");
    d.settings.pools = {IpPool{ip("10.0.0.10"), ip("10.0.0.99")}};
    NetworkConfig::Route route;
    route.target = ip("10.0.0.0", 24);
    d.settings.routes = {route};
    d.settings.v4AssignZt = true;
    d.settings.capabilitiesJson = QStringLiteral("[{\"id\":1,\"rules\":[]}]");
    d.memberCount = 3;
    return d;
}

void setCell(QTableWidget *table, int row, int column, const QString &text)
{
    table->item(row, column)->setText(text);
}

} // namespace

class TestNetworkSettingsDialog final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void showsDetails();
    void refusesBadInput_data();
    void refusesBadInput();
    void validEditProducesExpectedSettings();
    void unchangedDialogSendsSameSettings();
    void rulesAreReadableAndValidated();
    void okClosesOnlyWhenValid();
    void warningsFollowTheEdit_data();
    void warningsFollowTheEdit();
    void headerShowsTheEnginesWarnings();
    void memberWarningsFromTheEngineWithoutMembers();
    void editedPoolReachesEngine();
    void mainWindowOpensSettingsAndDeletes();
};

void TestNetworkSettingsDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestNetworkSettingsDialog::showsDetails()
{
    NetworkSettingsDialog dialog;
    dialog.setDetails(sampleDetails());
    QCOMPARE(dialog.nameEdit()->text(), QStringLiteral("lab"));
    QCOMPARE(dialog.descriptionEdit()->toPlainText(), QStringLiteral("Lab bench\n\tthree switches"));
    QCOMPARE(dialog.poolTable()->rowCount(), 1);
    QCOMPARE(dialog.poolTable()->item(0, 0)->text(), QStringLiteral("10.0.0.10"));
    QCOMPARE(dialog.poolTable()->item(0, 1)->text(), QStringLiteral("10.0.0.99"));
    QCOMPARE(dialog.routeTable()->item(0, 0)->text(), QStringLiteral("10.0.0.0/24"));
    QCOMPARE(dialog.routeTable()->item(0, 1)->text(), QString());
    QVERIFY(dialog.v4AssignCheck()->isChecked());
    QVERIFY(!dialog.sixPlaneCheck()->isChecked());
    QCOMPARE(dialog.mtuSpin()->value(), NetworkConfig::DefaultMtu);
    QVERIFY(dialog.warnings().isEmpty());
    // Default rules (empty text) read as "accept".
    QCOMPARE(dialog.rulesList()->count(), 1);
    QCOMPARE(dialog.rulesList()->item(0)->text(), QStringLiteral("1. accept"));
    QVERIFY(dialog.windowTitle().contains(QStringLiteral("lab")));
}

void TestNetworkSettingsDialog::refusesBadInput_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<int>("tab");
    QTest::addColumn<QString>("message");
    // kind: 0 = pool row 2, 1 = route row 2, 2 = DNS servers text, 3 = name, 4 = rules text, 5 = domain,
    // 6 = description
    QTest::newRow("pool bad ip") << 0 << QStringLiteral("10.0.0.300") << QStringLiteral("10.0.0.310")
                                 << int(NetworkSettingsDialog::PoolsTab)
                                 << QStringLiteral("IP pool 2: the start address \"10.0.0.300\"");
    QTest::newRow("pool start after end")
        << 0 << QStringLiteral("10.0.1.9") << QStringLiteral("10.0.1.1") << int(NetworkSettingsDialog::PoolsTab)
        << QStringLiteral("IP pool 2: the start address 10.0.1.9 comes after the end address 10.0.1.1");
    QTest::newRow("route /33") << 1 << QStringLiteral("10.0.0.1/33") << QString()
                               << int(NetworkSettingsDialog::RoutesTab)
                               << QStringLiteral("Route 2: the prefix length /33 of \"10.0.0.1/33\"");
    QTest::newRow("route via") << 1 << QStringLiteral("10.9.0.0/16") << QStringLiteral("nope")
                               << int(NetworkSettingsDialog::RoutesTab)
                               << QStringLiteral("Route 2: the gateway (via) \"nope\"");
    QTest::newRow("dns x") << 2 << QStringLiteral("10.0.0.53\nx") << QString() << int(NetworkSettingsDialog::DnsTab)
                           << QStringLiteral("DNS server 2: \"x\" is not a valid");
    QTest::newRow("dns too many") << 2 << QStringLiteral("1.1.1.1\n1.1.1.2\n1.1.1.3\n1.1.1.4\n1.1.1.5") << QString()
                                  << int(NetworkSettingsDialog::DnsTab) << QStringLiteral("DNS servers: at most 4");
    QTest::newRow("domain") << 5 << QStringLiteral("a b") << QString() << int(NetworkSettingsDialog::DnsTab)
                            << QStringLiteral("DNS search domain");
    QTest::newRow("empty name") << 3 << QStringLiteral("  ") << QString() << int(NetworkSettingsDialog::SettingsTab)
                                << QStringLiteral("Name:");
    QTest::newRow("description too long")
        << 6 << QString(NetworkValidator::MaxDescriptionCharacters + 1, u'x') << QString()
        << int(NetworkSettingsDialog::SettingsTab) << QStringLiteral("Description: at most 1024 characters");
    QTest::newRow("description control") << 6 << QStringLiteral("bell\a") << QString()
                                         << int(NetworkSettingsDialog::SettingsTab)
                                         << QStringLiteral("Description: control characters");
    QTest::newRow("rules not json") << 4 << QStringLiteral("[{") << QString() << int(NetworkSettingsDialog::RulesTab)
                                    << QStringLiteral("Rules: the JSON is invalid");
    QTest::newRow("rules bad field") << 4
                                     << QStringLiteral(
                                            R"([{"type":"ACTION_DROP"},{"type":"MATCH_ETHERTYPE","etherType":"ipv4"}])")
                                     << QString() << int(NetworkSettingsDialog::RulesTab)
                                     << QStringLiteral("Rules: rules[1]");
}

void TestNetworkSettingsDialog::refusesBadInput()
{
    QFETCH(int, kind);
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(int, tab);
    QFETCH(QString, message);

    NetworkSettingsDialog dialog;
    dialog.setDetails(sampleDetails());
    QSignalSpy requests(&dialog, &NetworkSettingsDialog::updateRequested);
    switch (kind) {
    case 0:
        dialog.addPoolRow(a, b);
        break;
    case 1:
        dialog.addRouteRow(a, b);
        break;
    case 2:
        dialog.dnsServersEdit()->setPlainText(a);
        break;
    case 3:
        dialog.nameEdit()->setText(a);
        break;
    case 4:
        dialog.rulesEdit()->setPlainText(a);
        break;
    case 5:
        dialog.domainEdit()->setText(a);
        break;
    case 6:
        dialog.descriptionEdit()->setPlainText(a);
        break;
    }
    dialog.tabs()->setCurrentIndex(NetworkSettingsDialog::SettingsTab == tab ? 1 : 0);
    QVERIFY(!dialog.apply());
    QCOMPARE(requests.count(), 0);
    QVERIFY2(dialog.errorText().contains(message), qPrintable(dialog.errorText()));
    QCOMPARE(dialog.tabs()->currentIndex(), tab);
    // The button does the same.
    dialog.buttons()->button(QDialogButtonBox::Apply)->click();
    QCOMPARE(requests.count(), 0);
}

void TestNetworkSettingsDialog::validEditProducesExpectedSettings()
{
    NetworkSettingsDialog dialog;
    const NetworkDetails details = sampleDetails();
    dialog.setDetails(details);
    QSignalSpy requests(&dialog, &NetworkSettingsDialog::updateRequested);

    dialog.nameEdit()->setText(QStringLiteral("lab 2"));
    dialog.descriptionEdit()->setPlainText(QStringLiteral("\n  Second lab\n\tupstairs  \n"));
    dialog.privateCheck()->setChecked(false);
    dialog.broadcastCheck()->setChecked(false);
    dialog.multicastLimitSpin()->setValue(64);
    dialog.mtuSpin()->setValue(1400);
    setCell(dialog.poolTable(), 0, 1, QStringLiteral("10.0.0.50"));
    dialog.addPoolRow(QStringLiteral("fd00::10"), QStringLiteral("fd00::20"));
    dialog.addPoolRow(); // an empty row is ignored
    dialog.v6AssignCheck()->setChecked(true);
    dialog.rfc4193Check()->setChecked(true);
    dialog.sixPlaneCheck()->setChecked(true);
    dialog.addRouteRow(QStringLiteral("192.168.0.0/16"), QStringLiteral("10.0.0.1"));
    dialog.addRouteRow(QStringLiteral("fd00::/64"));
    dialog.domainEdit()->setText(QStringLiteral("lab.example"));
    dialog.dnsServersEdit()->setPlainText(QStringLiteral("10.0.0.53\n\n fd00::53 \n"));
    dialog.rulesEdit()->setPlainText(
        QStringLiteral(R"([{"type":"MATCH_ETHERTYPE","etherType":2054,"not":true},{"type":"ACTION_DROP"},)"
                       R"({"type":"ACTION_ACCEPT"}])"));
    // The IPv6 pool lies in fd00::/64, the IPv4 one in 10.0.0.0/24: nothing to warn about.
    QVERIFY2(dialog.warnings().isEmpty(), qPrintable(dialog.warnings().join(u'\n')));

    QVERIFY2(dialog.apply(), qPrintable(dialog.errorText()));
    QCOMPARE(requests.count(), 1);
    QCOMPARE(requests.at(0).at(0).toULongLong(), details.id);
    const auto sent = requests.at(0).at(1).value<NetworkSettings>();

    NetworkSettings expected = details.settings;
    expected.name = QStringLiteral("lab 2");
    expected.description = QStringLiteral("Second lab\n\tupstairs"); // outer blank space dropped
    expected.isPrivate = false;
    expected.enableBroadcast = false;
    expected.multicastLimit = 64;
    expected.mtu = 1400;
    expected.pools = {IpPool{ip("10.0.0.10"), ip("10.0.0.50")}, IpPool{ip("fd00::10"), ip("fd00::20")}};
    expected.v6AssignZt = true;
    expected.v6AssignRfc4193 = true;
    expected.v6Assign6plane = true;
    NetworkConfig::Route viaGateway;
    viaGateway.target = ip("192.168.0.0", 16);
    viaGateway.via = ip("10.0.0.1");
    NetworkConfig::Route v6;
    v6.target = ip("fd00::", 64);
    expected.routes = {details.settings.routes.first(), viaGateway, v6};
    expected.dns.domain = QStringLiteral("lab.example");
    expected.dns.servers = {ip("10.0.0.53"), ip("fd00::53")};
    expected.rulesJson = QStringLiteral(R"([{"etherType":2054,"not":true,"type":"MATCH_ETHERTYPE"},)"
                                        R"({"type":"ACTION_DROP"},{"type":"ACTION_ACCEPT"}])");
    QCOMPARE(sent.name, expected.name);
    QCOMPARE(sent.description, expected.description);
    QCOMPARE(sent.pools, expected.pools);
    QCOMPARE(sent.routes, expected.routes);
    QCOMPARE(sent.dns, expected.dns);
    QCOMPARE(sent.rulesJson, expected.rulesJson);
    QCOMPARE(sent.capabilitiesJson, details.settings.capabilitiesJson); // not edited here, kept
    QVERIFY(sent == expected);
}

void TestNetworkSettingsDialog::unchangedDialogSendsSameSettings()
{
    NetworkSettingsDialog dialog;
    NetworkDetails details = sampleDetails();
    details.settings.rulesJson = QStringLiteral(R"([{"type":"ACTION_DROP","not":false,"or":false}])");
    details.settings.dns.servers = {ip("10.0.0.53")};
    dialog.setDetails(details);
    QSignalSpy requests(&dialog, &NetworkSettingsDialog::updateRequested);
    QVERIFY(dialog.apply());
    QCOMPARE(requests.count(), 1);
    QVERIFY(requests.at(0).at(1).value<NetworkSettings>() == details.settings);
}

void TestNetworkSettingsDialog::rulesAreReadableAndValidated()
{
    NetworkSettingsDialog dialog;
    dialog.setDetails(sampleDetails());
    dialog.rulesEdit()->setPlainText(
        QStringLiteral(R"([{"type":"MATCH_ETHERTYPE","etherType":2048,"not":true},{"type":"ACTION_DROP"},)"
                       R"({"type":"ACTION_ACCEPT"}])"));
    QCOMPARE(dialog.rulesList()->count(), 3);
    QCOMPARE(dialog.rulesList()->item(0)->text(), QStringLiteral("1. not (match ethertype: etherType=2048)"));
    QCOMPARE(dialog.rulesList()->item(1)->text(), QStringLiteral("2. drop"));
    dialog.rulesEdit()->setPlainText(QStringLiteral(R"([{"type":"ACTION_ACCEPT"},{"type":"MATCH_BOGUS"}])"));
    QCOMPARE(dialog.rulesList()->count(), 0);
    // Empty text means the default.
    dialog.rulesEdit()->setPlainText(QString());
    QCOMPARE(dialog.rulesList()->count(), 1);
    QCOMPARE(dialog.rulesList()->item(0)->text(), QStringLiteral("1. accept"));
    QSignalSpy requests(&dialog, &NetworkSettingsDialog::updateRequested);
    QVERIFY(dialog.apply());
    QCOMPARE(requests.at(0).at(1).value<NetworkSettings>().rulesJson, QString());
}

void TestNetworkSettingsDialog::okClosesOnlyWhenValid()
{
    NetworkSettingsDialog dialog;
    dialog.setDetails(sampleDetails());
    dialog.show();
    QSignalSpy requests(&dialog, &NetworkSettingsDialog::updateRequested);
    dialog.addRouteRow(QStringLiteral("10.0.0.1/33"));
    dialog.buttons()->button(QDialogButtonBox::Ok)->click();
    QVERIFY(dialog.isVisible());
    QCOMPARE(requests.count(), 0);
    dialog.routeTable()->removeRow(1);
    // A pool outside every route is only a warning.
    dialog.addPoolRow(QStringLiteral("172.16.0.1"), QStringLiteral("172.16.0.9"));
    QCOMPARE(dialog.warnings().size(), 1);
    dialog.buttons()->button(QDialogButtonBox::Ok)->click();
    QVERIFY(!dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(requests.count(), 1);
}

void TestNetworkSettingsDialog::warningsFollowTheEdit_data()
{
    QTest::addColumn<int>("breakage");
    QTest::addColumn<QString>("warning");
    QTest::newRow("host bits") << 0 << QStringLiteral("Route 2: 10.0.5.1/24 has host bits set");
    QTest::newRow("pools, auto-assign off") << 1 << QStringLiteral("IPv4 auto-assign is off");
    QTest::newRow("auto-assign, no pool") << 2 << QStringLiteral("there is no IPv4 pool");
    QTest::newRow("pool outside routes") << 3 << QStringLiteral("IP pool 2 (172.16.0.1–172.16.0.9) is not inside");
    QTest::newRow("pools overlap") << 4 << QStringLiteral("IP pools 1 and 2 overlap");
    QTest::newRow("member IP outside routes")
        << 5 << QStringLiteral("Member 1122334455: the address 10.0.0.70 is outside every managed route");
    QTest::newRow("other network's pool")
        << 6 << QStringLiteral("overlaps the pool 10.0.0.50–10.0.0.60 of network \"office\"");
}

void TestNetworkSettingsDialog::warningsFollowTheEdit()
{
    QFETCH(int, breakage);
    QFETCH(QString, warning);
    NetworkSettingsDialog dialog;
    dialog.setDetails(sampleDetails());
    dialog.show();
    QVERIFY(dialog.warnings().isEmpty());
    QVERIFY(dialog.warningsLabel()->isHidden());
    NetworkValidator::Context context;
    const Address member = *Address::fromString(QStringLiteral("1122334455"));
    // Each case: make it, see the warning on every tab, fix it, see it go.
    std::function<void()> fix;
    switch (breakage) {
    case 0:
        dialog.addRouteRow(QStringLiteral("10.0.5.1/24"));
        fix = [&] { setCell(dialog.routeTable(), 1, 0, QStringLiteral("10.0.5.0/24")); };
        break;
    case 1:
        dialog.v4AssignCheck()->setChecked(false);
        fix = [&] { dialog.v4AssignCheck()->setChecked(true); };
        break;
    case 2:
        dialog.poolTable()->removeRow(0);
        fix = [&] { dialog.v4AssignCheck()->setChecked(false); };
        break;
    case 3:
        dialog.addPoolRow(QStringLiteral("172.16.0.1"), QStringLiteral("172.16.0.9"));
        fix = [&] { dialog.addRouteRow(QStringLiteral("172.16.0.0/24")); };
        break;
    case 4:
        dialog.addPoolRow(QStringLiteral("10.0.0.50"), QStringLiteral("10.0.0.150"));
        fix = [&] { setCell(dialog.poolTable(), 1, 0, QStringLiteral("10.0.0.100")); };
        break;
    case 5:
        dialog.routeTable()->item(0, 0)->setText(QStringLiteral("10.0.0.0/26"));
        context.members = {{member, {ip("10.0.0.5"), ip("10.0.0.70")}}};
        dialog.setWarningContext(context);
        // 10.0.0.70 and the pool's end lie outside 10.0.0.0/26 as well: judged together.
        fix = [&] { setCell(dialog.routeTable(), 0, 0, QStringLiteral("10.0.0.0/24")); };
        break;
    case 6:
        context.otherNetworks = {
            {0x8056c2e21c000002ULL, QStringLiteral("office"), {IpPool{ip("10.0.0.50"), ip("10.0.0.60")}}}};
        dialog.setWarningContext(context);
        fix = [&] { setCell(dialog.poolTable(), 0, 0, QStringLiteral("10.0.0.61")); };
        break;
    }
    QVERIFY2(dialog.warnings().join(u'\n').contains(warning), qPrintable(dialog.warnings().join(u'\n')));
    QVERIFY(dialog.warningsLabel()->isVisible());
    QVERIFY(dialog.warningsLabel()->text().contains(warning));
    for (int tab = 0; tab < dialog.tabs()->count(); ++tab) {
        dialog.tabs()->setCurrentIndex(tab);
        QVERIFY(dialog.warningsLabel()->isVisible());
    }
    // A warning never refuses the edit.
    QSignalSpy requests(&dialog, &NetworkSettingsDialog::updateRequested);
    QVERIFY2(dialog.apply(), qPrintable(dialog.errorText()));
    QCOMPARE(requests.size(), 1);
    fix();
    QVERIFY2(dialog.warnings().isEmpty(), qPrintable(dialog.warnings().join(u'\n')));
    QVERIFY(dialog.warningsLabel()->isHidden());
}

void TestNetworkSettingsDialog::memberWarningsFromTheEngineWithoutMembers()
{
    // Opened for a network whose members the members page does not hold: the engine's word on them.
    NetworkDetails details = sampleDetails();
    const Address member = *Address::fromString(QStringLiteral("1122334455"));
    details.warnings = {*NetworkValidator::memberIpWarning(details.settings, member, ip("192.168.1.5"))};
    NetworkSettingsDialog dialog;
    dialog.setDetails(details);
    QCOMPARE(dialog.warnings().size(), 1);
    QVERIFY(dialog.warnings().first().contains(QStringLiteral("192.168.1.5")));
    // With the members known, the dialog judges them itself (live while routes are edited).
    NetworkValidator::Context context;
    context.members = {{member, {ip("192.168.1.5")}}};
    dialog.setWarningContext(context);
    QCOMPARE(dialog.warnings().size(), 1);
    dialog.addRouteRow(QStringLiteral("192.168.1.0/24"));
    QVERIFY(dialog.warnings().isEmpty());
}

void TestNetworkSettingsDialog::headerShowsTheEnginesWarnings()
{
    QVERIFY(crypto::initialize());
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    EngineClient engine;
    MainWindow window(&engine);
    window.setErrorPresenter([](const QString &message) { qWarning() << message; });
    EngineOptions options;
    options.dataDir = QDir(dir.path()).filePath(QStringLiteral("data"));
    options.udpPort = 0;
    options.udpBindAddress = QStringLiteral("127.0.0.1");
    options.planetFile = test::vectorPath(QStringLiteral("lab/lab-planet.bin")); // never the public roots
    engine.start(options);
    QTRY_VERIFY_WITH_TIMEOUT(engine.state() != EngineClient::State::Starting, 20000);
    QVERIFY2(engine.state() == EngineClient::State::Running, qPrintable(engine.lastError()));
    window.show();

    engine.createNetwork(QStringLiteral("office"));
    QTRY_COMPARE_WITH_TIMEOUT(window.networkModel()->rowCount(), 1, 10000);
    const quint64 networkId = window.networkModel()->networkAt(0).id;
    window.findChild<QTableView *>(QStringLiteral("networkTable"))->selectRow(0);
    QLabel *header = window.membersPage()->warningsLabel();
    QTRY_COMPARE_WITH_TIMEOUT(window.membersPage()->networkId(), networkId, 10000);
    QVERIFY(header->isHidden()); // the reference's defaults: nothing to warn about

    auto headerSays = [&](const QString &words) { return header->isVisible() && header->text().contains(words); };
    NetworkSettings s;
    s.name = QStringLiteral("office");
    s.pools = {IpPool{ip("10.0.0.10"), ip("10.0.0.99")}};
    NetworkConfig::Route route;
    route.target = ip("10.0.0.1", 24);
    s.routes = {route};
    engine.updateNetwork(networkId, s);
    QTRY_VERIFY_WITH_TIMEOUT(headerSays(QStringLiteral("IPv4 auto-assign is off")), 10000);
    QVERIFY(headerSays(QStringLiteral("10.0.0.1/24 has host bits set")));
    s.v4AssignZt = true;
    s.routes.first().target = ip("10.0.0.0", 24);
    engine.updateNetwork(networkId, s);
    QTRY_VERIFY_WITH_TIMEOUT(header->isHidden(), 10000);

    // A member's manual address outside every route (the engine re-announces the network).
    MemberUpdate update;
    update.ipAssignments = QList<InetAddress>{ip("192.168.3.3")};
    const Address member = *Address::fromString(QStringLiteral("1122334455"));
    engine.updateMember(networkId, member, update);
    QTRY_VERIFY_WITH_TIMEOUT(headerSays(QStringLiteral("Member 1122334455: the address 192.168.3.3")), 10000);
    update.ipAssignments = QList<InetAddress>{ip("10.0.0.3")};
    engine.updateMember(networkId, member, update);
    QTRY_VERIFY_WITH_TIMEOUT(header->isHidden(), 10000);

    // Another network whose pool overlaps: this network's header says so, and stops when it is gone.
    engine.createNetwork(QStringLiteral("lab"));
    QTRY_COMPARE_WITH_TIMEOUT(window.networkModel()->rowCount(), 2, 10000);
    const int labRow = window.networkModel()->networkAt(0).id == networkId ? 1 : 0;
    const quint64 labId = window.networkModel()->networkAt(labRow).id;
    NetworkSettings lab;
    lab.name = QStringLiteral("lab");
    lab.pools = {IpPool{ip("10.0.0.50"), ip("10.0.0.60")}};
    lab.routes = {route};
    lab.v4AssignZt = true;
    engine.updateNetwork(labId, lab);
    QTRY_VERIFY_WITH_TIMEOUT(headerSays(QStringLiteral("of network \"lab\"")), 10000);
    QCOMPARE(window.membersPage()->networkId(), networkId);
    engine.deleteNetwork(labId);
    QTRY_VERIFY_WITH_TIMEOUT(header->isHidden(), 10000);

    // The settings dialog opens with the same warnings, judged against the members and networks.
    update.ipAssignments = QList<InetAddress>{ip("192.168.3.3")};
    engine.updateMember(networkId, member, update);
    QTRY_VERIFY_WITH_TIMEOUT(header->isVisible(), 10000);
    window.networkSettingsAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(window.networkSettingsDialog() && window.networkSettingsDialog()->isVisible(), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(
        window.networkSettingsDialog()->warningsLabel()->text().contains(QStringLiteral("192.168.3.3")), 10000);
    window.networkSettingsDialog()->addRouteRow(QStringLiteral("192.168.3.0/24"));
    QVERIFY(window.networkSettingsDialog()->warningsLabel()->isHidden());
    window.networkSettingsDialog()->close();
    QVERIFY(tier::test::stopEngine(engine));
}

void TestNetworkSettingsDialog::editedPoolReachesEngine()
{
    QVERIFY(crypto::initialize());
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    EngineClient engine;
    EngineOptions options;
    options.dataDir = QDir(dir.path()).filePath(QStringLiteral("data"));
    options.udpPort = 0;
    options.udpBindAddress = QStringLiteral("127.0.0.1");
    // A private planet: the test never contacts public roots.
    options.planetFile = test::vectorPath(QStringLiteral("lab/lab-planet.bin"));
    QSignalSpy changed(&engine, &EngineClient::networkChanged);
    QSignalSpy detailsSpy(&engine, &EngineClient::networkDetails);
    QSignalSpy errors(&engine, &EngineClient::engineError);
    engine.start(options);
    QTRY_VERIFY_WITH_TIMEOUT(engine.state() != EngineClient::State::Starting, 20000);
    QVERIFY2(engine.state() == EngineClient::State::Running, qPrintable(engine.lastError()));

    engine.createNetwork(QStringLiteral("pools"));
    QTRY_VERIFY_WITH_TIMEOUT(!changed.isEmpty(), 10000);
    const quint64 networkId = changed.last().at(0).value<NetworkInfo>().id;
    engine.requestNetworkDetails(networkId);
    QTRY_VERIFY_WITH_TIMEOUT(!detailsSpy.isEmpty(), 10000);

    NetworkSettingsDialog dialog;
    QObject::connect(&dialog, &NetworkSettingsDialog::updateRequested, &engine, &EngineClient::updateNetwork);
    dialog.setDetails(detailsSpy.last().at(0).value<NetworkDetails>());
    detailsSpy.clear();
    dialog.addPoolRow(QStringLiteral("10.147.17.10"), QStringLiteral("10.147.17.250"));
    dialog.addRouteRow(QStringLiteral("10.147.17.0/24"));
    dialog.v4AssignCheck()->setChecked(true);
    const quint64 loadedRevision = dialog.details().revision;
    QVERIFY2(dialog.apply(), qPrintable(dialog.errorText()));
    // Details of the earlier revision may still be on their way; wait for the answer to the update.
    auto answer = [&]() -> std::optional<NetworkDetails> {
        for (const QList<QVariant> &args : std::as_const(detailsSpy)) {
            const auto d = args.at(0).value<NetworkDetails>();
            if (d.id == networkId && d.revision > loadedRevision)
                return d;
        }
        return std::nullopt;
    };
    QTRY_VERIFY_WITH_TIMEOUT(answer().has_value(), 10000);
    const NetworkDetails stored = *answer();
    QCOMPARE(stored.id, networkId);
    QCOMPARE(stored.settings.pools, (QList<IpPool>{IpPool{ip("10.147.17.10"), ip("10.147.17.250")}}));
    QCOMPARE(stored.settings.routes.size(), 1);
    QCOMPARE(stored.settings.routes.first().target, ip("10.147.17.0", 24));
    QVERIFY(stored.settings.v4AssignZt);
    QVERIFY2(errors.isEmpty(), errors.isEmpty() ? "" : qPrintable(errors.first().at(0).toString()));

    // The dialog reloaded from the answer shows the pool again.
    dialog.setDetails(stored);
    QCOMPARE(dialog.poolTable()->item(0, 0)->text(), QStringLiteral("10.147.17.10"));
    tier::test::stopEngine(engine);
}

void TestNetworkSettingsDialog::mainWindowOpensSettingsAndDeletes()
{
    QVERIFY(crypto::initialize());
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    EngineClient engine;
    MainWindow window(&engine);
    QStringList errors;
    window.setErrorPresenter([&errors](const QString &message) { errors << message; });
    QStringList confirmations;
    bool confirmAnswer = false;
    window.setConfirmPrompt([&](const QString &title, const QString &text) {
        confirmations << title + u'|' + text;
        return confirmAnswer;
    });
    EngineOptions options;
    options.dataDir = QDir(dir.path()).filePath(QStringLiteral("data"));
    options.udpPort = 0;
    options.udpBindAddress = QStringLiteral("127.0.0.1");
    options.planetFile = test::vectorPath(QStringLiteral("lab/lab-planet.bin")); // never the public roots
    engine.start(options);
    QTRY_VERIFY_WITH_TIMEOUT(engine.state() != EngineClient::State::Starting, 20000);
    QVERIFY2(engine.state() == EngineClient::State::Running, qPrintable(engine.lastError()));

    QVERIFY(!window.networkSettingsAction()->isEnabled()); // nothing selected
    engine.createNetwork(QStringLiteral("office"));
    QTRY_COMPARE_WITH_TIMEOUT(window.networkModel()->rowCount(), 1, 10000);
    const quint64 networkId = window.networkModel()->networkAt(0).id;
    window.findChild<QTableView *>(QStringLiteral("networkTable"))->selectRow(0);
    QVERIFY(window.networkSettingsAction()->isEnabled());
    QCOMPARE(window.networkSettingsAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_E));
    // The members page header carries the same action.
    auto *headerButton = window.membersPage()->findChild<QToolButton *>(QStringLiteral("actionNetworkSettingsButton"));
    QVERIFY(headerButton);
    QCOMPARE(headerButton->defaultAction(), window.networkSettingsAction());

    headerButton->click();
    QTRY_VERIFY_WITH_TIMEOUT(window.networkSettingsDialog() && window.networkSettingsDialog()->isVisible(), 10000);
    NetworkSettingsDialog *dialog = window.networkSettingsDialog();
    QCOMPARE(dialog->networkId(), networkId);
    QCOMPARE(dialog->nameEdit()->text(), QStringLiteral("office"));

    // Rename and describe through the dialog; the list follows the engine's answer.
    QCOMPARE(dialog->descriptionEdit()->toPlainText(), QString());
    dialog->nameEdit()->setText(QStringLiteral("office 2"));
    dialog->descriptionEdit()->setPlainText(QStringLiteral("Second floor\nprinters and NAS"));
    dialog->mtuSpin()->setValue(1500);
    QVERIFY(dialog->apply());
    QTRY_COMPARE_WITH_TIMEOUT(window.networkModel()->networkAt(0).name, QStringLiteral("office 2"), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(window.networkModel()->networkAt(0).description,
                              QStringLiteral("Second floor\nprinters and NAS"), 10000);
    // The networks pane and the members page header show it on the name.
    QCOMPARE(window.networkModel()->index(0, NetworkListModel::NameColumn).data(Qt::ToolTipRole).toString(),
             QStringLiteral("Second floor\nprinters and NAS"));
    QVERIFY(window.networkModel()->index(0, NetworkListModel::IdColumn).data(Qt::ToolTipRole).isNull());
    auto *title = window.membersPage()->findChild<QLabel *>(QStringLiteral("summaryTitle"));
    QVERIFY(title);
    QTRY_COMPARE_WITH_TIMEOUT(title->toolTip(), QStringLiteral("Second floor\nprinters and NAS"), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(dialog->details().settings.mtu, 1500, 10000);

    // OK sends and closes; the engine's answer does not reopen the dialog.
    QSignalSpy answers(&engine, &EngineClient::networkDetails);
    dialog->mtuSpin()->setValue(1400);
    dialog->buttons()->button(QDialogButtonBox::Ok)->click();
    QTRY_VERIFY_WITH_TIMEOUT(!answers.isEmpty() && answers.last().at(0).value<NetworkDetails>().settings.mtu == 1400,
                             10000);
    QTest::qWait(100);
    QVERIFY(!window.networkSettingsDialog());

    // Ctrl+E's action opens it again, with the stored values.
    window.networkSettingsAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(window.networkSettingsDialog() && window.networkSettingsDialog()->isVisible(), 10000);
    QCOMPARE(window.networkSettingsDialog()->mtuSpin()->value(), 1400);

    // Delete: the confirmation names the network and its member count; Cancel keeps it.
    window.deleteNetworkAction()->trigger();
    QCOMPARE(confirmations.size(), 1);
    QVERIFY2(confirmations.first().contains(
                 QStringLiteral("\"office 2\" (%1)").arg(NetworkListModel::formatNetworkId(networkId))),
             qPrintable(confirmations.first()));
    // No members: no "0 member record(s)", only what is lost.
    QVERIFY2(!confirmations.first().contains(QStringLiteral("member record")), qPrintable(confirmations.first()));
    QVERIFY2(confirmations.first().contains(QStringLiteral("All of its settings are lost")),
             qPrintable(confirmations.first()));
    QTest::qWait(200);
    QCOMPARE(window.networkModel()->rowCount(), 1);
    confirmAnswer = true;
    window.deleteNetworkAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(window.networkModel()->rowCount(), 0, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!window.networkSettingsDialog(), 10000); // closed (and deleted) with its network
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
    tier::test::stopEngine(engine);
}

QTEST_MAIN(TestNetworkSettingsDialog)
#include "tst_networksettingsdialog.moc"
