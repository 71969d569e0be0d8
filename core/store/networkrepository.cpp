// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/networkrepository.h"

#include "core/store/database.h"

#include <QRandomGenerator>
#include <QSqlQuery>
#include <QVariant>

namespace tier {

namespace {

// Member counts come from correlated sub-queries: portable, and cheap with the
// (network_id, authorized) index even for big networks.
const QLatin1String kSelectNetwork(
    "SELECT n.id, n.name, n.is_private, n.enable_broadcast, n.multicast_limit, n.mtu, n.v4_assign_zt,"
    " n.v6_assign_rfc4193, n.v6_assign_zt, n.v6_assign_6plane, n.rules_json, n.rules_source,"
    " n.capabilities_json, n.tags_json, n.auth_tokens_json, n.dns_domain, n.dns_servers_json,"
    " n.remote_trace_target, n.remote_trace_level, n.sso_enabled, n.sso_client_id, n.sso_authorization_endpoint,"
    " n.creation_time, n.revision, n.last_modified,"
    " (SELECT COUNT(*) FROM members m WHERE m.network_id = n.id),"
    " (SELECT COUNT(*) FROM members m WHERE m.network_id = n.id AND m.authorized = 1),"
    " (SELECT COUNT(*) FROM members m WHERE m.network_id = n.id AND m.authorized = 0 AND m.identity IS NOT NULL)"
    " FROM networks n");

NetworkRecord recordFromRow(const QSqlQuery &q)
{
    NetworkRecord r;
    r.id = networkIdFromString(q.value(0).toString()).value_or(0);
    r.name = q.value(1).toString();
    r.isPrivate = q.value(2).toInt() != 0;
    r.enableBroadcast = q.value(3).toInt() != 0;
    r.multicastLimit = q.value(4).toInt();
    r.mtu = q.value(5).toInt();
    r.v4AssignZt = q.value(6).toInt() != 0;
    r.v6AssignRfc4193 = q.value(7).toInt() != 0;
    r.v6AssignZt = q.value(8).toInt() != 0;
    r.v6Assign6plane = q.value(9).toInt() != 0;
    r.rulesJson = q.value(10).toString();
    r.rulesSource = q.value(11).toString();
    r.capabilitiesJson = q.value(12).toString();
    r.tagsJson = q.value(13).toString();
    r.authTokensJson = q.value(14).toString();
    r.dnsDomain = q.value(15).toString();
    r.dnsServersJson = q.value(16).toString();
    r.remoteTraceTarget = q.value(17).toString();
    r.remoteTraceLevel = q.value(18).toInt();
    r.ssoEnabled = q.value(19).toInt() != 0;
    r.ssoClientId = q.value(20).toString();
    r.ssoAuthorizationEndpoint = q.value(21).toString();
    r.creationTime = q.value(22).toLongLong();
    r.revision = q.value(23).toULongLong();
    r.lastModified = q.value(24).toLongLong();
    r.memberCount = q.value(25).toInt();
    r.authorizedCount = q.value(26).toInt();
    r.pendingCount = q.value(27).toInt();
    return r;
}

// A null QString binds as SQL NULL; the name columns are NOT NULL with '' meaning "no name".
QString text(const QString &value)
{
    return value.isNull() ? QStringLiteral("") : value;
}

Error notFound(quint64 networkId)
{
    return makeError(ErrorCode::NotFound,
                     QStringLiteral("network %1 does not exist").arg(networkIdToString(networkId)));
}

} // namespace

NetworkRepository::NetworkRepository(Database &database)
    : m_database(database), m_numbers([] { return QRandomGenerator::system()->bounded(1u, 0x1000000u); })
{}

void NetworkRepository::setNumberSource(NumberSource source)
{
    m_numbers = std::move(source);
}

Status NetworkRepository::validateName(const QString &name)
{
    if (name.toUtf8().size() > MaxNameBytes)
        return makeError(ErrorCode::TooLarge,
                         QStringLiteral("a network name may have at most %1 bytes (UTF-8)").arg(MaxNameBytes));
    for (const QChar c : name) {
        if (c.category() == QChar::Other_Control)
            return makeError(ErrorCode::Malformed, QStringLiteral("a network name may not contain control characters"));
    }
    return Ok{};
}

Result<QList<NetworkRecord>> NetworkRepository::list()
{
    auto query =
        m_database.exec(kSelectNetwork + QStringLiteral(" ORDER BY n.id"), {}, QStringLiteral("listing networks"));
    if (!query)
        return query.error();
    QList<NetworkRecord> records;
    while (query->next())
        records.append(recordFromRow(*query));
    return records;
}

Result<NetworkRecord> NetworkRepository::find(quint64 networkId)
{
    auto query = m_database.exec(kSelectNetwork + QStringLiteral(" WHERE n.id = ?"), {networkIdToString(networkId)},
                                 QStringLiteral("reading a network"));
    if (!query)
        return query.error();
    if (!query->next())
        return notFound(networkId);
    return recordFromRow(*query);
}

Result<NetworkRecord> NetworkRepository::create(Address controller, const QString &name, qint64 nowMs)
{
    if (controller.isReserved())
        return makeError(ErrorCode::InvalidIdentity, QStringLiteral("the controller has no valid address"));
    if (Status valid = validateName(name); !valid)
        return valid.error();
    return m_database.transaction([&]() -> Result<NetworkRecord> {
        for (int attempt = 0; attempt < MaxCreateAttempts; ++attempt) {
            const quint32 number = m_numbers() & 0xffffffu;
            if (number == 0)
                continue;
            const quint64 id = (controller.toInt() << 24) | number;
            const QString idText = networkIdToString(id);
            auto taken = m_database.exec(QStringLiteral("SELECT 1 FROM networks WHERE id = ?"), {idText},
                                         QStringLiteral("looking for a free network ID"));
            if (!taken)
                return taken.error();
            if (taken->next())
                continue;
            taken->finish();
            const NetworkRecord defaults;
            auto inserted = m_database.exec(
                QStringLiteral("INSERT INTO networks (id, name, creation_time, revision, last_modified)"
                               " VALUES (?, ?, ?, ?, ?)"),
                {idText, text(name), nowMs, qint64(defaults.revision), nowMs}, QStringLiteral("creating a network"));
            if (!inserted)
                return inserted.error();
            return find(id);
        }
        return makeError(
            ErrorCode::Conflict,
            QStringLiteral("no free network ID found on this controller after %1 attempts").arg(MaxCreateAttempts));
    });
}

Result<NetworkRecord> NetworkRepository::rename(quint64 networkId, const QString &name, qint64 nowMs)
{
    if (Status valid = validateName(name); !valid)
        return valid.error();
    return m_database.transaction([&]() -> Result<NetworkRecord> {
        auto updated = m_database.exec(
            QStringLiteral("UPDATE networks SET name = ?, revision = revision + 1, last_modified = ?"
                           " WHERE id = ? AND name <> ?"),
            {text(name), nowMs, networkIdToString(networkId), text(name)}, QStringLiteral("renaming a network"));
        if (!updated)
            return updated.error();
        // No row changed: either absent (find says NotFound) or already so named (no new revision).
        return find(networkId);
    });
}

Status NetworkRepository::remove(quint64 networkId)
{
    return m_database.transaction([&]() -> Status {
        auto deleted = m_database.exec(QStringLiteral("DELETE FROM networks WHERE id = ?"),
                                       {networkIdToString(networkId)}, QStringLiteral("deleting a network"));
        if (!deleted)
            return deleted.error();
        if (deleted->numRowsAffected() < 1)
            return notFound(networkId);
        return Ok{};
    });
}

} // namespace tier
