// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QProcess>
#include <QString>

namespace tier::bench {

/// A program built beside tiermaster-bench.
QString binary(const QString &name);

/// Starts the headless program (`tiermaster --headless`) on `dataDir` with `planet`, UDP port chosen by
/// the system, no API, and waits for its "ready" line: its UDP port, or 0 (the reason in *error).
quint16 startController(QProcess &process, const QString &dataDir, const QString &planet, QString *error);
/// SIGTERM, then SIGKILL if it has not ended within a minute.
void stopController(QProcess &process);

/// Writes a planet whose root is never there (a closed loopback port), so that nothing leaves
/// loopback; false if it cannot be written.
bool writeUnreachablePlanet(const QString &path);

} // namespace tier::bench
