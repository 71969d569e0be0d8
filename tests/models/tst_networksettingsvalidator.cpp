// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/models/networksettingsvalidator.h"

#include <QTest>

using tier::InetAddress;
using tier::IpPool;
using tier::NetworkConfig;
using tier::NetworkSettingsValidator;

namespace {

InetAddress ip(const char *text, quint16 bits = 0)
{
    return *InetAddress::fromIpString(QString::fromLatin1(text), bits);
}

} // namespace

class TestNetworkSettingsValidator final : public QObject
{
    Q_OBJECT

private slots:
    void poolParses()
    {
        QString error;
        const auto pool =
            NetworkSettingsValidator::parsePool(QStringLiteral(" 10.0.0.10"), QStringLiteral("10.0.0.20 "), 1, &error);
        QVERIFY2(pool, qPrintable(error));
        QCOMPARE(pool->start, ip("10.0.0.10"));
        QCOMPARE(pool->end, ip("10.0.0.20"));
        const auto v6 =
            NetworkSettingsValidator::parsePool(QStringLiteral("fd00::1"), QStringLiteral("fd00::ff"), 2, &error);
        QVERIFY(v6);
        QVERIFY(v6->start.isIPv6());
    }

    void poolRefused_data()
    {
        QTest::addColumn<QString>("start");
        QTest::addColumn<QString>("end");
        QTest::addColumn<QString>("expected");
        QTest::newRow("bad start") << QStringLiteral("10.0.0.300") << QStringLiteral("10.0.0.5")
                                   << QStringLiteral("IP pool 3: the start address \"10.0.0.300\"");
        QTest::newRow("bad end") << QStringLiteral("10.0.0.1") << QStringLiteral("x")
                                 << QStringLiteral("IP pool 3: the end address \"x\"");
        QTest::newRow("families") << QStringLiteral("10.0.0.1") << QStringLiteral("fd00::1")
                                  << QStringLiteral("must both be IPv4 or both IPv6");
        QTest::newRow("start after end") << QStringLiteral("10.0.0.9") << QStringLiteral("10.0.0.8")
                                         << QStringLiteral(
                                                "start address 10.0.0.9 comes after the end address 10.0.0.8");
        QTest::newRow("v6 after") << QStringLiteral("fd00::2:0") << QStringLiteral("fd00::1:ffff")
                                  << QStringLiteral("comes after");
    }

    void poolRefused()
    {
        QFETCH(QString, start);
        QFETCH(QString, end);
        QFETCH(QString, expected);
        QString error;
        QVERIFY(!NetworkSettingsValidator::parsePool(start, end, 3, &error));
        QVERIFY2(error.contains(expected), qPrintable(error));
    }

    void routes()
    {
        QString error;
        auto r = NetworkSettingsValidator::parseRoute(QStringLiteral("10.1.0.0/16"), QString(), 1, &error);
        QVERIFY2(r, qPrintable(error));
        QCOMPARE(r->target, ip("10.1.0.0", 16));
        QVERIFY(r->via.isNull());
        r = NetworkSettingsValidator::parseRoute(QStringLiteral("0.0.0.0/0"), QStringLiteral("10.1.0.1"), 1, &error);
        QVERIFY(r);
        QCOMPARE(r->via, ip("10.1.0.1"));

        QVERIFY(!NetworkSettingsValidator::parseRoute(QStringLiteral("10.0.0.1/33"), QString(), 2, &error));
        QCOMPARE(error, QStringLiteral("Route 2: the prefix length /33 of \"10.0.0.1/33\" is larger than 32."));
        // Host bits are kept as typed (NetworkValidator warns, tst_networkvalidation).
        r = NetworkSettingsValidator::parseRoute(QStringLiteral("10.0.0.1/24"), QString(), 2, &error);
        QVERIFY2(r, qPrintable(error));
        QCOMPARE(r->target, ip("10.0.0.1", 24));
        QVERIFY(!NetworkSettingsValidator::parseRoute(QStringLiteral("10.0.0.0"), QString(), 4, &error));
        QVERIFY2(error.startsWith(QStringLiteral("Route 4: the target")), qPrintable(error));
        QVERIFY(!NetworkSettingsValidator::parseRoute(QStringLiteral("fd00::/129"), QString(), 1, &error));
        QVERIFY(error.contains(QStringLiteral("larger than 128")));
        QVERIFY(
            !NetworkSettingsValidator::parseRoute(QStringLiteral("10.0.0.0/8"), QStringLiteral("fd00::1"), 1, &error));
        QVERIFY(error.contains(QStringLiteral("gateway (via)")));
        QVERIFY(!NetworkSettingsValidator::parseRoute(QStringLiteral("10.0.0.0/8"), QStringLiteral("gw"), 1, &error));
        QVERIFY(error.contains(QStringLiteral("\"gw\"")));
    }

    void dns()
    {
        QString error;
        QCOMPARE(*NetworkSettingsValidator::parseDnsServer(QStringLiteral("10.0.0.53"), 1, &error), ip("10.0.0.53"));
        QVERIFY(!NetworkSettingsValidator::parseDnsServer(QStringLiteral("x"), 2, &error));
        QCOMPARE(error, QStringLiteral("DNS server 2: \"x\" is not a valid IPv4 or IPv6 address."));
        QVERIFY(NetworkSettingsValidator::domainError(QStringLiteral("lab.example")).isEmpty());
        QVERIFY(!NetworkSettingsValidator::domainError(QString(128, u'a')).isEmpty());
        QVERIFY(!NetworkSettingsValidator::domainError(QStringLiteral("a b")).isEmpty());
    }

    void rules()
    {
        QVERIFY(NetworkSettingsValidator::rulesError(QString()).isEmpty());
        QVERIFY(NetworkSettingsValidator::rulesError(NetworkSettingsValidator::defaultRulesJson()).isEmpty());
        const QString bad = QStringLiteral(
            R"([{"type":"MATCH_ETHERTYPE","etherType":2048,"not":true},{"type":"ACTION_DROP"},{"type":"MATCH_NOPE"}])");
        const QString error = NetworkSettingsValidator::rulesError(bad);
        QVERIFY2(error.startsWith(QStringLiteral("Rules: rules[2]")), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("type")), qPrintable(error));
        QVERIFY(NetworkSettingsValidator::rulesError(QStringLiteral("{\"type\":1}")).contains(QStringLiteral("array")));
        QVERIFY(NetworkSettingsValidator::rulesError(QStringLiteral("[{")).contains(QStringLiteral("invalid")));
    }

    void readableRules()
    {
        QCOMPARE(NetworkSettingsValidator::describeRules(QString()), QStringList{QStringLiteral("1. accept")});
        const QString json = QStringLiteral(
            R"([{"type":"MATCH_ETHERTYPE","etherType":2048,"not":true},{"type":"ACTION_DROP"},{"type":"ACTION_ACCEPT"}])");
        QCOMPARE(NetworkSettingsValidator::describeRules(json),
                 (QStringList{QStringLiteral("1. not (match ethertype: etherType=2048)"), QStringLiteral("2. drop"),
                              QStringLiteral("3. accept")}));
    }
};

QTEST_APPLESS_MAIN(TestNetworkSettingsValidator)
#include "tst_networksettingsvalidator.moc"
