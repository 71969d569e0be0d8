// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/memberpagequery.h"

#include "core/store/database.h"

#include <QHash>
#include <QSqlQuery>
#include <QVariant>

namespace tier {

namespace {

const QString kPageSql = QStringLiteral(
    "SELECT m.address, m.identity, m.authorized, m.active_bridge, m.no_auto_assign_ips, m.name, m.description,"
    " m.tags_json, m.capabilities_json, m.creation_time, m.revision, m.last_authorized_time,"
    " m.last_deauthorized_time, m.v_major, m.v_minor, m.v_rev, m.v_proto,"
    " s.address, s.last_request_time, s.physical_address, s.protocol_version, s.v_major, s.v_minor, s.v_rev"
    " FROM members m LEFT JOIN member_status s ON s.network_id = m.network_id AND s.address = m.address"
    " WHERE m.network_id = ? AND m.address > ? ORDER BY m.address LIMIT ?");

const QString kIpsSql = QStringLiteral("SELECT address, ip FROM member_ips WHERE network_id = ? AND address >= ?"
                                       " AND address <= ? ORDER BY address, position, ip");

QString nullableText(const QVariant &value)
{
    return value.isNull() ? QString() : value.toString();
}

MemberPageRow rowFrom(const QSqlQuery &q, quint64 networkId, Address address)
{
    MemberPageRow row;
    MemberRow &m = row.member;
    m.networkId = networkId;
    m.address = address;
    m.identity = nullableText(q.value(1));
    m.authorized = q.value(2).toInt() != 0;
    m.activeBridge = q.value(3).toInt() != 0;
    m.noAutoAssignIps = q.value(4).toInt() != 0;
    m.name = nullableText(q.value(5));
    m.description = q.value(6).toString();
    m.tagsJson = q.value(7).toString();
    m.capabilitiesJson = q.value(8).toString();
    m.creationTime = q.value(9).toLongLong();
    m.revision = q.value(10).toULongLong();
    m.lastAuthorizedTime = q.value(11).toLongLong();
    m.lastDeauthorizedTime = q.value(12).toLongLong();
    m.vMajor = q.value(13).toInt();
    m.vMinor = q.value(14).toInt();
    m.vRev = q.value(15).toInt();
    m.vProto = q.value(16).toInt();
    if (!q.value(17).isNull()) {
        MemberStatusRow s;
        s.networkId = networkId;
        s.address = address;
        s.lastRequestTime = q.value(18).toLongLong();
        s.physicalAddress = q.value(19).toString();
        s.protocolVersion = q.value(20).toInt();
        s.vMajor = q.value(21).toInt();
        s.vMinor = q.value(22).toInt();
        s.vRev = q.value(23).toInt();
        row.status = s;
    }
    return row;
}

} // namespace

Result<MemberPage> MemberPageQuery::read(quint64 networkId, const QString &after, int pageSize)
{
    const QString nwid = networkIdToString(networkId);
    // Not a null QString: that binds NULL.
    const QString from = after.isNull() ? QStringLiteral("") : after;
    auto q = m_database.exec(kPageSql, {nwid, from, pageSize}, QStringLiteral("reading a page of members"));
    if (!q)
        return q.error();
    MemberPage page;
    page.rows.reserve(pageSize);
    QHash<QString, qsizetype> rowOf;
    rowOf.reserve(pageSize);
    QString first;
    while (q->next()) {
        ++page.rowsRead;
        const QString addressText = q->value(0).toString();
        const std::optional<Address> address = Address::fromString(addressText);
        page.lastAddress = addressText;
        if (!address)
            continue; // the schema's CHECK makes this impossible; skip rather than show garbage
        if (first.isEmpty())
            first = addressText;
        rowOf.insert(addressText, page.rows.size());
        page.rows.append(rowFrom(*q, networkId, *address));
    }
    q->finish();
    if (first.isEmpty())
        return page;
    auto ips = m_database.exec(kIpsSql, {nwid, first, page.lastAddress}, QStringLiteral("reading member IPs"));
    if (!ips)
        return ips.error();
    while (ips->next()) {
        const auto row = rowOf.constFind(ips->value(0).toString());
        if (row != rowOf.cend())
            page.rows[*row].member.ipAssignments.append(ips->value(1).toString());
    }
    ips->finish();
    return page;
}

} // namespace tier
