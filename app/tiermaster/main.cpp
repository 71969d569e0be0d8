// SPDX-License-Identifier: GPL-3.0-or-later
// Wiring of the tiermaster executable: command line, application object, engine, window or
// headless ready line, clean shutdown on SIGTERM/SIGINT.
#include "commandline.h"
#include "core/service/engineclient.h"
#include "core/service/engineservice.h"
#include "importexport.h"
#include "makeworld.h"
#include "signalwatcher.h"

#include <QCoreApplication>
#include <QLoggingCategory>

#ifdef TIERMASTER_WITH_GUI
#include "ui/mainwindow.h"
#include "ui/translations.h"

#include <QApplication>
#endif

#include <cstdio>
#include <memory>

namespace {

Q_LOGGING_CATEGORY(lcApp, "tiermaster.app", QtInfoMsg)

void setIdentity()
{
    QCoreApplication::setApplicationName(QStringLiteral("tiermaster"));
    QCoreApplication::setOrganizationName(QString()); // data dir = ~/.local/share/tiermaster
    QCoreApplication::setApplicationVersion(QStringLiteral(TIERMASTER_VERSION));
}

void printLine(FILE *stream, const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fputs(bytes.constData(), stream);
    if (!bytes.endsWith('\n'))
        std::fputc('\n', stream);
    std::fflush(stream);
}

/// After the main loop has returned: asks the engine to stop and keeps the event loop turning until it
/// reports stopped() (the database closed on the engine thread), then returns code. Nothing blocks.
int stopEngineThenExit(QCoreApplication &app, tier::EngineClient &engine, int code)
{
    engine.stop();
    if (!engine.isStopping())
        return code; // nothing was running
    QObject::connect(&engine, &tier::EngineClient::stopped, &app, [&app, code] { app.exit(code); });
    return QCoreApplication::exec();
}

int runHeadless(QCoreApplication &app, const tier::LaunchOptions &options)
{
    tier::EngineClient engine;
    tier::SignalWatcher signals_;
    QObject::connect(&signals_, &tier::SignalWatcher::signalReceived, &app, [&app](int signalNumber) {
        qCInfo(lcApp) << "signal" << signalNumber << "received, stopping";
        app.exit(0);
    });
    QObject::connect(&engine, &tier::EngineClient::stateChanged, &app, [&](tier::EngineClient::State state) {
        if (state == tier::EngineClient::State::Running) {
            // The engine sets the endpoint before it reports Running: this is where it really listens.
            const tier::EngineService *service = engine.service();
            const QString api = service ? service->apiEndpoint() : QString();
            printLine(stdout, QStringLiteral("tiermaster ready address=%1 port=%2 api=%3")
                                  .arg(engine.controllerAddress())
                                  .arg(engine.udpPort())
                                  .arg(api.isEmpty() ? QStringLiteral("off") : api));
        } else if (state == tier::EngineClient::State::Failed) {
            qCCritical(lcApp).noquote() << "cannot start:" << engine.lastError();
            app.exit(1);
        }
    });
    QObject::connect(&engine, &tier::EngineClient::engineError, &app,
                     [](const QString &message) { qCWarning(lcApp).noquote() << message; });

    engine.start(options.engine);
    const int code = stopEngineThenExit(app, engine, app.exec());
    qCInfo(lcApp) << "stopped";
    return code;
}

#ifdef TIERMASTER_WITH_GUI
int runWindow(QApplication &app, const tier::LaunchOptions &options)
{
    tier::EngineClient engine;
    tier::SignalWatcher signals_;
    int code = 0;
    {
        tier::MainWindow window(&engine);
        QObject::connect(&signals_, &tier::SignalWatcher::signalReceived, &window,
                         &tier::MainWindow::quitWithoutAsking);
        // Applies the saved preferences under the flags given, shows the window (or keeps it in the tray)
        // and starts the engine.
        window.launch(options.engine, QCoreApplication::arguments());
        code = app.exec();
    }
    return stopEngineThenExit(app, engine, code);
}
#endif

} // namespace

int main(int argc, char *argv[])
{
    const bool noWindow = tier::runsWithoutWindow(argc, argv);
    std::unique_ptr<QCoreApplication> app;
#ifdef TIERMASTER_WITH_GUI
    if (noWindow)
        app = std::make_unique<QCoreApplication>(argc, argv);
    else
        app = std::make_unique<QApplication>(argc, argv);
#else
    app = std::make_unique<QCoreApplication>(argc, argv);
#endif
    setIdentity();

    const tier::CommandLineResult parsed = tier::parseCommandLine(QCoreApplication::arguments());
    if (parsed.exitNow) {
        const QString prefix = parsed.exitCode == 0 ? QString() : QStringLiteral("tiermaster: ");
        printLine(parsed.exitCode == 0 ? stdout : stderr, prefix + parsed.message);
        return parsed.exitCode;
    }
    const tier::LaunchOptions &options = parsed.options;

    if (!options.importPath.isEmpty() || !options.exportDir.isEmpty())
        return tier::runImportExport(options);
    if (!options.makeWorldFile.isEmpty())
        return tier::runMakeWorld(options);

    if (options.headless || noWindow) {
        qSetMessagePattern(QStringLiteral("%{time yyyy-MM-dd hh:mm:ss.zzz} %{if-warning}warning: %{endif}"
                                          "%{if-critical}error: %{endif}%{message}"));
        return runHeadless(*app, options);
    }
#ifdef TIERMASTER_WITH_GUI
    tier::installTranslations(*app);
    return runWindow(static_cast<QApplication &>(*app), options);
#else
    printLine(stderr, QStringLiteral("tiermaster: this build has no window; use --headless"));
    return 1;
#endif
}
