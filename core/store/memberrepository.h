// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/address.h"
#include "core/base/result.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace tier {

class Database;

/// One row of `members` plus its `member_ips` (docs/protocol/controller-logic.md §8.2).
struct MemberRow
{
    quint64 networkId = 0;
    Address address;
    QString identity; ///< public text form; empty = NULL (not known yet)
    bool authorized = false;
    bool activeBridge = false;
    bool noAutoAssignIps = false;
    QString name; ///< null = NULL (no name was ever given: the reference then writes no "name" key)
    QString description;
    QString tagsJson = QStringLiteral("[]");         ///< [[id, value], …]
    QString capabilitiesJson = QStringLiteral("[]"); ///< [id, …]
    qint64 creationTime = 0;
    quint64 revision = 0;
    qint64 lastAuthorizedTime = 0;
    qint64 lastDeauthorizedTime = 0;
    QString lastAuthorizedCredentialType; ///< null = NULL
    QString lastAuthorizedCredential;     ///< null = NULL
    qint64 authenticationExpiryTime = 0;  ///< kept as imported (SSO is not used)
    int vMajor = -1;
    int vMinor = -1;
    int vRev = -1;
    int vProto = -1;
    qint64 lastModified = 0;
    QStringList ipAssignments; ///< normalised IP text, record order

    friend bool operator==(const MemberRow &a, const MemberRow &b) = default;
};

/// One row of `member_status`: live status, written in batches (never bumps a member's revision).
struct MemberStatusRow
{
    quint64 networkId = 0;
    Address address;
    qint64 lastSeen = 0;
    qint64 lastRequestTime = 0;
    QString physicalAddress; ///< "ip/port"; empty = NULL
    QString clientVersion;   ///< "1.14.1"; empty = NULL
    quint64 requestCount = 0;
    QByteArray lastRequestMetadata; ///< serialized dictionary; empty = NULL
    int protocolVersion = -1;
    int vMajor = -1;
    int vMinor = -1;
    int vRev = -1;
    QString recentHistoryJson = QStringLiteral("[]");
};

/// Members, their managed IPs and their live status. Writes join the caller's transaction.
class MemberRepository final
{
public:
    explicit MemberRepository(Database &database);

    /// Every member of every network, ordered by network and address.
    Result<QList<MemberRow>> loadAll();
    /// The same rows, handed to `take` one at a time as they are read: a caller building its own
    /// structure (the controller's per-network maps) never holds every member twice.
    Status forEachMember(const std::function<void(MemberRow &&)> &take);
    /// How many members each network has (networks without members are absent): a caller can size
    /// its structures before forEachMember().
    Result<QHash<quint64, qsizetype>> countByNetwork();
    /// Insert or update (ON CONFLICT DO UPDATE) the row and replace its IPs.
    Status save(const MemberRow &row);
    /// save(), but only if the stored row is still what the caller last saw: absent (expectedRevision
    /// empty) or at expectedRevision. Otherwise ErrorCode::Conflict and nothing changes: instances sharing
    /// one database must not overwrite each other's changes from stale memory.
    Status saveIfUnchanged(const MemberRow &row, std::optional<quint64> expectedRevision);
    /// NotFound if absent; IPs and status go by cascade.
    Status remove(quint64 networkId, Address address);

    Result<QList<MemberStatusRow>> loadStatus();
    /// Upserts every row in one transaction (rows whose member no longer exists are skipped).
    Status saveStatus(const QList<MemberStatusRow> &rows);

private:
    enum class Guard { None, Absent, AtRevision };
    Status write(const MemberRow &row, Guard guard, quint64 expectedRevision);

    Database &m_database;
};

} // namespace tier
