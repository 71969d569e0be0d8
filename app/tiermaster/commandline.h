// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/service/engineoptions.h"

#include <QString>
#include <QStringList>

namespace tier {

/// What the command line asks for (INTERFACE.md "Command line"), validated.
struct LaunchOptions
{
    bool headless = false;
    EngineOptions engine;
    QString importPath;
    bool dryRun = false;
    QString exportDir;
    /// --make-planet / --make-moon: the file to write, which kind, and this root's endpoints.
    QString makeWorldFile;
    bool makeMoon = false;
    QStringList rootEndpoints;
    /// --config FILE (absolute), empty without one.
    QString configFile;

    /// `ADDR:PORT` as requested (port 0 = the UDP port's number), or "off". The ready line prints the
    /// address the engine really bound instead.
    QString apiText() const;
};

/// Outcome of parsing: either options to run with, or an exit code with a message (stderr when
/// exitCode != 0, stdout for --help/--version).
struct CommandLineResult
{
    LaunchOptions options;
    bool exitNow = false;
    int exitCode = 0;
    QString message;
};

/// Exit codes: 1 for a bad command line, 2 for a feature not in this version yet.
CommandLineResult parseCommandLine(const QStringList &arguments);

/// Cheap scan of argv before any QCoreApplication exists, to choose the application class:
/// true if no window is wanted (--headless, --help, --version, --import, --export, --make-planet,
/// --make-moon).
bool runsWithoutWindow(int argc, char **argv);

} // namespace tier
