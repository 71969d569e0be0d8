// SPDX-License-Identifier: GPL-3.0-or-later
// tiermaster-membersim: thousands of simulated ZeroTier 1.14 members against a running controller,
// as a process of its own (docs/performance.md, "Members over real sockets"). Each member is a Node
// with its own UDP socket on its own loopback /24; it HELLOs the controller, asks for its config once
// answered, then re-requests every --interval-ms on its own schedule. Only configs whose chunk
// signature, certificate of membership and certificates of ownership verify are counted. The
// controller's CPU is read from /proc/PID/stat (all threads, user + system).
// Traffic goes only to the --endpoint given, which must be a loopback address.

#include "common/procstat.h"
#include "common/vectors.h"
#include "core/crypto/primitives.h"
#include "core/node/node.h"
#include "membergroup.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>
#include <QTimer>

#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>

using namespace tier;
using namespace tier::membersim;

namespace {

qint64 ownCpuUs()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}

void raiseFileLimit(int needed)
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= rlim_t(needed))
        return;
    limit.rlim_cur = std::min<rlim_t>(limit.rlim_max, rlim_t(needed));
    if (setrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur < rlim_t(needed))
        std::fprintf(stderr, "membersim: only %lu file descriptors allowed, %d needed\n",
                     static_cast<unsigned long>(limit.rlim_cur), needed);
}

void sleepMs(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

double quantile(QList<double> samples, double q)
{
    if (samples.isEmpty())
        return std::nan("");
    std::sort(samples.begin(), samples.end());
    return samples[std::min(samples.size() - 1, qsizetype(std::floor(q * double(samples.size()))))];
}

QList<Identity> loadIdentities(const QString &path, int offset, int count)
{
    QList<Identity> out;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return out;
    int index = 0;
    while (!file.atEnd() && out.size() < count) {
        const QByteArray line = file.readLine().trimmed();
        if (line.isEmpty() || index++ < offset)
            continue;
        if (Result<Identity> id = Identity::fromString(QString::fromLatin1(line)); id && id->hasSecret())
            out.append(*id);
    }
    return out;
}

struct Options
{
    Identity controller;
    InetAddress endpoint;
    quint64 networkId = 0;
    QList<Identity> members;
    int threads = 2;
    qint64 intervalMs = 1020;
    int settleSeconds = 5;
    int seconds = 20;
    int graceSeconds = 3;
    int admitTimeoutSeconds = 120;
    qint64 pid = 0;
    bool json = false;
};

/// Parses the command line; an error message, or empty when the options are usable.
QString parse(const QCoreApplication &app, Options &o)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Simulated 1.14 members against a running controller on loopback."));
    p.addHelpOption();
    p.addOptions({
        {QStringLiteral("controller"), QStringLiteral("The controller's identity.public file."),
         QStringLiteral("file")},
        {QStringLiteral("endpoint"), QStringLiteral("Its UDP endpoint, a loopback IP/PORT."),
         QStringLiteral("ip/port")},
        {QStringLiteral("network"), QStringLiteral("Network ID (16 hex digits)."), QStringLiteral("nwid")},
        {QStringLiteral("members"), QStringLiteral("Simulated members (default 2000)."), QStringLiteral("n")},
        {QStringLiteral("offset"), QStringLiteral("First identity used (default 0)."), QStringLiteral("n")},
        {QStringLiteral("identities"), QStringLiteral("Secret identities, one a line (default: vectors)."),
         QStringLiteral("file")},
        {QStringLiteral("threads"), QStringLiteral("Member threads (default 2)."), QStringLiteral("n")},
        {QStringLiteral("interval-ms"), QStringLiteral("Each member's request period (default 1020)."),
         QStringLiteral("ms")},
        {QStringLiteral("settle"), QStringLiteral("Seconds of load before measuring (default 5)."),
         QStringLiteral("s")},
        {QStringLiteral("seconds"), QStringLiteral("Measuring window (default 20)."), QStringLiteral("s")},
        {QStringLiteral("admit-timeout"), QStringLiteral("Longest wait for admission (default 120)."),
         QStringLiteral("s")},
        {QStringLiteral("pid"), QStringLiteral("The controller's process ID (CPU figures)."), QStringLiteral("pid")},
        {QStringLiteral("json"), QStringLiteral("Print one JSON object.")},
    });
    p.process(app);
    QFile idFile(p.value(QStringLiteral("controller")));
    if (!idFile.open(QIODevice::ReadOnly))
        return QStringLiteral("--controller: cannot read the identity file");
    auto controller = Identity::fromString(QString::fromLatin1(idFile.readAll().trimmed()));
    if (!controller)
        return QStringLiteral("--controller: not an identity");
    o.controller = controller->publicOnly();
    const std::optional<InetAddress> host = InetAddress::fromString(p.value(QStringLiteral("endpoint")));
    if (!host || !host->isLoopback())
        return QStringLiteral("--endpoint must be a loopback IP/PORT");
    o.endpoint = *host;
    bool ok = false;
    o.networkId = p.value(QStringLiteral("network")).toULongLong(&ok, 16);
    if (!ok || (o.networkId >> 24) != o.controller.address().toInt())
        return QStringLiteral("--network must be one of the controller's networks");
    auto intValue = [&](const QString &name, auto &target, qint64 min) {
        if (!p.isSet(name))
            return true;
        const qint64 v = p.value(name).toLongLong(&ok);
        if (!ok || v < min)
            return false;
        target = decltype(+target)(v);
        return true;
    };
    int count = 2000;
    int offset = 0;
    if (!intValue(QStringLiteral("members"), count, 1) || !intValue(QStringLiteral("offset"), offset, 0) ||
        !intValue(QStringLiteral("threads"), o.threads, 1) ||
        !intValue(QStringLiteral("interval-ms"), o.intervalMs, 10) ||
        !intValue(QStringLiteral("settle"), o.settleSeconds, 0) || !intValue(QStringLiteral("seconds"), o.seconds, 1) ||
        !intValue(QStringLiteral("admit-timeout"), o.admitTimeoutSeconds, 1) ||
        !intValue(QStringLiteral("pid"), o.pid, 0))
        return QStringLiteral("a numeric option is out of range");
    const QString idPath = p.isSet(QStringLiteral("identities")) ? p.value(QStringLiteral("identities"))
                                                                 : test::vectorPath(QStringLiteral("identities.txt"));
    o.members = loadIdentities(idPath, offset, count);
    if (o.members.size() < count)
        return QStringLiteral("%1 holds only %2 identities from %3 on").arg(idPath).arg(o.members.size()).arg(offset);
    o.json = p.isSet(QStringLiteral("json"));
    return {};
}

World memberPlanet(const Options &o)
{
    // The members' own planet: the controller is their only root, so their HELLO goes straight to
    // it. Signed by a throw-away key; only these simulated nodes ever read it.
    const Identity signer = Identity::generate();
    World::Root root;
    root.identity = o.controller;
    root.stableEndpoints.append(o.endpoint);
    auto w = World::create(World::Type::Planet, 0x6d656d62ULL, 1700000000000ULL, signer.publicKey(), {root},
                           signer.secretKey());
    return w ? *w : World();
}

GroupStats collect(const QList<MemberGroup *> &groups)
{
    GroupStats all;
    for (MemberGroup *g : groups) {
        GroupStats s;
        QMetaObject::invokeMethod(
            g, [&] { s = g->stats(); }, Qt::BlockingQueuedConnection);
        all.members += s.members;
        all.started += s.started;
        all.admittedNs += s.admittedNs;
        all.configuredNs += s.configuredNs;
        all.offered += s.offered;
        all.answered += s.answered;
        all.unsent += s.unsent;
        all.invalid += s.invalid;
        all.denied += s.denied;
        all.latencyMs += s.latencyMs;
    }
    return all;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tiermaster-membersim"));
    if (!crypto::initialize())
        return 1;
    Options o;
    if (const QString error = parse(app, o); !error.isEmpty()) {
        std::fprintf(stderr, "membersim: %s\n", qPrintable(error));
        return 2;
    }
    const int n = int(o.members.size());
    raiseFileLimit(n + 256);
    const World planet = memberPlanet(o);
    QElapsedTimer clock;
    clock.start();

    QList<QList<MemberGroup::Spec>> specs(o.threads);
    for (int i = 0; i < n; ++i)
        specs[i % o.threads].append({o.members[i], i});
    QList<QThread *> threads;
    QList<MemberGroup *> groups;
    for (int t = 0; t < o.threads; ++t) {
        auto *thread = new QThread;
        auto *group = new MemberGroup(specs[t], planet, o.networkId, &clock);
        group->moveToThread(thread);
        thread->start();
        threads.append(thread);
        groups.append(group);
    }

    // Admission: every member HELLOs at once, asks for its config when answered.
    const qint64 cpuStart = test::processCpuUs(o.pid);
    const qint64 startNs = clock.nsecsElapsed();
    for (MemberGroup *g : groups)
        QMetaObject::invokeMethod(g, &MemberGroup::start, Qt::BlockingQueuedConnection);
    GroupStats s;
    const qint64 admitDeadline = startNs + qint64(o.admitTimeoutSeconds) * 1000000000LL;
    while (clock.nsecsElapsed() < admitDeadline) {
        sleepMs(250);
        s = collect(groups);
        if (s.configuredNs.size() >= n)
            break;
    }
    const qint64 cpuAdmitted = test::processCpuUs(o.pid);
    const auto lastOf = [&](QList<qint64> v) {
        return v.isEmpty() ? 0.0 : double(*std::max_element(v.cbegin(), v.cend()) - startNs) / 1e9;
    };
    const double admitSeconds = lastOf(s.admittedNs);
    const double configuredSeconds = lastOf(s.configuredNs);
    const qint64 admitted = s.admittedNs.size();
    const qint64 configured = s.configuredNs.size();

    // Load: every member re-requests each interval; measured between settle and settle + seconds.
    const qint64 loadStart = clock.nsecsElapsed();
    const qint64 windowStart = loadStart + qint64(o.settleSeconds) * 1000000000LL;
    const qint64 windowEnd = windowStart + qint64(o.seconds) * 1000000000LL;
    for (MemberGroup *g : groups)
        QMetaObject::invokeMethod(
            g, [&] { g->startLoad(o.intervalMs * 1000000LL, windowStart, windowEnd); }, Qt::BlockingQueuedConnection);
    sleepMs(int((windowStart - clock.nsecsElapsed()) / 1000000));
    const qint64 cpu0 = test::processCpuUs(o.pid);
    const qint64 own0 = ownCpuUs();
    sleepMs(int((windowEnd - clock.nsecsElapsed()) / 1000000));
    const qint64 cpu1 = test::processCpuUs(o.pid);
    const qint64 own1 = ownCpuUs();
    const double windowSeconds = double(o.seconds);
    for (MemberGroup *g : groups)
        QMetaObject::invokeMethod(g, &MemberGroup::stopLoad, Qt::BlockingQueuedConnection);
    sleepMs(o.graceSeconds * 1000); // late answers to window requests still count (as late)
    const GroupStats load = collect(groups);

    for (int t = 0; t < groups.size(); ++t) {
        QMetaObject::invokeMethod(groups[t], &MemberGroup::shutdown, Qt::BlockingQueuedConnection);
        threads[t]->quit();
        threads[t]->wait();
        delete groups[t];
        delete threads[t];
    }

    QJsonObject r;
    r[QStringLiteral("members")] = n;
    r[QStringLiteral("members_started")] = load.started;
    r[QStringLiteral("admitted")] = admitted;
    r[QStringLiteral("admit_s")] = admitSeconds;
    r[QStringLiteral("admitted_per_s")] = admitSeconds > 0 ? double(admitted) / admitSeconds : 0.0;
    r[QStringLiteral("configured")] = configured;
    r[QStringLiteral("configured_s")] = configuredSeconds;
    r[QStringLiteral("admission_cpu_s")] = cpuStart >= 0 ? double(cpuAdmitted - cpuStart) / 1e6 : -1.0;
    r[QStringLiteral("admission_cpu_ms_per_member")] =
        cpuStart >= 0 && admitted > 0 ? double(cpuAdmitted - cpuStart) / 1e3 / double(admitted) : -1.0;
    r[QStringLiteral("interval_ms")] = o.intervalMs;
    r[QStringLiteral("window_s")] = windowSeconds;
    r[QStringLiteral("offered")] = load.offered;
    r[QStringLiteral("offered_per_s")] = double(load.offered) / windowSeconds;
    r[QStringLiteral("answered")] = load.answered;
    r[QStringLiteral("configs_per_s")] = double(load.answered) / windowSeconds;
    r[QStringLiteral("unanswered")] = load.offered - load.answered;
    r[QStringLiteral("unanswered_fraction")] =
        load.offered ? double(load.offered - load.answered) / double(load.offered) : 0.0;
    r[QStringLiteral("unsent")] = load.unsent;
    r[QStringLiteral("invalid")] = load.invalid;
    r[QStringLiteral("denied")] = load.denied;
    r[QStringLiteral("p50_ms")] = quantile(load.latencyMs, 0.50);
    r[QStringLiteral("p90_ms")] = quantile(load.latencyMs, 0.90);
    r[QStringLiteral("p99_ms")] = quantile(load.latencyMs, 0.99);
    r[QStringLiteral("max_ms")] = quantile(load.latencyMs, 1.0);
    r[QStringLiteral("controller_cpu_percent")] = cpu0 >= 0 ? double(cpu1 - cpu0) / 1e4 / windowSeconds : -1.0;
    r[QStringLiteral("controller_cpu_us_per_config")] =
        cpu0 >= 0 && load.answered > 0 ? double(cpu1 - cpu0) / double(load.answered) : -1.0;
    r[QStringLiteral("simulator_cpu_percent")] = double(own1 - own0) / 1e4 / windowSeconds;
    const QByteArray text = QJsonDocument(r).toJson(o.json ? QJsonDocument::Compact : QJsonDocument::Indented);
    std::fputs(text.constData(), stdout);
    std::fputs("\n", stdout);
    return 0;
}
