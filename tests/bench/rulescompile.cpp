// SPDX-License-Identifier: GPL-3.0-or-later
// Flow-rules compile time (core/flowrules): the largest vector and a generated 10,000-line program,
// in process (CPU of the whole process per compile) and through tiermaster-rules as a separate
// process (user + system of the child, start-up included).

#include "benchutil.h"
#include "common/vectors.h"
#include "core/flowrules/compiler.h"
#include "sections.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStringDecoder>

#include <sys/resource.h>
#include <sys/wait.h>

namespace tier::bench {

namespace {

/// A realistic program of about `lines` lines: tags, capabilities, a macro, and rules using them.
QString generatedProgram(int lines)
{
    QString s = QStringLiteral("tag department id 1000 enum 100 sales enum 200 engineering enum 300 ops default sales;\n"
                               "macro web($port) accept ipprotocol tcp dport $port; ;\n"
                               "cap admin id 1 default accept; ;\n"
                               "drop not ethertype ipv4 and not ethertype arp and not ethertype ipv6;\n");
    int n = 4;
    for (int i = 0; n < lines - 1; ++i) {
        switch (i % 5) {
        case 0:
            s += QStringLiteral("accept ipprotocol tcp dport %1 chr tcp_syn not chr tcp_ack;\n").arg(1024 + i % 60000);
            break;
        case 1:
            s += QStringLiteral("drop ipsrc 10.%1.%2.0/24 and not tdiff department 0;\n").arg(i % 250).arg(i % 200);
            break;
        case 2:
            s += QStringLiteral("include web(%1)\n").arg(8000 + i % 1000);
            break;
        case 3:
            s += QStringLiteral("tee 128 89e92ceee5 ipprotocol udp dport %1 random 0.01;\n").arg(i % 65535);
            break;
        default:
            s += QStringLiteral("# rule group %1\n").arg(i);
            break;
        }
        ++n;
    }
    s += QStringLiteral("accept;\n");
    return s;
}

/// Process CPU per compile, ms (the median of a few batches, each at least ~0.2 s).
double compileCpuMs(const QString &source, double seconds)
{
    QList<double> perCompile;
    for (int batch = 0; batch < 5; ++batch) {
        const qint64 cpu0 = processCpuUs();
        QElapsedTimer timer;
        timer.start();
        int count = 0;
        while (timer.elapsed() < qint64(seconds * 200) || count == 0) {
            const auto r = flowrules::compileRules(source);
            if (!r.ok())
                return -1;
            ++count;
        }
        perCompile << double(processCpuUs() - cpu0) / 1000.0 / count;
    }
    return quantile(perCompile, 0.5);
}

/// user + system CPU of `tiermaster-rules file` as a child process, ms; -1 if it could not run.
double cliCpuMs(const QString &program, const QString &file)
{
    QProcess p;
    p.setStandardOutputFile(QProcess::nullDevice());
    struct rusage before = {};
    getrusage(RUSAGE_CHILDREN, &before);
    p.start(program, {file});
    if (!p.waitForFinished(120000) || p.exitCode() != 0)
        return -1;
    struct rusage after = {};
    getrusage(RUSAGE_CHILDREN, &after);
    auto ms = [](const timeval &t) { return double(t.tv_sec) * 1000.0 + double(t.tv_usec) / 1000.0; };
    return (ms(after.ru_utime) - ms(before.ru_utime)) + (ms(after.ru_stime) - ms(before.ru_stime));
}

} // namespace

void runRulesCompile(const BenchOptions &options, BenchReport &report, const QString &workDir)
{
    report.section(QStringLiteral("Flow-rules compiler"));
    // The largest vector of tests/data/vectors/rules.
    QDir dir(test::vectorPath(QStringLiteral("rules")));
    QString largest;
    qint64 largestSize = -1;
    for (const QFileInfo &f : dir.entryInfoList({QStringLiteral("*.ztrules")}, QDir::Files)) {
        if (f.size() > largestSize) {
            largestSize = f.size();
            largest = f.filePath();
        }
    }
    QFile vectorFile(largest);
    const QString vector = vectorFile.open(QIODevice::ReadOnly)
                               ? QStringDecoder(QStringDecoder::Utf8).decode(vectorFile.readAll())
                               : QString();
    const double seconds = options.mode == QLatin1String("smoke") ? 0.05 : 1.0;
    report.add(QStringLiteral("rules_largest_vector_ms"),
               QStringLiteral("compile the largest vector (%1, %2 lines)")
                   .arg(QFileInfo(largest).fileName())
                   .arg(vector.count(u'\n')),
               compileCpuMs(vector, seconds), QStringLiteral("ms CPU"));

    const int lines = 10000;
    const QString program = generatedProgram(lines);
    report.add(QStringLiteral("rules_10k_lines_ms"), QStringLiteral("compile a %1-line program").arg(lines),
               compileCpuMs(program, seconds), QStringLiteral("ms CPU"));

    const QString tool = QCoreApplication::applicationDirPath() + QStringLiteral("/tiermaster-rules");
    const QString file = QDir(workDir).filePath(QStringLiteral("rules-10k.ztrules"));
    QFile out(file);
    double cli = -1;
    if (QFileInfo(tool).isExecutable() && out.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        out.write(program.toUtf8());
        out.close();
        cli = cliCpuMs(tool, file);
    }
    report.add(QStringLiteral("rules_cli_10k_lines_ms"),
               QStringLiteral("tiermaster-rules on the %1-line program (separate process, start-up included)")
                   .arg(lines),
               cli, QStringLiteral("ms CPU"));
}

} // namespace tier::bench
