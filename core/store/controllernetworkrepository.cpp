// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/controllernetworkrepository.h"

#include "core/base/address.h"
#include "core/store/database.h"

#include <QHash>
#include <QSqlQuery>
#include <QVariant>

namespace tier {

namespace {

QString text(const QString &value)
{
    return value.isNull() ? QStringLiteral("") : value;
}

QVariant nullableText(const QString &value)
{
    return value.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(value);
}

QVariant nullableLong(qint64 value)
{
    return value == 0 ? QVariant(QMetaType::fromType<qint64>()) : QVariant(value);
}

// The columns only the API and controller.d imports set (the window never edits them), in the order
// rules_source, auth_tokens_json, remote_trace_target, remote_trace_level, sso_enabled, sso_client_id,
// sso_authorization_endpoint.
QVariantList compatibilityValues(const NetworkRecord &r)
{
    return {text(r.rulesSource),
            r.authTokensJson.isEmpty() ? QStringLiteral("{}") : r.authTokensJson,
            nullableText(r.remoteTraceTarget),
            r.remoteTraceLevel,
            int(r.ssoEnabled),
            text(r.ssoClientId),
            text(r.ssoAuthorizationEndpoint)};
}

} // namespace

ControllerNetworkRepository::ControllerNetworkRepository(Database &database) : m_database(database) {}

Result<QList<ControllerNetworkRow>> ControllerNetworkRepository::loadAll()
{
    auto q = m_database.exec(
        QStringLiteral(
            "SELECT id, name, is_private, enable_broadcast, multicast_limit, mtu, v4_assign_zt, v6_assign_rfc4193,"
            " v6_assign_zt, v6_assign_6plane, rules_json, rules_source, capabilities_json, tags_json,"
            " auth_tokens_json, dns_domain, dns_servers_json, remote_trace_target, remote_trace_level, sso_enabled,"
            " certificate_timeout_window, creation_time, revision, last_modified, sso_client_id,"
            " sso_authorization_endpoint, description FROM networks ORDER BY id"),
        {}, QStringLiteral("loading networks"));
    if (!q)
        return q.error();
    QList<ControllerNetworkRow> rows;
    while (q->next()) {
        ControllerNetworkRow row;
        NetworkRecord &r = row.record;
        r.id = networkIdFromString(q->value(0).toString()).value_or(0);
        r.name = q->value(1).toString();
        r.isPrivate = q->value(2).toInt() != 0;
        r.enableBroadcast = q->value(3).toInt() != 0;
        r.multicastLimit = q->value(4).toInt();
        r.mtu = q->value(5).toInt();
        r.v4AssignZt = q->value(6).toInt() != 0;
        r.v6AssignRfc4193 = q->value(7).toInt() != 0;
        r.v6AssignZt = q->value(8).toInt() != 0;
        r.v6Assign6plane = q->value(9).toInt() != 0;
        r.rulesJson = q->value(10).toString();
        r.rulesSource = q->value(11).toString();
        r.capabilitiesJson = q->value(12).toString();
        r.tagsJson = q->value(13).toString();
        r.authTokensJson = q->value(14).toString();
        r.dnsDomain = q->value(15).toString();
        r.dnsServersJson = q->value(16).toString();
        r.remoteTraceTarget = q->value(17).toString();
        r.remoteTraceLevel = q->value(18).toInt();
        r.ssoEnabled = q->value(19).toInt() != 0;
        row.certificateTimeoutWindow = q->value(20).isNull() ? 0 : q->value(20).toLongLong();
        r.creationTime = q->value(21).toLongLong();
        r.revision = q->value(22).toULongLong();
        r.lastModified = q->value(23).toLongLong();
        r.ssoClientId = q->value(24).toString();
        r.ssoAuthorizationEndpoint = q->value(25).toString();
        r.description = q->value(26).toString();
        rows.append(row);
    }
    q->finish();

    auto pools = m_database.exec(QStringLiteral("SELECT network_id, range_start, range_end, ip_version FROM ip_pools"
                                                " ORDER BY network_id, position"),
                                 {}, QStringLiteral("loading IP pools"));
    if (!pools)
        return pools.error();
    QHash<quint64, qsizetype> index;
    for (qsizetype i = 0; i < rows.size(); ++i)
        index.insert(rows[i].record.id, i);
    while (pools->next()) {
        const quint64 id = networkIdFromString(pools->value(0).toString()).value_or(0);
        if (auto it = index.constFind(id); it != index.constEnd())
            rows[*it].pools.append(
                PoolRow{pools->value(1).toString(), pools->value(2).toString(), pools->value(3).toInt()});
    }
    pools->finish();

    auto routes =
        m_database.exec(QStringLiteral("SELECT network_id, target, target_bits, via, flags, metric, ip_version"
                                       " FROM routes ORDER BY network_id, position"),
                        {}, QStringLiteral("loading routes"));
    if (!routes)
        return routes.error();
    while (routes->next()) {
        const quint64 id = networkIdFromString(routes->value(0).toString()).value_or(0);
        if (auto it = index.constFind(id); it != index.constEnd())
            rows[*it].routes.append(RouteRow{routes->value(1).toString(), routes->value(2).toInt(),
                                             routes->value(3).toString(), routes->value(4).toInt(),
                                             routes->value(5).toInt(), routes->value(6).toInt()});
    }
    return rows;
}

Status ControllerNetworkRepository::insert(const ControllerNetworkRow &row)
{
    const NetworkRecord &r = row.record;
    return m_database.transaction([&]() -> Status {
        auto exists = m_database.exec(QStringLiteral("SELECT 1 FROM networks WHERE id = ?"), {networkIdToString(r.id)});
        if (!exists)
            return exists.error();
        if (exists->next())
            return makeError(ErrorCode::Conflict,
                             QStringLiteral("network %1 already exists").arg(networkIdToString(r.id)));
        exists->finish();
        auto q = m_database.exec(
            QStringLiteral("INSERT INTO networks (id, name, is_private, enable_broadcast, multicast_limit, mtu,"
                           " v4_assign_zt, v6_assign_rfc4193, v6_assign_zt, v6_assign_6plane, rules_json,"
                           " capabilities_json, tags_json, dns_domain, dns_servers_json, certificate_timeout_window,"
                           " creation_time, revision, last_modified, rules_source, auth_tokens_json,"
                           " remote_trace_target, remote_trace_level, sso_enabled, sso_client_id,"
                           " sso_authorization_endpoint, description)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            QVariantList{networkIdToString(r.id), text(r.name), int(r.isPrivate), int(r.enableBroadcast),
                         r.multicastLimit, r.mtu, int(r.v4AssignZt), int(r.v6AssignRfc4193), int(r.v6AssignZt),
                         int(r.v6Assign6plane), text(r.rulesJson), text(r.capabilitiesJson), text(r.tagsJson),
                         text(r.dnsDomain), text(r.dnsServersJson), nullableLong(row.certificateTimeoutWindow),
                         r.creationTime, qint64(r.revision), r.lastModified} +
                compatibilityValues(r) + QVariantList{text(r.description)},
            QStringLiteral("creating a network"));
        if (!q)
            return q.error();
        return writeChildren(row);
    });
}

Status ControllerNetworkRepository::update(const ControllerNetworkRow &row)
{
    const NetworkRecord &r = row.record;
    return m_database.transaction([&]() -> Status {
        auto q = m_database.exec(
            QStringLiteral("UPDATE networks SET name = ?, is_private = ?, enable_broadcast = ?, multicast_limit = ?,"
                           " mtu = ?, v4_assign_zt = ?, v6_assign_rfc4193 = ?, v6_assign_zt = ?, v6_assign_6plane = ?,"
                           " rules_json = ?, capabilities_json = ?, tags_json = ?, dns_domain = ?,"
                           " dns_servers_json = ?, certificate_timeout_window = ?, revision = ?, last_modified = ?,"
                           " rules_source = ?, auth_tokens_json = ?, remote_trace_target = ?, remote_trace_level = ?,"
                           " sso_enabled = ?, sso_client_id = ?, sso_authorization_endpoint = ?, description = ?"
                           " WHERE id = ?"),
            QVariantList{text(r.name), int(r.isPrivate), int(r.enableBroadcast), r.multicastLimit, r.mtu,
                         int(r.v4AssignZt), int(r.v6AssignRfc4193), int(r.v6AssignZt), int(r.v6Assign6plane),
                         text(r.rulesJson), text(r.capabilitiesJson), text(r.tagsJson), text(r.dnsDomain),
                         text(r.dnsServersJson), nullableLong(row.certificateTimeoutWindow), qint64(r.revision),
                         r.lastModified} +
                compatibilityValues(r) + QVariantList{text(r.description), networkIdToString(r.id)},
            QStringLiteral("updating a network"));
        if (!q)
            return q.error();
        if (q->numRowsAffected() != 1)
            return makeError(ErrorCode::NotFound,
                             QStringLiteral("network %1 does not exist").arg(networkIdToString(r.id)));
        return writeChildren(row);
    });
}

Status ControllerNetworkRepository::writeChildren(const ControllerNetworkRow &row)
{
    const QString id = networkIdToString(row.record.id);
    for (const QString &sql : {QStringLiteral("DELETE FROM ip_pools WHERE network_id = ?"),
                               QStringLiteral("DELETE FROM routes WHERE network_id = ?")}) {
        if (auto q = m_database.exec(sql, {id}); !q)
            return q.error();
    }
    for (qsizetype i = 0; i < row.pools.size(); ++i) {
        const PoolRow &p = row.pools[i];
        auto q = m_database.exec(QStringLiteral("INSERT INTO ip_pools (network_id, position, range_start, range_end,"
                                                " ip_version) VALUES (?, ?, ?, ?, ?)"),
                                 {id, int(i), p.start, p.end, p.ipVersion}, QStringLiteral("storing an IP pool"));
        if (!q)
            return q.error();
    }
    for (qsizetype i = 0; i < row.routes.size(); ++i) {
        const RouteRow &r = row.routes[i];
        auto q = m_database.exec(QStringLiteral("INSERT INTO routes (network_id, position, target, target_bits, via,"
                                                " flags, metric, ip_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                                 {id, int(i), r.target, r.bits, nullableText(r.via), r.flags, r.metric, r.ipVersion},
                                 QStringLiteral("storing a route"));
        if (!q)
            return q.error();
    }
    return Ok{};
}

Status ControllerNetworkRepository::remove(quint64 networkId)
{
    return m_database.transaction([&]() -> Status {
        auto q = m_database.exec(QStringLiteral("DELETE FROM networks WHERE id = ?"), {networkIdToString(networkId)},
                                 QStringLiteral("deleting a network"));
        if (!q)
            return q.error();
        if (q->numRowsAffected() != 1)
            return makeError(ErrorCode::NotFound,
                             QStringLiteral("network %1 does not exist").arg(networkIdToString(networkId)));
        return Ok{};
    });
}

} // namespace tier
