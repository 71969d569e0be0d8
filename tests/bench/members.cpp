// SPDX-License-Identifier: GPL-3.0-or-later
// The config service as members see it, measured from outside: the real headless program
// (`tiermaster --headless`, its own process) and tiermaster-membersim (another process: thousands of
// simulated 1.14 members, each on its own UDP socket and loopback /24) on loopback. The members are
// fresh to the controller (authorized in the database, identities never validated), so the run
// measures admission (HELLO answered, first config) and then the load of every member re-requesting
// at a set period. The controller's CPU is its whole process's (all threads, user + system) from
// /proc/PID/stat, read by the simulator.

#include "benchutil.h"
#include "databasegenerator.h"
#include "headless.h"
#include "sections.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

#include <cmath>

namespace tier::bench {

namespace {

/// One run at `count` members; figures keyed ext<count>_….
void runSize(const BenchOptions &options, BenchReport &report, const QString &workDir, int count,
             const QList<Identity> &ids)
{
    const QString key = QStringLiteral("ext%1_").arg(count);
    const QString dataDir = QDir(workDir).filePath(QStringLiteral("ext-%1").arg(count));
    QDir(dataDir).removeRecursively();
    QDir().mkpath(dataDir);
    // The controller's planet names a root that is never there: the members reach the controller
    // directly, and nothing ever leaves loopback.
    const QString planetPath = QDir(dataDir).filePath(QStringLiteral("bench.planet"));
    if (!writeUnreachablePlanet(planetPath)) {
        report.note(QStringLiteral("members: cannot write the planet"));
        return;
    }
    QList<DatabaseGenerator::RealMember> real;
    for (int i = 0; i < count; ++i)
        real.append({ids[i], true});
    const Identity controller = Identity::generate();
    auto generated =
        DatabaseGenerator(controller, 1, 0, 0).write(QDir(dataDir).filePath(QStringLiteral("controller.db")), real);
    if (!generated) {
        report.note(QStringLiteral("members: %1").arg(generated.error().message));
        return;
    }
    QProcess tiermaster;
    QString error;
    const quint16 port = startController(tiermaster, dataDir, planetPath, &error);
    if (port == 0) {
        stopController(tiermaster);
        report.note(QStringLiteral("members: %1").arg(error));
        return;
    }
    QProcess sim;
    sim.setProgram(binary(QStringLiteral("tiermaster-membersim")));
    sim.setArguments(
        {QStringLiteral("--controller"), QDir(dataDir).filePath(QStringLiteral("identity.public")),
         QStringLiteral("--endpoint"), QStringLiteral("127.0.0.1/%1").arg(port), QStringLiteral("--network"),
         QStringLiteral("%1").arg(generated->networkIds.value(0), 16, 16, QLatin1Char('0')),
         QStringLiteral("--members"), QString::number(count), QStringLiteral("--pid"),
         QString::number(tiermaster.processId()), QStringLiteral("--seconds"), QString::number(options.extSeconds),
         QStringLiteral("--settle"), QString::number(options.extSettleSeconds), QStringLiteral("--admit-timeout"),
         QString::number(options.extAdmitTimeout), QStringLiteral("--json")});
    sim.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    sim.start();
    const int budgetMs = (options.extAdmitTimeout + options.extSettleSeconds + options.extSeconds + 120) * 1000;
    const bool finished = sim.waitForStarted(10000) && sim.waitForFinished(budgetMs);
    const QJsonObject r = QJsonDocument::fromJson(sim.readAllStandardOutput()).object();
    stopController(tiermaster);
    if (!finished || sim.exitCode() != 0 || r.isEmpty()) {
        sim.kill();
        report.note(QStringLiteral("members: the simulator failed at %1 members").arg(count));
        return;
    }
    const auto v = [&](const char *name) { return r.value(QLatin1String(name)).toDouble(); };
    report.add(key + QStringLiteral("members"), QStringLiteral("simulated members (own socket, own /24)"), count);
    report.add(key + QStringLiteral("admitted"), QStringLiteral("admitted (HELLO answered)"), v("admitted"));
    report.add(key + QStringLiteral("admit_s"), QStringLiteral("all admitted after"), v("admit_s"),
               QStringLiteral("s"));
    report.add(key + QStringLiteral("admitted_per_s"), QStringLiteral("members admitted per second"),
               v("admitted_per_s"), QStringLiteral("/s"));
    report.add(key + QStringLiteral("configured_s"), QStringLiteral("all configured after"), v("configured_s"),
               QStringLiteral("s"), QStringLiteral("aim (2,000 fresh members, s)"), 30);
    report.add(key + QStringLiteral("admission_cpu_ms_per_member"), QStringLiteral("controller CPU per admission"),
               v("admission_cpu_ms_per_member"), QStringLiteral("ms"));
    report.add(key + QStringLiteral("offered_per_s"), QStringLiteral("requests offered per second"), v("offered_per_s"),
               QStringLiteral("/s"));
    report.add(key + QStringLiteral("configs_per_s"), QStringLiteral("verified configs answered per second"),
               v("configs_per_s"), QStringLiteral("/s"), QStringLiteral("offered (/s)"), v("offered_per_s"));
    report.add(key + QStringLiteral("unanswered"), QStringLiteral("requests unanswered in the window"), v("unanswered"),
               QString(), QStringLiteral("aim"), 0);
    report.add(key + QStringLiteral("p50_ms"), QStringLiteral("latency p50 (request → verified config)"), v("p50_ms"),
               QStringLiteral("ms"));
    report.add(key + QStringLiteral("p90_ms"), QStringLiteral("latency p90"), v("p90_ms"), QStringLiteral("ms"));
    report.add(key + QStringLiteral("p99_ms"), QStringLiteral("latency p99"), v("p99_ms"), QStringLiteral("ms"),
               QStringLiteral("aim (ms)"), 20);
    report.add(key + QStringLiteral("controller_cpu_percent"), QStringLiteral("controller process CPU (% of a core)"),
               v("controller_cpu_percent"), QStringLiteral("%"));
    report.add(key + QStringLiteral("cpu_us_per_config"), QStringLiteral("controller process CPU per config"),
               v("controller_cpu_us_per_config"), QStringLiteral("µs"), QStringLiteral("aim (µs)"), 85);
    report.add(key + QStringLiteral("simulator_cpu_percent"), QStringLiteral("member simulator CPU (% of a core)"),
               v("simulator_cpu_percent"), QStringLiteral("%"));
    if (v("invalid") > 0 || v("denied") > 0)
        report.note(QStringLiteral("members: %1 invalid, %2 denied").arg(v("invalid")).arg(v("denied")));
}

} // namespace

void runMembers(const BenchOptions &options, BenchReport &report, const QString &workDir)
{
    report.section(QStringLiteral("Members over real sockets (headless program, external simulator)"));
    int most = 0;
    for (int count : options.extMembers)
        most = std::max(most, count);
    const QList<Identity> ids = loadIdentities(most, 0);
    if (ids.size() < most) {
        report.note(QStringLiteral("members skipped: vectors/identities.txt holds %1 identities").arg(ids.size()));
        return;
    }
    for (int count : options.extMembers)
        runSize(options, report, workDir, count, ids);
}

} // namespace tier::bench
