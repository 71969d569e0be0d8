// SPDX-License-Identifier: GPL-3.0-or-later
// The scale section's database as the user starts it: the real headless program, its own process,
// timed from outside from exec to its "ready" line (database opened, every member loaded, socket
// bound), with its memory and CPU read from /proc — everything the process costs, all threads.

#include "benchutil.h"
#include "common/procstat.h"
#include "headless.h"
#include "sections.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QThread>

#include <cmath>

namespace tier::bench {

namespace {
constexpr double MiB = 1024.0 * 1024.0;
}

void runScaleHeadless(const BenchOptions &options, BenchReport &report, const QString &workDir)
{
    const QString dataDir = scaleDataDir(workDir);
    const QString planetPath = QDir(workDir).filePath(QStringLiteral("scale-headless.planet"));
    const double nan = std::nan("");
    double startSeconds = nan, cpuSeconds = nan, rssReady = nan, rssLater = nan, peak = nan;
    QString error;
    if (!QFile::exists(QDir(dataDir).filePath(QStringLiteral("controller.db"))))
        error = QStringLiteral("no scale database");
    else if (!writeUnreachablePlanet(planetPath))
        error = QStringLiteral("cannot write the planet");
    if (error.isEmpty()) {
        QProcess tiermaster;
        QElapsedTimer timer;
        timer.start();
        if (startController(tiermaster, dataDir, planetPath, &error) != 0) {
            startSeconds = double(timer.nsecsElapsed()) / 1e9;
            const qint64 pid = tiermaster.processId();
            cpuSeconds = double(test::processCpuUs(pid)) / 1e6;
            rssReady = double(test::processStatusBytes(pid, "VmRSS")) / MiB;
            // What it settles at once its timers ran (status flush, network refresh, maintenance).
            QThread::sleep(options.mode == QLatin1String("smoke") ? 1 : 10);
            rssLater = double(test::processStatusBytes(pid, "VmRSS")) / MiB;
            peak = double(test::processStatusBytes(pid, "VmHWM")) / MiB;
        }
        stopController(tiermaster);
    }
    if (!error.isEmpty())
        report.note(QStringLiteral("headless start not measured: %1").arg(error));
    report.add(QStringLiteral("scale_headless_start_s"), QStringLiteral("headless program: exec → ready (own process)"),
               startSeconds, QStringLiteral("s"), QStringLiteral("aim (s)"), 3);
    report.add(QStringLiteral("scale_headless_cpu_s"),
               QStringLiteral("  its CPU until ready (all threads, user + sys)"), cpuSeconds, QStringLiteral("s"));
    report.add(QStringLiteral("scale_headless_rss_mb"), QStringLiteral("  its resident memory when ready"), rssReady,
               QStringLiteral("MiB"), QStringLiteral("aim (300 MB, MiB)"), 286);
    report.add(QStringLiteral("scale_headless_rss_later_mb"), QStringLiteral("  resident memory once settled"),
               rssLater, QStringLiteral("MiB"));
    report.add(QStringLiteral("scale_headless_peak_mb"), QStringLiteral("  peak resident memory (VmHWM)"), peak,
               QStringLiteral("MiB"));
}

} // namespace tier::bench
