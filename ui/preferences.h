// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/service/engineoptions.h"

#include <QString>
#include <QStringList>

namespace tier {

/// The window's preferences (Edit → Preferences), kept in the UI settings (openUiSettings(), group
/// "Preferences"). Command-line flags win over them for the run they are given in.
struct Preferences
{
    enum class Language { System, English, German };

    QString dataDir;         ///< empty = the default data directory
    quint16 udpPort = 9993;  ///< 0 = any free port
    bool apiEnabled = false; ///< the local HTTP API
    QString apiAddress = QStringLiteral("127.0.0.1");
    quint16 apiPort = 0;                                                 ///< 0 = the UDP port's number
    int backupIntervalHours = EngineOptions::DefaultBackupIntervalHours; ///< 0 = no automatic backups
    int backupRetentionDays = EngineOptions::DefaultBackupRetentionDays;
    Language language = Language::System; ///< applied on the next start
    bool startMinimized = false;          ///< to the tray, when there is one
    bool closeToTray = true;              ///< closing the window hides it to the tray (when there is one)
    bool openRoot = false; ///< serving as a root: relay for anyone (--open-root wins)

    static Preferences load();
    void save() const;

    /// The engine options for a run: those from the command line, with every value the command line did
    /// not set explicitly (arguments: the program's arguments) taken from these preferences.
    EngineOptions applyTo(EngineOptions fromCommandLine, const QStringList &arguments) const;
    /// True if the arguments contain this flag ("--port", also as "--port=N").
    static bool hasFlag(const QStringList &arguments, const QString &flag);
    /// "" (system), "en", "de".
    static QString languageCode(Language language);
    static Language languageFromCode(const QString &code);

    friend bool operator==(const Preferences &, const Preferences &) = default;
};

} // namespace tier
