// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/vectors.h"
#include "core/protocol/rules.h"

#include <QJsonDocument>
#include <QtTest>

using namespace tier;

namespace {

QJsonObject parseObject(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

} // namespace

class TestRules final : public QObject
{
    Q_OBJECT

private slots:
    void everyType_data();
    void everyType();
    void netconfVectorRules();
    void capturedAcceptAll();
    void capturedApiRulesJson();
    void docExamples();
    void unknownTypesSkipped();
    void malformedWire();
    void defaultRuleJson();
    void lenientJsonInputs();
    void jsonErrorsNameTheField_data();
    void jsonErrorsNameTheField();
    void arrayErrorsNameTheIndex();
};

void TestRules::everyType_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<QString>("canonical"); // empty: the input with not/or defaults
    // Wire forms assembled by hand from docs/protocol/netconf.md §6.
    QTest::newRow("drop") << R"({"type":"ACTION_DROP"})" << QByteArray("0000") << QString();
    QTest::newRow("accept") << R"({"type":"ACTION_ACCEPT"})" << QByteArray("0100") << QString();
    QTest::newRow("tee") << R"({"type":"ACTION_TEE","address":"1797d4487f","flags":3,"length":64})"
                         << QByteArray("020e0000001797d4487f000000030040") << QString();
    QTest::newRow("watch") << R"({"type":"ACTION_WATCH","address":"1797d4487f","flags":0,"length":0})"
                           << QByteArray("030e0000001797d4487f000000000000") << QString();
    QTest::newRow("redirect") << R"({"type":"ACTION_REDIRECT","address":"21842fbe09","flags":1})"
                              << QByteArray("040e00000021842fbe09000000010000") << QString();
    QTest::newRow("break") << R"({"type":"ACTION_BREAK"})" << QByteArray("0500") << QString();
    QTest::newRow("src zt") << R"({"type":"MATCH_SOURCE_ZEROTIER_ADDRESS","zt":"1797d4487f"})"
                            << QByteArray("18051797d4487f") << QString();
    QTest::newRow("dst zt not") << R"({"type":"MATCH_DEST_ZEROTIER_ADDRESS","zt":"1797d4487f","not":true})"
                                << QByteArray("99051797d4487f") << QString();
    QTest::newRow("vlan id") << R"({"type":"MATCH_VLAN_ID","vlanId":100})" << QByteArray("1a020064") << QString();
    QTest::newRow("vlan pcp") << R"({"type":"MATCH_VLAN_PCP","vlanPcp":5})" << QByteArray("1b0105") << QString();
    QTest::newRow("vlan dei") << R"({"type":"MATCH_VLAN_DEI","vlanDei":1})" << QByteArray("1c0101") << QString();
    QTest::newRow("mac src") << R"({"type":"MATCH_MAC_SOURCE","mac":"0a:0b:0c:0d:0e:0f"})"
                             << QByteArray("1d060a0b0c0d0e0f") << QString();
    QTest::newRow("mac dst bare") << R"({"type":"MATCH_MAC_DEST","mac":"0A0B0C0D0E0F"})"
                                  << QByteArray("1e060a0b0c0d0e0f")
                                  << R"({"type":"MATCH_MAC_DEST","mac":"0a:0b:0c:0d:0e:0f","not":false,"or":false})";
    QTest::newRow("ipv4 src") << R"({"type":"MATCH_IPV4_SOURCE","ip":"10.147.20.0/24"})" << QByteArray("1f050a93140018")
                              << QString();
    QTest::newRow("ipv4 dst") << R"({"type":"MATCH_IPV4_DEST","ip":"10.0.0.0/8"})" << QByteArray("20050a00000008")
                              << QString();
    QTest::newRow("ipv6 src") << R"({"type":"MATCH_IPV6_SOURCE","ip":"fd00:1234::/32"})"
                              << QByteArray("2111fd00123400000000000000000000000020") << QString();
    QTest::newRow("ipv6 dst or") << R"({"type":"MATCH_IPV6_DEST","ip":"fd00::1/128","or":true})"
                                 << QByteArray("6211fd00000000000000000000000000000180") << QString();
    QTest::newRow("tos") << R"({"type":"MATCH_IP_TOS","mask":252,"start":16,"end":32})" << QByteArray("2303fc1020")
                         << QString();
    QTest::newRow("protocol") << R"({"type":"MATCH_IP_PROTOCOL","ipProtocol":6})" << QByteArray("240106") << QString();
    QTest::newRow("ethertype not") << R"({"type":"MATCH_ETHERTYPE","etherType":2048,"not":true})"
                                   << QByteArray("a5020800") << QString();
    QTest::newRow("icmp any code") << R"({"type":"MATCH_ICMP","icmpType":8,"icmpCode":null})"
                                   << QByteArray("2603080000") << QString();
    QTest::newRow("icmp code") << R"({"type":"MATCH_ICMP","icmpType":3,"icmpCode":0})" << QByteArray("2603030001")
                               << QString();
    QTest::newRow("sport") << R"({"type":"MATCH_IP_SOURCE_PORT_RANGE","start":1024,"end":65535})"
                           << QByteArray("27040400ffff") << QString();
    QTest::newRow("dport") << R"({"type":"MATCH_IP_DEST_PORT_RANGE","start":22,"end":22})" << QByteArray("280400160016")
                           << QString();
    QTest::newRow("characteristics") << R"({"type":"MATCH_CHARACTERISTICS","mask":"8000000000000002"})"
                                     << QByteArray("29088000000000000002") << QString();
    QTest::newRow("frame size") << R"({"type":"MATCH_FRAME_SIZE_RANGE","start":0,"end":1500})"
                                << QByteArray("2a04000005dc") << QString();
    QTest::newRow("random") << R"({"type":"MATCH_RANDOM","probability":2147483648})" << QByteArray("2b0480000000")
                            << QString();
    const char *tagTypes[] = {"MATCH_TAGS_DIFFERENCE",  "MATCH_TAGS_BITWISE_AND", "MATCH_TAGS_BITWISE_OR",
                              "MATCH_TAGS_BITWISE_XOR", "MATCH_TAGS_EQUAL",       "MATCH_TAG_SENDER",
                              "MATCH_TAG_RECEIVER"};
    for (int i = 0; i < 7; ++i) {
        QTest::newRow(tagTypes[i])
            << QStringLiteral(R"({"type":"%1","id":100,"value":7})").arg(QLatin1String(tagTypes[i]))
            << QByteArray::number(0x2c + i, 16) + "080000006400000007" << QString();
    }
    QTest::newRow("integer range")
        << R"({"type":"INTEGER_RANGE","start":"0000000000000010","end":"0000000000000020","idx":14,"little":true,"bits":16})"
        << QByteArray("331300000000000000100000000000000020000e8f") << QString();
}

void TestRules::everyType()
{
    QFETCH(QString, json);
    QFETCH(QByteArray, wire);
    QFETCH(QString, canonical);

    const QJsonObject input = parseObject(json);
    QVERIFY(!input.isEmpty());
    const auto rule = Rule::fromJson(input);
    QVERIFY2(rule.ok(), rule.ok() ? "" : qPrintable(rule.error().message));
    QCOMPARE(encodeRules({*rule}).toHex(), wire);
    QCOMPARE(int(rule->typeByte()), int(QByteArray::fromHex(wire)[0]) & 0xff);

    const auto decoded = decodeRules(QByteArray::fromHex(wire));
    QVERIFY(decoded.ok());
    QCOMPARE(decoded->size(), qsizetype(1));
    QCOMPARE(decoded->first(), *rule);

    // The reference form: matches always carry "not"/"or"; actions only their own fields, and
    // tee/watch/redirect flags only when set.
    QJsonObject expected = canonical.isEmpty() ? input : parseObject(canonical);
    if (!rule->isAction() && !expected.contains(u"not"))
        expected[u"not"] = false;
    if (!rule->isAction() && !expected.contains(u"or"))
        expected[u"or"] = false;
    if (rule->isAction() && expected.value(u"flags") == QJsonValue(0))
        expected.remove(u"flags");
    const auto rendered = decoded->first().toJson();
    QVERIFY(rendered.has_value());
    QCOMPARE(QJsonDocument(*rendered).toJson(QJsonDocument::Compact),
             QJsonDocument(expected).toJson(QJsonDocument::Compact));
    QCOMPARE(Rule::fromJson(*rendered).value(), *rule);
}

void TestRules::netconfVectorRules()
{
    // netconf.json: NOT ethertype 0800, NOT 0806, NOT 86dd, DROP, dport 22-22, ipv4 dest 10.147.20.0/24,
    // ACCEPT, ACCEPT.
    const QByteArray bytes = test::hexValue(test::loadVectorJson(QStringLiteral("netconf.json"))[u"R_value_unescaped"]);
    QVERIFY(!bytes.isEmpty());
    const QList<Rule> rules{
        Rule::etherType(0x0800, true),        Rule::etherType(0x0806, true),
        Rule::etherType(0x86dd, true),        Rule::action(RuleType::ActionDrop),
        Rule::destPortRange(22, 22),          Rule::ipDest(*InetAddress::fromString(QStringLiteral("10.147.20.0/24"))),
        Rule::action(RuleType::ActionAccept), Rule::action(RuleType::ActionAccept)};
    QCOMPARE(encodeRules(rules).toHex(), bytes.toHex());
    const auto decoded = decodeRules(bytes);
    QVERIFY(decoded.ok());
    QCOMPARE(*decoded, rules);

    const QJsonArray json = rulesToJson(rules);
    QCOMPARE(json.size(), qsizetype(8));
    QCOMPARE(json[0].toObject()[u"type"].toString(), QStringLiteral("MATCH_ETHERTYPE"));
    QCOMPARE(json[0].toObject()[u"etherType"].toInt(), 2048);
    QCOMPARE(json[0].toObject()[u"not"].toBool(), true);
    QCOMPARE(json[5].toObject()[u"ip"].toString(), QStringLiteral("10.147.20.0/24"));
    QCOMPARE(rulesFromJson(json).value(), rules);
}

void TestRules::capturedAcceptAll()
{
    const QJsonArray configs =
        test::loadVectorJson(QStringLiteral("join-conversation.json"))[u"assembled_configs"].toArray();
    QVERIFY(!configs.isEmpty());
    for (const QJsonValue &cfg : configs) {
        for (const QJsonValue &e : cfg[u"entries"].toArray()) {
            if (e[u"key"].toString() != u"R")
                continue;
            const auto rules = decodeRules(test::hexValue(e[u"value_hex"]));
            QVERIFY(rules.ok());
            const QJsonArray parsed = e[u"parsed"].toArray();
            QCOMPARE(rules->size(), qsizetype(parsed.size()));
            for (int i = 0; i < parsed.size(); ++i) {
                QCOMPARE(Rule::typeName(rules->at(i).code), parsed[i][u"type"].toString());
                QCOMPARE(rules->at(i).invert, parsed[i][u"not"].toBool());
                QCOMPARE(rules->at(i).orWithPrevious, parsed[i][u"or"].toBool());
            }
        }
    }
}

void TestRules::capturedApiRulesJson()
{
    // The real controller's network JSON (api_snapshots) and the R blob it then sent.
    const QJsonObject conv = test::loadVectorJson(QStringLiteral("join-conversation.json"));
    const QJsonArray apiRules = conv[u"api_snapshots"][u"04-network-after-auth.json"][u"rules"].toArray();
    QCOMPARE(apiRules.size(), qsizetype(1));
    const auto rules = rulesFromJson(apiRules);
    QVERIFY(rules.ok());
    QByteArray sent;
    for (const QJsonValue &e : conv[u"assembled_configs"][0][u"entries"].toArray()) {
        if (e[u"key"].toString() == u"R")
            sent = test::hexValue(e[u"value_hex"]);
    }
    QCOMPARE(encodeRules(*rules).toHex(), sent.toHex());
    // Rendered back in the rules compiler's form, the action has only its type (the reference's
    // stored default text keeps its "not"/"or"; Tiermaster stores that text as is, kDefaultRules).
    QCOMPARE(rulesToJson(*rules), (QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("ACTION_ACCEPT")}}}));
    QCOMPARE(rulesFromJson(rulesToJson(*rules)).value(), *rules);
}

void TestRules::docExamples()
{
    // docs/protocol/netconf.md §6 examples.
    QCOMPARE(encodeRules({Rule::action(RuleType::ActionAccept)}).toHex(), QByteArray("0100"));
    Rule notIpv4 = Rule::etherType(0x0800, true);
    QCOMPARE(encodeRules({notIpv4}).toHex(), QByteArray("a5020800"));
    QCOMPARE(encodeRules({Rule::ipDest(*InetAddress::fromString(QStringLiteral("10.0.0.0/8")))}).toHex(),
             QByteArray("20050a00000008"));
    QCOMPARE(encodeRules({Rule::tagsEqual(100, 7, true)}).toHex(), QByteArray("70080000006400000007"));
}

void TestRules::unknownTypesSkipped()
{
    const auto rules = decodeRules(QByteArray::fromHex("0703aabbcc"
                                                       "060105"
                                                       "0100"));
    QVERIFY(rules.ok());
    QCOMPARE(rules->size(), qsizetype(3));
    QCOMPARE(int(rules->at(0).code), 7);
    QCOMPARE(rules->at(1).type(), RuleType::ActionPriority);
    QCOMPARE(rules->at(2).type(), RuleType::ActionAccept);
    QVERIFY(!rules->at(0).toJson().has_value());
    QVERIFY(!rules->at(1).toJson().has_value());
    QCOMPARE(rulesToJson(*rules).size(), qsizetype(1));
    QCOMPARE(encodeRules(*rules).toHex(), QByteArray("070006000100")); // unassigned: type + length 0
    // A known type with extra value bytes: the extra bytes are skipped by the length byte.
    const auto longer = decodeRules(QByteArray::fromHex("240306ffff"
                                                        "0000"));
    QVERIFY(longer.ok());
    QCOMPARE(longer->size(), qsizetype(2));
    QCOMPARE(longer->first().value, quint64(6));
}

void TestRules::malformedWire()
{
    QCOMPARE(decodeRules(QByteArray::fromHex("20050a00")).error().code, ErrorCode::Truncated);
    QCOMPARE(decodeRules(QByteArray::fromHex("20")).error().code, ErrorCode::Truncated);
    QCOMPARE(decodeRules(QByteArray::fromHex("20020a00")).error().code, ErrorCode::Malformed);
    QVERIFY(decodeRules(QByteArray()).ok());
    QByteArray tooMany;
    for (int i = 0; i <= Rule::MaxBaseRules; ++i)
        tooMany.append("\x01\x00", 2);
    QCOMPARE(decodeRules(tooMany).error().code, ErrorCode::TooLarge);
}

void TestRules::defaultRuleJson()
{
    // An action in the rules compiler's form (docs/flowrules.md): only its type. (A new network's
    // stored default, docs/protocol/controller-logic.md §8.1, is kept as the reference writes it.)
    const auto accept = Rule::action(RuleType::ActionAccept).toJson();
    QVERIFY(accept.has_value());
    QCOMPARE(*accept, parseObject(QStringLiteral(R"({"type":"ACTION_ACCEPT"})")));
    // A meaningless NOT/OR on an action is still kept rather than lost.
    Rule odd = Rule::action(RuleType::ActionDrop);
    odd.invert = true;
    QCOMPARE(*odd.toJson(), parseObject(QStringLiteral(R"({"not":true,"type":"ACTION_DROP"})")));
    // The compiler's tee length -1 ("no limit") is the 16-bit field's 0xffff.
    const auto tee = Rule::fromJson(parseObject(QStringLiteral(R"({"type":"ACTION_TEE","address":"1797d4487f","length":-1})")));
    QVERIFY(tee.ok());
    QCOMPARE(int(tee->actionLength), 0xffff);
}

void TestRules::lenientJsonInputs()
{
    // Integers as numeric strings and booleans, booleans as strings and numbers (§8.4).
    const auto r = Rule::fromJson(
        parseObject(QStringLiteral(R"({"type":"MATCH_ETHERTYPE","etherType":"2048","not":"true","or":0})")));
    QVERIFY(r.ok());
    QCOMPARE(r->value, quint64(2048));
    QVERIFY(r->invert);
    QVERIFY(!r->orWithPrevious);
    const auto hex = Rule::fromJson(parseObject(QStringLiteral(R"({"type":"MATCH_ETHERTYPE","etherType":"0x86dd"})")));
    QCOMPARE(hex->value, quint64(0x86dd));
    const auto dei = Rule::fromJson(parseObject(QStringLiteral(R"({"type":"MATCH_VLAN_DEI","vlanDei":true})")));
    QCOMPARE(dei->value, quint64(1));
    const auto capped = Rule::fromJson(parseObject(QStringLiteral(R"({"type":"MATCH_IPV4_DEST","ip":"10.0.0.0/40"})")));
    QCOMPARE(capped->ip.prefixLength(), 32);
    const auto endDefault =
        Rule::fromJson(parseObject(QStringLiteral(R"({"type":"MATCH_IP_DEST_PORT_RANGE","start":80})")));
    QCOMPARE(endDefault->end, quint64(80));
    const auto mask = Rule::fromJson(parseObject(QStringLiteral(R"({"type":"MATCH_CHARACTERISTICS","mask":2})")));
    QCOMPARE(mask->value, quint64(2));
    const auto integer = Rule::fromJson(
        parseObject(QStringLiteral(R"({"type":"MATCH_INTEGER_RANGE","start":5,"end":9,"idx":0,"bits":8})")));
    QVERIFY(integer.ok());
    QCOMPARE(integer->intFormat, quint8(7));

    const QJsonArray mixed =
        QJsonDocument::fromJson(
            R"([{"type":"ACTION_DROP"},{"type":"BOGUS"},{"type":"MATCH_ETHERTYPE"},{"type":"ACTION_ACCEPT"}])")
            .array();
    const QList<Rule> kept = rulesFromJsonLenient(mixed);
    QCOMPARE(kept.size(), qsizetype(2));
    QCOMPARE(kept[1].type(), RuleType::ActionAccept);
    QCOMPARE(rulesFromJsonLenient(mixed, 1).size(), qsizetype(1));
}

void TestRules::jsonErrorsNameTheField_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("field");
    QTest::newRow("not object") << QStringLiteral("[1]") << QStringLiteral("object");
    QTest::newRow("no type") << QStringLiteral("{}") << QStringLiteral("'type'");
    QTest::newRow("bad type") << QStringLiteral(R"({"type":"MATCH_NOPE"})") << QStringLiteral("MATCH_NOPE");
    QTest::newRow("priority") << QStringLiteral(R"({"type":"ACTION_PRIORITY"})") << QStringLiteral("'type'");
    QTest::newRow("ethertype range") << QStringLiteral(R"({"type":"MATCH_ETHERTYPE","etherType":70000})")
                                     << QStringLiteral("'etherType'");
    QTest::newRow("ethertype missing") << QStringLiteral(R"({"type":"MATCH_ETHERTYPE"})")
                                       << QStringLiteral("'etherType'");
    QTest::newRow("ethertype text") << QStringLiteral(R"({"type":"MATCH_ETHERTYPE","etherType":"ipv4"})")
                                    << QStringLiteral("'etherType'");
    QTest::newRow("negative") << QStringLiteral(R"({"type":"MATCH_VLAN_ID","vlanId":-1})")
                              << QStringLiteral("'vlanId'");
    QTest::newRow("fraction") << QStringLiteral(R"({"type":"MATCH_IP_PROTOCOL","ipProtocol":6.5})")
                              << QStringLiteral("'ipProtocol'");
    QTest::newRow("ip no bits") << QStringLiteral(R"({"type":"MATCH_IPV4_DEST","ip":"10.0.0.1"})")
                                << QStringLiteral("'ip'");
    QTest::newRow("ip family") << QStringLiteral(R"({"type":"MATCH_IPV4_DEST","ip":"fd00::/8"})")
                               << QStringLiteral("'ip'");
    QTest::newRow("ipv6 garbage") << QStringLiteral(R"({"type":"MATCH_IPV6_SOURCE","ip":"zz::/8"})")
                                  << QStringLiteral("'ip'");
    QTest::newRow("address") << QStringLiteral(R"({"type":"ACTION_TEE","address":"xyz"})")
                             << QStringLiteral("'address'");
    QTest::newRow("zt") << QStringLiteral(R"({"type":"MATCH_SOURCE_ZEROTIER_ADDRESS","zt":12})")
                        << QStringLiteral("'zt'");
    QTest::newRow("mac") << QStringLiteral(R"({"type":"MATCH_MAC_SOURCE","mac":"0a:0b"})") << QStringLiteral("'mac'");
    QTest::newRow("mac hex") << QStringLiteral(R"({"type":"MATCH_MAC_SOURCE","mac":"0g0b0c0d0e0f"})")
                             << QStringLiteral("'mac'");
    QTest::newRow("port order") << QStringLiteral(R"({"type":"MATCH_IP_DEST_PORT_RANGE","start":80,"end":22})")
                                << QStringLiteral("'end'");
    QTest::newRow("bits zero") << QStringLiteral(R"({"type":"INTEGER_RANGE","start":0,"end":1,"idx":0,"bits":0})")
                               << QStringLiteral("'bits'");
    QTest::newRow("bits big") << QStringLiteral(R"({"type":"INTEGER_RANGE","start":0,"end":1,"idx":0,"bits":65})")
                              << QStringLiteral("'bits'");
    QTest::newRow("int end") << QStringLiteral(R"({"type":"INTEGER_RANGE","start":"ff","end":"01","idx":0,"bits":8})")
                             << QStringLiteral("'end'");
    QTest::newRow("mask text") << QStringLiteral(R"({"type":"MATCH_CHARACTERISTICS","mask":"xyz"})")
                               << QStringLiteral("'mask'");
    QTest::newRow("not type") << QStringLiteral(R"({"type":"ACTION_DROP","not":[]})") << QStringLiteral("'not'");
    QTest::newRow("tag value") << QStringLiteral(R"({"type":"MATCH_TAGS_EQUAL","id":1,"value":4294967296})")
                               << QStringLiteral("'value'");
}

void TestRules::jsonErrorsNameTheField()
{
    QFETCH(QString, json);
    QFETCH(QString, field);
    const QJsonDocument doc = QJsonDocument::fromJson(json.toUtf8());
    const QJsonValue value = doc.isArray() ? QJsonValue(doc.array()[0]) : QJsonValue(doc.object());
    const auto r = Rule::fromJson(value);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, ErrorCode::Malformed);
    QVERIFY2(r.error().message.contains(field), qPrintable(r.error().message));
}

void TestRules::arrayErrorsNameTheIndex()
{
    const QJsonArray array =
        QJsonDocument::fromJson(R"([{"type":"ACTION_DROP"},{"type":"MATCH_IPV4_DEST","ip":"nonsense"}])").array();
    const auto r = rulesFromJson(array);
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.startsWith(u"rules[1]: 'ip'"), qPrintable(r.error().message));
}

QTEST_APPLESS_MAIN(TestRules)
#include "tst_rules.moc"
