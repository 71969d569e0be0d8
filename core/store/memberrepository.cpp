// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/memberrepository.h"

#include "core/store/database.h"
#include "core/store/sqlitememberreader.h"

#include <QHash>
#include <QSqlQuery>
#include <QVariant>

namespace tier {

namespace {

QString text(const QString &value)
{
    return value.isNull() ? QStringLiteral("") : value;
}

QVariant nullable(const QString &value)
{
    return value.isNull() ? QVariant(QMetaType::fromType<QString>()) : QVariant(value);
}

QVariant nullableIfEmpty(const QString &value)
{
    return value.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(value);
}

QString nullableRead(const QVariant &value)
{
    if (value.isNull())
        return QString();
    const QString text = value.toString();
    return text.isNull() ? QStringLiteral("") : text; // '' stays an empty, not a null, string
}

using Key = QPair<quint64, quint64>;

} // namespace

MemberRepository::MemberRepository(Database &database) : m_database(database) {}

Result<QList<MemberRow>> MemberRepository::loadAll()
{
    QList<MemberRow> rows;
    if (Status read = forEachMember([&](MemberRow &&m) { rows.append(std::move(m)); }); !read)
        return read.error();
    return rows;
}

Result<QHash<quint64, qsizetype>> MemberRepository::countByNetwork()
{
    if (Status usable = m_database.checkUsable(); !usable)
        return usable.error();
    auto q = m_database.exec(QStringLiteral("SELECT network_id, COUNT(*) FROM members GROUP BY network_id"), {},
                             QStringLiteral("counting members"));
    if (!q)
        return q.error();
    QHash<quint64, qsizetype> counts;
    while (q->next()) {
        if (auto id = networkIdFromString(q->value(0).toString()))
            counts.insert(*id, qsizetype(q->value(1).toLongLong()));
    }
    return counts;
}

Status MemberRepository::forEachMember(const std::function<void(MemberRow &&)> &take)
{
    if (Status usable = m_database.checkUsable(); !usable)
        return usable;
    if (std::optional<Status> read = readMembersFromSqlite(m_database.connection(), take))
        return *read;
    // Not SQLite (PostgreSQL): one statement at a time on the connection, so the IPs come first, by
    // member, and each member takes its own as it is read.
    QHash<Key, QStringList> ipsByMember;
    {
        auto ips = m_database.exec(QStringLiteral("SELECT network_id, address, ip FROM member_ips"
                                                  " ORDER BY network_id, address, position, ip"),
                                   {}, QStringLiteral("loading member IPs"));
        if (!ips)
            return ips.error();
        while (ips->next())
            ipsByMember[Key(networkIdFromString(ips->value(0).toString()).value_or(0),
                            Address::fromString(ips->value(1).toString()).value_or(Address()).toInt())]
                .append(ips->value(2).toString());
    }
    auto q = m_database.exec(
        QStringLiteral("SELECT network_id, address, identity, authorized, active_bridge, no_auto_assign_ips, name,"
                       " description, tags_json, capabilities_json, creation_time, revision, last_authorized_time,"
                       " last_deauthorized_time, last_authorized_credential_type, last_authorized_credential,"
                       " v_major, v_minor, v_rev, v_proto, last_modified, authentication_expiry_time"
                       " FROM members ORDER BY network_id, address"),
        {}, QStringLiteral("loading members"));
    if (!q)
        return q.error();
    StringPool shared;
    while (q->next()) {
        MemberRow m;
        m.networkId = networkIdFromString(q->value(0).toString()).value_or(0);
        m.address = Address::fromString(q->value(1).toString()).value_or(Address());
        m.identity = q->value(2).isNull() ? QString() : q->value(2).toString();
        m.authorized = q->value(3).toInt() != 0;
        m.activeBridge = q->value(4).toInt() != 0;
        m.noAutoAssignIps = q->value(5).toInt() != 0;
        m.name = nullableRead(q->value(6));
        m.description = shared(q->value(7).toString());
        m.tagsJson = shared(q->value(8).toString());
        m.capabilitiesJson = shared(q->value(9).toString());
        m.creationTime = q->value(10).toLongLong();
        m.revision = q->value(11).toULongLong();
        m.lastAuthorizedTime = q->value(12).toLongLong();
        m.lastDeauthorizedTime = q->value(13).toLongLong();
        m.lastAuthorizedCredentialType = shared(nullableRead(q->value(14)));
        m.lastAuthorizedCredential = nullableRead(q->value(15));
        m.vMajor = q->value(16).toInt();
        m.vMinor = q->value(17).toInt();
        m.vRev = q->value(18).toInt();
        m.vProto = q->value(19).toInt();
        m.lastModified = q->value(20).toLongLong();
        m.authenticationExpiryTime = q->value(21).toLongLong();
        m.ipAssignments = ipsByMember.take(Key(m.networkId, m.address.toInt()));
        take(std::move(m));
    }
    return Ok{};
}

Status MemberRepository::save(const MemberRow &row)
{
    return write(row, Guard::None, 0);
}

Status MemberRepository::saveIfUnchanged(const MemberRow &row, std::optional<quint64> expectedRevision)
{
    return write(row, expectedRevision ? Guard::AtRevision : Guard::Absent, expectedRevision.value_or(0));
}

Status MemberRepository::write(const MemberRow &m, Guard guard, quint64 expectedRevision)
{
    return m_database.transaction([&]() -> Status {
        const QString nwid = networkIdToString(m.networkId);
        const QString address = m.address.toString();
        QString onConflict;
        switch (guard) {
        case Guard::None:
            break;
        case Guard::Absent:
            onConflict = QStringLiteral(" ON CONFLICT (network_id, address) DO NOTHING");
            break;
        case Guard::AtRevision: {
            // A row deleted by another writer must not come back from this caller's memory.
            auto stored =
                m_database.exec(QStringLiteral("SELECT revision FROM members WHERE network_id = ? AND address = ?"),
                                {nwid, address}, QStringLiteral("checking a member's revision"));
            if (!stored)
                return stored.error();
            if (!stored->next() || quint64(stored->value(0).toLongLong()) != expectedRevision)
                return makeError(
                    ErrorCode::Conflict,
                    QStringLiteral("member %1 of network %2 was changed by another writer").arg(address, nwid));
            onConflict = QStringLiteral(" WHERE members.revision = %1").arg(expectedRevision);
            break;
        }
        }
        QString sql = QStringLiteral(
            "INSERT INTO members (network_id, address, identity, authorized, active_bridge, no_auto_assign_ips,"
            " name, description, tags_json, capabilities_json, creation_time, revision, last_authorized_time,"
            " last_deauthorized_time, last_authorized_credential_type, last_authorized_credential, v_major,"
            " v_minor, v_rev, v_proto, last_modified, authentication_expiry_time)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (network_id, address) DO UPDATE SET identity = excluded.identity,"
            " authorized = excluded.authorized, active_bridge = excluded.active_bridge,"
            " no_auto_assign_ips = excluded.no_auto_assign_ips, name = excluded.name,"
            " description = excluded.description, tags_json = excluded.tags_json,"
            " capabilities_json = excluded.capabilities_json, revision = excluded.revision,"
            " last_authorized_time = excluded.last_authorized_time,"
            " last_deauthorized_time = excluded.last_deauthorized_time,"
            " last_authorized_credential_type = excluded.last_authorized_credential_type,"
            " last_authorized_credential = excluded.last_authorized_credential, v_major = excluded.v_major,"
            " v_minor = excluded.v_minor, v_rev = excluded.v_rev, v_proto = excluded.v_proto,"
            " last_modified = excluded.last_modified,"
            " authentication_expiry_time = excluded.authentication_expiry_time");
        if (guard == Guard::Absent) // no update at all: the row must be new
            sql = sql.left(sql.indexOf(QLatin1String(" ON CONFLICT"))) + onConflict;
        else
            sql += onConflict;
        auto q = m_database.exec(sql,
                                 {nwid,
                                  address,
                                  nullableIfEmpty(m.identity),
                                  int(m.authorized),
                                  int(m.activeBridge),
                                  int(m.noAutoAssignIps),
                                  nullable(m.name),
                                  text(m.description),
                                  text(m.tagsJson),
                                  text(m.capabilitiesJson),
                                  m.creationTime,
                                  qint64(m.revision),
                                  m.lastAuthorizedTime,
                                  m.lastDeauthorizedTime,
                                  nullable(m.lastAuthorizedCredentialType),
                                  nullable(m.lastAuthorizedCredential),
                                  m.vMajor,
                                  m.vMinor,
                                  m.vRev,
                                  m.vProto,
                                  m.lastModified,
                                  m.authenticationExpiryTime},
                                 QStringLiteral("storing a member"));
        if (!q)
            return q.error();
        if (guard != Guard::None && q->numRowsAffected() != 1)
            return makeError(
                ErrorCode::Conflict,
                QStringLiteral("member %1 of network %2 was changed by another writer").arg(address, nwid));
        if (auto d = m_database.exec(QStringLiteral("DELETE FROM member_ips WHERE network_id = ? AND address = ?"),
                                     {nwid, address});
            !d)
            return d.error();
        for (qsizetype i = 0; i < m.ipAssignments.size(); ++i) {
            const QString &ip = m.ipAssignments[i];
            auto ins = m_database.exec(QStringLiteral("INSERT INTO member_ips (network_id, address, ip, ip_version,"
                                                      " position) VALUES (?, ?, ?, ?, ?)"),
                                       {nwid, address, ip, ip.contains(QLatin1Char(':')) ? 6 : 4, int(i)},
                                       QStringLiteral("storing a member IP"));
            if (!ins)
                return ins.error();
        }
        return Ok{};
    });
}

Status MemberRepository::remove(quint64 networkId, Address address)
{
    return m_database.transaction([&]() -> Status {
        auto q =
            m_database.exec(QStringLiteral("DELETE FROM members WHERE network_id = ? AND address = ?"),
                            {networkIdToString(networkId), address.toString()}, QStringLiteral("deleting a member"));
        if (!q)
            return q.error();
        if (q->numRowsAffected() != 1)
            return makeError(ErrorCode::NotFound, QStringLiteral("member %1 of network %2 does not exist")
                                                      .arg(address.toString(), networkIdToString(networkId)));
        return Ok{};
    });
}

Result<QList<MemberStatusRow>> MemberRepository::loadStatus()
{
    auto q = m_database.exec(
        QStringLiteral("SELECT network_id, address, last_seen, last_request_time, physical_address, client_version,"
                       " request_count, last_request_metadata, protocol_version, v_major, v_minor, v_rev,"
                       " recent_history FROM member_status ORDER BY network_id, address"),
        {}, QStringLiteral("loading member status"));
    if (!q)
        return q.error();
    QList<MemberStatusRow> rows;
    while (q->next()) {
        MemberStatusRow s;
        s.networkId = networkIdFromString(q->value(0).toString()).value_or(0);
        s.address = Address::fromString(q->value(1).toString()).value_or(Address());
        s.lastSeen = q->value(2).toLongLong();
        s.lastRequestTime = q->value(3).toLongLong();
        s.physicalAddress = nullableRead(q->value(4));
        s.clientVersion = nullableRead(q->value(5));
        s.requestCount = q->value(6).toULongLong();
        s.lastRequestMetadata = q->value(7).toByteArray();
        s.protocolVersion = q->value(8).toInt();
        s.vMajor = q->value(9).toInt();
        s.vMinor = q->value(10).toInt();
        s.vRev = q->value(11).toInt();
        s.recentHistoryJson = q->value(12).toString();
        rows.append(s);
    }
    return rows;
}

Status MemberRepository::saveStatus(const QList<MemberStatusRow> &rows)
{
    if (rows.isEmpty())
        return Ok{};
    return m_database.transaction([&]() -> Status {
        // Prepared once per batch: a flush of thousands of rows spent most of its time re-preparing.
        // INSERT … SELECT … WHERE EXISTS: a member deleted meanwhile is skipped instead of failing the
        // whole batch on the foreign key.
        auto upsert = m_database.prepare(
            QStringLiteral(
                "INSERT INTO member_status (network_id, address, last_seen, last_request_time, physical_address,"
                " client_version, request_count, last_request_metadata, protocol_version, v_major, v_minor,"
                " v_rev, recent_history)"
                " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
                " WHERE EXISTS (SELECT 1 FROM members WHERE network_id = ? AND address = ?)"
                " ON CONFLICT (network_id, address) DO UPDATE SET last_seen = excluded.last_seen,"
                " last_request_time = excluded.last_request_time, physical_address = excluded.physical_address,"
                " client_version = excluded.client_version, request_count = excluded.request_count,"
                " last_request_metadata = excluded.last_request_metadata,"
                " protocol_version = excluded.protocol_version, v_major = excluded.v_major,"
                " v_minor = excluded.v_minor, v_rev = excluded.v_rev, recent_history = excluded.recent_history"),
            QStringLiteral("storing member status"));
        if (!upsert)
            return upsert.error();
        for (const MemberStatusRow &s : rows) {
            Status stored = m_database.execPrepared(
                *upsert,
                {networkIdToString(s.networkId), s.address.toString(), s.lastSeen, s.lastRequestTime,
                 nullableIfEmpty(s.physicalAddress), nullableIfEmpty(s.clientVersion), qint64(s.requestCount),
                 s.lastRequestMetadata.isEmpty() ? QVariant(QMetaType::fromType<QByteArray>())
                                                 : QVariant(s.lastRequestMetadata),
                 s.protocolVersion, s.vMajor, s.vMinor, s.vRev, text(s.recentHistoryJson),
                 networkIdToString(s.networkId), s.address.toString()},
                QStringLiteral("storing member status"));
            if (!stored)
                return stored;
        }
        return Ok{};
    });
}

} // namespace tier
