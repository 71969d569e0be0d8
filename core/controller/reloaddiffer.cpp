// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/controller/reloaddiffer.h"

#include "core/controller/networkcontroller.h"
#include "core/controller/pushplanner.h"

namespace tier {

ReloadDiffer::ReloadDiffer(const ControllerState &before, qint64 at)
    : m_at(at), m_before(before.networks), m_liveBefore(before.live)
{
    for (const NetworkState &net : m_before)
        m_onlineBefore.insert(net.id, before.onlineMembers(net, at));
}

void ReloadDiffer::apply(ControllerState &state, PushPlanner &pushes, NetworkController &controller) const
{
    // The reloaded status is what was just flushed or what another instance wrote; "reported" is this
    // instance's view and carries over.
    for (auto it = state.live.begin(); it != state.live.end(); ++it) {
        if (auto old = m_liveBefore.constFind(it.key()); old != m_liveBefore.constEnd())
            it->reportedOnline = old->reportedOnline;
    }

    for (const NetworkState &old : m_before) {
        if (!state.networks.contains(old.id))
            removedNetwork(old, pushes, controller);
    }
    QList<MemberInfo> statusChanged;
    const QList<quint64> ids = state.networks.keys();
    for (quint64 id : ids) {
        const auto oldIt = m_before.constFind(id);
        if (oldIt == m_before.constEnd()) {
            emit controller.networkChanged(state.details(state.networks.value(id), m_at));
            continue;
        }
        changedNetwork(*oldIt, state, id, pushes, controller, statusChanged);
    }
    if (!statusChanged.isEmpty())
        emit controller.memberStatusChanged(statusChanged);
}

void ReloadDiffer::removedNetwork(const NetworkState &old, PushPlanner &pushes, NetworkController &controller) const
{
    const QList<Address> online = m_onlineBefore.value(old.id);
    emit controller.networkRemoved(old.id);
    for (quint64 address : old.members.addresses()) {
        if (old.members.brief(address)->authorized)
            pushes.revokeEverywhere(old, Address(address), online, m_at);
    }
    pushes.announceGone(old.id, online);
}

void ReloadDiffer::changedNetwork(const NetworkState &old, const ControllerState &state, quint64 id,
                                  PushPlanner &pushes, NetworkController &controller,
                                  QList<MemberInfo> &statusChanged) const
{
    const NetworkState now = state.networks.value(id);
    const QList<Address> online = m_onlineBefore.value(id);
    const bool networkEdited = old.settings != now.settings || old.revision != now.revision;
    bool pushAll = networkEdited;
    QList<Address> pushTargets;
    for (quint64 address : old.members.addresses()) {
        if (!now.members.contains(address)) {
            const MemberBrief m = *old.members.brief(address);
            emit controller.memberRemoved(id, m.address);
            if (m.authorized)
                pushes.revokeEverywhere(old, m.address, online, m_at);
            pushes.denyIfOnline(id, m.address, online);
            pushAll = pushAll || m.activeBridge;
        }
    }
    for (quint64 address : now.members.addresses()) {
        const MemberKey key(id, address);
        // Unpacked only where something is to be said about the member (a million on a reload).
        if (!now.members.sameRecord(address, old.members)) {
            const MemberRow m = now.members.value(address);
            const std::optional<MemberBrief> prev = old.members.brief(address);
            emit controller.memberChanged(state.info(m, m_at));
            if (prev && prev->authorized && !m.authorized) {
                pushes.revokeEverywhere(now, m.address, online, m_at);
                pushes.denyIfOnline(id, m.address, online);
            } else {
                pushTargets.append(m.address);
            }
            const bool wasBridge = prev && prev->activeBridge;
            pushAll = pushAll || wasBridge != m.activeBridge;
            continue;
        }
        const auto l = state.live.constFind(key);
        const auto lb = m_liveBefore.constFind(key);
        const bool hadLive = lb != m_liveBefore.constEnd();
        const bool hasLive = l != state.live.constEnd();
        if (hadLive != hasLive ||
            (hasLive && (l->lastRequestTime != lb->lastRequestTime || l->lastSeen != lb->lastSeen ||
                         l->requestCount != lb->requestCount || l->physicalAddress != lb->physicalAddress)))
            statusChanged.append(state.info(now.members.value(address), m_at));
    }
    if (networkEdited)
        emit controller.networkChanged(state.details(now, m_at));
    if (pushAll)
        pushes.pushNetwork(id);
    else
        pushes.pushMembers(id, pushTargets);
}

} // namespace tier
