// SPDX-License-Identifier: GPL-3.0-or-later
#include "importrows.h"

#include "core/controller/networkrow.h"
#include "core/controller/storedjson.h"
#include "core/protocol/rules.h"
#include "core/store/networkrepository.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace tier {

namespace {

QString compact(const QJsonArray &array)
{
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

} // namespace

ControllerNetworkRow ImportRows::networkRow(const NetworkDetails &network, const NetworkRecord &extra)
{
    return networkSettingsRow(network.id, network.settings, network.creationTime, network.revision, extra);
}

MemberRow ImportRows::memberRow(const MemberInfo &member)
{
    MemberRow row;
    row.networkId = member.networkId;
    row.address = member.address;
    row.identity = member.identity;
    row.authorized = member.authorized;
    row.activeBridge = member.activeBridge;
    row.noAutoAssignIps = member.noAutoAssignIps;
    row.name = member.name;
    row.description = member.description;
    QJsonArray tags;
    for (const auto &t : member.tags)
        tags.append(QJsonArray{double(t.first), double(t.second)});
    row.tagsJson = compact(tags);
    QJsonArray caps;
    for (quint32 c : member.capabilities)
        caps.append(double(c));
    row.capabilitiesJson = compact(caps);
    row.creationTime = member.creationTime;
    row.revision = member.revision;
    row.lastAuthorizedTime = member.lastAuthorizedTime;
    row.lastDeauthorizedTime = member.lastDeauthorizedTime;
    row.lastAuthorizedCredentialType = member.lastAuthorizedCredentialType;
    row.lastAuthorizedCredential = member.lastAuthorizedCredential;
    row.authenticationExpiryTime = member.authenticationExpiryTime;
    row.vMajor = member.versionMajor;
    row.vMinor = member.versionMinor;
    row.vRev = member.versionRevision;
    row.vProto = member.protocolVersion;
    for (const InetAddress &ip : member.ipAssignments)
        row.ipAssignments.append(ip.toIpString());
    return row;
}

QStringList ImportRows::checkSettings(const NetworkSettings &s)
{
    QStringList problems;
    if (Status name = NetworkRepository::validateName(s.name); !name)
        problems.append(name.error().message);
    if (s.mtu < 1280 || s.mtu > 10000)
        problems.append(QStringLiteral("MTU %1 is outside 1280…10000").arg(s.mtu));
    if (s.multicastLimit < 0)
        problems.append(QStringLiteral("the multicast limit cannot be negative"));
    for (const IpPool &p : s.pools) {
        if (p.start.isNull() || p.end.isNull() || p.start.family() != p.end.family())
            problems.append(QStringLiteral("an IP pool needs a start and an end address of the same family"));
        else if (p.end.ipBytes() < p.start.ipBytes())
            problems.append(
                QStringLiteral("IP pool %1–%2 ends before it starts").arg(p.start.toIpString(), p.end.toIpString()));
    }
    if (s.routes.size() > NetworkConfig::MaxRoutes)
        problems.append(QStringLiteral("more than %1 routes").arg(NetworkConfig::MaxRoutes));
    for (const NetworkConfig::Route &r : s.routes) {
        if (r.target.isNull()) {
            problems.append(QStringLiteral("a route has no target"));
            continue;
        }
        const int maxBits = r.target.isIPv4() ? 32 : 128;
        if (r.target.prefixLength() > maxBits)
            problems.append(QStringLiteral("route %1: prefix length above %2").arg(r.target.toString()).arg(maxBits));
        else if (r.target.network() != r.target)
            problems.append(QStringLiteral("route %1/%2 has host bits set (the network is %3/%2)")
                                .arg(r.target.toIpString())
                                .arg(r.target.prefixLength())
                                .arg(r.target.network().toIpString()));
        if (!r.via.isNull() && r.via.family() != r.target.family())
            problems.append(
                QStringLiteral("route %1: the gateway is of another address family").arg(r.target.toIpString()));
    }
    if (s.dns.domain.toUtf8().size() > NetworkConfig::MaxDomainLength)
        problems.append(QStringLiteral("the DNS domain is longer than %1 bytes").arg(NetworkConfig::MaxDomainLength));
    if (s.dns.servers.size() > NetworkConfig::MaxDnsServers)
        problems.append(QStringLiteral("more than %1 DNS servers").arg(NetworkConfig::MaxDnsServers));
    const auto rules = parseJsonArrayText(s.rulesJson);
    if (!rules)
        problems.append(QStringLiteral("the rules are not a JSON array"));
    else if (rules->size() > Rule::MaxBaseRules)
        problems.append(QStringLiteral("more than %1 rules").arg(Rule::MaxBaseRules));
    else if (auto parsed = rulesFromJson(*rules); !parsed)
        problems.append(QStringLiteral("rules: %1").arg(parsed.error().message));
    const auto caps = parseJsonArrayText(s.capabilitiesJson);
    if (!caps) {
        problems.append(QStringLiteral("the capabilities are not a JSON array"));
    } else {
        for (const QJsonValue &v : *caps) {
            const QJsonObject o = v.toObject();
            if (!isJsonU32(o.value(QStringLiteral("id"))))
                problems.append(QStringLiteral("a capability has no id from 0 to 4294967295"));
            else if (auto r = rulesFromJson(o.value(QStringLiteral("rules")).toArray()); !r)
                problems.append(QStringLiteral("capability rules: %1").arg(r.error().message));
        }
    }
    const auto tags = parseJsonArrayText(s.tagsJson);
    if (!tags) {
        problems.append(QStringLiteral("the tags are not a JSON array"));
    } else {
        for (const QJsonValue &v : *tags) {
            const QJsonObject o = v.toObject();
            if (!isJsonU32(o.value(QStringLiteral("id"))))
                problems.append(QStringLiteral("a tag has no id from 0 to 4294967295"));
        }
    }
    return problems;
}

} // namespace tier
