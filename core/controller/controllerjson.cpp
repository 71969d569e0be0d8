// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/controller/controllerjson.h"

#include "core/controller/networkvalidation.h"
#include "core/flowrules/compiler.h"
#include "core/protocol/rules.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <QSet>

#include <cmath>
#include <functional>
#include <limits>

namespace tier {

namespace {

const QString kDefaultRules = QStringLiteral("[{\"not\":false,\"or\":false,\"type\":\"ACTION_ACCEPT\"}]");

Error bad(const QString &message)
{
    return makeError(ErrorCode::Malformed, message);
}

QString compact(const QJsonArray &array)
{
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QString compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QJsonArray arrayFromText(const QString &text, const QString &fallback = QStringLiteral("[]"))
{
    const QJsonDocument doc = QJsonDocument::fromJson((text.trimmed().isEmpty() ? fallback : text).toUtf8());
    return doc.isArray() ? doc.array() : QJsonArray();
}

// Fields the API computes or the node owns: accepted in a body (a client may post back what it read)
// and ignored.
const QSet<QString> &readOnlyNetworkKeys()
{
    static const QSet<QString> keys{
        QStringLiteral("id"),
        QStringLiteral("nwid"),
        QStringLiteral("objtype"),
        QStringLiteral("creationTime"),
        QStringLiteral("revision"),
        QStringLiteral("clock"),
        QStringLiteral("authorizedMemberCount"),
        QStringLiteral("activeMemberCount"),
        QStringLiteral("totalMemberCount"),
        QStringLiteral("lastModified"),
        QStringLiteral("ssoEnabled"),
        QStringLiteral("clientId"),
        QStringLiteral("authorizationEndpoint"),
        QStringLiteral("certificateTimeoutWindowSize"),
        QStringLiteral("meta"),
    };
    return keys;
}

const QSet<QString> &readOnlyMemberKeys()
{
    static const QSet<QString> keys{
        QStringLiteral("id"),
        QStringLiteral("address"),
        QStringLiteral("nwid"),
        QStringLiteral("objtype"),
        QStringLiteral("identity"),
        QStringLiteral("creationTime"),
        QStringLiteral("revision"),
        QStringLiteral("lastAuthorizedTime"),
        QStringLiteral("lastDeauthorizedTime"),
        QStringLiteral("lastAuthorizedCredentialType"),
        QStringLiteral("lastAuthorizedCredential"),
        QStringLiteral("ssoExempt"),
        QStringLiteral("vMajor"),
        QStringLiteral("vMinor"),
        QStringLiteral("vRev"),
        QStringLiteral("vProto"),
        QStringLiteral("clock"),
        QStringLiteral("physicalAddr"),
        QStringLiteral("recentLog"),
        QStringLiteral("lastModified"),
        QStringLiteral("lastRequestMetaData"),
        QStringLiteral("authenticationURL"),
        QStringLiteral("authenticationClientID"),
        // Tiermaster's live status fields.
        QStringLiteral("online"),
        QStringLiteral("lastSeen"),
        QStringLiteral("physicalAddress"),
        QStringLiteral("clientVersion"),
        QStringLiteral("latency"),
    };
    return keys;
}

Result<QJsonArray> cappedArray(const QJsonValue &value, const QString &field)
{
    if (!value.isArray())
        return bad(QStringLiteral("'%1' must be an array").arg(field));
    const QJsonArray array = value.toArray();
    if (array.size() > ControllerJson::MaxArrayItems)
        return bad(QStringLiteral("'%1' has %2 items; at most %3 are allowed")
                       .arg(field)
                       .arg(array.size())
                       .arg(ControllerJson::MaxArrayItems));
    return array;
}

Result<QString> toText(const QJsonValue &value, const QString &field)
{
    if (!value.isString())
        return bad(QStringLiteral("'%1' must be a string").arg(field));
    return value.toString();
}

// An IP address string; the reference also takes "IP/bits" (or "IP/port") and keeps only the IP.
Result<InetAddress> toIp(const QJsonValue &value, const QString &field, bool allowSuffix)
{
    if (!value.isString())
        return bad(QStringLiteral("'%1' must be an IP address string").arg(field));
    const QString text = value.toString().trimmed();
    std::optional<InetAddress> ip =
        allowSuffix && text.contains(u'/') ? InetAddress::fromString(text) : InetAddress::fromIpString(text);
    if (!ip || ip->isNull())
        return bad(QStringLiteral("'%1': \"%2\" is not an IPv4 or IPv6 address").arg(field, text));
    return ip->withPort(0);
}

Result<bool> parseV4Mode(const QJsonValue &value)
{
    if (value.isString()) {
        const QString mode = value.toString().trimmed().toLower();
        if (mode == QLatin1String("zt"))
            return true;
        if (mode.isEmpty() || mode == QLatin1String("none"))
            return false;
        return bad(QStringLiteral("'v4AssignMode': \"%1\" is not a mode (use {\"zt\": true})").arg(value.toString()));
    }
    if (!value.isObject())
        return bad(QStringLiteral("'v4AssignMode' must be an object such as {\"zt\": true}"));
    const QJsonObject o = value.toObject();
    bool zt = false;
    for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
        if (it.key() != QLatin1String("zt"))
            return bad(QStringLiteral("'v4AssignMode' has no field '%1' (only 'zt')").arg(it.key()));
        auto b = ControllerJson::toBool(it.value(), QStringLiteral("v4AssignMode.zt"));
        if (!b)
            return b.error();
        zt = *b;
    }
    return zt;
}

struct V6Mode
{
    bool rfc4193 = false;
    bool zt = false;
    bool sixPlane = false;
};

Result<V6Mode> parseV6Mode(const QJsonValue &value)
{
    V6Mode mode;
    if (value.isString()) {
        for (const QString &part : value.toString().split(u',', Qt::SkipEmptyParts)) {
            const QString p = part.trimmed().toLower();
            if (p == QLatin1String("rfc4193"))
                mode.rfc4193 = true;
            else if (p == QLatin1String("zt"))
                mode.zt = true;
            else if (p == QLatin1String("6plane"))
                mode.sixPlane = true;
            else if (p != QLatin1String("none"))
                return bad(QStringLiteral("'v6AssignMode': \"%1\" is not a mode (rfc4193, zt, 6plane)").arg(p));
        }
        return mode;
    }
    if (!value.isObject())
        return bad(QStringLiteral("'v6AssignMode' must be an object such as {\"rfc4193\": true}"));
    const QJsonObject o = value.toObject();
    for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
        bool *target = nullptr;
        if (it.key() == QLatin1String("rfc4193"))
            target = &mode.rfc4193;
        else if (it.key() == QLatin1String("zt"))
            target = &mode.zt;
        else if (it.key() == QLatin1String("6plane"))
            target = &mode.sixPlane;
        else
            return bad(QStringLiteral("'v6AssignMode' has no field '%1' (rfc4193, zt, 6plane)").arg(it.key()));
        auto b = ControllerJson::toBool(it.value(), QStringLiteral("v6AssignMode.") + it.key());
        if (!b)
            return b.error();
        *target = *b;
    }
    return mode;
}

Result<QList<NetworkConfig::Route>> parseRoutes(const QJsonValue &value)
{
    auto array = cappedArray(value, QStringLiteral("routes"));
    if (!array)
        return array.error();
    QList<NetworkConfig::Route> routes;
    for (qsizetype i = 0; i < array->size(); ++i) {
        const QString field = QStringLiteral("routes[%1]").arg(i);
        const QJsonValue entry = array->at(i);
        if (!entry.isObject())
            return bad(QStringLiteral("'%1' must be an object {\"target\": \"IP/bits\", \"via\": …}").arg(field));
        const QJsonObject o = entry.toObject();
        NetworkConfig::Route route;
        for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
            const QString key = it.key();
            if (key == QLatin1String("target")) {
                const QString text = it.value().toString().trimmed();
                const qsizetype slash = text.lastIndexOf(u'/');
                std::optional<InetAddress> target =
                    it.value().isString() && slash > 0 ? InetAddress::fromString(text) : std::nullopt;
                if (!target)
                    return bad(QStringLiteral("'%1.target' must be \"IP/bits\"").arg(field));
                route.target = *target;
            } else if (key == QLatin1String("via")) {
                if (it.value().isNull() || (it.value().isString() && it.value().toString().trimmed().isEmpty()))
                    continue;
                auto via = toIp(it.value(), field + QStringLiteral(".via"), false);
                if (!via)
                    return via.error();
                route.via = *via;
            } else if (key == QLatin1String("flags") || key == QLatin1String("metric")) {
                auto n = ControllerJson::toInteger(it.value(), field + u'.' + key, 0, 65535);
                if (!n)
                    return n.error();
                (key == QLatin1String("flags") ? route.flags : route.metric) = quint16(*n);
            } else {
                return bad(QStringLiteral("'%1' has no field '%2' (target, via)").arg(field, key));
            }
        }
        if (route.target.isNull())
            return bad(QStringLiteral("'%1' needs a 'target'").arg(field));
        // Host bits are kept as given (the reference stores them); NetworkValidator warns.
        if (auto invalid = NetworkValidator::routeError(route, int(i + 1)))
            return bad(QStringLiteral("'%1': %2").arg(field, invalid->message()));
        routes.append(route);
    }
    return routes;
}

Result<QList<IpPool>> parsePools(const QJsonValue &value)
{
    auto array = cappedArray(value, QStringLiteral("ipAssignmentPools"));
    if (!array)
        return array.error();
    QList<IpPool> pools;
    for (qsizetype i = 0; i < array->size(); ++i) {
        const QString field = QStringLiteral("ipAssignmentPools[%1]").arg(i);
        if (!array->at(i).isObject())
            return bad(QStringLiteral("'%1' must be an object {\"ipRangeStart\": …, \"ipRangeEnd\": …}").arg(field));
        const QJsonObject o = array->at(i).toObject();
        for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
            if (it.key() != QLatin1String("ipRangeStart") && it.key() != QLatin1String("ipRangeEnd"))
                return bad(QStringLiteral("'%1' has no field '%2' (ipRangeStart, ipRangeEnd)").arg(field, it.key()));
        }
        auto start = toIp(o.value(QStringLiteral("ipRangeStart")), field + QStringLiteral(".ipRangeStart"), false);
        if (!start)
            return start.error();
        auto end = toIp(o.value(QStringLiteral("ipRangeEnd")), field + QStringLiteral(".ipRangeEnd"), false);
        if (!end)
            return end.error();
        const IpPool pool{*start, *end};
        if (auto invalid = NetworkValidator::poolError(pool, int(i + 1)))
            return bad(QStringLiteral("'%1': %2").arg(field, invalid->message()));
        pools.append(pool);
    }
    return pools;
}

Result<QString> parseRules(const QJsonValue &value, const QString &field, int maxRules)
{
    auto array = cappedArray(value, field);
    if (!array)
        return array.error();
    if (array->size() > maxRules)
        return bad(
            QStringLiteral("'%1' has %2 rules; at most %3 are allowed").arg(field).arg(array->size()).arg(maxRules));
    auto rules = rulesFromJson(*array);
    if (!rules)
        return bad(QStringLiteral("'%1': %2").arg(field, rules.error().message));
    QJsonArray normalized = rulesToJson(*rules);
    // The reference writes the fields that carry no information ("not"/"or" false, tee/watch "flags" 0) the
    // way they came: its default rule has "not"/"or", actions set through its API have none, a compiled
    // tee has "flags". The canonical form keeps each rule's meaning; these keep a record written back the
    // same as the one that was read.
    if (normalized.size() == array->size()) {
        const std::pair<QLatin1String, QJsonValue> optional[] = {{QLatin1String("not"), QJsonValue(false)},
                                                                 {QLatin1String("or"), QJsonValue(false)},
                                                                 {QLatin1String("flags"), QJsonValue(0)}};
        for (qsizetype i = 0; i < normalized.size(); ++i) {
            QJsonObject rule = normalized.at(i).toObject();
            const QJsonObject given = array->at(i).toObject();
            for (const auto &[key, none] : optional) {
                if (!given.contains(key) && rule.value(key) == none)
                    rule.remove(key);
                else if (given.contains(key) && !rule.contains(key))
                    rule.insert(key, none);
            }
            normalized.replace(i, rule);
        }
    }
    return compact(normalized);
}

// Capabilities and tags are both lists of objects keyed by a 32-bit id, stored sorted by id with each id once;
// readField reads every key but "id" into the stored object (or refuses it).
using IdObjectFieldReader =
    std::function<Status(const QString &field, const QString &key, const QJsonValue &value, QJsonObject &out)>;

Result<QString> parseIdObjects(const QJsonValue &value, const QString &name, const QString &shape,
                               const QJsonObject &defaults, const IdObjectFieldReader &readField)
{
    auto array = cappedArray(value, name);
    if (!array)
        return array.error();
    QMap<quint32, QJsonObject> sorted;
    for (qsizetype i = 0; i < array->size(); ++i) {
        const QString field = QStringLiteral("%1[%2]").arg(name).arg(i);
        if (!array->at(i).isObject())
            return bad(QStringLiteral("'%1' must be an object %2").arg(field, shape));
        const QJsonObject o = array->at(i).toObject();
        QJsonObject out = defaults;
        quint32 id = 0;
        bool hasId = false;
        for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
            if (it.key() == QLatin1String("id")) {
                auto n = ControllerJson::toInteger(it.value(), field + QStringLiteral(".id"), 0, 0xffffffffLL);
                if (!n)
                    return n.error();
                id = quint32(*n);
                hasId = true;
            } else if (Status read = readField(field, it.key(), it.value(), out); !read) {
                return read.error();
            }
        }
        if (!hasId)
            return bad(QStringLiteral("'%1' needs an 'id'").arg(field));
        if (sorted.contains(id))
            return bad(QStringLiteral("'%1': id %2 appears twice").arg(name).arg(id));
        out.insert(QStringLiteral("id"), double(id));
        sorted.insert(id, out);
    }
    QJsonArray result;
    for (const QJsonObject &o : std::as_const(sorted))
        result.append(o);
    return compact(result);
}

Result<QString> parseCapabilities(const QJsonValue &value)
{
    const QJsonObject defaults{{QStringLiteral("default"), false}, {QStringLiteral("rules"), QJsonArray()}};
    return parseIdObjects(
        value, QStringLiteral("capabilities"), QStringLiteral("{\"id\": …, \"rules\": […]}"), defaults,
        [](const QString &field, const QString &key, const QJsonValue &v, QJsonObject &out) -> Status {
            if (key == QLatin1String("default")) {
                auto b = ControllerJson::toBool(v, field + QStringLiteral(".default"));
                if (!b)
                    return b.error();
                out.insert(QStringLiteral("default"), *b);
            } else if (key == QLatin1String("rules")) {
                auto rules = parseRules(v, field + QStringLiteral(".rules"), Rule::MaxCapabilityRules);
                if (!rules)
                    return rules.error();
                out.insert(QStringLiteral("rules"), arrayFromText(*rules));
            } else {
                return bad(QStringLiteral("'%1' has no field '%2' (id, default, rules)").arg(field, key));
            }
            return Ok{};
        });
}

Result<QString> parseNetworkTags(const QJsonValue &value)
{
    const QJsonObject defaults{{QStringLiteral("default"), QJsonValue::Null}};
    return parseIdObjects(
        value, QStringLiteral("tags"), QStringLiteral("{\"id\": …, \"default\": …}"), defaults,
        [](const QString &field, const QString &key, const QJsonValue &v, QJsonObject &out) -> Status {
            if (key != QLatin1String("default"))
                return bad(QStringLiteral("'%1' has no field '%2' (id, default)").arg(field, key));
            if (v.isNull())
                return Ok{};
            auto n = ControllerJson::toInteger(v, field + QStringLiteral(".default"), 0, 0xffffffffLL);
            if (!n)
                return n.error();
            out.insert(QStringLiteral("default"), double(*n));
            return Ok{};
        });
}

Result<QString> parseAuthTokens(const QJsonValue &value)
{
    // The reference's own default is the odd `[null]`; it and other "no tokens" forms mean none.
    if (value.isNull() || (value.isArray() && std::all_of(value.toArray().begin(), value.toArray().end(),
                                                          [](const QJsonValue &v) { return v.isNull(); })))
        return QStringLiteral("{}");
    if (!value.isObject())
        return bad(QStringLiteral("'authTokens' must be an object {\"token\": expiry-ms}"));
    const QJsonObject o = value.toObject();
    QJsonObject out;
    for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
        auto n = ControllerJson::toInteger(it.value(), QStringLiteral("authTokens.") + it.key(), 0,
                                           std::numeric_limits<qint64>::max());
        if (!n)
            return n.error();
        out.insert(it.key(), double(*n));
    }
    return compact(out);
}

Result<NetworkConfig::Dns> parseDns(const QJsonValue &value)
{
    NetworkConfig::Dns dns;
    if (value.isNull() || (value.isArray() && value.toArray().isEmpty()))
        return dns; // the reference's default `[]`: no DNS
    if (!value.isObject())
        return bad(QStringLiteral("'dns' must be an object {\"domain\": …, \"servers\": […]}"));
    const QJsonObject o = value.toObject();
    for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
        if (it.key() == QLatin1String("domain")) {
            if (it.value().isNull())
                continue;
            auto text = toText(it.value(), QStringLiteral("dns.domain"));
            if (!text)
                return text.error();
            dns.domain = text->trimmed();
        } else if (it.key() == QLatin1String("servers")) {
            if (it.value().isNull())
                continue;
            auto array = cappedArray(it.value(), QStringLiteral("dns.servers"));
            if (!array)
                return array.error();
            for (qsizetype i = 0; i < array->size(); ++i) {
                auto ip = toIp(array->at(i), QStringLiteral("dns.servers[%1]").arg(i), false);
                if (!ip)
                    return ip.error();
                dns.servers.append(*ip);
            }
        } else {
            return bad(QStringLiteral("'dns' has no field '%1' (domain, servers)").arg(it.key()));
        }
    }
    return dns;
}

Result<QString> parseTraceTarget(const QJsonValue &value, const QString &field)
{
    if (value.isNull() || (value.isString() && value.toString().isEmpty()))
        return QString();
    if (!value.isString())
        return bad(QStringLiteral("'%1' must be a 10-digit address or null").arg(field));
    const auto address = Address::fromString(value.toString());
    if (!address || value.toString().size() != 10)
        return bad(QStringLiteral("'%1': \"%2\" is not a 10-digit address").arg(field, value.toString()));
    return address->toString();
}

// One network field onto settings. `stored` reads also the fields only a stored record carries.
Status applyNetworkField(NetworkSettings &s, const QString &key, const QJsonValue &value, bool stored)
{
    auto boolField = [&](bool &target) -> Status {
        auto b = ControllerJson::toBool(value, key);
        if (!b)
            return b.error();
        target = *b;
        return Ok{};
    };
    auto intField = [&](int &target, qint64 min, qint64 max) -> Status {
        auto n = ControllerJson::toInteger(value, key, min, max);
        if (!n)
            return n.error();
        target = int(*n);
        return Ok{};
    };
    if (key == QLatin1String("name")) {
        auto text = toText(value, key);
        if (!text)
            return text.error();
        s.name = *text;
    } else if (key == QLatin1String("private")) {
        return boolField(s.isPrivate);
    } else if (key == QLatin1String("enableBroadcast")) {
        return boolField(s.enableBroadcast);
    } else if (key == QLatin1String("multicastLimit")) {
        return intField(s.multicastLimit, 0, std::numeric_limits<int>::max());
    } else if (key == QLatin1String("mtu")) {
        auto n =
            ControllerJson::toInteger(value, key, std::numeric_limits<int>::min(), std::numeric_limits<int>::max());
        if (!n)
            return n.error();
        if (auto invalid = NetworkValidator::mtuError(*n))
            return bad(QStringLiteral("'%1': %2").arg(key, invalid->message()));
        s.mtu = int(*n);
    } else if (key == QLatin1String("v4AssignMode")) {
        auto zt = parseV4Mode(value);
        if (!zt)
            return zt.error();
        s.v4AssignZt = *zt;
    } else if (key == QLatin1String("v6AssignMode")) {
        auto mode = parseV6Mode(value);
        if (!mode)
            return mode.error();
        s.v6AssignRfc4193 = mode->rfc4193;
        s.v6AssignZt = mode->zt;
        s.v6Assign6plane = mode->sixPlane;
    } else if (key == QLatin1String("routes")) {
        auto routes = parseRoutes(value);
        if (!routes)
            return routes.error();
        s.routes = *routes;
    } else if (key == QLatin1String("ipAssignmentPools")) {
        auto pools = parsePools(value);
        if (!pools)
            return pools.error();
        s.pools = *pools;
    } else if (key == QLatin1String("rules")) {
        auto rules = parseRules(value, key, Rule::MaxBaseRules);
        if (!rules)
            return rules.error();
        s.rulesJson = *rules;
    } else if (key == QLatin1String("capabilities")) {
        auto caps = parseCapabilities(value);
        if (!caps)
            return caps.error();
        s.capabilitiesJson = *caps;
    } else if (key == QLatin1String("tags")) {
        auto tags = parseNetworkTags(value);
        if (!tags)
            return tags.error();
        s.tagsJson = *tags;
    } else if (key == QLatin1String("authTokens")) {
        auto tokens = parseAuthTokens(value);
        if (!tokens)
            return tokens.error();
        s.authTokensJson = *tokens;
    } else if (key == QLatin1String("dns")) {
        auto dns = parseDns(value);
        if (!dns)
            return dns.error();
        s.dns = *dns;
    } else if (key == QLatin1String("remoteTraceTarget")) {
        auto target = parseTraceTarget(value, key);
        if (!target)
            return target.error();
        s.remoteTraceTarget = *target;
    } else if (key == QLatin1String("remoteTraceLevel")) {
        return intField(s.remoteTraceLevel, 0, std::numeric_limits<int>::max());
    } else if (key == QLatin1String("rulesSource")) {
        // Not writable in the reference's API, but front-ends that compile rules post it beside the
        // rules; keeping it is what they expect.
        if (value.isNull()) {
            s.rulesSource.clear();
            return Ok{};
        }
        auto text = toText(value, key);
        if (!text)
            return text.error();
        s.rulesSource = *text;
    } else if (stored && key == QLatin1String("certificateTimeoutWindowSize")) {
        auto n = ControllerJson::toInteger(value, key, 0, std::numeric_limits<qint64>::max());
        if (!n)
            return n.error();
        s.certificateTimeoutWindow = *n;
    } else if (readOnlyNetworkKeys().contains(key)) {
        return Ok{};
    } else if (stored) {
        return Ok{}; // other versions' fields in a stored record (relays, gateways, …) are not ours
    } else {
        return bad(QStringLiteral("a network has no writable field '%1'").arg(key));
    }
    return Ok{};
}

Status applyMemberField(MemberUpdate &u, const QString &key, const QJsonValue &value, bool stored)
{
    auto boolField = [&](std::optional<bool> &target) -> Status {
        auto b = ControllerJson::toBool(value, key);
        if (!b)
            return b.error();
        target = *b;
        return Ok{};
    };
    if (key == QLatin1String("authorized")) {
        return boolField(u.authorized);
    } else if (key == QLatin1String("activeBridge")) {
        return boolField(u.activeBridge);
    } else if (key == QLatin1String("noAutoAssignIps")) {
        return boolField(u.noAutoAssignIps);
    } else if (key == QLatin1String("name") || key == QLatin1String("description")) {
        if (value.isNull()) {
            (key == QLatin1String("name") ? u.name : u.description) = QString();
            return Ok{};
        }
        auto text = toText(value, key);
        if (!text)
            return text.error();
        (key == QLatin1String("name") ? u.name : u.description) = *text;
    } else if (key == QLatin1String("ipAssignments")) {
        auto array = cappedArray(value, key);
        if (!array)
            return array.error();
        QList<InetAddress> ips;
        for (qsizetype i = 0; i < array->size(); ++i) {
            auto ip = toIp(array->at(i), QStringLiteral("ipAssignments[%1]").arg(i), true);
            if (!ip)
                return ip.error();
            ips.append(*ip);
        }
        u.ipAssignments = ips;
    } else if (key == QLatin1String("tags")) {
        auto array = cappedArray(value, key);
        if (!array)
            return array.error();
        QMap<quint32, quint32> sorted; // the reference's rule: last value for an id wins
        for (qsizetype i = 0; i < array->size(); ++i) {
            const QString field = QStringLiteral("tags[%1]").arg(i);
            const QJsonArray pair = array->at(i).toArray();
            if (!array->at(i).isArray() || pair.size() != 2)
                return bad(QStringLiteral("'%1' must be a pair [id, value]").arg(field));
            auto id = ControllerJson::toInteger(pair.at(0), field + QStringLiteral("[0]"), 0, 0xffffffffLL);
            if (!id)
                return id.error();
            auto v = ControllerJson::toInteger(pair.at(1), field + QStringLiteral("[1]"), 0, 0xffffffffLL);
            if (!v)
                return v.error();
            sorted.insert(quint32(*id), quint32(*v));
        }
        QList<QPair<quint32, quint32>> tags;
        for (auto it = sorted.cbegin(); it != sorted.cend(); ++it)
            tags.append({it.key(), it.value()});
        u.tags = tags;
    } else if (key == QLatin1String("capabilities")) {
        auto array = cappedArray(value, key);
        if (!array)
            return array.error();
        QList<quint32> caps;
        for (qsizetype i = 0; i < array->size(); ++i) {
            auto n =
                ControllerJson::toInteger(array->at(i), QStringLiteral("capabilities[%1]").arg(i), 0, 0xffffffffLL);
            if (!n)
                return n.error();
            caps.append(quint32(*n));
        }
        std::sort(caps.begin(), caps.end());
        caps.erase(std::unique(caps.begin(), caps.end()), caps.end());
        u.capabilities = caps;
    } else if (key == QLatin1String("remoteTraceTarget")) {
        auto target = parseTraceTarget(value, key);
        if (!target)
            return target.error();
        if (!target->isEmpty() && !stored)
            return bad(QStringLiteral("'remoteTraceTarget' is not supported for members (only null)"));
    } else if (key == QLatin1String("remoteTraceLevel") || key == QLatin1String("authenticationExpiryTime")) {
        auto n = ControllerJson::toInteger(value, key, 0, std::numeric_limits<qint64>::max());
        if (!n)
            return n.error();
        if (*n != 0 && !stored)
            return bad(QStringLiteral("'%1' is not supported by this controller (only 0)").arg(key));
    } else if (readOnlyMemberKeys().contains(key) || stored) {
        return Ok{};
    } else {
        return bad(QStringLiteral("a member has no writable field '%1'").arg(key));
    }
    return Ok{};
}

QJsonValue ipOrNull(const InetAddress &ip)
{
    return ip.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(ip.toIpString());
}

} // namespace

Result<bool> ControllerJson::toBool(const QJsonValue &value, const QString &field)
{
    if (value.isBool())
        return value.toBool();
    if (value.isDouble()) {
        const double d = value.toDouble();
        if (d == 0)
            return false;
        if (d == 1)
            return true;
    } else if (value.isString()) {
        const QString text = value.toString().trimmed().toLower();
        if (text == QLatin1String("true") || text == QLatin1String("t") || text == QLatin1String("1"))
            return true;
        if (text == QLatin1String("false") || text == QLatin1String("f") || text == QLatin1String("0"))
            return false;
    }
    return bad(QStringLiteral("'%1' must be true or false").arg(field));
}

Result<qint64> ControllerJson::toInteger(const QJsonValue &value, const QString &field, qint64 min, qint64 max)
{
    const auto range = [&]() {
        return bad(QStringLiteral("'%1' must be an integer from %2 to %3").arg(field).arg(min).arg(max));
    };
    qint64 n = 0;
    if (value.isBool()) {
        n = value.toBool() ? 1 : 0;
    } else if (value.isDouble()) {
        const double d = value.toDouble();
        // Doubles beyond 2^63 are not representable as qint64; converting them is undefined.
        if (!std::isfinite(d) || d != std::floor(d) || d < -9.2e18 || d > 9.2e18)
            return range();
        n = qint64(d);
    } else if (value.isString()) {
        bool ok = false;
        n = value.toString().trimmed().toLongLong(&ok, 10);
        if (!ok)
            return range();
    } else {
        return range();
    }
    if (n < min || n > max)
        return range();
    return n;
}

QJsonObject ControllerJson::networkToJson(const NetworkDetails &network, Form form, qint64 clockMs)
{
    const NetworkSettings &s = network.settings;
    QJsonObject o;
    const QString id = networkIdToString(network.id);
    o.insert(QStringLiteral("id"), id);
    o.insert(QStringLiteral("nwid"), id);
    o.insert(QStringLiteral("objtype"), QStringLiteral("network"));
    o.insert(QStringLiteral("name"), s.name);
    o.insert(QStringLiteral("private"), s.isPrivate);
    o.insert(QStringLiteral("creationTime"), double(network.creationTime));
    o.insert(QStringLiteral("revision"), double(network.revision));
    o.insert(QStringLiteral("enableBroadcast"), s.enableBroadcast);
    o.insert(QStringLiteral("multicastLimit"), s.multicastLimit);
    o.insert(QStringLiteral("mtu"), s.mtu);
    o.insert(QStringLiteral("v4AssignMode"), QJsonObject{{QStringLiteral("zt"), s.v4AssignZt}});
    o.insert(QStringLiteral("v6AssignMode"), QJsonObject{{QStringLiteral("6plane"), s.v6Assign6plane},
                                                         {QStringLiteral("rfc4193"), s.v6AssignRfc4193},
                                                         {QStringLiteral("zt"), s.v6AssignZt}});
    QJsonArray routes;
    for (const NetworkConfig::Route &r : s.routes) {
        routes.append(
            QJsonObject{{QStringLiteral("target"), r.target.toString()}, {QStringLiteral("via"), ipOrNull(r.via)}});
    }
    o.insert(QStringLiteral("routes"), routes);
    QJsonArray pools;
    for (const IpPool &p : s.pools) {
        pools.append(QJsonObject{{QStringLiteral("ipRangeStart"), p.start.toIpString()},
                                 {QStringLiteral("ipRangeEnd"), p.end.toIpString()}});
    }
    o.insert(QStringLiteral("ipAssignmentPools"), pools);
    o.insert(QStringLiteral("rules"), arrayFromText(s.rulesJson, kDefaultRules));
    o.insert(QStringLiteral("rulesSource"), s.rulesSource);
    o.insert(QStringLiteral("capabilities"), arrayFromText(s.capabilitiesJson));
    o.insert(QStringLiteral("tags"), arrayFromText(s.tagsJson));
    const QJsonDocument tokens = QJsonDocument::fromJson(s.authTokensJson.toUtf8());
    if (tokens.isObject() && !tokens.object().isEmpty())
        o.insert(QStringLiteral("authTokens"), tokens.object());
    else
        o.insert(QStringLiteral("authTokens"), QJsonArray{QJsonValue::Null}); // the reference's default
    o.insert(QStringLiteral("remoteTraceTarget"),
             s.remoteTraceTarget.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s.remoteTraceTarget));
    o.insert(QStringLiteral("remoteTraceLevel"), s.remoteTraceLevel);
    if (s.dns.domain.isEmpty() && s.dns.servers.isEmpty()) {
        o.insert(QStringLiteral("dns"), QJsonArray()); // the reference's default
    } else {
        QJsonArray servers;
        for (const InetAddress &server : s.dns.servers)
            servers.append(server.toIpString());
        o.insert(QStringLiteral("dns"),
                 QJsonObject{{QStringLiteral("domain"), s.dns.domain}, {QStringLiteral("servers"), servers}});
    }
    o.insert(QStringLiteral("ssoEnabled"), false);
    o.insert(QStringLiteral("clientId"), QString());
    o.insert(QStringLiteral("authorizationEndpoint"), QString());
    if (s.certificateTimeoutWindow > 0)
        o.insert(QStringLiteral("certificateTimeoutWindowSize"), double(s.certificateTimeoutWindow));
    if (form == Form::Api) {
        o.insert(QStringLiteral("clock"), double(clockMs));
        o.insert(QStringLiteral("authorizedMemberCount"), network.authorizedCount);
        o.insert(QStringLiteral("activeMemberCount"), network.onlineCount);
        o.insert(QStringLiteral("totalMemberCount"), network.memberCount);
    }
    return o;
}

QJsonObject ControllerJson::memberToJson(const MemberInfo &m, Form form, qint64 clockMs)
{
    QJsonObject o;
    const QString address = m.address.toString();
    o.insert(QStringLiteral("id"), address);
    o.insert(QStringLiteral("address"), address);
    o.insert(QStringLiteral("nwid"), networkIdToString(m.networkId));
    o.insert(QStringLiteral("objtype"), QStringLiteral("member"));
    if (!m.identity.isEmpty())
        o.insert(QStringLiteral("identity"), m.identity);
    o.insert(QStringLiteral("authorized"), m.authorized);
    o.insert(QStringLiteral("activeBridge"), m.activeBridge);
    o.insert(QStringLiteral("noAutoAssignIps"), m.noAutoAssignIps);
    QJsonArray ips;
    for (const InetAddress &ip : m.ipAssignments)
        ips.append(ip.toIpString());
    o.insert(QStringLiteral("ipAssignments"), ips);
    QJsonArray tags;
    for (const auto &t : m.tags)
        tags.append(QJsonArray{double(t.first), double(t.second)});
    o.insert(QStringLiteral("tags"), tags);
    QJsonArray caps;
    for (quint32 c : m.capabilities)
        caps.append(double(c));
    o.insert(QStringLiteral("capabilities"), caps);
    // The reference writes "name" only once a name was given (a member that only asked has none).
    if (!m.name.isNull() || form == Form::Api)
        o.insert(QStringLiteral("name"), m.name);
    if (!m.description.isEmpty())
        o.insert(QStringLiteral("description"), m.description);
    o.insert(QStringLiteral("creationTime"), double(m.creationTime));
    o.insert(QStringLiteral("revision"), double(m.revision));
    o.insert(QStringLiteral("lastAuthorizedTime"), double(m.lastAuthorizedTime));
    o.insert(QStringLiteral("lastDeauthorizedTime"), double(m.lastDeauthorizedTime));
    o.insert(QStringLiteral("lastAuthorizedCredentialType"), m.lastAuthorizedCredentialType.isNull()
                                                                 ? QJsonValue(QJsonValue::Null)
                                                                 : QJsonValue(m.lastAuthorizedCredentialType));
    o.insert(QStringLiteral("lastAuthorizedCredential"), m.lastAuthorizedCredential.isNull()
                                                             ? QJsonValue(QJsonValue::Null)
                                                             : QJsonValue(m.lastAuthorizedCredential));
    o.insert(QStringLiteral("authenticationExpiryTime"), double(m.authenticationExpiryTime));
    o.insert(QStringLiteral("ssoExempt"), false);
    o.insert(QStringLiteral("vMajor"), m.versionMajor);
    o.insert(QStringLiteral("vMinor"), m.versionMinor);
    o.insert(QStringLiteral("vRev"), m.versionRevision);
    o.insert(QStringLiteral("vProto"), m.protocolVersion);
    o.insert(QStringLiteral("remoteTraceTarget"), QJsonValue::Null);
    o.insert(QStringLiteral("remoteTraceLevel"), 0);
    if (form == Form::Api) {
        o.insert(QStringLiteral("clock"), double(clockMs));
        o.insert(QStringLiteral("online"), m.online);
        o.insert(QStringLiteral("lastSeen"), double(m.lastRequestTime));
        o.insert(QStringLiteral("physicalAddress"),
                 m.physicalAddress.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(m.physicalAddress.toString()));
        const QString version = m.clientVersion();
        o.insert(QStringLiteral("clientVersion"),
                 version.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(version));
        o.insert(QStringLiteral("latency"), double(m.latencyMs));
    }
    return o;
}

// A body with `rulesSource` and no `rules` asks for the source to be compiled: its rules, capabilities
// and tags are stored with it (docs/flowrules.md). With both, both are stored as sent.
static Result<QJsonObject> withCompiledRules(const QJsonObject &patch)
{
    const QJsonValue source = patch.value(QLatin1String("rulesSource"));
    if (!source.isString() || patch.contains(QLatin1String("rules")))
        return patch;
    const flowrules::CompileResult compiled = flowrules::compileRules(source.toString());
    if (!compiled.ok())
        return bad(compiled.error().toString());
    QJsonObject out = patch;
    out.insert(QStringLiteral("rules"), compiled.rules().rulesJson());
    out.insert(QStringLiteral("capabilities"), compiled.rules().capabilitiesJson());
    out.insert(QStringLiteral("tags"), compiled.rules().tagsJson());
    return out;
}

Status ControllerJson::applyNetworkPatch(NetworkSettings &settings, const QJsonObject &body)
{
    const Result<QJsonObject> compiled = withCompiledRules(body);
    if (!compiled)
        return compiled.error();
    const QJsonObject &patch = *compiled;
    NetworkSettings next = settings;
    for (auto it = patch.constBegin(); it != patch.constEnd(); ++it) {
        if (Status applied = applyNetworkField(next, it.key(), it.value(), false); !applied)
            return applied;
    }
    settings = next;
    return Ok{};
}

Result<MemberUpdate> ControllerJson::memberUpdateFromJson(const QJsonObject &patch)
{
    MemberUpdate update;
    for (auto it = patch.constBegin(); it != patch.constEnd(); ++it) {
        if (Status applied = applyMemberField(update, it.key(), it.value(), false); !applied)
            return applied.error();
    }
    return update;
}

Result<NetworkDetails> ControllerJson::networkFromJson(const QJsonObject &object)
{
    NetworkDetails details;
    QString idText = object.value(QStringLiteral("id")).toString();
    if (idText.isEmpty())
        idText = object.value(QStringLiteral("nwid")).toString();
    const auto id = idText.size() == 16 ? networkIdFromString(idText) : std::nullopt;
    if (!id)
        return bad(QStringLiteral("the network has no valid 'id' (16 hex digits)"));
    details.id = *id;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (Status applied = applyNetworkField(details.settings, it.key(), it.value(), true); !applied)
            return applied.error();
    }
    if (object.contains(QStringLiteral("creationTime"))) {
        auto n = toInteger(object.value(QStringLiteral("creationTime")), QStringLiteral("creationTime"), 0,
                           std::numeric_limits<qint64>::max());
        if (!n)
            return n.error();
        details.creationTime = *n;
    }
    if (object.contains(QStringLiteral("revision"))) {
        auto n = toInteger(object.value(QStringLiteral("revision")), QStringLiteral("revision"), 0,
                           std::numeric_limits<qint64>::max());
        if (!n)
            return n.error();
        details.revision = quint64(*n);
    }
    return details;
}

Result<MemberInfo> ControllerJson::memberFromJson(const QJsonObject &object)
{
    MemberInfo m;
    const auto nwid = networkIdFromString(object.value(QStringLiteral("nwid")).toString());
    if (!nwid || object.value(QStringLiteral("nwid")).toString().size() != 16)
        return bad(QStringLiteral("the member has no valid 'nwid' (16 hex digits)"));
    m.networkId = *nwid;
    QString addressText = object.value(QStringLiteral("id")).toString();
    if (addressText.isEmpty())
        addressText = object.value(QStringLiteral("address")).toString();
    const auto address = addressText.size() == 10 ? Address::fromString(addressText) : std::nullopt;
    if (!address || address->isReserved())
        return bad(QStringLiteral("the member has no valid 'id' (10 hex digits)"));
    m.address = *address;
    MemberUpdate u;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (Status applied = applyMemberField(u, it.key(), it.value(), true); !applied)
            return applied.error();
    }
    m.authorized = u.authorized.value_or(false);
    m.activeBridge = u.activeBridge.value_or(false);
    m.noAutoAssignIps = u.noAutoAssignIps.value_or(false);
    m.ipAssignments = u.ipAssignments.value_or(QList<InetAddress>());
    m.tags = u.tags.value_or(QList<QPair<quint32, quint32>>());
    m.capabilities = u.capabilities.value_or(QList<quint32>());
    m.name = u.name.value_or(QString());
    if (u.name && m.name.isNull() && object.value(QStringLiteral("name")).isString())
        m.name = QStringLiteral(""); // "name":"" is kept as given, unlike no "name" at all
    m.description = u.description.value_or(QString());
    for (const auto &[key, target] : {std::pair{"lastAuthorizedCredentialType", &m.lastAuthorizedCredentialType},
                                      std::pair{"lastAuthorizedCredential", &m.lastAuthorizedCredential}}) {
        const QJsonValue v = object.value(QLatin1String(key));
        if (v.isString())
            *target = v.toString().isNull() ? QStringLiteral("") : v.toString();
        else if (!v.isNull() && !v.isUndefined())
            return bad(QStringLiteral("'%1' must be a string or null").arg(QLatin1String(key)));
    }
    const QJsonValue identity = object.value(QStringLiteral("identity"));
    if (identity.isString() && !identity.toString().isEmpty()) {
        if (!identity.toString().startsWith(m.address.toString() + u':'))
            return bad(QStringLiteral("'identity' does not belong to member %1").arg(m.address.toString()));
        m.identity = identity.toString();
    } else if (!identity.isUndefined() && !identity.isNull() && !identity.isString()) {
        return bad(QStringLiteral("'identity' must be a string"));
    }
    struct IntField
    {
        const char *name;
        qint64 *target64;
        int *target32;
        qint64 min;
    };
    qint64 revision = 0;
    const IntField fields[] = {
        {"creationTime", &m.creationTime, nullptr, 0},
        {"revision", &revision, nullptr, 0},
        {"lastAuthorizedTime", &m.lastAuthorizedTime, nullptr, 0},
        {"lastDeauthorizedTime", &m.lastDeauthorizedTime, nullptr, 0},
        {"authenticationExpiryTime", &m.authenticationExpiryTime, nullptr, 0},
        {"vMajor", nullptr, &m.versionMajor, -1},
        {"vMinor", nullptr, &m.versionMinor, -1},
        {"vRev", nullptr, &m.versionRevision, -1},
        {"vProto", nullptr, &m.protocolVersion, -1},
    };
    for (const IntField &f : fields) {
        const QString key = QLatin1String(f.name);
        const QJsonValue v = object.value(key);
        if (v.isUndefined() || v.isNull())
            continue;
        auto n =
            toInteger(v, key, f.min, f.target32 ? std::numeric_limits<int>::max() : std::numeric_limits<qint64>::max());
        if (!n)
            return n.error();
        if (f.target64)
            *f.target64 = *n;
        else
            *f.target32 = int(*n);
    }
    m.revision = quint64(revision);
    m.pending = !m.authorized && !m.identity.isEmpty();
    return m;
}

} // namespace tier
