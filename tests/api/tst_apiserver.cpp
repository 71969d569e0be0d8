// SPDX-License-Identifier: GPL-3.0-or-later
// The HTTP API of a real engine over loopback: every endpoint, the token on every path, bad input
// (malformed, wrong types, over the array cap, deeply nested, path traversal), the size and header
// guard, many clients at once while simulated members are served, and one source of truth with
// EngineClient (what the API changes the client hears of, and the other way round).

#include "api/apitestsupport.h"
#include "core/api/apiserver.h"
#include "core/api/guardedtcpserver.h"
#include "core/controller/controllerjson.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>

using namespace tier;
using namespace tier::test;

class TestApiServer : public QObject
{
    Q_OBJECT

private:
    HttpReply get(const QString &path, TokenForm form = TokenForm::Header)
    {
        return http(m_nam, "GET", m_engine.url(path), m_engine.token, {}, form);
    }
    HttpReply post(const QString &path, const QByteArray &body)
    {
        return http(m_nam, "POST", m_engine.url(path), m_engine.token, body);
    }
    HttpReply del(const QString &path) { return http(m_nam, "DELETE", m_engine.url(path), m_engine.token); }

    QString address() const { return m_ids[1].address().toString(); }

    QString createNetwork(const QByteArray &body = QByteArrayLiteral("{}"))
    {
        const HttpReply reply = post(QStringLiteral("/controller/network"), body);
        if (reply.status != 200)
            qWarning() << reply.status << reply.body;
        return reply.object().value(QStringLiteral("nwid")).toString();
    }

    // The network as the API shows it, without the fields that change by themselves.
    QJsonObject stableNetwork(const QString &nwid)
    {
        QJsonObject o = get(QStringLiteral("/controller/network/") + nwid).object();
        o.remove(QStringLiteral("clock"));
        return o;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(crypto::initialize());
        m_ids = loadIdentities(12);
        QCOMPARE(m_ids.size(), 12);
        QVERIFY(m_engine.start(m_ids[0], m_ids[7], m_ids[1]));
        QCOMPARE(m_engine.host, QHostAddress(QHostAddress::LocalHost)); // loopback unless configured
        qInfo() << "API at" << m_engine.endpoint;
        // The engine found its root, so members can reach it.
        QTRY_VERIFY_WITH_TIMEOUT(m_engine.root()->peer(m_ids[1].address()) != nullptr, kApiTimeoutMs);
    }

    void cleanupTestCase() { m_engine.stop(); }

    void tokenFileIsPrivateAndWellFormed()
    {
        const QFileInfo info(QDir(m_engine.dataDir()).filePath(QStringLiteral("authtoken.secret")));
        QCOMPARE(info.permissions() & (QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther |
                                       QFileDevice::WriteOther),
                 QFileDevice::Permissions());
        QCOMPARE(m_engine.token.size(), 24);
        QVERIFY(
            QRegularExpression(QStringLiteral("^[a-z0-9]{24}$")).match(QString::fromLatin1(m_engine.token)).hasMatch());
        QVERIFY(ApiServer::generateToken() != ApiServer::generateToken());
        QVERIFY(ApiServer::tokenMatches("abc", "abc"));
        QVERIFY(!ApiServer::tokenMatches("abc", "abd"));
        QVERIFY(!ApiServer::tokenMatches("abc", "abcd"));
        QVERIFY(!ApiServer::tokenMatches("abc", ""));
        QVERIFY(!ApiServer::tokenMatches("", ""));
    }

    void everyTokenFormIsAccepted_data()
    {
        QTest::addColumn<int>("form");
        QTest::newRow("X-ZT1-Auth") << int(TokenForm::Header);
        QTest::newRow("Authorization: Bearer") << int(TokenForm::Bearer);
        QTest::newRow("?auth=") << int(TokenForm::Query);
    }

    void everyTokenFormIsAccepted()
    {
        QFETCH(int, form);
        const HttpReply reply = get(QStringLiteral("/status"), TokenForm(form));
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.object().value(QStringLiteral("address")).toString(), address());
    }

    void wrongOrMissingTokenIs401EverywhereWithEmptyObject_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("status") << QByteArray("GET") << QStringLiteral("/status") << QByteArray();
        QTest::newRow("controller") << QByteArray("GET") << QStringLiteral("/controller") << QByteArray();
        QTest::newRow("networks") << QByteArray("GET") << QStringLiteral("/controller/network") << QByteArray();
        QTest::newRow("create") << QByteArray("POST") << QStringLiteral("/controller/network")
                                << QByteArray("{\"name\":\"intruder\"}");
        QTest::newRow("unknown path") << QByteArray("GET") << QStringLiteral("/no/such/path") << QByteArray();
        QTest::newRow("bad id") << QByteArray("GET") << QStringLiteral("/controller/network/xyz") << QByteArray();
        QTest::newRow("malformed body") << QByteArray("POST") << QStringLiteral("/controller/network")
                                        << QByteArray("{not json");
        QTest::newRow("metrics") << QByteArray("GET") << QStringLiteral("/metrics") << QByteArray();
        QTest::newRow("peer") << QByteArray("GET") << QStringLiteral("/peer") << QByteArray();
        QTest::newRow("unstable") << QByteArray("GET") << QStringLiteral("/unstable/controller/network")
                                  << QByteArray();
        QTest::newRow("wrong method") << QByteArray("PATCH") << QStringLiteral("/controller") << QByteArray();
    }

    void wrongOrMissingTokenIs401EverywhereWithEmptyObject()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        const int networksBefore = get(QStringLiteral("/controller/network")).array().size();
        const QByteArray wrong = QByteArray(m_engine.token).replace(0, 1, m_engine.token.startsWith('a') ? "b" : "a");
        for (TokenForm form : {TokenForm::Header, TokenForm::Bearer, TokenForm::Query}) {
            const HttpReply reply = http(m_nam, method, m_engine.url(path), wrong, body, form);
            QCOMPARE(reply.status, 401);
            QCOMPARE(reply.body, QByteArray("{}"));
        }
        const HttpReply missing = http(m_nam, method, m_engine.url(path), {}, body, TokenForm::None);
        QCOMPARE(missing.status, 401);
        QCOMPARE(missing.body, QByteArray("{}"));
        // A token that is right but for its length (a prefix) is wrong too.
        const HttpReply prefix = http(m_nam, method, m_engine.url(path), m_engine.token.left(23), body);
        QCOMPARE(prefix.status, 401);
        QCOMPARE(get(QStringLiteral("/controller/network")).array().size(), networksBefore);
    }

    void controllerAndStatus()
    {
        const HttpReply controller = get(QStringLiteral("/controller"));
        QCOMPARE(controller.status, 200);
        QVERIFY(controller.contentType.startsWith("application/json"));
        const QJsonObject c = controller.object();
        QCOMPARE(c.value(QStringLiteral("controller")), QJsonValue(true));
        QCOMPARE(c.value(QStringLiteral("apiVersion")).toInt(), 4);
        QVERIFY(c.value(QStringLiteral("clock")).isDouble());
        QCOMPARE(c.value(QStringLiteral("databaseReady")), QJsonValue(true));

        const QJsonObject s = get(QStringLiteral("/status")).object();
        QCOMPARE(s.value(QStringLiteral("address")).toString(), address());
        QVERIFY(s.value(QStringLiteral("publicIdentity")).toString().startsWith(address() + QStringLiteral(":0:")));
        // Never the secret half.
        QCOMPARE(s.value(QStringLiteral("publicIdentity")).toString(), m_ids[1].toString(false));
        QVERIFY(s.value(QStringLiteral("online")).isBool());
        QTRY_VERIFY_WITH_TIMEOUT(get(QStringLiteral("/status")).object().value(QStringLiteral("online")).toBool(),
                                 kApiTimeoutMs);
        QVERIFY(s.value(QStringLiteral("version")).isString());
        QVERIFY(s.value(QStringLiteral("versionMajor")).isDouble());
        QVERIFY(s.value(QStringLiteral("planetWorldId")).isDouble());
        const QJsonObject settings =
            s.value(QStringLiteral("config")).toObject().value(QStringLiteral("settings")).toObject();
        QCOMPARE(settings.value(QStringLiteral("primaryPort")).toInt(), int(m_engine.client->udpPort()));
        QVERIFY(settings.value(QStringLiteral("listeningOn")).isArray());
        // The TCP port has the UDP port's number when that is free. The UDP port is a random one and tests
        // run in parallel, so another socket may hold that TCP number (an outgoing connection's local port):
        // then, and only then, the API is elsewhere.
        if (m_engine.port != m_engine.client->udpPort()) {
            QTcpServer probe;
            QVERIFY2(!probe.listen(QHostAddress::LocalHost, m_engine.client->udpPort()),
                     "the API is not at the UDP port's number although that TCP port is free");
            qInfo() << "TCP port" << m_engine.client->udpPort() << "was taken; the API is on" << m_engine.port;
        }
    }

    void networkLifecycle()
    {
        const HttpReply list0 = get(QStringLiteral("/controller/network"));
        QCOMPARE(list0.status, 200);
        QVERIFY(list0.isJson());

        const HttpReply created = post(QStringLiteral("/controller/network"), "{\"name\":\"life\"}");
        QCOMPARE(created.status, 200);
        const QJsonObject n = created.object();
        const QString nwid = n.value(QStringLiteral("nwid")).toString();
        QCOMPARE(nwid.size(), 16);
        QVERIFY(nwid.startsWith(address()));
        QCOMPARE(n.value(QStringLiteral("id")).toString(), nwid);
        QCOMPARE(n.value(QStringLiteral("name")).toString(), QStringLiteral("life"));
        QCOMPARE(n.value(QStringLiteral("private")), QJsonValue(true));
        QCOMPARE(n.value(QStringLiteral("mtu")).toInt(), 2800);
        QCOMPARE(n.value(QStringLiteral("revision")).toInt(), 1);

        const QJsonArray list = get(QStringLiteral("/controller/network")).array();
        QVERIFY(list.contains(QJsonValue(nwid)));
        for (qsizetype i = 1; i < list.size(); ++i)
            QVERIFY(list[i - 1].toString() < list[i].toString()); // ascending

        // Partial update: only what is sent changes; string booleans and numbers as the reference takes them.
        const HttpReply updated =
            post(QStringLiteral("/controller/network/") + nwid, "{\"mtu\":\"1400\",\"private\":\"false\"}");
        QCOMPARE(updated.status, 200);
        const QJsonObject u = updated.object();
        QCOMPARE(u.value(QStringLiteral("mtu")).toInt(), 1400);
        QCOMPARE(u.value(QStringLiteral("private")), QJsonValue(false));
        QCOMPARE(u.value(QStringLiteral("name")).toString(), QStringLiteral("life"));
        QCOMPARE(u.value(QStringLiteral("revision")).toInt(), 2);
        // No description, no key (as in the reference); one that is set comes back as sent, in every answer.
        QVERIFY(!u.contains(QStringLiteral("description")));
        const QString description = QStringLiteral("Büro Hamburg\n\tDrucker und NAS");
        const HttpReply described =
            post(QStringLiteral("/controller/network/") + nwid,
                 QJsonDocument(QJsonObject{{QStringLiteral("description"), description}}).toJson());
        QCOMPARE(described.status, 200);
        QCOMPARE(described.object().value(QStringLiteral("description")).toString(), description);
        QCOMPARE(described.object().value(QStringLiteral("name")).toString(), QStringLiteral("life"));
        QCOMPARE(described.object().value(QStringLiteral("revision")).toInt(), 3);
        QCOMPARE(get(QStringLiteral("/controller/network/") + nwid).object().value(QStringLiteral("description")),
                 QJsonValue(description));
        // Upper-case hex in the path names the same network.
        QCOMPARE(get(QStringLiteral("/controller/network/") + nwid.toUpper()).status, 200);

        const HttpReply deleted = del(QStringLiteral("/controller/network/") + nwid);
        QCOMPARE(deleted.status, 200);
        QCOMPARE(deleted.object().value(QStringLiteral("nwid")).toString(), nwid);
        QCOMPARE(get(QStringLiteral("/controller/network/") + nwid).status, 404);
        QCOMPARE(get(QStringLiteral("/controller/network/") + nwid).body, QByteArray("{}"));
        QCOMPARE(del(QStringLiteral("/controller/network/") + nwid).status, 404);
        QCOMPARE(get(QStringLiteral("/controller/network/") + nwid + QStringLiteral("/member")).status, 404);
        QVERIFY(!get(QStringLiteral("/controller/network")).array().contains(QJsonValue(nwid)));
    }

    void rulesSourceIsCompiled()
    {
        const QString nwid = createNetwork();
        const QString path = QStringLiteral("/controller/network/") + nwid;
        const QByteArray source = "drop not ethertype ipv4 and not ethertype arp;\n"
                                  "cap ssh id 1000 accept ipprotocol tcp dport 22; ;\n"
                                  "tag department id 1000 enum 100 sales default sales;\n"
                                  "accept tdiff department 0;\naccept;\n";
        QJsonObject body{{QStringLiteral("rulesSource"), QString::fromUtf8(source)}};
        const HttpReply compiled = post(path, QJsonDocument(body).toJson());
        QCOMPARE(compiled.status, 200);
        const QJsonObject n = compiled.object();
        QCOMPARE(n.value(u"rulesSource").toString(), QString::fromUtf8(source));
        // The compiler's objects: matches with not/or, actions with their type only.
        const QJsonArray rules = n.value(u"rules").toArray();
        QCOMPARE(rules.size(), 6);
        QCOMPARE(rules[0].toObject(), (QJsonObject{{QStringLiteral("type"), QStringLiteral("MATCH_ETHERTYPE")},
                                                   {QStringLiteral("not"), true},
                                                   {QStringLiteral("or"), false},
                                                   {QStringLiteral("etherType"), 2048}}));
        QCOMPARE(rules[2].toObject(), (QJsonObject{{QStringLiteral("type"), QStringLiteral("ACTION_DROP")}}));
        QCOMPARE(rules[5].toObject(), (QJsonObject{{QStringLiteral("type"), QStringLiteral("ACTION_ACCEPT")}}));
        const QJsonArray caps = n.value(u"capabilities").toArray();
        QCOMPARE(caps.size(), 1);
        QCOMPARE(caps[0].toObject().value(u"id").toInt(), 1000);
        QCOMPARE(caps[0].toObject().value(u"rules").toArray().size(), 3);
        QCOMPARE(n.value(u"tags").toArray(),
                 (QJsonArray{QJsonObject{{QStringLiteral("id"), 1000}, {QStringLiteral("default"), 100}}}));
        QCOMPARE(get(path).object().value(u"rules").toArray(), rules);

        // A compile error: 400 with the position, and nothing changes.
        const QJsonObject before = stableNetwork(nwid);
        const HttpReply bad =
            post(path, R"({"rulesSource":"accept ipprotocol tcp;\ndrop\n  vlan x;","name":"changed"})");
        QCOMPARE(bad.status, 400);
        QCOMPARE(bad.object().value(u"error").toString(), QStringLiteral("line 3 column 8: Invalid numeric value."));
        QCOMPARE(stableNetwork(nwid), before);

        // Both given: both stored as sent, the source is not compiled.
        const HttpReply both = post(path, R"({"rulesSource":"this is not compiled","rules":[{"type":"ACTION_DROP"}]})");
        QCOMPARE(both.status, 200);
        QCOMPARE(both.object().value(u"rulesSource").toString(), QStringLiteral("this is not compiled"));
        QCOMPARE(both.object().value(u"rules").toArray(),
                 (QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("ACTION_DROP")}}}));
        QCOMPARE(both.object().value(u"capabilities").toArray().size(), 1); // untouched
    }

    void underscoreAndExplicitIdCreation()
    {
        const HttpReply legacy =
            post(QStringLiteral("/controller/network/") + address() + QStringLiteral("______"), "{\"name\":\"u\"}");
        QCOMPARE(legacy.status, 200);
        const QString nwid = legacy.object().value(QStringLiteral("nwid")).toString();
        QVERIFY(nwid.startsWith(address()));
        QVERIFY(!nwid.endsWith(QStringLiteral("000000")));
        QCOMPARE(legacy.object().value(QStringLiteral("name")).toString(), QStringLiteral("u"));
        // Another controller's address: refused, nothing created.
        const int before = get(QStringLiteral("/controller/network")).array().size();
        const HttpReply foreign = post(QStringLiteral("/controller/network/abcdef0123______"), "{}");
        QCOMPARE(foreign.status, 400);
        QVERIFY(foreign.object().value(QStringLiteral("error")).toString().contains(address()));
        QCOMPARE(get(QStringLiteral("/controller/network/") + address() + QStringLiteral("______")).status, 404);

        // POST to an absent ID of ours creates exactly that network.
        const QString exact = address() + QStringLiteral("00beef");
        const HttpReply made = post(QStringLiteral("/controller/network/") + exact, "{\"name\":\"exact\"}");
        QCOMPARE(made.status, 200);
        QCOMPARE(made.object().value(QStringLiteral("nwid")).toString(), exact);
        const HttpReply other = post(QStringLiteral("/controller/network/abcdef0123000001"), "{}");
        QCOMPARE(other.status, 400);
        const HttpReply zero =
            post(QStringLiteral("/controller/network/") + address() + QStringLiteral("000000"), "{}");
        QCOMPARE(zero.status, 400);
        QCOMPARE(get(QStringLiteral("/controller/network")).array().size(), before + 1);
    }

    void memberLifecycle()
    {
        const QString nwid = createNetwork("{\"name\":\"members\"}");
        QVERIFY(!nwid.isEmpty());
        const QString base = QStringLiteral("/controller/network/") + nwid + QStringLiteral("/member/");
        QCOMPARE(get(base + QStringLiteral("1122334455")).status, 404);
        QCOMPARE(post(QStringLiteral("/controller/network/") + address() + QStringLiteral("123456/member/1122334455"),
                      "{\"authorized\":true}")
                     .status,
                 404);                                                                            // network absent
        QCOMPARE(post(base + QStringLiteral("ff22334455"), "{\"authorized\":true}").status, 400); // reserved

        // Pre-authorization: the record exists before the node ever asks.
        const HttpReply created = post(base + QStringLiteral("1122334455"),
                                       "{\"authorized\":true,\"ipAssignments\":[\"10.9.0.5\"],\"name\":\"pc\"}");
        QCOMPARE(created.status, 200);
        const QJsonObject m = created.object();
        QCOMPARE(m.value(QStringLiteral("id")).toString(), QStringLiteral("1122334455"));
        QCOMPARE(m.value(QStringLiteral("address")).toString(), QStringLiteral("1122334455"));
        QCOMPARE(m.value(QStringLiteral("nwid")).toString(), nwid);
        QCOMPARE(m.value(QStringLiteral("authorized")), QJsonValue(true));
        QCOMPARE(m.value(QStringLiteral("ipAssignments")).toArray(), QJsonArray{QStringLiteral("10.9.0.5")});
        QCOMPARE(m.value(QStringLiteral("name")).toString(), QStringLiteral("pc"));
        QVERIFY(m.value(QStringLiteral("lastAuthorizedTime")).toDouble() > 0);
        QCOMPARE(m.value(QStringLiteral("online")), QJsonValue(false));

        const QJsonObject list =
            get(QStringLiteral("/controller/network/") + nwid + QStringLiteral("/member")).object();
        QCOMPARE(list.keys(), QStringList{QStringLiteral("1122334455")});
        QVERIFY(list.value(QStringLiteral("1122334455")).isDouble());

        const QJsonObject full =
            get(QStringLiteral("/unstable/controller/network/") + nwid + QStringLiteral("/member")).object();
        QCOMPARE(full.value(QStringLiteral("data")).toArray().size(), 1);
        QCOMPARE(full.value(QStringLiteral("meta")).toObject().value(QStringLiteral("totalCount")).toInt(), 1);
        QCOMPARE(full.value(QStringLiteral("meta")).toObject().value(QStringLiteral("authorizedCount")).toInt(), 1);

        // An address taken by another member is refused.
        const HttpReply clash = post(base + QStringLiteral("2233445566"), "{\"ipAssignments\":[\"10.9.0.5\"]}");
        QCOMPARE(clash.status, 409);
        QCOMPARE(get(base + QStringLiteral("2233445566")).status, 404);

        const HttpReply deleted = del(base + QStringLiteral("1122334455"));
        QCOMPARE(deleted.status, 200);
        QCOMPARE(deleted.object().value(QStringLiteral("address")).toString(), QStringLiteral("1122334455"));
        QCOMPARE(get(base + QStringLiteral("1122334455")).status, 404);
        QCOMPARE(del(base + QStringLiteral("1122334455")).status, 404);

        const QJsonObject networks = get(QStringLiteral("/unstable/controller/network")).object();
        QVERIFY(networks.value(QStringLiteral("data")).isArray());
        QCOMPARE(networks.value(QStringLiteral("meta")).toObject().value(QStringLiteral("networkCount")).toInt(),
                 networks.value(QStringLiteral("data")).toArray().size());
    }

    void badNetworkInputIs400AndChangesNothing_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("malformed") << QByteArray("{\"name\":") << QStringLiteral("JSON");
        QTest::newRow("not an object") << QByteArray("[1,2]") << QStringLiteral("object");
        QTest::newRow("name number") << QByteArray("{\"name\":5}") << QStringLiteral("name");
        QTest::newRow("description number") << QByteArray("{\"name\":\"changed\",\"description\":5}")
                                            << QStringLiteral("'description' must be a string");
        QTest::newRow("description array") << QByteArray("{\"description\":[\"a\"]}") << QStringLiteral("description");
        QTest::newRow("description too long")
            << (QByteArray("{\"description\":\"") + QByteArray(1025, 'x') + QByteArray("\"}"))
            << QStringLiteral("at most 1024 characters");
        QTest::newRow("description control")
            << QByteArray("{\"description\":\"bell\\u0007\"}") << QStringLiteral("control characters");
        QTest::newRow("private yes") << QByteArray("{\"private\":\"yes\"}") << QStringLiteral("private");
        QTest::newRow("private null") << QByteArray("{\"private\":null}") << QStringLiteral("private");
        QTest::newRow("mtu text") << QByteArray("{\"mtu\":\"big\"}") << QStringLiteral("mtu");
        QTest::newRow("mtu low") << QByteArray("{\"mtu\":100}") << QStringLiteral("mtu");
        QTest::newRow("mtu fraction") << QByteArray("{\"mtu\":1500.5}") << QStringLiteral("mtu");
        QTest::newRow("route without bits")
            << QByteArray("{\"routes\":[{\"target\":\"10.0.0.1\"}]}") << QStringLiteral("routes[0]");
        QTest::newRow("route via family")
            << QByteArray("{\"routes\":[{\"target\":\"10.0.0.0/24\",\"via\":\"fd00::1\"}]}")
            << QStringLiteral("family");
        QTest::newRow("pool bad ip")
            << QByteArray("{\"ipAssignmentPools\":[{\"ipRangeStart\":\"x\",\"ipRangeEnd\":\"10.0.0.9\"}]}")
            << QStringLiteral("ipRangeStart");
        QTest::newRow("pool reversed")
            << QByteArray("{\"ipAssignmentPools\":[{\"ipRangeStart\":\"10.0.0.9\",\"ipRangeEnd\":\"10.0.0.1\"}]}")
            << QStringLiteral("comes after the end address");
        QTest::newRow("v4 mode") << QByteArray("{\"v4AssignMode\":\"dhcp\"}") << QStringLiteral("v4AssignMode");
        QTest::newRow("v6 mode key") << QByteArray("{\"v6AssignMode\":{\"bogus\":true}}")
                                     << QStringLiteral("v6AssignMode");
        QTest::newRow("rule type") << QByteArray("{\"rules\":[{\"type\":\"ACTION_NOPE\"}]}") << QStringLiteral("rules");
        QTest::newRow("unknown field") << QByteArray("{\"nmae\":\"typo\"}") << QStringLiteral("nmae");
        QTest::newRow("dns servers") << QByteArray("{\"dns\":{\"domain\":\"x\",\"servers\":\"10.0.0.1\"}}")
                                     << QStringLiteral("dns.servers");
        QTest::newRow("tags duplicate") << QByteArray("{\"tags\":[{\"id\":1},{\"id\":1}]}") << QStringLiteral("twice");
        QByteArray deep = QByteArray("{\"rules\":") + QByteArray(200, '[') + QByteArray(200, ']') + '}';
        QTest::newRow("deeply nested") << deep << QStringLiteral("nested");
        QByteArray veryDeep = QByteArray("{\"name\":") + QByteArray(5000, '[') + QByteArray(5000, ']') + '}';
        QTest::newRow("very deeply nested") << veryDeep << QStringLiteral("nested");
        QByteArray many = "{\"routes\":[";
        for (int i = 0; i <= ControllerJson::MaxArrayItems; ++i)
            many += (i ? "," : "") + QByteArray("{\"target\":\"10.0.0.0/24\"}");
        many += "]}";
        QTest::newRow("array over cap") << many << QStringLiteral("16384");
    }

    void badNetworkInputIs400AndChangesNothing()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, mentions);
        if (m_badNetwork.isEmpty())
            m_badNetwork = createNetwork("{\"name\":\"steady\",\"description\":\"steady too\"}");
        QVERIFY(!m_badNetwork.isEmpty());
        const QJsonObject before = stableNetwork(m_badNetwork);
        const HttpReply reply = post(QStringLiteral("/controller/network/") + m_badNetwork, body);
        QCOMPARE(reply.status, 400);
        const QString error = reply.object().value(QStringLiteral("error")).toString();
        QVERIFY2(error.contains(mentions, Qt::CaseInsensitive), qPrintable(error));
        QCOMPARE(stableNetwork(m_badNetwork), before);
        // Creating with the same body creates nothing.
        const int count = get(QStringLiteral("/controller/network")).array().size();
        QCOMPARE(post(QStringLiteral("/controller/network"), body).status, 400);
        QCOMPARE(get(QStringLiteral("/controller/network")).array().size(), count);
    }

    void badMemberInputIs400AndChangesNothing_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("authorized maybe") << QByteArray("{\"authorized\":\"maybe\"}") << QStringLiteral("authorized");
        QTest::newRow("authorized 2") << QByteArray("{\"authorized\":2}") << QStringLiteral("authorized");
        QTest::newRow("ip not ip") << QByteArray("{\"authorized\":true,\"ipAssignments\":[\"not-an-ip\"]}")
                                   << QStringLiteral("ipAssignments[0]");
        QTest::newRow("ip number") << QByteArray("{\"ipAssignments\":[167772161]}") << QStringLiteral("ipAssignments");
        QTest::newRow("tag pair") << QByteArray("{\"tags\":[[1]]}") << QStringLiteral("tags[0]");
        QTest::newRow("capability negative") << QByteArray("{\"capabilities\":[-1]}") << QStringLiteral("capabilities");
        QTest::newRow("unknown") << QByteArray("{\"authorised\":true}") << QStringLiteral("authorised");
        QTest::newRow("trace target") << QByteArray("{\"remoteTraceTarget\":\"1122334455\"}")
                                      << QStringLiteral("remoteTraceTarget");
        QByteArray many = "{\"capabilities\":[";
        for (int i = 0; i <= ControllerJson::MaxArrayItems; ++i)
            many += (i ? "," : "") + QByteArray::number(i);
        many += "]}";
        QTest::newRow("array over cap") << many << QStringLiteral("16384");
    }

    void badMemberInputIs400AndChangesNothing()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, mentions);
        if (m_badNetwork.isEmpty())
            m_badNetwork = createNetwork("{\"name\":\"steady\"}");
        const QString path =
            QStringLiteral("/controller/network/") + m_badNetwork + QStringLiteral("/member/3344556677");
        QCOMPARE(post(path, "{\"name\":\"kept\"}").status, 200);
        QJsonObject before = get(path).object();
        before.remove(QStringLiteral("clock"));
        const HttpReply reply = post(path, body);
        QCOMPARE(reply.status, 400);
        const QString error = reply.object().value(QStringLiteral("error")).toString();
        QVERIFY2(error.contains(mentions, Qt::CaseInsensitive), qPrintable(error));
        QJsonObject after = get(path).object();
        after.remove(QStringLiteral("clock"));
        QCOMPARE(after, before);
    }

    void routeWithHostBitsIsStoredAsGiven()
    {
        // The real 1.14.1 controller stores such a route as given; so does Tiermaster (the window warns).
        const QString nwid = createNetwork();
        const HttpReply reply = post(QStringLiteral("/controller/network/") + nwid,
                                     "{\"routes\":[{\"target\":\"10.78.0.1/24\",\"via\":null}]}");
        QCOMPARE(reply.status, 200);
        const QJsonArray routes = reply.object().value(QStringLiteral("routes")).toArray();
        QCOMPARE(routes.size(), 1);
        QCOMPARE(routes.first().toObject().value(QStringLiteral("target")).toString(), QStringLiteral("10.78.0.1/24"));
        const QJsonObject read = get(QStringLiteral("/controller/network/") + nwid).object();
        QCOMPARE(read.value(QStringLiteral("routes")).toArray(), routes);
        // The engine warns (what the window shows in the network's header).
        QSignalSpy details(m_engine.client.get(), &EngineClient::networkDetails);
        m_engine.client->requestNetworkDetails(networkIdFromString(nwid).value_or(0));
        QTRY_VERIFY_WITH_TIMEOUT(!details.isEmpty(), kApiTimeoutMs);
        const NetworkDetails d = details.first().first().value<NetworkDetails>();
        QCOMPARE(d.warnings.size(), 1);
        QCOMPARE(d.warnings.first().kind, NetworkFinding::Kind::RouteHostBits);
    }

    void arraysUpToTheCapAreAccepted()
    {
        const QString nwid = createNetwork();
        QByteArray body = "{\"capabilities\":[";
        for (int i = 0; i < ControllerJson::MaxArrayItems; ++i)
            body += (i ? "," : "") + QByteArray::number(i);
        body += "]}";
        const HttpReply reply =
            post(QStringLiteral("/controller/network/") + nwid + QStringLiteral("/member/4455667788"), body);
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.object().value(QStringLiteral("capabilities")).toArray().size(), ControllerJson::MaxArrayItems);
    }

    void badPathsAre400Or404()
    {
        const QString nwid = createNetwork();
        QCOMPARE(get(QStringLiteral("/controller/network/xyz")).status, 404);
        QCOMPARE(get(QStringLiteral("/controller/network/") + nwid + QStringLiteral("/member/xyz")).status, 404);
        QCOMPARE(get(QStringLiteral("/controller/network/") + nwid + QStringLiteral("0")).status, 404);
        QCOMPARE(get(QStringLiteral("/nothing")).status, 404);
        QCOMPARE(http(m_nam, "PATCH", m_engine.url(QStringLiteral("/controller")), m_engine.token).status, 404);
        // Traversal and encoded separators, sent raw (a client library would normalise them away).
        for (const QByteArray &target :
             {QByteArray("/controller/network/../../status"), QByteArray("/controller/network/%2e%2e/status"),
              QByteArray(QByteArray("/controller/network/") + nwid.toLatin1() + "%2Fmember")}) {
            const QByteArray answer =
                rawHttp(m_engine.host, m_engine.port,
                        "GET " + target + " HTTP/1.1\r\nHost: x\r\nX-ZT1-Auth: " + m_engine.token + "\r\n\r\n");
            QVERIFY2(rawStatus(answer) == 400 || rawStatus(answer) == 404, answer.constData());
        }
        QCOMPARE(get(QStringLiteral("/peer/zz")).status, 404);
        QCOMPARE(get(QStringLiteral("/peer/1234567890")).status, 404);
    }

    void guardRefusesOversizeAndHeaderFloods()
    {
        const QByteArray auth = "X-ZT1-Auth: " + m_engine.token + "\r\n";
        const int networks = get(QStringLiteral("/controller/network")).array().size();

        // A declared body over the limit is refused before it is sent.
        QByteArray answer = rawHttp(m_engine.host, m_engine.port,
                                    "POST /controller/network HTTP/1.1\r\nHost: x\r\n" + auth +
                                        "Content-Type: application/json\r\nContent-Length: 2000000\r\n\r\n");
        QCOMPARE(rawStatus(answer), 413);
        QVERIFY(answer.contains("\"error\""));

        // Too many header lines.
        QByteArray headers;
        for (int i = 0; i < 200; ++i)
            headers += "X-Filler-" + QByteArray::number(i) + ": x\r\n";
        answer = rawHttp(m_engine.host, m_engine.port, "GET /status HTTP/1.1\r\nHost: x\r\n" + auth + headers + "\r\n");
        QCOMPARE(rawStatus(answer), 431);

        // One huge header (never terminated): refused once it passes the limit.
        answer = rawHttp(m_engine.host, m_engine.port,
                         "GET /status HTTP/1.1\r\nHost: x\r\nX-Big: " + QByteArray(40000, 'a'));
        QCOMPARE(rawStatus(answer), 431);

        // Chunked bodies have no length to check up front.
        answer = rawHttp(m_engine.host, m_engine.port,
                         "POST /controller/network HTTP/1.1\r\nHost: x\r\n" + auth +
                             "Transfer-Encoding: chunked\r\n\r\n5\r\n{}   \r\n0\r\n\r\n");
        QCOMPARE(rawStatus(answer), 501);

        // A real oversize upload through an ordinary client: not accepted, nothing created.
        QByteArray big = "{\"name\":\"" + QByteArray(1100000, 'x') + "\"}";
        const HttpReply upload = post(QStringLiteral("/controller/network"), big);
        QVERIFY2(upload.status == 413 || upload.status == 0, qPrintable(QString::number(upload.status)));
        QCOMPARE(get(QStringLiteral("/controller/network")).array().size(), networks);

        // Two requests on one kept-alive connection, the second after a body: both answered.
        answer = rawHttp(m_engine.host, m_engine.port,
                         "POST /controller/network/" + address().toLatin1() + "______ HTTP/1.1\r\nHost: x\r\n" + auth +
                             "Content-Length: 14\r\n\r\n{\"name\":\"two\"}" +
                             "GET /controller HTTP/1.1\r\nHost: x\r\n" + auth + "Connection: close\r\n\r\n",
                         5000);
        QCOMPARE(rawStatus(answer), 200);
        QVERIFY2(answer.count("HTTP/1.1 200") == 2, answer.constData());
        QCOMPARE(get(QStringLiteral("/status")).status, 200); // still serving
    }

    // Connections beyond the limit are answered 503 and closed; the API keeps serving the others.
    void connectionFloodIsBounded()
    {
        const int limit = GuardedTcpServer::Limits().maxConnections;
        std::vector<std::unique_ptr<QTcpSocket>> sockets;
        // One after the other, as separate clients would arrive (a burst of SYNs would only test the
        // kernel's listen backlog).
        for (int i = 0; i < limit + 20; ++i) {
            auto socket = std::make_unique<QTcpSocket>();
            socket->connectToHost(m_engine.host, m_engine.port);
            QVERIFY(socket->waitForConnected(kApiTimeoutMs));
            sockets.push_back(std::move(socket));
        }
        int refused = 0;
        QElapsedTimer timer;
        timer.start();
        while (refused < 20 && timer.elapsed() < kApiTimeoutMs) {
            QTest::qWait(50);
            refused = 0;
            for (auto &socket : sockets)
                refused += socket->peek(12).startsWith("HTTP/1.1 503") ? 1 : 0;
        }
        QVERIFY2(refused >= 20, qPrintable(QString::number(refused)));
        sockets.clear();
        QTRY_COMPARE_WITH_TIMEOUT(get(QStringLiteral("/controller")).status, 200, kApiTimeoutMs);
    }

    // One source of truth: the API's changes reach EngineClient's signals, EngineClient's changes
    // are what the API reads next.
    void apiAndClientSeeEachOthersChanges()
    {
        EngineClient &client = *m_engine.client;
        QSignalSpy networkChanged(&client, &EngineClient::networkChanged);
        QSignalSpy memberChanged(&client, &EngineClient::memberChanged);
        const QString nwid = createNetwork("{\"name\":\"shared\"}");
        const quint64 id = networkIdFromString(nwid).value();
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(networkChanged.cbegin(), networkChanged.cend(),
                                             [&](const QList<QVariant> &args) {
                                                 const auto info = args.at(0).value<NetworkInfo>();
                                                 return info.id == id && info.name == QLatin1String("shared");
                                             }),
                                 kApiTimeoutMs);
        QCOMPARE(post(QStringLiteral("/controller/network/") + nwid + QStringLiteral("/member/5566778899"),
                      "{\"authorized\":\"true\"}")
                     .status,
                 200);
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(memberChanged.cbegin(), memberChanged.cend(),
                                             [&](const QList<QVariant> &args) {
                                                 const auto m = args.at(0).value<MemberInfo>();
                                                 return m.networkId == id && m.authorized &&
                                                        m.address.toString() == QLatin1String("5566778899");
                                             }),
                                 kApiTimeoutMs);

        // And back: the client deauthorizes and renames; the API's next read says so.
        client.setMemberAuthorized(id, Address::fromString(u"5566778899").value(), false);
        client.renameNetwork(id, QStringLiteral("renamed in the GUI"));
        QTRY_COMPARE_WITH_TIMEOUT(
            get(QStringLiteral("/controller/network/") + nwid + QStringLiteral("/member/5566778899"))
                .object()
                .value(QStringLiteral("authorized")),
            QJsonValue(false), kApiTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(
            get(QStringLiteral("/controller/network/") + nwid).object().value(QStringLiteral("name")).toString(),
            QStringLiteral("renamed in the GUI"), kApiTimeoutMs);
    }

    // Twenty requests in flight at once while simulated members join and are served; live status
    // and /peer describe them afterwards.
    void manyClientsWhileMembersAreServed()
    {
        const QString nwid = createNetwork(
            "{\"name\":\"busy\",\"v4AssignMode\":{\"zt\":true},\"routes\":[{\"target\":\"10.77.0.0/16\"}],"
            "\"ipAssignmentPools\":[{\"ipRangeStart\":\"10.77.0.10\",\"ipRangeEnd\":\"10.77.0.250\"}]}");
        QVERIFY(!nwid.isEmpty());
        const quint64 id = networkIdFromString(nwid).value();
        std::vector<std::pair<std::unique_ptr<Node>, std::unique_ptr<SimulatedMember>>> members;
        for (int i = 2; i <= 5; ++i) {
            const QString path = QStringLiteral("/controller/network/") + nwid + QStringLiteral("/member/") +
                                 m_ids[i].address().toString();
            QCOMPARE(post(path, "{\"authorized\":true}").status, 200);
            members.push_back(m_engine.member(m_ids[i], id));
            QVERIFY(members.back().first);
        }
        for (auto &m : members)
            m.second->join();

        QElapsedTimer timer;
        timer.start();
        QList<QNetworkReply *> replies;
        // One client opens at most 6 connections to a host; four clients put 20 requests on the wire at once.
        QNetworkAccessManager clients[4];
        for (int i = 0; i < 20; ++i) {
            QUrl url;
            QByteArray method = "GET";
            QByteArray body;
            switch (i % 4) {
            case 0:
                url = m_engine.url(QStringLiteral("/controller/network/") + nwid);
                break;
            case 1:
                url = m_engine.url(QStringLiteral("/unstable/controller/network/") + nwid + QStringLiteral("/member"));
                break;
            case 2:
                url = m_engine.url(QStringLiteral("/controller/network/") + nwid + QStringLiteral("/member/") +
                                   QStringLiteral("99000000%1").arg(i, 2, 10, QLatin1Char('0')));
                method = "POST";
                body = "{\"name\":\"batch\"}";
                break;
            default:
                url = m_engine.url(QStringLiteral("/metrics"));
                break;
            }
            QNetworkRequest request(url);
            request.setRawHeader("X-ZT1-Auth", m_engine.token);
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
            replies.append(clients[i % 4].sendCustomRequest(request, method, body));
        }
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(replies.cbegin(), replies.cend(), [](QNetworkReply *r) { return r->isFinished(); }),
            kApiTimeoutMs);
        qInfo() << "20 concurrent API requests answered in" << timer.elapsed() << "ms";
        for (QNetworkReply *r : std::as_const(replies))
            QCOMPARE(r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        qDeleteAll(replies);
        for (auto &m : members)
            QTRY_VERIFY_WITH_TIMEOUT(m.second->config().has_value(), kApiTimeoutMs);
        qInfo() << "4 members configured" << timer.elapsed() << "ms after joining";
        QCOMPARE(get(QStringLiteral("/controller/network/") + nwid + QStringLiteral("/member")).object().size(), 4 + 5);

        // Live status in the member objects, and the members as peers.
        const QString first = m_ids[2].address().toString();
        QTRY_VERIFY_WITH_TIMEOUT(get(QStringLiteral("/controller/network/") + nwid + QStringLiteral("/member/") + first)
                                     .object()
                                     .value(QStringLiteral("online"))
                                     .toBool(),
                                 kApiTimeoutMs);
        const QJsonObject m =
            get(QStringLiteral("/controller/network/") + nwid + QStringLiteral("/member/") + first).object();
        QVERIFY(m.value(QStringLiteral("lastSeen")).toDouble() > 0);
        QCOMPARE(m.value(QStringLiteral("clientVersion")).toString(), QStringLiteral("1.14.1"));
        QVERIFY(m.value(QStringLiteral("latency")).isDouble());
        QCOMPARE(m.value(QStringLiteral("ipAssignments")).toArray().size(), 1);
        QVERIFY(
            m.value(QStringLiteral("ipAssignments")).toArray().at(0).toString().startsWith(QStringLiteral("10.77.0.")));
        // Null while the member's requests come relayed through the root, "ip/port" once direct.
        const QJsonValue physical = m.value(QStringLiteral("physicalAddress"));
        QVERIFY2(physical.isNull() || physical.toString().startsWith(QStringLiteral("127.0.0.1/")),
                 qPrintable(physical.toString()));

        const HttpReply peers = get(QStringLiteral("/peer"));
        QCOMPARE(peers.status, 200);
        bool sawMember = false;
        bool sawRoot = false;
        for (const QJsonValue &v : peers.array()) {
            const QJsonObject p = v.toObject();
            if (p.value(QStringLiteral("address")).toString() == first) {
                sawMember = true;
                QCOMPARE(p.value(QStringLiteral("role")).toString(), QStringLiteral("LEAF"));
                QCOMPARE(p.value(QStringLiteral("version")).toString(), QStringLiteral("1.14.1"));
                QCOMPARE(p.value(QStringLiteral("versionMinor")).toInt(), 14);
                QVERIFY(p.value(QStringLiteral("paths")).isArray());
            }
            if (p.value(QStringLiteral("address")).toString() == m_ids[0].address().toString()) {
                sawRoot = true;
                QCOMPARE(p.value(QStringLiteral("role")).toString(), QStringLiteral("PLANET"));
            }
        }
        QVERIFY(sawMember);
        QVERIFY(sawRoot);
        const HttpReply one = get(QStringLiteral("/peer/") + first);
        QCOMPARE(one.status, 200);
        QCOMPARE(one.object().value(QStringLiteral("address")).toString(), first);
    }

    void metricsUseTheReferenceNames()
    {
        const HttpReply reply = get(QStringLiteral("/metrics"));
        QCOMPARE(reply.status, 200);
        QVERIFY(reply.contentType.startsWith("text/plain"));
        const QString text = QString::fromUtf8(reply.body);
        const int networks = get(QStringLiteral("/controller/network")).array().size();
        QVERIFY2(text.contains(QStringLiteral("\ncontroller_network_count %1\n").arg(networks)), qPrintable(text));
        for (const char *name :
             {"controller_member_count ", "controller_network_change_count ", "controller_member_change_count ",
              "controller_member_auth_count ", "controller_member_deauth_count ", "tiermaster_requests_served_total ",
              "tiermaster_requests_dropped_total{reason=\"malformed\"} ", "tiermaster_api_requests_served_total ",
              "tiermaster_api_requests_rejected_total ", "tiermaster_configs_served_total ",
              "tiermaster_config_requests_denied_total "})
            QVERIFY2(text.contains(QLatin1String(name)), name);
        QVERIFY(!text.contains(QStringLiteral("controller_member_auth_count 0\n")));    // authorizations happened
        QVERIFY(!text.contains(QStringLiteral("tiermaster_configs_served_total 0\n"))); // members were served
    }

    void jsonpWrapsTheAnswer()
    {
        QUrl url = m_engine.url(QStringLiteral("/controller"));
        url.setQuery(QStringLiteral("jsonp=cb"));
        const HttpReply reply = http(m_nam, "GET", url, m_engine.token);
        QCOMPARE(reply.status, 200);
        QVERIFY(reply.body.startsWith("cb({") && reply.body.endsWith(");"));
        QVERIFY(reply.contentType.startsWith("application/javascript"));
    }

private:
    ApiEngine m_engine;
    QNetworkAccessManager m_nam;
    QList<Identity> m_ids;
    QString m_badNetwork;
};

QTEST_GUILESS_MAIN(TestApiServer)
#include "tst_apiserver.moc"
