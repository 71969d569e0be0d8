// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/controller/controllerjson.h"

#include "core/controller/controllerjson_p.h"
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

namespace tier::controllerjson {

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

QJsonArray arrayFromText(const QString &text, const QString &fallback)
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

QJsonValue ipOrNull(const InetAddress &ip)
{
    return ip.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(ip.toIpString());
}

} // namespace tier::controllerjson

namespace tier {

using namespace controllerjson;

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

} // namespace tier
