// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/vectors.h"
#include "core/crypto/identity.h"
#include "core/crypto/primitives.h"
#include "core/protocol/dictionary.h"
#include "core/protocol/networkconfig.h"

#include <QtTest>

#include <random>

using namespace tier;

namespace {

InetAddress net(const char *text)
{
    return *InetAddress::fromString(QString::fromLatin1(text));
}

Identity identityFrom(const QJsonValue &text)
{
    auto id = Identity::fromString(text.toString());
    return id ? id.value() : Identity();
}

// The inputs listed in netconf.json.
NetworkConfig vectorConfig()
{
    const QJsonObject com = test::loadVectorJson(QStringLiteral("com.json"));
    NetworkConfig c;
    c.networkId = 0x2cdef7b4175a5a5aULL;
    c.timestamp = 1700000000000LL;
    c.credentialTimeMaxDelta = 7200000;
    c.revision = 42;
    c.issuedTo = Address(0x59fd74da49ULL);
    c.flags = NetworkConfig::FlagEnableBroadcast;
    c.mtu = 2800;
    c.multicastLimit = 32;
    c.type = NetworkConfig::Type::Private;
    c.name = QStringLiteral("vector-net");
    c.com = CertificateOfMembership::fromBytes(test::hexValue(com[u"serialized"])).value();
    c.routes = {{net("10.147.20.0/24"), InetAddress(), 0, 0}, {net("0.0.0.0/0"), net("10.147.20.1/0"), 0, 5}};
    c.staticIps = {net("10.147.20.5/24"), net("fd00:1234::5/88")};
    c.rules = {Rule::etherType(0x0800, true),        Rule::etherType(0x0806, true),
               Rule::etherType(0x86dd, true),        Rule::action(RuleType::ActionDrop),
               Rule::destPortRange(22, 22),          Rule::ipDest(net("10.147.20.0/24")),
               Rule::action(RuleType::ActionAccept), Rule::action(RuleType::ActionAccept)};
    c.dns.domain = QStringLiteral("vec.example");
    c.dns.servers = {net("10.147.20.1/53"), net("fd00:1234::1/53")};
    return c;
}

} // namespace

class TestNetworkConfig final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void encodesVectorExactly();
    void blobsMatchVector();
    void decodesVector();
    void minimalPublicConfig();
    void capturedConfigsDecode();
    void timestampRewrittenInPlace();
    void capturedConfigsRebuiltFromTypedValues();
    void credentialsAndSpecialistsRoundTrip();
    void ssoKeys();
    void limitsAndTruncation();
    void refusesBadConfigs();
    void mutatedInputsNeverCrash();

private:
    QJsonObject m_netconf;
    QJsonObject m_conversation;
};

void TestNetworkConfig::initTestCase()
{
    QVERIFY(crypto::initialize());
    m_netconf = test::loadVectorJson(QStringLiteral("netconf.json"));
    m_conversation = test::loadVectorJson(QStringLiteral("join-conversation.json"));
    QVERIFY(!m_netconf.isEmpty());
    QVERIFY(!m_conversation.isEmpty());
}

void TestNetworkConfig::encodesVectorExactly()
{
    const auto bytes = vectorConfig().toBytes();
    QVERIFY(bytes.ok());
    const QByteArray expected = test::hexValue(m_netconf[u"dictionary_bytes"]);
    QCOMPARE(bytes->size(), qsizetype(m_netconf[u"dictionary_len"].toInt()));
    QCOMPARE(bytes->toHex(), expected.toHex());
    // ZT's includeLegacy=true output holds no extra key for a 1.14-style config either.
    QCOMPARE(bytes->toHex(), test::hexValue(m_netconf[u"legacy_dictionary_bytes_includeLegacy_true"]).toHex());
}

void TestNetworkConfig::blobsMatchVector()
{
    const NetworkConfig c = vectorConfig();
    QCOMPARE(NetworkConfig::encodeRoutes(c.routes).toHex(), test::hexValue(m_netconf[u"RT_value_unescaped"]).toHex());
    QCOMPARE(NetworkConfig::encodeStaticIps(c.staticIps).toHex(),
             test::hexValue(m_netconf[u"I_value_unescaped"]).toHex());
    QCOMPARE(encodeRules(c.rules).toHex(), test::hexValue(m_netconf[u"R_value_unescaped"]).toHex());
    QCOMPARE(NetworkConfig::encodeDns(c.dns).toHex(), test::hexValue(m_netconf[u"DNS_value_unescaped"]).toHex());
    QCOMPARE(c.com->toBytes().toHex(), test::hexValue(m_netconf[u"C_value_unescaped"]).toHex());

    const Dictionary d = c.toDictionary();
    QStringList keys;
    for (const auto &e : d.entries())
        keys.append(QString::fromLatin1(e.key));
    QCOMPARE(keys.join(u' '), QStringLiteral("v nwid ts ctmd r id tt tl f ml t n mtu C RT I R DNS ssov ssoe"));
}

void TestNetworkConfig::decodesVector()
{
    const auto decoded = NetworkConfig::fromBytes(test::hexValue(m_netconf[u"dictionary_bytes"]));
    QVERIFY2(decoded.ok(), decoded.ok() ? "" : qPrintable(decoded.error().message));
    const NetworkConfig expected = vectorConfig();
    QCOMPARE(decoded->routes, expected.routes);
    QCOMPARE(decoded->staticIps, expected.staticIps);
    QCOMPARE(decoded->rules, expected.rules);
    QCOMPARE(decoded->dns.domain, expected.dns.domain);
    QCOMPARE(decoded->dns.servers, expected.dns.servers);
    QVERIFY(decoded->com == expected.com);
    QVERIFY(*decoded == expected);
    QCOMPARE(decoded->routes[1].metric, quint16(5));
    QCOMPARE(decoded->routes[1].via.toIpString(), QStringLiteral("10.147.20.1"));
    QCOMPARE(decoded->staticIps[1].prefixLength(), 88);
}

void TestNetworkConfig::minimalPublicConfig()
{
    NetworkConfig c;
    c.networkId = 0x2cdef7b4175a5a5aULL;
    c.timestamp = 1700000000000LL;
    c.credentialTimeMaxDelta = 0;
    c.revision = 1;
    c.issuedTo = Address(0x59fd74da49ULL);
    c.flags = 0;
    c.type = NetworkConfig::Type::Public;
    const QByteArray expected = test::hexValue(m_netconf[u"minimal_public_config_dictionary_bytes"]);
    QVERIFY(!expected.isEmpty());
    QCOMPARE(c.toBytes()->toHex(), expected.toHex());
    const auto back = NetworkConfig::fromBytes(expected);
    QVERIFY(back.ok());
    QVERIFY(*back == c);
    QVERIFY(back->rules.isEmpty());
    QVERIFY(!back->com.has_value());
}

void TestNetworkConfig::timestampRewrittenInPlace()
{
    // Configs ZeroTier 1.14.1's controller sent: `ts` is found and rewritten in place (how a warm answer
    // re-uses its encoded config); nothing else of the bytes moves.
    for (const QJsonValue &cfg : m_conversation[u"assembled_configs"].toArray()) {
        const QByteArray bytes = test::hexValue(cfg[u"dictionary_hex"]);
        const auto original = NetworkConfig::fromBytes(bytes);
        QVERIFY(original.ok());
        const qsizetype at = Dictionary::u64ValueOffset(bytes, "ts");
        QVERIFY(at > 0);
        QByteArray rewritten = bytes;
        Dictionary::rewriteU64(rewritten, at, quint64(original->timestamp + 123456));
        QCOMPARE(rewritten.size(), bytes.size());
        QCOMPARE(rewritten.left(at), bytes.left(at));
        QCOMPARE(rewritten.mid(at + 16), bytes.mid(at + 16));
        const auto changed = NetworkConfig::fromBytes(rewritten);
        QVERIFY(changed.ok());
        QCOMPARE(changed->timestamp, original->timestamp + 123456);
        QCOMPARE(changed->revision, original->revision);
        QCOMPARE(changed->com->toBytes(), original->com->toBytes());
    }
    // Only a whole key with a 16-digit value counts.
    QCOMPARE(Dictionary::u64ValueOffset("ts=0000018bcfe56800\nn=x", "ts"), qsizetype(3));
    QCOMPARE(Dictionary::u64ValueOffset("v=1\nts=0000018bcfe56800", "ts"), qsizetype(7));
    QCOMPARE(Dictionary::u64ValueOffset("v=1\nxts=0000018bcfe56800", "ts"), qsizetype(-1));
    QCOMPARE(Dictionary::u64ValueOffset("v=1\nts=18bcfe56800\nn=x", "ts"), qsizetype(-1));
    QCOMPARE(Dictionary::u64ValueOffset("v=1", "ts"), qsizetype(-1));
}

void TestNetworkConfig::capturedConfigsDecode()
{
    const QJsonArray configs = m_conversation[u"assembled_configs"].toArray();
    QCOMPARE(configs.size(), qsizetype(4));
    const Identity c = identityFrom(m_conversation[u"identities"][u"C"][u"public"]);
    for (const QJsonValue &cfg : configs) {
        const QByteArray bytes = test::hexValue(cfg[u"dictionary_hex"]);
        QCOMPARE(bytes.size(), qsizetype(cfg[u"total_len"].toInt()));
        const auto decoded = NetworkConfig::fromBytes(bytes);
        QVERIFY2(decoded.ok(), decoded.ok() ? "" : qPrintable(decoded.error().message));
        for (const QJsonValue &ev : cfg[u"entries"].toArray()) {
            const QJsonObject e = ev.toObject();
            const QString key = e[u"key"].toString();
            const quint64 asInt = quint64(e[u"as_int"].toDouble());
            if (key == u"v")
                QCOMPARE(decoded->version, asInt);
            else if (key == u"nwid")
                QCOMPARE(decoded->networkId, e[u"value"].toString().toULongLong(nullptr, 16));
            else if (key == u"ts")
                QCOMPARE(decoded->timestamp, qint64(e[u"value"].toString().toULongLong(nullptr, 16)));
            else if (key == u"ctmd")
                QCOMPARE(decoded->credentialTimeMaxDelta, asInt);
            else if (key == u"r")
                QCOMPARE(decoded->revision, asInt);
            else if (key == u"id")
                QCOMPARE(decoded->issuedTo.toString(), e[u"value"].toString());
            else if (key == u"tt")
                QCOMPARE(decoded->remoteTraceTarget.toString(), e[u"value"].toString());
            else if (key == u"tl")
                QCOMPARE(decoded->remoteTraceLevel, asInt);
            else if (key == u"f")
                QCOMPARE(decoded->flags, asInt);
            else if (key == u"ml")
                QCOMPARE(decoded->multicastLimit, asInt);
            else if (key == u"t")
                QCOMPARE(quint64(decoded->type), asInt);
            else if (key == u"n")
                QCOMPARE(decoded->name, e[u"value"].toString());
            else if (key == u"mtu")
                QCOMPARE(decoded->mtu, asInt);
            else if (key == u"C") {
                QCOMPARE(decoded->com->toBytes().toHex(), e[u"value_hex"].toString().toLatin1());
                QVERIFY(decoded->com->verify(c));
            } else if (key == u"COO") {
                QCOMPARE(decoded->certificatesOfOwnership.size(), qsizetype(1));
                QCOMPARE(decoded->certificatesOfOwnership[0].toBytes().toHex(), e[u"value_hex"].toString().toLatin1());
                QVERIFY(decoded->certificatesOfOwnership[0].verify(c));
            } else if (key == u"RT") {
                const QJsonArray parsed = e[u"parsed"].toArray();
                QCOMPARE(decoded->routes.size(), qsizetype(parsed.size()));
                for (int i = 0; i < parsed.size(); ++i) {
                    QCOMPARE(decoded->routes[i].target.toString(), parsed[i][u"target"].toString());
                    QCOMPARE(decoded->routes[i].via.isNull(), parsed[i][u"via"].isNull());
                    QCOMPARE(int(decoded->routes[i].flags), parsed[i][u"flags"].toInt());
                    QCOMPARE(int(decoded->routes[i].metric), parsed[i][u"metric"].toInt());
                }
            } else if (key == u"I") {
                const QJsonArray parsed = e[u"parsed"].toArray();
                QCOMPARE(decoded->staticIps.size(), qsizetype(parsed.size()));
                for (int i = 0; i < parsed.size(); ++i)
                    QCOMPARE(decoded->staticIps[i].toString(), parsed[i].toString());
            } else if (key == u"R") {
                QCOMPARE(encodeRules(decoded->rules).toHex(), e[u"value_hex"].toString().toLatin1());
                QCOMPARE(decoded->rules.size(), qsizetype(e[u"parsed"].toArray().size()));
            } else if (key == u"DNS") {
                QCOMPARE(decoded->dns.domain, e[u"parsed"][u"domain"].toString());
                QVERIFY(decoded->dns.servers.isEmpty());
                QCOMPARE(NetworkConfig::encodeDns(decoded->dns).toHex(), e[u"value_hex"].toString().toLatin1());
            } else if (key == u"ssov")
                QCOMPARE(decoded->ssoVersion, asInt);
            else if (key == u"ssoe")
                QCOMPARE(decoded->ssoEnabled, asInt != 0);
            else
                QFAIL(qPrintable(QStringLiteral("unexpected key %1").arg(key)));
        }
        // Re-encoding the decoded values gives ZT's bytes again.
        QCOMPARE(decoded->toBytes()->toHex(), bytes.toHex());
    }
}

void TestNetworkConfig::capturedConfigsRebuiltFromTypedValues()
{
    // Build each captured config as our controller would (fresh COM/COO signed with C's secret) from
    // the values only: the bytes equal what the real 1.14.1 controller sent.
    const Identity c = identityFrom(m_conversation[u"identities"][u"C"][u"secret"]);
    const Identity m = identityFrom(m_conversation[u"identities"][u"M"][u"public"]);
    QVERIFY(c.hasSecret());
    const quint64 nwid = m_conversation[u"network_id"].toString().toULongLong(nullptr, 16);
    for (const QJsonValue &cfg : m_conversation[u"assembled_configs"].toArray()) {
        const QByteArray expected = test::hexValue(cfg[u"dictionary_hex"]);
        const qint64 ts = qint64(cfg[u"entries"][2][u"as_int"].toDouble());
        QVERIFY(ts > 0);
        NetworkConfig n;
        n.networkId = nwid;
        n.timestamp = ts;
        n.credentialTimeMaxDelta = 1800000;
        n.revision = 1;
        n.issuedTo = m.address();
        n.name = QStringLiteral("ztlab-net");
        n.com = CertificateOfMembership::create(nwid, ts, n.credentialTimeMaxDelta, m);
        QVERIFY(n.com->sign(c));
        CertificateOfOwnership coo(nwid, ts, m.address(), 1);
        QVERIFY(coo.addIp(net("10.99.0.137/24")));
        QVERIFY(coo.sign(c));
        n.certificatesOfOwnership = {coo};
        n.routes = {{net("10.99.0.0/24"), InetAddress(), 0, 0}};
        n.staticIps = {net("10.99.0.137/24")};
        n.rules = {Rule::action(RuleType::ActionAccept)};
        QCOMPARE(n.toBytes()->toHex(), expected.toHex());
    }
}

void TestNetworkConfig::credentialsAndSpecialistsRoundTrip()
{
    const QJsonArray ids = test::loadVectorJson(QStringLiteral("identities.json"))[u"identities"].toArray();
    const Identity ctl = identityFrom(ids[0].toObject()[u"secret_string"]);
    const Identity member = identityFrom(ids[1].toObject()[u"public_string"]);
    NetworkConfig n = vectorConfig();
    Capability cap(n.networkId, n.timestamp, 7, {Rule::action(RuleType::ActionAccept)});
    QVERIFY(cap.sign(ctl, member.address()));
    Tag tag(n.networkId, n.timestamp, 100, 5, member.address());
    QVERIFY(tag.sign(ctl));
    n.capabilities = {cap};
    n.tags = {tag};
    n.specialists = {NetworkConfig::specialist(Address(0x1111111111ULL), NetworkConfig::SpecialistActiveBridge)};
    n.remoteTraceTarget = Address(0x2222222222ULL);
    n.remoteTraceLevel = 10;
    n.flags |= NetworkConfig::FlagIpv6NdpEmulation;
    const Dictionary d = n.toDictionary();
    QStringList keys;
    for (const auto &e : d.entries())
        keys.append(QString::fromLatin1(e.key));
    QCOMPARE(keys.join(u' '),
             QStringLiteral("v nwid ts ctmd r id tt tl f ml t n mtu C CAP TAG S RT I R DNS ssov ssoe"));
    QCOMPARE(d.bytes("S").toHex(), QByteArray("0000021111111111"));
    QCOMPARE(d.bytes("tt"), QByteArray("2222222222"));
    const auto back = NetworkConfig::fromBytes(d.toBytes());
    QVERIFY(back.ok());
    QVERIFY(*back == n);
    QVERIFY(back->capabilities[0].verify(ctl));
    QVERIFY(back->tags[0].verify(ctl));
}

void TestNetworkConfig::ssoKeys()
{
    NetworkConfig n = vectorConfig();
    n.ssoEnabled = true;
    n.authenticationUrl = QStringLiteral("https://example.invalid/auth");
    n.authenticationExpiryTime = 1700000060000LL;
    Dictionary d = n.toDictionary();
    QCOMPARE(d.entries().last().key, QByteArray("aexpt"));
    QCOMPARE(d.bytes("ssoe"), QByteArray("1"));
    QCOMPARE(d.string("aurl"), n.authenticationUrl);
    QVERIFY(*NetworkConfig::fromBytes(d.toBytes()) == n);

    n.ssoVersion = 1;
    n.issuerUrl = QStringLiteral("https://issuer.invalid");
    n.ssoClientId = QStringLiteral("client");
    d = n.toDictionary();
    QVERIFY(!d.contains("aurl"));
    QCOMPARE(d.entries().last().key, QByteArray("ssop"));
    QCOMPARE(d.string("ssocid"), QStringLiteral("client"));
}

void TestNetworkConfig::limitsAndTruncation()
{
    NetworkConfig n = vectorConfig();
    n.name = QString(126, u'a') + QStringLiteral("\u00e9\u00e9"); // 130 UTF-8 bytes
    for (int i = 0; i < 200; ++i)
        n.routes.append({InetAddress::fromIPv4(0x0a000000 + (i << 8), 24), InetAddress(), 0, 0});
    n.dns.domain = QString(200, u'd');
    const auto back = NetworkConfig::fromBytes(*n.toBytes());
    QVERIFY(back.ok());
    QCOMPARE(back->name, QString(126, u'a')); // cut before the split character
    QCOMPARE(back->routes.size(), qsizetype(NetworkConfig::MaxRoutes));
    QCOMPARE(back->dns.domain.size(), qsizetype(127));
    QCOMPARE(NetworkConfig::encodeDns(n.dns).size(), qsizetype(128 + 7 + 19 + 1 + 1));
    QCOMPARE(NetworkConfig::encodeDns({}).size(), qsizetype(132));

    NetworkConfig huge = vectorConfig();
    huge.name.clear();
    huge.rules.clear();
    // Oversized input (built through the dictionary directly) is refused.
    Dictionary d = huge.toDictionary();
    d.addBytes("X", QByteArray(Dictionary::NetworkConfigCapacity, 'x'));
    QCOMPARE(NetworkConfig::fromBytes(d.toBytes()).error().code, ErrorCode::TooLarge);
}

void TestNetworkConfig::refusesBadConfigs()
{
    const QByteArray good = test::hexValue(m_netconf[u"dictionary_bytes"]);
    auto dict = Dictionary::parse(good).value();

    Dictionary old = dict;
    old.set("v", "0000000000000005");
    QCOMPARE(NetworkConfig::fromDictionary(old).error().code, ErrorCode::Unsupported);
    Dictionary noId = dict;
    noId.remove("id");
    QVERIFY(!NetworkConfig::fromDictionary(noId).ok());
    Dictionary noNwid = dict;
    noNwid.remove("nwid");
    QVERIFY(!NetworkConfig::fromDictionary(noNwid).ok());

    Dictionary badCom = dict;
    badCom.set("C", dict.bytes("C").chopped(1));
    const auto e1 = NetworkConfig::fromDictionary(badCom);
    QVERIFY(!e1.ok());
    QVERIFY2(e1.error().message.contains(u"'C'"), qPrintable(e1.error().message));
    Dictionary badRoutes = dict;
    badRoutes.set("RT", dict.bytes("RT").chopped(2));
    QVERIFY(NetworkConfig::fromDictionary(badRoutes).error().message.contains(u"'RT'"));
    Dictionary badRules = dict;
    badRules.set("R", QByteArray::fromHex("2005"));
    QVERIFY(NetworkConfig::fromDictionary(badRules).error().message.contains(u"'R'"));
    Dictionary badDns = dict;
    badDns.set("DNS", QByteArray(20, '\0'));
    QVERIFY(NetworkConfig::fromDictionary(badDns).error().message.contains(u"'DNS'"));
    Dictionary badS = dict;
    badS.set("S", QByteArray(7, '\1'));
    QVERIFY(NetworkConfig::fromDictionary(badS).error().message.contains(u"'S'"));

    // Every truncation of a real config either decodes or fails cleanly.
    for (qsizetype n = 0; n < good.size(); n += 7)
        (void)NetworkConfig::fromBytes(good.first(n));
}

void TestNetworkConfig::mutatedInputsNeverCrash()
{
    // Decoders must refuse or accept damaged input without reading out of bounds (run under ASan
    // to catch the silent kind). Every decoded value must also re-encode.
    const QJsonObject cfg = m_conversation[u"assembled_configs"].toArray()[0].toObject();
    const QList<QByteArray> seeds{test::hexValue(m_netconf[u"dictionary_bytes"]),
                                  test::hexValue(cfg[u"dictionary_hex"])};
    std::mt19937 rng(20231123);
    int accepted = 0;
    for (int i = 0; i < 4000; ++i) {
        QByteArray bytes = seeds[i % seeds.size()];
        const int edits = 1 + int(rng() % 4);
        for (int e = 0; e < edits; ++e) {
            const qsizetype at = qsizetype(rng() % quint32(bytes.size()));
            switch (rng() % 4) {
            case 0:
                bytes[at] = char(rng());
                break;
            case 1:
                bytes.truncate(at);
                break;
            case 2:
                bytes.insert(at, char(rng()));
                break;
            default:
                bytes.remove(at, 1 + qsizetype(rng() % 16));
                break;
            }
            if (bytes.isEmpty())
                bytes = "v=7";
        }
        const auto decoded = NetworkConfig::fromBytes(bytes);
        if (decoded.ok()) {
            ++accepted;
            QVERIFY(decoded->toBytes().ok());
        } else {
            QVERIFY(!decoded.error().message.isEmpty());
        }
        // The blob decoders on raw garbage too.
        (void)CertificateOfMembership::fromBytes(bytes);
        (void)CertificateOfOwnership::fromBytes(bytes);
        (void)Capability::fromBytes(bytes);
        (void)Tag::fromBytes(bytes);
        (void)decodeRules(bytes);
        (void)NetworkConfig::decodeRoutes(bytes);
        (void)NetworkConfig::decodeStaticIps(bytes);
        (void)NetworkConfig::decodeDns(bytes);
    }
    QVERIFY(accepted > 100); // single-byte damage in a string value still decodes
}

QTEST_APPLESS_MAIN(TestNetworkConfig)
#include "tst_networkconfig.moc"
