// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/service/engineclient.h"

#include "core/node/node.h"
#include "core/node/peer.h"
#include "core/service/backupscheduler.h"
#include "core/service/engineservice.h"
#include "core/store/databaseuri.h"

#include <QDateTime>

namespace tier {

EngineClient::EngineClient(QObject *parent) : QObject(parent)
{
    m_thread.setObjectName(QStringLiteral("tiermaster-engine"));
    qRegisterMetaType<tier::NetworkInfo>();
    qRegisterMetaType<QList<tier::NetworkInfo>>();
    qRegisterMetaType<tier::Address>();
    qRegisterMetaType<tier::MemberInfo>();
    qRegisterMetaType<QList<tier::MemberInfo>>();
    qRegisterMetaType<tier::MemberUpdate>();
    qRegisterMetaType<tier::NetworkSettings>();
    qRegisterMetaType<tier::NetworkDetails>();
    qRegisterMetaType<QList<tier::MemberEventRow>>();
    qRegisterMetaType<QList<tier::ActivityBucket>>();
    qRegisterMetaType<tier::PrivateRootInfo>();
    m_backupScheduler = new BackupScheduler(this);
    // The scheduler may still copy the live file after stop(): stopped() waits for that too.
    connect(m_backupScheduler, &BackupScheduler::idle, this, &EngineClient::finishStopIfDone);
    connect(&m_thread, &QThread::finished, this, &EngineClient::onThreadFinished, Qt::QueuedConnection);
    m_statsTimer.setInterval(5000);
    connect(&m_statsTimer, &QTimer::timeout, this, &EngineClient::sampleStats);
}

void EngineClient::setStatsInterval(int ms)
{
    m_statsTimer.setInterval(qMax(100, ms));
}

void EngineClient::sampleStats()
{
    if (m_state != State::Running || !m_service)
        return;
    EngineService *service = m_service.data();
    const quint64 generation = m_generation;
    QPointer<EngineClient> self(this);
    QMetaObject::invokeMethod(
        service,
        [service, self, generation] {
            // Engine thread: the node and the controller are only touched here.
            int roots = 0;
            int reachable = 0;
            quint64 requests = 0;
            int rootPeers = -1; // -1 = not serving as a root
            if (const Node *node = service->node()) {
                if (node->isServingRoot())
                    rootPeers = node->peerCount();
                const qint64 now = node->now();
                const qint64 window = 2 * node->options().rootHelloIntervalMs + node->options().rootHelloRetryMs;
                for (const Address &root : node->rootAddresses()) {
                    if (root == node->address())
                        continue;
                    ++roots;
                    const Peer *peer = node->peer(root);
                    if (peer && peer->lastReceive > 0 && now - peer->lastReceive <= window)
                        ++reachable;
                }
            }
            if (const NetworkController *controller = service->controller()) {
                const auto counters = controller->changeCounters();
                requests = counters.configsServed + counters.requestsDenied + counters.requestsRateLimited;
            }
            if (!self)
                return;
            QMetaObject::invokeMethod(
                self.data(),
                [self, generation, roots, reachable, requests, rootPeers] {
                    if (self && generation == self->m_generation) {
                        self->m_stats.servingRoot = rootPeers >= 0;
                        self->m_stats.rootPeers = std::max(rootPeers, 0);
                        self->applyStatsSample(roots, reachable, requests);
                    }
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void EngineClient::applyStatsSample(int roots, int reachable, quint64 requests)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_requestSamples.emplace_back(now, requests);
    while (m_requestSamples.size() > 2 && now - m_requestSamples[1].first >= 60000)
        m_requestSamples.pop_front();
    m_stats.roots = roots;
    m_stats.rootsReachable = reachable;
    m_stats.requests = requests;
    const auto &oldest = m_requestSamples.front();
    const qint64 span = now - oldest.first;
    if (m_requestSamples.size() >= 2 && span > 0) {
        // The rate over the samples of about the last minute (a shorter span right after the start).
        m_stats.requestsPerMinute = double(requests - qMin(requests, oldest.second)) * 60000.0 / double(span);
    } else {
        m_stats.requestsPerMinute = -1;
    }
    emit statsChanged(m_stats);
}

EngineClient::~EngineClient()
{
    if (m_thread.isRunning()) {
        // Last resort for an owner that did not await stopped(): the connection must be closed on the
        // engine thread before the thread object goes.
        if (!m_stopping)
            stop();
        m_thread.wait();
    }
    delete m_service.data();
}

bool EngineClient::isStopped() const
{
    return !m_stopping && !m_service && m_threadEnded && !m_thread.isRunning();
}

QString EngineClient::databaseFilePath(const EngineOptions &options)
{
    const auto uri = DatabaseUri::parse(options.databaseUri, options.dataDir);
    if (!uri || uri->dialect != SqlDialect::Sqlite)
        return QString();
    return uri->path;
}

void EngineClient::setBackupSchedule(int intervalHours, int retentionDays)
{
    m_options.backupIntervalHours = intervalHours;
    m_options.backupRetentionDays = retentionDays;
    if (m_state == State::Running)
        m_backupScheduler->start(databaseFilePath(m_options), m_options.dataDir, intervalHours, retentionDays);
}

EngineService *EngineClient::service() const
{
    return m_service.data();
}

void EngineClient::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

void EngineClient::failLater(const QString &message)
{
    // Same delivery as the engine's own answers: never re-entrantly inside the caller's call.
    QMetaObject::invokeMethod(
        this, [this, message] { emit engineError(message); }, Qt::QueuedConnection);
}

bool EngineClient::acceptsRequests() const
{
    return m_service && (m_state == State::Starting || m_state == State::Running);
}

void EngineClient::start(const EngineOptions &options)
{
    if (!m_stopping && (m_state == State::Starting || m_state == State::Running))
        return;
    if (m_stopping || !m_threadEnded || m_service) {
        // The previous run (or what a failed one left) ends first; then this start happens.
        stop();
        m_pendingStart = options;
        return;
    }

    m_lastError.clear();
    m_controllerAddress.clear();
    m_apiEndpoint.clear();
    m_options = options;
    const quint64 generation = ++m_generation;

    auto *service = new EngineService(options);
    service->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, service, &QObject::deleteLater);

    // The service lives on the engine thread, this object on the caller's: these connections are
    // queued, so every handler below runs on the caller's thread.
    connect(service, &EngineService::started, this, [this, generation](const QString &address, quint16 port) {
        if (generation != m_generation)
            return;
        m_controllerAddress = address;
        m_udpPort = port;
        if (m_standby) {
            m_standby = false;
            emit standbyChanged(false);
        }
        m_backupScheduler->start(databaseFilePath(m_options), m_options.dataDir, m_options.backupIntervalHours,
                                 m_options.backupRetentionDays);
        m_stats = EngineStats();
        m_requestSamples.clear();
        m_statsTimer.start();
        setState(State::Running);
        sampleStats();
    });
    connect(service, &EngineService::standby, this, [this, generation](const QString &address) {
        if (generation != m_generation || m_standby)
            return;
        m_controllerAddress = address;
        m_standby = true;
        emit standbyChanged(true);
    });
    connect(service, &EngineService::apiListening, this, [this, generation](const QString &endpoint) {
        if (generation != m_generation)
            return;
        m_apiEndpoint = endpoint;
        emit apiListening(endpoint);
    });
    connect(service, &EngineService::startFailed, this, [this, generation](const QString &message) {
        if (generation != m_generation)
            return;
        m_lastError = message;
        if (m_standby) {
            m_standby = false;
            emit standbyChanged(false);
        }
        setState(State::Failed);
    });
    connect(service, &EngineService::requestFailed, this, [this, generation](const QString &message) {
        if (generation == m_generation)
            emit engineError(message);
    });
    connect(service, &EngineService::networksReset, this, [this, generation](const QList<tier::NetworkInfo> &networks) {
        if (generation == m_generation)
            emit networksReset(networks);
    });
    connect(service, &EngineService::networkChanged, this, [this, generation](const tier::NetworkInfo &network) {
        if (generation == m_generation)
            emit networkChanged(network);
    });
    connect(service, &EngineService::networkRemoved, this, [this, generation](quint64 networkId) {
        if (generation == m_generation)
            emit networkRemoved(networkId);
    });

    connect(service, &EngineService::membersReset, this,
            [this, generation](quint64 networkId, const QList<tier::MemberInfo> &members) {
                if (generation == m_generation)
                    emit membersReset(networkId, members);
            });
    connect(service, &EngineService::memberChanged, this, [this, generation](const tier::MemberInfo &member) {
        if (generation == m_generation)
            emit memberChanged(member);
    });
    connect(service, &EngineService::memberRemoved, this, [this, generation](quint64 networkId, tier::Address member) {
        if (generation == m_generation)
            emit memberRemoved(networkId, member);
    });
    connect(service, &EngineService::memberStatusChanged, this,
            [this, generation](const QList<tier::MemberInfo> &members) {
                if (generation == m_generation)
                    emit memberStatusChanged(members);
            });
    connect(service, &EngineService::joinRequested, this, [this, generation](const tier::MemberInfo &member) {
        if (generation == m_generation)
            emit joinRequested(member);
    });
    connect(service, &EngineService::networkDetails, this, [this, generation](const tier::NetworkDetails &details) {
        if (generation == m_generation)
            emit networkDetails(details);
    });
    connect(service, &EngineService::networkActivity, this,
            [this, generation](quint64 networkId, const QList<tier::ActivityBucket> &buckets) {
                if (generation == m_generation)
                    emit networkActivity(networkId, buckets);
            });
    service->setActivityInterval(m_activityIntervalMs);
    connect(service, &EngineService::privateRootChanged, this, [this, generation](const tier::PrivateRootInfo &info) {
        if (generation == m_generation)
            emit privateRootChanged(info);
    });
    connect(service, &EngineService::ownPlanetWritten, this,
            [this, generation](const QString &savePath, const QString &installedPath, quint64 id, quint64 timestamp) {
                if (generation == m_generation)
                    emit ownPlanetWritten(savePath, installedPath, id, timestamp);
            });
    connect(service, &EngineService::memberHistory, this,
            [this, generation](quint64 networkId, tier::Address member, const QList<tier::MemberEventRow> &events) {
                if (generation == m_generation)
                    emit memberHistory(networkId, member, events);
            });

    m_service = service;
    m_threadEnded = false;
    setState(State::Starting);
    m_thread.start();
    QMetaObject::invokeMethod(service, &EngineService::start, Qt::QueuedConnection);
}

void EngineClient::stop()
{
    m_pendingStart.reset();
    if (m_stopping)
        return; // asked already; stopped() follows
    if (!m_service && m_threadEnded) {
        if (m_state != State::Failed)
            setState(State::Stopped);
        return;
    }
    ++m_generation; // whatever the old run still has in flight is dropped
    m_stopping = true;
    setState(State::Stopping);
    m_backupScheduler->stop(); // no new copy; one in progress finishes and reports idle()
    m_statsTimer.stop();
    if (m_service) {
        // The connection is closed on the thread that owns it; then that thread ends its own loop.
        // Nothing here waits: QThread::finished brings us to onThreadFinished().
        EngineService *service = m_service.data();
        QMetaObject::invokeMethod(
            service,
            [service] {
                service->shutdown();
                QThread::currentThread()->quit();
            },
            Qt::QueuedConnection);
    } else {
        m_thread.quit(); // finished follows
    }
    finishStopIfDone();
}

void EngineClient::onThreadFinished()
{
    m_threadEnded = true;
    finishStopIfDone();
}

void EngineClient::finishStopIfDone()
{
    if (!m_stopping || !m_threadEnded || m_backupScheduler->isBusy())
        return;
    // The service is deleted on its own thread as that thread ends (deleteLater on QThread::finished,
    // processed by the finishing thread): never here, where it could race with that.
    m_service = nullptr;
    m_controllerAddress.clear();
    m_apiEndpoint.clear();
    m_udpPort = 0;
    m_stopping = false;
    if (m_standby) {
        m_standby = false;
        emit standbyChanged(false);
    }
    setState(State::Stopped);
    emit stopped();
    if (m_pendingStart && !m_stopping && m_state == State::Stopped) {
        const EngineOptions options = *m_pendingStart;
        m_pendingStart.reset();
        start(options);
    }
}

void EngineClient::refreshNetworks()
{
    if (!acceptsRequests())
        return failLater(tr("The engine is not running."));
    EngineService *service = m_service.data();
    QMetaObject::invokeMethod(
        service, [service] { service->refreshNetworks(); }, Qt::QueuedConnection);
}

void EngineClient::createNetwork(const QString &name)
{
    if (!acceptsRequests())
        return failLater(tr("The engine is not running."));
    EngineService *service = m_service.data();
    QMetaObject::invokeMethod(
        service, [service, name] { service->createNetwork(name); }, Qt::QueuedConnection);
}

void EngineClient::renameNetwork(quint64 networkId, const QString &name)
{
    if (!acceptsRequests())
        return failLater(tr("The engine is not running."));
    EngineService *service = m_service.data();
    QMetaObject::invokeMethod(
        service, [service, networkId, name] { service->renameNetwork(networkId, name); }, Qt::QueuedConnection);
}

void EngineClient::deleteNetwork(quint64 networkId)
{
    if (!acceptsRequests())
        return failLater(tr("The engine is not running."));
    EngineService *service = m_service.data();
    QMetaObject::invokeMethod(
        service, [service, networkId] { service->deleteNetwork(networkId); }, Qt::QueuedConnection);
}

template<typename Call>
void EngineClient::forward(Call call)
{
    if (!acceptsRequests())
        return failLater(tr("The engine is not running."));
    EngineService *service = m_service.data();
    QMetaObject::invokeMethod(
        service, [service, call = std::move(call)] { call(*service); }, Qt::QueuedConnection);
}

void EngineClient::createNetwork(const NetworkSettings &settings)
{
    forward([settings](EngineService &service) { service.createNetworkWithSettings(settings); });
}

void EngineClient::requestPrivateRoot()
{
    forward([](EngineService &service) { service.requestPrivateRoot(); });
}

void EngineClient::makePrivatePlanet(const QStringList &endpoints, const QString &savePath)
{
    forward([=](EngineService &service) { service.makePrivatePlanet(endpoints, savePath); });
}

void EngineClient::requestNetworkActivity(quint64 networkId)
{
    forward([=](EngineService &service) { service.requestNetworkActivity(networkId); });
}

void EngineClient::requestMemberHistory(quint64 networkId, tier::Address member)
{
    forward([=](EngineService &service) { service.requestMemberHistory(networkId, member); });
}

void EngineClient::refreshMembers(quint64 networkId)
{
    forward([networkId](EngineService &service) { service.refreshMembers(networkId); });
}

void EngineClient::setMemberAuthorized(quint64 networkId, tier::Address member, bool authorized)
{
    forward([=](EngineService &service) { service.setMemberAuthorized(networkId, member, authorized); });
}

void EngineClient::updateMember(quint64 networkId, tier::Address member, const tier::MemberUpdate &update)
{
    forward([=](EngineService &service) { service.updateMember(networkId, member, update); });
}

void EngineClient::deleteMember(quint64 networkId, tier::Address member)
{
    forward([=](EngineService &service) { service.deleteMember(networkId, member); });
}

void EngineClient::requestNetworkDetails(quint64 networkId)
{
    forward([networkId](EngineService &service) { service.requestNetworkDetails(networkId); });
}

void EngineClient::updateNetwork(quint64 networkId, const tier::NetworkSettings &settings)
{
    forward([=](EngineService &service) { service.updateNetwork(networkId, settings); });
}

} // namespace tier
