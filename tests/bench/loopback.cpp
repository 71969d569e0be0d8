// SPDX-License-Identifier: GPL-3.0-or-later
// The config service as members see it: simulated 1.14 members (Node + SimulatedMember, this thread)
// ask a real engine (its own thread, its own UDP socket) over loopback. Cold = every member's first
// request (the engine validates each new identity, at most NodeOptions::validationsPerSecond a second);
// warm = bursts of re-requests from all members at once (a member may ask once a second).

#include "benchutil.h"
#include "core/node/nodeoptions.h"
#include "databasegenerator.h"
#include "loopbacklab.h"
#include "sections.h"

#include <QDir>

#include <cmath>

namespace tier::bench {

void runLoopback(const BenchOptions &options, BenchReport &report, const QString &workDir)
{
    report.section(QStringLiteral("Config service over loopback UDP (simulated 1.14 members, real engine)"));
    const QList<Identity> ids = loadIdentities(3 + options.udpMembers, 0);
    if (ids.size() < 4) {
        report.note(QStringLiteral("loopback skipped: vectors/identities.txt not found"));
        return;
    }
    const QString dataDir = QDir(workDir).filePath(QStringLiteral("udp-data"));
    QDir(dataDir).removeRecursively();
    QDir().mkpath(dataDir);
    QList<DatabaseGenerator::RealMember> real;
    for (qsizetype i = 3; i < ids.size(); ++i)
        real.append({ids[i], true});
    DatabaseGenerator generator(ids[2], 1, 0, 0);
    auto generated = generator.write(QDir(dataDir).filePath(QStringLiteral("controller.db")), real);
    if (!generated) {
        report.note(QStringLiteral("loopback skipped: %1").arg(generated.error().message));
        return;
    }
    const quint64 nwid = generated->networkIds.value(0);
    LoopbackLab lab(ids[0], ids[1]);
    if (!lab.prepare(workDir) || lab.startEngine(dataDir, 60000) < 0) {
        report.note(QStringLiteral("loopback skipped: the engine did not start"));
        return;
    }
    for (qsizetype i = 3; i < ids.size(); ++i) {
        if (!lab.addMember(ids[i], nwid)) {
            report.note(QStringLiteral("loopback skipped: a member node did not start"));
            return;
        }
    }
    auto &members = lab.members();
    const int n = int(members.size());
    const int budget = NodeOptions().validationsPerSecond;

    // Cold: every member joins at once.
    qint64 cpu0 = lab.engineCpuUs();
    QElapsedTimer timer;
    timer.start();
    for (auto &m : members)
        m->sim->join();
    const bool allCold = LoopbackLab::waitUntil(
        [&] { return std::all_of(members.cbegin(), members.cend(), [](const auto &m) { return m->configs >= 1; }); },
        60000 + 2000 * n / std::max(1, budget));
    const double coldSeconds = double(timer.nsecsElapsed()) / 1e9;
    const qint64 coldCpu = lab.engineCpuUs() - cpu0;
    int coldDone = 0;
    for (const auto &m : members)
        coldDone += m->configs >= 1 ? 1 : 0;
    if (!allCold)
        report.note(QStringLiteral("loopback: only %1 of %2 members got their first config").arg(coldDone).arg(n));

    // Warm: bursts of one request per member; a burst ends when every member has its config.
    QList<double> latency;
    double warmSeconds = 0;
    int warmConfigs = 0;
    qint64 warmCpu = 0;
    for (int round = 0; round < options.udpRounds; ++round) {
        LoopbackLab::waitUntil([] { return false; }, 1100); // the controller drops re-requests within 1 s
        for (auto &m : members)
            m->latencyMs.clear();
        const qint64 c0 = lab.engineCpuUs();
        QElapsedTimer burst;
        burst.start();
        lab.requestAll();
        LoopbackLab::waitUntil(
            [&] {
                return std::all_of(members.cbegin(), members.cend(), [](const auto &m) { return m->sentAtNs < 0; });
            },
            30000);
        warmSeconds += double(burst.nsecsElapsed()) / 1e9;
        warmCpu += lab.engineCpuUs() - c0;
        for (auto &m : members) {
            warmConfigs += int(m->latencyMs.size());
            latency += m->latencyMs;
            m->sentAtNs = -1;
        }
    }
    report.add(QStringLiteral("udp_members"), QStringLiteral("simulated members (own UDP sockets)"), n);
    report.add(QStringLiteral("udp_cold_s"), QStringLiteral("cold: all members to their first config"), coldSeconds,
               QStringLiteral("s"));
    report.add(QStringLiteral("udp_cold_configs_per_s"), QStringLiteral("cold configs/s"), coldDone / coldSeconds,
               QStringLiteral("/s"), QStringLiteral("node validation budget (/s)"), budget);
    report.add(QStringLiteral("udp_cold_engine_cpu_us_per_config"), QStringLiteral("engine CPU per cold config"),
               coldDone ? double(coldCpu) / coldDone : std::nan(""), QStringLiteral("µs"));
    report.add(QStringLiteral("udp_configs_per_s"), QStringLiteral("warm configs/s (bursts of all members)"),
               warmSeconds > 0 ? warmConfigs / warmSeconds : 0.0, QStringLiteral("/s"),
               QStringLiteral("members × 1/s (protocol)"), n);
    report.add(QStringLiteral("udp_p50_ms"), QStringLiteral("warm latency p50 (request → verified config)"),
               quantile(latency, 0.5), QStringLiteral("ms"));
    report.add(QStringLiteral("udp_p99_ms"), QStringLiteral("warm latency p99"), quantile(latency, 0.99),
               QStringLiteral("ms"));
    report.add(QStringLiteral("udp_engine_cpu_us_per_config"), QStringLiteral("engine CPU per warm config"),
               warmConfigs ? double(warmCpu) / warmConfigs : std::nan(""), QStringLiteral("µs"));
}

} // namespace tier::bench
