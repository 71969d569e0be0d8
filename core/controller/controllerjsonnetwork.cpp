// SPDX-License-Identifier: GPL-3.0-or-later
// ControllerJson: the network object (docs/protocol/controller-logic.md §8.1), both directions.
#include "core/controller/controllerjson.h"
#include "core/controller/controllerjson_p.h"
#include "core/controller/networkvalidation.h"
#include "core/flowrules/compiler.h"
#include "core/protocol/rules.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <limits>

namespace tier {

using namespace controllerjson;

namespace {

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
    } else if (key == QLatin1String("description")) {
        // Ours (ZeroTier Central has one, the reference controller none); null clears it.
        auto text = value.isNull() ? Result<QString>(QString()) : toText(value, key);
        if (!text)
            return text.error();
        if (auto invalid = NetworkValidator::descriptionError(*text))
            return bad(QStringLiteral("'%1': %2").arg(key, invalid->message()));
        s.description = *text;
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

} // namespace

QJsonObject ControllerJson::networkToJson(const NetworkDetails &network, Form form, qint64 clockMs)
{
    const NetworkSettings &s = network.settings;
    QJsonObject o;
    const QString id = networkIdToString(network.id);
    o.insert(QStringLiteral("id"), id);
    o.insert(QStringLiteral("nwid"), id);
    o.insert(QStringLiteral("objtype"), QStringLiteral("network"));
    o.insert(QStringLiteral("name"), s.name);
    // Only when there is one: the reference's network objects have no such key, and exported
    // controller.d files of networks without one stay exactly like the reference's.
    if (!s.description.isEmpty())
        o.insert(QStringLiteral("description"), s.description);
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

} // namespace tier
