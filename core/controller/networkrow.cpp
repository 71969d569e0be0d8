// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/controller/networkrow.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace tier {

ControllerNetworkRow networkSettingsRow(quint64 id, const NetworkSettings &settings, qint64 creationTime,
                                        quint64 revision, const NetworkRecord &extra)
{
    ControllerNetworkRow row;
    row.record = extra;
    NetworkRecord &r = row.record;
    const NetworkSettings &s = settings;
    r.id = id;
    r.name = s.name;
    r.description = s.description;
    r.isPrivate = s.isPrivate;
    r.enableBroadcast = s.enableBroadcast;
    r.multicastLimit = s.multicastLimit;
    r.mtu = s.mtu;
    r.v4AssignZt = s.v4AssignZt;
    r.v6AssignZt = s.v6AssignZt;
    r.v6AssignRfc4193 = s.v6AssignRfc4193;
    r.v6Assign6plane = s.v6Assign6plane;
    r.rulesJson = s.rulesJson.trimmed().isEmpty()
                      ? QStringLiteral("[{\"not\":false,\"or\":false,\"type\":\"ACTION_ACCEPT\"}]")
                      : s.rulesJson;
    r.capabilitiesJson = s.capabilitiesJson.trimmed().isEmpty() ? QStringLiteral("[]") : s.capabilitiesJson;
    r.tagsJson = s.tagsJson.trimmed().isEmpty() ? QStringLiteral("[]") : s.tagsJson;
    r.dnsDomain = s.dns.domain;
    QJsonArray servers;
    for (const InetAddress &server : s.dns.servers)
        servers.append(server.toIpString());
    r.dnsServersJson = QString::fromUtf8(QJsonDocument(servers).toJson(QJsonDocument::Compact));
    r.rulesSource = s.rulesSource;
    r.remoteTraceTarget = s.remoteTraceTarget;
    r.remoteTraceLevel = s.remoteTraceLevel;
    r.authTokensJson = s.authTokensJson.trimmed().isEmpty() ? QStringLiteral("{}") : s.authTokensJson;
    r.creationTime = creationTime;
    r.revision = revision;
    row.certificateTimeoutWindow = s.certificateTimeoutWindow;
    for (const IpPool &p : s.pools)
        row.pools.append(PoolRow{p.start.toIpString(), p.end.toIpString(), p.start.isIPv6() ? 6 : 4});
    for (const NetworkConfig::Route &rt : s.routes)
        row.routes.append(RouteRow{rt.target.toIpString(), rt.target.prefixLength(),
                                   rt.via.isNull() ? QString() : rt.via.toIpString(), rt.flags, rt.metric,
                                   rt.target.isIPv6() ? 6 : 4});
    return row;
}

} // namespace tier
