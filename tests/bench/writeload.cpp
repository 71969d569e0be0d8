// SPDX-License-Identifier: GPL-3.0-or-later
// Live status is memory first and written in batches. Here many online members re-request every
// 60 s (each member in its own second of the minute), driven in-process on a simulated clock; after
// every simulated second the engine's flush runs. No backlog means every flush writes what that
// second made dirty and the second's work fits in the second.

#include "benchutil.h"
#include "databasegenerator.h"
#include "inprocessharness.h"
#include "sections.h"

#include <QDir>
#include <QElapsedTimer>

#include <cmath>

namespace tier::bench {

void runWriteLoad(const BenchOptions &options, BenchReport &report, const QString &workDir)
{
    report.section(QStringLiteral("Write load: online members re-requesting every 60 s (in-process)"));
    const Identity controller = loadIdentities(1).value(0);
    if (controller.isNull() || options.online <= 0) {
        report.note(QStringLiteral("write load skipped"));
        return;
    }
    const QString path = QDir(workDir).filePath(QStringLiteral("writeload.db"));
    DatabaseGenerator generator(controller, 1, options.online, options.online);
    auto generated = generator.write(path, {}, false);
    if (!generated) {
        report.note(QStringLiteral("write load skipped: %1").arg(generated.error().message));
        return;
    }
    InProcessHarness h(DatabaseUri::sqliteFile(path), controller);
    if (Status opened = h.open(); !opened) {
        report.note(QStringLiteral("write load skipped: %1").arg(opened.error().message));
        return;
    }
    const quint64 nwid = generated->networkIds.value(0);
    for (int i = 0; i < options.online; ++i)
        h.addMember(generator.identityFor(i), nwid);

    qint64 reported = 0;
    QList<int> batches;
    QObject::connect(&h.controller(), &NetworkController::memberStatusChanged, [&](const QList<MemberInfo> &members) {
        reported += members.size();
        batches.append(int(members.size()));
    });
    QList<double> flushMs;
    QList<double> busyMs;
    qint64 requests = 0;
    const quint64 configsBefore = h.sender().configs;
    const qint64 cpu0 = threadCpuUs();
    for (int second = 0; second < options.writeSeconds; ++second) {
        h.advance(1000);
        QElapsedTimer busy;
        busy.start();
        for (int i = second % 60; i < options.online; i += 60) {
            h.request(i);
            ++requests;
        }
        QElapsedTimer flush;
        flush.start();
        (void)h.controller().flushStatus();
        flushMs.append(double(flush.nsecsElapsed()) / 1e6);
        busyMs.append(double(busy.nsecsElapsed()) / 1e6);
    }
    const qint64 cpu = threadCpuUs() - cpu0;
    const quint64 answered = h.sender().configs - configsBefore;
    double batchSum = 0;
    for (int b : std::as_const(batches))
        batchSum += b;
    double flushSum = 0;
    for (double f : std::as_const(flushMs))
        flushSum += f;
    const double flushMean = flushMs.isEmpty() ? 0 : flushSum / double(flushMs.size());
    report.add(QStringLiteral("writeload_online"), QStringLiteral("online members"), options.online);
    report.add(QStringLiteral("writeload_requests_per_s"), QStringLiteral("re-requests per second"),
               double(options.online) / 60.0, QStringLiteral("/s"));
    report.add(QStringLiteral("writeload_simulated_s"), QStringLiteral("simulated seconds"), options.writeSeconds,
               QStringLiteral("s"));
    report.add(QStringLiteral("writeload_configs"), QStringLiteral("configs answered"), qint64(answered));
    report.add(QStringLiteral("writeload_flush_batch"), QStringLiteral("flush batch size (mean rows)"),
               batches.isEmpty() ? 0.0 : batchSum / double(batches.size()), QStringLiteral("rows"));
    report.add(QStringLiteral("writeload_flush_ms"), QStringLiteral("flush time (mean)"), flushMean,
               QStringLiteral("ms"), QStringLiteral("flush interval (ms)"), 1000);
    report.add(QStringLiteral("writeload_flush_max_ms"), QStringLiteral("flush time (max)"), quantile(flushMs, 1.0),
               QStringLiteral("ms"));
    report.add(QStringLiteral("writeload_busy_max_ms"), QStringLiteral("busiest second: requests + flush"),
               quantile(busyMs, 1.0), QStringLiteral("ms"), QStringLiteral("one second (ms)"), 1000);
    report.add(QStringLiteral("writeload_backlog_rows"), QStringLiteral("rows still unwritten after the run"),
               qint64(std::max<qint64>(0, requests - reported)), QStringLiteral("rows"), QStringLiteral("must stay"),
               0);
    report.add(QStringLiteral("writeload_cpu_us_per_config"), QStringLiteral("engine CPU per config incl. flush"),
               answered ? double(cpu) / double(answered) : std::nan(""), QStringLiteral("µs"));
}

} // namespace tier::bench
