// SPDX-License-Identifier: GPL-3.0-or-later
// The addressing the window offers a new network: a free private /24, the pool/route/auto-assign it
// fills, and the subnet text a person may type instead.

#include "core/models/networkaddressplan.h"

#include <QTest>

using namespace tier;

namespace {

InetAddress subnet(const char *text)
{
    const auto parsed = NetworkAddressPlan::parseSubnet(QString::fromLatin1(text), nullptr);
    return parsed ? *parsed : InetAddress();
}

NetworkSettings usingRoute(const char *cidr)
{
    NetworkSettings settings;
    NetworkConfig::Route route;
    route.target = subnet(cidr);
    settings.routes.append(route);
    return settings;
}

NetworkSettings usingPool(const char *first, const char *last)
{
    NetworkSettings settings;
    settings.pools.append(
        {*InetAddress::fromIpString(QString::fromLatin1(first)), *InetAddress::fromIpString(QString::fromLatin1(last))});
    return settings;
}

QString text(const InetAddress &a)
{
    return QStringLiteral("%1/%2").arg(a.toIpString()).arg(a.prefixLength());
}

} // namespace

class TestNetworkAddressPlan final : public QObject
{
    Q_OBJECT

private slots:
    void firstPresetWhenNothingIsUsed()
    {
        const auto free = NetworkAddressPlan::freeSubnet({});
        QVERIFY(free);
        QCOMPARE(text(*free), QStringLiteral("10.147.17.0/24"));
    }

    void skipsSubnetsOfOtherNetworks()
    {
        // A route covering the first preset, and a pool reaching into the second.
        const QList<NetworkSettings> used{usingRoute("10.147.17.0/24"), usingPool("10.147.18.200", "10.147.18.210")};
        const auto free = NetworkAddressPlan::freeSubnet(used);
        QVERIFY(free);
        QCOMPARE(text(*free), QStringLiteral("10.147.19.0/24"));
        QVERIFY(NetworkAddressPlan::subnetInUse(subnet("10.147.18.0/24"), used));
        QVERIFY(!NetworkAddressPlan::subnetInUse(subnet("10.147.19.0/24"), used));
    }

    void wideRouteTakesEveryPresetInIt()
    {
        // 10.0.0.0/8 holds all 10.x presets; the next free one is in 172.16/12's presets.
        const auto free = NetworkAddressPlan::freeSubnet({usingRoute("10.0.0.0/8")});
        QVERIFY(free);
        QCOMPARE(text(*free), QStringLiteral("172.22.1.0/24"));
        // A default route via a gateway does not take anything.
        NetworkSettings gateway;
        NetworkConfig::Route route;
        route.target = *InetAddress::fromIpString(u"0.0.0.0", 0);
        route.via = *InetAddress::fromIpString(u"10.147.17.1");
        gateway.routes.append(route);
        QCOMPARE(text(*NetworkAddressPlan::freeSubnet({gateway})), QStringLiteral("10.147.17.0/24"));
    }

    void searchesBeyondThePresets()
    {
        QList<NetworkSettings> used;
        for (const InetAddress &preset : NetworkAddressPlan::presetSubnets())
            used.append(usingRoute(qPrintable(text(preset))));
        const auto free = NetworkAddressPlan::freeSubnet(used);
        QVERIFY(free);
        QCOMPARE(text(*free), QStringLiteral("10.0.0.0/24"));
        // Everything private taken: nothing to offer.
        QVERIFY(!NetworkAddressPlan::freeSubnet(
            {usingRoute("10.0.0.0/8"), usingRoute("172.16.0.0/12"), usingRoute("192.168.0.0/16")}));
    }

    void parsesAndRefusesSubnets()
    {
        QString error;
        QCOMPARE(text(*NetworkAddressPlan::parseSubnet(QStringLiteral(" 10.1.2.0/24 "), &error)),
                 QStringLiteral("10.1.2.0/24"));
        QVERIFY(!NetworkAddressPlan::parseSubnet(QStringLiteral("10.1.2.5/24"), &error));
        QCOMPARE(error, QStringLiteral("10.1.2.5/24 has host bits set; the subnet is 10.1.2.0/24."));
        QVERIFY(!NetworkAddressPlan::parseSubnet(QStringLiteral("10.1.2.0"), &error));
        QVERIFY(error.contains(QStringLiteral("network/bits")));
        QVERIFY(!NetworkAddressPlan::parseSubnet(QStringLiteral("10.1.2.0/31"), &error));
        QVERIFY(!NetworkAddressPlan::parseSubnet(QStringLiteral("10.0.0.0/7"), &error));
        QVERIFY(!NetworkAddressPlan::parseSubnet(QStringLiteral("banana/24"), &error));
        QVERIFY(NetworkAddressPlan::parseSubnet(QStringLiteral("fd12:3456:789a:1::/64"), &error));
    }

    void applyFillsPoolRouteAndAutoAssign()
    {
        NetworkSettings base;
        base.name = QStringLiteral("office");
        const NetworkSettings s =
            NetworkAddressPlan::apply(base, subnet("10.147.17.0/24"), NetworkAddressPlan::Ipv6Mode::Rfc4193);
        QCOMPARE(s.name, QStringLiteral("office"));
        QVERIFY(s.v4AssignZt);
        QVERIFY(s.v6AssignRfc4193);
        QVERIFY(!s.v6Assign6plane);
        QVERIFY(!s.v6AssignZt);
        QCOMPARE(s.pools.size(), 1);
        QCOMPARE(s.pools[0].start.toIpString(), QStringLiteral("10.147.17.1"));
        QCOMPARE(s.pools[0].end.toIpString(), QStringLiteral("10.147.17.254"));
        QCOMPARE(s.routes.size(), 1);
        QCOMPARE(text(s.routes[0].target), QStringLiteral("10.147.17.0/24"));
        QVERIFY(s.routes[0].via.isNull());

        const NetworkSettings v6 = NetworkAddressPlan::apply(base, InetAddress(), NetworkAddressPlan::Ipv6Mode::Pool,
                                                             subnet("fd12:3456:789a:1::/64"));
        QVERIFY(!v6.v4AssignZt);
        QVERIFY(v6.v6AssignZt);
        QCOMPARE(v6.pools.size(), 1);
        QCOMPARE(v6.pools[0].start.toIpString(), QStringLiteral("fd12:3456:789a:1::1"));
        QCOMPARE(v6.pools[0].end.toIpString(), QStringLiteral("fd12:3456:789a:1:ffff:ffff:ffff:ffff"));
        QCOMPARE(text(v6.routes[0].target), QStringLiteral("fd12:3456:789a:1::/64"));

        const InetAddress ula = NetworkAddressPlan::randomUniqueLocalSubnet();
        QVERIFY(ula.isIPv6());
        QCOMPARE(ula.prefixLength(), 64);
        QCOMPARE(quint8(ula.ipBytes().at(0)), quint8(0xfd));
        QCOMPARE(ula.network(), ula);
    }
};

QTEST_GUILESS_MAIN(TestNetworkAddressPlan)
#include "tst_networkaddressplan.moc"
