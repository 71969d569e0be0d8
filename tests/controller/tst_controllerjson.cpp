// SPDX-License-Identifier: GPL-3.0-or-later
// ControllerJson: the §8 network and member objects both ways, every value form the reference
// accepts, and a clear error (with nothing applied) for what it would silently drop.

#include "core/controller/controllerjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using namespace tier;

namespace {

QJsonObject obj(const char *text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

InetAddress ip(const char *text)
{
    return InetAddress::fromString(QString::fromLatin1(text)).value_or(InetAddress());
}

} // namespace

class TestControllerJson : public QObject
{
    Q_OBJECT

private slots:
    void boolForms_data()
    {
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<int>("expected"); // -1 = error
        QTest::newRow("true") << QJsonValue(true) << 1;
        QTest::newRow("false") << QJsonValue(false) << 0;
        QTest::newRow("\"true\"") << QJsonValue(QStringLiteral("true")) << 1;
        QTest::newRow("\"False\"") << QJsonValue(QStringLiteral("False")) << 0;
        QTest::newRow("\"1\"") << QJsonValue(QStringLiteral("1")) << 1;
        QTest::newRow("\"t\"") << QJsonValue(QStringLiteral("t")) << 1;
        QTest::newRow("1") << QJsonValue(1) << 1;
        QTest::newRow("0") << QJsonValue(0) << 0;
        QTest::newRow("\"yes\"") << QJsonValue(QStringLiteral("yes")) << -1;
        QTest::newRow("2") << QJsonValue(2) << -1;
        QTest::newRow("null") << QJsonValue(QJsonValue::Null) << -1;
        QTest::newRow("array") << QJsonValue(QJsonArray{true}) << -1;
    }

    void boolForms()
    {
        QFETCH(QJsonValue, value);
        QFETCH(int, expected);
        const auto b = ControllerJson::toBool(value, QStringLiteral("flag"));
        if (expected < 0) {
            QVERIFY(!b);
            QVERIFY(b.error().message.contains(QStringLiteral("flag")));
        } else {
            QVERIFY(b);
            QCOMPARE(int(*b), expected);
        }
    }

    void integerForms()
    {
        QCOMPARE(*ControllerJson::toInteger(QJsonValue(1500), QStringLiteral("mtu"), 0, 9999), 1500);
        QCOMPARE(*ControllerJson::toInteger(QJsonValue(QStringLiteral(" 1500 ")), QStringLiteral("mtu"), 0, 9999),
                 1500);
        QCOMPARE(*ControllerJson::toInteger(QJsonValue(true), QStringLiteral("x"), 0, 9), 1);
        QVERIFY(!ControllerJson::toInteger(QJsonValue(1.5), QStringLiteral("x"), 0, 9));
        QVERIFY(!ControllerJson::toInteger(QJsonValue(10), QStringLiteral("x"), 0, 9));
        QVERIFY(!ControllerJson::toInteger(QJsonValue(1e300), QStringLiteral("x"), 0, 9));
        QVERIFY(!ControllerJson::toInteger(QJsonValue(QStringLiteral("12abc")), QStringLiteral("x"), 0, 99));
        QVERIFY(!ControllerJson::toInteger(QJsonValue(QJsonValue::Null), QStringLiteral("x"), 0, 9));
    }

    void networkRoundTripThroughStoredForm()
    {
        NetworkDetails d;
        d.id = 0x8056c2e21c000001ULL;
        d.revision = 7;
        d.creationTime = 1700000000000;
        d.memberCount = 3;
        NetworkSettings &s = d.settings;
        s.name = QStringLiteral("lab");
        s.description = QStringLiteral("Lab network\n\tfloor 2, \"quoted\"");
        s.isPrivate = false;
        s.enableBroadcast = false;
        s.multicastLimit = 16;
        s.mtu = 1400;
        s.v4AssignZt = true;
        s.v6AssignRfc4193 = true;
        s.pools = {IpPool{ip("10.1.0.10"), ip("10.1.0.99")}};
        s.routes = {NetworkConfig::Route{ip("10.1.0.0/16"), InetAddress(), 0, 0},
                    NetworkConfig::Route{ip("192.168.5.0/24"), ip("10.1.0.1"), 0, 0}};
        s.dns.domain = QStringLiteral("lab.lan");
        s.dns.servers = {ip("10.1.0.1")};
        s.rulesJson = QStringLiteral("[{\"etherType\":2048,\"not\":true,\"or\":false,\"type\":\"MATCH_ETHERTYPE\"},"
                                     "{\"type\":\"ACTION_DROP\"},{\"type\":\"ACTION_ACCEPT\"}]");
        s.tagsJson = QStringLiteral("[{\"default\":1,\"id\":5}]");
        s.capabilitiesJson = QStringLiteral("[{\"default\":true,\"id\":2,\"rules\":[{\"type\":\"ACTION_ACCEPT\"}]}]");
        s.rulesSource = QStringLiteral("drop not ethertype ipv4;");
        s.remoteTraceTarget = QStringLiteral("1122334455");
        s.remoteTraceLevel = 1;
        s.authTokensJson = QStringLiteral("{\"tok\":0}");
        s.certificateTimeoutWindow = 600000;

        const QJsonObject stored = ControllerJson::networkToJson(d, ControllerJson::Form::Stored);
        QVERIFY(!stored.contains(QStringLiteral("clock")));
        QVERIFY(!stored.contains(QStringLiteral("totalMemberCount")));
        QCOMPARE(stored.value(QStringLiteral("nwid")).toString(), QStringLiteral("8056c2e21c000001"));
        QCOMPARE(stored.value(QStringLiteral("routes")).toArray().at(1).toObject().value(QStringLiteral("via")),
                 QJsonValue(QStringLiteral("10.1.0.1")));

        auto back = ControllerJson::networkFromJson(stored);
        QVERIFY2(back, back ? "" : qPrintable(back.error().message));
        QCOMPARE(back->id, d.id);
        QCOMPARE(back->revision, d.revision);
        QCOMPARE(back->creationTime, d.creationTime);
        // Rules are re-rendered in the reference's canonical form; compare them parsed.
        QCOMPARE(QJsonDocument::fromJson(back->settings.rulesJson.toUtf8()).array().size(), 3);
        NetworkSettings expected = s;
        expected.rulesJson = back->settings.rulesJson;
        QCOMPARE(back->settings.name, expected.name);
        QCOMPARE(stored.value(QStringLiteral("description")).toString(), s.description);
        QCOMPARE(back->settings.description, expected.description);
        QCOMPARE(back->settings.routes, expected.routes);
        QCOMPARE(back->settings.pools, expected.pools);
        QCOMPARE(back->settings.dns, expected.dns);
        QCOMPARE(back->settings.tagsJson, expected.tagsJson);
        QCOMPARE(back->settings.authTokensJson, expected.authTokensJson);
        QCOMPARE(back->settings.certificateTimeoutWindow, expected.certificateTimeoutWindow);
        // Capability rules are re-rendered like the base rules.
        QCOMPARE(QJsonDocument::fromJson(back->settings.capabilitiesJson.toUtf8())
                     .array()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("id")),
                 QJsonValue(2));
        expected.capabilitiesJson = back->settings.capabilitiesJson;
        QCOMPARE(back->settings, expected);

        const QJsonObject api = ControllerJson::networkToJson(d, ControllerJson::Form::Api, 42);
        QCOMPARE(api.value(QStringLiteral("clock")).toInteger(), 42);
        QCOMPARE(api.value(QStringLiteral("totalMemberCount")).toInt(), 3);
    }

    void networkDefaultsMatchTheReference()
    {
        NetworkDetails d;
        d.id = 0x8056c2e21c000002ULL;
        const QJsonObject o = ControllerJson::networkToJson(d, ControllerJson::Form::Stored);
        QCOMPARE(o.value(QStringLiteral("authTokens")).toArray(), QJsonArray{QJsonValue::Null});
        QCOMPARE(o.value(QStringLiteral("dns")).toArray(), QJsonArray());
        QCOMPARE(o.value(QStringLiteral("rules")).toArray().size(), 1);
        QCOMPARE(o.value(QStringLiteral("remoteTraceTarget")), QJsonValue(QJsonValue::Null));
        // The reference's network objects have no description; none is written while there is none.
        QVERIFY(!o.contains(QStringLiteral("description")));
        QVERIFY(
            !ControllerJson::networkToJson(d, ControllerJson::Form::Api, 1).contains(QStringLiteral("description")));
        // And those odd defaults read back as "none".
        auto back = ControllerJson::networkFromJson(o);
        QVERIFY(back);
        QCOMPARE(back->settings.authTokensJson, QStringLiteral("{}"));
        QVERIFY(back->settings.dns.servers.isEmpty());
    }

    void patchAppliesOnlyWhatIsSent()
    {
        NetworkSettings s;
        s.name = QStringLiteral("keep");
        QVERIFY(ControllerJson::applyNetworkPatch(s, obj("{\"mtu\":\"1500\",\"v6AssignMode\":\"rfc4193,6plane\"}")));
        QCOMPARE(s.name, QStringLiteral("keep"));
        QCOMPARE(s.mtu, 1500);
        QVERIFY(s.v6AssignRfc4193 && s.v6Assign6plane && !s.v6AssignZt);
        // An object replaces the whole mode (missing keys are false).
        QVERIFY(ControllerJson::applyNetworkPatch(s, obj("{\"v6AssignMode\":{\"zt\":true}}")));
        QVERIFY(!s.v6AssignRfc4193 && !s.v6Assign6plane && s.v6AssignZt);
        // Read-only fields a client posts back are ignored.
        QVERIFY(ControllerJson::applyNetworkPatch(
            s, obj("{\"id\":\"x\",\"nwid\":\"y\",\"revision\":99,\"clock\":1,\"totalMemberCount\":3}")));
        QCOMPARE(s.name, QStringLiteral("keep"));
        // The description is set as sent (inner line breaks and tabs kept), and null clears it.
        QVERIFY(ControllerJson::applyNetworkPatch(s, obj("{\"description\":\"office\\n\\tprinters\"}")));
        QCOMPARE(s.description, QStringLiteral("office\n\tprinters"));
        QCOMPARE(s.name, QStringLiteral("keep"));
        QVERIFY(ControllerJson::applyNetworkPatch(s, obj("{\"description\":null}")));
        QCOMPARE(s.description, QString());
    }

    void patchErrorsChangeNothing_data()
    {
        QTest::addColumn<QByteArray>("patch");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("unknown") << QByteArray("{\"mtu\":1500,\"colour\":\"red\"}") << QStringLiteral("colour");
        QTest::newRow("mtu range") << QByteArray("{\"mtu\":20000}") << QStringLiteral("mtu");
        QTest::newRow("route") << QByteArray("{\"routes\":[{\"target\":\"nonsense/8\"}]}")
                               << QStringLiteral("routes[0]");
        QTest::newRow("pool family")
            << QByteArray("{\"ipAssignmentPools\":[{\"ipRangeStart\":\"10.0.0.1\",\"ipRangeEnd\":\"fd00::1\"}]}")
            << QStringLiteral("families");
        QTest::newRow("trace target") << QByteArray("{\"remoteTraceTarget\":\"short\"}")
                                      << QStringLiteral("remoteTraceTarget");
        QTest::newRow("auth tokens") << QByteArray("{\"authTokens\":{\"t\":-1}}") << QStringLiteral("authTokens");
        QTest::newRow("capability rules") << QByteArray("{\"capabilities\":[{\"id\":1,\"rules\":[{\"type\":5}]}]}")
                                          << QStringLiteral("capabilities[0].rules");
        QTest::newRow("description type")
            << QByteArray("{\"name\":\"x\",\"description\":42}") << QStringLiteral("'description' must be a string");
        QTest::newRow("description length")
            << (QByteArray("{\"description\":\"") + QByteArray(1025, 'd') + QByteArray("\"}"))
            << QStringLiteral("'description': Description: at most 1024 characters");
        QTest::newRow("description control")
            << QByteArray("{\"description\":\"a\\u0007b\"}") << QStringLiteral("control characters");
    }

    void patchErrorsChangeNothing()
    {
        QFETCH(QByteArray, patch);
        QFETCH(QString, mentions);
        NetworkSettings s;
        const NetworkSettings before = s;
        const Status applied = ControllerJson::applyNetworkPatch(s, QJsonDocument::fromJson(patch).object());
        QVERIFY(!applied);
        QVERIFY2(applied.error().message.contains(mentions), qPrintable(applied.error().message));
        QCOMPARE(s, before);
    }

    void memberUpdateForms()
    {
        auto u = ControllerJson::memberUpdateFromJson(
            obj("{\"authorized\":\"true\",\"ipAssignments\":[\"10.0.0.5/24\",\"fd00::1\"],\"tags\":[[2,9],[1,3],[2,4]],"
                "\"capabilities\":[3,1,3],\"name\":\"pc\",\"online\":true,\"remoteTraceTarget\":null}"));
        QVERIFY2(u, u ? "" : qPrintable(u.error().message));
        QCOMPARE(u->authorized, std::optional<bool>(true));
        QCOMPARE(u->ipAssignments->size(), 2);
        QCOMPARE(u->ipAssignments->at(0).toIpString(),
                 QStringLiteral("10.0.0.5"));                                 // "/bits" dropped as the reference does
        QCOMPARE(*u->tags, (QList<QPair<quint32, quint32>>{{1, 3}, {2, 4}})); // sorted, last value wins
        QCOMPARE(*u->capabilities, (QList<quint32>{1, 3}));
        QCOMPARE(*u->name, QStringLiteral("pc"));
        QVERIFY(!u->activeBridge);
        QVERIFY(!ControllerJson::memberUpdateFromJson(obj("{\"ipAssignments\":[\"10.0.0\"]}")));
        QVERIFY(!ControllerJson::memberUpdateFromJson(obj("{\"authenticationExpiryTime\":5}")));
        QVERIFY(!ControllerJson::memberUpdateFromJson(obj("{\"whatever\":1}")));
    }

    void memberRoundTripThroughStoredForm()
    {
        MemberInfo m;
        m.networkId = 0x8056c2e21c000001ULL;
        m.address = Address::fromString(u"1122334455").value();
        m.identity = QStringLiteral("1122334455:0:abcdef");
        m.authorized = true;
        m.activeBridge = true;
        m.ipAssignments = {ip("10.1.0.5")};
        m.tags = {{1, 2}};
        m.capabilities = {4};
        m.name = QStringLiteral("srv");
        m.creationTime = 5;
        m.revision = 6;
        m.lastAuthorizedTime = 7;
        m.versionMajor = 1;
        m.versionMinor = 14;
        m.versionRevision = 1;
        m.protocolVersion = 12;
        m.online = true;
        const QJsonObject stored = ControllerJson::memberToJson(m, ControllerJson::Form::Stored);
        QVERIFY(!stored.contains(QStringLiteral("online")));
        QVERIFY(!stored.contains(QStringLiteral("clock")));
        const QJsonObject api = ControllerJson::memberToJson(m, ControllerJson::Form::Api, 1);
        QCOMPARE(api.value(QStringLiteral("online")), QJsonValue(true));
        QCOMPARE(api.value(QStringLiteral("clientVersion")).toString(), QStringLiteral("1.14.1"));

        auto back = ControllerJson::memberFromJson(stored);
        QVERIFY2(back, back ? "" : qPrintable(back.error().message));
        QCOMPARE(back->networkId, m.networkId);
        QCOMPARE(back->address, m.address);
        QCOMPARE(back->identity, m.identity);
        QCOMPARE(back->authorized, true);
        QCOMPARE(back->activeBridge, true);
        QCOMPARE(back->ipAssignments, m.ipAssignments);
        QCOMPARE(back->tags, m.tags);
        QCOMPARE(back->capabilities, m.capabilities);
        QCOMPARE(back->name, m.name);
        QCOMPARE(back->revision, m.revision);
        QCOMPARE(back->lastAuthorizedTime, m.lastAuthorizedTime);
        QCOMPARE(back->versionMinor, 14);
        QCOMPARE(back->online, false); // live status is not stored

        QJsonObject wrongIdentity = stored;
        wrongIdentity.insert(QStringLiteral("identity"), QStringLiteral("9999999999:0:ab"));
        QVERIFY(!ControllerJson::memberFromJson(wrongIdentity));
        QJsonObject noNetwork = stored;
        noNetwork.remove(QStringLiteral("nwid"));
        QVERIFY(!ControllerJson::memberFromJson(noNetwork));
    }
};

QTEST_APPLESS_MAIN(TestControllerJson)
#include "tst_controllerjson.moc"
