// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandline.h"

#include "core/service/ownworldmaker.h"
#include "core/store/databaseuri.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QHostAddress>
#include <QStandardPaths>

#include <cstring>
#include <optional>

namespace tier {

namespace {

constexpr int kExitUsage = 1;
constexpr int kExitNotYet = 2;

CommandLineResult fail(int code, const QString &message)
{
    CommandLineResult result;
    result.exitNow = true;
    result.exitCode = code;
    result.message = message;
    return result;
}

std::optional<quint16> parsePort(QStringView text)
{
    bool ok = false;
    const uint value = text.toUInt(&ok, 10);
    if (!ok || value < 1 || value > 65535)
        return std::nullopt;
    return quint16(value);
}

// [ADDR:]PORT with ADDR an IPv4 address or a bracketed IPv6 address; default 127.0.0.1.
bool parseApi(const QString &text, QString &address, quint16 &port)
{
    QString host = QStringLiteral("127.0.0.1");
    QStringView portText = text;
    if (text.startsWith(u'[')) {
        const qsizetype close = text.indexOf(u']');
        if (close < 0 || close + 1 >= text.size() || text.at(close + 1) != u':')
            return false;
        host = text.mid(1, close - 1);
        portText = QStringView(text).mid(close + 2);
    } else if (const qsizetype colon = text.lastIndexOf(u':'); colon >= 0) {
        host = text.left(colon);
        portText = QStringView(text).mid(colon + 1);
        if (host.contains(u':'))
            return false; // IPv6 needs brackets: [::1]:9993
    }
    QHostAddress parsed;
    if (!parsed.setAddress(host))
        return false;
    const auto parsedPort = parsePort(portText);
    if (!parsedPort)
        return false;
    address = parsed.toString();
    port = *parsedPort;
    return true;
}

} // namespace

QString LaunchOptions::apiText() const
{
    if (engine.apiAddress.isEmpty())
        return QStringLiteral("off");
    const QString host = engine.apiAddress.contains(u':') ? u'[' + engine.apiAddress + u']' : engine.apiAddress;
    return host + u':' + QString::number(engine.apiPort);
}

CommandLineResult parseCommandLine(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("tiermaster", "Self-hosted network controller for ZeroTier virtual networks."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption headless(QStringLiteral("headless"),
                                      QStringLiteral("Run without a window (the HTTP API is on by default)."));
    const QCommandLineOption dataDir(QStringLiteral("data-dir"),
                                     QStringLiteral("Data directory (created if missing; default %1).")
                                         .arg(QStringLiteral("~/.local/share/tiermaster")),
                                     QStringLiteral("DIR"));
    const QCommandLineOption port(
        QStringLiteral("port"),
        QStringLiteral("UDP port (default 9993; 0 = any free port, reported in the ready line)."), QStringLiteral("N"));
    const QCommandLineOption planet(
        QStringLiteral("planet"),
        QStringLiteral("Use this planet file for this run (default: <data-dir>/planet if present, else the "
                       "public planet)."),
        QStringLiteral("FILE"));
    const QCommandLineOption moon(
        QStringLiteral("moon"), QStringLiteral("Add a moon (repeatable; <data-dir>/moons.d/*.moon are always added)."),
        QStringLiteral("FILE"));
    const QCommandLineOption api(
        QStringLiteral("api"),
        QStringLiteral("Serve the ZeroTier-compatible HTTP API there (default address 127.0.0.1; without this "
                       "flag headless mode serves it on 127.0.0.1 at the UDP port's number)."),
        QStringLiteral("[ADDR:]PORT"));
    const QCommandLineOption noApi(QStringLiteral("no-api"), QStringLiteral("No HTTP API."));
    const QCommandLineOption database(QStringLiteral("database"),
                                      QStringLiteral("sqlite:PATH or postgresql://user[:pw]@host[:port]/db "
                                                     "(default sqlite:<data-dir>/controller.db)."),
                                      QStringLiteral("URI"));
    const QCommandLineOption importFrom(QStringLiteral("import"),
                                        QStringLiteral("Import a zerotier-one home folder or a 2015-era controller.db "
                                                       "into the data dir, then exit."),
                                        QStringLiteral("PATH"));
    const QCommandLineOption dryRun(QStringLiteral("dry-run"), QStringLiteral("With --import: only report."));
    const QCommandLineOption exportDir(QStringLiteral("export"),
                                       QStringLiteral("Write the controller as a zerotier-one home layout, then exit."),
                                       QStringLiteral("DIR"));
    const QCommandLineOption makePlanet(
        QStringLiteral("make-planet"),
        QStringLiteral("Write a planet naming this controller as its root at the --endpoint addresses (run again: "
                       "the next version, same ID and update key), then exit."),
        QStringLiteral("FILE"));
    const QCommandLineOption makeMoon(QStringLiteral("make-moon"),
                                      QStringLiteral("The same for a moon (members keep the public planet)."),
                                      QStringLiteral("FILE"));
    const QCommandLineOption endpoint(
        QStringLiteral("endpoint"),
        QStringLiteral("With --make-planet/--make-moon: a stable address members reach this root at (repeatable)."),
        QStringLiteral("IP/PORT"));
    const QCommandLineOption openRoot(
        QStringLiteral("open-root"),
        QStringLiteral("When serving as a root, relay for any identity, not only this controller's members."));
    parser.addOptions({headless, dataDir, port, planet, moon, api, noApi, database, importFrom, dryRun, exportDir,
                       makePlanet, makeMoon, endpoint, openRoot});

    if (!parser.parse(arguments))
        return fail(kExitUsage, parser.errorText() + QStringLiteral("\nSee tiermaster --help."));
    if (parser.isSet(helpOption) || parser.isSet(QStringLiteral("help-all")))
        return CommandLineResult{{}, true, 0, parser.helpText()};
    if (parser.isSet(versionOption))
        return CommandLineResult{
            {}, true, 0, QCoreApplication::applicationName() + u' ' + QCoreApplication::applicationVersion()};
    if (!parser.positionalArguments().isEmpty())
        return fail(kExitUsage, QStringLiteral("unexpected argument \"%1\"; see tiermaster --help")
                                    .arg(parser.positionalArguments().constFirst()));

    CommandLineResult result;
    LaunchOptions &options = result.options;
    options.headless = parser.isSet(headless);

    // Options that take one value: given twice is more likely a mistake than an override.
    for (const QCommandLineOption *single :
         {&dataDir, &port, &planet, &api, &database, &importFrom, &exportDir, &makePlanet, &makeMoon}) {
        if (parser.values(*single).size() > 1)
            return fail(kExitUsage, QStringLiteral("--%1 may be given only once").arg(single->names().constFirst()));
    }

    options.engine.dataDir = parser.isSet(dataDir) ? parser.value(dataDir)
                                                   : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (options.engine.dataDir.isEmpty())
        return fail(kExitUsage, QStringLiteral("--data-dir must not be empty"));
    options.engine.dataDir = QDir::cleanPath(QFileInfo(options.engine.dataDir).absoluteFilePath());

    if (parser.isSet(port)) {
        // 0 = any free port (tests, several instances); the ready line reports the bound one.
        const auto value =
            parser.value(port) == QLatin1String("0") ? std::optional<quint16>(0) : parsePort(parser.value(port));
        if (!value)
            return fail(kExitUsage, QStringLiteral("--port: \"%1\" is not a port number (0–65535, 0 = any free port)")
                                        .arg(parser.value(port)));
        options.engine.udpPort = *value;
    }

    if (parser.isSet(api) && parser.isSet(noApi))
        return fail(kExitUsage, QStringLiteral("--api and --no-api exclude each other"));
    if (parser.isSet(api)) {
        if (!parseApi(parser.value(api), options.engine.apiAddress, options.engine.apiPort))
            return fail(kExitUsage,
                        QStringLiteral("--api: \"%1\" is not [ADDR:]PORT (e.g. 9993, 127.0.0.1:9993, [::1]:9993)")
                            .arg(parser.value(api)));
    } else if (options.headless && !parser.isSet(noApi)) {
        options.engine.apiAddress = QStringLiteral("127.0.0.1");
        // 0: the UDP port's number if that TCP port is free, else any free port (the ready line says which).
        options.engine.apiPort = 0;
    }

    const auto checkReadable = [](const QString &flag, const QString &path) -> QString {
        const QFileInfo info(path);
        if (!info.isFile() || !info.isReadable())
            return QStringLiteral("--%1: cannot read \"%2\"").arg(flag, path);
        return {};
    };
    if (parser.isSet(planet)) {
        if (const QString error = checkReadable(QStringLiteral("planet"), parser.value(planet)); !error.isEmpty())
            return fail(kExitUsage, error);
        options.engine.planetFile = QFileInfo(parser.value(planet)).absoluteFilePath();
    }
    for (const QString &file : parser.values(moon)) {
        if (const QString error = checkReadable(QStringLiteral("moon"), file); !error.isEmpty())
            return fail(kExitUsage, error);
        options.engine.moonFiles.append(QFileInfo(file).absoluteFilePath());
    }

    if (parser.isSet(database)) {
        const auto uri = DatabaseUri::parse(parser.value(database), options.engine.dataDir);
        if (!uri)
            return fail(uri.error().code == ErrorCode::Unsupported ? kExitNotYet : kExitUsage,
                        QStringLiteral("--database: ") + uri.error().message);
        options.engine.databaseUri = uri->toString();
    }

    if (parser.isSet(dryRun) && !parser.isSet(importFrom))
        return fail(kExitUsage, QStringLiteral("--dry-run only goes with --import"));
    if (parser.isSet(importFrom) && parser.isSet(exportDir))
        return fail(kExitUsage, QStringLiteral("--import and --export exclude each other"));
    if (parser.isSet(importFrom)) {
        options.importPath = parser.value(importFrom);
        options.dryRun = parser.isSet(dryRun);
    }
    if (parser.isSet(exportDir))
        options.exportDir = parser.value(exportDir);
    options.engine.openRoot = parser.isSet(openRoot);

    if (parser.isSet(makePlanet) && parser.isSet(makeMoon))
        return fail(kExitUsage, QStringLiteral("--make-planet and --make-moon exclude each other"));
    const bool makesWorld = parser.isSet(makePlanet) || parser.isSet(makeMoon);
    if (parser.isSet(endpoint) && !makesWorld)
        return fail(kExitUsage, QStringLiteral("--endpoint only goes with --make-planet or --make-moon"));
    if (makesWorld) {
        if (parser.isSet(importFrom) || parser.isSet(exportDir))
            return fail(kExitUsage, QStringLiteral("--make-planet/--make-moon exclude --import and --export"));
        options.makeMoon = parser.isSet(makeMoon);
        options.makeWorldFile = parser.value(options.makeMoon ? makeMoon : makePlanet);
        if (options.makeWorldFile.isEmpty())
            return fail(kExitUsage, QStringLiteral("--make-planet/--make-moon need a file name"));
        options.makeWorldFile = QFileInfo(options.makeWorldFile).absoluteFilePath();
        if (!parser.isSet(endpoint))
            return fail(kExitUsage, QStringLiteral("--make-planet/--make-moon need at least one --endpoint IP/PORT "
                                                   "members can reach this controller at"));
        const auto endpoints = OwnWorldMaker::parseEndpoints(parser.values(endpoint));
        if (!endpoints)
            return fail(kExitUsage, QStringLiteral("--endpoint: ") + endpoints.error().message);
        options.rootEndpoints = parser.values(endpoint);
    }
    return result;
}

bool runsWithoutWindow(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        const char *arg = argv[i];
        if (std::strcmp(arg, "--") == 0)
            break;
        for (const char *flag : {"--headless", "-h", "--help", "-?", "--help-all", "-v", "--version"}) {
            if (std::strcmp(arg, flag) == 0)
                return true;
        }
        for (const char *flag : {"--import", "--export", "--make-planet", "--make-moon"}) {
            const size_t length = std::strlen(flag);
            if (std::strncmp(arg, flag, length) == 0 && (arg[length] == '\0' || arg[length] == '='))
                return true;
        }
    }
    return false;
}

} // namespace tier
