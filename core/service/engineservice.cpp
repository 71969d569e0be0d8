// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/service/engineservice.h"

#include "core/api/apiserver.h"
#include "core/node/node.h"
#include "core/service/activelease.h"
#include "core/service/configrequestadapter.h"
#include "core/service/nodecontrollersender.h"
#include "core/service/storeidentitycache.h"
#include "core/store/backup.h"
#include "core/store/controlleridentityrepository.h"
#include "core/store/database.h"
#include "core/store/scratchfolder.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QLoggingCategory>
#include <QMutexLocker>
#include <QSaveFile>
#include <QSet>
#include <QTimer>

namespace tier {

Q_LOGGING_CATEGORY(lcEngine, "tiermaster.engine", QtInfoMsg)

namespace {

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

Result<World> readWorld(const QString &path, World::Type expected)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    const QByteArray bytes = file.read(World::MaxSerializedLength + 1);
    auto world = World::fromBytes(bytes);
    if (!world)
        return makeError(ErrorCode::Malformed,
                         QStringLiteral("%1 is not a valid %2 file: %3")
                             .arg(path,
                                  expected == World::Type::Planet ? QStringLiteral("planet") : QStringLiteral("moon"),
                                  world.error().message));
    if (world->type() != expected)
        return makeError(
            ErrorCode::Malformed,
            QStringLiteral("%1 is a %2, not a %3")
                .arg(path, world->type() == World::Type::Planet ? QStringLiteral("planet") : QStringLiteral("moon"),
                     expected == World::Type::Planet ? QStringLiteral("planet") : QStringLiteral("moon")));
    if (!world->verifySignature())
        return makeError(ErrorCode::Malformed, QStringLiteral("%1: the signature does not verify").arg(path));
    return world;
}

} // namespace

EngineService::EngineService(EngineOptions options, QObject *parent) : QObject(parent), m_options(std::move(options)) {}

EngineService::~EngineService()
{
    shutdown();
}

bool EngineService::isRunning() const
{
    return m_database && m_database->isOpen() && m_controller && m_node && m_node->isRunning();
}

Result<World> EngineService::loadPlanet(const EngineOptions &options)
{
    if (!options.planetFile.isEmpty())
        return readWorld(options.planetFile, World::Type::Planet);
    const QString local = QDir(options.dataDir).filePath(QStringLiteral("planet"));
    if (!options.dataDir.isEmpty() && QFileInfo::exists(local))
        return readWorld(local, World::Type::Planet);
    return World::defaultPlanet();
}

Result<QList<World>> EngineService::loadMoons(const EngineOptions &options)
{
    QStringList files = options.moonFiles;
    if (!options.dataDir.isEmpty()) {
        const QDir moons(QDir(options.dataDir).filePath(QStringLiteral("moons.d")));
        for (const QString &name : moons.entryList({QStringLiteral("*.moon")}, QDir::Files, QDir::Name))
            files.append(moons.filePath(name));
    }
    QList<World> out;
    QSet<quint64> seen;
    for (const QString &file : std::as_const(files)) {
        auto moon = readWorld(file, World::Type::Moon);
        if (!moon)
            return moon.error();
        if (seen.contains(moon->id()))
            continue; // the same moon given twice (flag and moons.d)
        seen.insert(moon->id());
        out.append(*moon);
    }
    return out;
}

void EngineService::start()
{
    if (isRunning()) {
        emit started(m_identity.address().toString(), m_node->localPort());
        return;
    }
    auto fail = [this](const Error &error) {
        qCWarning(lcEngine).noquote() << "engine start failed:" << error.message;
        shutdown();
        emit startFailed(error.message);
    };
    if (Status ready = prepareDataDir(); !ready)
        return fail(ready.error());

    const auto uri = DatabaseUri::parse(m_options.databaseUri, m_options.dataDir);
    if (!uri)
        return fail(uri.error());
    // PostgreSQL may be shared by several instances: only the holder of the lease serves, the
    // others stand by (state Starting) until ActiveLease::acquired() runs start() again.
    if (uri->dialect == SqlDialect::Postgres && !(m_lease && m_lease->isHeld())) {
        if (!m_lease) {
            m_lease = std::make_unique<ActiveLease>(*uri);
            if (Status joined = m_lease->start(); !joined)
                return fail(joined.error());
            connectLease();
        }
        if (!m_lease->isHeld()) {
            if (Status standing = startStandby(*uri); !standing)
                return fail(standing.error());
            return;
        }
    }
    stopStandby(); // taking over: the controller is built again, with the node
    m_database = std::make_unique<Database>(QStringLiteral("engine"));
    if (m_lease)
        m_database->setNotifyChanges(true, m_lease->instanceTag());
    // A newer program opening an older file keeps a copy of it, as it was, before upgrading it.
    if (uri->dialect == SqlDialect::Sqlite)
        m_database->setUpgradeBackupFolder(Backup::backupsFolder(m_options.dataDir));
    if (Status opened = m_database->open(*uri); !opened)
        return fail(opened.error());
    if (const QString kept = m_database->upgradeBackupPath(); !kept.isEmpty())
        qCInfo(lcEngine).noquote() << "upgraded the database to schema version" << m_database->schemaVersion()
                                   << "after keeping a copy of it as it was in" << kept;
    qCInfo(lcEngine).noquote() << "database" << uri->toString() << "at schema version" << m_database->schemaVersion();

    if (Status identity = loadOrCreateIdentity(); !identity)
        return fail(identity.error());
    if (Status written = writePublicIdentity(); !written)
        return fail(written.error());
    if (Status controller = startController(); !controller)
        return fail(controller.error());
    if (Status node = startNode(); !node)
        return fail(node.error());
    if (Status api = startApi(); !api)
        return fail(api.error());

    qCInfo(lcEngine).noquote() << "controller" << m_identity.address().toString() << "serving on UDP port"
                               << m_node->localPort() << "with data in" << m_options.dataDir;
    if (m_lease) // members that talked to a previous active instance find this one at once
        ActiveLease::announceTakeover(*m_node, *m_controller, nowMs());
    if (m_api)
        emit apiListening(apiEndpoint());
    emit started(m_identity.address().toString(), m_node->localPort());
    refreshNetworks();
}

Status EngineService::startStandby(const DatabaseUri &uri)
{
    if (m_standby)
        return Ok{};
    m_database = std::make_unique<Database>(QStringLiteral("engine"));
    m_database->setNotifyChanges(true, m_lease->instanceTag());
    if (Status opened = m_database->open(uri); !opened)
        return opened;
    ControllerIdentityRepository repository(*m_database);
    auto stored = repository.load();
    if (!stored)
        return stored.error();
    if (!stored->has_value()) {
        // The first active instance creates the identity; nothing to show before that.
        qCInfo(lcEngine) << "standing by without a controller identity in the database yet";
        m_database->close();
        m_database.reset();
        return Ok{};
    }
    m_identity = std::move(*stored).value();
    m_controller = std::make_unique<NetworkController>(*m_database, m_identity, nullptr, &nowMs);
    if (Status loaded = m_controller->load(); !loaded)
        return loaded;
    connectController();
    m_standby = true;
    qCInfo(lcEngine).noquote() << "controller" << m_identity.address().toString()
                               << "standing by: networks and members shown and edited, served by another instance";
    // API edits made here reach the active instance through the database like GUI edits. A port held
    // by another instance on this machine must not keep this one from standing by.
    if (Status api = startApi(); !api)
        qCWarning(lcEngine).noquote() << "standby without HTTP API:" << api.error().message;
    else if (m_api)
        qCInfo(lcEngine).noquote() << "standby: API on" << m_api->endpoint();
    if (m_api)
        emit apiListening(apiEndpoint());
    emit standby(m_identity.address().toString());
    refreshNetworks();
    return Ok{};
}

void EngineService::stopStandby()
{
    if (!m_standby && !m_controller)
        return;
    if (m_api) // the active instance serves on the same endpoint
        m_standbyApiPort = m_api->serverPort();
    m_api.reset();
    {
        QMutexLocker lock(&m_apiMutex);
        m_apiEndpoint.clear();
    }
    m_standby = false;
    m_controller.reset();
    if (m_database) {
        m_database->close();
        m_database.reset();
    }
}

Status EngineService::startController()
{
    auto planet = loadPlanet(m_options);
    if (!planet)
        return planet.error();
    auto moons = loadMoons(m_options);
    if (!moons)
        return moons.error();

    NodeOptions nodeOptions;
    nodeOptions.role = NodeOptions::Role::Ordinary;
    nodeOptions.port = m_options.udpPort;
    nodeOptions.openRoot = m_options.openRoot;
    if (!m_options.udpBindAddress.isEmpty()) {
        const QHostAddress bind(m_options.udpBindAddress);
        if (bind.isNull())
            return makeError(ErrorCode::Malformed,
                             QStringLiteral("%1 is not an IP address to bind to").arg(m_options.udpBindAddress));
        nodeOptions.bindAddress = bind;
    }
    // Created first (not yet bound): the sender needs it, the controller needs the sender.
    m_node = std::make_unique<Node>(m_identity, nodeOptions);
    m_identityCache = std::make_unique<StoreIdentityCache>(*m_database);
    m_node->setIdentityCache(m_identityCache.get());
    m_node->setWorlds(*planet, *moons);
    qCInfo(lcEngine).noquote() << "roots:"
                               << (m_options.planetFile.isEmpty() ? QStringLiteral("planet") : m_options.planetFile)
                               << planet->id() << "with" << planet->roots().size() << "root(s)," << moons->size()
                               << "moon(s)";

    m_sender = std::make_unique<NodeControllerSender>(m_node.get());
    m_controller = std::make_unique<NetworkController>(*m_database, m_identity, m_sender.get(), &nowMs);
    if (Status loaded = m_controller->load(); !loaded)
        return loaded;
    connectController();
    m_adapter = std::make_unique<ConfigRequestAdapter>(m_controller.get(), &nowMs);
    m_adapter->setLatencySource([node = m_node.get()](Address member) -> qint64 {
        const Peer *peer = node->peer(member);
        return peer ? peer->latencyMs : -1;
    });
    m_node->setHandler(m_adapter.get());
    setUpRootRole();
    // Counts loaded with the members' stored status are not this run's requests.
    m_requestTotals = m_controller->requestCountsByNetwork();
    if (!m_activityTimer) {
        m_activityTimer = new QTimer(this);
        connect(m_activityTimer, &QTimer::timeout, this, &EngineService::sampleActivity);
    }
    m_activityTimer->setInterval(m_activityIntervalMs);
    m_activityTimer->start();
    return Ok{};
}

Status EngineService::startNode()
{
    m_portFellBack = false;
    Status bound = m_node->start();
    if (!bound && m_options.udpPortFallback && m_options.udpPort != 0 &&
        m_options.udpPort != EngineOptions::FallbackUdpPort) {
        // Beside a zerotier-one member on the same host (it holds 9993): take the next port, as promised
        // when no port was given anywhere.
        qCWarning(lcEngine).noquote() << QStringLiteral("UDP port %1 is taken (a zerotier-one on this host?) and no "
                                                        "port was given: using port %2 instead; give --port N or "
                                                        "port= in the config file to choose")
                                             .arg(m_options.udpPort)
                                             .arg(EngineOptions::FallbackUdpPort);
        m_node->setPort(EngineOptions::FallbackUdpPort);
        bound = m_node->start();
        m_portFellBack = bound.ok();
        if (!bound)
            return makeError(ErrorCode::Io, QStringLiteral("cannot use UDP port %1 nor its fallback %2: %3 — start "
                                                           "with --port N to use another port")
                                                .arg(m_options.udpPort)
                                                .arg(EngineOptions::FallbackUdpPort)
                                                .arg(bound.error().message));
    }
    if (!bound) {
        return makeError(ErrorCode::Io, QStringLiteral("cannot use UDP port %1: %2 — start with --port N to use "
                                                       "another port")
                                            .arg(m_options.udpPort)
                                            .arg(bound.error().message));
    }
    return Ok{};
}

QString EngineService::apiEndpoint() const
{
    QMutexLocker lock(&m_apiMutex);
    return m_apiEndpoint;
}

QByteArray EngineService::apiToken() const
{
    QMutexLocker lock(&m_apiMutex);
    return m_apiToken;
}

Result<QByteArray> EngineService::loadOrCreateToken(const QString &dataDir)
{
    const QString path = QDir(dataDir).filePath(QStringLiteral("authtoken.secret"));
    QFile file(path);
    if (file.exists()) {
        if (!file.open(QIODevice::ReadOnly))
            return makeError(ErrorCode::Io, QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
        const QByteArray token = file.read(4096).trimmed();
        if (token.isEmpty())
            return makeError(ErrorCode::Malformed,
                             QStringLiteral("%1 is empty; delete it and a new token is created").arg(path));
        return token;
    }
    const QByteArray token = ApiServer::generateToken();
    // Created with owner-only permissions from the start: the token is never readable by others,
    // not even between creation and a later chmod.
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner) ||
        file.write(token) != token.size() || !file.flush())
        return makeError(ErrorCode::Io, QStringLiteral("cannot create %1: %2").arg(path, file.errorString()));
    file.close();
    qCInfo(lcEngine).noquote() << "created the API token in" << path;
    return token;
}

Status EngineService::startApi()
{
    auto token = loadOrCreateToken(m_options.dataDir);
    if (!token)
        return token.error();
    {
        QMutexLocker lock(&m_apiMutex);
        m_apiToken = *token;
        m_apiEndpoint.clear();
    }
    if (m_options.apiAddress.isEmpty())
        return Ok{};
    const QHostAddress address(m_options.apiAddress);
    if (address.isNull())
        return makeError(ErrorCode::Malformed,
                         QStringLiteral("%1 is not an IP address for the API").arg(m_options.apiAddress));
    ApiServer::Options options;
    options.token = *token;
    options.homeDir = m_options.dataDir;
    options.standby = m_standby;
    options.portFallback = m_portFellBack;
    m_api = std::make_unique<ApiServer>(m_controller.get(), m_node.get(), options);
    // A standby has no node: the configured UDP port's number; a standby taking over keeps its endpoint.
    const quint16 preferredPort = m_standbyApiPort != 0 ? m_standbyApiPort
                                  : m_node              ? m_node->localPort()
                                                        : m_options.udpPort;
    m_standbyApiPort = 0;
    if (m_options.apiPort != 0) {
        if (Status listening = m_api->listen(address, m_options.apiPort); !listening) {
            m_api.reset();
            return makeError(ErrorCode::Io, listening.error().message + QStringLiteral(" — start with --api "
                                                                                       "[ADDR:]PORT to use another "
                                                                                       "port, or --no-api"));
        }
    } else if (Status same = preferredPort != 0 ? m_api->listen(address, preferredPort) : m_api->listen(address, 0);
               !same) {
        // As zerotier-one: the TCP port has the UDP port's number; if that one is taken, any free port
        // (the ready line and the GUI report the real one).
        qCInfo(lcEngine).noquote() << same.error().message << "— using any free port for the API";
        if (Status any = m_api->listen(address, 0); !any) {
            m_api.reset();
            return any.error();
        }
    }
    {
        QMutexLocker lock(&m_apiMutex);
        m_apiEndpoint = m_api->endpoint();
    }
    qCInfo(lcEngine).noquote() << "HTTP API on" << m_api->endpoint();
    return Ok{};
}

void EngineService::connectController()
{
    NetworkController *c = m_controller.get();
    connect(c, &NetworkController::networkChanged, this, [this](const NetworkDetails &details) {
        emit networkChanged(toInfo(details));
        emit networkDetails(details);
    });
    connect(c, &NetworkController::networkRemoved, this, &EngineService::networkRemoved);
    connect(c, &NetworkController::memberChanged, this, [this](const MemberInfo &member) {
        emit memberChanged(member);
        emitNetworkSummary(member.networkId);
    });
    connect(c, &NetworkController::memberRemoved, this, [this](quint64 networkId, Address member) {
        emit memberRemoved(networkId, member);
        emitNetworkSummary(networkId);
    });
    connect(c, &NetworkController::memberStatusChanged, this, [this](const QList<MemberInfo> &members) {
        emit memberStatusChanged(members);
        QSet<quint64> networks;
        for (const MemberInfo &m : members)
            networks.insert(m.networkId);
        for (quint64 id : std::as_const(networks))
            emitNetworkSummary(id);
    });
    connect(c, &NetworkController::joinRequested, this, [this](const MemberInfo &member) {
        qCInfo(lcContacts).noquote() << "join request from" << member.address.toString() << "for network"
                                     << networkIdToString(member.networkId) << "via"
                                     << (member.physicalAddress.isNull() ? QStringLiteral("a root")
                                                                         : member.physicalAddress.toString())
                                     << member.clientVersion();
        emit joinRequested(member);
    });
}

void EngineService::emitNetworkSummary(quint64 networkId)
{
    if (!m_controller)
        return;
    if (const auto details = m_controller->network(networkId))
        emit networkChanged(toInfo(*details));
}

void EngineService::shutdown()
{
    if (m_activityTimer)
        m_activityTimer->stop();
    m_api.reset(); // first: it calls into the controller and the node
    {
        QMutexLocker lock(&m_apiMutex);
        m_apiEndpoint.clear();
    }
    if (m_node) {
        m_node->setHandler(nullptr);
        m_node->setRootMemberPolicy({}); // it asks the controller, which goes first
        m_node->stop();
    }
    m_adapter.reset();
    m_controller.reset(); // flushes live status while the database is still open
    m_sender.reset();
    m_node.reset();
    m_identityCache.reset();
    if (m_database) {
        m_database->close();
        m_database.reset();
    }
    m_lease.reset(); // after the last write: a standby takes over from here
    m_standby = false;
    m_standbyApiPort = 0;
}

void EngineService::connectLease()
{
    // Queued: each of these may end in shutdown(), which deletes the lease that emitted.
    connect(m_lease.get(), &ActiveLease::acquired, this, &EngineService::start, Qt::QueuedConnection);
    connect(
        m_lease.get(), &ActiveLease::lost, this,
        [this](const QString &reason) {
            shutdown();
            emit startFailed(QStringLiteral("stopped serving: the connection that made this instance the active "
                                            "controller failed (%1); another instance may have taken over")
                                 .arg(reason));
        },
        Qt::QueuedConnection);
    connect(
        m_lease.get(), &ActiveLease::changed, this,
        [this] {
            if (!m_controller) {
                // A standby that found no controller identity yet: the first active instance may just
                // have written it.
                if (m_lease && !m_lease->isHeld() && !m_database)
                    start();
                return;
            }
            if (m_standby && !m_reloadPending) {
                // The active instance flushes status about once a second: a standby reloads once per
                // burst of notices, not once per notice.
                m_reloadPending = true;
                QTimer::singleShot(200, this, [this] {
                    m_reloadPending = false;
                    if (m_controller && m_standby) {
                        if (Status reloaded = m_controller->reloadFromDatabase(); !reloaded)
                            emit requestFailed(reloaded.error().message);
                    }
                });
                return;
            }
            if (m_standby)
                return;
            // Another instance wrote to the shared database: rebuild memory from it; online members
            // get the pushes and denials the change would have caused here.
            if (Status reloaded = m_controller->reloadFromDatabase(); !reloaded)
                return emit requestFailed(reloaded.error().message);
            refreshNetworks();
        },
        Qt::QueuedConnection);
}

Status EngineService::prepareDataDir()
{
    if (m_options.dataDir.isEmpty())
        return makeError(ErrorCode::Io, QStringLiteral("no data directory given"));
    const QFileInfo info(m_options.dataDir);
    if (info.exists() && !info.isDir())
        return makeError(ErrorCode::Io,
                         QStringLiteral("the data directory %1 exists but is not a folder").arg(m_options.dataDir));
    if (!info.exists()) {
        if (!QDir().mkpath(m_options.dataDir))
            return makeError(ErrorCode::Io,
                             QStringLiteral("cannot create the data directory %1").arg(m_options.dataDir));
        // It will hold the controller's secret (in controller.db) and later the API token.
        QFile::setPermissions(m_options.dataDir,
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    }
    // Plaintext copies a killed export, restore or import left in the private scratch folder.
    for (const QString &name : ScratchFolder::sweep(m_options.dataDir))
        qCInfo(lcEngine).noquote() << "removed" << name << "left in the scratch folder by an interrupted run";
    return Ok{};
}

Status EngineService::loadOrCreateIdentity()
{
    ControllerIdentityRepository repository(*m_database);
    bool created = false;
    auto identity = repository.loadOrCreate(nowMs(), &created);
    if (!identity)
        return identity.error();
    if (created)
        qCInfo(lcEngine).noquote() << "new controller identity" << identity->address().toString();
    m_identity = std::move(identity).value();
    return Ok{};
}

Status EngineService::writePublicIdentity()
{
    const QString path = QDir(m_options.dataDir).filePath(QStringLiteral("identity.public"));
    const QByteArray text = m_identity.toString(false).toLatin1();
    QFile existing(path);
    if (existing.open(QIODevice::ReadOnly) && existing.readAll().trimmed() == text)
        return Ok{};
    existing.close();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size() || !file.commit())
        return makeError(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    return Ok{};
}

bool EngineService::checkRunning()
{
    if (isRunning() || (m_standby && m_controller))
        return true;
    emit requestFailed(tr("The engine is not running."));
    return false;
}

NetworkInfo EngineService::toInfo(const NetworkDetails &details)
{
    NetworkInfo info;
    info.id = details.id;
    info.name = details.settings.name;
    info.description = details.settings.description;
    info.isPrivate = details.settings.isPrivate;
    info.creationTime = details.creationTime;
    info.revision = details.revision;
    info.memberCount = details.memberCount;
    info.authorizedCount = details.authorizedCount;
    info.onlineCount = details.onlineCount;
    info.pendingCount = details.pendingCount;
    info.pools = details.settings.pools;
    info.routes = details.settings.routes;
    info.v4AssignZt = details.settings.v4AssignZt;
    info.warnings = details.warnings;
    return info;
}

void EngineService::refreshNetworks()
{
    if (!checkRunning())
        return;
    QList<NetworkInfo> infos;
    const QList<NetworkDetails> networks = m_controller->networks();
    infos.reserve(networks.size());
    for (const NetworkDetails &details : networks)
        infos.append(toInfo(details));
    emit networksReset(infos);
}

void EngineService::createNetwork(const QString &name)
{
    if (!checkRunning())
        return;
    NetworkSettings settings;
    settings.name = name;
    const auto created = m_controller->createNetwork(settings); // networkChanged comes from the controller
    if (!created)
        return emit requestFailed(created.error().message);
    qCInfo(lcEngine).noquote() << "created network" << networkIdToString(created->id);
}

void EngineService::createNetworkWithSettings(const NetworkSettings &settings)
{
    if (!checkRunning())
        return;
    const auto created = m_controller->createNetwork(settings);
    if (!created)
        return emit requestFailed(created.error().message);
    qCInfo(lcEngine).noquote() << "created network" << networkIdToString(created->id);
}

void EngineService::renameNetwork(quint64 networkId, const QString &name)
{
    if (!checkRunning())
        return;
    const auto current = m_controller->network(networkId);
    if (!current)
        return emit requestFailed(tr("Network %1 does not exist.").arg(networkIdToString(networkId)));
    NetworkSettings settings = current->settings;
    settings.name = name;
    if (const auto renamed = m_controller->updateNetwork(networkId, settings); !renamed)
        emit requestFailed(renamed.error().message);
}

void EngineService::deleteNetwork(quint64 networkId)
{
    if (!checkRunning())
        return;
    if (Status removed = m_controller->deleteNetwork(networkId); !removed)
        return emit requestFailed(removed.error().message);
    qCInfo(lcEngine).noquote() << "deleted network" << networkIdToString(networkId);
}

void EngineService::refreshMembers(quint64 networkId)
{
    if (!checkRunning())
        return;
    if (!m_controller->network(networkId))
        return emit requestFailed(tr("Network %1 does not exist.").arg(networkIdToString(networkId)));
    emit membersReset(networkId, m_controller->members(networkId));
}

void EngineService::setMemberAuthorized(quint64 networkId, Address member, bool authorized)
{
    if (!checkRunning())
        return;
    MemberUpdate update;
    update.authorized = authorized;
    update.changedBy = MemberEventRow::ByWindow; // EngineClient's callers are the window and the tray
    const auto changed = m_controller->updateMember(networkId, member, update);
    if (!changed)
        return emit requestFailed(changed.error().message);
    qCInfo(lcContacts).noquote() << (authorized ? "authorized" : "deauthorized") << member.toString() << "on network"
                                 << networkIdToString(networkId);
}

void EngineService::updateMember(quint64 networkId, Address member, const MemberUpdate &update)
{
    if (!checkRunning())
        return;
    MemberUpdate byWindow = update;
    byWindow.changedBy = MemberEventRow::ByWindow;
    if (const auto changed = m_controller->updateMember(networkId, member, byWindow); !changed)
        emit requestFailed(changed.error().message);
}

void EngineService::setActivityInterval(int ms)
{
    m_activityIntervalMs = qMax(1, ms);
    if (m_activityTimer)
        m_activityTimer->setInterval(m_activityIntervalMs);
}

void EngineService::sampleActivity()
{
    if (!m_controller || !m_database || m_standby)
        return; // the serving instance records; a standby has no requests to count
    const QHash<quint64, quint64> totals = m_controller->requestCountsByNetwork();
    QList<NetworkActivityRepository::Sample> samples;
    for (const NetworkDetails &network : m_controller->networks()) {
        const quint64 total = totals.value(network.id);
        // Counted from the start (m_requestTotals was taken then); counters only grow while running.
        const quint64 before = m_requestTotals.value(network.id, 0);
        samples.append({network.id, network.onlineCount, qint64(total >= before ? total - before : total)});
    }
    m_requestTotals = totals;
    if (Status recorded = NetworkActivityRepository(*m_database).record(samples, nowMs()); !recorded)
        qCWarning(lcEngine).noquote() << "cannot record network activity:" << recorded.error().message;
}

void EngineService::requestNetworkActivity(quint64 networkId)
{
    if (!checkRunning())
        return;
    const qint64 now = nowMs();
    const auto buckets =
        NetworkActivityRepository(*m_database).buckets(networkId, now - NetworkActivityRepository::KeptMs);
    if (!buckets)
        return emit requestFailed(buckets.error().message);
    emit networkActivity(networkId, *buckets);
}

void EngineService::requestMemberHistory(quint64 networkId, Address member)
{
    if (!checkRunning())
        return;
    const auto events = MemberEventRepository(*m_database).recent(networkId, member);
    if (!events)
        return emit requestFailed(events.error().message);
    emit memberHistory(networkId, member, *events);
}

void EngineService::deleteMember(quint64 networkId, Address member)
{
    if (!checkRunning())
        return;
    if (Status removed = m_controller->deleteMember(networkId, member); !removed)
        emit requestFailed(removed.error().message);
}

void EngineService::requestNetworkDetails(quint64 networkId)
{
    if (!checkRunning())
        return;
    const auto details = m_controller->network(networkId);
    if (!details)
        return emit requestFailed(tr("Network %1 does not exist.").arg(networkIdToString(networkId)));
    emit networkDetails(*details);
}

void EngineService::updateNetwork(quint64 networkId, const NetworkSettings &settings)
{
    if (!checkRunning())
        return;
    if (const auto updated = m_controller->updateNetwork(networkId, settings); !updated)
        emit requestFailed(updated.error().message);
}

} // namespace tier
