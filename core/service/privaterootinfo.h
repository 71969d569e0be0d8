// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/node/rootservice.h"

#include <QMetaType>
#include <QString>
#include <QStringList>

namespace tier {

/// What the window shows about serving as a root (Preferences → Private root, the status bar).
struct PrivateRootInfo
{
    bool serving = false;  ///< the planet or a moon in use names this controller as a root
    int peers = 0;         ///< peers the node holds (members, roots, the controller's contacts)
    bool openRoot = false; ///< relays for any identity (--open-root / the Preferences switch)
    /// This controller's own planet, if one was made (0 = none yet).
    quint64 planetId = 0;
    quint64 planetTimestamp = 0;
    /// The own planet's endpoints ("IP/PORT"), or, before there is one, suggestions: this machine's
    /// addresses with the UDP port in use.
    QStringList endpoints;
    bool endpointsSuggested = false;
    /// <data-dir>/planet, where the engine installs the planet it makes.
    QString installedPath;
    /// The planet file in use: --planet's, else installedPath.
    QString planetPath;
    /// The planet in use comes from --planet (the data-dir planet is not used this run).
    bool planetFromCommandLine = false;
    RootCounters counters;
};

} // namespace tier

Q_DECLARE_METATYPE(tier::PrivateRootInfo)
