// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/controller/networkfinding.h"
#include "core/protocol/inetaddress.h"
#include "core/protocol/networkconfig.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <QtGlobal>

namespace tier {

/// An address pool for auto-assignment (inclusive range, both ends the same family).
struct IpPool
{
    InetAddress start;
    InetAddress end;
    friend bool operator==(const IpPool &a, const IpPool &b) { return a.start == b.start && a.end == b.end; }
};

/// Everything the UI/API may set on a network (docs/protocol/controller-logic.md §8.1). A full value, not a
/// patch: read NetworkDetails::settings, change fields, pass it back to updateNetwork().
struct NetworkSettings
{
    QString name;
    /// Free text for people (what the network is for); stays on the controller, never sent to members.
    /// At most NetworkValidator::MaxDescriptionCharacters; line breaks and tabs are the only control characters.
    QString description;
    bool isPrivate = true;
    bool enableBroadcast = true;
    int multicastLimit = NetworkConfig::DefaultMulticastLimit;
    int mtu = NetworkConfig::DefaultMtu; ///< NetworkValidator::MinMtu…MaxMtu
    bool v4AssignZt = false;
    bool v6AssignZt = false;
    bool v6AssignRfc4193 = false;
    bool v6Assign6plane = false;
    QList<IpPool> pools;                ///< in order
    QList<NetworkConfig::Route> routes; ///< target = network with prefix length in the port field; via null = on-link
    NetworkConfig::Dns dns;             ///< domain ≤ MaxDomainLength bytes, ≤ MaxDnsServers servers
    /// Rules as the reference's JSON array (§8.4); empty text = the default (accept all).
    QString rulesJson;
    QString capabilitiesJson = QStringLiteral("[]"); ///< [{id, rules, default}]
    QString tagsJson = QStringLiteral("[]");         ///< [{id, default}]
    /// COM/credential time window in ms; 0 = default 1,800,000 (clamped 300,000…7,200,000 when sent).
    qint64 certificateTimeoutWindow = 0;
    /// Free text of a rules compiler front-end (kept, never interpreted; not API-writable).
    QString rulesSource;
    /// Remote trace target (10 hex digits) or empty; trace level. Kept for compatibility only.
    QString remoteTraceTarget;
    int remoteTraceLevel = 0;
    /// The reference's authTokens object as compact JSON (token → expiry ms, 0 = never).
    QString authTokensJson = QStringLiteral("{}");

    friend bool operator==(const NetworkSettings &a, const NetworkSettings &b) = default;
};

/// A network as the controller holds it (a value, copied across threads).
struct NetworkDetails
{
    quint64 id = 0;
    NetworkSettings settings;
    quint64 revision = 0;
    qint64 creationTime = 0;
    int memberCount = 0;
    int authorizedCount = 0;
    int onlineCount = 0;
    int pendingCount = 0;
    /// What cannot work the way it reads (NetworkValidator::warnings with this network's members and
    /// the controller's other networks), current with every networkChanged.
    QList<NetworkFinding> warnings;
};

} // namespace tier

Q_DECLARE_METATYPE(tier::NetworkDetails)
