// SPDX-License-Identifier: GPL-3.0-or-later
// The members page's daily work over a real engine and real (simulated 1.14) members on loopback:
// a member added by ID (pre-authorized) joins and gets its config without a click; the detail panel
// shows the record, its edits reach the engine and the member, and its history says who changed what;
// pending rows stand out and are counted on the filter buttons; Ctrl+F; plural wording.

#include "common/enginetesting.h"
#include "core/models/memberfiltermodel.h"
#include "core/models/memberlistmodel.h"
#include "core/models/networklistmodel.h"
#include "core/node/simulatedmember.h"
#include "core/service/engineclient.h"
#include "node/nodetestsupport.h"
#include "ui/addmemberdialog.h"
#include "ui/mainwindow.h"
#include "ui/memberdetailpanel.h"
#include "ui/memberrowdelegate.h"
#include "ui/memberspage.h"
#include "ui/stalemembersdialog.h"
#include "ui/uisettings.h"

#include <QAction>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

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
    bool hasIp(const QString &ip) const
    {
        if (!sim->config())
            return false;
        for (const InetAddress &a : sim->config()->staticIps)
            if (a.toIpString() == ip)
                return true;
        return false;
    }
};

QStringList historyLines(MemberDetailPanel *panel)
{
    QStringList lines;
    for (int i = 0; i < panel->historyView()->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = panel->historyView()->topLevelItem(i);
        lines << item->text(1) + QStringLiteral(" | ") + item->text(2);
    }
    return lines;
}

} // namespace

class TestMemberDetail final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void addByIdRefusesBadAddresses();
    void staleMembersPreview();
    void addByIdThenJoinAndDetailEdits();
    void longIpListShowsItsStart();

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

void TestMemberDetail::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setApplicationName(QStringLiteral("tiermaster-test-memberdetail"));
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

void TestMemberDetail::cleanupTestCase()
{
    m_root.reset();
}

void TestMemberDetail::addByIdRefusesBadAddresses()
{
    const Address controller = *Address::fromString(u"abcdef0123");
    AddMemberDialog dialog(controller);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    const QSize size = dialog.size();
    QString error;
    for (const auto &[text, expected] : QList<QPair<QString, QString>>{
             {QStringLiteral("12345"),
              QStringLiteral("\"12345\" is not a member address: it has exactly 10 hexadecimal digits (0-9, a-f).")},
             {QStringLiteral("12345678zz"),
              QStringLiteral(
                  "\"12345678zz\" is not a member address: it has exactly 10 hexadecimal digits (0-9, a-f).")},
             {QStringLiteral("ff12345678"),
              QStringLiteral("ff12345678 is a reserved address that no device can have.")},
             {QStringLiteral("ABCDEF0123"),
              QStringLiteral("abcdef0123 is this controller's own address, not a member's.")}}) {
        dialog.addressEdit()->setText(text);
        dialog.accept();
        QVERIFY(dialog.isVisible());
        QCOMPARE(dialog.errorText(), expected);
        QCOMPARE(dialog.size(), size); // the message has its room: the dialog does not jump
    }
    dialog.addressEdit()->setText(QStringLiteral(" 89E92CEEE5 "));
    dialog.nameEdit()->setText(QStringLiteral("laptop"));
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.member().toString(), QStringLiteral("89e92ceee5"));
    QCOMPARE(dialog.update().authorized, std::optional<bool>(true));
    QCOMPARE(dialog.update().name, std::optional<QString>(QStringLiteral("laptop")));
}

void TestMemberDetail::staleMembersPreview()
{
    const qint64 day = 86400000;
    const qint64 now = 1000 * day;
    QList<MemberInfo> members;
    auto add = [&](const char *address, qint64 lastRequest, qint64 created, bool online) {
        MemberInfo m;
        m.networkId = 1;
        m.address = *Address::fromString(QString::fromLatin1(address));
        m.lastRequestTime = lastRequest;
        m.creationTime = created;
        m.online = online;
        members.append(m);
    };
    add("0000000001", now - 40 * day, now - 400 * day, false); // 40 days silent
    add("0000000002", now - 2 * day, now - 400 * day, false);  // recent
    add("0000000003", 0, now - 90 * day, false);               // never seen, made 90 days ago
    add("0000000004", 0, now - day, false);                    // never seen, new
    add("0000000005", now - 1000, now - 400 * day, true);      // online
    StaleMembersDialog dialog(members, now);
    auto addresses = [&] {
        QStringList out;
        for (const Address a : dialog.staleMembers())
            out << a.toString();
        return out;
    };
    QCOMPARE(dialog.daysSpin()->value(), 30);
    QCOMPARE(addresses(), (QStringList{QStringLiteral("0000000001"), QStringLiteral("0000000003")}));
    QCOMPARE(dialog.preview()->topLevelItemCount(), 2);
    QCOMPARE(dialog.buttons()->button(QDialogButtonBox::Ok)->text(), QStringLiteral("Delete 2 Members"));
    dialog.daysSpin()->setValue(60);
    QCOMPARE(addresses(), QStringList{QStringLiteral("0000000003")});
    dialog.daysSpin()->setValue(1000);
    QVERIFY(addresses().isEmpty());
    QVERIFY(!dialog.buttons()->button(QDialogButtonBox::Ok)->isEnabled());
}

void TestMemberDetail::addByIdThenJoinAndDetailEdits()
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
    engine.start(options);
    QTRY_VERIFY2_WITH_TIMEOUT(engine.state() != EngineClient::State::Starting, "engine did not start", StartTimeoutMs);
    QVERIFY2(engine.state() == EngineClient::State::Running, qPrintable(engine.lastError()));
    const Address controller = *Address::fromString(engine.controllerAddress());
    QTRY_VERIFY_WITH_TIMEOUT(m_root->peer(controller) != nullptr, EventTimeoutMs);

    NetworkSettings settings;
    settings.name = QStringLiteral("office");
    settings.v4AssignZt = true;
    settings.pools.append({*InetAddress::fromIpString(u"10.147.17.1"), *InetAddress::fromIpString(u"10.147.17.254")});
    NetworkConfig::Route route;
    route.target = *InetAddress::fromIpString(u"10.147.17.0", 24);
    settings.routes.append(route);
    engine.createNetwork(settings);
    // The only network is selected without a click.
    QTRY_COMPARE_WITH_TIMEOUT(window.networkModel()->rowCount(), 1, EventTimeoutMs);
    const quint64 networkId = window.networkModel()->networkAt(0).id;
    MembersPage *page = window.membersPage();
    QTRY_COMPARE(page->networkId(), networkId);

    // 1. Add by ID (pre-authorized and named), then the device joins: in without a click.
    auto first = makeMember(m_ids[2], networkId);
    QVERIFY(first);
    page->addMemberAction()->trigger();
    QTRY_VERIFY(page->addMemberDialog() && page->addMemberDialog()->isVisible());
    AddMemberDialog *add = page->addMemberDialog();
    QTest::keyClicks(add->addressEdit(), first->node->address().toString());
    add->nameEdit()->setText(QStringLiteral("laptop"));
    QTest::keyClick(add->addressEdit(), Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(page->memberModel()->rowOfMember(first->node->address()) >= 0, EventTimeoutMs);
    {
        const MemberInfo &m = page->memberModel()->memberAt(page->memberModel()->rowOfMember(first->node->address()));
        QVERIFY(m.authorized);
        QCOMPARE(m.name, QStringLiteral("laptop"));
        QVERIFY(m.identity.isEmpty()); // it has never asked
    }
    first->sim->join();
    QTRY_VERIFY_WITH_TIMEOUT(first->count(MemberEvent::Kind::Config) >= 1, EventTimeoutMs);
    QCOMPARE(first->count(MemberEvent::Kind::Denied), 0);
    QTRY_VERIFY_WITH_TIMEOUT(first->sim->config() && !first->sim->config()->staticIps.isEmpty(), EventTimeoutMs);

    // 2. The detail panel: select the row, the record and its status are there.
    QTableView *table = page->memberTable();
    const int sourceRow = page->memberModel()->rowOfMember(first->node->address());
    table->selectRow(page->memberProxy()->mapFromSource(page->memberModel()->index(sourceRow, 0)).row());
    MemberDetailPanel *panel = page->detailPanel();
    QTRY_VERIFY(panel->isVisible());
    QCOMPARE(panel->member().address, first->node->address());
    QCOMPARE(panel->nameEdit()->text(), QStringLiteral("laptop"));
    QVERIFY(panel->authorizedCheck()->isChecked());
    QTRY_COMPARE_WITH_TIMEOUT(panel->statusLabel()->text(), QStringLiteral("Online"), EventTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(!panel->identityLabel()->text().isEmpty() &&
                                 panel->identityLabel()->text().startsWith(first->node->address().toString()),
                             EventTimeoutMs);
    // The history: authorized in the window (the add), then the controller's automatic address.
    QTRY_VERIFY_WITH_TIMEOUT(historyLines(panel).size() >= 2, EventTimeoutMs);
    QVERIFY2(historyLines(panel).contains(QStringLiteral("Authorized | in the window")),
             qPrintable(historyLines(panel).join(u'\n')));
    QVERIFY2(historyLines(panel).first().startsWith(QStringLiteral("IP addresses: 10.147.17.")),
             qPrintable(historyLines(panel).join(u'\n')));
    QVERIFY(historyLines(panel).first().endsWith(QStringLiteral("| by the controller")));

    // 3. Edits in the panel: a malformed IP is refused and kept; a good one reaches the member.
    const QString automatic = panel->ipsEdit()->text();
    panel->ipsEdit()->setText(QStringLiteral("10.147.17.300"));
    QVERIFY(!panel->apply());
    QVERIFY(!panel->errorText().isEmpty());
    QCOMPARE(panel->ipsEdit()->text(), QStringLiteral("10.147.17.300"));
    // An address other than the automatic one (which depends on the member's address).
    const QString manual =
        automatic == QStringLiteral("10.147.17.77") ? QStringLiteral("10.147.17.78") : QStringLiteral("10.147.17.77");
    panel->revert();
    panel->ipsEdit()->setText(manual);
    panel->descriptionEdit()->setPlainText(QStringLiteral("Anna's laptop"));
    QTest::mouseClick(panel->applyButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(first->hasIp(manual), EventTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(panel->member().description, QStringLiteral("Anna's laptop"), EventTimeoutMs);
    QTRY_VERIFY2_WITH_TIMEOUT(historyLines(panel).first() ==
                                  QStringLiteral("IP addresses: %1 | in the window").arg(manual),
                              qPrintable(historyLines(panel).join(u'\n')), EventTimeoutMs);
    // Deauthorize from the panel: the member is told at once.
    panel->authorizedCheck()->setChecked(false);
    QVERIFY(panel->apply());
    QTRY_VERIFY_WITH_TIMEOUT(first->count(MemberEvent::Kind::Denied) >= 1, EventTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(historyLines(panel).first(), QStringLiteral("Deauthorized | in the window"),
                              EventTimeoutMs);

    panel->authorizedCheck()->setChecked(true);
    QVERIFY(panel->apply());
    QTRY_COMPARE_WITH_TIMEOUT(historyLines(panel).first(), QStringLiteral("Authorized | in the window"),
                              EventTimeoutMs);

    // 4. A stranger asks: pending, highlighted, counted on the filter button; filters combine.
    auto second = makeMember(m_ids[3], networkId);
    QVERIFY(second);
    second->sim->join();
    QTRY_VERIFY_WITH_TIMEOUT(page->memberModel()->rowOfMember(second->node->address()) >= 0, EventTimeoutMs);
    auto *pendingButton = page->findChild<QToolButton *>(QStringLiteral("filterPending"));
    QTRY_COMPARE_WITH_TIMEOUT(pendingButton->text(), QStringLiteral("Pending (1)"), EventTimeoutMs);
    QVERIFY(pendingButton->font().bold());
    const QModelIndex pendingIndex = page->memberProxy()->mapFromSource(
        page->memberModel()->index(page->memberModel()->rowOfMember(second->node->address()), 2));
    QStyleOptionViewItem option;
    option.initFrom(table);
    auto *delegate = qobject_cast<MemberRowDelegate *>(table->itemDelegateForIndex(pendingIndex));
    QVERIFY(delegate);
    struct Probe : MemberRowDelegate
    {
        using MemberRowDelegate::initStyleOption;
    };
    static_cast<Probe *>(delegate)->initStyleOption(&option, pendingIndex);
    QVERIFY(option.font.bold());
    QVERIFY(option.backgroundBrush.style() != Qt::NoBrush);
    QTest::mouseClick(pendingButton, Qt::LeftButton);
    QTest::mouseClick(page->findChild<QToolButton *>(QStringLiteral("filterOnline")), Qt::LeftButton);
    QVERIFY(page->memberProxy()->hasCondition(MemberFilterModel::Filter::Pending));
    QVERIFY(page->memberProxy()->hasCondition(MemberFilterModel::Filter::Online));
    QTRY_COMPARE_WITH_TIMEOUT(page->memberProxy()->rowCount(), 1, EventTimeoutMs);
    QCOMPARE(page->memberProxy()->index(0, 0).data(MemberListModel::AddressRole).value<quint64>(),
             second->node->address().toInt());
    // Online and authorized instead: the other one.
    QTest::mouseClick(pendingButton, Qt::LeftButton);
    QTest::mouseClick(page->findChild<QToolButton *>(QStringLiteral("filterAuthorized")), Qt::LeftButton);
    QCOMPARE(page->memberProxy()->rowCount(), 1);
    QCOMPARE(page->memberProxy()->index(0, 0).data(MemberListModel::AddressRole).value<quint64>(),
             first->node->address().toInt());
    QTest::mouseClick(page->findChild<QToolButton *>(QStringLiteral("filterAll")), Qt::LeftButton);
    QVERIFY(page->findChild<QToolButton *>(QStringLiteral("filterAll"))->isChecked());
    QVERIFY(!page->findChild<QToolButton *>(QStringLiteral("filterAuthorized"))->isChecked());
    QCOMPARE(page->memberProxy()->rowCount(), 2);

    // 5. Ctrl+F focuses the search; several rows selected: the delete action says how many.
    QApplication::setActiveWindow(&window);
    QTRY_VERIFY(window.isActiveWindow());
    table->setFocus();
    QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
    QTRY_COMPARE(QApplication::focusWidget(), page->searchEdit());
    table->selectAll();
    QCOMPARE(page->deleteAction()->text(), QStringLiteral("D&elete 2 Members…"));
    QVERIFY(!panel->isVisible()); // details are for one member

    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
    first.reset();
    second.reset();
    tier::test::stopEngine(engine);
}

void TestMemberDetail::longIpListShowsItsStart()
{
    MemberDetailPanel panel(nullptr);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    MemberInfo member;
    member.networkId = 0x8056c2e21c000001ULL;
    member.address = *Address::fromString(u"3a00003dde");
    member.ipAssignments = {*InetAddress::fromIpString(u"10.147.17.12"),
                            *InetAddress::fromIpString(u"fd80:56c2:e21c::2")};
    panel.setMember(member);
    QCOMPARE(panel.ipsEdit()->text(), QStringLiteral("10.147.17.12, fd80:56c2:e21c::2"));
    // The start of the list is in view (setText alone leaves the cursor, and the view, at its end).
    QCOMPARE(panel.ipsEdit()->cursorPosition(), 0);

    // A record update with the same addresses leaves the cursor where the user put it.
    panel.ipsEdit()->setCursorPosition(5);
    member.revision = 2;
    panel.setMember(member);
    QCOMPARE(panel.ipsEdit()->cursorPosition(), 5);
}

QTEST_MAIN(TestMemberDetail)
#include "tst_memberdetail.moc"
