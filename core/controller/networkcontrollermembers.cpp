// SPDX-License-Identifier: GPL-3.0-or-later
// NetworkController's member mutations: authorize, edit, delete; and the one member write they and the
// request path share (Impl::saveMember).
#include "core/controller/controllersender.h"
#include "core/controller/networkcontroller.h"
#include "core/controller/networkcontroller_p.h"
#include "core/store/database.h"
#include "core/store/memberrepository.h"

#include <QScopeGuard>

#include <algorithm>

namespace tier {

Status NetworkController::Impl::saveMember(NetworkState &net, const MemberRow &row, Write mode)
{
    MemberRepository repo(database);
    std::optional<quint64> storedRevision;
    const std::optional<MemberRow> stored = net.members.find(row.address.toInt());
    if (stored)
        storedRevision = stored->revision;
    // What people ask about afterwards (authorization and addresses) is recorded with the change.
    QList<MemberEventRow> events;
    const bool wasAuthorizedBefore = stored && stored->authorized;
    const QStringList ipsBefore = stored ? stored->ipAssignments : QStringList();
    auto event = [&](const QString &kind, const QString &detail = QString()) {
        events.append(
            {net.id, row.address, row.lastModified > 0 ? row.lastModified : now(), kind, changeSource, detail});
    };
    if (row.authorized != wasAuthorizedBefore)
        event(row.authorized ? MemberEventRow::Authorized : MemberEventRow::Deauthorized);
    if (row.ipAssignments != ipsBefore)
        event(MemberEventRow::IpsChanged, row.ipAssignments.join(QLatin1String(", ")));
    MemberEventRepository eventRepo(database);
    Status saved = database.transaction([&]() -> Status {
        Status written = mode == Write::Always ? repo.save(row) : repo.saveIfUnchanged(row, storedRevision);
        if (!written)
            return written;
        return eventRepo.append(events);
    });
    if (!saved)
        return saved;
    state.commitMember(net, row); // only after the commit
    return Ok{};
}

Status NetworkController::Impl::applyUpdate(const NetworkState &net, Address member, const MemberUpdate &update,
                                            MemberRow &row, qint64 at)
{
    if (update.name) {
        if (update.name->toUtf8().size() > 1024)
            return makeError(ErrorCode::Malformed, QStringLiteral("the member name is too long"));
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
        net.members.forEachIpTexts([&](Address other, const QStringList &texts) {
            if (other == member)
                return;
            for (const QString &text : texts)
                taken.insert(text, other);
        });
        for (const InetAddress &ip : *update.ipAssignments) {
            if (ip.isNull())
                return makeError(ErrorCode::Malformed, QStringLiteral("an IP assignment is empty"));
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
        row.tagsJson = memberfields::tagsToJson(tags);
    }
    if (update.capabilities) {
        QList<quint32> caps = *update.capabilities;
        std::sort(caps.begin(), caps.end());
        caps.erase(std::unique(caps.begin(), caps.end()), caps.end());
        row.capabilitiesJson = memberfields::capsToJson(caps);
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
    Result<MemberEdit> edit = d.state.memberForEdit(networkId, member, at);
    if (!edit)
        return edit.error();
    NetworkState &net = *edit->net;
    const bool exists = edit->exists;
    MemberRow row = edit->row;
    const MemberRow before = row;
    if (Status applied = d.applyUpdate(net, member, update, row, at); !applied)
        return applied.error();
    if (exists && row == before)
        return d.state.info(row, at);
    if (exists)
        row.revision += 1;
    row.lastModified = at;
    const bool ipsChanged = row.ipAssignments != before.ipAssignments;
    const QList<NetworkFinding> warningsBefore = ipsChanged ? d.state.warnings(net) : QList<NetworkFinding>();
    if (Status saved = d.saveMember(net, row); !saved)
        return saved.error();
    d.changeSource = MemberEventRow::ByController;
    emit memberChanged(d.state.info(row, at));
    if (ipsChanged && d.state.warnings(net) != warningsBefore)
        emit networkChanged(d.state.details(net, at)); // a member address outside every route, or no longer
    if (exists && before.authorized && !row.authorized) {
        // Faster than the reference: revoke at once and tell the member now, not on its next request.
        const QList<Address> online = d.state.onlineMembers(net, at);
        d.pushes.revokeEverywhere(net, member, online, at);
        d.pushes.denyIfOnline(networkId, member, online);
        if (row.activeBridge != before.activeBridge)
            d.pushes.pushNetwork(networkId);
    } else if (row.activeBridge != before.activeBridge) {
        d.pushes.pushNetwork(networkId); // `S` lists active bridges for everyone
    } else {
        d.pushes.pushMember(networkId, member);
    }
    return d.state.info(net.members.value(member.toInt()), at);
}

Status NetworkController::deleteMember(quint64 networkId, Address member)
{
    Impl &d = *m_impl;
    auto it = d.state.networks.find(networkId);
    if (it == d.state.networks.end())
        return makeError(ErrorCode::NotFound,
                         QStringLiteral("network %1 does not exist").arg(networkIdToString(networkId)));
    NetworkState &net = *it;
    if (!net.members.contains(member.toInt()))
        return makeError(ErrorCode::NotFound, QStringLiteral("member %1 of network %2 does not exist")
                                                  .arg(member.toString(), networkIdToString(networkId)));
    const qint64 at = d.now();
    const MemberRow old = net.members.value(member.toInt());
    const QList<Address> online = d.state.onlineMembers(net, at);
    const QList<NetworkFinding> warningsBefore =
        old.ipAssignments.isEmpty() ? QList<NetworkFinding>() : d.state.warnings(net);
    MemberRepository repo(m_database);
    if (Status removed = m_database.transaction([&]() -> Status { return repo.remove(networkId, member); }); !removed)
        return removed;
    ControllerState::removeMember(net, member);
    ++d.state.counters.memberChanges;
    d.state.forgetMember(MemberKey(networkId, member.toInt()));
    emit memberRemoved(networkId, member);
    if (!old.ipAssignments.isEmpty() && d.state.warnings(net) != warningsBefore)
        emit networkChanged(d.state.details(net, at));
    if (old.authorized)
        d.pushes.revokeEverywhere(net, member, online, at);
    d.pushes.denyIfOnline(networkId, member, online);
    if (old.activeBridge)
        d.pushes.pushNetwork(networkId);
    return Ok{};
}

} // namespace tier
