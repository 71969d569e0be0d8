// SPDX-License-Identifier: GPL-3.0-or-later
// A controller.db generated with many members (rows written directly; synthetic identities for the
// members that never talk), served by the real engine over loopback to a few real members in the
// biggest network: start time, memory, config latency, authorize → push, the UI on that database,
// backup export and validated restore.

#include "benchutil.h"
#include "core/store/backup.h"
#include "databasegenerator.h"
#include "loopbacklab.h"
#include "sections.h"

#ifdef TIERMASTER_BENCH_UI
#include "core/models/memberfiltermodel.h"
#include "core/models/memberlistmodel.h"
#include "core/models/networklistmodel.h"
#include "ui/mainwindow.h"
#include "ui/memberspage.h"

#include <QAbstractProxyModel>
#include <QEvent>
#include <QItemSelectionModel>
#include <QTableView>
#endif

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cmath>

namespace tier::bench {

namespace {

constexpr double MiB = 1024.0 * 1024.0;

qint64 fileBytes(const QString &path)
{
    qint64 total = QFileInfo(path).size();
    for (const char *suffix : {"-wal", "-shm"})
        total += QFileInfo(path + QLatin1String(suffix)).size();
    return total;
}

#ifdef TIERMASTER_BENCH_UI
class PaintCounter final : public QObject
{
public:
    int paints = 0;
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            ++paints;
        return false;
    }
};

// The members page on the big network: time to the first paint of its members, to filter and search.
void measureUi(LoopbackLab &lab, quint64 bigNetwork, int expectedMembers, int networks, BenchReport &report)
{
    MainWindow window(&lab.client());
    window.resize(1200, 700);
    window.show();
    lab.client().refreshNetworks();
    if (!LoopbackLab::waitUntil([&] { return window.networkModel()->rowOfNetwork(bigNetwork) >= 0; }, 120000)) {
        report.note(QStringLiteral("UI: the networks never arrived"));
        return;
    }
    auto *networkTable = window.findChild<QTableView *>(QStringLiteral("networkTable"));
    MembersPage *page = window.membersPage();
    PaintCounter painted;
    page->memberTable()->viewport()->installEventFilter(&painted);
    // Selects the big network; again if a late network list reset (the window asks for the list
    // too) cleared the selection, and the clock restarts with it.
    QElapsedTimer timer;
    auto select = [&] {
        QModelIndex index = window.networkModel()->index(window.networkModel()->rowOfNetwork(bigNetwork), 0);
        if (auto *proxy = qobject_cast<QAbstractProxyModel *>(networkTable->model()))
            index = proxy->mapFromSource(index);
        timer.start();
        networkTable->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        networkTable->setCurrentIndex(index);
    };
    auto selected = [&] {
        const QModelIndexList rows = networkTable->selectionModel()->selectedRows();
        return !rows.isEmpty() && rows.first().data(NetworkListModel::NetworkIdRole).value<quint64>() == bigNetwork;
    };
    select();
    int paintsAtLoad = -1;
    const bool loaded = LoopbackLab::waitUntil(
        [&] {
            if (!selected()) {
                paintsAtLoad = -1;
                select();
                return false;
            }
            if (paintsAtLoad < 0 && page->memberModel()->rowCount() >= expectedMembers)
                paintsAtLoad = painted.paints;
            return paintsAtLoad >= 0 && painted.paints > paintsAtLoad;
        },
        120000);
    const double firstPaintMs = double(timer.nsecsElapsed()) / 1e6;
    if (!loaded) {
        report.note(QStringLiteral("UI: the big network's members never painted (%1 rows)")
                        .arg(page->memberModel()->rowCount()));
        return;
    }
    timer.restart();
    page->memberProxy()->setFilter(MemberFilterModel::Filter::Pending);
    const double filterMs = double(timer.nsecsElapsed()) / 1e6;
    const int pendingRows = page->memberProxy()->rowCount();
    page->memberProxy()->setFilter(MemberFilterModel::Filter::All);
    timer.restart();
    page->memberProxy()->setSearchText(QStringLiteral("node-99"));
    const double searchMs = double(timer.nsecsElapsed()) / 1e6;
    page->memberProxy()->setSearchText(QString());
    report.add(QStringLiteral("ui_first_paint_ms"),
               QStringLiteral("UI: select network → %1 members painted").arg(page->memberModel()->rowCount()),
               firstPaintMs, QStringLiteral("ms"), QStringLiteral("networks in the list"), networks);
    report.add(QStringLiteral("ui_filter_ms"), QStringLiteral("UI: filter Pending (%1 rows)").arg(pendingRows),
               filterMs, QStringLiteral("ms"));
    report.add(QStringLiteral("ui_search_ms"), QStringLiteral("UI: search \"node-99\""), searchMs,
               QStringLiteral("ms"));
}
#endif

} // namespace

void runScale(const BenchOptions &options, BenchReport &report, const QString &workDir)
{
    report.section(QStringLiteral("Scale: generated database, real engine over loopback"));
    constexpr int Talkers = 5;
    constexpr int Newcomers = 2;
    const QList<Identity> ids = loadIdentities(3 + Talkers + Newcomers, 0);
    if (ids.size() < 3 + Talkers + Newcomers) {
        report.note(QStringLiteral("scale skipped: vectors/identities.txt not found"));
        return;
    }
    const QString dataDir = scaleDataDir(workDir);
    QDir(dataDir).removeRecursively();
    QDir().mkpath(dataDir);
    const QString dbPath = QDir(dataDir).filePath(QStringLiteral("controller.db"));
    QList<DatabaseGenerator::RealMember> real;
    for (int i = 0; i < Talkers; ++i)
        real.append({ids[3 + i], true});
    const QList<Identity> newcomers = ids.mid(3 + Talkers, Newcomers);
    for (const Identity &newcomer : newcomers)
        real.append({newcomer, false});
    DatabaseGenerator generator(ids[2], options.networks, options.members, options.bigNetwork);
    auto generated = generator.write(dbPath, real);
    if (!generated) {
        report.note(QStringLiteral("scale skipped: %1").arg(generated.error().message));
        return;
    }
    const quint64 big = generated->networkIds.value(0);
    const int bigMembers = (options.networks == 1 ? options.members : options.bigNetwork) + int(real.size());
    report.add(QStringLiteral("scale_members"), QStringLiteral("members"), generated->members);
    report.add(QStringLiteral("scale_networks"), QStringLiteral("networks"), options.networks);
    report.add(QStringLiteral("scale_big_network"), QStringLiteral("members of the biggest network"), bigMembers);
    report.add(QStringLiteral("scale_generate_s"), QStringLiteral("generate (one transaction)"), generated->seconds,
               QStringLiteral("s"));
    report.add(QStringLiteral("scale_db_mb"), QStringLiteral("database size"), double(fileBytes(dbPath)) / MiB,
               QStringLiteral("MiB"));

    LoopbackLab lab(ids[0], ids[1]);
    if (!lab.prepare(workDir)) {
        report.note(QStringLiteral("scale: the root did not start"));
        return;
    }
    const qint64 rssBefore = residentBytes();
    const qint64 cpuBefore = processCpuUs();
    const qint64 startMs = lab.startEngine(dataDir, 600000);
    const qint64 startCpuUs = processCpuUs() - cpuBefore;
    if (startMs < 0) {
        report.note(QStringLiteral("scale: the engine did not start"));
        return;
    }
    const qint64 rssAfter = residentBytes();
    report.add(QStringLiteral("scale_engine_start_s"), QStringLiteral("engine start (open, load, bind)"),
               double(startMs) / 1000.0, QStringLiteral("s"));
    // CPU time moves less with other work on the machine than the wall-clock start does.
    report.add(QStringLiteral("scale_engine_start_cpu_s"), QStringLiteral("engine start, process CPU time"),
               double(startCpuUs) / 1e6, QStringLiteral("s"));
    report.add(QStringLiteral("scale_engine_rss_mb"), QStringLiteral("engine resident memory (process growth)"),
               double(rssAfter - rssBefore) / MiB, QStringLiteral("MiB"));

    // Config latency for members of the big network (first configs are cold: validation, IP assignment).
    for (int i = 0; i < Talkers; ++i)
        lab.addMember(ids[3 + i], big);
    auto &members = lab.members();
    for (auto &m : members)
        m->sim->join();
    LoopbackLab::waitUntil(
        [&] { return std::all_of(members.cbegin(), members.cend(), [](const auto &m) { return m->configs >= 1; }); },
        60000);
    QList<double> latency;
    for (int round = 0; round < 4; ++round) {
        LoopbackLab::waitUntil([] { return false; }, 1100);
        lab.requestAll();
        LoopbackLab::waitUntil(
            [&] {
                return std::all_of(members.cbegin(), members.cend(), [](const auto &m) { return m->sentAtNs < 0; });
            },
            30000);
    }
    for (auto &m : members)
        latency += m->latencyMs;
    report.add(QStringLiteral("scale_config_p50_ms"), QStringLiteral("config latency p50 (big network, UDP)"),
               quantile(latency, 0.5), QStringLiteral("ms"));
    report.add(QStringLiteral("scale_config_p99_ms"), QStringLiteral("config latency p99"), quantile(latency, 0.99),
               QStringLiteral("ms"));

    // Pending members ask, are authorized one after the other, and their configs are pushed: the first
    // after the start may build what the network keeps for the next ones (its set of taken addresses),
    // the second shows what an authorization costs from then on.
    QList<double> authorizeMs;
    for (const Identity &newcomer : newcomers) {
        double ms = std::nan("");
        LoopbackLab::Member *pending = lab.addMember(newcomer, big);
        if (pending) {
            pending->sim->join();
            if (LoopbackLab::waitUntil([&] { return pending->denied >= 1; }, 60000)) {
                QElapsedTimer timer;
                timer.start();
                lab.client().setMemberAuthorized(big, newcomer.address(), true);
                if (LoopbackLab::waitUntil([&] { return pending->configs >= 1; }, 60000))
                    ms = double(timer.nsecsElapsed()) / 1e6;
            }
        }
        authorizeMs.append(ms);
    }
    report.add(QStringLiteral("scale_authorize_push_ms"), QStringLiteral("authorize → config pushed to the member"),
               authorizeMs.value(0, std::nan("")), QStringLiteral("ms"));
    report.add(QStringLiteral("scale_authorize_push_next_ms"), QStringLiteral("  the next authorization"),
               authorizeMs.value(1, std::nan("")), QStringLiteral("ms"));

#ifdef TIERMASTER_BENCH_UI
    if (options.ui)
        measureUi(lab, big, bigMembers, options.networks, report);
#endif
    if (report.value(QStringLiteral("ui_first_paint_ms")).isNull()) {
        for (const char *key : {"ui_first_paint_ms", "ui_filter_ms", "ui_search_ms"})
            report.add(QLatin1String(key), QStringLiteral("UI not measured (--no-ui or no GUI build)"), std::nan(""));
    }
    members.clear();
    lab.stopEngine();

    // Backup of the stopped engine's database, then a validated restore over it.
    const QString backupPath = QDir(workDir).filePath(QStringLiteral("scale-backup.db"));
    QFile::remove(backupPath);
    QElapsedTimer timer;
    timer.start();
    auto exported = Backup::exportFile(dbPath, backupPath);
    const double exportSeconds = double(timer.nsecsElapsed()) / 1e9;
    if (!exported)
        report.note(QStringLiteral("backup export failed: %1").arg(exported.error().message));
    report.add(QStringLiteral("backup_export_s"), QStringLiteral("backup export (VACUUM INTO, fsync)"),
               exported ? exportSeconds : std::nan(""), QStringLiteral("s"));
    report.add(QStringLiteral("backup_size_mb"), QStringLiteral("backup size"),
               exported ? double(*exported) / MiB : std::nan(""), QStringLiteral("MiB"));
    double restoreSeconds = std::nan("");
    if (exported) {
        timer.restart();
        auto restored = Backup::restore(backupPath, dbPath, dataDir);
        if (restored)
            restoreSeconds = double(timer.nsecsElapsed()) / 1e9;
        else
            report.note(QStringLiteral("restore failed: %1").arg(restored.error().message));
    }
    report.add(QStringLiteral("backup_restore_s"), QStringLiteral("validated restore (incl. safety backup)"),
               restoreSeconds, QStringLiteral("s"));
}

} // namespace tier::bench
