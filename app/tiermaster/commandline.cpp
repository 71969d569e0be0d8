// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandline.h"

#include "configfile.h"
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

namespace {

/// Every flag of the command line (INTERFACE.md "Command line"), added to a parser by addTo().
struct Flags
{
    QCommandLineOption headless{QStringLiteral("headless"),
                                QStringLiteral("Run without a window (the HTTP API is on by default).")};
    QCommandLineOption dataDir{QStringLiteral("data-dir"),
                               QStringLiteral("Data directory (created if missing; default %1).")
                                   .arg(QStringLiteral("~/.local/share/tiermaster")),
                               QStringLiteral("DIR")};
    QCommandLineOption port{QStringLiteral("port"),
                            QStringLiteral("UDP port (default 9993, or 9994 when 9993 is taken and no port was "
                                           "given; 0 = any free port, reported in the ready line)."),
                            QStringLiteral("N")};
    QCommandLineOption planet{QStringLiteral("planet"),
                              QStringLiteral("Use this planet file for this run (default: <data-dir>/planet if "
                                             "present, else the public planet)."),
                              QStringLiteral("FILE")};
    QCommandLineOption moon{QStringLiteral("moon"),
                            QStringLiteral("Add a moon (repeatable; <data-dir>/moons.d/*.moon are always added)."),
                            QStringLiteral("FILE")};
    QCommandLineOption api{QStringLiteral("api"),
                           QStringLiteral("Serve the ZeroTier-compatible HTTP API there (default address 127.0.0.1; "
                                          "without this flag headless mode serves it on 127.0.0.1 at the UDP port's "
                                          "number)."),
                           QStringLiteral("[ADDR:]PORT")};
    QCommandLineOption noApi{QStringLiteral("no-api"), QStringLiteral("No HTTP API.")};
    QCommandLineOption database{QStringLiteral("database"),
                                QStringLiteral("sqlite:PATH or postgresql://user[:pw]@host[:port]/db "
                                               "(default sqlite:<data-dir>/controller.db)."),
                                QStringLiteral("URI")};
    QCommandLineOption importFrom{QStringLiteral("import"),
                                  QStringLiteral("Import a zerotier-one home folder or a 2015-era controller.db "
                                                 "into the data dir, then exit."),
                                  QStringLiteral("PATH")};
    QCommandLineOption dryRun{QStringLiteral("dry-run"), QStringLiteral("With --import: only report.")};
    QCommandLineOption exportDir{QStringLiteral("export"),
                                 QStringLiteral("Write the controller as a zerotier-one home layout, then exit."),
                                 QStringLiteral("DIR")};
    QCommandLineOption makePlanet{
        QStringLiteral("make-planet"),
        QStringLiteral("Write a planet naming this controller as its root at the --endpoint addresses (run again: "
                       "the next version, same ID and update key), then exit."),
        QStringLiteral("FILE")};
    QCommandLineOption makeMoon{QStringLiteral("make-moon"),
                                QStringLiteral("The same for a moon (members keep the public planet)."),
                                QStringLiteral("FILE")};
    QCommandLineOption endpoint{
        QStringLiteral("endpoint"),
        QStringLiteral("With --make-planet/--make-moon: a stable address members reach this root at (repeatable)."),
        QStringLiteral("IP/PORT")};
    QCommandLineOption openRoot{
        QStringLiteral("open-root"),
        QStringLiteral("When serving as a root, relay for any identity, not only this controller's members.")};
    QCommandLineOption config{QStringLiteral("config"),
                              QStringLiteral("Read defaults for these flags from an INI file (keys named like the "
                                             "long flags: port=, api=, database=, planet=, …; flags given here "
                                             "win)."),
                              QStringLiteral("FILE")};

    void addTo(QCommandLineParser &parser) const
    {
        parser.addOptions({headless, dataDir, port, planet, moon, api, noApi, database, importFrom, dryRun, exportDir,
                           makePlanet, makeMoon, endpoint, openRoot, config});
    }
};

/// The config file's entries as flags placed before the command line's own, leaving out every setting the
/// command line already makes (flags win: --api over no-api=, --no-api over api=, any --moon over moon=).
QStringList configArguments(const QList<ConfigEntry> &entries, const QCommandLineParser &given)
{
    QStringList out;
    for (const ConfigEntry &entry : entries) {
        if (given.isSet(entry.key))
            continue;
        if ((entry.key == QLatin1String("api") && given.isSet(QStringLiteral("no-api"))) ||
            (entry.key == QLatin1String("no-api") && given.isSet(QStringLiteral("api"))))
            continue;
        if (ConfigFile::isSwitch(entry.key)) {
            if (ConfigFile::switchValue(entry.value).value_or(false))
                out << QStringLiteral("--") + entry.key;
        } else {
            out << QStringLiteral("--%1=%2").arg(entry.key, entry.value);
        }
    }
    return out;
}

/// Fills the engine's ports and API from the parsed flags; an error message if a value is bad.
QString readPortsAndApi(const QCommandLineParser &parser, const Flags &f, LaunchOptions &options)
{
    if (parser.isSet(f.port)) {
        // 0 = any free port (tests, several instances); the ready line reports the bound one.
        const auto value =
            parser.value(f.port) == QLatin1String("0") ? std::optional<quint16>(0) : parsePort(parser.value(f.port));
        if (!value)
            return QStringLiteral("--port: \"%1\" is not a port number (0–65535, 0 = any free port)")
                .arg(parser.value(f.port));
        options.engine.udpPort = *value;
    }
    // No port given anywhere: 9993, or 9994 when a zerotier-one on this host holds 9993.
    options.engine.udpPortFallback = !parser.isSet(f.port);

    if (parser.isSet(f.api) && parser.isSet(f.noApi))
        return QStringLiteral("--api and --no-api exclude each other");
    if (parser.isSet(f.api)) {
        if (!parseApi(parser.value(f.api), options.engine.apiAddress, options.engine.apiPort))
            return QStringLiteral("--api: \"%1\" is not [ADDR:]PORT (e.g. 9993, 127.0.0.1:9993, [::1]:9993)")
                .arg(parser.value(f.api));
    } else if (options.headless && !parser.isSet(f.noApi)) {
        options.engine.apiAddress = QStringLiteral("127.0.0.1");
        // 0: the UDP port's number if that TCP port is free, else any free port (the ready line says which).
        options.engine.apiPort = 0;
    }
    return {};
}

/// Planet, moons and database; an error result if one of them is bad.
std::optional<CommandLineResult> readFilesAndDatabase(const QCommandLineParser &parser, const Flags &f,
                                                      LaunchOptions &options)
{
    const auto checkReadable = [](const QString &flag, const QString &path) -> QString {
        const QFileInfo info(path);
        if (!info.isFile() || !info.isReadable())
            return QStringLiteral("--%1: cannot read \"%2\"").arg(flag, path);
        return {};
    };
    if (parser.isSet(f.planet)) {
        if (const QString error = checkReadable(QStringLiteral("planet"), parser.value(f.planet)); !error.isEmpty())
            return fail(kExitUsage, error);
        options.engine.planetFile = QFileInfo(parser.value(f.planet)).absoluteFilePath();
    }
    for (const QString &file : parser.values(f.moon)) {
        if (const QString error = checkReadable(QStringLiteral("moon"), file); !error.isEmpty())
            return fail(kExitUsage, error);
        options.engine.moonFiles.append(QFileInfo(file).absoluteFilePath());
    }
    if (parser.isSet(f.database)) {
        const auto uri = DatabaseUri::parse(parser.value(f.database), options.engine.dataDir);
        if (!uri)
            return fail(uri.error().code == ErrorCode::Unsupported ? kExitNotYet : kExitUsage,
                        QStringLiteral("--database: ") + uri.error().message);
        options.engine.databaseUri = uri->toString();
    }
    return std::nullopt;
}

/// --import/--export/--make-planet/--make-moon; an error result if they are combined wrongly.
std::optional<CommandLineResult> readActions(const QCommandLineParser &parser, const Flags &f, LaunchOptions &options)
{
    if (parser.isSet(f.dryRun) && !parser.isSet(f.importFrom))
        return fail(kExitUsage, QStringLiteral("--dry-run only goes with --import"));
    if (parser.isSet(f.importFrom) && parser.isSet(f.exportDir))
        return fail(kExitUsage, QStringLiteral("--import and --export exclude each other"));
    if (parser.isSet(f.importFrom)) {
        options.importPath = parser.value(f.importFrom);
        options.dryRun = parser.isSet(f.dryRun);
    }
    if (parser.isSet(f.exportDir))
        options.exportDir = parser.value(f.exportDir);

    if (parser.isSet(f.makePlanet) && parser.isSet(f.makeMoon))
        return fail(kExitUsage, QStringLiteral("--make-planet and --make-moon exclude each other"));
    const bool makesWorld = parser.isSet(f.makePlanet) || parser.isSet(f.makeMoon);
    if (parser.isSet(f.endpoint) && !makesWorld)
        return fail(kExitUsage, QStringLiteral("--endpoint only goes with --make-planet or --make-moon"));
    if (!makesWorld)
        return std::nullopt;
    if (parser.isSet(f.importFrom) || parser.isSet(f.exportDir))
        return fail(kExitUsage, QStringLiteral("--make-planet/--make-moon exclude --import and --export"));
    options.makeMoon = parser.isSet(f.makeMoon);
    options.makeWorldFile = parser.value(options.makeMoon ? f.makeMoon : f.makePlanet);
    if (options.makeWorldFile.isEmpty())
        return fail(kExitUsage, QStringLiteral("--make-planet/--make-moon need a file name"));
    options.makeWorldFile = QFileInfo(options.makeWorldFile).absoluteFilePath();
    if (!parser.isSet(f.endpoint))
        return fail(kExitUsage, QStringLiteral("--make-planet/--make-moon need at least one --endpoint IP/PORT "
                                               "members can reach this controller at"));
    const auto endpoints = OwnWorldMaker::parseEndpoints(parser.values(f.endpoint));
    if (!endpoints)
        return fail(kExitUsage, QStringLiteral("--endpoint: ") + endpoints.error().message);
    options.rootEndpoints = parser.values(f.endpoint);
    return std::nullopt;
}

/// Everything after the flags were parsed (command line and config file merged).
CommandLineResult interpret(const QCommandLineParser &parser, const Flags &f)
{
    CommandLineResult result;
    LaunchOptions &options = result.options;
    options.headless = parser.isSet(f.headless);

    // Options that take one value: given twice is more likely a mistake than an override.
    for (const QCommandLineOption *single : {&f.dataDir, &f.port, &f.planet, &f.api, &f.database, &f.importFrom,
                                             &f.exportDir, &f.makePlanet, &f.makeMoon, &f.config}) {
        if (parser.values(*single).size() > 1)
            return fail(kExitUsage, QStringLiteral("--%1 may be given only once").arg(single->names().constFirst()));
    }

    options.engine.dataDir = parser.isSet(f.dataDir)
                                 ? parser.value(f.dataDir)
                                 : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (options.engine.dataDir.isEmpty())
        return fail(kExitUsage, QStringLiteral("--data-dir must not be empty"));
    options.engine.dataDir = QDir::cleanPath(QFileInfo(options.engine.dataDir).absoluteFilePath());

    if (const QString error = readPortsAndApi(parser, f, options); !error.isEmpty())
        return fail(kExitUsage, error);
    if (auto failed = readFilesAndDatabase(parser, f, options))
        return *failed;
    if (auto failed = readActions(parser, f, options))
        return *failed;
    options.engine.openRoot = parser.isSet(f.openRoot);
    return result;
}

} // namespace

CommandLineResult parseCommandLine(const QStringList &arguments)
{
    // First pass: help, version, and which settings the command line itself makes.
    const Flags flags;
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("tiermaster", "Self-hosted network controller for ZeroTier virtual networks."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    flags.addTo(parser);

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
    if (!parser.isSet(flags.config))
        return interpret(parser, flags);
    if (parser.values(flags.config).size() > 1)
        return fail(kExitUsage, QStringLiteral("--config may be given only once"));

    // Second pass: the config file's settings placed before the command line's, those it makes left out.
    const QString configPath = parser.value(flags.config);
    const auto entries = ConfigFile::read(configPath);
    if (!entries)
        return fail(kExitUsage, QStringLiteral("--config: ") + entries.error().message);
    QStringList merged{arguments.value(0, QStringLiteral("tiermaster"))};
    merged << configArguments(*entries, parser) << arguments.mid(1);
    QCommandLineParser second;
    second.addHelpOption();
    second.addVersionOption();
    flags.addTo(second);
    if (!second.parse(merged))
        return fail(kExitUsage, QStringLiteral("--config %1: %2").arg(configPath, second.errorText()));
    CommandLineResult result = interpret(second, flags);
    if (result.exitNow && result.exitCode != 0) {
        // Name the line a bad value came from when the command line did not give it.
        for (const ConfigEntry &entry : *entries) {
            if (!parser.isSet(entry.key) && result.message.startsWith(QStringLiteral("--") + entry.key)) {
                result.message = QStringLiteral("%1 line %2: %3").arg(configPath).arg(entry.line).arg(result.message);
                break;
            }
        }
    }
    result.options.configFile = QFileInfo(configPath).absoluteFilePath();
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
