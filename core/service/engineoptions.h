// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QtGlobal>

namespace tier {

/// What the engine is started with (filled from the command line / preferences by app/).
struct EngineOptions
{
    static constexpr int DefaultBackupIntervalHours = 24;
    static constexpr int DefaultBackupRetentionDays = 7;

    QString dataDir;        ///< created if missing
    QString databaseUri;    ///< empty = sqlite:<dataDir>/controller.db
    quint16 udpPort = 9993; ///< 0 = any free port (the bound one is reported when running)
    /// No port was given anywhere (flag or config): if udpPort is taken (a zerotier-one member on this
    /// host holds 9993), use FallbackUdpPort instead and say so in the log and in /status.
    bool udpPortFallback = false;
    static constexpr quint16 FallbackUdpPort = 9994;
    QString udpBindAddress; ///< empty = all interfaces (IPv4 and IPv6); tests use 127.0.0.1
    QString planetFile;     ///< empty = data-dir planet if present, else the built-in public planet
    QStringList moonFiles;
    QString apiAddress; ///< empty = API off
    quint16 apiPort = 0;
    /// Automatic backups into <dataDir>/backups/ (SQLite only): one when the newest is older than this; 0 = off.
    int backupIntervalHours = DefaultBackupIntervalHours;
    int backupRetentionDays = DefaultBackupRetentionDays; ///< older automatic backups are deleted
    /// Serving as a root (the planet or a moon names this identity): relay for any identity, not
    /// only for this controller's members, itself and the other roots.
    bool openRoot = false;
};

} // namespace tier
