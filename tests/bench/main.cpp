// SPDX-License-Identifier: GPL-3.0-or-later
// tiermaster-bench: the speed-and-scale suite (docs/performance.md). Prints a table, each figure
// beside the limit it is measured against, or with --json the same figures machine-readable.
// Never passes or fails on a figure; the smoke test only checks that every key is there.

#include "benchoptions.h"
#include "benchreport.h"
#include "core/crypto/primitives.h"
#include "core/store/databaseuri.h"
#include "sections.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QStandardPaths>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QThread>

#ifdef TIERMASTER_BENCH_UI
#include <QApplication>
using BenchApplication = QApplication;
#else
#include <QCoreApplication>
using BenchApplication = QCoreApplication;
#endif

#include <cstdio>

using namespace tier;
using namespace tier::bench;

namespace {

QString cpuModel()
{
    QFile f(QStringLiteral("/proc/cpuinfo"));
    if (f.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : f.readAll().split('\n')) {
            if (line.startsWith("model name"))
                return QString::fromUtf8(line.mid(line.indexOf(':') + 1).trimmed());
        }
    }
    return QSysInfo::currentCpuArchitecture();
}

qint64 totalRamBytes()
{
    QFile f(QStringLiteral("/proc/meminfo"));
    if (f.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : f.readAll().split('\n')) {
            if (line.startsWith("MemTotal:"))
                return line.mid(9).trimmed().split(' ').value(0).toLongLong() * 1024;
        }
    }
    return -1;
}

bool readInt(const QCommandLineParser &p, const QString &name, int &target, int min)
{
    if (!p.isSet(name))
        return true;
    bool ok = false;
    const int v = p.value(name).toInt(&ok);
    if (!ok || v < min) {
        std::fprintf(stderr, "--%s needs a whole number of at least %d\n", qPrintable(name), min);
        return false;
    }
    target = v;
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    // Headless by design: the UI part renders offscreen unless told otherwise.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    BenchApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tiermaster-bench"));
    QStandardPaths::setTestModeEnabled(true); // the UI part never touches the user's settings
    // The engine's per-contact log lines would drown the table; warnings still show.
    QLoggingCategory::setFilterRules(QStringLiteral("tiermaster.*.info=false\ntiermaster.*.debug=false"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Speed and scale of the Tiermaster engine: config service (in-process and over loopback UDP), a generated "
        "database of many members, and status write load. Prints figures; never passes or fails."));
    parser.addHelpOption();
    const QList<QCommandLineOption> opts{
        {QStringLiteral("quick"), QStringLiteral("About a minute: smaller sizes (100,000 members).")},
        {QStringLiteral("smoke"), QStringLiteral("Seconds: tiny sizes, for the CTest smoke check.")},
        {QStringLiteral("json"), QStringLiteral("Print the figures as one JSON object.")},
        {QStringLiteral("json-out"), QStringLiteral("Also write the JSON object to this file."),
         QStringLiteral("file")},
        {QStringLiteral("members"), QStringLiteral("Members in the generated database."), QStringLiteral("n")},
        {QStringLiteral("networks"), QStringLiteral("Networks in the generated database."), QStringLiteral("n")},
        {QStringLiteral("big-network"), QStringLiteral("Members of its biggest network."), QStringLiteral("n")},
        {QStringLiteral("online"), QStringLiteral("Online members of the write load."), QStringLiteral("n")},
        {QStringLiteral("write-seconds"), QStringLiteral("Simulated seconds of write load."), QStringLiteral("s")},
        {QStringLiteral("inprocess-members"), QStringLiteral("Members of the in-process driver (identities)."),
         QStringLiteral("n")},
        {QStringLiteral("cold-members"), QStringLiteral("Of those, first requests measured cold."),
         QStringLiteral("n")},
        {QStringLiteral("warm-requests"), QStringLiteral("Warm requests of the in-process driver."),
         QStringLiteral("n")},
        {QStringLiteral("auth-members"), QStringLiteral("Of those, authorized one by one (in-process)."),
         QStringLiteral("n")},
        {{QStringLiteral("database"), QStringLiteral("pg")},
         QStringLiteral("Also run the in-process figures on PostgreSQL: a fresh database is created on this "
                        "server (CREATE DATABASE) and dropped after. Default for --smoke: $TIERMASTER_TEST_PG_URI."),
         QStringLiteral("postgresql://…")},
        {QStringLiteral("udp-members"), QStringLiteral("Simulated members over loopback UDP."), QStringLiteral("n")},
        {QStringLiteral("udp-rounds"), QStringLiteral("Re-request rounds over UDP."), QStringLiteral("n")},
        {QStringLiteral("ext-members"),
         QStringLiteral("Member counts of the external simulator runs, comma-separated (default 2000,4000)."),
         QStringLiteral("n,n")},
        {QStringLiteral("ext-seconds"), QStringLiteral("Measuring window of each external run."), QStringLiteral("s")},
        {QStringLiteral("no-ui"), QStringLiteral("Skip the UI figures.")},
        {QStringLiteral("sections"),
         QStringLiteral(
             "Comma-separated subset of crypto,inprocess,udp,members,scale,writeload,rules,root (default: all)."),
         QStringLiteral("list")},
        {QStringLiteral("work-dir"), QStringLiteral("Folder for the databases (default: a temporary one)."),
         QStringLiteral("dir")},
    };
    parser.addOptions(opts);
    parser.process(app);

    BenchOptions o;
    if (parser.isSet(QStringLiteral("smoke"))) {
        o.mode = QStringLiteral("smoke");
        o.cryptoSeconds = 0.1;
        o.inprocMembers = 20;
        o.coldMembers = 3;
        o.warmRequests = 200;
        o.authMembers = 10;
        o.udpMembers = 3;
        o.udpRounds = 1;
        o.extMembers = {20};
        o.extSeconds = 2;
        o.extSettleSeconds = 1;
        o.extAdmitTimeout = 60;
        o.members = 2000;
        o.networks = 10;
        o.bigNetwork = 1000;
        o.online = 600;
        o.writeSeconds = 3;
    } else if (parser.isSet(QStringLiteral("quick"))) {
        o.mode = QStringLiteral("quick");
        o.cryptoSeconds = 0.5;
        o.inprocMembers = 1000;
        o.coldMembers = 60;
        o.warmRequests = 20000;
        o.authMembers = 200;
        o.udpMembers = 50;
        o.udpRounds = 2;
        o.extMembers = {500};
        o.extSeconds = 10;
        o.extSettleSeconds = 3;
        o.members = 100000;
        o.networks = 100;
        o.bigNetwork = 10000;
        o.online = 50000;
        o.writeSeconds = 15;
    }
    o.json = parser.isSet(QStringLiteral("json"));
    o.ui = !parser.isSet(QStringLiteral("no-ui"));
    if (!readInt(parser, QStringLiteral("members"), o.members, 0) ||
        !readInt(parser, QStringLiteral("networks"), o.networks, 1) ||
        !readInt(parser, QStringLiteral("big-network"), o.bigNetwork, 0) ||
        !readInt(parser, QStringLiteral("online"), o.online, 0) ||
        !readInt(parser, QStringLiteral("write-seconds"), o.writeSeconds, 1) ||
        !readInt(parser, QStringLiteral("inprocess-members"), o.inprocMembers, 2) ||
        !readInt(parser, QStringLiteral("cold-members"), o.coldMembers, 1) ||
        !readInt(parser, QStringLiteral("warm-requests"), o.warmRequests, 1) ||
        !readInt(parser, QStringLiteral("auth-members"), o.authMembers, 1) ||
        !readInt(parser, QStringLiteral("udp-members"), o.udpMembers, 1) ||
        !readInt(parser, QStringLiteral("udp-rounds"), o.udpRounds, 1) ||
        !readInt(parser, QStringLiteral("ext-seconds"), o.extSeconds, 1))
        return 1;
    if (parser.isSet(QStringLiteral("ext-members"))) {
        o.extMembers.clear();
        for (const QString &part : parser.value(QStringLiteral("ext-members")).split(u',', Qt::SkipEmptyParts)) {
            bool ok = false;
            const int v = part.toInt(&ok);
            if (!ok || v < 1) {
                std::fprintf(stderr, "--ext-members needs whole numbers of at least 1\n");
                return 1;
            }
            o.extMembers.append(v);
        }
    }
    if (parser.isSet(QStringLiteral("database"))) {
        o.postgres = parser.value(QStringLiteral("database"));
        auto uri = DatabaseUri::parse(o.postgres, QString());
        if (!uri || uri->dialect != SqlDialect::Postgres) {
            std::fprintf(stderr, "--database needs a postgresql:// URI (%s)\n",
                         uri ? "SQLite is always measured" : qPrintable(uri.error().message));
            return 1;
        }
    } else if (o.mode == QLatin1String("smoke")) {
        // Cheap at smoke sizes: CTest runs the PostgreSQL rows too whenever the test server is up.
        o.postgres = qEnvironmentVariable("TIERMASTER_TEST_PG_URI");
    }
    if (o.bigNetwork > o.members)
        o.bigNetwork = o.members;
    const QStringList sections =
        parser.isSet(QStringLiteral("sections"))
            ? parser.value(QStringLiteral("sections")).split(u',', Qt::SkipEmptyParts)
            : QStringList{QStringLiteral("crypto"),  QStringLiteral("inprocess"), QStringLiteral("udp"),
                          QStringLiteral("members"), QStringLiteral("scale"),     QStringLiteral("writeload"),
                          QStringLiteral("rules"),   QStringLiteral("root")};
    if (!crypto::initialize()) {
        std::fprintf(stderr, "libsodium failed to initialize\n");
        return 1;
    }

    QTemporaryDir temporary(QDir::temp().filePath(QStringLiteral("tiermaster-bench-XXXXXX")));
    QString workDir = parser.value(QStringLiteral("work-dir"));
    if (workDir.isEmpty()) {
        if (!temporary.isValid()) {
            std::fprintf(stderr, "cannot create a temporary folder\n");
            return 1;
        }
        workDir = temporary.path();
    } else if (!QDir().mkpath(workDir)) {
        std::fprintf(stderr, "cannot create %s\n", qPrintable(workDir));
        return 1;
    }

    BenchReport report(!o.json);
    report.setInfo(QStringLiteral("mode"), o.mode);
    report.setInfo(QStringLiteral("cpu_model"), cpuModel());
    report.setInfo(QStringLiteral("logical_cpus"), QThread::idealThreadCount());
    report.setInfo(QStringLiteral("ram_bytes"), totalRamBytes());
    report.setInfo(QStringLiteral("started_utc"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    if (!o.json)
        std::printf("tiermaster-bench (%s): %s, %d logical CPUs, %.1f GiB RAM\n", qPrintable(o.mode),
                    qPrintable(cpuModel()), QThread::idealThreadCount(), double(totalRamBytes()) / (1 << 30));

    QElapsedTimer total;
    total.start();
    double signPerSecond = 0;
    if (sections.contains(QStringLiteral("crypto")) || sections.contains(QStringLiteral("inprocess")))
        signPerSecond = runCryptoLimit(o, report);
    if (sections.contains(QStringLiteral("inprocess")))
        runConfigService(o, report, workDir, signPerSecond);
    if (sections.contains(QStringLiteral("udp")))
        runLoopback(o, report, workDir);
    if (sections.contains(QStringLiteral("members")))
        runMembers(o, report, workDir);
    if (sections.contains(QStringLiteral("scale"))) {
        runScale(o, report, workDir);
        runScaleHeadless(o, report, workDir);
    }
    if (sections.contains(QStringLiteral("writeload")))
        runWriteLoad(o, report, workDir);
    if (sections.contains(QStringLiteral("rules")))
        runRulesCompile(o, report, workDir);
    if (sections.contains(QStringLiteral("root")))
        runRoot(o, report);
    report.section(QStringLiteral("Run"));
    report.add(QStringLiteral("total_s"), QStringLiteral("whole run"), double(total.elapsed()) / 1000.0,
               QStringLiteral("s"), QStringLiteral("full run must stay under (s)"), 600);

    const QByteArray jsonText = QJsonDocument(report.json()).toJson(QJsonDocument::Indented);
    if (o.json)
        std::fputs(jsonText.constData(), stdout);
    if (parser.isSet(QStringLiteral("json-out"))) {
        QFile out(parser.value(QStringLiteral("json-out")));
        if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate) || out.write(jsonText) != jsonText.size()) {
            std::fprintf(stderr, "cannot write %s\n", qPrintable(out.fileName()));
            return 1;
        }
    }
    return 0;
}
