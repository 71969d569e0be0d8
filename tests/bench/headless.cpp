// SPDX-License-Identifier: GPL-3.0-or-later
#include "headless.h"

#include "node/nodetestsupport.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>

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

} // namespace tier::bench
