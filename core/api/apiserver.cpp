// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/api/apiserver.h"

#include "core/controller/controllerjson.h"
#include "core/controller/networkcontroller.h"
#include "core/crypto/primitives.h"
#include "core/node/node.h"

#include <QDateTime>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QUrlQuery>

#include <algorithm>

Q_LOGGING_CATEGORY(lcApi, "tiermaster.api", QtInfoMsg)

namespace tier {

namespace {

constexpr qint64 RootOnlineWindowMs = 180000;

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QByteArray json(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray json(const QJsonArray &a)
{
    return QJsonDocument(a).toJson(QJsonDocument::Compact);
}

bool isHex(QStringView text, qsizetype length)
{
    if (text.size() != length)
        return false;
    return std::all_of(text.begin(), text.end(), [](QChar c) {
        return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
    });
}

// Deepest nesting of objects/arrays in a JSON text (strings skipped); stops counting past `limit`.
int nestingDepth(const QByteArray &body, int limit)
{
    int depth = 0;
    int deepest = 0;
    bool inString = false;
    bool escaped = false;
    for (char c : body) {
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            deepest = std::max(deepest, ++depth);
            if (deepest > limit)
                return deepest;
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return deepest;
}

QString pathText(const InetAddress &a)
{
    return a.isNull() ? QString() : a.toString();
}

} // namespace

ApiServer::ApiServer(NetworkController *controller, Node *node, Options options, QObject *parent)
    : QAbstractHttpServer(parent), m_controller(controller), m_node(node), m_options(std::move(options))
{}

ApiServer::~ApiServer() = default;

QByteArray ApiServer::generateToken()
{
    static constexpr char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    QByteArray token;
    while (token.size() < 24) {
        for (char byte : crypto::randomBytes(32)) {
            const auto b = quint8(byte);
            if (b >= 252) // 252 = 7 × 36: keeps every character equally likely
                continue;
            token.append(alphabet[b % 36]);
            if (token.size() == 24)
                break;
        }
    }
    return token;
}

bool ApiServer::tokenMatches(const QByteArray &expected, const QByteArray &given)
{
    if (expected.isEmpty())
        return false;
    // Comparing digests keeps even the token's length out of the timing.
    return crypto::constantTimeEquals(crypto::sha512(expected), crypto::sha512(given));
}

Status ApiServer::listen(const QHostAddress &address, quint16 port)
{
    if (m_options.token.isEmpty())
        return makeError(ErrorCode::Malformed, QStringLiteral("the API needs a token"));
    if (m_tcp)
        return makeError(ErrorCode::Conflict, QStringLiteral("the API is already listening"));
    auto *tcp = new GuardedTcpServer(m_options.limits);
    if (!tcp->listen(address, port)) {
        const QString reason = tcp->errorString();
        delete tcp;
        return makeError(ErrorCode::Io, QStringLiteral("cannot serve the HTTP API on %1 port %2: %3")
                                            .arg(address.toString())
                                            .arg(port)
                                            .arg(reason));
    }
    bind(tcp); // parents it to this server
    m_tcp = tcp;
    connect(tcp, &GuardedTcpServer::rejected, this, [](int status, const QString &reason) {
        qCInfo(lcApi).noquote() << "refused an API request:" << status << reason;
    });
    return Ok{};
}

bool ApiServer::isListening() const
{
    return m_tcp && m_tcp->isListening();
}

QHostAddress ApiServer::serverAddress() const
{
    return m_tcp ? m_tcp->serverAddress() : QHostAddress();
}

quint16 ApiServer::serverPort() const
{
    return m_tcp ? m_tcp->serverPort() : 0;
}

QString ApiServer::endpoint() const
{
    if (!isListening())
        return {};
    const QHostAddress a = serverAddress();
    const QString host = a.protocol() == QAbstractSocket::IPv6Protocol ? u'[' + a.toString() + u']' : a.toString();
    return host + u':' + QString::number(serverPort());
}

quint64 ApiServer::requestsRejected() const
{
    return m_rejected + (m_tcp ? m_tcp->rejectedCount() : 0);
}

bool ApiServer::authorized(const QHttpServerRequest &request) const
{
    QByteArray given = request.value(QByteArrayLiteral("X-ZT1-Auth")).trimmed();
    if (given.isEmpty()) {
        const QByteArray header = request.value(QByteArrayLiteral("Authorization")).trimmed();
        if (header.size() > 7 && header.first(7).compare("bearer ", Qt::CaseInsensitive) == 0)
            given = header.mid(7).trimmed();
    }
    if (given.isEmpty())
        given = request.query().queryItemValue(QStringLiteral("auth"), QUrl::FullyDecoded).trimmed().toUtf8();
    return tokenMatches(m_options.token, given);
}

bool ApiServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    Reply reply;
    if (!authorized(request)) {
        ++m_unauthorized;
        reply = Reply{401, QByteArrayLiteral("{}")};
    } else {
        reply = route(request);
    }
    send(request, socket, std::move(reply));
    return true;
}

void ApiServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // handleRequest() answers everything; this is only reached if Qt calls it on its own.
    send(request, socket, Reply{authorized(request) ? 404 : 401, QByteArrayLiteral("{}")});
}

void ApiServer::send(const QHttpServerRequest &request, QTcpSocket *socket, Reply reply)
{
    if (reply.status >= 200 && reply.status < 300)
        ++m_served;
    else
        ++m_rejected;
    if (reply.body.isEmpty())
        reply.body = QByteArrayLiteral("{}");
    // JSONP as the reference offers it: only for a plain function name, never for the 401.
    const QString callback = request.query().queryItemValue(QStringLiteral("jsonp"));
    static const QRegularExpression plainName(QStringLiteral("^[A-Za-z_$][A-Za-z0-9_$.]{0,63}$"));
    if (reply.status != 401 && !callback.isEmpty() && reply.contentType == "application/json" &&
        plainName.match(callback).hasMatch()) {
        reply.body = callback.toLatin1() + '(' + reply.body + ");";
        reply.contentType = QByteArrayLiteral("application/javascript");
    }
    QHttpServerResponder responder = makeResponder(request, socket);
    responder.write(reply.body, reply.contentType, QHttpServerResponder::StatusCode(reply.status));
}

ApiServer::Reply ApiServer::route(const QHttpServerRequest &request)
{
    const Reply notFound{404, QByteArrayLiteral("{}")};
    const auto bad = [](const QString &message) {
        return Reply{400, json(QJsonObject{{QStringLiteral("error"), message}})};
    };
    QString path = request.url().path(QUrl::FullyEncoded);
    if (!path.startsWith(u'/'))
        return bad(QStringLiteral("the path must start with /"));
    QStringList parts = path.mid(1).split(u'/');
    if (parts.size() > 1 && parts.constLast().isEmpty())
        parts.removeLast(); // a trailing slash
    for (const QString &part : std::as_const(parts)) {
        if (part == QLatin1String("..") || part == QLatin1String(".") || part.contains(u'%'))
            return bad(QStringLiteral("the path may not contain '.', '..' or encoded characters"));
    }

    using Method = QHttpServerRequest::Method;
    const Method method = request.method();
    const bool get = method == Method::Get;
    const bool post = method == Method::Post || method == Method::Put;
    const bool del = method == Method::Delete;
    if (!m_controller && parts.value(0) != QLatin1String("status"))
        return Reply{503,
                     json(QJsonObject{{QStringLiteral("error"), QStringLiteral("the controller is not running")}})};

    const qsizetype n = parts.size();
    const QString p0 = parts.value(0);
    if (n == 1 && p0 == QLatin1String("status") && get)
        return status();
    if (n == 1 && p0 == QLatin1String("metrics") && get)
        return metrics();
    if (p0 == QLatin1String("peer") && get) {
        if (n == 1)
            return peers();
        if (n == 2)
            return peer(parts[1]);
        return notFound;
    }
    if (p0 == QLatin1String("unstable")) {
        if (n >= 3 && parts[1] == QLatin1String("controller") && parts[2] == QLatin1String("network") && get) {
            if (n == 3)
                return unstableNetworks();
            if (n == 5 && isHex(parts[3], 16) && parts[4] == QLatin1String("member"))
                return unstableMembers(networkIdFromString(parts[3].toLower()).value_or(0));
        }
        return notFound;
    }
    if (p0 != QLatin1String("controller"))
        return notFound;
    if (n == 1)
        return get ? controllerStatus() : notFound;
    if (parts[1] != QLatin1String("network"))
        return notFound;
    if (n == 2) {
        if (get)
            return networkList();
        if (post)
            return postNetwork(std::nullopt, request.body());
        return notFound;
    }
    const QString id = parts[2];
    if (n == 3 && id.size() == 16 && id.endsWith(QLatin1String("______")) && isHex(QStringView(id).first(10), 10)) {
        if (!post)
            return notFound;
        const auto prefix = Address::fromString(id.first(10).toLower());
        if (!prefix || *prefix != m_controller->controllerAddress())
            return bad(QStringLiteral("%1 is not this controller's address (%2)")
                           .arg(id.first(10), m_controller->controllerAddress().toString()));
        return postNetwork(std::nullopt, request.body());
    }
    if (!isHex(id, 16))
        return notFound;
    const quint64 networkId = networkIdFromString(id.toLower()).value_or(0);
    if (n == 3) {
        if (get)
            return getNetwork(networkId);
        if (post)
            return postNetwork(networkId, request.body());
        if (del)
            return deleteNetwork(networkId);
        return notFound;
    }
    if (parts[3] != QLatin1String("member"))
        return notFound;
    if (n == 4)
        return get ? memberList(networkId) : notFound;
    if (n == 5 && isHex(parts[4], 10)) {
        if (get)
            return getMember(networkId, parts[4]);
        if (post)
            return postMember(networkId, parts[4], request.body());
        if (del)
            return deleteMember(networkId, parts[4]);
    }
    return notFound;
}

namespace {

Result<QJsonObject> parseBody(const QByteArray &body, int maxDepth)
{
    if (body.trimmed().isEmpty())
        return QJsonObject();
    if (nestingDepth(body, maxDepth) > maxDepth)
        return makeError(ErrorCode::Malformed,
                         QStringLiteral("the JSON body is nested deeper than %1 levels").arg(maxDepth));
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        return makeError(
            ErrorCode::Malformed,
            QStringLiteral("the body is not valid JSON: %1 at offset %2").arg(error.errorString()).arg(error.offset));
    if (!doc.isObject())
        return makeError(ErrorCode::Malformed, QStringLiteral("the body must be a JSON object"));
    return doc.object();
}

} // namespace

ApiServer::Reply ApiServer::fromError(const Error &error)
{
    int status = 400;
    switch (error.code) {
    case ErrorCode::NotFound:
        return Reply{404, QByteArrayLiteral("{}")};
    case ErrorCode::Conflict:
        status = 409;
        break;
    case ErrorCode::Io:
    case ErrorCode::Database:
    case ErrorCode::BadSignature:
    case ErrorCode::InvalidIdentity:
        status = 500;
        break;
    default:
        break;
    }
    return Reply{status, json(QJsonObject{{QStringLiteral("error"), error.message}})};
}

ApiServer::Reply ApiServer::status() const
{
    QJsonObject o;
    const qint64 now = nowMs();
    const Node *node = m_node.data();
    const QString address = m_controller ? m_controller->controllerAddress().toString() : QString();
    o.insert(QStringLiteral("address"), address);
    o.insert(QStringLiteral("publicIdentity"),
             m_controller ? m_controller->controllerIdentity().toString(false) : QString());
    bool online = false;
    if (node) {
        for (Address root : node->rootAddresses()) {
            const Peer *p = node->peer(root);
            if (p && p->lastReceive > 0 && now - p->lastReceive < RootOnlineWindowMs)
                online = true;
        }
    }
    o.insert(QStringLiteral("online"), online);
    o.insert(QStringLiteral("standby"), m_options.standby);
    o.insert(QStringLiteral("portFallback"), m_options.portFallback);
    const int major = node ? node->options().versionMajor : 0;
    const int minor = node ? node->options().versionMinor : 0;
    const int rev = node ? node->options().versionRevision : 0;
    o.insert(QStringLiteral("version"), QStringLiteral("%1.%2.%3").arg(major).arg(minor).arg(rev));
    o.insert(QStringLiteral("versionMajor"), major);
    o.insert(QStringLiteral("versionMinor"), minor);
    o.insert(QStringLiteral("versionRev"), rev);
    o.insert(QStringLiteral("versionBuild"), 0);
    o.insert(QStringLiteral("tiermasterVersion"), QStringLiteral(TIERMASTER_VERSION));
    o.insert(QStringLiteral("clock"), double(now));
    o.insert(QStringLiteral("planetWorldId"), node ? double(node->planet().id()) : 0.0);
    o.insert(QStringLiteral("planetWorldTimestamp"), node ? double(node->planet().timestamp()) : 0.0);
    o.insert(QStringLiteral("tcpFallbackActive"), false);
    const quint16 udpPort = node && node->isRunning() ? node->localPort() : 0;
    QJsonArray listening;
    if (node && node->isRunning()) {
        const QHostAddress bind = node->options().bindAddress;
        const QString host = bind == QHostAddress::Any || bind == QHostAddress::AnyIPv4 || bind == QHostAddress::AnyIPv6
                                 ? QStringLiteral("0.0.0.0")
                                 : bind.toString();
        listening.append(QString(host + u'/' + QString::number(udpPort)));
    }
    const QJsonObject settings{
        {QStringLiteral("primaryPort"), udpPort},
        {QStringLiteral("secondaryPort"), 0},
        {QStringLiteral("tertiaryPort"), 0},
        {QStringLiteral("allowTcpFallbackRelay"), false},
        {QStringLiteral("forceTcpRelay"), false},
        {QStringLiteral("portMappingEnabled"), false},
        {QStringLiteral("bind"), QJsonArray()},
        {QStringLiteral("listeningOn"), listening},
        {QStringLiteral("surfaceAddresses"), QJsonArray()},
        {QStringLiteral("homeDir"), m_options.homeDir},
        {QStringLiteral("softwareUpdate"), QStringLiteral("disable")},
        {QStringLiteral("softwareUpdateChannel"), QStringLiteral("release")},
    };
    o.insert(QStringLiteral("config"), QJsonObject{{QStringLiteral("settings"), settings}});
    return Reply{200, json(o)};
}

ApiServer::Reply ApiServer::controllerStatus() const
{
    return Reply{200, json(QJsonObject{{QStringLiteral("controller"), true},
                                       {QStringLiteral("apiVersion"), ControllerJson::ApiVersion},
                                       {QStringLiteral("clock"), double(nowMs())},
                                       {QStringLiteral("databaseReady"), true}})};
}

namespace {

QJsonObject peerToJson(const Node &node, const Peer &p, qint64 now)
{
    QJsonObject o;
    o.insert(QStringLiteral("address"), p.address().toString());
    o.insert(QStringLiteral("isBonded"), false);
    o.insert(QStringLiteral("latency"), double(p.latencyMs));
    o.insert(QStringLiteral("role"), node.isRoot(p.address()) ? QStringLiteral("PLANET") : QStringLiteral("LEAF"));
    o.insert(QStringLiteral("tunneled"), false);
    const bool known = p.version.isKnown() && p.version.major >= 0;
    o.insert(QStringLiteral("version"),
             known ? QStringLiteral("%1.%2.%3").arg(p.version.major).arg(p.version.minor).arg(p.version.revision)
                   : QStringLiteral("-1.-1.-1"));
    o.insert(QStringLiteral("versionMajor"), known ? p.version.major : -1);
    o.insert(QStringLiteral("versionMinor"), known ? p.version.minor : -1);
    o.insert(QStringLiteral("versionRev"), known ? p.version.revision : -1);
    const std::optional<InetAddress> best = p.bestPath(now);
    QJsonArray paths;
    for (const PeerPath &path : p.paths()) {
        const bool expired = now - std::max(path.lastReceive, path.lastSend) > Peer::PathExpiryMs;
        paths.append(QJsonObject{
            {QStringLiteral("active"), !expired && !Peer::isStale(path, now)},
            {QStringLiteral("address"), pathText(path.address)},
            {QStringLiteral("expired"), expired},
            {QStringLiteral("lastReceive"), double(path.lastReceive)},
            {QStringLiteral("lastSend"), double(path.lastSend)},
            {QStringLiteral("localPort"), node.isRunning() ? node.localPort() : 0},
            {QStringLiteral("localSocket"), 0},
            {QStringLiteral("preferred"), best && *best == path.address},
            {QStringLiteral("trustedPathId"), 0},
        });
    }
    o.insert(QStringLiteral("paths"), paths);
    return o;
}

} // namespace

ApiServer::Reply ApiServer::peers() const
{
    QJsonArray out;
    if (const Node *node = m_node.data()) {
        const qint64 now = nowMs();
        QList<Address> addresses = node->peerAddresses();
        std::sort(addresses.begin(), addresses.end());
        for (Address a : std::as_const(addresses)) {
            if (const Peer *p = node->peer(a))
                out.append(peerToJson(*node, *p, now));
        }
    }
    return Reply{200, json(out)};
}

ApiServer::Reply ApiServer::peer(const QString &addressText) const
{
    const auto address = isHex(addressText, 10) ? Address::fromString(addressText.toLower()) : std::nullopt;
    const Node *node = m_node.data();
    const Peer *p = address && node ? node->peer(*address) : nullptr;
    if (!p)
        return Reply{404, QByteArrayLiteral("{}")};
    return Reply{200, json(peerToJson(*node, *p, nowMs()))};
}

ApiServer::Reply ApiServer::metrics() const
{
    QByteArray out;
    const auto metric = [&out](const char *name, const char *type, const char *help, double value,
                               const QByteArray &labels = {}) {
        if (labels.isEmpty() || !out.contains(QByteArray(QByteArray("# TYPE ") + name + ' '))) {
            out += QByteArray("# HELP ") + name + ' ' + help + '\n';
            out += QByteArray("# TYPE ") + name + ' ' + type + '\n';
        }
        out += QByteArray(name) + (labels.isEmpty() ? QByteArray() : '{' + labels + '}') + ' ' +
               QByteArray::number(value, 'f', 0) + '\n';
    };
    const QList<NetworkDetails> networks = m_controller->networks();
    qint64 members = 0;
    qint64 authorized = 0;
    qint64 online = 0;
    for (const NetworkDetails &d : networks) {
        members += d.memberCount;
        authorized += d.authorizedCount;
        online += d.onlineCount;
    }
    const NetworkController::ChangeCounters c = m_controller->changeCounters();
    metric("controller_network_count", "gauge", "Networks on this controller.", double(networks.size()));
    metric("controller_member_count", "gauge", "Members over all networks.", double(members));
    metric("controller_network_change_count", "counter", "Network records created, changed or deleted.",
           double(c.networkChanges));
    metric("controller_member_change_count", "counter", "Member records created, changed or deleted.",
           double(c.memberChanges));
    metric("controller_member_auth_count", "counter", "Members authorized.", double(c.memberAuthorizations));
    metric("controller_member_deauth_count", "counter", "Members deauthorized.", double(c.memberDeauthorizations));
    metric("tiermaster_configs_served_total", "counter", "Config requests answered with a config.",
           double(c.configsServed));
    metric("tiermaster_config_requests_denied_total", "counter", "Config requests answered with ACCESS_DENIED.",
           double(c.requestsDenied));
    metric("tiermaster_config_requests_rate_limited_total", "counter",
           "Config requests dropped for coming faster than one a second (bursts of 3 allowed).",
           double(c.requestsRateLimited));
    metric("tiermaster_member_authorized_count", "gauge", "Authorized members over all networks.", double(authorized));
    metric("tiermaster_member_online_count", "gauge", "Members that asked for a config within 120 s.", double(online));
    metric("tiermaster_api_requests_served_total", "counter", "HTTP API requests answered with 2xx.", double(m_served));
    metric("tiermaster_api_requests_rejected_total", "counter",
           "HTTP API requests refused (401, 4xx, 5xx, size limits).", double(requestsRejected()));
    if (const Node *node = m_node.data()) {
        const NodeCounters &k = node->counters();
        metric("tiermaster_datagrams_received_total", "counter", "UDP datagrams received.",
               double(k.datagramsReceived));
        metric("tiermaster_datagrams_sent_total", "counter", "UDP datagrams sent.", double(k.datagramsSent));
        metric("tiermaster_requests_served_total", "counter", "Authenticated packets handled.",
               double(k.packetsReceived));
        const std::pair<const char *, quint64> drops[] = {
            {"malformed", k.droppedMalformed},
            {"oversized", k.droppedOversized},
            {"unauthenticated", k.droppedUnauthenticated},
            {"replayed", k.droppedReplayed},
            {"not_for_us", k.droppedNotForUs},
            {"identity_mismatch", k.droppedIdentityMismatch},
            {"validation_budget", k.droppedValidationBudget},
            {"hold_queue_full", k.droppedHoldQueueFull},
            {"hold_timeout", k.droppedHoldTimeout},
            {"unexpected_reply", k.droppedUnexpectedReply},
        };
        for (const auto &[reason, count] : drops) {
            metric("tiermaster_requests_dropped_total", "counter", "Packets dropped, by reason.", double(count),
                   QByteArray("reason=\"") + reason + '"');
        }
        const RootCounters &r = node->rootCounters();
        metric("tiermaster_root_serving", "gauge", "1 if the planet or a moon in use names this controller as a root.",
               node->isServingRoot() ? 1 : 0);
        metric("tiermaster_root_peers", "gauge", "Peers held in memory.", double(node->peerCount()));
        metric("tiermaster_root_relayed_total", "counter", "Datagrams relayed between peers.", double(r.relayed));
        const std::pair<const char *, quint64> refused[] = {
            {"policy", r.relayRefusedPolicy}, {"rate", r.relayRefusedRate}, {"no_path", r.relayNoPath}};
        for (const auto &[reason, count] : refused) {
            metric("tiermaster_root_relay_refused_total", "counter", "Datagrams not relayed, by reason.", double(count),
                   QByteArray("reason=\"") + reason + '"');
        }
        metric("tiermaster_root_whois_answered_total", "counter", "Identities sent in OK(WHOIS).",
               double(r.whoisAnswered));
        metric("tiermaster_root_whois_unknown_total", "counter", "WHOIS questions for addresses never seen.",
               double(r.whoisUnknown));
        metric("tiermaster_root_whois_rate_limited_total", "counter", "WHOIS packets over the asking peer's budget.",
               double(r.whoisRateLimited));
        metric("tiermaster_root_world_updates_sent_total", "counter",
               "Planets and moons handed out in OK(HELLO) to members holding an older version.",
               double(r.worldUpdatesSent));
        metric("tiermaster_root_rendezvous_sent_total", "counter", "RENDEZVOUS packets sent.",
               double(r.rendezvousSent));
        metric("tiermaster_root_peers_evicted_total", "counter", "Peers dropped to stay within the peer cap.",
               double(r.peersEvicted));
    }
    return Reply{200, out, QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8")};
}

ApiServer::Reply ApiServer::networkList() const
{
    QList<quint64> ids;
    for (const NetworkDetails &d : m_controller->networks())
        ids.append(d.id);
    std::sort(ids.begin(), ids.end());
    QJsonArray out;
    for (quint64 id : std::as_const(ids))
        out.append(networkIdToString(id));
    return Reply{200, json(out)};
}

ApiServer::Reply ApiServer::unstableNetworks() const
{
    QList<NetworkDetails> networks = m_controller->networks();
    std::sort(networks.begin(), networks.end(),
              [](const NetworkDetails &a, const NetworkDetails &b) { return a.id < b.id; });
    const qint64 now = nowMs();
    QJsonArray data;
    for (const NetworkDetails &d : std::as_const(networks)) {
        QJsonObject o = ControllerJson::networkToJson(d, ControllerJson::Form::Api, now);
        o.insert(QStringLiteral("meta"), QJsonObject{{QStringLiteral("totalMemberCount"), d.memberCount},
                                                     {QStringLiteral("authorizedMemberCount"), d.authorizedCount}});
        data.append(o);
    }
    return Reply{200, json(QJsonObject{{QStringLiteral("data"), data},
                                       {QStringLiteral("meta"),
                                        QJsonObject{{QStringLiteral("networkCount"), int(networks.size())}}}})};
}

ApiServer::Reply ApiServer::unstableMembers(quint64 networkId) const
{
    if (!m_controller->network(networkId))
        return Reply{404, QByteArrayLiteral("{}")};
    const qint64 now = nowMs();
    QJsonArray data;
    int authorizedCount = 0;
    const QList<MemberInfo> members = m_controller->members(networkId);
    for (const MemberInfo &m : members) {
        data.append(ControllerJson::memberToJson(m, ControllerJson::Form::Api, now));
        if (m.authorized)
            ++authorizedCount;
    }
    return Reply{200, json(QJsonObject{{QStringLiteral("data"), data},
                                       {QStringLiteral("meta"),
                                        QJsonObject{{QStringLiteral("totalCount"), int(members.size())},
                                                    {QStringLiteral("authorizedCount"), authorizedCount}}}})};
}

ApiServer::Reply ApiServer::getNetwork(quint64 networkId) const
{
    const auto details = m_controller->network(networkId);
    if (!details)
        return Reply{404, QByteArrayLiteral("{}")};
    return Reply{200, json(ControllerJson::networkToJson(*details, ControllerJson::Form::Api, nowMs()))};
}

ApiServer::Reply ApiServer::postNetwork(std::optional<quint64> networkId, const QByteArray &body)
{
    auto patch = parseBody(body, m_options.maxJsonDepth);
    if (!patch)
        return fromError(patch.error());
    const std::optional<NetworkDetails> current = networkId ? m_controller->network(*networkId) : std::nullopt;
    NetworkSettings settings = current ? current->settings : NetworkSettings();
    if (Status applied = ControllerJson::applyNetworkPatch(settings, *patch); !applied)
        return fromError(applied.error());
    Result<NetworkDetails> saved = current     ? m_controller->updateNetwork(*networkId, settings)
                                   : networkId ? m_controller->createNetwork(*networkId, settings)
                                               : m_controller->createNetwork(settings);
    if (!saved) {
        if (saved.error().code == ErrorCode::Conflict && !networkId)
            return Reply{503, json(QJsonObject{{QStringLiteral("error"), saved.error().message}})};
        return fromError(saved.error());
    }
    if (!current)
        qCInfo(lcApi).noquote() << "API created network" << networkIdToString(saved->id);
    return Reply{200, json(ControllerJson::networkToJson(*saved, ControllerJson::Form::Api, nowMs()))};
}

ApiServer::Reply ApiServer::deleteNetwork(quint64 networkId)
{
    const auto details = m_controller->network(networkId);
    if (!details)
        return Reply{404, QByteArrayLiteral("{}")};
    const QJsonObject before = ControllerJson::networkToJson(*details, ControllerJson::Form::Api, nowMs());
    if (Status removed = m_controller->deleteNetwork(networkId); !removed)
        return fromError(removed.error());
    qCInfo(lcApi).noquote() << "API deleted network" << networkIdToString(networkId);
    return Reply{200, json(before)};
}

ApiServer::Reply ApiServer::memberList(quint64 networkId) const
{
    if (!m_controller->network(networkId))
        return Reply{404, QByteArrayLiteral("{}")};
    QJsonObject out;
    for (const MemberInfo &m : m_controller->members(networkId))
        out.insert(m.address.toString(), double(m.revision));
    return Reply{200, json(out)};
}

ApiServer::Reply ApiServer::getMember(quint64 networkId, const QString &addressText) const
{
    const auto address = Address::fromString(addressText.toLower());
    const auto member = address ? m_controller->member(networkId, *address) : std::nullopt;
    if (!member)
        return Reply{404, QByteArrayLiteral("{}")};
    return Reply{200, json(ControllerJson::memberToJson(*member, ControllerJson::Form::Api, nowMs()))};
}

ApiServer::Reply ApiServer::postMember(quint64 networkId, const QString &addressText, const QByteArray &body)
{
    if (!m_controller->network(networkId))
        return Reply{404, QByteArrayLiteral("{}")};
    const auto address = Address::fromString(addressText.toLower());
    if (!address || address->isReserved())
        return fromError(
            makeError(ErrorCode::Malformed, QStringLiteral("%1 is not a member address").arg(addressText)));
    auto patch = parseBody(body, m_options.maxJsonDepth);
    if (!patch)
        return fromError(patch.error());
    auto update = ControllerJson::memberUpdateFromJson(*patch);
    if (!update)
        return fromError(update.error());
    auto saved = m_controller->updateMember(networkId, *address, *update);
    if (!saved)
        return fromError(saved.error());
    return Reply{200, json(ControllerJson::memberToJson(*saved, ControllerJson::Form::Api, nowMs()))};
}

ApiServer::Reply ApiServer::deleteMember(quint64 networkId, const QString &addressText)
{
    const auto address = Address::fromString(addressText.toLower());
    const auto member = address ? m_controller->member(networkId, *address) : std::nullopt;
    if (!member)
        return Reply{404, QByteArrayLiteral("{}")};
    const QJsonObject before = ControllerJson::memberToJson(*member, ControllerJson::Form::Api, nowMs());
    if (Status removed = m_controller->deleteMember(networkId, *address); !removed)
        return fromError(removed.error());
    return Reply{200, json(before)};
}

} // namespace tier
