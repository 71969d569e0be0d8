// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/models/joinnotifier.h"

namespace tier {

JoinNotifier::JoinNotifier(QObject *parent) : QObject(parent)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &JoinNotifier::flush);
}

void JoinNotifier::setEngine(EngineClient *engine)
{
    for (const auto &connection : std::as_const(m_connections))
        disconnect(connection);
    m_connections.clear();
    m_engine = engine;
    if (!engine)
        return;
    m_connections << connect(engine, &EngineClient::joinRequested, this, &JoinNotifier::handleJoinRequest)
                  << connect(engine, &EngineClient::memberChanged, this, &JoinNotifier::handleMemberChanged)
                  << connect(engine, &EngineClient::memberRemoved, this, &JoinNotifier::handleMemberRemoved)
                  << connect(engine, &EngineClient::networksReset, this, &JoinNotifier::setNetworks)
                  << connect(engine, &EngineClient::networkChanged, this, &JoinNotifier::setNetwork);
}

void JoinNotifier::setCoalesceInterval(int ms)
{
    m_coalesceInterval = std::max(0, ms);
}

void JoinNotifier::setNetworks(const QList<NetworkInfo> &networks)
{
    m_networkNames.clear();
    for (const NetworkInfo &network : networks)
        m_networkNames.insert(network.id, network.name);
}

void JoinNotifier::setNetwork(const NetworkInfo &network)
{
    m_networkNames.insert(network.id, network.name);
}

QString JoinNotifier::networkName(quint64 networkId) const
{
    const QString name = m_networkNames.value(networkId);
    return name.isEmpty() ? networkIdToString(networkId) : name;
}

void JoinNotifier::handleJoinRequest(const MemberInfo &member)
{
    if (member.authorized)
        return;
    const QPair<quint64, quint64> key(member.networkId, member.address.toInt());
    // A node retries its request every few seconds while it waits: one notification per session.
    if (m_announced.contains(key))
        return;
    m_announced.insert(key);
    m_batch << member;
    if (m_coalesceInterval == 0)
        flush();
    else if (!m_timer.isActive())
        m_timer.start(m_coalesceInterval); // not restarted: a steady stream still notifies regularly
}

void JoinNotifier::handleMemberChanged(const MemberInfo &member)
{
    if (member.authorized)
        forget(member.networkId, member.address);
}

void JoinNotifier::handleMemberRemoved(quint64 networkId, Address address)
{
    forget(networkId, address);
}

void JoinNotifier::forget(quint64 networkId, Address address)
{
    const auto matches = [&](const MemberInfo &waiting) {
        return waiting.networkId == networkId && waiting.address == address;
    };
    m_batch.removeIf(matches);
    const auto before = m_current.members.size();
    m_current.members.removeIf(matches);
    if (m_current.members.size() != before) {
        if (m_current.members.isEmpty())
            m_current = {};
        emit currentChanged();
    }
}

void JoinNotifier::flush()
{
    m_timer.stop();
    if (m_batch.isEmpty())
        return;
    m_current = compose(m_batch);
    m_batch.clear();
    emit currentChanged();
    emit notificationReady(m_current);
}

JoinNotifier::Notification JoinNotifier::compose(const QList<MemberInfo> &members) const
{
    Notification notification;
    notification.members = members;
    QSet<quint64> networks;
    for (const MemberInfo &member : members)
        networks.insert(member.networkId);
    if (members.size() == 1) {
        const MemberInfo &member = members.first();
        notification.title = tr("New member wants to join %1").arg(networkName(member.networkId));
        notification.message = tr("Member %1 asks to join network %2. Click to authorize it.")
                                   .arg(member.address.toString(), networkName(member.networkId));
    } else if (networks.size() == 1) {
        const QString name = networkName(members.first().networkId);
        notification.title = tr("%1 new members want to join %2").arg(members.size()).arg(name);
        QStringList addresses;
        for (const MemberInfo &member : members)
            addresses << member.address.toString();
        notification.message = tr("Members %1 ask to join network %2. Click to authorize them.")
                                   .arg(addresses.join(QLatin1String(", ")), name);
    } else {
        notification.title = tr("%1 new members want to join your networks").arg(members.size());
        QStringList lines;
        for (const MemberInfo &member : members)
            lines << tr("%1 → %2").arg(member.address.toString(), networkName(member.networkId));
        notification.message = lines.join(u'\n') + u'\n' + tr("Click to authorize them.");
    }
    return notification;
}

void JoinNotifier::authorizeCurrent()
{
    if (m_current.members.isEmpty())
        return;
    const QList<MemberInfo> members = std::exchange(m_current, {}).members;
    for (const MemberInfo &member : members) {
        emit authorizationRequested(member.networkId, member.address, true);
        if (m_engine)
            m_engine->setMemberAuthorized(member.networkId, member.address, true);
    }
    emit currentChanged();
}

} // namespace tier
