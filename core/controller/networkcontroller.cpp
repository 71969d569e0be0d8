// SPDX-License-Identifier: GPL-3.0-or-later
// NetworkController: construction, load, network mutations and reads. Its parts are listed in
// networkcontroller_p.h; docs/architecture.md follows a config request through them.
#include "core/controller/networkcontroller.h"

#include "core/controller/networkcontroller_p.h"
#include "core/controller/networkvalidation.h"
#include "core/controller/reloaddiffer.h"
#include "core/store/controllernetworkrepository.h"
#include "core/store/database.h"
#include "core/store/memberrepository.h"

#include <QDateTime>

Q_LOGGING_CATEGORY(lcController, "tiermaster.controller")

namespace tier {

namespace {

// Random network numbers tried before createNetwork() gives up (as the reference controller).
constexpr int MaxCreateAttempts = 100000;

const QString kDefaultRules = QStringLiteral("[{\"not\":false,\"or\":false,\"type\":\"ACTION_ACCEPT\"}]");

Error invalid(const QString &message)
{
    return makeError(ErrorCode::Malformed, message);
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

Error networkNotFound(quint64 networkId)
{
    return makeError(ErrorCode::NotFound,
                     QStringLiteral("network %1 does not exist").arg(networkIdToString(networkId)));
}

} // namespace

NetworkController::NetworkController(Database &database, Identity controller, ControllerSender *sender, Clock clock,
                                     QObject *parent)
    : QObject(parent), m_database(database), m_controller(std::move(controller)), m_sender(sender),
      m_clock(std::move(clock)), m_impl(std::make_unique<Impl>(*this, database, sender)), m_flushTimer(this)
{
    if (!m_clock)
        m_clock = [] { return QDateTime::currentMSecsSinceEpoch(); };
    m_flushTimer.setInterval(DefaultStatusFlushIntervalMs);
    connect(&m_flushTimer, &QTimer::timeout, this, [this] {
        // The periodic flush writes what changed in substance and rows due again (StatusTracker::RewriteMs).
        const qint64 at = m_impl->now();
        m_impl->state.forgetExpiredCredentials(at);
        Result<QList<MemberInfo>> changed = m_impl->status.flush(m_database, at, StatusTracker::Scope::Due);
        if (!changed)
            qCWarning(lcController) << "status flush failed:" << changed.error().message;
        else if (!changed->isEmpty())
            emit memberStatusChanged(*changed);
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

void NetworkController::Impl::announcePoolNeighbours(quint64 nwid, const QList<IpPool> &pools, qint64 at)
{
    // Another network's "pools overlap" warning depends on this network's pools.
    for (const NetworkState *other : state.poolNeighbours(nwid, pools))
        emit q.networkChanged(state.details(*other, at));
}

Status NetworkController::load()
{
    ControllerState &state = m_impl->state;
    state.issued.clear(); // what they were made of is re-read now
    ControllerNetworkRepository networks(m_database);
    MemberRepository members(m_database);
    auto netRows = networks.loadAll();
    if (!netRows)
        return netRows.error();
    QMap<quint64, NetworkState> loaded;
    for (const ControllerNetworkRow &row : *netRows)
        loaded.insert(row.record.id, NetworkState::fromRow(row));
    // Rows come one at a time, by network: each goes straight into its network's packed table, and
    // no list of a million rows is ever held. Tables sized first are filled without growing (each
    // growth moved every record so far and touched fresh memory); without the counts they grow.
    if (auto counts = members.countByNetwork()) {
        for (auto it = counts->cbegin(); it != counts->cend(); ++it) {
            if (auto net = loaded.find(it.key()); net != loaded.end())
                net->members.reserve(it.value());
        }
    }
    auto current = loaded.end();
    Status read = members.forEachMember([&](MemberRow &&m) {
        if (current == loaded.end() || current->id != m.networkId)
            current = loaded.find(m.networkId);
        if (current != loaded.end())
            current->members.append(m); // each (network, address) comes once
    });
    if (!read)
        return read;
    for (NetworkState &net : loaded)
        net.members.finishAppending();
    auto statusRows = members.loadStatus();
    if (!statusRows)
        return statusRows.error();
    state.networks = std::move(loaded);
    state.live = StatusTracker::fromRows(*statusRows);
    state.indexLive();
    state.dirty.clear();
    state.stale.clear();
    m_flushTimer.start();
    return Ok{};
}

Status NetworkController::reloadFromDatabase()
{
    Impl &d = *m_impl;
    if (Status flushed = flushStatus(); !flushed)
        qCWarning(lcController) << "status flush before reload failed:" << flushed.error().message;
    const ReloadDiffer diff(d.state, d.now());
    if (Status loaded = load(); !loaded)
        return loaded;
    diff.apply(d.state, d.pushes, *this);
    return Ok{};
}

Status NetworkController::flushStatus()
{
    Result<QList<MemberInfo>> changed =
        m_impl->status.flush(m_database, m_impl->now(), StatusTracker::Scope::Everything);
    if (!changed)
        return changed.error();
    if (!changed->isEmpty())
        emit memberStatusChanged(*changed);
    return Ok{};
}

Result<NetworkDetails> NetworkController::createNetwork(const NetworkSettings &settings)
{
    Impl &d = *m_impl;
    quint64 id = 0;
    for (int attempt = 0; attempt < MaxCreateAttempts && id == 0; ++attempt) {
        const quint64 number = d.random() & 0xffffffULL;
        const quint64 candidate = (m_controller.address().toInt() << 24) | number;
        if (number != 0 && !d.state.networks.contains(candidate))
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
    if (d.state.networks.contains(networkId))
        return makeError(ErrorCode::Conflict,
                         QStringLiteral("network %1 exists already").arg(networkIdToString(networkId)));
    NetworkState net;
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
    const ControllerNetworkRow row = net.toRow();
    if (Status inserted = m_database.transaction([&]() -> Status { return repo.insert(row); }); !inserted)
        return inserted.error();
    d.state.networks.insert(networkId, net);
    d.state.forgetAllWarnings();
    ++d.state.counters.networkChanges;
    const NetworkDetails details = d.state.details(*d.state.networks.constFind(networkId), at);
    emit networkChanged(details);
    d.announcePoolNeighbours(networkId, net.settings.pools, at);
    return details;
}

Result<NetworkDetails> NetworkController::updateNetwork(quint64 networkId, const NetworkSettings &settings)
{
    Impl &d = *m_impl;
    auto it = d.state.networks.constFind(networkId);
    if (it == d.state.networks.constEnd())
        return networkNotFound(networkId);
    NetworkSettings valid = settings;
    if (Status ok = validateSettings(valid); !ok)
        return ok.error();
    const qint64 at = d.now();
    if (valid == it->settings)
        return d.state.details(*it, at);
    NetworkState next = *it;
    next.settings = valid;
    next.revision += 1;
    next.lastModified = at;
    ControllerNetworkRepository repo(m_database);
    const ControllerNetworkRow row = next.toRow();
    if (Status updated = m_database.transaction([&]() -> Status { return repo.update(row); }); !updated)
        return updated.error();
    const QList<IpPool> oldPools = it->settings.pools;
    d.state.networks.insert(networkId, next);
    d.state.forgetAllWarnings();
    ++d.state.counters.networkChanges;
    const NetworkDetails details = d.state.details(*d.state.networks.constFind(networkId), at);
    emit networkChanged(details);
    if (next.settings.pools != oldPools)
        d.announcePoolNeighbours(networkId, oldPools + next.settings.pools, at);
    d.pushes.pushNetwork(networkId);
    return details;
}

Status NetworkController::deleteNetwork(quint64 networkId)
{
    Impl &d = *m_impl;
    auto it = d.state.networks.constFind(networkId);
    if (it == d.state.networks.constEnd())
        return networkNotFound(networkId);
    const qint64 at = d.now();
    const NetworkState old = *it;
    const QList<Address> online = d.state.onlineMembers(old, at);
    ControllerNetworkRepository repo(m_database);
    if (Status removed = m_database.transaction([&]() -> Status { return repo.remove(networkId); }); !removed)
        return removed;
    d.state.networks.remove(networkId);
    d.state.forgetAllWarnings();
    ++d.state.counters.networkChanges;
    const QList<quint64> addresses = old.members.addresses();
    for (quint64 address : addresses)
        d.state.forgetMember(MemberKey(networkId, address));
    emit networkRemoved(networkId);
    d.announcePoolNeighbours(networkId, old.settings.pools, at);
    for (quint64 address : addresses) {
        if (old.members.brief(address)->authorized)
            d.pushes.revokeEverywhere(old, Address(address), online, at);
    }
    d.pushes.announceGone(networkId, online);
    return Ok{};
}

QList<NetworkDetails> NetworkController::networks() const
{
    QList<NetworkDetails> out;
    const qint64 at = m_impl->now();
    for (const NetworkState &net : m_impl->state.networks)
        out.append(m_impl->state.details(net, at));
    return out;
}

std::optional<NetworkDetails> NetworkController::network(quint64 networkId) const
{
    auto it = m_impl->state.networks.constFind(networkId);
    if (it == m_impl->state.networks.constEnd())
        return std::nullopt;
    return m_impl->state.details(*it, m_impl->now());
}

QList<NetworkFinding> NetworkController::warnings(quint64 networkId) const
{
    auto it = m_impl->state.networks.constFind(networkId);
    return it == m_impl->state.networks.constEnd() ? QList<NetworkFinding>() : m_impl->state.warnings(*it);
}

QList<MemberInfo> NetworkController::members(quint64 networkId) const
{
    QList<MemberInfo> out;
    auto it = m_impl->state.networks.constFind(networkId);
    if (it == m_impl->state.networks.constEnd())
        return out;
    const qint64 at = m_impl->now();
    it->members.forEach([&](const MemberRow &m) { out.append(m_impl->state.info(m, at)); });
    return out;
}

std::optional<MemberInfo> NetworkController::member(quint64 networkId, Address address) const
{
    auto it = m_impl->state.networks.constFind(networkId);
    if (it == m_impl->state.networks.constEnd())
        return std::nullopt;
    const std::optional<MemberRow> row = it->members.find(address.toInt());
    if (!row)
        return std::nullopt;
    return m_impl->state.info(*row, m_impl->now());
}

QList<MemberInfo> NetworkController::pendingMembers() const
{
    QList<MemberInfo> out;
    const qint64 at = m_impl->now();
    for (const NetworkState &net : m_impl->state.networks) {
        if (net.members.pendingCount() == 0)
            continue;
        for (quint64 address : net.members.addresses()) {
            const MemberBrief m = *net.members.brief(address);
            if (!m.authorized && m.hasIdentity)
                out.append(m_impl->state.info(net.members.value(address), at));
        }
    }
    return out;
}

NetworkController::ChangeCounters NetworkController::changeCounters() const
{
    return m_impl->state.counters;
}

QHash<quint64, quint64> NetworkController::requestCountsByNetwork() const
{
    return m_impl->status.requestCountsByNetwork();
}

bool NetworkController::isOnline(quint64 networkId, Address member) const
{
    return m_impl->state.online(networkId, member, m_impl->now());
}

bool NetworkController::isAuthorizedMember(Address member) const
{
    for (const NetworkState &net : std::as_const(m_impl->state.networks)) {
        const std::optional<MemberBrief> brief = net.members.brief(member.toInt());
        if (brief && brief->authorized)
            return true;
    }
    return false;
}

} // namespace tier
