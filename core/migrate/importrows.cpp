// SPDX-License-Identifier: GPL-3.0-or-later
#include "importrows.h"

#include "core/controller/networkrow.h"
#include "core/controller/networkvalidation.h"

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
    return NetworkValidator::messages(NetworkValidator::errors(s));
}

} // namespace tier
