// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/models/memberfiltermodel.h"
#include "core/models/memberlistmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using tier::Address;
using tier::InetAddress;
using tier::MemberFilterModel;
using tier::MemberInfo;
using tier::MemberListModel;

namespace {

constexpr quint64 NetworkId = 0x8056c2e21c000001ULL;
constexpr qint64 Now = 1763900000000;

MemberInfo makeMember(quint64 address, const QString &name, bool authorized, bool online, bool asked,
                      const char *ip = nullptr)
{
    MemberInfo member;
    member.networkId = NetworkId;
    member.address = Address(address);
    member.name = name;
    member.authorized = authorized;
    member.online = online;
    member.lastRequestTime = asked ? Now - (online ? 1000 : 600000) : 0;
    member.pending = asked && !authorized;
    if (ip)
        member.ipAssignments = {*InetAddress::fromIpString(QString::fromLatin1(ip))};
    return member;
}

QStringList visibleAddresses(const QAbstractItemModel &proxy)
{
    QStringList addresses;
    for (int row = 0; row < proxy.rowCount(); ++row)
        addresses << proxy.index(row, MemberListModel::AddressColumn).data().toString();
    return addresses;
}

struct Fixture
{
    Fixture()
    {
        source.setClock([] { return Now; });
        source.setTickInterval(0);
        source.setNetworkId(NetworkId);
        source.resetMembers(NetworkId,
                            {
                                makeMember(0xa1, QStringLiteral("Laptop"), true, true, true, "10.147.17.1"),
                                makeMember(0xa2, QStringLiteral("printer"), true, false, true, "10.147.17.2"),
                                makeMember(0xa3, QString(), false, true, true),                // pending, online
                                makeMember(0xa4, QStringLiteral("phone"), false, false, true), // pending
                                makeMember(0xa5, QStringLiteral("pre-authorized"), true, false, false),
                            });
        proxy.setSourceModel(&source);
        proxy.sort(MemberListModel::AddressColumn);
    }
    MemberListModel source;
    MemberFilterModel proxy;
    QAbstractItemModelTester tester{&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal};
};

} // namespace

class TestMemberFilterModel final : public QObject
{
    Q_OBJECT

private slots:
    void allShowsEveryone();
    void filters_data();
    void filters();
    void searchMatchesAddressNameAndIps_data();
    void searchMatchesAddressNameAndIps();
    void searchCombinesWithFilter();
    void liveUpdatesRefilter();
    void sortsByRawData();
    void lastSeenTickDoesNotRefilter();
};

void TestMemberFilterModel::allShowsEveryone()
{
    Fixture f;
    QCOMPARE(f.proxy.filter(), MemberFilterModel::Filter::All);
    QCOMPARE(visibleAddresses(f.proxy),
             (QStringList{QStringLiteral("00000000a1"), QStringLiteral("00000000a2"), QStringLiteral("00000000a3"),
                          QStringLiteral("00000000a4"), QStringLiteral("00000000a5")}));
}

void TestMemberFilterModel::filters_data()
{
    QTest::addColumn<MemberFilterModel::Filter>("filter");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("pending") << MemberFilterModel::Filter::Pending
                             << QStringList{QStringLiteral("00000000a3"), QStringLiteral("00000000a4")};
    QTest::newRow("online") << MemberFilterModel::Filter::Online
                            << QStringList{QStringLiteral("00000000a1"), QStringLiteral("00000000a3")};
    QTest::newRow("authorized") << MemberFilterModel::Filter::Authorized
                                << QStringList{QStringLiteral("00000000a1"), QStringLiteral("00000000a2"),
                                               QStringLiteral("00000000a5")};
}

void TestMemberFilterModel::filters()
{
    QFETCH(MemberFilterModel::Filter, filter);
    QFETCH(QStringList, expected);
    Fixture f;
    f.proxy.setFilter(filter);
    QCOMPARE(f.proxy.filter(), filter);
    QCOMPARE(visibleAddresses(f.proxy), expected);
    f.proxy.setFilter(MemberFilterModel::Filter::All);
    QCOMPARE(f.proxy.rowCount(), 5);
}

void TestMemberFilterModel::searchMatchesAddressNameAndIps_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("address") << QStringLiteral("a4") << QStringList{QStringLiteral("00000000a4")};
    QTest::newRow("name, any case") << QStringLiteral("LAPTOP") << QStringList{QStringLiteral("00000000a1")};
    QTest::newRow("ip") << QStringLiteral("10.147.17.2") << QStringList{QStringLiteral("00000000a2")};
    QTest::newRow("ip prefix") << QStringLiteral("10.147.")
                               << QStringList{QStringLiteral("00000000a1"), QStringLiteral("00000000a2")};
    QTest::newRow("two words") << QStringLiteral("  printer 10.147 ") << QStringList{QStringLiteral("00000000a2")};
    QTest::newRow("no match") << QStringLiteral("nothing") << QStringList{};
    QTest::newRow("blank") << QStringLiteral("   ")
                           << QStringList{QStringLiteral("00000000a1"), QStringLiteral("00000000a2"),
                                          QStringLiteral("00000000a3"), QStringLiteral("00000000a4"),
                                          QStringLiteral("00000000a5")};
}

void TestMemberFilterModel::searchMatchesAddressNameAndIps()
{
    QFETCH(QString, text);
    QFETCH(QStringList, expected);
    Fixture f;
    f.proxy.setSearchText(text);
    QCOMPARE(f.proxy.searchText(), text);
    QCOMPARE(visibleAddresses(f.proxy), expected);
}

void TestMemberFilterModel::searchCombinesWithFilter()
{
    Fixture f;
    f.proxy.setFilter(MemberFilterModel::Filter::Pending);
    f.proxy.setSearchText(QStringLiteral("phone"));
    QCOMPARE(visibleAddresses(f.proxy), QStringList{QStringLiteral("00000000a4")});
    f.proxy.setFilter(MemberFilterModel::Filter::Authorized);
    QCOMPARE(visibleAddresses(f.proxy), QStringList{});
}

void TestMemberFilterModel::liveUpdatesRefilter()
{
    Fixture f;
    f.proxy.setFilter(MemberFilterModel::Filter::Pending);
    QCOMPARE(f.proxy.rowCount(), 2);
    // The engine's answer to an authorization moves the member out of "pending"...
    f.source.updateMember(makeMember(0xa4, QStringLiteral("phone"), true, false, true));
    QCOMPARE(visibleAddresses(f.proxy), QStringList{QStringLiteral("00000000a3")});
    // ...and a newly asking member appears.
    f.source.updateStatus({makeMember(0xb1, QString(), false, true, true)});
    QCOMPARE(visibleAddresses(f.proxy), (QStringList{QStringLiteral("00000000a3"), QStringLiteral("00000000b1")}));
}

void TestMemberFilterModel::sortsByRawData()
{
    Fixture f;
    f.proxy.sort(MemberListModel::LastSeenColumn, Qt::DescendingOrder);
    // Online (1 s ago) first, then 10 min ago, then never; order within ties is not specified.
    const QStringList sorted = visibleAddresses(f.proxy);
    QStringList firstTwo = sorted.mid(0, 2);
    firstTwo.sort();
    QCOMPARE(firstTwo, (QStringList{QStringLiteral("00000000a1"), QStringLiteral("00000000a3")}));
    QCOMPARE(sorted.last(), QStringLiteral("00000000a5"));
    f.proxy.sort(MemberListModel::NameColumn, Qt::AscendingOrder);
    // Case-insensitive: "Laptop" between "" and "phone".
    QCOMPARE(f.proxy.index(1, MemberListModel::NameColumn).data().toString(), QStringLiteral("Laptop"));
}

void TestMemberFilterModel::lastSeenTickDoesNotRefilter()
{
    Fixture f;
    f.proxy.setFilter(MemberFilterModel::Filter::Online);
    QSignalSpy changed(&f.proxy, &QAbstractItemModel::dataChanged);
    QSignalSpy layout(&f.proxy, &QAbstractItemModel::layoutChanged);
    QSignalSpy removed(&f.proxy, &QAbstractItemModel::rowsRemoved);
    f.source.tick();
    QVERIFY(changed.count() >= 1);
    QCOMPARE(layout.count(), 0);
    QCOMPARE(removed.count(), 0);
    QCOMPARE(f.proxy.rowCount(), 2);
}

QTEST_GUILESS_MAIN(TestMemberFilterModel)
#include "tst_memberfiltermodel.moc"
