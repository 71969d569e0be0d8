// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/controller/controllerstate.h"

#include "core/controller/networkrow.h"
#include "core/controller/networkvalidation.h"
#include "core/controller/storedjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace tier {

namespace memberfields {

quint32 toU32(const QJsonValue &v)
{
    return isJsonU32(v) ? quint32(quint64(v.toDouble())) : 0;
}

namespace {

QString compact(const QJsonArray &array)
{
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

} // namespace

QList<QPair<quint32, quint32>> tagsFromJson(const QString &text)
{
    QMap<quint32, quint32> sorted;
    if (auto array = parseJsonArrayText(text)) {
        for (const QJsonValue &v : *array) {
            const QJsonArray pair = v.toArray();
            if (pair.size() >= 2)
                sorted.insert(toU32(pair[0]), toU32(pair[1]));
        }
    }
    QList<QPair<quint32, quint32>> out;
    for (auto it = sorted.cbegin(); it != sorted.cend(); ++it)
        out.append({it.key(), it.value()});
    return out;
}

QString tagsToJson(const QList<QPair<quint32, quint32>> &tags)
{
    QJsonArray array;
    for (const auto &t : tags)
        array.append(QJsonArray{double(t.first), double(t.second)});
    return compact(array);
}

QList<quint32> capsFromJson(const QString &text)
{
    QList<quint32> out;
    if (auto array = parseJsonArrayText(text)) {
        for (const QJsonValue &v : *array)
            out.append(toU32(v));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

QString capsToJson(const QList<quint32> &caps)
{
    QJsonArray array;
    for (quint32 c : caps)
        array.append(double(c));
    return compact(array);
}

QList<InetAddress> ips(const MemberRow &m)
{
    QList<InetAddress> out;
    for (const QString &text : m.ipAssignments) {
        if (auto ip = InetAddress::fromIpString(text))
            out.append(*ip);
    }
    return out;
}

} // namespace memberfields

ControllerNetworkRow NetworkState::toRow() const
{
    ControllerNetworkRow row = networkSettingsRow(id, settings, creationTime, revision, extra);
    row.record.lastModified = lastModified;
    return row;
}

NetworkState NetworkState::fromRow(const ControllerNetworkRow &row)
{
    NetworkState net;
    const NetworkRecord &r = row.record;
    net.id = r.id;
    net.extra = r;
    net.revision = r.revision;
    net.creationTime = r.creationTime;
    net.lastModified = r.lastModified;
    NetworkSettings &s = net.settings;
    s.name = r.name;
    s.description = r.description;
    s.isPrivate = r.isPrivate;
    s.enableBroadcast = r.enableBroadcast;
    s.multicastLimit = r.multicastLimit;
    s.mtu = r.mtu;
    s.v4AssignZt = r.v4AssignZt;
    s.v6AssignZt = r.v6AssignZt;
    s.v6AssignRfc4193 = r.v6AssignRfc4193;
    s.v6Assign6plane = r.v6Assign6plane;
    s.rulesJson = r.rulesJson;
    s.capabilitiesJson = r.capabilitiesJson;
    s.tagsJson = r.tagsJson;
    s.dns.domain = r.dnsDomain;
    if (auto servers = parseJsonArrayText(r.dnsServersJson)) {
        for (const QJsonValue &v : *servers) {
            if (auto ip = InetAddress::fromIpString(v.toString()))
                s.dns.servers.append(*ip);
        }
    }
    s.certificateTimeoutWindow = row.certificateTimeoutWindow;
    s.rulesSource = r.rulesSource;
    s.remoteTraceTarget = r.remoteTraceTarget;
    s.remoteTraceLevel = r.remoteTraceLevel;
    s.authTokensJson = r.authTokensJson;
    for (const PoolRow &p : row.pools) {
        auto start = InetAddress::fromIpString(p.start);
        auto end = InetAddress::fromIpString(p.end);
        if (start && end)
            s.pools.append(IpPool{*start, *end});
    }
    for (const RouteRow &rt : row.routes) {
        auto target = InetAddress::fromIpString(rt.target, quint16(rt.bits));
        if (!target)
            continue;
        NetworkConfig::Route route;
        route.target = *target;
        if (!rt.via.isEmpty())
            route.via = InetAddress::fromIpString(rt.via).value_or(InetAddress());
        route.flags = quint16(rt.flags);
        route.metric = quint16(rt.metric);
        s.routes.append(route);
    }
    return net;
}

QList<Address> ControllerState::onlineMembers(const NetworkState &net, qint64 at) const
{
    QList<Address> out;
    const auto asked = liveByNetwork.constFind(net.id);
    if (asked == liveByNetwork.constEnd())
        return out;
    for (quint64 address : *asked) {
        if (online(net.id, Address(address), at) && net.members.contains(address))
            out.append(Address(address));
    }
    std::sort(out.begin(), out.end());
    return out;
}

LiveStatus &ControllerState::liveStatus(MemberKey key)
{
    auto it = live.find(key);
    if (it == live.end()) {
        liveByNetwork[key.first].insert(key.second);
        it = live.insert(key, LiveStatus());
    }
    return *it;
}

void ControllerState::indexLive()
{
    liveByNetwork.clear();
    for (auto it = live.cbegin(); it != live.cend(); ++it)
        liveByNetwork[it.key().first].insert(it.key().second);
}

MemberInfo ControllerState::info(const MemberRow &m, qint64 at) const
{
    MemberInfo i;
    i.networkId = m.networkId;
    i.address = m.address;
    i.identity = m.identity;
    i.name = m.name;
    i.description = m.description;
    i.authorized = m.authorized;
    i.activeBridge = m.activeBridge;
    i.noAutoAssignIps = m.noAutoAssignIps;
    i.ipAssignments = memberfields::ips(m);
    i.tags = memberfields::tagsFromJson(m.tagsJson);
    i.capabilities = memberfields::capsFromJson(m.capabilitiesJson);
    i.creationTime = m.creationTime;
    i.revision = m.revision;
    i.lastAuthorizedTime = m.lastAuthorizedTime;
    i.lastDeauthorizedTime = m.lastDeauthorizedTime;
    i.lastAuthorizedCredentialType = m.lastAuthorizedCredentialType;
    i.lastAuthorizedCredential = m.lastAuthorizedCredential;
    i.authenticationExpiryTime = m.authenticationExpiryTime;
    i.pending = !m.authorized && !m.identity.isEmpty();
    if (auto it = live.constFind(MemberKey(m.networkId, m.address.toInt())); it != live.constEnd()) {
        i.lastRequestTime = it->lastRequestTime;
        i.physicalAddress = it->physicalAddress;
        i.protocolVersion = it->protocolVersion;
        i.versionMajor = it->versionMajor;
        i.versionMinor = it->versionMinor;
        i.versionRevision = it->versionRevision;
        i.latencyMs = it->latencyMs;
        i.online = liveOnline(*it, at);
        i.recentHistory = it->history;
    } else {
        i.protocolVersion = m.vProto;
        i.versionMajor = m.vMajor;
        i.versionMinor = m.vMinor;
        i.versionRevision = m.vRev;
    }
    return i;
}

NetworkDetails ControllerState::details(const NetworkState &net, qint64 at) const
{
    NetworkDetails d;
    d.id = net.id;
    d.settings = net.settings;
    d.revision = net.revision;
    d.creationTime = net.creationTime;
    d.memberCount = int(net.members.size());
    d.authorizedCount = int(net.members.authorizedCount());
    d.pendingCount = int(net.members.pendingCount());
    if (const auto asked = liveByNetwork.constFind(net.id); asked != liveByNetwork.constEnd()) {
        for (quint64 address : *asked) {
            if (online(net.id, Address(address), at) && net.members.contains(address))
                ++d.onlineCount;
        }
    }
    d.warnings = warnings(net);
    return d;
}

QList<InetAddress> ControllerState::outsideRoutes(const NetworkSettings &settings, Address member,
                                                  const QList<InetAddress> &ips)
{
    QList<InetAddress> out;
    for (const InetAddress &ip : ips) {
        if (NetworkValidator::memberIpWarning(settings, member, ip))
            out.append(ip);
    }
    return out;
}

QList<NetworkFinding> ControllerState::warnings(const NetworkState &net) const
{
    if (net.warnings)
        return *net.warnings;
    NetworkValidator::Context context;
    if (!net.outsideRoutes || net.outsideRoutes->routes != net.settings.routes) {
        NetworkState::OutsideRoutes outside{net.settings.routes, {}};
        net.members.forEachIps([&](Address address, const QList<InetAddress> &ips) {
            if (QList<InetAddress> found = outsideRoutes(net.settings, address, ips); !found.isEmpty())
                outside.members.emplace(address.toInt(), std::move(found));
        });
        net.outsideRoutes = std::move(outside);
    }
    for (const auto &[address, ips] : net.outsideRoutes->members)
        context.members.append({Address(address), ips});
    for (const NetworkState &other : networks) {
        if (other.id != net.id && !other.settings.pools.isEmpty())
            context.otherNetworks.append({other.id, other.settings.name, other.settings.pools});
    }
    net.warnings = NetworkValidator::warnings(net.settings, context);
    return *net.warnings;
}

void ControllerState::forgetAllWarnings()
{
    for (NetworkState &net : networks)
        net.warnings.reset();
}

QList<const NetworkState *> ControllerState::poolNeighbours(quint64 nwid, const QList<IpPool> &pools) const
{
    QList<const NetworkState *> out;
    for (const NetworkState &other : networks) {
        if (other.id == nwid)
            continue;
        const bool touches =
            std::any_of(other.settings.pools.cbegin(), other.settings.pools.cend(), [&](const IpPool &p) {
                return std::any_of(pools.cbegin(), pools.cend(), [&](const IpPool &mine) {
                    return p.start.family() == mine.start.family() && p.start.ipBytes() <= mine.end.ipBytes() &&
                           mine.start.ipBytes() <= p.end.ipBytes();
                });
            });
        if (touches)
            out.append(&other);
    }
    return out;
}

Result<MemberEdit> ControllerState::memberForEdit(quint64 networkId, Address member, qint64 at)
{
    auto it = networks.find(networkId);
    if (it == networks.end())
        return makeError(ErrorCode::NotFound,
                         QStringLiteral("network %1 does not exist").arg(networkIdToString(networkId)));
    if (member.isReserved())
        return makeError(ErrorCode::Malformed, QStringLiteral("%1 is not a member address").arg(member.toString()));
    MemberEdit edit;
    edit.net = &*it;
    std::optional<MemberRow> stored = it->members.find(member.toInt());
    edit.exists = stored.has_value();
    if (edit.exists) {
        edit.row = std::move(*stored);
    } else {
        edit.row.networkId = networkId;
        edit.row.address = member;
        edit.row.creationTime = at;
    }
    return edit;
}

void ControllerState::commitMember(NetworkState &net, const MemberRow &row)
{
    const std::optional<MemberBrief> previous = net.members.brief(row.address.toInt());
    const bool wasAuthorized = previous && previous->authorized;
    storeMember(net, row);
    ++counters.memberChanges;
    if (row.authorized && !wasAuthorized)
        ++counters.memberAuthorizations;
    else if (!row.authorized && wasAuthorized)
        ++counters.memberDeauthorizations;
}

void ControllerState::storeMember(NetworkState &net, const MemberRow &row)
{
    const std::optional<MemberRow> previous = net.members.find(row.address.toInt());
    if (row.activeBridge || (previous && previous->activeBridge))
        net.bridges.reset();
    if (!previous || previous->ipAssignments != row.ipAssignments) {
        net.warnings.reset();
        if (net.outsideRoutes && net.outsideRoutes->routes == net.settings.routes) {
            QList<InetAddress> found = outsideRoutes(net.settings, row.address, memberfields::ips(row));
            if (found.isEmpty())
                net.outsideRoutes->members.erase(row.address.toInt());
            else
                net.outsideRoutes->members.insert_or_assign(row.address.toInt(), std::move(found));
        } else {
            net.outsideRoutes.reset();
        }
        if (net.allocatedIps) {
            const QList<InetAddress> now = memberfields::ips(row);
            if (previous) {
                for (const InetAddress &ip : memberfields::ips(*previous)) {
                    if (!now.contains(ip))
                        net.allocatedIps->remove(ip);
                }
            }
            for (const InetAddress &ip : now)
                net.allocatedIps->insert(ip);
        }
    }
    net.members.insert(row);
}

void ControllerState::removeMember(NetworkState &net, Address address)
{
    if (!net.members.contains(address.toInt()))
        return;
    if (net.allocatedIps) {
        for (const InetAddress &ip : net.members.ips(address.toInt()))
            net.allocatedIps->remove(ip);
    }
    net.members.remove(address.toInt());
    net.bridges.reset();
    net.warnings.reset();
    if (net.outsideRoutes)
        net.outsideRoutes->members.erase(address.toInt());
}

void ControllerState::forgetExpiredCredentials(qint64 at)
{
    if (at >= credentialsSweptAt && at - credentialsSweptAt < CredentialSweepMs)
        return;
    credentialsSweptAt = at;
    issued.removeIf([at](const QHash<MemberKey, IssuedCredentials>::iterator it) { return !it->youngAt(at); });
}

void ControllerState::forgetMember(MemberKey key)
{
    issued.remove(key);
    if (live.remove(key)) {
        auto asked = liveByNetwork.find(key.first);
        if (asked != liveByNetwork.end() && asked->remove(key.second) && asked->isEmpty())
            liveByNetwork.erase(asked);
    }
    dirty.remove(key);
    stale.remove(key);
}

} // namespace tier
