// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/controller/networkcontroller.h"

#include "core/controller/controllersender.h"
#include "core/controller/ipassignment.h"
#include "core/controller/networkrow.h"
#include "core/controller/networkvalidation.h"
#include "core/controller/storedjson.h"
#include "core/protocol/capability.h"
#include "core/protocol/certificateofmembership.h"
#include "core/protocol/certificateofownership.h"
#include "core/protocol/configchunk.h"
#include "core/protocol/networkconfig.h"
#include "core/protocol/revocation.h"
#include "core/protocol/rules.h"
#include "core/protocol/tag.h"
#include "core/store/controllernetworkrepository.h"
#include "core/store/database.h"
#include "core/store/membereventrepository.h"
#include "core/store/memberrepository.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QMap>
#include <QRandomGenerator>
#include <QScopeGuard>

#include <algorithm>

Q_LOGGING_CATEGORY(lcController, "tiermaster.controller")

namespace tier {

namespace {

using Key = QPair<quint64, quint64>; // (network ID, member address)

// Random network numbers tried before createNetwork() gives up (as the reference controller).
constexpr int MaxCreateAttempts = 100000;

const QString kDefaultRules = QStringLiteral("[{\"not\":false,\"or\":false,\"type\":\"ACTION_ACCEPT\"}]");

struct Live
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
    // The member's request allowance (token bucket, in ms of credit; a request costs RequestRateLimitMs).
    qint64 requestCredit = -1; // -1: full (never asked in this run)
    qint64 requestCreditAt = 0;
};

// A member's signed credentials (COM, COO, capabilities, tags) as last issued, with what they were
// made of. A warm re-request whose inputs are unchanged gets them again instead of four fresh
// signatures, for a quarter of the network's credential window: members compare COM timestamps within
// the whole window, so a COM that old still agrees with a fresh one. Any change of the network or the
// member record (authorization, IPs, tags) changes a revision and so makes new ones; a revocation is
// only ever issued on such a change.
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

    bool madeOf(const IssuedCredentials &other) const
    {
        return networkRevision == other.networkRevision && memberRevision == other.memberRevision &&
               credentialTimeMaxDelta == other.credentialTimeMaxDelta && capabilityIds == other.capabilityIds &&
               tagValues == other.tagValues && staticIps == other.staticIps;
    }
};

struct Net
{
    quint64 id = 0;
    NetworkSettings settings;
    quint64 revision = 0;
    qint64 creationTime = 0;
    qint64 lastModified = 0;
    NetworkRecord extra;              // columns the controller keeps but does not edit (auth tokens, SSO…)
    QMap<quint64, MemberRow> members; // by address
    // The active bridges (`S` specialists, ascending address), derived from `members` on the first
    // config after any change that can alter them (reset where `members` changes), so that a request
    // does not walk every member of a big network.
    mutable std::optional<QList<Address>> bridges;
    // NetworkValidator's warnings, made on the first details() after a change of this network's
    // settings or member addresses, or of any network's pools (reset there), so that the status
    // flush's details() do not walk every member's addresses.
    mutable std::optional<QList<NetworkFinding>> warnings;
};

Error invalid(const QString &message)
{
    return makeError(ErrorCode::Malformed, message);
}

// Anything outside 0…2^32−1 (or not an integer) reads as 0 here and is refused by validation.
quint32 toU32(const QJsonValue &v)
{
    return isJsonU32(v) ? quint32(quint64(v.toDouble())) : 0;
}

QString compact(const QJsonArray &array)
{
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QList<QPair<quint32, quint32>> tagsFromJson(const QString &text)
{
    QMap<quint32, quint32> sorted;
    if (auto array = parseJsonArrayText(text)) {
        for (const QJsonValue &v : *array) {
            const QJsonArray pair = v.toArray();
            if (pair.size() >= 2)
                sorted.insert(toU32(pair[0]), toU32(pair[1]));
        }
    }
    QList<QPair<quint32, quint32>> out;
    for (auto it = sorted.cbegin(); it != sorted.cend(); ++it)
        out.append({it.key(), it.value()});
    return out;
}

QString tagsToJson(const QList<QPair<quint32, quint32>> &tags)
{
    QJsonArray array;
    for (const auto &t : tags)
        array.append(QJsonArray{double(t.first), double(t.second)});
    return compact(array);
}

QList<quint32> capsFromJson(const QString &text)
{
    QList<quint32> out;
    if (auto array = parseJsonArrayText(text)) {
        for (const QJsonValue &v : *array)
            out.append(toU32(v));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

QString capsToJson(const QList<quint32> &caps)
{
    QJsonArray array;
    for (quint32 c : caps)
        array.append(double(c));
    return compact(array);
}

QList<InetAddress> ipsOf(const MemberRow &m)
{
    QList<InetAddress> out;
    for (const QString &text : m.ipAssignments) {
        if (auto ip = InetAddress::fromIpString(text))
            out.append(*ip);
    }
    return out;
}

QString historyToJson(const QList<MemberHistoryEntry> &history)
{
    QJsonArray array;
    for (const MemberHistoryEntry &h : history) {
        array.append(QJsonObject{{QStringLiteral("ts"), double(h.time)},
                                 {QStringLiteral("auth"), h.authorized},
                                 {QStringLiteral("fromAddr"), h.physicalAddress.toString()},
                                 {QStringLiteral("vProto"), h.protocolVersion},
                                 {QStringLiteral("vMajor"), h.versionMajor},
                                 {QStringLiteral("vMinor"), h.versionMinor},
                                 {QStringLiteral("vRev"), h.versionRevision}});
    }
    return compact(array);
}

QList<MemberHistoryEntry> historyFromJson(const QString &text)
{
    QList<MemberHistoryEntry> out;
    if (auto array = parseJsonArrayText(text)) {
        for (const QJsonValue &v : *array) {
            const QJsonObject o = v.toObject();
            MemberHistoryEntry h;
            h.time = o.value(QStringLiteral("ts")).toInteger();
            h.authorized = o.value(QStringLiteral("auth")).toBool();
            h.physicalAddress =
                InetAddress::fromString(o.value(QStringLiteral("fromAddr")).toString()).value_or(InetAddress());
            h.protocolVersion = o.value(QStringLiteral("vProto")).toInt(-1);
            h.versionMajor = o.value(QStringLiteral("vMajor")).toInt(-1);
            h.versionMinor = o.value(QStringLiteral("vMinor")).toInt(-1);
            h.versionRevision = o.value(QStringLiteral("vRev")).toInt(-1);
            out.append(h);
        }
    }
    return out;
}

ControllerNetworkRow toRow(const Net &net)
{
    ControllerNetworkRow row = networkSettingsRow(net.id, net.settings, net.creationTime, net.revision, net.extra);
    row.record.lastModified = net.lastModified;
    return row;
}

Net fromRow(const ControllerNetworkRow &row)
{
    Net net;
    const NetworkRecord &r = row.record;
    net.id = r.id;
    net.extra = r;
    net.revision = r.revision;
    net.creationTime = r.creationTime;
    net.lastModified = r.lastModified;
    NetworkSettings &s = net.settings;
    s.name = r.name;
    s.isPrivate = r.isPrivate;
    s.enableBroadcast = r.enableBroadcast;
    s.multicastLimit = r.multicastLimit;
    s.mtu = r.mtu;
    s.v4AssignZt = r.v4AssignZt;
    s.v6AssignZt = r.v6AssignZt;
    s.v6AssignRfc4193 = r.v6AssignRfc4193;
    s.v6Assign6plane = r.v6Assign6plane;
    s.rulesJson = r.rulesJson;
    s.capabilitiesJson = r.capabilitiesJson;
    s.tagsJson = r.tagsJson;
    s.dns.domain = r.dnsDomain;
    if (auto servers = parseJsonArrayText(r.dnsServersJson)) {
        for (const QJsonValue &v : *servers) {
            if (auto ip = InetAddress::fromIpString(v.toString()))
                s.dns.servers.append(*ip);
        }
    }
    s.certificateTimeoutWindow = row.certificateTimeoutWindow;
    s.rulesSource = r.rulesSource;
    s.remoteTraceTarget = r.remoteTraceTarget;
    s.remoteTraceLevel = r.remoteTraceLevel;
    s.authTokensJson = r.authTokensJson;
    for (const PoolRow &p : row.pools) {
        auto start = InetAddress::fromIpString(p.start);
        auto end = InetAddress::fromIpString(p.end);
        if (start && end)
            s.pools.append(IpPool{*start, *end});
    }
    for (const RouteRow &rt : row.routes) {
        auto target = InetAddress::fromIpString(rt.target, quint16(rt.bits));
        if (!target)
            continue;
        NetworkConfig::Route route;
        route.target = *target;
        if (!rt.via.isEmpty())
            route.via = InetAddress::fromIpString(rt.via).value_or(InetAddress());
        route.flags = quint16(rt.flags);
        route.metric = quint16(rt.metric);
        s.routes.append(route);
    }
    return net;
}

// Errors refuse (NetworkValidator, the same words as the window and the import); then the stored
// forms: pool ends and DNS servers without a port, empty rules text as the default rule set.
Status validateSettings(NetworkSettings &s)
{
    if (const QList<NetworkFinding> errors = NetworkValidator::errors(s); !errors.isEmpty())
        return invalid(NetworkValidator::messages(errors).join(u' '));
    for (IpPool &p : s.pools) {
        p.start = p.start.withPort(0);
        p.end = p.end.withPort(0);
    }
    for (InetAddress &server : s.dns.servers)
        server = server.withPort(0);
    if (s.rulesJson.trimmed().isEmpty())
        s.rulesJson = kDefaultRules;
    return Ok{};
}

} // namespace

// The member record a setAuthorized/updateMember call starts from: the stored one, or a new one.
struct MemberEdit
{
    Net *net = nullptr;
    MemberRow row;
    bool exists = false;
};

struct NetworkController::Impl
{
    NetworkController *q = nullptr;
    QMap<quint64, Net> networks;
    QHash<Key, Live> live;
    QSet<Key> dirty;
    bool retryingAfterConflict = false; ///< handleConfigRequest() runs again after reloadFromDatabase()
    /// Who the member changes being saved come from (MemberEventRow source); the controller itself
    /// (auto-assigned addresses, token authorization) unless updateMember() says otherwise.
    QString changeSource = MemberEventRow::ByController;
    ChangeCounters counters;
    /// By (network, member); entries are checked against their inputs before use, dropped with the
    /// member or network, and all forgotten on a reload.
    QHash<Key, IssuedCredentials> issued;
    std::function<quint64()> random = [] { return QRandomGenerator::system()->generate64(); };

    qint64 now() const { return q->m_clock(); }

    Result<MemberEdit> memberForEdit(quint64 networkId, Address member, qint64 at)
    {
        auto it = networks.find(networkId);
        if (it == networks.end())
            return makeError(ErrorCode::NotFound,
                             QStringLiteral("network %1 does not exist").arg(networkIdToString(networkId)));
        if (member.isReserved())
            return makeError(ErrorCode::Malformed, QStringLiteral("%1 is not a member address").arg(member.toString()));
        MemberEdit edit;
        edit.net = &*it;
        edit.exists = it->members.contains(member.toInt());
        if (edit.exists) {
            edit.row = it->members.value(member.toInt());
        } else {
            edit.row.networkId = networkId;
            edit.row.address = member;
            edit.row.creationTime = at;
        }
        return edit;
    }
    quint64 nonZeroRandom()
    {
        for (;;) {
            if (const quint64 r = random(); r != 0)
                return r;
        }
    }

    bool liveOnline(const Live &l, qint64 at) const
    {
        return l.lastRequestTime > 0 && at - l.lastRequestTime < OnlineWindowMs;
    }
    bool online(quint64 nwid, Address a, qint64 at) const
    {
        auto it = live.constFind(Key(nwid, a.toInt()));
        return it != live.constEnd() && liveOnline(*it, at);
    }
    QList<Address> onlineMembers(const Net &net, qint64 at) const
    {
        QList<Address> out;
        for (auto it = net.members.cbegin(); it != net.members.cend(); ++it) {
            if (online(net.id, Address(it.key()), at))
                out.append(Address(it.key()));
        }
        return out;
    }

    MemberInfo info(const MemberRow &m, qint64 at) const;
    NetworkDetails details(const Net &net, qint64 at) const;
    QList<NetworkFinding> warnings(const Net &net) const;
    void forgetAllWarnings(); ///< after a network's settings or pools changed (others' warnings depend on them)
    /// networkChanged for every other network whose pools meet `pools` (their overlap warnings).
    void announcePoolNeighbours(quint64 nwid, const QList<IpPool> &pools, qint64 at);
    Result<QList<QByteArray>> buildConfig(const Net &net, MemberRow &member, const Identity &memberIdentity,
                                          const RequestMetadata &metadata, bool isNewMember, qint64 at);
    /// Signs `wanted`'s credentials (stamped wanted.issuedAt), or hands back the ones issued earlier from
    /// the same inputs while they are young enough at `at`. False when a signature could not be made.
    bool issueCredentials(const Net &net, const MemberRow &member, const Identity &memberIdentity,
                          IssuedCredentials &wanted, qint64 at);
    /// IfUnchanged: only if the stored row is still the one in memory (Conflict otherwise), for writes
    /// nobody asked for (a member's request) that must not undo another instance's change.
    enum class Write { Always, IfUnchanged };
    Status saveMember(Net &net, const MemberRow &row, Write mode = Write::Always);
    void pushMember(quint64 nwid, Address member);
    void pushMembers(quint64 nwid, const QList<Address> &members);
    void pushNetwork(quint64 nwid);
    void revokeEverywhere(const Net &net, Address target, const QList<Address> &recipients, qint64 at);
    void recordRequest(const ConfigRequest &request, qint64 at);
    /// The rate limit: false when (network, member) has no request allowance left at `at`.
    bool takeRequestCredit(Key key, qint64 at);
    void addHistory(Key key, const ConfigRequest &request, bool authorized, qint64 at);
};

NetworkController::NetworkController(Database &database, Identity controller, ControllerSender *sender, Clock clock,
                                     QObject *parent)
    : QObject(parent), m_database(database), m_controller(std::move(controller)), m_sender(sender),
      m_clock(std::move(clock)), m_impl(std::make_unique<Impl>()), m_flushTimer(this)
{
    m_impl->q = this;
    if (!m_clock)
        m_clock = [] { return QDateTime::currentMSecsSinceEpoch(); };
    m_flushTimer.setInterval(DefaultStatusFlushIntervalMs);
    connect(&m_flushTimer, &QTimer::timeout, this, [this] {
        if (Status flushed = flushStatus(); !flushed)
            qCWarning(lcController) << "status flush failed:" << flushed.error().message;
    });
}

NetworkController::~NetworkController()
{
    if (m_database.isOpen())
        (void)flushStatus();
}

void NetworkController::setStatusFlushInterval(int ms)
{
    m_flushTimer.setInterval(ms);
}

void NetworkController::setRandomSource(std::function<quint64()> random)
{
    if (random)
        m_impl->random = std::move(random);
}

MemberInfo NetworkController::Impl::info(const MemberRow &m, qint64 at) const
{
    MemberInfo i;
    i.networkId = m.networkId;
    i.address = m.address;
    i.identity = m.identity;
    i.name = m.name;
    i.description = m.description;
    i.authorized = m.authorized;
    i.activeBridge = m.activeBridge;
    i.noAutoAssignIps = m.noAutoAssignIps;
    i.ipAssignments = ipsOf(m);
    i.tags = tagsFromJson(m.tagsJson);
    i.capabilities = capsFromJson(m.capabilitiesJson);
    i.creationTime = m.creationTime;
    i.revision = m.revision;
    i.lastAuthorizedTime = m.lastAuthorizedTime;
    i.lastDeauthorizedTime = m.lastDeauthorizedTime;
    i.lastAuthorizedCredentialType = m.lastAuthorizedCredentialType;
    i.lastAuthorizedCredential = m.lastAuthorizedCredential;
    i.authenticationExpiryTime = m.authenticationExpiryTime;
    i.pending = !m.authorized && !m.identity.isEmpty();
    if (auto it = live.constFind(Key(m.networkId, m.address.toInt())); it != live.constEnd()) {
        i.lastRequestTime = it->lastRequestTime;
        i.physicalAddress = it->physicalAddress;
        i.protocolVersion = it->protocolVersion;
        i.versionMajor = it->versionMajor;
        i.versionMinor = it->versionMinor;
        i.versionRevision = it->versionRevision;
        i.latencyMs = it->latencyMs;
        i.online = liveOnline(*it, at);
        i.recentHistory = it->history;
    } else {
        i.protocolVersion = m.vProto;
        i.versionMajor = m.vMajor;
        i.versionMinor = m.vMinor;
        i.versionRevision = m.vRev;
    }
    return i;
}

NetworkDetails NetworkController::Impl::details(const Net &net, qint64 at) const
{
    NetworkDetails d;
    d.id = net.id;
    d.settings = net.settings;
    d.revision = net.revision;
    d.creationTime = net.creationTime;
    for (const MemberRow &m : net.members) {
        ++d.memberCount;
        if (m.authorized)
            ++d.authorizedCount;
        else if (!m.identity.isEmpty())
            ++d.pendingCount;
        if (online(net.id, m.address, at))
            ++d.onlineCount;
    }
    d.warnings = warnings(net);
    return d;
}

QList<NetworkFinding> NetworkController::Impl::warnings(const Net &net) const
{
    if (net.warnings)
        return *net.warnings;
    NetworkValidator::Context context;
    for (const MemberRow &m : net.members) {
        if (!m.ipAssignments.isEmpty())
            context.members.append({m.address, ipsOf(m)});
    }
    for (const Net &other : networks) {
        if (other.id != net.id && !other.settings.pools.isEmpty())
            context.otherNetworks.append({other.id, other.settings.name, other.settings.pools});
    }
    net.warnings = NetworkValidator::warnings(net.settings, context);
    return *net.warnings;
}

void NetworkController::Impl::forgetAllWarnings()
{
    for (Net &net : networks)
        net.warnings.reset();
}

void NetworkController::Impl::announcePoolNeighbours(quint64 nwid, const QList<IpPool> &pools, qint64 at)
{
    // Another network's "pools overlap" warning depends on this network's pools.
    for (const Net &other : networks) {
        if (other.id == nwid)
            continue;
        const bool touches =
            std::any_of(other.settings.pools.cbegin(), other.settings.pools.cend(), [&](const IpPool &p) {
                return std::any_of(pools.cbegin(), pools.cend(), [&](const IpPool &mine) {
                    return p.start.family() == mine.start.family() && p.start.ipBytes() <= mine.end.ipBytes() &&
                           mine.start.ipBytes() <= p.end.ipBytes();
                });
            });
        if (touches)
            emit q->networkChanged(details(other, at));
    }
}

Result<QList<QByteArray>> NetworkController::Impl::buildConfig(const Net &net, MemberRow &member,
                                                               const Identity &memberIdentity,
                                                               const RequestMetadata &metadata, bool isNewMember,
                                                               qint64 at)
{
    const NetworkSettings &s = net.settings;
    const Identity &controller = q->m_controller;
    NetworkConfig c;
    c.networkId = net.id;
    c.timestamp = at;
    const qint64 window = s.certificateTimeoutWindow > 0 ? s.certificateTimeoutWindow : DefaultCredentialWindowMs;
    c.credentialTimeMaxDelta = quint64(std::clamp(window, MinCredentialWindowMs, MaxCredentialWindowMs));
    c.revision = net.revision;
    c.issuedTo = member.address;
    c.type = s.isPrivate ? NetworkConfig::Type::Private : NetworkConfig::Type::Public;
    c.name = s.name;
    c.mtu = quint64(std::clamp(s.mtu, NetworkValidator::MinMtu, NetworkValidator::MaxMtu));
    c.multicastLimit = quint64(s.multicastLimit);
    c.flags = s.enableBroadcast ? NetworkConfig::FlagEnableBroadcast : 0;

    if (!net.bridges) {
        QList<Address> bridges;
        for (const MemberRow &m : net.members) { // QMap: ascending address, as the reference sorts
            if (m.activeBridge)
                bridges.append(m.address);
        }
        net.bridges = std::move(bridges);
    }
    for (Address bridge : std::as_const(*net.bridges)) {
        if (c.specialists.size() >= NetworkConfig::MaxSpecialists)
            break;
        c.specialists.append(NetworkConfig::specialist(bridge, NetworkConfig::SpecialistActiveBridge));
    }

    // What the member's credentials are made of; signed (or re-used) together once its addresses are known.
    IssuedCredentials credentials;
    credentials.networkRevision = net.revision;
    credentials.memberRevision = member.revision;
    credentials.credentialTimeMaxDelta = c.credentialTimeMaxDelta;
    // A deauthorization revoked everything of this member stamped up to and including its time: what is
    // issued after a re-authorization in the same millisecond must be newer than that.
    credentials.issuedAt = std::max(at, member.lastDeauthorizedTime + 1);

    // Rules, capabilities and tags (§4): only for nodes with a rules engine.
    if (metadata.rulesEngineRevision >= 1) {
        c.rules = rulesFromJsonLenient(parseJsonArrayText(s.rulesJson).value_or(QJsonArray()));
        const QJsonArray caps = parseJsonArrayText(s.capabilitiesJson).value_or(QJsonArray());
        QList<quint32> memberCaps = capsFromJson(member.capabilitiesJson);
        if (isNewMember) {
            for (const QJsonValue &v : caps) {
                const QJsonObject o = v.toObject();
                if (o.value(QStringLiteral("default")).toBool())
                    memberCaps.append(toU32(o.value(QStringLiteral("id"))));
            }
            std::sort(memberCaps.begin(), memberCaps.end());
            memberCaps.erase(std::unique(memberCaps.begin(), memberCaps.end()), memberCaps.end());
            member.capabilitiesJson = capsToJson(memberCaps);
        }
        for (quint32 id : memberCaps) {
            for (const QJsonValue &v : caps) {
                const QJsonObject o = v.toObject();
                if (toU32(o.value(QStringLiteral("id"))) != id)
                    continue;
                if (credentials.capabilities.size() >= NetworkConfig::MaxCapabilities)
                    break;
                QList<Rule> capRules =
                    rulesFromJsonLenient(o.value(QStringLiteral("rules")).toArray(), Rule::MaxCapabilityRules);
                credentials.capabilityIds.append(id);
                credentials.capabilities.append(Capability(net.id, credentials.issuedAt, id, capRules, 1));
                break;
            }
        }
        QList<QPair<quint32, quint32>> memberTags = tagsFromJson(member.tagsJson);
        bool tagsChanged = false;
        for (const QJsonValue &v : parseJsonArrayText(s.tagsJson).value_or(QJsonArray())) {
            const QJsonObject o = v.toObject();
            if (!isJsonU32(o.value(QStringLiteral("default"))))
                continue;
            const quint32 id = toU32(o.value(QStringLiteral("id")));
            const bool has =
                std::any_of(memberTags.cbegin(), memberTags.cend(), [&](const auto &t) { return t.first == id; });
            if (!has) {
                memberTags.append({id, toU32(o.value(QStringLiteral("default")))});
                tagsChanged = true;
            }
        }
        std::sort(memberTags.begin(), memberTags.end());
        if (tagsChanged)
            member.tagsJson = tagsToJson(memberTags);
        for (const auto &t : memberTags.mid(0, NetworkConfig::MaxTags)) {
            credentials.tagValues.append(t);
            credentials.tags.append(Tag(net.id, credentials.issuedAt, t.first, t.second, member.address));
        }
    } else {
        c.rules = {Rule::action(RuleType::ActionAccept)};
    }

    c.routes = s.routes.mid(0, NetworkConfig::MaxRoutes);

    ipassignment::Input in;
    in.networkId = net.id;
    in.member = member.address;
    in.noAutoAssign = member.noAutoAssignIps;
    in.v4AssignZt = s.v4AssignZt;
    in.v6AssignZt = s.v6AssignZt;
    in.v6AssignRfc4193 = s.v6AssignRfc4193;
    in.v6Assign6plane = s.v6Assign6plane;
    in.pools = s.pools;
    in.routes = c.routes;
    in.memberIps = ipsOf(member);
    // Built only when an auto-assignment actually tests a candidate: most requests come from members
    // that already have their address, and scanning a big network on every request would dominate.
    std::optional<QSet<InetAddress>> allocated;
    in.isAllocated = [&](const InetAddress &candidate) {
        if (!allocated) {
            allocated.emplace();
            for (const MemberRow &m : net.members) {
                for (const InetAddress &ip : ipsOf(m))
                    allocated->insert(ip);
            }
        }
        return allocated->contains(candidate);
    };
    in.random = random;
    const ipassignment::Output out = ipassignment::assign(in);
    for (const InetAddress &ip : out.newAssignments)
        member.ipAssignments.append(ip.toIpString());
    c.staticIps = out.staticIps.mid(0, NetworkConfig::MaxStaticIps);
    if (out.ndpEmulation)
        c.flags |= NetworkConfig::FlagIpv6NdpEmulation;
    credentials.staticIps = c.staticIps;
    c.dns = s.dns;

    if (!issueCredentials(net, member, memberIdentity, credentials, at))
        return makeError(ErrorCode::BadSignature, QStringLiteral("could not sign the member's credentials"));
    c.com = credentials.com;
    if (credentials.coo)
        c.certificatesOfOwnership.append(*credentials.coo);
    c.capabilities = credentials.capabilities;
    c.tags = credentials.tags;

    Result<QByteArray> bytes = c.toBytes();
    if (!bytes)
        return bytes.error();
    Result<QList<ConfigChunk>> chunks = ConfigChunk::split(net.id, *bytes, controller, nonZeroRandom());
    if (!chunks)
        return chunks.error();
    QList<QByteArray> out2;
    for (const ConfigChunk &chunk : *chunks)
        out2.append(chunk.toBytes());
    return out2;
}

bool NetworkController::Impl::issueCredentials(const Net &net, const MemberRow &member, const Identity &memberIdentity,
                                               IssuedCredentials &wanted, qint64 at)
{
    const Key key(net.id, member.address.toInt());
    // `wanted` comes stamped with its issue time (never before `at`); a young enough earlier set wins.
    if (auto it = issued.constFind(key); it != issued.constEnd() && it->madeOf(wanted) && at >= it->issuedAt &&
                                         at - it->issuedAt < qint64(wanted.credentialTimeMaxDelta / 4)) {
        wanted = *it;
        ++counters.credentialsReused;
        return true;
    }
    const Identity &controller = q->m_controller;
    const qint64 stamp = wanted.issuedAt;
    wanted.com = CertificateOfMembership::create(net.id, stamp, wanted.credentialTimeMaxDelta, memberIdentity);
    bool signedAll = wanted.com.sign(controller);
    int signatures = 1;
    if (!wanted.staticIps.isEmpty()) {
        CertificateOfOwnership coo(net.id, stamp, member.address, 1);
        for (const InetAddress &ip : std::as_const(wanted.staticIps)) {
            if (!coo.addIp(ip))
                break;
        }
        signedAll = signedAll && coo.sign(controller);
        ++signatures;
        wanted.coo = coo;
    }
    // A capability or tag that cannot be signed is left out, as before; the COM and COO are required.
    QList<Capability> capabilities;
    for (Capability &cap : wanted.capabilities) {
        ++signatures;
        if (cap.sign(controller, member.address))
            capabilities.append(cap);
    }
    wanted.capabilities = capabilities;
    QList<Tag> tags;
    for (Tag &tag : wanted.tags) {
        ++signatures;
        if (tag.sign(controller))
            tags.append(tag);
    }
    wanted.tags = tags;
    counters.credentialSignatures += quint64(signatures);
    if (!signedAll) {
        issued.remove(key);
        return false;
    }
    issued.insert(key, wanted);
    return true;
}

Status NetworkController::Impl::saveMember(Net &net, const MemberRow &row, Write mode)
{
    MemberRepository repo(q->m_database);
    std::optional<quint64> storedRevision;
    if (auto known = net.members.constFind(row.address.toInt()); known != net.members.constEnd())
        storedRevision = known->revision;
    // What people ask about afterwards (authorization and addresses) is recorded with the change.
    QList<MemberEventRow> events;
    const auto stored = net.members.constFind(row.address.toInt());
    const bool wasAuthorizedBefore = stored != net.members.constEnd() && stored->authorized;
    const QStringList ipsBefore = stored != net.members.constEnd() ? stored->ipAssignments : QStringList();
    auto event = [&](const QString &kind, const QString &detail = QString()) {
        events.append(
            {net.id, row.address, row.lastModified > 0 ? row.lastModified : now(), kind, changeSource, detail});
    };
    if (row.authorized != wasAuthorizedBefore)
        event(row.authorized ? MemberEventRow::Authorized : MemberEventRow::Deauthorized);
    if (row.ipAssignments != ipsBefore)
        event(MemberEventRow::IpsChanged, row.ipAssignments.join(QLatin1String(", ")));
    MemberEventRepository eventRepo(q->m_database);
    Status saved = q->m_database.transaction([&]() -> Status {
        Status written = mode == Write::Always ? repo.save(row) : repo.saveIfUnchanged(row, storedRevision);
        if (!written)
            return written;
        return eventRepo.append(events);
    });
    if (!saved)
        return saved;
    const auto previous = net.members.constFind(row.address.toInt());
    const bool wasAuthorized = previous != net.members.constEnd() && previous->authorized;
    const auto old = net.members.constFind(row.address.toInt());
    if (row.activeBridge || (old != net.members.constEnd() && old->activeBridge))
        net.bridges.reset();
    if (old == net.members.constEnd() || old->ipAssignments != row.ipAssignments)
        net.warnings.reset();
    net.members.insert(row.address.toInt(), row); // only after the commit
    ++counters.memberChanges;
    if (row.authorized && !wasAuthorized)
        ++counters.memberAuthorizations;
    else if (!row.authorized && wasAuthorized)
        ++counters.memberDeauthorizations;
    return Ok{};
}

void NetworkController::Impl::pushMember(quint64 nwid, Address address)
{
    pushMembers(nwid, {address});
}

void NetworkController::Impl::pushMembers(quint64 nwid, const QList<Address> &targets)
{
    auto netIt = networks.find(nwid);
    // Without a sender (a standby instance, a tool) nobody is pushed to: no configs are built and no
    // addresses assigned; the serving instance does that when it reloads.
    if (netIt == networks.end() || targets.isEmpty() || !q->m_sender)
        return;
    const qint64 at = now();
    // Configs are built against a working copy that already holds the addresses assigned earlier in
    // this batch (so two members never get the same one); every changed record is then written in
    // ONE transaction, and only after it committed is the copy swapped in and anything sent.
    Net working = *netIt;
    struct Prepared
    {
        Address address;
        QList<QByteArray> chunks;
        bool changed = false;
    };
    QList<Prepared> prepared;
    QList<MemberRow> changedRows;
    for (Address address : targets) {
        auto memberIt = working.members.constFind(address.toInt());
        const auto liveIt = live.constFind(Key(nwid, address.toInt()));
        if (memberIt == working.members.constEnd() || liveIt == live.constEnd())
            continue;
        if (!memberIt->authorized || !liveOnline(*liveIt, at) || !liveIt->hasMetadata)
            continue;
        auto identity = Identity::fromString(memberIt->identity);
        if (!identity)
            continue;
        MemberRow row = *memberIt;
        const MemberRow before = row;
        Result<QList<QByteArray>> chunks = buildConfig(working, row, *identity, liveIt->metadata, false, at);
        if (!chunks) {
            qCWarning(lcController) << "cannot build a config for" << address.toString() << chunks.error().message;
            continue;
        }
        const bool changed = row != before;
        if (changed) {
            row.revision += 1;
            row.lastModified = at;
            working.members.insert(address.toInt(), row);
            changedRows.append(row);
        }
        prepared.append(Prepared{address, *chunks, changed});
    }
    bool stored = true;
    if (!changedRows.isEmpty()) {
        MemberRepository repo(q->m_database);
        const Status saved = q->m_database.transaction([&]() -> Status {
            for (const MemberRow &row : std::as_const(changedRows)) {
                if (Status one = repo.save(row); !one)
                    return one;
            }
            return Ok{};
        });
        if (!saved) {
            qCWarning(lcController) << "cannot store members of" << networkIdToString(nwid) << saved.error().message;
            stored = false; // configs that would hand out unstored addresses are not sent
        } else {
            netIt->members = working.members;
            netIt->bridges.reset();
            netIt->warnings.reset();
            for (const MemberRow &row : std::as_const(changedRows))
                emit q->memberChanged(info(row, at));
        }
    }
    if (!q->m_sender)
        return;
    for (const Prepared &p : std::as_const(prepared)) {
        if (stored || !p.changed)
            q->m_sender->sendConfig(p.address, 0, p.chunks);
    }
}

void NetworkController::Impl::pushNetwork(quint64 nwid)
{
    auto netIt = networks.constFind(nwid);
    if (netIt == networks.constEnd())
        return;
    pushMembers(nwid, onlineMembers(*netIt, now()));
}

void NetworkController::Impl::revokeEverywhere(const Net &net, Address target, const QList<Address> &recipients,
                                               qint64 at)
{
    if (!q->m_sender || recipients.isEmpty())
        return;
    Revocation revocation = Revocation::forDeauthorization(quint32(random()), net.id, target, at);
    if (!revocation.sign(q->m_controller)) {
        qCWarning(lcController) << "cannot sign a revocation";
        return;
    }
    for (Address r : recipients)
        q->m_sender->sendRevocation(r, revocation);
}

void NetworkController::Impl::addHistory(Key key, const ConfigRequest &request, bool authorized, qint64 at)
{
    auto it = live.find(key);
    if (it == live.end() || request.packetId == 0)
        return;
    MemberHistoryEntry h;
    h.time = at;
    h.authorized = authorized;
    h.physicalAddress = request.physicalAddress;
    h.protocolVersion = request.protocolVersion;
    h.versionMajor = request.versionMajor;
    h.versionMinor = request.versionMinor;
    h.versionRevision = request.versionRevision;
    it->history.prepend(h);
    while (it->history.size() > HistoryLength)
        it->history.removeLast();
    dirty.insert(key);
}

bool NetworkController::Impl::takeRequestCredit(Key key, qint64 at)
{
    constexpr qint64 cost = RequestRateLimitMs;
    constexpr qint64 full = RequestBurst * RequestRateLimitMs;
    Live &l = live[key];
    qint64 credit = l.requestCredit < 0 ? full : l.requestCredit;
    if (l.requestCredit >= 0 && at > l.requestCreditAt)
        credit = std::min(full, credit + (at - l.requestCreditAt));
    l.requestCreditAt = std::max(l.requestCreditAt, at);
    if (credit < cost) {
        l.requestCredit = credit;
        return false;
    }
    l.requestCredit = credit - cost;
    return true;
}

void NetworkController::Impl::recordRequest(const ConfigRequest &r, qint64 at)
{
    const Key key(r.networkId, r.member.address().toInt());
    Live &l = live[key];
    l.lastRequestTime = at;
    l.lastSeen = at;
    if (!r.physicalAddress.isNull())
        l.physicalAddress = r.physicalAddress;
    // HELLO versions if the node knew them; else what the request metadata says.
    l.protocolVersion = r.protocolVersion >= 0 ? r.protocolVersion : int(r.metadata.protocolVersion);
    l.versionMajor = r.versionMajor >= 0 ? r.versionMajor : int(r.metadata.majorVersion);
    l.versionMinor = r.versionMinor >= 0 ? r.versionMinor : int(r.metadata.minorVersion);
    l.versionRevision = r.versionRevision >= 0 ? r.versionRevision : int(r.metadata.revision);
    if (r.latencyMs >= 0)
        l.latencyMs = r.latencyMs;
    ++l.requestCount;
    l.metadata = r.metadata;
    l.hasMetadata = true;
    dirty.insert(key);
}

Status NetworkController::load()
{
    m_impl->issued.clear(); // what they were made of is re-read now
    ControllerNetworkRepository networks(m_database);
    MemberRepository members(m_database);
    auto netRows = networks.loadAll();
    if (!netRows)
        return netRows.error();
    auto memberRows = members.loadAll();
    if (!memberRows)
        return memberRows.error();
    auto statusRows = members.loadStatus();
    if (!statusRows)
        return statusRows.error();

    QMap<quint64, Net> loaded;
    for (const ControllerNetworkRow &row : *netRows)
        loaded.insert(row.record.id, fromRow(row));
    for (const MemberRow &m : *memberRows) {
        if (auto it = loaded.find(m.networkId); it != loaded.end())
            it->members.insert(m.address.toInt(), m);
    }
    QHash<Key, Live> live;
    for (const MemberStatusRow &s : *statusRows) {
        Live l;
        l.lastRequestTime = s.lastRequestTime;
        l.lastSeen = s.lastSeen;
        l.physicalAddress = InetAddress::fromString(s.physicalAddress).value_or(InetAddress());
        l.protocolVersion = s.protocolVersion;
        l.versionMajor = s.vMajor;
        l.versionMinor = s.vMinor;
        l.versionRevision = s.vRev;
        l.requestCount = s.requestCount;
        l.history = historyFromJson(s.recentHistoryJson);
        if (!s.lastRequestMetadata.isEmpty()) {
            l.metadata = RequestMetadata::fromBytes(s.lastRequestMetadata);
            l.hasMetadata = true;
        }
        live.insert(Key(s.networkId, s.address.toInt()), l);
    }
    m_impl->networks = std::move(loaded);
    m_impl->live = std::move(live);
    m_impl->dirty.clear();
    m_flushTimer.start();
    return Ok{};
}

bool NetworkController::retryAfterConflict(const ConfigRequest &request, const Status &failed)
{
    Impl &d = *m_impl;
    if (failed.error().code != ErrorCode::Conflict || d.retryingAfterConflict)
        return false;
    // Another instance changed this member since the last reload (its notice is still on the way):
    // decide again on the stored state instead of overwriting it from memory.
    d.retryingAfterConflict = true;
    if (Status reloaded = reloadFromDatabase(); !reloaded)
        qCWarning(lcController) << "reload after a conflicting write failed:" << reloaded.error().message;
    else
        handleConfigRequest(request);
    d.retryingAfterConflict = false;
    return true;
}

Status NetworkController::reloadFromDatabase()
{
    Impl &d = *m_impl;
    if (Status flushed = flushStatus(); !flushed)
        qCWarning(lcController) << "status flush before reload failed:" << flushed.error().message;
    const qint64 at = d.now();
    // Who was online is only known from the memory before the reload (a deleted network's status
    // rows are gone from the database).
    const QMap<quint64, Net> before = d.networks;
    QHash<quint64, QList<Address>> onlineBefore;
    for (const Net &net : before)
        onlineBefore.insert(net.id, d.onlineMembers(net, at));
    const QHash<Key, Live> liveBefore = d.live;
    if (Status loaded = load(); !loaded)
        return loaded;
    // The reloaded status is what was just flushed or what another instance wrote; "reported" is this
    // instance's view and carries over.
    for (auto it = d.live.begin(); it != d.live.end(); ++it) {
        if (auto old = liveBefore.constFind(it.key()); old != liveBefore.constEnd())
            it->reportedOnline = old->reportedOnline;
    }

    for (const Net &old : before) {
        if (d.networks.contains(old.id))
            continue;
        const QList<Address> online = onlineBefore.value(old.id);
        emit networkRemoved(old.id);
        for (const MemberRow &m : old.members) {
            if (m.authorized)
                d.revokeEverywhere(old, m.address, online, at);
        }
        if (m_sender) {
            for (Address a : online)
                m_sender->sendError(a, 0, ProtocolErrorCode::ObjectNotFound, old.id);
        }
    }
    QList<MemberInfo> statusChanged;
    const QList<quint64> ids = d.networks.keys();
    for (quint64 id : ids) {
        const auto oldIt = before.constFind(id);
        if (oldIt == before.constEnd()) {
            emit networkChanged(d.details(d.networks.value(id), at));
            continue;
        }
        const Net old = *oldIt;
        const Net now = d.networks.value(id);
        const QList<Address> online = onlineBefore.value(id);
        const bool networkEdited = old.settings != now.settings || old.revision != now.revision;
        bool pushAll = networkEdited;
        QList<Address> pushTargets;
        for (const MemberRow &m : old.members) {
            const auto next = now.members.constFind(m.address.toInt());
            if (next == now.members.constEnd()) {
                emit memberRemoved(id, m.address);
                if (m.authorized)
                    d.revokeEverywhere(old, m.address, online, at);
                if (m_sender && online.contains(m.address))
                    m_sender->sendError(m.address, 0, ProtocolErrorCode::NetworkAccessDenied, id);
                pushAll = pushAll || m.activeBridge;
            }
        }
        for (const MemberRow &m : now.members) {
            const Key key(id, m.address.toInt());
            const auto prev = old.members.constFind(m.address.toInt());
            if (prev == old.members.constEnd() || *prev != m) {
                emit memberChanged(d.info(m, at));
                if (prev != old.members.constEnd() && prev->authorized && !m.authorized) {
                    d.revokeEverywhere(now, m.address, online, at);
                    if (m_sender && online.contains(m.address))
                        m_sender->sendError(m.address, 0, ProtocolErrorCode::NetworkAccessDenied, id);
                } else {
                    pushTargets.append(m.address);
                }
                const bool wasBridge = prev != old.members.constEnd() && prev->activeBridge;
                pushAll = pushAll || wasBridge != m.activeBridge;
                continue;
            }
            const auto l = d.live.constFind(key);
            const auto lb = liveBefore.constFind(key);
            const bool hadLive = lb != liveBefore.constEnd();
            const bool hasLive = l != d.live.constEnd();
            if (hadLive != hasLive ||
                (hasLive && (l->lastRequestTime != lb->lastRequestTime || l->lastSeen != lb->lastSeen ||
                             l->requestCount != lb->requestCount || l->physicalAddress != lb->physicalAddress)))
                statusChanged.append(d.info(m, at));
        }
        if (networkEdited)
            emit networkChanged(d.details(now, at));
        if (pushAll)
            d.pushNetwork(id);
        else
            d.pushMembers(id, pushTargets);
    }
    if (!statusChanged.isEmpty())
        emit memberStatusChanged(statusChanged);
    return Ok{};
}

void NetworkController::handleConfigRequest(const ConfigRequest &request)
{
    Impl &d = *m_impl;
    // §2.1: not ours (or we cannot sign): no reply at all.
    if (!m_controller.hasSecret() || controllerOf(request.networkId) != m_controller.address() ||
        request.member.isNull())
        return;
    const qint64 at = d.now();
    const Address address = request.member.address();
    const Key key(request.networkId, address.toInt());

    auto netIt = d.networks.find(request.networkId);
    if (netIt == d.networks.end()) {
        // Unknown network: answered without keeping any state (IDs are free for anyone to ask about).
        if (m_sender)
            m_sender->sendError(address, request.packetId, ProtocolErrorCode::ObjectNotFound, request.networkId);
        return;
    }
    Net &net = *netIt;

    if (request.packetId != 0 && !d.retryingAfterConflict) {
        // §2.2: a member asking more often than once a second is dropped silently.
        if (!d.takeRequestCredit(key, at)) {
            ++d.counters.requestsRateLimited;
            return;
        }
        d.recordRequest(request, at);
    }

    const auto memberIt = net.members.constFind(address.toInt());
    const bool isNew = memberIt == net.members.constEnd();
    MemberRow row;
    if (isNew) {
        row.networkId = net.id;
        row.address = address;
        row.creationTime = at;
        row.lastModified = at;
    } else {
        row = *memberIt;
    }
    const MemberRow before = row;

    // §2.6: identity pinning.
    if (!row.identity.isEmpty()) {
        auto pinned = Identity::fromString(row.identity);
        if (!pinned || !(*pinned == request.member)) {
            d.addHistory(key, request, false, at);
            if (m_sender)
                m_sender->sendError(address, request.packetId, ProtocolErrorCode::NetworkAccessDenied, net.id);
            return;
        }
    } else {
        row.identity = request.member.publicOnly().toString(false);
    }

    // §2.8: authorization.
    if (!row.authorized) {
        QString credentialType;
        QString credential;
        if (!net.settings.isPrivate) {
            credentialType = QStringLiteral("public");
        } else if (request.metadata.authToken.size() > 0) {
            const QJsonObject tokens = QJsonDocument::fromJson(net.extra.authTokensJson.toUtf8()).object();
            const QJsonValue expiry = tokens.value(request.metadata.authToken);
            if (expiry.isDouble() && (expiry.toDouble() == 0 || expiry.toDouble() > double(at))) {
                credentialType = QStringLiteral("token");
                credential = request.metadata.authToken;
            }
        }
        if (!credentialType.isEmpty()) {
            row.authorized = true;
            row.lastAuthorizedTime = at;
            row.lastAuthorizedCredentialType = credentialType;
            row.lastAuthorizedCredential = credential;
        }
    }

    if (!row.authorized) {
        // §2.10: listed as pending, denied, never a config.
        if (row != before) {
            if (!isNew)
                row.revision += 1;
            row.lastModified = at;
            if (Status saved = d.saveMember(net, row, Impl::Write::IfUnchanged); !saved) {
                if (retryAfterConflict(request, saved))
                    return;
                qCWarning(lcController) << "cannot store pending member" << address.toString() << saved.error().message;
            } else {
                const MemberInfo info = d.info(row, at);
                emit memberChanged(info);
                if (before.identity.isEmpty())
                    emit joinRequested(info);
            }
        }
        d.addHistory(key, request, false, at);
        if (request.packetId != 0)
            ++d.counters.requestsDenied;
        if (m_sender)
            m_sender->sendError(address, request.packetId, ProtocolErrorCode::NetworkAccessDenied, net.id);
        return;
    }

    if (request.packetId != 0) {
        // §2.11: versions from the metadata go into the record.
        row.vMajor = int(request.metadata.majorVersion);
        row.vMinor = int(request.metadata.minorVersion);
        row.vRev = int(request.metadata.revision);
        row.vProto = int(request.metadata.protocolVersion);
    }

    Result<QList<QByteArray>> chunks = d.buildConfig(net, row, request.member, request.metadata, isNew, at);
    if (!chunks) {
        // §2.13: an internal failure is answered like the reference (OBJ_NOT_FOUND).
        qCWarning(lcController) << "cannot build a config for" << address.toString() << chunks.error().message;
        if (m_sender)
            m_sender->sendError(address, request.packetId, ProtocolErrorCode::ObjectNotFound, net.id);
        return;
    }
    if (row != before) {
        if (!isNew)
            row.revision += 1;
        row.lastModified = at;
        if (Status saved = d.saveMember(net, row, Impl::Write::IfUnchanged); !saved) {
            if (retryAfterConflict(request, saved))
                return;
            // Never hand out an address that is not stored; the node asks again in 5 s.
            qCWarning(lcController) << "cannot store member" << address.toString() << saved.error().message;
            return;
        }
        emit memberChanged(d.info(row, at));
    }
    d.addHistory(key, request, true, at);
    if (request.packetId != 0)
        ++d.counters.configsServed;
    if (m_sender)
        m_sender->sendConfig(address, request.packetId, *chunks);
}

Result<NetworkDetails> NetworkController::createNetwork(const NetworkSettings &settings)
{
    Impl &d = *m_impl;
    quint64 id = 0;
    for (int attempt = 0; attempt < MaxCreateAttempts && id == 0; ++attempt) {
        const quint64 number = d.random() & 0xffffffULL;
        const quint64 candidate = (m_controller.address().toInt() << 24) | number;
        if (number != 0 && !d.networks.contains(candidate))
            id = candidate;
    }
    if (id == 0)
        return makeError(ErrorCode::Conflict, QStringLiteral("no free network ID left"));
    return createNetwork(id, settings);
}

Result<NetworkDetails> NetworkController::createNetwork(quint64 networkId, const NetworkSettings &settings)
{
    Impl &d = *m_impl;
    if (!m_controller.hasSecret())
        return makeError(ErrorCode::InvalidIdentity, QStringLiteral("the controller identity has no secret"));
    if ((networkId >> 24) != m_controller.address().toInt() || (networkId & 0xffffffULL) == 0)
        return invalid(QStringLiteral("network ID %1 does not belong to this controller (%2) or has network number 0")
                           .arg(networkIdToString(networkId), m_controller.address().toString()));
    if (d.networks.contains(networkId))
        return makeError(ErrorCode::Conflict,
                         QStringLiteral("network %1 exists already").arg(networkIdToString(networkId)));
    Net net;
    net.settings = settings;
    if (Status valid = validateSettings(net.settings); !valid)
        return valid.error();
    const qint64 at = d.now();
    net.id = networkId;
    net.revision = 1;
    net.creationTime = at;
    net.lastModified = at;
    net.extra.id = networkId;
    ControllerNetworkRepository repo(m_database);
    const ControllerNetworkRow row = toRow(net);
    if (Status inserted = m_database.transaction([&]() -> Status { return repo.insert(row); }); !inserted)
        return inserted.error();
    d.networks.insert(networkId, net);
    d.forgetAllWarnings();
    ++d.counters.networkChanges;
    const NetworkDetails details = d.details(*d.networks.constFind(networkId), at);
    emit networkChanged(details);
    d.announcePoolNeighbours(networkId, net.settings.pools, at);
    return details;
}

Result<NetworkDetails> NetworkController::updateNetwork(quint64 networkId, const NetworkSettings &settings)
{
    Impl &d = *m_impl;
    auto it = d.networks.constFind(networkId);
    if (it == d.networks.constEnd())
        return makeError(ErrorCode::NotFound,
                         QStringLiteral("network %1 does not exist").arg(networkIdToString(networkId)));
    NetworkSettings valid = settings;
    if (Status ok = validateSettings(valid); !ok)
        return ok.error();
    const qint64 at = d.now();
    if (valid == it->settings)
        return d.details(*it, at);
    Net next = *it;
    next.settings = valid;
    next.revision += 1;
    next.lastModified = at;
    ControllerNetworkRepository repo(m_database);
    const ControllerNetworkRow row = toRow(next);
    if (Status updated = m_database.transaction([&]() -> Status { return repo.update(row); }); !updated)
        return updated.error();
    const QList<IpPool> oldPools = it->settings.pools;
    d.networks.insert(networkId, next);
    d.forgetAllWarnings();
    ++d.counters.networkChanges;
    const NetworkDetails details = d.details(*d.networks.constFind(networkId), at);
    emit networkChanged(details);
    if (next.settings.pools != oldPools)
        d.announcePoolNeighbours(networkId, oldPools + next.settings.pools, at);
    d.pushNetwork(networkId);
    return details;
}

Status NetworkController::deleteNetwork(quint64 networkId)
{
    Impl &d = *m_impl;
    auto it = d.networks.constFind(networkId);
    if (it == d.networks.constEnd())
        return makeError(ErrorCode::NotFound,
                         QStringLiteral("network %1 does not exist").arg(networkIdToString(networkId)));
    const qint64 at = d.now();
    const Net old = *it;
    const QList<Address> online = d.onlineMembers(old, at);
    ControllerNetworkRepository repo(m_database);
    if (Status removed = m_database.transaction([&]() -> Status { return repo.remove(networkId); }); !removed)
        return removed;
    d.networks.remove(networkId);
    d.forgetAllWarnings();
    ++d.counters.networkChanges;
    for (const MemberRow &m : old.members) {
        d.issued.remove(Key(networkId, m.address.toInt()));
        d.live.remove(Key(networkId, m.address.toInt()));
        d.dirty.remove(Key(networkId, m.address.toInt()));
    }
    emit networkRemoved(networkId);
    d.announcePoolNeighbours(networkId, old.settings.pools, at);
    for (const MemberRow &m : old.members) {
        if (m.authorized)
            d.revokeEverywhere(old, m.address, online, at);
    }
    if (m_sender) {
        for (Address a : online)
            m_sender->sendError(a, 0, ProtocolErrorCode::ObjectNotFound, networkId);
    }
    return Ok{};
}

Result<MemberInfo> NetworkController::setAuthorized(quint64 networkId, Address member, bool authorized)
{
    MemberUpdate update;
    update.authorized = authorized;
    return updateMember(networkId, member, update);
}

Result<MemberInfo> NetworkController::updateMember(quint64 networkId, Address member, const MemberUpdate &update)
{
    Impl &d = *m_impl;
    // Only this edit is the caller's; a push after it that assigns an address is the controller's own.
    d.changeSource = update.changedBy;
    const auto restoreSource = qScopeGuard([&d] { d.changeSource = MemberEventRow::ByController; });
    const qint64 at = d.now();
    Result<MemberEdit> edit = d.memberForEdit(networkId, member, at);
    if (!edit)
        return edit.error();
    Net &net = *edit->net;
    const bool exists = edit->exists;
    MemberRow row = edit->row;
    const MemberRow before = row;
    if (update.name) {
        if (update.name->toUtf8().size() > 1024)
            return invalid(QStringLiteral("the member name is too long"));
        row.name = *update.name;
    }
    if (update.description)
        row.description = *update.description;
    if (update.noAutoAssignIps)
        row.noAutoAssignIps = *update.noAutoAssignIps;
    if (update.activeBridge)
        row.activeBridge = *update.activeBridge;
    if (update.authorized && *update.authorized != row.authorized) {
        row.authorized = *update.authorized;
        if (row.authorized) {
            row.lastAuthorizedTime = at;
            row.lastAuthorizedCredentialType = QStringLiteral("api");
            row.lastAuthorizedCredential = QString();
        } else {
            row.lastDeauthorizedTime = at;
        }
    }
    if (update.ipAssignments) {
        QStringList ips;
        QSet<QString> seen;
        // Built once: an API client may send thousands of addresses for a network of thousands.
        QHash<QString, Address> taken;
        for (const MemberRow &other : net.members) {
            if (other.address == member)
                continue;
            for (const QString &text : other.ipAssignments)
                taken.insert(text, other.address);
        }
        for (const InetAddress &ip : *update.ipAssignments) {
            if (ip.isNull())
                return invalid(QStringLiteral("an IP assignment is empty"));
            const QString text = ip.toIpString();
            if (seen.contains(text))
                continue;
            if (auto owner = taken.constFind(text); owner != taken.constEnd())
                return makeError(ErrorCode::Conflict,
                                 QStringLiteral("%1 is already assigned to %2").arg(text, owner->toString()));
            seen.insert(text);
            ips.append(text);
        }
        row.ipAssignments = ips;
    }
    if (update.tags) {
        QMap<quint32, quint32> sorted;
        for (const auto &t : *update.tags)
            sorted.insert(t.first, t.second);
        QList<QPair<quint32, quint32>> tags;
        for (auto t = sorted.cbegin(); t != sorted.cend(); ++t)
            tags.append({t.key(), t.value()});
        row.tagsJson = tagsToJson(tags);
    }
    if (update.capabilities) {
        QList<quint32> caps = *update.capabilities;
        std::sort(caps.begin(), caps.end());
        caps.erase(std::unique(caps.begin(), caps.end()), caps.end());
        row.capabilitiesJson = capsToJson(caps);
    }
    if (exists && row == before)
        return d.info(row, at);
    if (exists)
        row.revision += 1;
    row.lastModified = at;
    const bool ipsChanged = row.ipAssignments != before.ipAssignments;
    const QList<NetworkFinding> warningsBefore = ipsChanged ? d.warnings(net) : QList<NetworkFinding>();
    if (Status saved = d.saveMember(net, row); !saved)
        return saved.error();
    d.changeSource = MemberEventRow::ByController;
    emit memberChanged(d.info(row, at));
    if (ipsChanged && d.warnings(net) != warningsBefore)
        emit networkChanged(d.details(net, at)); // a member address outside every route, or no longer
    if (exists && before.authorized && !row.authorized) {
        // Faster than the reference: revoke at once and tell the member now, not on its next request.
        const QList<Address> online = d.onlineMembers(net, at);
        d.revokeEverywhere(net, member, online, at);
        if (m_sender && online.contains(member))
            m_sender->sendError(member, 0, ProtocolErrorCode::NetworkAccessDenied, networkId);
        if (row.activeBridge != before.activeBridge)
            d.pushNetwork(networkId);
    } else if (row.activeBridge != before.activeBridge) {
        d.pushNetwork(networkId); // `S` lists active bridges for everyone
    } else {
        d.pushMember(networkId, member);
    }
    return d.info(net.members.value(member.toInt()), at);
}

Status NetworkController::deleteMember(quint64 networkId, Address member)
{
    Impl &d = *m_impl;
    auto it = d.networks.find(networkId);
    if (it == d.networks.end())
        return makeError(ErrorCode::NotFound,
                         QStringLiteral("network %1 does not exist").arg(networkIdToString(networkId)));
    Net &net = *it;
    if (!net.members.contains(member.toInt()))
        return makeError(ErrorCode::NotFound, QStringLiteral("member %1 of network %2 does not exist")
                                                  .arg(member.toString(), networkIdToString(networkId)));
    const qint64 at = d.now();
    const MemberRow old = net.members.value(member.toInt());
    const QList<Address> online = d.onlineMembers(net, at);
    const QList<NetworkFinding> warningsBefore =
        old.ipAssignments.isEmpty() ? QList<NetworkFinding>() : d.warnings(net);
    MemberRepository repo(m_database);
    if (Status removed = m_database.transaction([&]() -> Status { return repo.remove(networkId, member); }); !removed)
        return removed;
    net.members.remove(member.toInt());
    d.issued.remove(Key(networkId, member.toInt()));
    net.bridges.reset();
    net.warnings.reset();
    ++d.counters.memberChanges;
    d.live.remove(Key(networkId, member.toInt()));
    d.dirty.remove(Key(networkId, member.toInt()));
    emit memberRemoved(networkId, member);
    if (!old.ipAssignments.isEmpty() && d.warnings(net) != warningsBefore)
        emit networkChanged(d.details(net, at));
    if (old.authorized)
        d.revokeEverywhere(net, member, online, at);
    if (m_sender && online.contains(member))
        m_sender->sendError(member, 0, ProtocolErrorCode::NetworkAccessDenied, networkId);
    if (old.activeBridge)
        d.pushNetwork(networkId);
    return Ok{};
}

QList<NetworkDetails> NetworkController::networks() const
{
    QList<NetworkDetails> out;
    const qint64 at = m_impl->now();
    for (const Net &net : m_impl->networks)
        out.append(m_impl->details(net, at));
    return out;
}

std::optional<NetworkDetails> NetworkController::network(quint64 networkId) const
{
    auto it = m_impl->networks.constFind(networkId);
    if (it == m_impl->networks.constEnd())
        return std::nullopt;
    return m_impl->details(*it, m_impl->now());
}

QList<NetworkFinding> NetworkController::warnings(quint64 networkId) const
{
    auto it = m_impl->networks.constFind(networkId);
    return it == m_impl->networks.constEnd() ? QList<NetworkFinding>() : m_impl->warnings(*it);
}

QList<MemberInfo> NetworkController::members(quint64 networkId) const
{
    QList<MemberInfo> out;
    auto it = m_impl->networks.constFind(networkId);
    if (it == m_impl->networks.constEnd())
        return out;
    const qint64 at = m_impl->now();
    for (const MemberRow &m : it->members)
        out.append(m_impl->info(m, at));
    return out;
}

std::optional<MemberInfo> NetworkController::member(quint64 networkId, Address address) const
{
    auto it = m_impl->networks.constFind(networkId);
    if (it == m_impl->networks.constEnd() || !it->members.contains(address.toInt()))
        return std::nullopt;
    return m_impl->info(it->members.value(address.toInt()), m_impl->now());
}

QList<MemberInfo> NetworkController::pendingMembers() const
{
    QList<MemberInfo> out;
    const qint64 at = m_impl->now();
    for (const Net &net : m_impl->networks) {
        for (const MemberRow &m : net.members) {
            if (!m.authorized && !m.identity.isEmpty())
                out.append(m_impl->info(m, at));
        }
    }
    return out;
}

NetworkController::ChangeCounters NetworkController::changeCounters() const
{
    return m_impl->counters;
}

QHash<quint64, quint64> NetworkController::requestCountsByNetwork() const
{
    QHash<quint64, quint64> counts;
    for (auto it = m_impl->live.cbegin(); it != m_impl->live.cend(); ++it)
        counts[it.key().first] += it->requestCount;
    return counts;
}

bool NetworkController::isOnline(quint64 networkId, Address member) const
{
    return m_impl->online(networkId, member, m_impl->now());
}

bool NetworkController::isAuthorizedMember(Address member) const
{
    for (const Net &net : std::as_const(m_impl->networks)) {
        const auto it = net.members.constFind(member.toInt());
        if (it != net.members.constEnd() && it->authorized)
            return true;
    }
    return false;
}

Status NetworkController::flushStatus()
{
    Impl &d = *m_impl;
    const qint64 at = d.now();
    // Online → offline happens without any packet: found here, reported without a write.
    QSet<Key> changed = d.dirty;
    for (auto it = d.live.begin(); it != d.live.end(); ++it) {
        if (d.liveOnline(*it, at) != it->reportedOnline)
            changed.insert(it.key());
    }
    if (changed.isEmpty())
        return Ok{};
    QList<MemberStatusRow> rows;
    for (const Key &key : std::as_const(d.dirty)) {
        auto netIt = d.networks.constFind(key.first);
        auto l = d.live.constFind(key);
        if (netIt == d.networks.constEnd() || !netIt->members.contains(key.second) || l == d.live.constEnd())
            continue;
        MemberStatusRow s;
        s.networkId = key.first;
        s.address = Address(key.second);
        s.lastSeen = l->lastSeen;
        s.lastRequestTime = l->lastRequestTime;
        s.physicalAddress = l->physicalAddress.toString();
        s.clientVersion =
            l->versionMajor >= 0
                ? QStringLiteral("%1.%2.%3").arg(l->versionMajor).arg(l->versionMinor).arg(l->versionRevision)
                : QString();
        s.requestCount = l->requestCount;
        s.lastRequestMetadata = l->hasMetadata ? l->metadata.toDictionary().toBytes() : QByteArray();
        s.protocolVersion = l->protocolVersion;
        s.vMajor = l->versionMajor;
        s.vMinor = l->versionMinor;
        s.vRev = l->versionRevision;
        s.recentHistoryJson = historyToJson(l->history);
        rows.append(s);
    }
    if (!rows.isEmpty()) {
        MemberRepository repo(m_database);
        if (Status saved = m_database.transaction([&]() -> Status { return repo.saveStatus(rows); }); !saved)
            return saved; // stays dirty; the next tick retries
    }
    d.dirty.clear();
    QList<MemberInfo> infos;
    for (const Key &key : std::as_const(changed)) {
        auto netIt = d.networks.constFind(key.first);
        auto l = d.live.find(key);
        if (l != d.live.end())
            l->reportedOnline = d.liveOnline(*l, at);
        if (netIt == d.networks.constEnd() || !netIt->members.contains(key.second))
            continue;
        infos.append(d.info(netIt->members.value(key.second), at));
    }
    std::sort(infos.begin(), infos.end(), [](const MemberInfo &a, const MemberInfo &b) {
        return a.networkId != b.networkId ? a.networkId < b.networkId : a.address < b.address;
    });
    if (!infos.isEmpty())
        emit memberStatusChanged(infos);
    return Ok{};
}

} // namespace tier
