// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/sqlitememberreader.h"

#include <QHash>
#include <QSqlDriver>
#include <QVarLengthArray>
#include <QVariant>

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <memory>

namespace tier {

namespace {

struct Finalize
{
    void operator()(sqlite3_stmt *statement) const { sqlite3_finalize(statement); }
};
using Statement = std::unique_ptr<sqlite3_stmt, Finalize>;

Error sqliteError(sqlite3 *db, const QString &context)
{
    return makeError(ErrorCode::Database, QStringLiteral("%1: %2").arg(context, QString::fromUtf8(sqlite3_errmsg(db))));
}

// '' stays an empty, not a null, string (the name: no name at all is not the same as "").
QString text(sqlite3_stmt *s, int column)
{
    if (sqlite3_column_type(s, column) == SQLITE_NULL)
        return QString();
    const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(s, column));
    const int size = sqlite3_column_bytes(s, column);
    return size == 0 ? QStringLiteral("") : QString::fromUtf8(data, size);
}

QByteArrayView bytes(sqlite3_stmt *s, int column)
{
    const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(s, column));
    return QByteArrayView(data, data ? sqlite3_column_bytes(s, column) : 0);
}

// The rows of one network come together: its ID is parsed once, not once per row.
class NetworkIds
{
public:
    quint64 operator()(sqlite3_stmt *s, int column)
    {
        const QByteArrayView text = bytes(s, column);
        if (text != QByteArrayView(m_text)) {
            m_text = text.toByteArray();
            m_id = networkIdFromString(QString::fromLatin1(m_text)).value_or(0);
        }
        return m_id;
    }

private:
    QByteArray m_text;
    quint64 m_id = 0;
};

// Address::fromString's rule (exactly 10 hex digits, either case), read from the UTF-8 bytes.
Address address(sqlite3_stmt *s, int column)
{
    const QByteArrayView text = bytes(s, column);
    if (text.size() != 10)
        return Address();
    quint64 value = 0;
    for (char c : text) {
        int digit = -1;
        if (c >= '0' && c <= '9')
            digit = c - '0';
        else if (c >= 'a' && c <= 'f')
            digit = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            digit = c - 'A' + 10;
        if (digit < 0)
            return Address();
        value = (value << 4) | quint64(digit);
    }
    return Address(value);
}

// Columns where most rows repeat the previous row's text (description, tags, credential type): the
// text is converted and pooled only when it differs from the last one read from that column.
class RepeatedTexts
{
public:
    QString operator()(sqlite3_stmt *s, int column)
    {
        Last &last = m_last.at(size_t(column));
        const bool null = sqlite3_column_type(s, column) == SQLITE_NULL;
        const QByteArrayView text = null ? QByteArrayView() : bytes(s, column);
        if (!last.valid || last.null != null || text != QByteArrayView(last.bytes)) {
            last.valid = true;
            last.null = null;
            last.bytes = text.toByteArray();
            last.text = null ? QString() : m_pool(text.isEmpty() ? QStringLiteral("") : QString::fromUtf8(text));
        }
        return last.text;
    }

private:
    struct Last
    {
        bool valid = false;
        bool null = false;
        QByteArray bytes;
        QString text;
    };
    std::array<Last, 22> m_last; // one per column of the members query
    StringPool m_pool;
};

void readRow(sqlite3_stmt *s, MemberRow &m, NetworkIds &networkId, RepeatedTexts &shared)
{
    m.networkId = networkId(s, 0);
    m.address = address(s, 1);
    m.identity = text(s, 2);
    m.authorized = sqlite3_column_int64(s, 3) != 0;
    m.activeBridge = sqlite3_column_int64(s, 4) != 0;
    m.noAutoAssignIps = sqlite3_column_int64(s, 5) != 0;
    m.name = text(s, 6);
    m.description = shared(s, 7);
    m.tagsJson = shared(s, 8);
    m.capabilitiesJson = shared(s, 9);
    m.creationTime = sqlite3_column_int64(s, 10);
    m.revision = quint64(sqlite3_column_int64(s, 11));
    m.lastAuthorizedTime = sqlite3_column_int64(s, 12);
    m.lastDeauthorizedTime = sqlite3_column_int64(s, 13);
    m.lastAuthorizedCredentialType = shared(s, 14);
    m.lastAuthorizedCredential = text(s, 15);
    m.vMajor = sqlite3_column_int(s, 16);
    m.vMinor = sqlite3_column_int(s, 17);
    m.vRev = sqlite3_column_int(s, 18);
    m.vProto = sqlite3_column_int(s, 19);
    m.lastModified = sqlite3_column_int64(s, 20);
    m.authenticationExpiryTime = sqlite3_column_int64(s, 21);
}

} // namespace

std::optional<Status> readMembersFromSqlite(const QSqlDatabase &connection,
                                            const std::function<void(MemberRow &&)> &take)
{
    const QVariant handle = connection.driver() ? connection.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return std::nullopt;
    sqlite3 *db = *static_cast<sqlite3 *const *>(handle.constData());
    // The handle is used with the SQLite this program links: the same library as Qt's driver's (Debian's
    // libqt6sql6-sqlite links the system libsqlite3). A Qt whose driver carries its own SQLite
    // statically would need this reader switched off.
    if (!db)
        return std::nullopt;
    auto prepare = [&](const char *sql, Statement &out) -> bool {
        sqlite3_stmt *raw = nullptr;
        const bool ok = sqlite3_prepare_v2(db, sql, -1, &raw, nullptr) == SQLITE_OK;
        out.reset(raw);
        return ok;
    };
    Statement members;
    Statement ips;
    if (!prepare("SELECT network_id, address, identity, authorized, active_bridge, no_auto_assign_ips, name,"
                 " description, tags_json, capabilities_json, creation_time, revision, last_authorized_time,"
                 " last_deauthorized_time, last_authorized_credential_type, last_authorized_credential,"
                 " v_major, v_minor, v_rev, v_proto, last_modified, authentication_expiry_time"
                 " FROM members ORDER BY network_id, address",
                 members))
        return Status(sqliteError(db, QStringLiteral("loading members")));
    // In primary-key order, which SQLite reads straight from the index; "position, ip" within a member
    // is restored below (ordering by it in SQL sorted a million rows in a temporary B-tree).
    if (!prepare("SELECT network_id, address, ip, position FROM member_ips ORDER BY network_id, address, ip", ips))
        return Status(sqliteError(db, QStringLiteral("loading member IPs")));
    using Key = QPair<quint64, quint64>;
    Key ipKey;
    int ipStep = SQLITE_ROW;
    NetworkIds ipNetworkId;
    auto nextIp = [&] {
        ipStep = sqlite3_step(ips.get());
        if (ipStep == SQLITE_ROW)
            ipKey = Key(ipNetworkId(ips.get(), 0), address(ips.get(), 1).toInt());
    };
    nextIp();
    NetworkIds networkId;
    RepeatedTexts shared;
    int step = SQLITE_ROW;
    while ((step = sqlite3_step(members.get())) == SQLITE_ROW) {
        MemberRow m;
        readRow(members.get(), m, networkId, shared);
        const Key key(m.networkId, m.address.toInt());
        while (ipStep == SQLITE_ROW && ipKey < key) // IPs of no member (cannot be there with the foreign key)
            nextIp();
        QVarLengthArray<QPair<qint64, QString>, 2> memberIps;
        while (ipStep == SQLITE_ROW && ipKey == key) {
            memberIps.append({sqlite3_column_int64(ips.get(), 3), text(ips.get(), 2)});
            nextIp();
        }
        // Stable: equal positions keep the ip order they came in.
        std::stable_sort(memberIps.begin(), memberIps.end(),
                         [](const auto &a, const auto &b) { return a.first < b.first; });
        for (const auto &ip : memberIps)
            m.ipAssignments.append(ip.second);
        take(std::move(m));
    }
    if (step != SQLITE_DONE)
        return Status(sqliteError(db, QStringLiteral("loading members")));
    if (ipStep != SQLITE_ROW && ipStep != SQLITE_DONE)
        return Status(sqliteError(db, QStringLiteral("loading member IPs")));
    return Status(Ok{});
}

} // namespace tier
