// SPDX-License-Identifier: GPL-3.0-or-later
// For tests that need an engine stopped before they go on (checking files, connections, ports).
// EngineClient::stop() only asks; this turns the event loop (test code may) until stopped() came.
#pragma once

#include "common/vectors.h"
#include "core/service/engineclient.h"
#include "core/service/engineoptions.h"

#include <QTest>

namespace tier::test {

/// Stops engine and returns once it has stopped (true), or after timeoutMs (false).
inline bool stopEngine(EngineClient &engine, int timeoutMs = 60000)
{
    engine.stop();
    return QTest::qWaitFor([&engine] { return engine.isStopped(); }, timeoutMs);
}

/// Engine options that keep a test on loopback: any free UDP port on 127.0.0.1 and the lab's private
/// planet (its root on 127.0.0.1), never the public roots.
inline EngineOptions loopbackEngineOptions(const QString &dataDir)
{
    EngineOptions options;
    options.dataDir = dataDir;
    options.udpPort = 0;
    options.udpBindAddress = QStringLiteral("127.0.0.1");
    options.planetFile = vectorPath(QStringLiteral("lab/lab-planet.bin"));
    return options;
}

} // namespace tier::test
