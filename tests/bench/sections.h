// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "benchoptions.h"
#include "benchreport.h"

#include <QDir>

namespace tier::bench {

/// Crypto limit: libsodium Ed25519 signatures/s on one core and on all cores. Returns the one-core rate.
double runCryptoLimit(const BenchOptions &options, BenchReport &report);
/// In-process request path: warm and cold configs/s, latency, CPU per config, beside the signing limit.
void runConfigService(const BenchOptions &options, BenchReport &report, const QString &workDir,
                      double signaturesPerSecond);
/// Simulated 1.14 members over loopback UDP against a real engine on its own thread.
void runLoopback(const BenchOptions &options, BenchReport &report, const QString &workDir);
/// The headless program against tiermaster-membersim (both separate processes): admission, load, whole-process CPU.
void runMembers(const BenchOptions &options, BenchReport &report, const QString &workDir);
/// Generated database (members over networks, one big one): start, memory, latency, UI, backup.
void runScale(const BenchOptions &options, BenchReport &report, const QString &workDir);
/// After runScale: the headless program started on the same database, measured from outside.
void runScaleHeadless(const BenchOptions &options, BenchReport &report, const QString &workDir);
/// Where runScale writes its database (and runScaleHeadless reads it).
inline QString scaleDataDir(const QString &workDir)
{
    return QDir(workDir).filePath(QStringLiteral("scale-data"));
}
/// Status updates of many online members re-requesting every 60 s: flush batches and backlog.
void runWriteLoad(const BenchOptions &options, BenchReport &report, const QString &workDir);

/// Serving as a root: relayed packets/s and WHOIS answers/s of a Node whose planet names it, and
/// member WHOIS answered while bogus HELLOs flood it.
void runRoot(const BenchOptions &options, BenchReport &report);

/// Flow-rules compile time: the largest vector and a 10,000-line program, in process and as tiermaster-rules.
void runRulesCompile(const BenchOptions &options, BenchReport &report, const QString &workDir);

} // namespace tier::bench
