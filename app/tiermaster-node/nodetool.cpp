// SPDX-License-Identifier: GPL-3.0-or-later
#include "nodetool.h"

#include "core/crypto/primitives.h"
#include "core/node/memoryidentitycache.h"
#include "core/node/node.h"
#include "core/node/simulatedmember.h"
#include "core/protocol/world.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTimer>

#include <cstdio>

namespace tier {

namespace {

void out(const QString &line)
{
    std::fputs(qPrintable(line + QLatin1Char('\n')), stdout);
    std::fflush(stdout);
}

void err(const QString &line)
{
    std::fputs(qPrintable(QStringLiteral("tiermaster-node: ") + line + QLatin1Char('\n')), stderr);
    std::fflush(stderr);
}

// --name value pairs and flags after the mode (and, for join, the network ID).
struct Args
{
    QHash<QString, QString> values;
    QStringList flags;
    QStringList positional;
    QString error;
};

Args parse(const QStringList &args, const QStringList &withValue, const QStringList &flagNames)
{
    Args a;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &s = args[i];
        if (!s.startsWith(QLatin1String("--"))) {
            a.positional.append(s);
            continue;
        }
        QString name = s.mid(2);
        QString value;
        const qsizetype eq = name.indexOf(QLatin1Char('='));
        const bool inlineValue = eq >= 0;
        if (inlineValue) {
            value = name.mid(eq + 1);
            name = name.left(eq);
        }
        if (flagNames.contains(name) && !inlineValue) {
            a.flags.append(name);
        } else if (withValue.contains(name)) {
            if (!inlineValue) {
                if (i + 1 >= args.size()) {
                    a.error = QStringLiteral("--%1 needs a value").arg(name);
                    return a;
                }
                value = args[++i];
            }
            a.values.insert(name, value);
        } else {
            a.error = QStringLiteral("unknown option --%1").arg(name);
            return a;
        }
    }
    return a;
}

std::optional<quint16> portValue(const Args &a, const QString &name, quint16 fallback)
{
    if (!a.values.contains(name))
        return fallback;
    bool ok = false;
    const uint v = a.values.value(name).toUInt(&ok);
    if (!ok || v > 65535)
        return std::nullopt;
    return quint16(v);
}

} // namespace

NodeTool::NodeTool() = default;

NodeTool::~NodeTool()
{
    qDeleteAll(m_members);
    qDeleteAll(m_nodes);
}

QString NodeTool::usage()
{
    return QStringLiteral(
        "Usage:\n"
        "  tiermaster-node root --identity FILE [--port N] [--bind ADDRESS] [--planet-out FILE] [--json]\n"
        "      A minimal root for tests: answers HELLO and WHOIS, relays packets between the nodes it\n"
        "      knows and introduces them to each other (RENDEZVOUS). FILE holds the root's secret\n"
        "      identity (created if missing). --planet-out writes a planet naming this root at\n"
        "      127.0.0.1:<port>, signed with a new key. Prints 'ready <address> <port>' (JSON with --json).\n"
        "  tiermaster-node join <nwid> --planet FILE [--count N] [--identities FILE] [--port N]\n"
        "                     [--bind ADDRESS] [--timeout S] [--until EVENT] [--json]\n"
        "      N simulated members (default 1) that behave like ZeroTier 1.14.1 nodes on the wire. They\n"
        "      find the controller (nwid >> 24) through the planet's roots, request the config, re-request\n"
        "      every 60 s (5 s while refused), accept pushes and revocations, and print one line per event\n"
        "      (config, denied, notfound, revoked, invalid). --identities: one secret identity per line\n"
        "      (identities.txt format); default: generated once and cached in the user's cache folder.\n"
        "      --port N: member i binds N+i (default: any free port). --timeout S: stop after S seconds.\n"
        "      --until EVENT: exit 0 as soon as every member's latest event is EVENT.\n"
        "Exit codes: 0 done, 1 bad usage or setup error (e.g. port in use), 3 --until not reached before\n"
        "--timeout.\n");
}

int NodeTool::start(const QStringList &args)
{
    if (args.isEmpty() || args.first() == QLatin1String("--help") || args.first() == QLatin1String("-h") ||
        args.first() == QLatin1String("help")) {
        out(usage());
        return args.isEmpty() ? 1 : 0;
    }
    if (args.first() == QLatin1String("--version")) {
        out(QStringLiteral("tiermaster-node " TIERMASTER_VERSION));
        return 0;
    }
    if (!crypto::initialize()) {
        err(QStringLiteral("libsodium could not be initialized"));
        return 1;
    }
    if (args.first() == QLatin1String("root"))
        return startRoot(args.mid(1));
    if (args.first() == QLatin1String("join"))
        return startJoin(args.mid(1));
    err(QStringLiteral("unknown mode '%1' (root or join)").arg(args.first()));
    std::fputs(qPrintable(usage()), stderr);
    return 1;
}

std::optional<Identity> NodeTool::loadOrCreateIdentity(const QString &path)
{
    QFile file(path);
    if (file.exists()) {
        if (!file.open(QIODevice::ReadOnly)) {
            err(QStringLiteral("cannot read %1").arg(path));
            return std::nullopt;
        }
        Result<Identity> id = Identity::fromString(QString::fromLatin1(file.readAll()).trimmed());
        if (!id || !id->hasSecret() || !id->locallyValidate()) {
            err(QStringLiteral("%1 does not hold a valid secret identity").arg(path));
            return std::nullopt;
        }
        return *id;
    }
    const Identity id = Identity::generate();
    QSaveFile save(path);
    if (!save.open(QIODevice::WriteOnly)) {
        err(QStringLiteral("cannot write %1").arg(path));
        return std::nullopt;
    }
    save.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    save.write(id.toString(true).toLatin1() + '\n');
    if (!save.commit()) {
        err(QStringLiteral("cannot write %1").arg(path));
        return std::nullopt;
    }
    return id;
}

int NodeTool::startRoot(const QStringList &argList)
{
    const Args a = parse(
        argList,
        {QStringLiteral("identity"), QStringLiteral("port"), QStringLiteral("bind"), QStringLiteral("planet-out")},
        {QStringLiteral("json")});
    if (!a.error.isEmpty() || !a.positional.isEmpty() || !a.values.contains(QStringLiteral("identity"))) {
        err(a.error.isEmpty() ? QStringLiteral("root needs --identity FILE and no other arguments") : a.error);
        return 1;
    }
    m_json = a.flags.contains(QStringLiteral("json"));
    const std::optional<quint16> port = portValue(a, QStringLiteral("port"), 9993);
    if (!port) {
        err(QStringLiteral("--port must be 0..65535"));
        return 1;
    }
    const std::optional<Identity> identity = loadOrCreateIdentity(a.values.value(QStringLiteral("identity")));
    if (!identity)
        return 1;
    NodeOptions o;
    o.role = NodeOptions::Role::Root;
    o.port = *port;
    // A test root admits many simulated members at once; the budget still bounds the CPU spent.
    o.validationsPerSecond = 200;
    if (a.values.contains(QStringLiteral("bind")))
        o.bindAddress = QHostAddress(a.values.value(QStringLiteral("bind")));
    m_cache = std::make_unique<MemoryIdentityCache>();
    auto *node = new Node(*identity, o);
    m_nodes.append(node);
    node->setIdentityCache(m_cache.get());
    if (Status s = node->start(); !s.ok()) {
        err(s.error().message);
        return 1;
    }
    if (a.values.contains(QStringLiteral("planet-out"))) {
        const Identity signer = Identity::generate();
        World::Root root;
        root.identity = identity->publicOnly();
        root.stableEndpoints.append(InetAddress::fromIPv4(0x7f000001, node->localPort()));
        const quint64 id = (QRandomGenerator::global()->generate64() & 0x7fffffffffffULL) | 0x100000000ULL;
        Result<World> planet = World::create(World::Type::Planet, id, quint64(QDateTime::currentMSecsSinceEpoch()),
                                             signer.publicKey(), {root}, signer.secretKey());
        QSaveFile file(a.values.value(QStringLiteral("planet-out")));
        if (!planet || !file.open(QIODevice::WriteOnly) || file.write(planet->toBytes()) < 0 || !file.commit()) {
            err(QStringLiteral("cannot write the planet to %1").arg(file.fileName()));
            return 1;
        }
    }
    if (m_json) {
        QJsonObject ready;
        ready.insert(QStringLiteral("event"), QStringLiteral("ready"));
        ready.insert(QStringLiteral("root"), identity->address().toString());
        ready.insert(QStringLiteral("port"), int(node->localPort()));
        out(QString::fromUtf8(QJsonDocument(ready).toJson(QJsonDocument::Compact)));
    } else {
        out(QStringLiteral("ready %1 %2").arg(identity->address().toString()).arg(node->localPort()));
    }
    return -1;
}

std::optional<QList<Identity>> NodeTool::memberIdentities(const QString &path, int count)
{
    QString file = path;
    const bool cached = path.isEmpty();
    if (cached) {
        const QString dir = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
        QDir().mkpath(dir);
        file = dir + QStringLiteral("/identities.txt");
    }
    QList<Identity> ids;
    QFile f(file);
    if (f.exists()) {
        if (!f.open(QIODevice::ReadOnly)) {
            err(QStringLiteral("cannot read %1").arg(file));
            return std::nullopt;
        }
        int lineNo = 0;
        while (!f.atEnd() && ids.size() < count) {
            ++lineNo;
            const QString line = QString::fromLatin1(f.readLine()).trimmed();
            if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
                continue;
            Result<Identity> id = Identity::fromString(line);
            if (!id || !id->hasSecret()) {
                err(QStringLiteral("%1:%2: not a secret identity").arg(file).arg(lineNo));
                return std::nullopt;
            }
            ids.append(*id);
        }
        f.close();
    } else if (!cached) {
        err(QStringLiteral("%1 does not exist").arg(file));
        return std::nullopt;
    }
    if (ids.size() < count) {
        if (!cached) {
            err(QStringLiteral("%1 holds %2 identities, %3 needed").arg(file).arg(ids.size()).arg(count));
            return std::nullopt;
        }
        QFile append(file);
        if (!append.open(QIODevice::Append)) {
            err(QStringLiteral("cannot write %1").arg(file));
            return std::nullopt;
        }
        append.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        err(QStringLiteral("generating %1 identities (cached in %2)").arg(count - ids.size()).arg(file));
        while (ids.size() < count) {
            const Identity id = Identity::generate();
            append.write(id.toString(true).toLatin1() + '\n');
            append.flush();
            ids.append(id);
        }
    }
    return ids;
}

int NodeTool::startJoin(const QStringList &argList)
{
    const Args a =
        parse(argList,
              {QStringLiteral("planet"), QStringLiteral("count"), QStringLiteral("identities"), QStringLiteral("port"),
               QStringLiteral("bind"), QStringLiteral("timeout"), QStringLiteral("until")},
              {QStringLiteral("json")});
    if (!a.error.isEmpty()) {
        err(a.error);
        return 1;
    }
    if (a.positional.size() != 1) {
        err(QStringLiteral("join needs exactly one network ID"));
        return 1;
    }
    const std::optional<quint64> nwid = networkIdFromString(a.positional.first());
    if (!nwid || (*nwid >> 56) == 0xff || controllerOf(*nwid).isReserved()) {
        err(QStringLiteral("'%1' is not a controller network ID (16 hex digits)").arg(a.positional.first()));
        return 1;
    }
    if (!a.values.contains(QStringLiteral("planet"))) {
        err(QStringLiteral("join needs --planet FILE"));
        return 1;
    }
    m_json = a.flags.contains(QStringLiteral("json"));
    bool ok = true;
    const int count = a.values.value(QStringLiteral("count"), QStringLiteral("1")).toInt(&ok);
    if (!ok || count < 1 || count > 10000) {
        err(QStringLiteral("--count must be 1..10000"));
        return 1;
    }
    const std::optional<quint16> basePort = portValue(a, QStringLiteral("port"), 0);
    if (!basePort || (*basePort != 0 && int(*basePort) + count - 1 > 65535)) {
        err(QStringLiteral("--port must be 0..65535 (members use port+i)"));
        return 1;
    }
    double timeout = 0;
    if (a.values.contains(QStringLiteral("timeout"))) {
        timeout = a.values.value(QStringLiteral("timeout")).toDouble(&ok);
        if (!ok || timeout <= 0) {
            err(QStringLiteral("--timeout must be a positive number of seconds"));
            return 1;
        }
    }
    if (a.values.contains(QStringLiteral("until"))) {
        const QString until = a.values.value(QStringLiteral("until"));
        for (auto k : {MemberEvent::Kind::Config, MemberEvent::Kind::Denied, MemberEvent::Kind::NotFound,
                       MemberEvent::Kind::Revoked, MemberEvent::Kind::Invalid}) {
            if (MemberEvent::kindName(k) == until)
                m_until = k;
        }
        if (!m_until) {
            err(QStringLiteral("--until must be config, denied, notfound, revoked or invalid"));
            return 1;
        }
    }
    QFile planetFile(a.values.value(QStringLiteral("planet")));
    if (!planetFile.open(QIODevice::ReadOnly)) {
        err(QStringLiteral("cannot read %1").arg(planetFile.fileName()));
        return 1;
    }
    Result<World> planet = World::fromBytes(planetFile.readAll());
    if (!planet || !planet->verifySignature()) {
        err(QStringLiteral("%1 is not a valid signed planet").arg(planetFile.fileName()));
        return 1;
    }
    const std::optional<QList<Identity>> ids = memberIdentities(a.values.value(QStringLiteral("identities")), count);
    if (!ids)
        return 1;

    m_cache = std::make_unique<MemoryIdentityCache>();
    for (int i = 0; i < count; ++i) {
        NodeOptions o;
        SimulatedMember::applyMemberDefaults(o);
        o.port = *basePort == 0 ? 0 : quint16(*basePort + i);
        if (a.values.contains(QStringLiteral("bind")))
            o.bindAddress = QHostAddress(a.values.value(QStringLiteral("bind")));
        auto *node = new Node(ids->at(i), o);
        m_nodes.append(node);
        node->setIdentityCache(m_cache.get());
        node->setWorlds(*planet);
        auto *member = new SimulatedMember(node, *nwid);
        m_members.append(member);
        connect(member, &SimulatedMember::event, this, &NodeTool::onEvent);
        if (Status s = node->start(); !s.ok()) {
            err(s.error().message);
            return 1;
        }
    }
    for (SimulatedMember *m : std::as_const(m_members))
        m->join();
    if (timeout > 0)
        QTimer::singleShot(qint64(timeout * 1000), this, [this] { finish(m_until ? 3 : 0); });
    return -1;
}

bool NodeTool::allReached() const
{
    if (!m_until)
        return false;
    for (const SimulatedMember *m : m_members) {
        if (m->state() != m_until)
            return false;
    }
    return true;
}

void NodeTool::onEvent(const MemberEvent &event)
{
    if (m_json) {
        out(QString::fromUtf8(QJsonDocument(event.toJson()).toJson(QJsonDocument::Compact)));
    } else {
        QString line = event.member.toString() + QLatin1Char(' ') + MemberEvent::kindName(event.kind);
        if (event.config) {
            QStringList ips;
            for (const InetAddress &ip : event.config->staticIps)
                ips.append(ip.toString());
            QStringList routes;
            for (const NetworkConfig::Route &r : event.config->routes)
                routes.append(r.via.isNull() ? r.target.toString()
                                             : r.target.toString() + QStringLiteral(" via ") + r.via.toIpString());
            QStringList dns;
            for (const InetAddress &s : event.config->dns.servers)
                dns.append(s.toIpString());
            line += QStringLiteral(" revision=%1 ips=%2 routes=%3 dns=%4%5%6")
                        .arg(event.config->revision)
                        .arg(ips.join(QLatin1Char(',')), routes.join(QLatin1Char(',')), event.config->dns.domain,
                             dns.isEmpty() ? QString() : QStringLiteral(":"), dns.join(QLatin1Char(',')));
            if (event.pushed)
                line += QStringLiteral(" pushed");
        }
        if (!event.detail.isEmpty())
            line += QStringLiteral(" (") + event.detail + QLatin1Char(')');
        out(line);
    }
    if (allReached())
        finish(0);
}

void NodeTool::finish(int code)
{
    QCoreApplication::exit(code);
}

} // namespace tier
