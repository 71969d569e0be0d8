// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Private to core/controller: what NetworkController keeps in memory, in one place.

#include "core/base/address.h"
#include "core/base/result.h"
#include "core/controller/memberfields.h"
#include "core/controller/memberinfo.h"
#include "core/controller/membertable.h"
#include "core/controller/networkcontroller.h"
#include "core/controller/networkfinding.h"
#include "core/controller/networksettings.h"
#include "core/protocol/capability.h"
#include "core/protocol/certificateofmembership.h"
#include "core/protocol/certificateofownership.h"
#include "core/protocol/requestmetadata.h"
#include "core/protocol/tag.h"
#include "core/store/controllernetworkrepository.h"
#include "core/store/memberrepository.h"

#include <QHash>
#include <QJsonValue>
#include <QList>
#include <QMap>
#include <QPair>
#include <QSet>

#include <map>
#include <optional>

namespace tier {

using MemberKey = QPair<quint64, quint64>; ///< (network ID, member address)

/// A member's live status: memory first, written to `member_status` in batches (StatusTracker).
struct LiveStatus
{
    qint64 lastRequestTime = 0;
    qint64 lastSeen = 0;
    InetAddress physicalAddress;
    int protocolVersion = -1;
    int versionMajor = -1;
    int versionMinor = -1;
    int versionRevision = -1;
    qint64 latencyMs = -1;
    quint64 requestCount = 0;
    QList<MemberHistoryEntry> history; // newest first
    RequestMetadata metadata;
    bool hasMetadata = false;
    bool reportedOnline = false; // what the last memberStatusChanged said
    qint64 writtenAt = 0;        // when member_status last got this member's row (0 = not in this run)
    // The member's request allowance (token bucket, in ms of credit; a request costs RequestRateLimitMs).
    qint64 requestCredit = -1; // -1: full (never asked in this run)
    qint64 requestCreditAt = 0;
};

/// A member's signed credentials (COM, COO, capabilities, tags) as last issued, with what they were
/// made of. A warm re-request whose inputs are unchanged gets them again instead of four fresh
/// signatures, for a quarter of the network's credential window: members compare COM timestamps within
/// the whole window, so a COM that old still agrees with a fresh one. Any change of the network or the
/// member record (authorization, IPs, tags) changes a revision and so makes new ones; a revocation is
/// only ever issued on such a change. Made and re-used by ConfigBuilder.
struct IssuedCredentials
{
    qint64 issuedAt = 0;
    quint64 networkRevision = 0;
    quint64 memberRevision = 0;
    quint64 credentialTimeMaxDelta = 0;
    QList<quint32> capabilityIds;
    QList<QPair<quint32, quint32>> tagValues;
    QList<InetAddress> staticIps;

    CertificateOfMembership com;
    std::optional<CertificateOfOwnership> coo;
    QList<Capability> capabilities;
    QList<Tag> tags;

    /// The whole config these credentials last went out in, encoded, for a member that asks again with
    /// nothing changed: then only its `ts` differs from a fresh build, and it is written in place.
    struct EncodedConfig
    {
        QByteArray dictionary;
        qsizetype timestampAt = -1; ///< offset of the 16 hex digits of `ts`
        bool rulesEngine = false;   ///< made for a node with a rules engine (rules, tags, capabilities)
        QList<Address> bridges;     ///< the network's active bridges it lists (other members can change them)
    };
    std::optional<EncodedConfig> encoded;

    bool madeOf(const IssuedCredentials &other) const
    {
        return networkRevision == other.networkRevision && memberRevision == other.memberRevision &&
               credentialTimeMaxDelta == other.credentialTimeMaxDelta && capabilityIds == other.capabilityIds &&
               tagValues == other.tagValues && staticIps == other.staticIps;
    }
    /// Young enough to be handed out again at `at`: members compare credential timestamps within the whole
    /// window, so a quarter of it leaves room for the peers' own credentials to be as old.
    bool youngAt(qint64 at) const { return at >= issuedAt && at - issuedAt < qint64(credentialTimeMaxDelta / 4); }
};

/// One network as the controller keeps it: its settings and its member records.
struct NetworkState
{
    quint64 id = 0;
    NetworkSettings settings;
    quint64 revision = 0;
    qint64 creationTime = 0;
    qint64 lastModified = 0;
    NetworkRecord extra; // columns the controller keeps but does not edit (auth tokens, SSO…)
    MemberTable members; // by address
    // The active bridges (`S` specialists, ascending address), derived from `members` on the first
    // config after any change that can alter them (reset where `members` changes), so that a request
    // does not walk every member of a big network.
    mutable std::optional<QList<Address>> bridges;
    // NetworkValidator's warnings, made on the first details() after a change of this network's
    // settings or member addresses, or of any network's pools (reset there), so that the status
    // flush's details() do not walk every member's addresses.
    mutable std::optional<QList<NetworkFinding>> warnings;
    // Every address held by a member, built on the first auto-assignment and then kept up to date
    // by each member change (ControllerState::storeMember, deleteMember), so that assigning an
    // address in a network of 100,000 members does not scan them all. Addresses handed out in a batch
    // go in before the batch is stored; a failed write drops the set (it is built again when needed).
    mutable std::optional<QSet<InetAddress>> allocatedIps;
    // The members holding an address outside every managed route (the only members NetworkValidator's
    // warnings name), ascending, with those addresses, for the routes they were found with: built on
    // the first warnings() that needs it, then kept by storeMember/removeMember, so that a member's
    // new address costs a look at that member, not at every member of the network.
    struct OutsideRoutes
    {
        QList<NetworkConfig::Route> routes;
        std::map<quint64, QList<InetAddress>> members;
    };
    mutable std::optional<OutsideRoutes> outsideRoutes;

    static NetworkState fromRow(const ControllerNetworkRow &row);
    ControllerNetworkRow toRow() const;
};

/// The member record a setAuthorized/updateMember call starts from: the stored one, or a new one.
struct MemberEdit
{
    NetworkState *net = nullptr;
    MemberRow row;
    bool exists = false;
};

/// Everything NetworkController keeps in memory, and the one rule that keeps it consistent with the
/// database: every change first computes the complete new state as a copy, writes it in ONE database
/// transaction, and only after the commit succeeded is the copy swapped in (commitMember(), or an
/// assignment to `networks`) and anything sent. A failed write leaves memory unchanged; a crash after
/// the commit loses only memory, which NetworkController::load() rebuilds from the database. Live
/// status is the one deliberate exception: memory first, flushed in batches (StatusTracker).
///
/// The parts that work on it: ConfigBuilder (configs, `issued`), StatusTracker (`live`, `dirty`),
/// PushPlanner (pushes and revocations), the reload diff (networkcontrollerreload.cpp) and the
/// mutations in networkcontroller.cpp / networkcontrollermembers.cpp.
struct ControllerState
{
    QMap<quint64, NetworkState> networks;
    QHash<MemberKey, LiveStatus> live;
    /// `live`'s keys by network: who is online in a network (its count, whom to revoke at) is found
    /// among the members that asked, not by walking every member. Kept by liveStatus(), forgetMember()
    /// and indexLive().
    QHash<quint64, QSet<quint64>> liveByNetwork;
    QSet<MemberKey> dirty; ///< live status changed in substance (source, versions, metadata): written next flush
    /// Live status changed only in its times, request count and history: written once its row is
    /// StatusTracker::RewriteMs old, or by a full flush (an explicit one, shutdown, reload).
    QSet<MemberKey> stale;
    /// By (network, member); entries are checked against their inputs before use, dropped with the
    /// member or network, all forgotten on a reload, and swept once too old to be used again
    /// (forgetExpiredCredentials), so that they hold only members that asked lately.
    QHash<MemberKey, IssuedCredentials> issued;
    qint64 credentialsSweptAt = 0;
    NetworkController::ChangeCounters counters;

    static bool liveOnline(const LiveStatus &l, qint64 at)
    {
        return l.lastRequestTime > 0 && at - l.lastRequestTime < NetworkController::OnlineWindowMs;
    }
    bool online(quint64 nwid, Address a, qint64 at) const
    {
        auto it = live.constFind(MemberKey(nwid, a.toInt()));
        return it != live.constEnd() && liveOnline(*it, at);
    }
    /// Ascending address.
    QList<Address> onlineMembers(const NetworkState &net, qint64 at) const;
    /// live[key], made if absent (and indexed by network).
    LiveStatus &liveStatus(MemberKey key);
    /// After `live` was replaced as a whole.
    void indexLive();

    MemberInfo info(const MemberRow &m, qint64 at) const;
    NetworkDetails details(const NetworkState &net, qint64 at) const;
    QList<NetworkFinding> warnings(const NetworkState &net) const;
    /// Those of a member's addresses that lie outside every managed route of `settings`.
    static QList<InetAddress> outsideRoutes(const NetworkSettings &settings, Address member,
                                            const QList<InetAddress> &ips);
    /// After a network's settings or pools changed: other networks' warnings depend on them.
    void forgetAllWarnings();
    /// Other networks whose pools meet `pools` (their "pools overlap" warnings depend on them).
    QList<const NetworkState *> poolNeighbours(quint64 nwid, const QList<IpPool> &pools) const;

    /// NotFound / Malformed, else the stored record or a new one created at `at`.
    Result<MemberEdit> memberForEdit(quint64 networkId, Address member, qint64 at);
    /// After the commit that stored `row`: takes it into memory and counts the change.
    void commitMember(NetworkState &net, const MemberRow &row);
    /// After the commit that stored `row`: takes it into memory (the caches derived from the members
    /// follow it in O(1) or are dropped); no counting.
    static void storeMember(NetworkState &net, const MemberRow &row);
    /// After the commit that deleted the member at `address` from net.members' view.
    static void removeMember(NetworkState &net, Address address);
    /// After the commit that deleted a member (or its network): drops its status and credentials.
    void forgetMember(MemberKey key);
    /// Drops the issued credentials (and the configs encoded with them) that are too old to be handed
    /// out again at `at`; at most once per CredentialSweepMs.
    void forgetExpiredCredentials(qint64 at);
    static constexpr qint64 CredentialSweepMs = 60000;
};

} // namespace tier
