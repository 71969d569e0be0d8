// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/address.h"
#include "core/base/result.h"
#include "core/controller/configrequest.h"
#include "core/controller/memberinfo.h"
#include "core/controller/networksettings.h"
#include "core/crypto/identity.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>

namespace tier {

class ControllerSender;
class Database;

/// Partial member edit: only fields that are set are changed.
struct MemberUpdate
{
    /// Same effects as setAuthorized() (times, push or revocation), in the same transaction.
    std::optional<bool> authorized;
    std::optional<QString> name;
    std::optional<QString> description;
    std::optional<QList<InetAddress>> ipAssignments;
    std::optional<bool> noAutoAssignIps;
    std::optional<bool> activeBridge;
    std::optional<QList<QPair<quint32, quint32>>> tags;
    std::optional<QList<quint32>> capabilities;
    /// Who asks (MemberEventRow's sources: "window", "api", "import"), recorded in the member's history.
    QString changedBy = QStringLiteral("api");
};

/// The controller's decisions (docs/protocol/controller-logic.md §2–§7): who gets which config, IP assignment,
/// credentials, pushes and revocations. Lives on the engine thread with its Database; never touches
/// a socket, answers through ControllerSender.
///
/// Consistency: every mutation first computes the complete new in-memory state as a copy, writes it
/// in ONE database transaction, and only after the commit succeeded swaps the copy in (a
/// non-throwing move) and sends pushes. A failed or interrupted write leaves both unchanged; a
/// crash after the commit only loses memory, which load() rebuilds from the database. Live status
/// is the one deliberate exception: it is memory first and flushed in batches (flushStatus()).
class NetworkController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NetworkController)

public:
    using Clock = std::function<qint64()>; ///< ms since epoch

    /// Genuine requests from one member to one network: one per RequestRateLimitMs on average, with
    /// bursts of up to RequestBurst (a token bucket), so that an answer delayed by a queue never turns
    /// the member's next, well-paced request into a drop, while a member asking faster is still held
    /// to the average.
    static constexpr qint64 RequestRateLimitMs = 1000;
    static constexpr int RequestBurst = 3;
    static constexpr qint64 OnlineWindowMs = MemberInfo::OnlineWindowMs;
    static constexpr qint64 DefaultCredentialWindowMs = 1800000;
    static constexpr qint64 MinCredentialWindowMs = 300000;
    static constexpr qint64 MaxCredentialWindowMs = 7200000;
    static constexpr int HistoryLength = 8;
    static constexpr int DefaultStatusFlushIntervalMs = 1000;

    /// controller must carry its secret; sender may be null (answers are then dropped).
    NetworkController(Database &database, Identity controller, ControllerSender *sender, Clock clock,
                      QObject *parent = nullptr);
    /// Flushes pending status: destroy the controller before its Database.
    ~NetworkController() override;

    /// (Re)builds the in-memory view from the database and starts the status timer. Call once, on the
    /// thread that owns the Database, before anything else.
    Status load();
    /// Another instance changed the shared database: flushes this instance's status, rebuilds memory
    /// with load() and then gives online members what a local change would have given them (config
    /// pushes, revocation + ACCESS_DENIED, OBJ_NOT_FOUND for deleted networks) and emits the change
    /// signals (including memberStatusChanged for status another instance wrote). On error nothing
    /// in memory changed.
    Status reloadFromDatabase();

    /// Decides and answers one request (§2): ignored / dropped / ERROR / config, via the sender.
    void handleConfigRequest(const ConfigRequest &request);

    // Mutations: validate (error → nothing changed), one transaction, memory, then pushes.
    Result<NetworkDetails> createNetwork(const NetworkSettings &settings);
    /// Creates the network with this exact ID (API POST to an absent ID, imports). The ID must start
    /// with the controller's address and have a non-zero network number; Conflict if it exists.
    Result<NetworkDetails> createNetwork(quint64 networkId, const NetworkSettings &settings);
    Result<NetworkDetails> updateNetwork(quint64 networkId, const NetworkSettings &settings);
    /// Revocations to online members, unsolicited OBJ_NOT_FOUND to each online member, then gone.
    Status deleteNetwork(quint64 networkId);
    /// Creates the member record if absent (pre-authorization). Authorize → immediate push if the
    /// member is online; deauthorize → revocation to every online member + ERROR ACCESS_DENIED to it.
    Result<MemberInfo> setAuthorized(quint64 networkId, Address member, bool authorized);
    /// Creates the member record if absent. IPs must be unique in the network (Conflict otherwise);
    /// IPs outside every route are kept but not sent, as the reference does. Pushes to the member if
    /// online and authorized (to every online member if activeBridge changed: `S` lists bridges).
    Result<MemberInfo> updateMember(quint64 networkId, Address member, const MemberUpdate &update);
    /// Revocation (if it was authorized) + ERROR ACCESS_DENIED to the member if online.
    Status deleteMember(quint64 networkId, Address member);

    // Reads (memory only).
    QList<NetworkDetails> networks() const;
    std::optional<NetworkDetails> network(quint64 networkId) const;
    /// NetworkDetails::warnings of one network (empty for an unknown one). networkChanged is emitted
    /// whenever they change: the network's settings, a member's addresses, another network's pools.
    QList<NetworkFinding> warnings(quint64 networkId) const;
    QList<MemberInfo> members(quint64 networkId) const;
    std::optional<MemberInfo> member(quint64 networkId, Address member) const;
    /// Members that asked and are not authorized, all networks.
    QList<MemberInfo> pendingMembers() const;
    bool isOnline(quint64 networkId, Address member) const;
    /// Authorized on at least one network (who a private root relays for).
    bool isAuthorizedMember(Address member) const;

    /// Changes made since load() (the reference's Prometheus counters, docs/protocol/controller-logic.md §9).
    struct ChangeCounters
    {
        quint64 networkChanges = 0;       ///< networks created, updated or deleted
        quint64 memberChanges = 0;        ///< member records created, updated or deleted
        quint64 memberAuthorizations = 0; ///< authorized false → true
        quint64 memberDeauthorizations = 0;
        quint64 configsServed = 0;        ///< genuine requests answered with a config
        quint64 requestsDenied = 0;       ///< genuine requests answered with ACCESS_DENIED
        quint64 requestsRateLimited = 0;  ///< genuine requests dropped: over the per-member rate (RequestRateLimitMs)
        quint64 credentialSignatures = 0; ///< COM, COO, capability and tag signatures made
        quint64 credentialsReused = 0;    ///< answers that re-used a member's credentials (no signature)
        quint64 configsReused = 0;        ///< of those, answers that re-used the encoded config (new `ts` only)
    };
    ChangeCounters changeCounters() const;
    /// Genuine config requests counted in memory since the start, per network (the activity chart's rate).
    QHash<quint64, quint64> requestCountsByNetwork() const;

    const Identity &controllerIdentity() const { return m_controller; }
    Address controllerAddress() const { return m_controller.address(); }

    /// Writes every unwritten live status change in one transaction and emits memberStatusChanged once
    /// (the once-a-second timer writes only changes of substance and rows StatusTracker::RewriteMs old).
    Status flushStatus();
    void setStatusFlushInterval(int ms);
    /// Replaces the random source (revocation IDs, update IDs, IPv6 pool trials, network numbers).
    void setRandomSource(std::function<quint64()> random);

signals:
    void networkChanged(const tier::NetworkDetails &network); ///< created or updated
    void networkRemoved(quint64 networkId);
    void memberChanged(const tier::MemberInfo &member); ///< record created or updated (incl. authorization)
    void memberRemoved(quint64 networkId, tier::Address member);
    /// Live status of these members changed; one signal per flush batch.
    void memberStatusChanged(const QList<tier::MemberInfo> &members);
    /// A member that was not authorized asked for the first time (or again after being deleted).
    void joinRequested(const tier::MemberInfo &member);

private:
    /// A request's write met another writer's change: reload and handle the request again (once).
    bool retryAfterConflict(const ConfigRequest &request, const Status &failed);

    struct Impl;
    Database &m_database;
    Identity m_controller;
    ControllerSender *m_sender;
    Clock m_clock;
    std::unique_ptr<Impl> m_impl;
    QTimer m_flushTimer; ///< child of this, so moveToThread() takes it along
};

} // namespace tier
