// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/controller/networksettings.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <QtGlobal>

namespace tier {

/// A network as the UI and API see it (a value copied across threads).
struct NetworkInfo
{
    quint64 id = 0;
    QString name;
    QString description; ///< NetworkSettings::description
    bool isPrivate = true;
    qint64 creationTime = 0; ///< ms since epoch
    quint64 revision = 0;
    int memberCount = 0;
    int authorizedCount = 0;
    int onlineCount = 0;
    int pendingCount = 0; ///< members that asked and are not authorized
    /// The network's pools and managed routes: the window warns about overlaps and offers free subnets.
    QList<IpPool> pools;
    QList<NetworkConfig::Route> routes;
    bool v4AssignZt = false;
    /// NetworkDetails::warnings: shown in the network's header on the members page.
    QList<NetworkFinding> warnings;
};

} // namespace tier

Q_DECLARE_METATYPE(tier::NetworkInfo)
