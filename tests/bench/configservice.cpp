// SPDX-License-Identifier: GPL-3.0-or-later
// Peak throughput of the request path, in-process (members may only ask once a second over the wire,
// so the wire cannot show the peak): cold = a member's first request including the node's one-time
// identity validation and key agreement; warm = re-requests of known members.

#include "benchutil.h"
#include "core/protocol/configchunk.h"
#include "core/protocol/networkconfig.h"
#include "inprocessharness.h"
#include "pgscratch.h"
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

// One run of the in-process figures on one database. `prefix` is "" for SQLite and "pg_" for
// PostgreSQL; a prefixed run shows the SQLite figure of the same key beside its own.
void runOnce(const BenchOptions &options, BenchReport &report, const DatabaseUri &uri, const QString &prefix,
             const QList<Identity> &ids, double signaturesPerSecond)
{
    const auto put = [&](const QString &key, const QString &label, const QVariant &value, const QString &unit = {},
                         const QString &limitLabel = {}, const QVariant &limit = {}) {
        if (prefix.isEmpty())
            report.add(key, label, value, unit, limitLabel, limit);
        else
            report.add(prefix + key, label, value, unit, QStringLiteral("SQLite"), report.value(key));
    };
    InProcessHarness h(uri, ids[0]);
    if (Status opened = h.open(); !opened) {
        report.note(QStringLiteral("config service skipped (%1): %2").arg(uri.toString(), opened.error().message));
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
    const quint64 credentialSignaturesBefore = h.controller().changeCounters().credentialSignatures;
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
    // Signatures actually made per warm answer: the chunks' own, plus the credentials signed afresh (a
    // member's COM, COO, capabilities and tags are re-used for a quarter of the credential window).
    const double madeSignatures =
        answered ? double(h.sender().lastChunks.size()) +
                       double(h.controller().changeCounters().credentialSignatures - credentialSignaturesBefore) /
                           double(answered)
                 : std::nan("");

    if (probe.perCpuSecond() > 0)
        signaturesPerSecond = probe.perCpuSecond();
    const double limit = signatures > 0 ? signaturesPerSecond / signatures : std::nan("");
    const double configsPerSecond = double(answered) / warmSeconds;
    put(QStringLiteral("inprocess_members"), QStringLiteral("members (real identities)"), members);
    put(QStringLiteral("signatures_per_config"), QStringLiteral("signatures per config (COM, COO, chunks)"),
        signatures);
    put(QStringLiteral("signatures_made_per_config"), QStringLiteral("signatures made per warm config (re-use)"),
        madeSignatures);
    put(QStringLiteral("sign_limit_with_reuse"), QStringLiteral("signing-only limit with re-use, 1 core"),
        madeSignatures > 0 ? signaturesPerSecond / madeSignatures : std::nan(""), QStringLiteral("/s"),
        QStringLiteral("without"), limit);
    put(QStringLiteral("configs_per_s"), QStringLiteral("warm configs/s (wall clock)"), configsPerSecond,
        QStringLiteral("/s"), QStringLiteral("sign limit, 1 core (configs/s)"), limit);
    put(QStringLiteral("sign_per_s_interleaved"), QStringLiteral("Ed25519 sig. per CPU second, between requests"),
        signaturesPerSecond, QStringLiteral("sig/s"));
    put(QStringLiteral("sign_limit_configs_per_s"), QStringLiteral("signing-only limit, 1 core"), limit,
        QStringLiteral("/s"));
    // The ratio uses CPU time on both sides: the engine thread's CPU per config against libsodium's
    // CPU per signature, so a busy shared machine changes neither much.
    const double configsPerCpuSecond = answered && warmCpu > 0 ? 1e6 * double(answered) / double(warmCpu) : 0.0;
    put(QStringLiteral("configs_per_cpu_s"), QStringLiteral("warm configs per engine CPU second"), configsPerCpuSecond,
        QStringLiteral("/s"), QStringLiteral("sign limit, 1 core (configs/s)"), limit);
    put(QStringLiteral("configs_ratio_to_limit"), QStringLiteral("configs per CPU second ÷ signing limit"),
        configsPerCpuSecond / limit, QString(), QStringLiteral("aim"), 0.5);
    put(QStringLiteral("p50_ms"), QStringLiteral("warm latency p50"), quantile(latency, 0.5), QStringLiteral("ms"));
    put(QStringLiteral("p99_ms"), QStringLiteral("warm latency p99"), quantile(latency, 0.99), QStringLiteral("ms"));
    put(QStringLiteral("engine_cpu_us_per_config"), QStringLiteral("engine CPU per warm config"),
        answered ? double(warmCpu) / double(answered) : std::nan(""), QStringLiteral("µs"),
        QStringLiteral("signing alone (µs)"), signatures > 0 ? 1e6 * signatures / signaturesPerSecond : 0.0);
    put(QStringLiteral("engine_cpu_us_per_config_no_flush"),
        QStringLiteral("  of which the request itself (no status flush)"),
        answered ? double(warmCpu - flushCpu) / double(answered) : std::nan(""), QStringLiteral("µs"));
    const double requestCpu = answered ? double(warmCpu - flushCpu) / double(answered) : 0.0;
    put(QStringLiteral("request_ratio_to_limit"), QStringLiteral("  the same without the flush ÷ signing limit"),
        requestCpu > 0 ? 1e6 / requestCpu / limit : 0.0, QString(), QStringLiteral("aim"), 0.5);
    put(QStringLiteral("warm_requests"), QStringLiteral("warm requests answered"), qint64(answered));
    put(QStringLiteral("warm_flush_ms"), QStringLiteral("status flush, mean (once a second)"),
        flushes ? flushMs / flushes : 0.0, QStringLiteral("ms"));
    put(QStringLiteral("warm_flush_rows"), QStringLiteral("status rows per flush (mean)"),
        flushes ? double(flushedRows) / flushes : 0.0, QStringLiteral("rows"));
    put(QStringLiteral("cold_configs_per_s"), QStringLiteral("cold configs/s (first request, validation)"),
        cold / coldSeconds, QStringLiteral("/s"), QStringLiteral("validation alone, 1 core (/s)"),
        report.value(QStringLiteral("identity_validate_ms")).isValid()
            ? 1000.0 / report.value(QStringLiteral("identity_validate_ms")).toDouble()
            : std::nan(""));
    put(QStringLiteral("cold_p50_ms"), QStringLiteral("cold latency p50"), quantile(coldLatency, 0.5),
        QStringLiteral("ms"));
    put(QStringLiteral("cold_p99_ms"), QStringLiteral("cold latency p99"), quantile(coldLatency, 0.99),
        QStringLiteral("ms"));
    put(QStringLiteral("cold_engine_cpu_us_per_config"), QStringLiteral("engine CPU per cold config"),
        cold ? double(coldCpu) / cold : std::nan(""), QStringLiteral("µs"));

    // Authorization: members that asked for a private network (so they are online and pending) are
    // authorized one at a time through the controller, as the UI does; each authorization writes the
    // member record and pushes the config to the member before it returns.
    auto privateId = h.createNetwork(InProcessHarness::benchSettings(QStringLiteral("bench-private"), true));
    if (!privateId) {
        report.note(QStringLiteral("authorization skipped: %1").arg(privateId.error().message));
        return;
    }
    const int authorizations = std::min(options.authMembers, members);
    h.advance(1001);
    for (int i = 0; i < authorizations; ++i) {
        h.addMember(ids[i + 1], *privateId);
        h.request(members + i); // pending: recorded, answered with ACCESS_DENIED
    }
    (void)h.controller().flushStatus();
    QList<double> authLatency;
    int pushed = 0;
    int failed = 0;
    wall.restart();
    cpu0 = threadCpuUs();
    for (int i = 0; i < authorizations; ++i) {
        const quint64 before = h.sender().configs;
        QElapsedTimer one;
        one.start();
        if (!h.controller().setAuthorized(*privateId, ids[i + 1].address(), true))
            ++failed;
        authLatency.append(double(one.nsecsElapsed()) / 1e6);
        if (h.sender().configs > before)
            ++pushed;
    }
    const double authSeconds = double(wall.nsecsElapsed()) / 1e9;
    const qint64 authCpu = threadCpuUs() - cpu0;
    if (failed > 0)
        report.note(QStringLiteral("%1 of %2 authorizations failed").arg(failed).arg(authorizations));
    put(QStringLiteral("auth_members"), QStringLiteral("authorizations (pending members, online)"), authorizations);
    put(QStringLiteral("auth_pushed"), QStringLiteral("  of which pushed a config at once"), pushed);
    put(QStringLiteral("auth_per_s"), QStringLiteral("authorizations/s (write + push, wall clock)"),
        authSeconds > 0 ? authorizations / authSeconds : 0.0, QStringLiteral("/s"));
    put(QStringLiteral("auth_push_p50_ms"), QStringLiteral("authorize → config pushed, p50"),
        quantile(authLatency, 0.5), QStringLiteral("ms"));
    put(QStringLiteral("auth_push_p99_ms"), QStringLiteral("authorize → config pushed, p99"),
        quantile(authLatency, 0.99), QStringLiteral("ms"));
    put(QStringLiteral("auth_engine_cpu_us"), QStringLiteral("engine CPU per authorization"),
        authorizations ? double(authCpu) / authorizations : 0.0, QStringLiteral("µs"));
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
    runOnce(options, report, DatabaseUri::sqliteFile(path), QString(), ids, signaturesPerSecond);
    if (options.postgres.isEmpty())
        return;

    report.section(QStringLiteral("The same on PostgreSQL (fresh database; the SQLite figure beside it)"));
    auto server = DatabaseUri::parse(options.postgres, workDir);
    if (!server) {
        report.note(QStringLiteral("PostgreSQL skipped: %1").arg(server.error().message));
        return;
    }
    PgScratch scratch(*server);
    if (Status created = scratch.create(); !created) {
        report.note(QStringLiteral("PostgreSQL skipped: %1").arg(created.error().message));
        return;
    }
    report.setInfo(QStringLiteral("pg_server"), server->toString());
    runOnce(options, report, scratch.uri(), QStringLiteral("pg_"), ids, signaturesPerSecond);
}

} // namespace tier::bench
