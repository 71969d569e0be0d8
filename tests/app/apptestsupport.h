// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Running the built tiermaster program from a test: a private environment (HOME and XDG in a temporary
// folder), headless start with the ready line, one-shot runs (--import, --export), API calls, stopping.

#include "common/vectors.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTimer>
#include <QUrl>
#include <QtTest>

#include <csignal>

namespace tier::test {

inline constexpr int kProgramTimeoutMs = 30000;

inline QString tiermasterBinary()
{
    return binaryDir() + QStringLiteral("/bin/tiermaster");
}

/// HOME and XDG under home, no display: a default data dir (or a bug) never touches the real user's files.
inline void prepareProcess(QProcess &process, const QString &home)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), home);
    env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/xdg-data"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/xdg-config"));
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    process.setProcessEnvironment(env);
    process.setProgram(tiermasterBinary());
}

struct ProgramRun
{
    int exitCode = -1;
    QString out;
    QString err;
};

/// Runs tiermaster with arguments to its end.
inline ProgramRun runProgram(const QString &home, const QStringList &arguments, int timeoutMs = kProgramTimeoutMs)
{
    QProcess process;
    prepareProcess(process, home);
    process.setArguments(arguments);
    process.start();
    ProgramRun result;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

/// A started process's standard output up to its first line's end (or what came within timeoutMs).
inline QByteArray readFirstLine(QProcess &process, int timeoutMs = kProgramTimeoutMs)
{
    QByteArray out;
    QElapsedTimer timer;
    timer.start();
    while (!out.contains('\n') && timer.elapsed() < timeoutMs && process.state() == QProcess::Running) {
        process.waitForReadyRead(200);
        out += process.readAllStandardOutput();
    }
    return out;
}

/// Starts `tiermaster --headless` with arguments and returns the ready line's match (address, port, api);
/// no match if it does not come (stderr is then printed).
inline QRegularExpressionMatch startHeadlessProgram(QProcess &process, const QString &home,
                                                    const QStringList &arguments, int timeoutMs = kProgramTimeoutMs)
{
    static const QRegularExpression ready(
        QStringLiteral("^tiermaster ready address=(?<address>[0-9a-f]{10}) port=(?<port>[0-9]+) api=(?<api>\\S+)$"));
    prepareProcess(process, home);
    process.setArguments(QStringList{QStringLiteral("--headless")} + arguments);
    process.start();
    if (!process.waitForStarted(5000))
        return {};
    const QByteArray out = readFirstLine(process, timeoutMs);
    const auto match = ready.match(QString::fromUtf8(out).trimmed());
    if (!match.hasMatch())
        qWarning().noquote() << "no ready line; stdout:" << out
                             << "stderr:" << QString::fromUtf8(process.readAllStandardError());
    return match;
}

inline int stopProgram(QProcess &process, int signalNumber = SIGTERM)
{
    ::kill(pid_t(process.processId()), signalNumber);
    if (!process.waitForFinished(15000)) {
        process.kill();
        process.waitForFinished();
        return -1;
    }
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
}

/// GET (or POST when postBody is not null) http://<endpoint><path> with X-ZT1-Auth; status and body.
inline QPair<int, QByteArray> apiCall(const QString &endpoint, const QString &path, const QByteArray &token,
                                      const QByteArray &postBody = {})
{
    QNetworkAccessManager nam;
    QNetworkRequest request(QUrl(QStringLiteral("http://") + endpoint + path));
    if (!token.isEmpty())
        request.setRawHeader("X-ZT1-Auth", token);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = postBody.isNull() ? nam.get(request) : nam.post(request, postBody);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(kProgramTimeoutMs, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    delete reply;
    return {status, body};
}

} // namespace tier::test
