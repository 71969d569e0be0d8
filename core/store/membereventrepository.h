// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/address.h"
#include "core/base/result.h"

#include <QList>
#include <QMetaType>
#include <QString>

namespace tier {

class Database;

/// One change of a member that people ask about afterwards (table `member_events`): it was
/// authorized or deauthorized, or its managed IPs changed, and by whom.
struct MemberEventRow
{
    // Stored values of `kind`.
    static inline const QString Authorized = QStringLiteral("authorized");
    static inline const QString Deauthorized = QStringLiteral("deauthorized");
    static inline const QString IpsChanged = QStringLiteral("ips");
    // Stored values of `source`.
    static inline const QString ByWindow = QStringLiteral("window");
    static inline const QString ByApi = QStringLiteral("api");
    static inline const QString ByImport = QStringLiteral("import");
    static inline const QString ByController = QStringLiteral("controller"); ///< e.g. an auto-assigned address

    quint64 networkId = 0;
    Address address;
    qint64 time = 0; ///< ms since epoch
    QString kind;
    QString source;
    QString detail; ///< IpsChanged: the new managed IPs, ", "-separated (empty: none)

    friend bool operator==(const MemberEventRow &a, const MemberEventRow &b) = default;
};

/// A member's recent changes. Writes join the caller's transaction (the change and its record
/// commit together); only the newest KeptPerMember rows of a member are kept, and they go with the
/// member (ON DELETE CASCADE).
class MemberEventRepository final
{
public:
    static constexpr int KeptPerMember = 50;

    explicit MemberEventRepository(Database &database);

    /// Appends these rows (in order; rows of the same millisecond keep it) and trims each member.
    Status append(const QList<MemberEventRow> &rows);
    /// For members without any recorded event yet (an import into a new database): rows are numbered
    /// by their position and nothing is trimmed, so large imports stay one insert per row.
    Status appendFirst(const QList<MemberEventRow> &rows);
    /// Newest first, at most limit.
    Result<QList<MemberEventRow>> recent(quint64 networkId, Address address, int limit = KeptPerMember);

private:
    Database &m_database;
};

} // namespace tier

Q_DECLARE_METATYPE(tier::MemberEventRow)
