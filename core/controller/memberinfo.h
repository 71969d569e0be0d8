// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/address.h"
#include "core/protocol/inetaddress.h"

#include <QList>
#include <QMetaType>
#include <QPair>
#include <QString>
#include <QtGlobal>

namespace tier {

/// One entry of a member's short recent-request history (newest first in MemberInfo).
struct MemberHistoryEntry
{
    qint64 time = 0; ///< ms since epoch
    bool authorized = false;
    InetAddress physicalAddress;
    int protocolVersion = -1;
    int versionMajor = -1;
    int versionMinor = -1;
    int versionRevision = -1;
};

/// A member of one network as the UI/API see it: the stored record plus live status (a value,
/// copied across threads).
struct MemberInfo
{
    static constexpr qint64 OnlineWindowMs = 120000; ///< "online": a genuine request less than this ago

    quint64 networkId = 0;
    Address address;
    QString identity; ///< public text form; empty until the member's first request
    QString name;
    QString description;
    bool authorized = false;
    bool activeBridge = false;
    bool noAutoAssignIps = false;
    QList<InetAddress> ipAssignments;    ///< managed IPs (no prefix; port field 0), record order
    QList<QPair<quint32, quint32>> tags; ///< (id, value), ascending id
    QList<quint32> capabilities;         ///< ascending, unique
    qint64 creationTime = 0;
    quint64 revision = 0;
    qint64 lastAuthorizedTime = 0;
    qint64 lastDeauthorizedTime = 0;
    /// How the last authorization came: "api", "public" (a public network let it in), "token"; null = never.
    QString lastAuthorizedCredentialType;
    QString lastAuthorizedCredential;    ///< the token for "token", else null
    qint64 authenticationExpiryTime = 0; ///< SSO expiry as stored by the reference (kept, not used)

    // Live status (memory first, flushed to member_status in batches).
    qint64 lastRequestTime = 0; ///< last genuine config request, 0 = never
    InetAddress physicalAddress;
    int protocolVersion = -1;
    int versionMajor = -1;
    int versionMinor = -1;
    int versionRevision = -1;
    qint64 latencyMs = -1;                   ///< last measured round trip (memory only), −1 unknown
    bool online = false;                     ///< lastRequestTime within OnlineWindowMs of the controller's clock
    bool pending = false;                    ///< asked (identity known) and not authorized: a join request
    QList<MemberHistoryEntry> recentHistory; ///< newest first, at most NetworkController::HistoryLength

    QString clientVersion() const
    {
        if (versionMajor < 0)
            return QString();
        return QStringLiteral("%1.%2.%3").arg(versionMajor).arg(versionMinor).arg(versionRevision);
    }
};

} // namespace tier

Q_DECLARE_METATYPE(tier::MemberInfo)
