// SPDX-License-Identifier: GPL-3.0-or-later
// For tests that need an engine stopped before they go on (checking files, connections, ports).
// EngineClient::stop() only asks; this turns the event loop (test code may) until stopped() came.
#pragma once

#include "core/service/engineclient.h"

#include <QTest>

namespace tier::test {

/// Stops engine and returns once it has stopped (true), or after timeoutMs (false).
inline bool stopEngine(EngineClient &engine, int timeoutMs = 60000)
{
    engine.stop();
    return QTest::qWaitFor([&engine] { return engine.isStopped(); }, timeoutMs);
}

} // namespace tier::test
