// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/address.h"
#include "core/controller/memberinfo.h"
#include "core/controller/networkcontroller.h"
#include "core/controller/networksettings.h"
#include "core/service/engineoptions.h"
#include "core/service/networkinfo.h"
#include "core/service/privaterootinfo.h"
#include "core/store/membereventrepository.h"
#include "core/store/networkactivityrepository.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QThread>
#include <QTimer>

#include <deque>
#include <optional>

namespace tier {

/// Figures for the status bar, sampled from the engine while it runs.
struct EngineStats
{
    int roots = 0;          ///< roots of the planet and moons (not counting this node)
    int rootsReachable = 0; ///< roots heard from within two HELLO intervals
    quint64 requests = 0;   ///< genuine config requests since the start (served, denied, rate-limited)
    /// Requests in the last minute (over a shorter span right after the start); -1 until two samples exist.
    double requestsPerMinute = -1;
    bool servingRoot = false; ///< the planet or a moon in use names this controller as a root
    int rootPeers = 0;        ///< peers the root holds (when servingRoot)
};

class BackupScheduler;
class EngineService;

/// The small façade the UI and app use to reach the engine. It owns the engine thread; every
/// request is a queued call into EngineService on that thread, every answer and change comes back
/// as a signal on the caller's thread. Nothing here blocks on the engine or the database: stop() too
/// only asks, and stopped() reports when the engine thread has ended (application exit waits for it
/// through the event loop). Only the destructor of a client whose engine still runs waits for it.
class EngineClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EngineClient)

public:
    enum class State { Stopped, Starting, Running, Stopping, Failed };
    Q_ENUM(State)

    explicit EngineClient(QObject *parent = nullptr);
    /// Last resort: an engine still running is stopped and waited for (owners await stopped() first).
    ~EngineClient() override;

    /// Starts the engine. While an earlier run is still stopping (or a failed run is cleaned up), the
    /// start is remembered and happens when that run has stopped.
    void start(const EngineOptions &options);
    /// Asks the engine to close the database and end its thread, and returns at once (state Stopping).
    /// stopped() follows once the thread has ended and no automatic backup copies the file any more;
    /// then no SQL connection is left (QSqlDatabase::connectionNames() is empty). Also cleans up after
    /// Failed. A start() still pending is dropped.
    void stop();
    /// True when no engine thread runs and no stop is in progress (stopped() has been emitted).
    bool isStopped() const;
    /// A stop() is in progress: stopped() follows.
    bool isStopping() const { return m_stopping; }

    State state() const { return m_state; }
    /// PostgreSQL fail-over: another instance serves and this one stands by (state stays Starting).
    /// Networks and members are shown and can be changed; the serving instance pushes the changes.
    bool isStandby() const { return m_standby; }
    QString controllerAddress() const { return m_controllerAddress; } // empty until Running
    QString lastError() const { return m_lastError; }
    /// The UDP port the engine bound (the real one when started with port 0); 0 until Running.
    quint16 udpPort() const { return m_udpPort; }
    /// Where the HTTP API listens ("127.0.0.1:9993"); empty while it is off or the engine is not Running.
    QString apiEndpoint() const { return m_apiEndpoint; }
    /// The options of the last start() (a restart after a restore or a preference change reuses them).
    const EngineOptions &options() const { return m_options; }
    /// The live SQLite database file of these options; empty for a database that is not a local file
    /// (PostgreSQL) or an invalid URI.
    static QString databaseFilePath(const EngineOptions &options);
    /// Automatic backups (EngineOptions::backupIntervalHours/backupRetentionDays); active while Running.
    BackupScheduler *backupScheduler() const { return m_backupScheduler; }
    /// The latest sample (zeros until the first one arrives after Running).
    EngineStats stats() const { return m_stats; }
    /// How often stats are sampled while Running (default 5000 ms).
    void setStatsInterval(int ms);
    /// Changes the automatic backup schedule without a restart (kept in options() for the next start).
    void setBackupSchedule(int intervalHours, int retentionDays);

    // Requests (queued to the engine thread; results arrive as signals). Accepted while Starting
    // or Running; otherwise engineError() follows (also asynchronously).
    void refreshNetworks();
    /// The reference defaults (no pools, routes or auto-assign), as the API creates networks.
    void createNetwork(const QString &name);
    /// A network with these settings (validated by the controller like any other update).
    void createNetwork(const tier::NetworkSettings &settings);
    void renameNetwork(quint64 networkId, const QString &name);
    void deleteNetwork(quint64 networkId);

    // Members and network details (controller). Same delivery rules as above.
    /// Answered by membersReset() for that network (stored records plus live status).
    void refreshMembers(quint64 networkId);
    /// Creates the member record if absent. Authorize: the member gets its config at once if online;
    /// deauthorize: revocation and ACCESS_DENIED at once. Answered by memberChanged().
    void setMemberAuthorized(quint64 networkId, tier::Address member, bool authorized);
    /// Partial edit (only set fields change). Answered by memberChanged().
    void updateMember(quint64 networkId, tier::Address member, const tier::MemberUpdate &update);
    /// Answered by memberRemoved().
    void deleteMember(quint64 networkId, tier::Address member);
    /// The member's recent changes (authorization, managed IPs; who made them). Answered by memberHistory().
    void requestMemberHistory(quint64 networkId, tier::Address member);
    /// The network's activity of the last day (stored, so it survives restarts). Answered by networkActivity().
    void requestNetworkActivity(quint64 networkId);
    /// Private root (EngineService::requestPrivateRoot / makePrivatePlanet): answered by
    /// privateRootChanged(), ownPlanetWritten() or engineError().
    void requestPrivateRoot();
    void makePrivatePlanet(const QStringList &endpoints, const QString &savePath);
    /// How often the engine samples activity while serving (default one minute; before start()).
    void setActivityInterval(int ms) { m_activityIntervalMs = ms; }
    /// Answered by networkDetails().
    void requestNetworkDetails(quint64 networkId);
    /// A full settings value (read it from networkDetails(), change fields). Answered by
    /// networkDetails() and networkChanged(); online members get the new config pushed.
    void updateNetwork(quint64 networkId, const tier::NetworkSettings &settings);

    /// The engine thread and the service on it (tests, and later wiring such as the API); null
    /// service when stopped. Never call the service directly from another thread.
    const QThread *engineThread() const { return &m_thread; }
    EngineService *service() const;

signals:
    /// Running: controllerAddress() is set, and networksReset() follows. Failed: lastError() says why.
    void stateChanged(tier::EngineClient::State state);
    /// A stop() has finished: the engine thread has ended and its database is closed (state Stopped).
    void stopped();
    /// isStandby() changed (true: standing by with networksReset() following; false: took over or stopped).
    void standbyChanged(bool standby);
    /// A new stats() sample (every setStatsInterval() while Running).
    void statsChanged(const tier::EngineStats &stats);
    /// The HTTP API listens at endpoint (arrives just before Running when the API is on).
    void apiListening(const QString &endpoint);
    void engineError(const QString &message); ///< a request failed; nothing was changed
    void networksReset(const QList<tier::NetworkInfo> &networks);
    void networkChanged(const tier::NetworkInfo &network); ///< added or updated
    void networkRemoved(quint64 networkId);

    void membersReset(quint64 networkId, const QList<tier::MemberInfo> &members);
    void memberChanged(const tier::MemberInfo &member); ///< created or updated (incl. authorization)
    void memberRemoved(quint64 networkId, tier::Address member);
    /// Live status (online, last request, physical address, version) of these members changed;
    /// batched (about once per second at most).
    void memberStatusChanged(const QList<tier::MemberInfo> &members);
    /// A member that is not authorized asked to join (first time, or again after being deleted).
    void joinRequested(const tier::MemberInfo &member);
    void networkDetails(const tier::NetworkDetails &details);
    /// Newest first (an empty list for a member without recorded changes).
    void memberHistory(quint64 networkId, tier::Address member, const QList<tier::MemberEventRow> &events);
    /// Oldest first; empty when nothing was recorded yet.
    void networkActivity(quint64 networkId, const QList<tier::ActivityBucket> &buckets);
    void privateRootChanged(const tier::PrivateRootInfo &info);
    void ownPlanetWritten(const QString &savePath, const QString &installedPath, quint64 worldId, quint64 timestamp);

private:
    void setState(State state);
    void onThreadFinished();
    void finishStopIfDone();
    void failLater(const QString &message);
    bool acceptsRequests() const;
    template<typename Call>
    void forward(Call call);
    void sampleStats();
    void applyStatsSample(int roots, int reachable, quint64 requests);

    QThread m_thread;
    QPointer<EngineService> m_service;
    EngineOptions m_options;
    BackupScheduler *m_backupScheduler = nullptr;
    QTimer m_statsTimer;
    EngineStats m_stats;
    std::deque<std::pair<qint64, quint64>> m_requestSamples; ///< (ms since epoch, requests), last minute
    State m_state = State::Stopped;
    QString m_controllerAddress;
    QString m_apiEndpoint;
    QString m_lastError;
    quint16 m_udpPort = 0;
    bool m_standby = false;
    int m_activityIntervalMs = 60000;
    quint64 m_generation = 0;                    ///< signals of an earlier run that arrive late are dropped
    bool m_stopping = false;                     ///< stop() asked; stopped() not yet emitted
    bool m_threadEnded = true;                   ///< QThread::finished of the current run arrived (or none started)
    std::optional<EngineOptions> m_pendingStart; ///< start() asked while the previous run stops
};

} // namespace tier
