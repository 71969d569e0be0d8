// SPDX-License-Identifier: GPL-3.0-or-later
#include "headless.h"

#include "node/nodetestsupport.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>

#include <unistd.h>

namespace tier::bench {

QString binary(const QString &name)
{
    return QDir(QCoreApplication::applicationDirPath()).filePath(name);
}

quint16 startController(QProcess &process, const QString &dataDir, const QString &planet, QString *error)
{
    process.setProgram(binary(QStringLiteral("tiermaster")));
    process.setArguments({QStringLiteral("--headless"), QStringLiteral("--data-dir"), dataDir, QStringLiteral("--port"),
                          QStringLiteral("0"), QStringLiteral("--planet"), planet, QStringLiteral("--no-api")});
    process.setProcessChannelMode(QProcess::SeparateChannels);
    process.setStandardErrorFile(QDir(dataDir).filePath(QStringLiteral("stderr.log")));
    process.start();
    if (!process.waitForStarted(10000)) {
        *error = QStringLiteral("cannot start %1").arg(process.program());
        return 0;
    }
    static const QRegularExpression ready(QStringLiteral("^tiermaster ready address=\\S+ port=(\\d+)"));
    QByteArray lines;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 120000 && process.state() == QProcess::Running) {
        process.waitForReadyRead(500);
        lines += process.readAllStandardOutput();
        for (const QByteArray &line : lines.split('\n')) {
            const auto m = ready.match(QString::fromUtf8(line));
            if (m.hasMatch())
                return quint16(m.captured(1).toUInt());
        }
    }
    *error = QStringLiteral("the headless program did not become ready (see %1/stderr.log)").arg(dataDir);
    return 0;
}

void stopController(QProcess &process)
{
    if (process.state() == QProcess::NotRunning)
        return;
    process.terminate();
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished(10000);
    }
}

bool writeUnreachablePlanet(const QString &path)
{
    const World planet = test::makePlanet(Identity::generate(), 9, Identity::generate());
    QFile file(path);
    return !planet.isNull() && file.open(QIODevice::WriteOnly) && file.write(planet.toBytes()) >= 0;
}

qint64 processStatusBytes(qint64 pid, const char *field)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray prefix = QByteArray(field) + ':';
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed().split(' ').value(0).toLongLong() * 1024;
    }
    return -1;
}

double processCpuSeconds(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray text = stat.readAll();
    // Fields after the command name (which may hold spaces) start after the last ')': state is the
    // third field of stat, utime and stime the 14th and 15th.
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return -1;
    const double ticks = double(sysconf(_SC_CLK_TCK));
    return (fields[11].toDouble() + fields[12].toDouble()) / ticks;
}

} // namespace tier::bench
