// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/models/memberlistmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using tier::Address;
using tier::InetAddress;
using tier::MemberInfo;
using tier::MemberListModel;
using tier::MemberUpdate;

namespace {

constexpr quint64 NetworkId = 0x8056c2e21c000001ULL;
constexpr quint64 OtherNetworkId = 0x8056c2e21c000002ULL;
constexpr qint64 Now = 1763900000000;

MemberInfo makeMember(quint64 address, const QString &name = {}, bool authorized = true, qint64 lastSeen = 0,
                      quint64 networkId = NetworkId)
{
    MemberInfo member;
    member.networkId = networkId;
    member.address = Address(address);
    member.name = name;
    member.authorized = authorized;
    member.pending = !authorized && lastSeen > 0;
    member.lastRequestTime = lastSeen;
    member.online = lastSeen > 0 && Now - lastSeen < MemberInfo::OnlineWindowMs;
    return member;
}

QList<int> rangeOf(const QSignalSpy &spy, int i)
{
    const auto topLeft = spy.at(i).at(0).value<QModelIndex>();
    const auto bottomRight = spy.at(i).at(1).value<QModelIndex>();
    return {topLeft.row(), topLeft.column(), bottomRight.row(), bottomRight.column()};
}

// Every structural signal of a model, so a test can assert that nothing else happened.
class ModelSignals final
{
public:
    explicit ModelSignals(QAbstractItemModel *model)
        : inserted(model, &QAbstractItemModel::rowsInserted), removed(model, &QAbstractItemModel::rowsRemoved),
          changed(model, &QAbstractItemModel::dataChanged), reset(model, &QAbstractItemModel::modelReset),
          layoutChanged(model, &QAbstractItemModel::layoutChanged)
    {}
    int total() const
    {
        return int(inserted.count() + removed.count() + changed.count() + reset.count() + layoutChanged.count());
    }
    QSignalSpy inserted;
    QSignalSpy removed;
    QSignalSpy changed;
    QSignalSpy reset;
    QSignalSpy layoutChanged;
};

struct Fixture
{
    Fixture()
    {
        model.setClock([this] { return now; });
        model.setTickInterval(0);
        model.setNetworkId(NetworkId);
    }
    qint64 now = Now;
    MemberListModel model;
    QAbstractItemModelTester tester{&model, QAbstractItemModelTester::FailureReportingMode::Fatal};
};

} // namespace

class TestMemberListModel final : public QObject
{
    Q_OBJECT

private slots:
    void emptyModelAndHeaders();
    void resetFillsRowsForItsNetworkOnly();
    void newMemberInsertsOneRow();
    void changedMemberEmitsDataChangedForItsRowOnly();
    void unchangedMemberEmitsNothing();
    void otherNetworkIsIgnored();
    void removeMemberRemovesItsRowAndKeepsLookup();
    void statusBatchCoalescesAdjacentRows();
    void statusBatchAppendsUnknownMembers();
    void displayAndRawData();
    void flagsAndCheckState();
    void checkboxRequestsAuthorizationWithoutChangingRow();
    void checkboxToSameStateSendsNothing();
    void nameEditSendsUpdate();
    void ipEditParsesList();
    void invalidIpRefusedWithMessageAndNothingSent();
    void lastSeenTicksOnItsColumnOnly();
    void timerTicksEverySecond();
    void formatAge();
    void switchingNetworkResets();
    void noRequestsWithoutNetwork();
};

void TestMemberListModel::emptyModelAndHeaders()
{
    MemberListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.columnCount(), int(MemberListModel::ColumnCount));
    QCOMPARE(model.headerData(MemberListModel::AddressColumn, Qt::Horizontal).toString(), QStringLiteral("Address"));
    QCOMPARE(model.headerData(MemberListModel::AuthorizedColumn, Qt::Horizontal).toString(),
             QStringLiteral("Authorized"));
    QCOMPARE(model.headerData(MemberListModel::LastSeenColumn, Qt::Horizontal).toString(), QStringLiteral("Last request"));
    QCOMPARE(model.headerData(MemberListModel::IpAssignmentsColumn, Qt::Horizontal).toString(),
             QStringLiteral("Managed IPs"));
    // Without a network, member signals change nothing.
    model.updateMember(makeMember(0x1111111111));
    QCOMPARE(model.rowCount(), 0);
}

void TestMemberListModel::resetFillsRowsForItsNetworkOnly()
{
    Fixture f;
    ModelSignals spy(&f.model);
    f.model.resetMembers(OtherNetworkId, {makeMember(0x1, {}, true, 0, OtherNetworkId)});
    QCOMPARE(spy.total(), 0);
    f.model.resetMembers(NetworkId, {makeMember(0xa1), makeMember(0xa2, QStringLiteral("old")),
                                     makeMember(0xa2, QStringLiteral("new")), makeMember(0xa3)});
    QCOMPARE(spy.reset.count(), 1);
    QCOMPARE(spy.total(), 1);
    QCOMPARE(f.model.rowCount(), 3);
    QCOMPARE(f.model.rowOfMember(Address(0xa2)), 1);
    QCOMPARE(f.model.memberAt(1).name, QStringLiteral("new"));
    QCOMPARE(f.model.rowOfMember(Address(0xa3)), 2);
    QCOMPARE(f.model.rowOfMember(Address(0xff)), -1);
}

void TestMemberListModel::newMemberInsertsOneRow()
{
    Fixture f;
    f.model.resetMembers(NetworkId, {makeMember(0xa1)});
    ModelSignals spy(&f.model);
    f.model.updateMember(makeMember(0xa2, QStringLiteral("laptop")));
    QCOMPARE(spy.inserted.count(), 1);
    QCOMPARE(spy.inserted.at(0).at(1).toInt(), 1);
    QCOMPARE(spy.inserted.at(0).at(2).toInt(), 1);
    QCOMPARE(spy.total(), 1);
    QCOMPARE(f.model.rowOfMember(Address(0xa2)), 1);
}

void TestMemberListModel::changedMemberEmitsDataChangedForItsRowOnly()
{
    Fixture f;
    f.model.resetMembers(NetworkId, {makeMember(0xa1), makeMember(0xa2), makeMember(0xa3)});
    ModelSignals spy(&f.model);
    f.model.updateMember(makeMember(0xa2, QStringLiteral("renamed")));
    QCOMPARE(spy.total(), 1);
    QCOMPARE(spy.changed.count(), 1);
    QCOMPARE(rangeOf(spy.changed, 0), (QList<int>{1, 0, 1, MemberListModel::ColumnCount - 1}));
    QCOMPARE(f.model.index(1, MemberListModel::NameColumn).data().toString(), QStringLiteral("renamed"));
}

void TestMemberListModel::unchangedMemberEmitsNothing()
{
    Fixture f;
    MemberInfo member = makeMember(0xa1, QStringLiteral("same"));
    f.model.resetMembers(NetworkId, {member});
    ModelSignals spy(&f.model);
    member.revision += 1; // not shown: no repaint
    f.model.updateMember(member);
    f.model.updateStatus({member});
    QCOMPARE(spy.total(), 0);
}

void TestMemberListModel::otherNetworkIsIgnored()
{
    Fixture f;
    f.model.resetMembers(NetworkId, {makeMember(0xa1)});
    ModelSignals spy(&f.model);
    f.model.updateMember(makeMember(0xa1, QStringLiteral("elsewhere"), true, 0, OtherNetworkId));
    f.model.updateMember(makeMember(0xb1, {}, true, 0, OtherNetworkId));
    f.model.removeMember(OtherNetworkId, Address(0xa1));
    f.model.updateStatus({makeMember(0xa1, {}, true, Now, OtherNetworkId)});
    QCOMPARE(spy.total(), 0);
    QCOMPARE(f.model.rowCount(), 1);
}

void TestMemberListModel::removeMemberRemovesItsRowAndKeepsLookup()
{
    Fixture f;
    f.model.resetMembers(NetworkId, {makeMember(0xa1), makeMember(0xa2), makeMember(0xa3)});
    ModelSignals spy(&f.model);
    f.model.removeMember(NetworkId, Address(0xa9));
    QCOMPARE(spy.total(), 0);
    f.model.removeMember(NetworkId, Address(0xa1));
    QCOMPARE(spy.removed.count(), 1);
    QCOMPARE(spy.removed.at(0).at(1).toInt(), 0);
    QCOMPARE(spy.removed.at(0).at(2).toInt(), 0);
    QCOMPARE(spy.total(), 1);
    QCOMPARE(f.model.rowOfMember(Address(0xa1)), -1);
    QCOMPARE(f.model.rowOfMember(Address(0xa2)), 0);
    QCOMPARE(f.model.rowOfMember(Address(0xa3)), 1);
    // The shifted rows are still addressed correctly by later updates.
    f.model.updateMember(makeMember(0xa3, QStringLiteral("x")));
    QCOMPARE(rangeOf(spy.changed, 0).first(), 1);
}

void TestMemberListModel::statusBatchCoalescesAdjacentRows()
{
    Fixture f;
    QList<MemberInfo> members;
    for (quint64 i = 1; i <= 6; ++i)
        members << makeMember(0xa0 + i);
    f.model.resetMembers(NetworkId, members);
    ModelSignals spy(&f.model);
    // Rows 1, 2 and 4 change (given out of order, 2 twice); rows 0, 3, 5 are unchanged.
    f.model.updateStatus({makeMember(0xa5, {}, true, Now - 5000), makeMember(0xa2, {}, true, Now - 1000),
                          makeMember(0xa3, {}, true, Now - 2000), makeMember(0xa3, {}, true, Now - 2000),
                          makeMember(0xa1)});
    QCOMPARE(spy.total(), 2);
    QCOMPARE(rangeOf(spy.changed, 0), (QList<int>{1, 0, 2, MemberListModel::ColumnCount - 1}));
    QCOMPARE(rangeOf(spy.changed, 1), (QList<int>{4, 0, 4, MemberListModel::ColumnCount - 1}));
    QCOMPARE(f.model.index(1, 0).data(MemberListModel::StatusRole).toInt(), int(MemberListModel::MemberStatus::Online));
}

void TestMemberListModel::statusBatchAppendsUnknownMembers()
{
    Fixture f;
    f.model.resetMembers(NetworkId, {makeMember(0xa1)});
    ModelSignals spy(&f.model);
    f.model.updateStatus(
        {makeMember(0xb1, {}, false, Now), makeMember(0xb2, {}, false, Now), makeMember(0xb1, {}, false, Now)});
    QCOMPARE(spy.inserted.count(), 1);
    QCOMPARE(spy.inserted.at(0).at(1).toInt(), 1);
    QCOMPARE(spy.inserted.at(0).at(2).toInt(), 2);
    QCOMPARE(spy.total(), 1);
    QCOMPARE(f.model.rowOfMember(Address(0xb2)), 2);
}

void TestMemberListModel::displayAndRawData()
{
    Fixture f;
    MemberInfo member = makeMember(0x3a00001f0b, QStringLiteral("laptop"), true, Now - 12500);
    member.ipAssignments = {*InetAddress::fromIpString(u"10.147.17.5"), *InetAddress::fromIpString(u"fd00::5")};
    member.physicalAddress = *InetAddress::fromString(u"192.0.2.7/9993");
    member.versionMajor = 1;
    member.versionMinor = 14;
    member.versionRevision = 2;
    member.description = QStringLiteral("Alice's laptop");
    member.latencyMs = 23;
    f.model.resetMembers(NetworkId, {member, makeMember(0x3a00000001)});
    auto cell = [&](int column, int role = Qt::DisplayRole) { return f.model.index(0, column).data(role); };
    QCOMPARE(cell(MemberListModel::AddressColumn).toString(), QStringLiteral("3a00001f0b"));
    QCOMPARE(cell(MemberListModel::NameColumn).toString(), QStringLiteral("laptop"));
    QCOMPARE(cell(MemberListModel::IpAssignmentsColumn).toString(), QStringLiteral("10.147.17.5, fd00::5"));
    QCOMPARE(cell(MemberListModel::LastSeenColumn).toString(), QStringLiteral("12 s ago"));
    QCOMPARE(cell(MemberListModel::PhysicalAddressColumn).toString(), QStringLiteral("192.0.2.7/9993"));
    QCOMPARE(cell(MemberListModel::VersionColumn).toString(), QStringLiteral("1.14.2"));
    QCOMPARE(cell(MemberListModel::StatusColumn, Qt::ToolTipRole).toString(),
             QStringLiteral("Online: a config request in the last two minutes"));
    QCOMPARE(cell(MemberListModel::NameColumn, Qt::ToolTipRole).toString(), QStringLiteral("Alice's laptop"));
    QCOMPARE(cell(MemberListModel::AddressColumn, MemberListModel::RawDataRole).value<quint64>(), 0x3a00001f0bULL);
    QCOMPARE(cell(MemberListModel::LastSeenColumn, MemberListModel::RawDataRole).toLongLong(), Now - 12500);
    QCOMPARE(cell(MemberListModel::VersionColumn, MemberListModel::RawDataRole).toInt(), 1014002);
    QCOMPARE(cell(MemberListModel::LatencyColumn).toString(), QStringLiteral("23 ms"));
    QCOMPARE(cell(MemberListModel::LatencyColumn, MemberListModel::RawDataRole).toLongLong(), 23);
    QCOMPARE(f.model.headerData(MemberListModel::LatencyColumn, Qt::Horizontal).toString(), QStringLiteral("Latency"));
    // A new measurement alone is a visible change of the row.
    {
        QSignalSpy changed(&f.model, &QAbstractItemModel::dataChanged);
        MemberInfo faster = member;
        faster.latencyMs = 7;
        f.model.updateStatus({faster});
        QCOMPARE(changed.size(), 1);
        QCOMPARE(cell(MemberListModel::LatencyColumn).toString(), QStringLiteral("7 ms"));
    }
    QCOMPARE(cell(0, MemberListModel::AddressRole).value<quint64>(), 0x3a00001f0bULL);
    QCOMPARE(cell(0, MemberListModel::SearchTextRole).toString(),
             QStringLiteral("3a00001f0b laptop alice's laptop 10.147.17.5 fd00::5"));
    // IPs sort numerically: 10.0.0.9 < 10.0.0.10, and IPv4 before IPv6.
    const auto key = [](const char *ip) {
        MemberInfo m = makeMember(1);
        m.ipAssignments = {*InetAddress::fromIpString(QString::fromLatin1(ip))};
        return m;
    };
    f.model.resetMembers(NetworkId, {
                                        key("10.0.0.9"),
                                    });
    const QVariant nine = f.model.index(0, MemberListModel::IpAssignmentsColumn).data(MemberListModel::RawDataRole);
    f.model.resetMembers(NetworkId, {key("10.0.0.10")});
    const QVariant ten = f.model.index(0, MemberListModel::IpAssignmentsColumn).data(MemberListModel::RawDataRole);
    f.model.resetMembers(NetworkId, {key("::1")});
    const QVariant six = f.model.index(0, MemberListModel::IpAssignmentsColumn).data(MemberListModel::RawDataRole);
    QVERIFY(QVariant::compare(nine, ten) == QPartialOrdering::Less);
    QVERIFY(QVariant::compare(ten, six) == QPartialOrdering::Less);

    // A member never heard from.
    f.model.resetMembers(NetworkId, {makeMember(0xa1, {}, false)});
    QCOMPARE(cell(MemberListModel::LastSeenColumn).toString(), QStringLiteral("never"));
    QCOMPARE(cell(MemberListModel::StatusColumn, MemberListModel::StatusRole).toInt(),
             int(MemberListModel::MemberStatus::NeverSeen));
    QCOMPARE(cell(MemberListModel::VersionColumn).toString(), QString());
    // Unknown latency: a dash, sorted after every measured value.
    QCOMPARE(cell(MemberListModel::LatencyColumn).toString(), QStringLiteral("\u2014"));
    QVERIFY(cell(MemberListModel::LatencyColumn, MemberListModel::RawDataRole).toLongLong() > 1000000);
}

void TestMemberListModel::flagsAndCheckState()
{
    Fixture f;
    f.model.resetMembers(NetworkId, {makeMember(0xa1, {}, true), makeMember(0xa2, {}, false, Now)});
    QVERIFY(f.model.flags(f.model.index(0, MemberListModel::AuthorizedColumn)) & Qt::ItemIsUserCheckable);
    QVERIFY(!(f.model.flags(f.model.index(0, MemberListModel::AuthorizedColumn)) & Qt::ItemIsEditable));
    QVERIFY(f.model.flags(f.model.index(0, MemberListModel::NameColumn)) & Qt::ItemIsEditable);
    QVERIFY(f.model.flags(f.model.index(0, MemberListModel::IpAssignmentsColumn)) & Qt::ItemIsEditable);
    QVERIFY(!(f.model.flags(f.model.index(0, MemberListModel::AddressColumn)) & Qt::ItemIsEditable));
    QCOMPARE(f.model.index(0, MemberListModel::AuthorizedColumn).data(Qt::CheckStateRole).value<Qt::CheckState>(),
             Qt::Checked);
    QCOMPARE(f.model.index(1, MemberListModel::AuthorizedColumn).data(Qt::CheckStateRole).value<Qt::CheckState>(),
             Qt::Unchecked);
    QVERIFY(f.model.index(1, 0).data(MemberListModel::PendingRole).toBool());
    QVERIFY(!f.model.index(0, MemberListModel::NameColumn).data(Qt::CheckStateRole).isValid());
}

void TestMemberListModel::checkboxRequestsAuthorizationWithoutChangingRow()
{
    Fixture f;
    f.model.resetMembers(NetworkId, {makeMember(0xa1), makeMember(0xa2, {}, false, Now)});
    ModelSignals spy(&f.model);
    QSignalSpy requests(&f.model, &MemberListModel::authorizationRequested);
    const QModelIndex check = f.model.index(1, MemberListModel::AuthorizedColumn);
    QVERIFY(f.model.setData(check, Qt::Checked, Qt::CheckStateRole));
    QCOMPARE(requests.count(), 1);
    QCOMPARE(requests.at(0).at(0).value<quint64>(), NetworkId);
    QCOMPARE(requests.at(0).at(1).value<Address>(), Address(0xa2));
    QCOMPARE(requests.at(0).at(2).toBool(), true);
    // The row is untouched until the engine answers.
    QCOMPARE(spy.total(), 0);
    QCOMPARE(check.data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Unchecked);

    MemberInfo answered = makeMember(0xa2, {}, true, Now);
    f.model.updateMember(answered);
    QCOMPARE(spy.changed.count(), 1);
    QCOMPARE(rangeOf(spy.changed, 0).first(), 1);
    QCOMPARE(check.data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Checked);

    // Unchecking asks to deauthorize.
    QVERIFY(f.model.setData(check, Qt::Unchecked, Qt::CheckStateRole));
    QCOMPARE(requests.count(), 2);
    QCOMPARE(requests.at(1).at(2).toBool(), false);
    QCOMPARE(check.data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Checked);
}

void TestMemberListModel::checkboxToSameStateSendsNothing()
{
    Fixture f;
    f.model.resetMembers(NetworkId, {makeMember(0xa1)});
    QSignalSpy requests(&f.model, &MemberListModel::authorizationRequested);
    QVERIFY(!f.model.setData(f.model.index(0, MemberListModel::AuthorizedColumn), Qt::Checked, Qt::CheckStateRole));
    QVERIFY(!f.model.setData(f.model.index(0, MemberListModel::AddressColumn), Qt::Checked, Qt::CheckStateRole));
    QVERIFY(!f.model.setData(f.model.index(0, MemberListModel::AddressColumn), QStringLiteral("x"), Qt::EditRole));
    QCOMPARE(requests.count(), 0);
}

void TestMemberListModel::nameEditSendsUpdate()
{
    Fixture f;
    f.model.resetMembers(NetworkId, {makeMember(0xa1, QStringLiteral("old"))});
    ModelSignals spy(&f.model);
    QSignalSpy updates(&f.model, &MemberListModel::updateRequested);
    const QModelIndex name = f.model.index(0, MemberListModel::NameColumn);
    QCOMPARE(name.data(Qt::EditRole).toString(), QStringLiteral("old"));
    QVERIFY(f.model.setData(name, QStringLiteral("  new name ")));
    QCOMPARE(updates.count(), 1);
    const auto update = updates.at(0).at(2).value<MemberUpdate>();
    QCOMPARE(update.name, std::optional<QString>(QStringLiteral("new name")));
    QVERIFY(!update.ipAssignments);
    QVERIFY(!update.description);
    QCOMPARE(spy.total(), 0);
    QCOMPARE(name.data().toString(), QStringLiteral("old"));
    QVERIFY(!f.model.setData(name, QStringLiteral("old")));
    QCOMPARE(updates.count(), 1);
}

void TestMemberListModel::ipEditParsesList()
{
    Fixture f;
    f.model.resetMembers(NetworkId, {makeMember(0xa1)});
    QSignalSpy updates(&f.model, &MemberListModel::updateRequested);
    QSignalSpy rejected(&f.model, &MemberListModel::editRejected);
    const QModelIndex ips = f.model.index(0, MemberListModel::IpAssignmentsColumn);
    QVERIFY(f.model.setData(ips, QStringLiteral(" 10.147.17.5,fd00::5  10.147.17.6, 10.147.17.5 ")));
    QCOMPARE(rejected.count(), 0);
    QCOMPARE(updates.count(), 1);
    const auto update = updates.at(0).at(2).value<MemberUpdate>();
    QVERIFY(update.ipAssignments);
    QCOMPARE(*update.ipAssignments,
             (QList<InetAddress>{*InetAddress::fromIpString(u"10.147.17.5"), *InetAddress::fromIpString(u"fd00::5"),
                                 *InetAddress::fromIpString(u"10.147.17.6")}));
    QVERIFY(!update.name);
    // An empty list clears the managed IPs (a real request, not a refusal)...
    MemberInfo withIps = makeMember(0xa1);
    withIps.ipAssignments = {*InetAddress::fromIpString(u"10.0.0.1")};
    f.model.updateMember(withIps);
    QVERIFY(f.model.setData(ips, QStringLiteral("  ")));
    QCOMPARE(updates.count(), 2);
    QCOMPARE(*updates.at(1).at(2).value<MemberUpdate>().ipAssignments, QList<InetAddress>());
    // ...and the same list is no change.
    QVERIFY(!f.model.setData(ips, QStringLiteral("10.0.0.1")));
    QCOMPARE(updates.count(), 2);
}

void TestMemberListModel::invalidIpRefusedWithMessageAndNothingSent()
{
    Fixture f;
    f.model.resetMembers(NetworkId, {makeMember(0xa1)});
    ModelSignals spy(&f.model);
    QSignalSpy updates(&f.model, &MemberListModel::updateRequested);
    QSignalSpy rejected(&f.model, &MemberListModel::editRejected);
    const QModelIndex ips = f.model.index(0, MemberListModel::IpAssignmentsColumn);
    for (const char *bad : {"10.147.17.5, 10.147.17.300", "10.0.0.1/24", "fd00::g", "example.org", "10.0.0"}) {
        rejected.clear();
        QVERIFY2(!f.model.setData(ips, QString::fromLatin1(bad)), bad);
        QCOMPARE(rejected.count(), 1);
        const QString message = rejected.at(0).at(0).toString();
        QVERIFY2(message.contains(QStringLiteral("is not an IP address")), qPrintable(message));
    }
    QVERIFY(rejected.at(0).at(0).toString().startsWith(QStringLiteral("“10.0.0” ")));
    QCOMPARE(updates.count(), 0);
    QCOMPARE(spy.total(), 0);
    QString error;
    QVERIFY(!MemberListModel::parseIpList(QStringLiteral("1.2.3.4 300.1.1.1"), &error));
    QVERIFY(error.contains(QStringLiteral("300.1.1.1")));
}

void TestMemberListModel::lastSeenTicksOnItsColumnOnly()
{
    Fixture f;
    f.model.resetMembers(NetworkId, {makeMember(0xa1, {}, true, Now - 12000), makeMember(0xa2, {}, true, Now - 70000),
                                     makeMember(0xa3)});
    QCOMPARE(f.model.index(0, MemberListModel::LastSeenColumn).data().toString(), QStringLiteral("12 s ago"));
    ModelSignals spy(&f.model);
    f.now += 1000;
    f.model.tick();
    QCOMPARE(spy.total(), 1);
    QCOMPARE(rangeOf(spy.changed, 0),
             (QList<int>{0, MemberListModel::LastSeenColumn, 2, MemberListModel::LastSeenColumn}));
    const auto roles = spy.changed.at(0).at(2).value<QList<int>>();
    QVERIFY(roles.contains(Qt::DisplayRole));
    QVERIFY(!roles.contains(MemberListModel::RawDataRole));
    QCOMPARE(f.model.index(0, MemberListModel::LastSeenColumn).data().toString(), QStringLiteral("13 s ago"));
    QCOMPARE(f.model.index(1, MemberListModel::LastSeenColumn).data().toString(), QStringLiteral("1 min ago"));
}

void TestMemberListModel::timerTicksEverySecond()
{
    Fixture f;
    f.model.setTickInterval(1000);
    QCOMPARE(f.model.tickInterval(), 1000);
    QSignalSpy changed(&f.model, &QAbstractItemModel::dataChanged);
    QTest::qWait(1200);
    QCOMPARE(changed.count(), 0); // no rows: the timer is idle
    f.model.resetMembers(NetworkId, {makeMember(0xa1, {}, true, Now - 1000)});
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, 1600);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>().column(), int(MemberListModel::LastSeenColumn));
    QCOMPARE(changed.at(0).at(1).value<QModelIndex>().column(), int(MemberListModel::LastSeenColumn));
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 2, 1600);
}

void TestMemberListModel::formatAge()
{
    QCOMPARE(MemberListModel::formatAge(0, Now), QStringLiteral("never"));
    QCOMPARE(MemberListModel::formatAge(Now, Now), QStringLiteral("0 s ago"));
    QCOMPARE(MemberListModel::formatAge(Now + 5000, Now), QStringLiteral("0 s ago")); // clock skew
    QCOMPARE(MemberListModel::formatAge(Now - 59999, Now), QStringLiteral("59 s ago"));
    QCOMPARE(MemberListModel::formatAge(Now - 60000, Now), QStringLiteral("1 min ago"));
    QCOMPARE(MemberListModel::formatAge(Now - 3599000, Now), QStringLiteral("59 min ago"));
    QCOMPARE(MemberListModel::formatAge(Now - 3600000, Now), QStringLiteral("1 h ago"));
    QCOMPARE(MemberListModel::formatAge(Now - 3 * 86400000LL, Now), QStringLiteral("3 d ago"));
}

void TestMemberListModel::switchingNetworkResets()
{
    Fixture f;
    f.model.resetMembers(NetworkId, {makeMember(0xa1)});
    ModelSignals spy(&f.model);
    f.model.setNetworkId(OtherNetworkId);
    QCOMPARE(spy.reset.count(), 1);
    QCOMPARE(f.model.rowCount(), 0);
    QCOMPARE(f.model.rowOfMember(Address(0xa1)), -1);
    f.model.setNetworkId(OtherNetworkId);
    QCOMPARE(spy.reset.count(), 1);
    // A late answer for the previous network is dropped.
    f.model.resetMembers(NetworkId, {makeMember(0xa1)});
    QCOMPARE(f.model.rowCount(), 0);
}

void TestMemberListModel::noRequestsWithoutNetwork()
{
    MemberListModel model;
    QSignalSpy requests(&model, &MemberListModel::authorizationRequested);
    QSignalSpy deletes(&model, &MemberListModel::deleteRequested);
    model.requestAuthorization(Address(0xa1), true);
    model.requestDelete(Address(0xa1));
    QCOMPARE(requests.count(), 0);
    QCOMPARE(deletes.count(), 0);
}

QTEST_GUILESS_MAIN(TestMemberListModel)
#include "tst_memberlistmodel.moc"
