// SPDX-License-Identifier: GPL-3.0-or-later
// The flow-rules language rule by rule, with programs of our own (the vectors cover the reference's
// answers; these pin down each rule of the grammar as docs/flowrules.md states it).
#include "core/flowrules/compiler.h"

#include <QJsonDocument>
#include <QTest>

using namespace tier::flowrules;

namespace {

/// The base rules as compact JSON, or "error L:C".
QString outcome(const QString &source)
{
    const CompileResult r = compileRules(source);
    if (!r.ok())
        return QStringLiteral("error %1:%2").arg(r.error().line).arg(r.error().column);
    return QString::fromUtf8(QJsonDocument(r.rules().rulesJson()).toJson(QJsonDocument::Compact));
}

QString m(const char *type, const char *fields = "", bool invert = false, bool orFlag = false)
{
    return QStringLiteral("{\"type\":\"%1\",\"not\":%2,\"or\":%3%4}")
        .arg(QLatin1String(type), QLatin1String(invert ? "true" : "false"), QLatin1String(orFlag ? "true" : "false"),
             QLatin1String(fields));
}

QString a(const char *type, const char *fields = "")
{
    return QStringLiteral("{\"type\":\"%1\"%2}").arg(QLatin1String(type), QLatin1String(fields));
}

/// Compact JSON of a list of entries, keys sorted as QJsonDocument writes them.
QString list(const QStringList &entries)
{
    QJsonArray array;
    for (const QString &e : entries)
        array.append(QJsonDocument::fromJson(e.toUtf8()).object());
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QString text(const char *s)
{
    return QString::fromUtf8(s);
}

QString text(const QString &s)
{
    return s;
}

} // namespace

class TestFlowRulesLanguage final : public QObject
{
    Q_OBJECT

private slots:
    void program_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("expected");
        const QString accept = a("ACTION_ACCEPT");
        const QString drop = a("ACTION_DROP");
        auto row = [](const char *name, const char *src, const auto &expected) {
            QTest::newRow(name) << QString::fromUtf8(src) << text(expected);
        };
        // Layout
        row("empty", "", list({}));
        row("comment only", "# nothing ; here\n", list({}));
        row("hash inside a word is not a comment", "accept ipsrc 10.0.0.1#x/8;", list({m("MATCH_IPV4_SOURCE", ",\"ip\":\"10.0.0.1#x/8\""), accept}));
        row("semicolon word ends the block", "drop\n ethertype arp\n;\n", list({m("MATCH_ETHERTYPE", ",\"etherType\":2054"), drop}));
        row("only the last semicolon counts", "accept ipprotocol tcp;;", "error 1:18");
        row("bare action then more is a match", "accept;\ndrop;", "error 2:1");
        row("bare action last", "drop ethertype arp;\naccept;", list({m("MATCH_ETHERTYPE", ",\"etherType\":2054"), drop, accept}));
        row("tabs count one column", "drop\n\t\tvlan x;", "error 2:8");
        row("CR alone is white space", "accept\rvlan x;", "error 1:12");
        row("CR after a comment ends the line", "# c\r\nvlan", "error 3:1");
        row("uppercase action at the start", "ACCEPT;", list({accept}));
        row("uppercase keyword opens no block", "ACCEPT ipprotocol tcp;", "error 1:7");
        // Matches, not/or/and
        row("not and or", "accept not ethertype ipv4 or not ethertype arp and vlan 3;",
            list({m("MATCH_ETHERTYPE", ",\"etherType\":2048", true), m("MATCH_ETHERTYPE", ",\"etherType\":2054", true, true),
                  m("MATCH_VLAN_ID", ",\"vlanId\":3"), accept}));
        row("keywords case-insensitive in matches", "accept IPPROTOCOL udp;", list({m("MATCH_IP_PROTOCOL", ",\"ipProtocol\":17"), accept}));
        row("value names are case-sensitive", "accept ipprotocol TCP;", "error 1:18");
        row("numbers are lenient", "accept vlan 12abc vlanpcp 0x vlandei 1.9;",
            list({m("MATCH_VLAN_ID", ",\"vlanId\":12"), m("MATCH_VLAN_PCP", ",\"vlanPcp\":0"), m("MATCH_VLAN_DEI", ",\"vlanDei\":1"), accept}));
        row("numbers above 32 bits refused", "accept ethertype 0x100000000;", "error 1:17");
        row("negative numbers refused", "accept vlan -3;", "error 1:12");
        row("reserved word as argument", "accept ethertype not;", "error 1:7");
        row("missing argument at the end", "accept dport", "error 1:7");
        row("icmp without code", "accept icmp 0 -1;", list({m("MATCH_ICMP", ",\"icmpType\":0,\"icmpCode\":null"), accept}));
        row("icmp with code", "accept icmp 3 0x3;", list({m("MATCH_ICMP", ",\"icmpType\":3,\"icmpCode\":3"), accept}));
        row("port range", "accept sport 1024-0xffff;", list({m("MATCH_IP_SOURCE_PORT_RANGE", ",\"start\":1024,\"end\":65535"), accept}));
        row("port range with empty start", "accept sport -80;", "error 1:13");
        row("ipv6 by shape", "accept ipdest ::1/128;", list({m("MATCH_IPV6_DEST", ",\"ip\":\"::1/128\""), accept}));
        row("not an address", "accept ipsrc host/8;", "error 1:13");
        row("zerotier address cleaned", "accept ztsrc AA:BB:CC:DD:EE;", list({m("MATCH_SOURCE_ZEROTIER_ADDRESS", ",\"zt\":\"aabbccddee\""), accept}));
        row("zerotier address too short", "accept ztdest 12345;", "error 1:14");
        row("mac too short", "accept macsrc 00:11:22;", "error 1:14");
        row("characteristics by name and bit", "accept chr tcp_ack,5;", list({m("MATCH_CHARACTERISTICS", ",\"mask\":\"0000000000000030\""), accept}));
        row("unknown characteristic", "accept chr tcp_nope;", "error 1:11");
        row("random unreadable is zero", "accept random 0x1;", list({m("MATCH_RANDOM", ",\"probability\":0"), accept}));
        row("random above one is one", "accept random 7;", list({m("MATCH_RANDOM", ",\"probability\":4294967295"), accept}));
        // Actions
        row("tee length not a number", "tee all 89e92ceee5;", list({a("ACTION_TEE", ",\"address\":\"89e92ceee5\",\"length\":-1")}));
        row("tee without target", "tee 0;", "error 1:0");
        row("watch length below -1", "watch -2 89e92ceee5;", "error 1:9");
        row("redirect short target", "redirect 89e9;", "error 1:9");
        row("break", "break chr inbound;", list({m("MATCH_CHARACTERISTICS", ",\"mask\":\"8000000000000000\""), a("ACTION_BREAK")}));
        row("unknown action", "allow;", "error 1:0");
        // Tags
        row("tag used before definition", "accept teq t x;\ntag t id 9 enum 5 x;", list({m("MATCH_TAGS_EQUAL", ",\"id\":9,\"value\":5"), accept}));
        row("tag name used is case-sensitive", "tag t id 9;\naccept teq T 1;", "error 2:12");
        row("enum name used is case-sensitive", "tag t id 9 enum 1 Low;\naccept teq t Low;", "error 2:14");
        row("tag value by flag", "tag t id 9 flag 3 x;\naccept tand t x;", list({m("MATCH_TAGS_BITWISE_AND", ",\"id\":9,\"value\":8"), accept}));
        row("undefined tag", "accept tseq nosuch 1;", "error 1:12");
        row("tag missing id", "tag t enum 1 a;", "error 1:4");
        row("tag flag bit too high", "tag t id 1 flag 32 big;", "error 1:16");
        row("tag flag combining unknown name", "tag t id 1 flag a,b ab;", "error 1:16");
        row("duplicate flag name", "tag t id 1 flag 0 a flag 1 A;", "error 1:27");
        row("tag unknown directive", "tag t id 1 colour 3;", "error 1:11");
        row("tag default missing value", "tag t id 1 default;", "error 1:11");
        // Capabilities
        row("capability rules stay out of the base set", "cap c id 1 accept ipprotocol tcp; ;\ndrop;", list({drop}));
        row("capability invalid id", "cap c id x accept; ;", "error 1:9");
        row("capability missing name", "cap;", "error 1:0");
        // Macros
        row("macro with parameters", "macro m($p,$q) accept dport $p sport $q; drop; ;\ninclude m(1,2)",
            list({m("MATCH_IP_DEST_PORT_RANGE", ",\"start\":1,\"end\":1"), m("MATCH_IP_SOURCE_PORT_RANGE", ",\"start\":2,\"end\":2"),
                  accept, drop}));
        row("macro used twice", "macro m accept; ;\ninclude m\ninclude m", list({accept, accept}));
        row("macro name used is case-sensitive", "macro m accept; ;\ninclude M", "error 2:9");
        row("undefined macro", "include nothing", "error 1:8");
        row("include without name", "include", "error 1:0");
        row("macro including a macro", "macro a accept; ;\nmacro b include a\ndrop; ;\ninclude b", list({accept, drop}));
        row("recursive macro refused", "macro r include r\n; ;\ninclude r", "error 1:16");
        row("variable outside a macro", "accept dport $p;", "error 1:13");
        row("macro argument error at the use", "macro m($p) accept vlan $p; ;\ninclude m(x)", "error 1:24");
        row("extra macro arguments ignored", "macro m($p) accept vlan $p; ;\ninclude m(1,2)", list({m("MATCH_VLAN_ID", ",\"vlanId\":1"), accept}));
        // Order of errors: definitions, then capabilities, then base rules
        row("macro definition error first", "accept vlan x;\nmacro 9 accept; ;", "error 2:7");
        row("capability error before base error", "accept vlan x;\ncap c id 1 accept vlan y; ;", "error 2:24");
    }
    void program()
    {
        QFETCH(QString, source);
        QFETCH(QString, expected);
        QCOMPARE(outcome(source), expected);
    }

    void capabilityAndTagObjects()
    {
        const CompileResult r = compileRules(QStringLiteral(
            "tag dept id 7 enum 1 a enum 2 b default b;\ncap ssh id 40 default accept dport 22; ;\ncap web id 41 accept dport 80; ;"));
        QVERIFY(r.ok());
        QCOMPARE(r.rules().capabilities.size(), 2);
        QCOMPARE(r.rules().capabilities.at(0).name, QStringLiteral("ssh"));
        QCOMPARE(r.rules().capabilities.at(0).isDefault, true);
        QCOMPARE(r.rules().capabilities.at(1).id, 41);
        QCOMPARE(r.rules().capabilities.at(1).rules.size(), 2);
        QCOMPARE(r.rules().tags.size(), 1);
        QCOMPARE(r.rules().tags.at(0).defaultValue, std::optional<qint64>(2));
        const QJsonObject cli = QJsonDocument::fromJson(r.rules().toCliJson()).object();
        QCOMPARE(cli.value(u"capabilitiesByName").toObject().value(u"web").toInt(), 41);
        QCOMPARE(cli.value(u"tagsByName").toObject().value(u"dept").toObject().value(u"enums").toObject().value(u"b").toInt(), 2);
    }

    void nonAsciiNamesAreWrittenAsUtf8()
    {
        const CompileResult r = compileRules(QStringLiteral("tag t id 1 enum 1 \u00c9t\u00e9;"));
        QVERIFY(r.ok());
        QVERIFY(r.rules().toCliJson().contains(QStringLiteral("\"\u00e9t\u00e9\": 1").toUtf8()));
    }

    void errorText()
    {
        const CompileResult r = compileRules(QStringLiteral("accept\n  vlan x;"));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().toString(), QStringLiteral("line 2 column 8: Invalid numeric value."));
    }
};

QTEST_APPLESS_MAIN(TestFlowRulesLanguage)
#include "tst_language.moc"
