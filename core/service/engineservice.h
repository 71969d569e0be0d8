// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/address.h"
#include "core/base/result.h"
#include "core/controller/memberinfo.h"
#include "core/controller/networkcontroller.h"
#include "core/controller/networksettings.h"
#include "core/crypto/identity.h"
#include "core/protocol/world.h"
#include "core/service/engineoptions.h"
#include "core/service/networkinfo.h"
#include "core/service/privaterootinfo.h"
#include "core/store/membereventrepository.h"
#include "core/store/networkactivityrepository.h"

#include <QList>
#include <QMutex>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <memory>

namespace tier {

class ActiveLease;
struct DatabaseUri;
class ApiServer;
class ConfigRequestAdapter;
class Database;
class Node;
class NodeControllerSender;
class StoreIdentityCache;

/// The engine itself. Lives on the engine thread (EngineClient moves it there); every public
/// method must be called on that thread (EngineClient queues them). It owns the database
/// connection, the NetworkController (the one place networks and members are changed) and the
/// Node (UDP socket) that serves members; every outcome is a signal.
class EngineService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EngineService)

public:
    explicit EngineService(EngineOptions options, QObject *parent = nullptr);
    ~EngineService() override;

    /// Creates the data directory, opens (and migrates) the database, loads or creates the
    /// controller identity, writes identity.public, loads the roots (planet, moons) and the
    /// controller's state, binds the UDP port; then started() and networksReset(), or
    /// startFailed() with the reason (nothing half-open is left behind).
    void start();
    /// Stops the node, flushes live status, closes the database (removing its named connection).
    /// Idempotent.
    void shutdown();

    void refreshNetworks();
    void createNetwork(const QString &name);
    /// A network with these settings (the window's new-network dialog fills the addressing).
    void createNetworkWithSettings(const NetworkSettings &settings);
    void renameNetwork(quint64 networkId, const QString &name);
    void deleteNetwork(quint64 networkId);

    void refreshMembers(quint64 networkId);
    void setMemberAuthorized(quint64 networkId, Address member, bool authorized);
    void updateMember(quint64 networkId, Address member, const MemberUpdate &update);
    void deleteMember(quint64 networkId, Address member);
    void requestMemberHistory(quint64 networkId, Address member);
    /// The network's activity buckets of the last day. Answered by networkActivity().
    void requestNetworkActivity(quint64 networkId);
    /// Takes one activity sample of every network now (the timer does so every activityInterval()).
    void sampleActivity();
    /// How often activity is sampled while serving (default one minute; tests shorten it).
    void setActivityInterval(int ms);
    void requestNetworkDetails(quint64 networkId);
    void updateNetwork(quint64 networkId, const NetworkSettings &settings);

    /// Preferences → Private root: answered by privateRootChanged().
    void requestPrivateRoot();
    /// Makes the next version of this controller's own planet (this controller as its root at
    /// endpoints, "IP/PORT"; the first call creates it and its update key), writes it to savePath
    /// (if not empty) and installs it as <data-dir>/planet. The node serves it at once: members
    /// holding an older version get it in OK(HELLO). Answered by ownPlanetWritten() and
    /// privateRootChanged(), or requestFailed() (nothing changed).
    void makePrivatePlanet(const QStringList &endpoints, const QString &savePath);
    /// Engine thread: the private-root state now.
    PrivateRootInfo currentPrivateRoot();

    bool isRunning() const;
    /// PostgreSQL only: another instance holds the lease; this one runs the controller without the node
    /// (reads, and changes written to the shared database for the active instance to push).
    bool isStandby() const { return m_standby; }
    Address controllerAddress() const { return m_identity.address(); }
    /// Engine thread only; null when not running.
    NetworkController *controller() const { return m_controller.get(); }
    Node *node() const { return m_node.get(); }
    /// Engine thread only; null when the API is off or not running.
    ApiServer *api() const { return m_api.get(); }
    /// Where the HTTP API really listens ("127.0.0.1:9993", "[::1]:9993"), or empty when it is off.
    /// Set before started() is emitted; safe to call from any thread.
    QString apiEndpoint() const;
    /// The API token (<data-dir>/authtoken.secret, trimmed); empty until start() has read it. Any thread.
    QByteArray apiToken() const;
    /// Reads <data-dir>/authtoken.secret (whitespace trimmed), or creates it (0600, 24 characters
    /// a–z0–9) if absent. Errors for an unreadable or empty file.
    static Result<QByteArray> loadOrCreateToken(const QString &dataDir);

    static NetworkInfo toInfo(const NetworkDetails &details);
    /// The planet and moons the options name (planet file, else <data-dir>/planet, else the public
    /// planet; --moon files plus <data-dir>/moons.d/*.moon).
    static Result<World> loadPlanet(const EngineOptions &options);
    static Result<QList<World>> loadMoons(const EngineOptions &options);

signals:
    /// port = the UDP port actually bound.
    void started(const QString &controllerAddress, quint16 port);
    /// Emitted just before started() when the HTTP API is on: where it really listens.
    void apiListening(const QString &endpoint);
    void startFailed(const QString &message);
    /// Standing by (PostgreSQL, another instance serves): networks and members are readable and
    /// editable; started() follows when this instance takes over.
    void standby(const QString &controllerAddress);
    void requestFailed(const QString &message);
    void networksReset(const QList<tier::NetworkInfo> &networks);
    void networkChanged(const tier::NetworkInfo &network);
    void networkRemoved(quint64 networkId);
    void membersReset(quint64 networkId, const QList<tier::MemberInfo> &members);
    void memberChanged(const tier::MemberInfo &member);
    void memberRemoved(quint64 networkId, tier::Address member);
    void memberStatusChanged(const QList<tier::MemberInfo> &members);
    void joinRequested(const tier::MemberInfo &member);
    void networkDetails(const tier::NetworkDetails &details);
    void memberHistory(quint64 networkId, tier::Address member, const QList<tier::MemberEventRow> &events);
    void networkActivity(quint64 networkId, const QList<tier::ActivityBucket> &buckets);
    void privateRootChanged(const tier::PrivateRootInfo &info);
    /// A planet made by makePrivatePlanet() was written to savePath (empty if none was asked for)
    /// and installed in the data directory.
    void ownPlanetWritten(const QString &savePath, const QString &installedPath, quint64 worldId, quint64 timestamp);

private:
    Status prepareDataDir();
    Status loadOrCreateIdentity();
    Status writePublicIdentity();
    Status startController();
    /// Opens the database and loads the controller without a node (no sender) while standing by.
    Status startStandby(const DatabaseUri &uri);
    void stopStandby();
    Status startNode();
    Status startApi();
    void connectController();
    /// Serving as a root: who may be relayed for, and the log line saying so.
    void setUpRootRole();
    void connectLease();
    bool checkRunning();
    /// Member counts changed: the network's summary goes out again.
    void emitNetworkSummary(quint64 networkId);

    EngineOptions m_options;
    bool m_standby = false;
    bool m_reloadPending = false;         ///< standby: a reload is scheduled for a burst of change notices
    std::unique_ptr<ActiveLease> m_lease; ///< PostgreSQL only: fail-over between instances
    std::unique_ptr<Database> m_database;
    Identity m_identity;
    std::unique_ptr<StoreIdentityCache> m_identityCache;
    std::unique_ptr<NetworkController> m_controller;
    std::unique_ptr<ConfigRequestAdapter> m_adapter;
    std::unique_ptr<NodeControllerSender> m_sender;
    std::unique_ptr<Node> m_node;
    std::unique_ptr<ApiServer> m_api;
    bool m_portFellBack = false;  ///< no port was given and the default was taken: serving on the fallback
    quint16 m_standbyApiPort = 0; ///< the standby's API port, taken again when this instance takes over
    mutable QMutex m_apiMutex;    ///< guards the two values below (read from other threads)
    QString m_apiEndpoint;
    QTimer *m_activityTimer = nullptr;
    int m_activityIntervalMs = 60000;
    QHash<quint64, quint64> m_requestTotals; ///< at the previous activity sample
    QByteArray m_apiToken;
};

} // namespace tier
