// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/result.h"
#include "core/protocol/world.h"

#include <QString>
#include <QStringList>

namespace tier {

/// The private planet and the moons installed in a data directory (`planet`, `moons.d/*.moon`), which the
/// engine loads on its next start. Every file is decoded and its signature checked before it is installed;
/// installs go through a temporary file and a rename, so a bad file changes nothing.
class WorldFiles final
{
public:
    static QString planetPath(const QString &dataDir);
    static QString moonsFolder(const QString &dataDir);
    /// Reads and checks a planet or moon file (structure, type, signature).
    static Result<World> read(const QString &path, World::Type expected);
    /// The installed planet; a null World if there is none.
    static Result<World> installedPlanet(const QString &dataDir);
    static Status installPlanet(const QString &dataDir, const QString &sourceFile);
    static Status removePlanet(const QString &dataDir);
    /// Installs as moons.d/<16 hex digit id>.moon; returns that path.
    static Result<QString> addMoon(const QString &dataDir, const QString &sourceFile);
    static Status removeMoon(const QString &moonFile);
    /// Installed moon files, sorted.
    static QStringList moons(const QString &dataDir);
};

} // namespace tier
