// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/membereventrepository.h"

#include "core/store/database.h"

#include <QSet>
#include <QSqlQuery>
#include <QVariant>

namespace tier {

namespace {

// A null QString binds as SQL NULL; the column holds '' for "no detail".
QString notNull(const QString &text)
{
    return text.isNull() ? QStringLiteral("") : text;
}

} // namespace

MemberEventRepository::MemberEventRepository(Database &database) : m_database(database) {}

Status MemberEventRepository::append(const QList<MemberEventRow> &rows)
{
    if (rows.isEmpty())
        return Ok{};
    return m_database.transaction([&]() -> Status {
        QSet<QPair<quint64, quint64>> members;
        for (const MemberEventRow &row : rows) {
            const QString network = networkIdToString(row.networkId);
            const QString address = row.address.toString();
            // The next sequence number within this millisecond keeps several changes of one edit in order.
            auto seq = m_database.exec(QStringLiteral("SELECT COALESCE(MAX(seq) + 1, 0) FROM member_events"
                                                      " WHERE network_id = ? AND address = ? AND time = ?"),
                                       {network, address, row.time}, QStringLiteral("numbering a member event"));
            if (!seq)
                return seq.error();
            const int next = seq->next() ? seq->value(0).toInt() : 0;
            auto inserted = m_database.exec(
                QStringLiteral("INSERT INTO member_events (network_id, address, time, seq, kind, source, detail)"
                               " VALUES (?, ?, ?, ?, ?, ?, ?)"),
                {network, address, row.time, next, row.kind, row.source, notNull(row.detail)},
                QStringLiteral("recording a member event"));
            if (!inserted)
                return inserted.error();
            members.insert({row.networkId, row.address.toInt()});
        }
        for (const auto &[networkId, address] : members) {
            const QString network = networkIdToString(networkId);
            const QString member = Address(address).toString();
            auto oldest = m_database.exec(QStringLiteral("SELECT time FROM member_events"
                                                         " WHERE network_id = ? AND address = ?"
                                                         " ORDER BY time DESC, seq DESC LIMIT 1 OFFSET ?"),
                                          {network, member, KeptPerMember - 1},
                                          QStringLiteral("trimming member events"));
            if (!oldest)
                return oldest.error();
            if (!oldest->next())
                continue;
            auto trimmed = m_database.exec(
                QStringLiteral("DELETE FROM member_events WHERE network_id = ? AND address = ? AND time < ?"),
                {network, member, oldest->value(0).toLongLong()}, QStringLiteral("trimming member events"));
            if (!trimmed)
                return trimmed.error();
        }
        return Ok{};
    });
}

Status MemberEventRepository::appendFirst(const QList<MemberEventRow> &rows)
{
    return m_database.transaction([&]() -> Status {
        for (int i = 0; i < rows.size(); ++i) {
            const MemberEventRow &row = rows.at(i);
            auto inserted = m_database.exec(
                QStringLiteral("INSERT INTO member_events (network_id, address, time, seq, kind, source, detail)"
                               " VALUES (?, ?, ?, ?, ?, ?, ?)"),
                {networkIdToString(row.networkId), row.address.toString(), row.time, i, row.kind, row.source,
                 notNull(row.detail)},
                QStringLiteral("recording a member event"));
            if (!inserted)
                return inserted.error();
        }
        return Ok{};
    });
}

Result<QList<MemberEventRow>> MemberEventRepository::recent(quint64 networkId, Address address, int limit)
{
    auto query = m_database.exec(QStringLiteral("SELECT time, kind, source, detail FROM member_events"
                                                " WHERE network_id = ? AND address = ?"
                                                " ORDER BY time DESC, seq DESC LIMIT ?"),
                                 {networkIdToString(networkId), address.toString(), qMax(0, limit)},
                                 QStringLiteral("reading member events"));
    if (!query)
        return query.error();
    QList<MemberEventRow> rows;
    while (query->next()) {
        MemberEventRow row;
        row.networkId = networkId;
        row.address = address;
        row.time = query->value(0).toLongLong();
        row.kind = query->value(1).toString();
        row.source = query->value(2).toString();
        row.detail = query->value(3).toString();
        rows.append(row);
    }
    return rows;
}

} // namespace tier
