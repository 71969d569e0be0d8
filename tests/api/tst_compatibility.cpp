// SPDX-License-Identifier: GPL-3.0-or-later
// Replays the request sequences existing ZeroTier controller front-ends send (ztncui's "easy setup",
// zero-ui's string-typed booleans and numbers, the 1.x `______` creation) against a real engine,
// with a simulated 1.14 member joining in between, and checks every answer field by field —
// names and JSON types — against docs/protocol/controller-logic.md §8–9.

#include "api/apitestsupport.h"

using namespace tier;
using namespace tier::test;

namespace {

enum class Type { String, Bool, Number, Array, Object, StringOrNull, ArrayOrObject };

struct Field
{
    const char *name;
    Type type;
};

bool hasType(const QJsonValue &v, Type t)
{
    switch (t) {
    case Type::String:
        return v.isString();
    case Type::Bool:
        return v.isBool();
    case Type::Number:
        return v.isDouble();
    case Type::Array:
        return v.isArray();
    case Type::Object:
        return v.isObject();
    case Type::StringOrNull:
        return v.isString() || v.isNull();
    case Type::ArrayOrObject:
        return v.isArray() || v.isObject();
    }
    return false;
}

// §8.1 plus the API's computed fields.
const Field kNetworkFields[] = {
    {"id", Type::String},
    {"nwid", Type::String},
    {"objtype", Type::String},
    {"name", Type::String},
    {"private", Type::Bool},
    {"creationTime", Type::Number},
    {"revision", Type::Number},
    {"enableBroadcast", Type::Bool},
    {"multicastLimit", Type::Number},
    {"mtu", Type::Number},
    {"v4AssignMode", Type::Object},
    {"v6AssignMode", Type::Object},
    {"routes", Type::Array},
    {"ipAssignmentPools", Type::Array},
    {"rules", Type::Array},
    {"rulesSource", Type::String},
    {"capabilities", Type::Array},
    {"tags", Type::Array},
    {"authTokens", Type::ArrayOrObject},
    {"remoteTraceTarget", Type::StringOrNull},
    {"remoteTraceLevel", Type::Number},
    {"dns", Type::ArrayOrObject},
    {"ssoEnabled", Type::Bool},
    {"clientId", Type::String},
    {"authorizationEndpoint", Type::String},
    {"clock", Type::Number},
    {"authorizedMemberCount", Type::Number},
    {"activeMemberCount", Type::Number},
    {"totalMemberCount", Type::Number},
};

// §8.2 (identity once the member has asked) plus Tiermaster's live status.
const Field kMemberFields[] = {
    {"id", Type::String},
    {"address", Type::String},
    {"nwid", Type::String},
    {"objtype", Type::String},
    {"identity", Type::String},
    {"authorized", Type::Bool},
    {"activeBridge", Type::Bool},
    {"noAutoAssignIps", Type::Bool},
    {"ipAssignments", Type::Array},
    {"tags", Type::Array},
    {"capabilities", Type::Array},
    {"name", Type::String},
    {"creationTime", Type::Number},
    {"revision", Type::Number},
    {"lastAuthorizedTime", Type::Number},
    {"lastDeauthorizedTime", Type::Number},
    {"lastAuthorizedCredentialType", Type::StringOrNull},
    {"lastAuthorizedCredential", Type::StringOrNull},
    {"authenticationExpiryTime", Type::Number},
    {"ssoExempt", Type::Bool},
    {"vMajor", Type::Number},
    {"vMinor", Type::Number},
    {"vRev", Type::Number},
    {"vProto", Type::Number},
    {"remoteTraceTarget", Type::StringOrNull},
    {"remoteTraceLevel", Type::Number},
    {"clock", Type::Number},
    {"online", Type::Bool},
    {"lastSeen", Type::Number},
    {"physicalAddress", Type::StringOrNull},
    {"clientVersion", Type::StringOrNull},
    {"latency", Type::Number},
};

const Field kPeerFields[] = {
    {"address", Type::String},      {"isBonded", Type::Bool},       {"latency", Type::Number},
    {"role", Type::String},         {"tunneled", Type::Bool},       {"version", Type::String},
    {"versionMajor", Type::Number}, {"versionMinor", Type::Number}, {"versionRev", Type::Number},
    {"paths", Type::Array},
};

template<size_t N>
QString missingOrMistyped(const QJsonObject &o, const Field (&fields)[N])
{
    QStringList problems;
    for (const Field &f : fields) {
        const QString key = QLatin1String(f.name);
        if (!o.contains(key))
            problems << key + QStringLiteral(" missing");
        else if (!hasType(o.value(key), f.type))
            problems << key + QStringLiteral(" has the wrong type");
    }
    return problems.join(QStringLiteral(", "));
}

} // namespace

class TestCompatibility : public QObject
{
    Q_OBJECT

private:
    HttpReply get(const QString &path) { return http(m_nam, "GET", m_engine.url(path), m_engine.token); }
    HttpReply post(const QString &path, const QByteArray &body)
    {
        return http(m_nam, "POST", m_engine.url(path), m_engine.token, body);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(crypto::initialize());
        m_ids = loadIdentities(9);
        QCOMPARE(m_ids.size(), 9);
        QVERIFY(m_engine.start(m_ids[0], m_ids[7], m_ids[1]));
        QTRY_VERIFY_WITH_TIMEOUT(m_engine.root()->peer(m_ids[1].address()) != nullptr, kApiTimeoutMs);
    }

    void cleanupTestCase() { m_engine.stop(); }

    void ztncuiStyleSession()
    {
        // 1. The front-end learns the controller's address and that it is a controller.
        const HttpReply status = get(QStringLiteral("/status"));
        QCOMPARE(status.status, 200);
        const QString address = status.object().value(QStringLiteral("address")).toString();
        QCOMPARE(address, m_ids[1].address().toString());
        const QJsonObject controller = get(QStringLiteral("/controller")).object();
        QCOMPARE(controller.value(QStringLiteral("controller")), QJsonValue(true));
        QCOMPARE(controller.value(QStringLiteral("apiVersion")), QJsonValue(4));

        // 2. Create with the six underscores, reading `nwid` from the answer.
        const HttpReply created =
            post(QStringLiteral("/controller/network/") + address + QStringLiteral("______"), "{\"name\":\"compat\"}");
        QCOMPARE(created.status, 200);
        const QJsonObject fresh = created.object();
        QVERIFY2(missingOrMistyped(fresh, kNetworkFields).isEmpty(),
                 qPrintable(missingOrMistyped(fresh, kNetworkFields)));
        const QString nwid = fresh.value(QStringLiteral("nwid")).toString();
        QVERIFY(QRegularExpression(QStringLiteral("^[0-9a-f]{16}$")).match(nwid).hasMatch());
        // §8.1 defaults.
        QCOMPARE(fresh.value(QStringLiteral("objtype")).toString(), QStringLiteral("network"));
        QCOMPARE(fresh.value(QStringLiteral("private")), QJsonValue(true));
        QCOMPARE(fresh.value(QStringLiteral("enableBroadcast")), QJsonValue(true));
        QCOMPARE(fresh.value(QStringLiteral("multicastLimit")).toInt(), 32);
        QCOMPARE(fresh.value(QStringLiteral("mtu")).toInt(), 2800);
        QCOMPARE(fresh.value(QStringLiteral("v4AssignMode")).toObject(), (QJsonObject{{QStringLiteral("zt"), false}}));
        QCOMPARE(fresh.value(QStringLiteral("v6AssignMode")).toObject(),
                 (QJsonObject{{QStringLiteral("6plane"), false},
                              {QStringLiteral("rfc4193"), false},
                              {QStringLiteral("zt"), false}}));
        QCOMPARE(fresh.value(QStringLiteral("routes")).toArray(), QJsonArray());
        QCOMPARE(fresh.value(QStringLiteral("ipAssignmentPools")).toArray(), QJsonArray());
        QCOMPARE(fresh.value(QStringLiteral("rules")).toArray(),
                 (QJsonArray{QJsonObject{{QStringLiteral("not"), false},
                                         {QStringLiteral("or"), false},
                                         {QStringLiteral("type"), QStringLiteral("ACTION_ACCEPT")}}}));
        QCOMPARE(fresh.value(QStringLiteral("remoteTraceTarget")), QJsonValue(QJsonValue::Null));
        QCOMPARE(fresh.value(QStringLiteral("totalMemberCount")).toInt(), 0);

        // 3. "Easy setup": pool, route and v4 mode as ztncui posts them.
        const HttpReply easy = post(QStringLiteral("/controller/network/") + nwid,
                                    "{\"ipAssignmentPools\":[{\"ipRangeStart\":\"10.147.20.1\",\"ipRangeEnd\":"
                                    "\"10.147.20.254\"}],\"routes\":[{\"target\":\"10.147.20.0/24\",\"via\":null}],"
                                    "\"v4AssignMode\":{\"zt\":true}}");
        QCOMPARE(easy.status, 200);
        const QJsonObject configured = easy.object();
        QCOMPARE(configured.value(QStringLiteral("v4AssignMode")).toObject().value(QStringLiteral("zt")),
                 QJsonValue(true));
        QCOMPARE(configured.value(QStringLiteral("routes")).toArray(),
                 (QJsonArray{QJsonObject{{QStringLiteral("target"), QStringLiteral("10.147.20.0/24")},
                                         {QStringLiteral("via"), QJsonValue::Null}}}));
        QCOMPARE(configured.value(QStringLiteral("ipAssignmentPools")).toArray(),
                 (QJsonArray{QJsonObject{{QStringLiteral("ipRangeStart"), QStringLiteral("10.147.20.1")},
                                         {QStringLiteral("ipRangeEnd"), QStringLiteral("10.147.20.254")}}}));
        QCOMPARE(configured.value(QStringLiteral("name")).toString(), QStringLiteral("compat")); // kept
        QCOMPARE(configured.value(QStringLiteral("revision")).toInt(),
                 fresh.value(QStringLiteral("revision")).toInt() + 1);

        // 4. zero-ui style: everything as strings, legacy v4 mode string, DNS.
        const HttpReply strings = post(QStringLiteral("/controller/network/") + nwid,
                                       "{\"private\":\"true\",\"enableBroadcast\":\"false\",\"multicastLimit\":\"64\","
                                       "\"mtu\":\"2800\",\"v4AssignMode\":\"zt\",\"dns\":{\"domain\":\"compat.lan\","
                                       "\"servers\":[\"10.147.20.1\"]}}");
        QCOMPARE(strings.status, 200);
        const QJsonObject s = strings.object();
        QCOMPARE(s.value(QStringLiteral("enableBroadcast")), QJsonValue(false));
        QCOMPARE(s.value(QStringLiteral("multicastLimit")), QJsonValue(64));
        QCOMPARE(s.value(QStringLiteral("v4AssignMode")).toObject().value(QStringLiteral("zt")), QJsonValue(true));
        QCOMPARE(s.value(QStringLiteral("dns")).toObject().value(QStringLiteral("domain")).toString(),
                 QStringLiteral("compat.lan"));
        QVERIFY2(missingOrMistyped(s, kNetworkFields).isEmpty(), qPrintable(missingOrMistyped(s, kNetworkFields)));

        // 5. A member asks and is denied; the list shows it with its revision.
        auto [node, member] = m_engine.member(m_ids[2], networkIdFromString(nwid).value());
        QVERIFY(node && member);
        const QString memberAddress = m_ids[2].address().toString();
        member->join();
        QTRY_VERIFY_WITH_TIMEOUT(member->state() == MemberEvent::Kind::Denied, kApiTimeoutMs);
        const HttpReply list = get(QStringLiteral("/controller/network/") + nwid + QStringLiteral("/member"));
        QCOMPARE(list.status, 200);
        QVERIFY(list.object().value(memberAddress).isDouble());

        const QString memberPath =
            QStringLiteral("/controller/network/") + nwid + QStringLiteral("/member/") + memberAddress;
        const QJsonObject pending = get(memberPath).object();
        QVERIFY2(missingOrMistyped(pending, kMemberFields).isEmpty(),
                 qPrintable(missingOrMistyped(pending, kMemberFields)));
        QCOMPARE(pending.value(QStringLiteral("objtype")).toString(), QStringLiteral("member"));
        QCOMPARE(pending.value(QStringLiteral("authorized")), QJsonValue(false));
        QCOMPARE(pending.value(QStringLiteral("identity")).toString(), m_ids[2].toString(false));
        QCOMPARE(pending.value(QStringLiteral("ipAssignments")).toArray(), QJsonArray());
        QCOMPARE(pending.value(QStringLiteral("lastAuthorizedCredentialType")), QJsonValue(QJsonValue::Null));

        // 6. Authorize as ztncui does; the member gets a config with an address from the pool.
        const HttpReply authorized = post(memberPath, "{\"authorized\":true}");
        QCOMPARE(authorized.status, 200);
        QCOMPARE(authorized.object().value(QStringLiteral("authorized")), QJsonValue(true));
        QCOMPARE(authorized.object().value(QStringLiteral("lastAuthorizedCredentialType")).toString(),
                 QStringLiteral("api"));
        QTRY_VERIFY_WITH_TIMEOUT(member->config().has_value(), kApiTimeoutMs);
        QCOMPARE(member->config()->staticIps.size(), 1);
        const QString ip = member->config()->staticIps.constFirst().toIpString();
        QVERIFY2(ip.startsWith(QStringLiteral("10.147.20.")), qPrintable(ip));
        QCOMPARE(member->config()->name, QStringLiteral("compat"));
        QTRY_COMPARE_WITH_TIMEOUT(get(memberPath).object().value(QStringLiteral("ipAssignments")).toArray(),
                                  QJsonArray{ip}, kApiTimeoutMs);

        // 7. String booleans as some UIs send them: off, then on again; the address stays.
        const HttpReply off = post(memberPath, "{\"authorized\":\"false\"}");
        QCOMPARE(off.status, 200);
        QCOMPARE(off.object().value(QStringLiteral("authorized")), QJsonValue(false));
        QVERIFY(off.object().value(QStringLiteral("lastDeauthorizedTime")).toDouble() > 0);
        const HttpReply on = post(memberPath, "{\"authorized\":\"true\"}");
        QCOMPARE(on.status, 200);
        QCOMPARE(on.object().value(QStringLiteral("authorized")), QJsonValue(true));
        QCOMPARE(on.object().value(QStringLiteral("ipAssignments")).toArray(), QJsonArray{ip});

        // 8. Name and flags, posted back together with read-only fields (as a UI that edits the object it read).
        QJsonObject edited = on.object();
        edited.insert(QStringLiteral("name"), QStringLiteral("laptop"));
        edited.insert(QStringLiteral("activeBridge"), QStringLiteral("false"));
        edited.insert(QStringLiteral("noAutoAssignIps"), 0);
        const HttpReply named = post(memberPath, QJsonDocument(edited).toJson(QJsonDocument::Compact));
        QCOMPARE(named.status, 200);
        QCOMPARE(named.object().value(QStringLiteral("name")).toString(), QStringLiteral("laptop"));
        QVERIFY2(missingOrMistyped(named.object(), kMemberFields).isEmpty(),
                 qPrintable(missingOrMistyped(named.object(), kMemberFields)));

        // 9. The full lists (zero-ui reads these) and the peers (web UIs' online state).
        const QJsonObject networks = get(QStringLiteral("/unstable/controller/network")).object();
        QCOMPARE(networks.value(QStringLiteral("meta")).toObject().value(QStringLiteral("networkCount")).toInt(), 1);
        const QJsonObject listed = networks.value(QStringLiteral("data")).toArray().at(0).toObject();
        QVERIFY2(missingOrMistyped(listed, kNetworkFields).isEmpty(),
                 qPrintable(missingOrMistyped(listed, kNetworkFields)));
        QCOMPARE(listed.value(QStringLiteral("meta")).toObject().value(QStringLiteral("totalMemberCount")).toInt(), 1);
        QCOMPARE(listed.value(QStringLiteral("meta")).toObject().value(QStringLiteral("authorizedMemberCount")).toInt(),
                 1);
        const QJsonObject members =
            get(QStringLiteral("/unstable/controller/network/") + nwid + QStringLiteral("/member")).object();
        QCOMPARE(members.value(QStringLiteral("meta")).toObject().value(QStringLiteral("totalCount")).toInt(), 1);
        QCOMPARE(members.value(QStringLiteral("meta")).toObject().value(QStringLiteral("authorizedCount")).toInt(), 1);
        QCOMPARE(
            members.value(QStringLiteral("data")).toArray().at(0).toObject().value(QStringLiteral("name")).toString(),
            QStringLiteral("laptop"));
        const QJsonArray peers = get(QStringLiteral("/peer")).array();
        QVERIFY(!peers.isEmpty());
        for (const QJsonValue &p : peers)
            QVERIFY2(missingOrMistyped(p.toObject(), kPeerFields).isEmpty(),
                     qPrintable(missingOrMistyped(p.toObject(), kPeerFields)));
        const QJsonObject peer = get(QStringLiteral("/peer/") + memberAddress).object();
        QCOMPARE(peer.value(QStringLiteral("version")).toString(), QStringLiteral("1.14.1"));

        // 10. Leaving: member, then network; each answer is the deleted object.
        const HttpReply goneMember = http(m_nam, "DELETE", m_engine.url(memberPath), m_engine.token);
        QCOMPARE(goneMember.status, 200);
        QCOMPARE(goneMember.object().value(QStringLiteral("name")).toString(), QStringLiteral("laptop"));
        const HttpReply goneNetwork =
            http(m_nam, "DELETE", m_engine.url(QStringLiteral("/controller/network/") + nwid), m_engine.token);
        QCOMPARE(goneNetwork.status, 200);
        QCOMPARE(goneNetwork.object().value(QStringLiteral("nwid")).toString(), nwid);
        QCOMPARE(get(QStringLiteral("/controller/network")).array(), QJsonArray());
    }

    // POST /controller/network (no ID) as newer clients use it, and PUT as a synonym of POST.
    void plainCreateAndPut()
    {
        const HttpReply created = post(QStringLiteral("/controller/network"), "{\"name\":\"plain\"}");
        QCOMPARE(created.status, 200);
        const QString nwid = created.object().value(QStringLiteral("nwid")).toString();
        const HttpReply put = http(m_nam, "PUT", m_engine.url(QStringLiteral("/controller/network/") + nwid),
                                   m_engine.token, "{\"name\":\"put\"}");
        QCOMPARE(put.status, 200);
        QCOMPARE(put.object().value(QStringLiteral("name")).toString(), QStringLiteral("put"));
        QCOMPARE(
            http(m_nam, "DELETE", m_engine.url(QStringLiteral("/controller/network/") + nwid), m_engine.token).status,
            200);
    }

private:
    ApiEngine m_engine;
    QNetworkAccessManager m_nam;
    QList<Identity> m_ids;
};

QTEST_GUILESS_MAIN(TestCompatibility)
#include "tst_compatibility.moc"
