// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/controller/networkvalidation.h"

#include <QTest>

using namespace tier;

namespace {

using Kind = NetworkFinding::Kind;

InetAddress ip(const char *text, quint16 bits = 0)
{
    return *InetAddress::fromIpString(QString::fromLatin1(text), bits);
}

NetworkConfig::Route route(const char *target, quint16 bits, const char *via = nullptr)
{
    NetworkConfig::Route r;
    r.target = ip(target, bits);
    if (via)
        r.via = ip(via);
    return r;
}

// A network that works: a pool inside an on-link route, IPv4 auto-assign on.
NetworkSettings working()
{
    NetworkSettings s;
    s.name = QStringLiteral("lab");
    s.pools = {IpPool{ip("10.0.0.10"), ip("10.0.0.99")}};
    s.routes = {route("10.0.0.0", 24)};
    s.v4AssignZt = true;
    return s;
}

QList<Kind> kinds(const QList<NetworkFinding> &findings)
{
    QList<Kind> out;
    for (const NetworkFinding &f : findings)
        out << f.kind;
    return out;
}

QList<NetworkFinding> ofKind(const QList<NetworkFinding> &findings, Kind kind)
{
    QList<NetworkFinding> out;
    for (const NetworkFinding &f : findings) {
        if (f.kind == kind)
            out << f;
    }
    return out;
}

} // namespace

class TestNetworkValidation final : public QObject
{
    Q_OBJECT

private slots:
    void workingNetworkHasNoFindings()
    {
        QVERIFY(NetworkValidator::errors(working()).isEmpty());
        QVERIFY(NetworkValidator::warnings(working()).isEmpty());
        QVERIFY(NetworkValidator::errors(NetworkSettings{}).isEmpty()); // the reference's defaults
    }

    void errors_data()
    {
        QTest::addColumn<int>("change");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("message");
        QTest::newRow("mtu low") << 0 << int(Kind::Mtu) << QStringLiteral("MTU: 1279 is outside 1280…10000.");
        QTest::newRow("mtu high") << 1 << int(Kind::Mtu) << QStringLiteral("MTU: 10001 is outside 1280…10000.");
        QTest::newRow("name") << 2 << int(Kind::Name) << QStringLiteral("Name: at most 127 bytes are allowed.");
        QTest::newRow("pool order")
            << 3 << int(Kind::Pool)
            << QStringLiteral("IP pool 2: the start address 10.0.1.9 comes after the end address 10.0.1.1.");
        QTest::newRow("pool family") << 4 << int(Kind::Pool)
                                     << QStringLiteral(
                                            "IP pool 2: the start and end addresses are of different address "
                                            "families; they must both be IPv4 or both IPv6.");
        QTest::newRow("route prefix") << 5 << int(Kind::Route)
                                      << QStringLiteral("Route 2: the prefix length /33 of \"10.0.0.1/33\" is larger "
                                                        "than 32.");
        QTest::newRow("route via")
            << 6 << int(Kind::Route)
            << QStringLiteral("Route 2: the gateway (via) must be of the same address family as the target.");
        QTest::newRow("dns servers") << 7 << int(Kind::Dns) << QStringLiteral("DNS servers: at most 4 are allowed.");
        QTest::newRow("rules") << 8 << int(Kind::Rules)
                               << QStringLiteral("Rules: the JSON must be an array of rule objects.");
        QTest::newRow("multicast") << 9 << int(Kind::MulticastLimit)
                                   << QStringLiteral("Multicast limit: it cannot be negative.");
        QTest::newRow("tags") << 10 << int(Kind::Tags)
                              << QStringLiteral("Tags: every tag needs an id from 0 to 4294967295.");
        QTest::newRow("description long")
            << 11 << int(Kind::Description)
            << QStringLiteral("Description: at most 1024 characters are allowed (this one has 1025).");
        QTest::newRow("description control")
            << 12 << int(Kind::Description)
            << QStringLiteral("Description: control characters other than line breaks and tabs are not allowed.");
    }

    void errors()
    {
        QFETCH(int, change);
        QFETCH(int, kind);
        QFETCH(QString, message);
        NetworkSettings s = working();
        switch (change) {
        case 0:
            s.mtu = NetworkValidator::MinMtu - 1;
            break;
        case 1:
            s.mtu = NetworkValidator::MaxMtu + 1;
            break;
        case 2:
            s.name = QString(128, u'n');
            break;
        case 3:
            s.pools << IpPool{ip("10.0.1.9"), ip("10.0.1.1")};
            break;
        case 4:
            s.pools << IpPool{ip("10.0.1.9"), ip("fd00::1")};
            break;
        case 5:
            s.routes << route("10.0.0.1", 33);
            break;
        case 6:
            s.routes << route("10.9.0.0", 16, "fd00::1");
            break;
        case 7:
            s.dns.servers = {ip("10.0.0.1"), ip("10.0.0.2"), ip("10.0.0.3"), ip("10.0.0.4"), ip("10.0.0.5")};
            break;
        case 8:
            s.rulesJson = QStringLiteral("{\"type\":\"ACTION_ACCEPT\"}");
            break;
        case 9:
            s.multicastLimit = -1;
            break;
        case 10:
            s.tagsJson = QStringLiteral("[{\"id\":-3}]");
            break;
        case 11:
            s.description = QString(NetworkValidator::MaxDescriptionCharacters + 1, u'd');
            break;
        case 12:
            s.description = QStringLiteral("first line\r\nsecond line");
            break;
        }
        const QList<NetworkFinding> errors = NetworkValidator::errors(s);
        QCOMPARE(errors.size(), 1);
        QVERIFY(errors.first().isError());
        QCOMPARE(int(errors.first().kind), kind);
        QCOMPARE(errors.first().message(), message);
        // Without a translator the window's words are the same.
        QCOMPARE(errors.first().text(), message);
    }

    // The limit counts characters, not bytes or UTF-16 units; line breaks and tabs are what notes need.
    void descriptionLimit()
    {
        const QString emoji = QString::fromUcs4(U"\U0001F5A7"); // two UTF-16 units, four UTF-8 bytes
        QVERIFY(!NetworkValidator::descriptionError(QString()));
        QVERIFY(!NetworkValidator::descriptionError(emoji.repeated(NetworkValidator::MaxDescriptionCharacters)));
        QVERIFY(NetworkValidator::descriptionError(emoji.repeated(NetworkValidator::MaxDescriptionCharacters + 1)));
        QVERIFY(!NetworkValidator::descriptionError(QStringLiteral("Büro 3. Stock\n\tDrucker, NAS\nLabor")));
        for (const char16_t control : {u'\r', u'\0', u'\x1b', u'\x7f'}) {
            const auto invalid = NetworkValidator::descriptionError(QStringLiteral("a") + QChar(control));
            QVERIFY2(invalid, qPrintable(QString::number(control)));
            QCOMPARE(invalid->kind, Kind::Description);
            QVERIFY(invalid->isError());
        }
        NetworkSettings s = working();
        s.description = QStringLiteral("only for the lab\n\tno guests");
        QVERIFY(NetworkValidator::errors(s).isEmpty());
        QVERIFY(NetworkValidator::warnings(s).isEmpty());
    }

    void hostBitsAreAWarningNotAnError()
    {
        NetworkSettings s = working();
        s.routes = {route("10.0.0.1", 24)};
        QVERIFY(NetworkValidator::errors(s).isEmpty());
        const QList<NetworkFinding> warnings = NetworkValidator::warnings(s);
        QCOMPARE(kinds(warnings), QList<Kind>{Kind::RouteHostBits});
        QCOMPARE(warnings.first().severity, NetworkFinding::Severity::Warning);
        QCOMPARE(warnings.first().message(),
                 QStringLiteral("Route 1: 10.0.0.1/24 has host bits set; ZeroTier matches addresses against the "
                                "network 10.0.0.0/24, so members may get or use no address in it."));
        s.routes = {route("10.0.0.0", 24)};
        QVERIFY(NetworkValidator::warnings(s).isEmpty());
    }

    void poolsWithoutAutoAssign()
    {
        NetworkSettings s = working();
        s.v4AssignZt = false;
        QCOMPARE(kinds(NetworkValidator::warnings(s)), QList<Kind>{Kind::PoolsWithoutAutoAssign});
        s.v4AssignZt = true;
        QVERIFY(NetworkValidator::warnings(s).isEmpty());
        // IPv6 pools are judged by the IPv6 switch.
        s.pools << IpPool{ip("fd00::10"), ip("fd00::ff")};
        s.routes << route("fd00::", 64);
        QCOMPARE(kinds(NetworkValidator::warnings(s)), QList<Kind>{Kind::PoolsWithoutAutoAssign});
        s.v6AssignZt = true;
        QVERIFY(NetworkValidator::warnings(s).isEmpty());
    }

    void autoAssignWithoutPool()
    {
        NetworkSettings s = working();
        s.pools.clear();
        QCOMPARE(kinds(NetworkValidator::warnings(s)), QList<Kind>{Kind::AutoAssignWithoutPool});
        s.v4AssignZt = false;
        QVERIFY(NetworkValidator::warnings(s).isEmpty());
    }

    void poolOutsideRoutes()
    {
        NetworkSettings s = working();
        s.pools << IpPool{ip("10.0.1.1"), ip("10.0.1.9")};
        const QList<NetworkFinding> warnings = NetworkValidator::warnings(s);
        QCOMPARE(kinds(warnings), QList<Kind>{Kind::PoolOutsideRoutes});
        QVERIFY2(warnings.first().message().startsWith(QStringLiteral("IP pool 2 (10.0.1.1–10.0.1.9)")),
                 qPrintable(warnings.first().message()));
        // A route via a gateway does not make the pool reachable on-link.
        s.routes << route("10.0.1.0", 24, "10.0.0.1");
        QCOMPARE(kinds(NetworkValidator::warnings(s)), QList<Kind>{Kind::PoolOutsideRoutes});
        s.routes.last().via = InetAddress();
        QVERIFY(NetworkValidator::warnings(s).isEmpty());
    }

    void poolsOverlap()
    {
        NetworkSettings s = working();
        s.routes = {route("10.0.0.0", 24), route("fd00::", 64)};
        s.v6AssignZt = true;
        s.pools = {
            {ip("10.0.0.1"), ip("10.0.0.100")}, {ip("fd00::1"), ip("fd00::9")}, {ip("10.0.0.100"), ip("10.0.0.200")}};
        const QList<NetworkFinding> warnings = NetworkValidator::warnings(s);
        QCOMPARE(kinds(warnings), QList<Kind>{Kind::PoolsOverlap});
        QCOMPARE(warnings.first().message(),
                 QStringLiteral("IP pools 1 and 3 overlap (10.0.0.1–10.0.0.100 and 10.0.0.100–10.0.0.200)."));
        s.pools.last().start = ip("10.0.0.101");
        QVERIFY(NetworkValidator::warnings(s).isEmpty());
    }

    void memberIpOutsideRoutes()
    {
        NetworkSettings s = working();
        NetworkValidator::Context context;
        const Address member = *Address::fromString(QStringLiteral("1122334455"));
        context.members = {{member, {ip("10.0.0.5"), ip("192.168.9.9")}}};
        const QList<NetworkFinding> warnings = NetworkValidator::warnings(s, context);
        QCOMPARE(kinds(warnings), QList<Kind>{Kind::MemberIpOutsideRoutes});
        QCOMPARE(warnings.first().message(), QStringLiteral("Member 1122334455: the address 192.168.9.9 is outside "
                                                            "every managed route, so the member does not use it."));
        s.routes << route("192.168.9.0", 24, "10.0.0.1"); // any route counts: the member is sent the address
        QVERIFY(NetworkValidator::warnings(s, context).isEmpty());
    }

    void manyMemberIpsAreSummedUp()
    {
        NetworkSettings s = working();
        NetworkValidator::Context context;
        for (quint32 i = 1; i <= 25; ++i)
            context.members.append({Address(0x1000000000ULL + i), {InetAddress::fromIPv4(0xc0a80000u + i)}});
        const QList<NetworkFinding> warnings =
            ofKind(NetworkValidator::warnings(s, context), Kind::MemberIpOutsideRoutes);
        QCOMPARE(warnings.size(), NetworkValidator::MaxMemberIpWarnings + 1);
        QCOMPARE(warnings.last().message(),
                 QStringLiteral("15 more member addresses are outside every managed route."));
    }

    void poolsOverlapAnotherNetwork()
    {
        NetworkSettings s = working();
        NetworkValidator::Context context;
        context.otherNetworks = {
            {0x8056c2e21c000002ULL, QStringLiteral("office %2"), {IpPool{ip("10.0.0.90"), ip("10.0.0.120")}}},
            {0x8056c2e21c000003ULL, QStringLiteral("apart"), {IpPool{ip("10.0.5.1"), ip("10.0.5.9")}}}};
        const QList<NetworkFinding> warnings = NetworkValidator::warnings(s, context);
        QCOMPARE(kinds(warnings), QList<Kind>{Kind::PoolsOverlapOtherNetwork});
        // The name is taken as it is, "%2" included.
        QCOMPARE(warnings.first().message(),
                 QStringLiteral("IP pool 1 (10.0.0.10–10.0.0.99) overlaps the pool 10.0.0.90–10.0.0.120 of network "
                                "\"office %2\" (8056c2e21c000002); a device in both networks may get the same address "
                                "twice."));
        context.otherNetworks.first().pools = {IpPool{ip("10.0.0.100"), ip("10.0.0.120")}};
        QVERIFY(NetworkValidator::warnings(s, context).isEmpty());
    }

    void manyOverlappingNetworksAreCounted()
    {
        // A thousand networks on one range: three named, the others counted in one finding, per pool.
        NetworkSettings s = working();
        NetworkValidator::Context context;
        for (quint64 i = 0; i < 1000; ++i)
            context.otherNetworks.append(
                {0x8056c2e21c000100ULL + i, QStringLiteral("n%1").arg(i), {IpPool{ip("10.0.0.1"), ip("10.0.0.200")}}});
        context.otherNetworks[1].pools = {IpPool{ip("10.0.7.1"), ip("10.0.7.9")}}; // not overlapping
        const QList<NetworkFinding> warnings = NetworkValidator::warnings(s, context);
        QCOMPARE(warnings.size(), NetworkValidator::MaxOverlappingNetworksNamed + 1);
        QCOMPARE(kinds(warnings), QList<Kind>(4, Kind::PoolsOverlapOtherNetwork));
        QVERIFY(warnings[0].message().contains(QStringLiteral("\"n0\"")));
        QVERIFY(warnings[1].message().contains(QStringLiteral("\"n2\"")));
        QVERIFY(warnings[2].message().contains(QStringLiteral("\"n3\"")));
        QCOMPARE(warnings[3].message(),
                 QStringLiteral("IP pool 1 (10.0.0.10–10.0.0.99) also overlaps the pools of 996 more networks."));
    }

    void invalidPoolsGiveNoWarnings()
    {
        NetworkSettings s = working();
        s.pools << IpPool{ip("10.0.9.9"), ip("10.0.9.1")}; // an error, not also a warning
        QCOMPARE(NetworkValidator::errors(s).size(), 1);
        QVERIFY(NetworkValidator::warnings(s).isEmpty());
    }
};

QTEST_APPLESS_MAIN(TestNetworkValidation)
#include "tst_networkvalidation.moc"
