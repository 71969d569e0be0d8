// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>
#include <QtGlobal>

namespace tier {

/// One row of `networks` (docs/protocol/controller-logic.md §8.1), every column; read and written only by
/// ControllerNetworkRepository.
/// JSON-valued fields are kept as compact JSON text; the engine parses and validates them.
struct NetworkRecord
{
    quint64 id = 0;
    QString name;
    QString description;
    bool isPrivate = true;
    bool enableBroadcast = true;
    int multicastLimit = 32;
    int mtu = 2800;
    bool v4AssignZt = false;
    bool v6AssignRfc4193 = false;
    bool v6AssignZt = false;
    bool v6Assign6plane = false;
    QString rulesJson = QStringLiteral("[{\"not\":false,\"or\":false,\"type\":\"ACTION_ACCEPT\"}]");
    QString rulesSource;
    QString capabilitiesJson = QStringLiteral("[]");
    QString tagsJson = QStringLiteral("[]");
    QString authTokensJson = QStringLiteral("{}");
    QString dnsDomain;
    QString dnsServersJson = QStringLiteral("[]");
    QString remoteTraceTarget; ///< empty = none (NULL in the table)
    int remoteTraceLevel = 0;
    bool ssoEnabled = false;
    QString ssoClientId;
    QString ssoAuthorizationEndpoint;
    qint64 creationTime = 0; ///< ms since epoch
    quint64 revision = 0;
    qint64 lastModified = 0; ///< ms since epoch
};

} // namespace tier
