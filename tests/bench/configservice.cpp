// SPDX-License-Identifier: GPL-3.0-or-later
// Peak throughput of the request path, in-process (members may only ask once a second over the wire,
// so the wire cannot show the peak): cold = a member's first request including the node's one-time
// identity validation and key agreement; warm = re-requests of known members.

#include "benchutil.h"
#include "core/protocol/configchunk.h"
#include "core/protocol/networkconfig.h"
#include "inprocessharness.h"
#include "sections.h"
#include "signprobe.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>

#include <cmath>

namespace tier::bench {

namespace {

// Signatures in one answer: one per chunk plus the credentials inside the config.
int signaturesIn(const QList<QByteArray> &chunks)
{
    ConfigReassembler reassembler;
    std::optional<QByteArray> dictionary;
    for (const QByteArray &bytes : chunks) {
        auto chunk = ConfigChunk::decode(bytes);
        if (!chunk)
            return -1;
        if (auto done = reassembler.add(*chunk); done && !done->isEmpty())
            dictionary = *done;
    }
    if (!dictionary)
        return -1;
    auto config = NetworkConfig::fromBytes(*dictionary);
    if (!config)
        return -1;
    return int(chunks.size()) + (config->com ? 1 : 0) + int(config->certificatesOfOwnership.size()) +
           int(config->capabilities.size()) + int(config->tags.size());
}

} // namespace

void runConfigService(const BenchOptions &options, BenchReport &report, const QString &workDir,
                      double signaturesPerSecond)
{
    report.section(QStringLiteral("Config service, in-process request path (1 engine thread)"));
    const QList<Identity> ids = loadIdentities(options.inprocMembers + 1);
    if (ids.size() < 2) {
        report.note(QStringLiteral("config service skipped: vectors/identities.txt not found"));
        return;
    }
    const QString path = QDir(workDir).filePath(QStringLiteral("inprocess.db"));
    QFile::remove(path);
    InProcessHarness h(path, ids[0]);
    if (Status opened = h.open(); !opened) {
        report.note(QStringLiteral("config service skipped: %1").arg(opened.error().message));
        return;
    }
    auto nwid = h.createNetwork(InProcessHarness::benchSettings(QStringLiteral("bench"), false));
    if (!nwid) {
        report.note(QStringLiteral("config service skipped: %1").arg(nwid.error().message));
        return;
    }
    const int members = int(ids.size()) - 1;
    const int cold = std::min(options.coldMembers, members);

    // Cold: what a member's very first request costs the engine thread, validation included.
    QList<double> coldLatency;
    QElapsedTimer wall;
    wall.start();
    qint64 cpu0 = threadCpuUs();
    for (int i = 0; i < cold; ++i) {
        QElapsedTimer one;
        one.start();
        const Identity &id = ids[i + 1];
        (void)id.publicOnly().locallyValidate(); // the node's first contact (then cached for good)
        h.addMember(id, *nwid);                  // key agreement (the node does it once per peer)
        h.request(i);
        coldLatency.append(double(one.nsecsElapsed()) / 1e6);
    }
    const double coldSeconds = double(wall.nsecsElapsed()) / 1e9;
    const qint64 coldCpu = threadCpuUs() - cpu0;
    (void)h.controller().flushStatus();

    // The rest of the members ask once (unmeasured), so that the warm phase only sees known members.
    for (int i = cold; i < members; ++i) {
        h.addMember(ids[i + 1], *nwid);
        h.request(i);
    }
    (void)h.controller().flushStatus();
    const int signatures = signaturesIn(h.sender().lastChunks);

    // Warm: round-robin re-requests; the status flush the engine's timer does every second is
    // included in the throughput and the CPU, not in the per-request latency.
    QList<double> latency;
    latency.reserve(options.warmRequests);
    const quint64 configsBefore = h.sender().configs;
    SignProbe probe; // interleaved: the limit under the same conditions as the requests
    int flushes = 0;
    double flushMs = 0;
    qint64 flushCpu = 0;
    qint64 flushedRows = 0;
    const QMetaObject::Connection counting =
        QObject::connect(&h.controller(), &NetworkController::memberStatusChanged,
                         [&](const QList<MemberInfo> &changed) { flushedRows += changed.size(); });
    QElapsedTimer sinceFlush;
    sinceFlush.start();
    wall.restart();
    cpu0 = threadCpuUs();
    for (int n = 0; n < options.warmRequests; ++n) {
        const int i = n % members;
        if (i == 0)
            h.advance(1001); // the rate limit is per member and 1 s
        QElapsedTimer one;
        one.start();
        h.request(i);
        latency.append(double(one.nsecsElapsed()) / 1e6);
        if (n % 200 == 199)
            probe.run(16);
        if (sinceFlush.elapsed() >= 1000) {
            QElapsedTimer f;
            f.start();
            const qint64 c = threadCpuUs();
            (void)h.controller().flushStatus();
            flushCpu += threadCpuUs() - c;
            flushMs += double(f.nsecsElapsed()) / 1e6;
            ++flushes;
            sinceFlush.restart();
        }
    }
    QObject::disconnect(counting);
    (void)h.controller().flushStatus();
    const double warmSeconds = double(wall.nsecsElapsed() - probe.wallNs()) / 1e9;
    const qint64 warmCpu = threadCpuUs() - cpu0 - probe.cpuUs();
    const quint64 answered = h.sender().configs - configsBefore;

    if (probe.perCpuSecond() > 0)
        signaturesPerSecond = probe.perCpuSecond();
    const double limit = signatures > 0 ? signaturesPerSecond / signatures : std::nan("");
    const double configsPerSecond = double(answered) / warmSeconds;
    report.add(QStringLiteral("inprocess_members"), QStringLiteral("members (real identities)"), members);
    report.add(QStringLiteral("signatures_per_config"), QStringLiteral("signatures per config (COM, COO, chunks)"),
               signatures);
    report.add(QStringLiteral("configs_per_s"), QStringLiteral("warm configs/s (wall clock)"), configsPerSecond,
               QStringLiteral("/s"), QStringLiteral("sign limit, 1 core (configs/s)"), limit);
    report.add(QStringLiteral("sign_per_s_interleaved"),
               QStringLiteral("Ed25519 sig. per CPU second, between requests"), signaturesPerSecond,
               QStringLiteral("sig/s"));
    report.add(QStringLiteral("sign_limit_configs_per_s"), QStringLiteral("signing-only limit, 1 core"), limit,
               QStringLiteral("/s"));
    // The ratio uses CPU time on both sides: the engine thread's CPU per config against libsodium's
    // CPU per signature, so a busy shared machine changes neither much.
    const double configsPerCpuSecond = answered && warmCpu > 0 ? 1e6 * double(answered) / double(warmCpu) : 0.0;
    report.add(QStringLiteral("configs_per_cpu_s"), QStringLiteral("warm configs per engine CPU second"),
               configsPerCpuSecond, QStringLiteral("/s"), QStringLiteral("sign limit, 1 core (configs/s)"), limit);
    report.add(QStringLiteral("configs_ratio_to_limit"), QStringLiteral("configs per CPU second ÷ signing limit"),
               configsPerCpuSecond / limit, QString(), QStringLiteral("aim"), 0.5);
    report.add(QStringLiteral("p50_ms"), QStringLiteral("warm latency p50"), quantile(latency, 0.5),
               QStringLiteral("ms"));
    report.add(QStringLiteral("p99_ms"), QStringLiteral("warm latency p99"), quantile(latency, 0.99),
               QStringLiteral("ms"));
    report.add(QStringLiteral("engine_cpu_us_per_config"), QStringLiteral("engine CPU per warm config"),
               answered ? double(warmCpu) / double(answered) : std::nan(""), QStringLiteral("µs"),
               QStringLiteral("signing alone (µs)"), signatures > 0 ? 1e6 * signatures / signaturesPerSecond : 0.0);
    report.add(QStringLiteral("engine_cpu_us_per_config_no_flush"),
               QStringLiteral("  of which the request itself (no status flush)"),
               answered ? double(warmCpu - flushCpu) / double(answered) : std::nan(""), QStringLiteral("µs"));
    const double requestCpu = answered ? double(warmCpu - flushCpu) / double(answered) : 0.0;
    report.add(QStringLiteral("request_ratio_to_limit"), QStringLiteral("  the same without the flush ÷ signing limit"),
               requestCpu > 0 ? 1e6 / requestCpu / limit : 0.0, QString(), QStringLiteral("aim"), 0.5);
    report.add(QStringLiteral("warm_requests"), QStringLiteral("warm requests answered"), qint64(answered));
    report.add(QStringLiteral("warm_flush_ms"), QStringLiteral("status flush, mean (once a second)"),
               flushes ? flushMs / flushes : 0.0, QStringLiteral("ms"));
    report.add(QStringLiteral("warm_flush_rows"), QStringLiteral("status rows per flush (mean)"),
               flushes ? double(flushedRows) / flushes : 0.0, QStringLiteral("rows"));
    report.add(QStringLiteral("cold_configs_per_s"), QStringLiteral("cold configs/s (first request, validation)"),
               cold / coldSeconds, QStringLiteral("/s"), QStringLiteral("validation alone, 1 core (/s)"),
               report.value(QStringLiteral("identity_validate_ms")).isValid()
                   ? 1000.0 / report.value(QStringLiteral("identity_validate_ms")).toDouble()
                   : std::nan(""));
    report.add(QStringLiteral("cold_p50_ms"), QStringLiteral("cold latency p50"), quantile(coldLatency, 0.5),
               QStringLiteral("ms"));
    report.add(QStringLiteral("cold_p99_ms"), QStringLiteral("cold latency p99"), quantile(coldLatency, 0.99),
               QStringLiteral("ms"));
    report.add(QStringLiteral("cold_engine_cpu_us_per_config"), QStringLiteral("engine CPU per cold config"),
               cold ? double(coldCpu) / cold : std::nan(""), QStringLiteral("µs"));
}

} // namespace tier::bench
