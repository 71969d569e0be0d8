// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QtGlobal>

namespace tier {

/// What the engine is started with (filled from the command line / preferences by app/).
struct EngineOptions
{
    QString dataDir;           ///< created if missing
    QString databaseUri;       ///< empty = sqlite:<dataDir>/controller.db
    quint16 udpPort = 9993;
    QString planetFile;        ///< empty = data-dir planet if present, else the built-in public planet
    QStringList moonFiles;
    QString apiAddress;        ///< empty = API off
    quint16 apiPort = 0;
};

} // namespace tier
