// SPDX-License-Identifier: GPL-3.0-or-later
#include "memberevent.h"

#include <QJsonArray>

namespace tier {

QString MemberEvent::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Config:
        return QStringLiteral("config");
    case Kind::Denied:
        return QStringLiteral("denied");
    case Kind::NotFound:
        return QStringLiteral("notfound");
    case Kind::Revoked:
        return QStringLiteral("revoked");
    case Kind::Invalid:
        return QStringLiteral("invalid");
    }
    return QStringLiteral("unknown");
}

QJsonObject MemberEvent::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("member"), member.toString());
    o.insert(QStringLiteral("network"), networkIdToString(networkId));
    o.insert(QStringLiteral("event"), kindName(kind));
    o.insert(QStringLiteral("time"), double(time));
    if (config) {
        o.insert(QStringLiteral("revision"), double(config->revision));
        o.insert(QStringLiteral("name"), config->name);
        o.insert(QStringLiteral("pushed"), pushed);
        QJsonArray ips;
        for (const InetAddress &ip : config->staticIps)
            ips.append(ip.toString());
        o.insert(QStringLiteral("ips"), ips);
        QJsonArray routes;
        for (const NetworkConfig::Route &r : config->routes) {
            QJsonObject ro;
            ro.insert(QStringLiteral("target"), r.target.toString());
            ro.insert(QStringLiteral("via"), r.via.isNull() ? QJsonValue() : QJsonValue(r.via.toIpString()));
            routes.append(ro);
        }
        o.insert(QStringLiteral("routes"), routes);
        QJsonObject dns;
        dns.insert(QStringLiteral("domain"), config->dns.domain);
        QJsonArray servers;
        for (const InetAddress &s : config->dns.servers)
            servers.append(s.toIpString());
        dns.insert(QStringLiteral("servers"), servers);
        o.insert(QStringLiteral("dns"), dns);
    }
    if (!detail.isEmpty())
        o.insert(QStringLiteral("detail"), detail);
    return o;
}

} // namespace tier
