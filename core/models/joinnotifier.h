// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/controller/memberinfo.h"
#include "core/service/engineclient.h"
#include "core/service/networkinfo.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

namespace tier {

/// Decides when "a new member wants to join <network>" is worth telling the user, and what the
/// notification's Authorize action does. QtCore only: the tray icon just shows notificationReady().
///
/// Rules: a joinRequested for a member that is not authorized and was not announced before in this
/// session (per network) is collected; requests arriving within coalesceInterval() of the first
/// one form a single notification. A member authorized or deleted meanwhile is dropped from the
/// batch and from current(); a batch that becomes empty is not shown.
class JoinNotifier final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JoinNotifier)

public:
    struct Notification
    {
        QString title;
        QString message;
        QList<MemberInfo> members; ///< who the Authorize action authorizes
    };

    explicit JoinNotifier(QObject *parent = nullptr);

    /// Follows joinRequested/memberChanged and the network names; Authorize calls the engine.
    void setEngine(EngineClient *engine);
    EngineClient *engine() const { return m_engine; }

    /// How long a burst is collected before one notification (default 1500 ms; 0 = at once).
    void setCoalesceInterval(int ms);
    int coalesceInterval() const { return m_coalesceInterval; }

    /// The last notification shown whose members are not all authorized yet (members empty if none).
    const Notification &current() const { return m_current; }
    bool hasPendingAuthorization() const { return !m_current.members.isEmpty(); }

public slots:
    void handleJoinRequest(const tier::MemberInfo &member);
    void handleMemberChanged(const tier::MemberInfo &member);
    /// A deleted member leaves the batch and current(): Authorize must not re-create it.
    void handleMemberRemoved(quint64 networkId, tier::Address address);
    void setNetworks(const QList<tier::NetworkInfo> &networks);
    void setNetwork(const tier::NetworkInfo &network);
    /// Sends the collected batch now (what the coalescing timer does).
    void flush();
    /// The Authorize action: authorizes every member of current() and clears it.
    void authorizeCurrent();

signals:
    void notificationReady(const tier::JoinNotifier::Notification &notification);
    void authorizationRequested(quint64 networkId, tier::Address member, bool authorized);
    /// current() changed (a new notification, or its members were authorized).
    void currentChanged();

private:
    QString networkName(quint64 networkId) const;
    Notification compose(const QList<MemberInfo> &members) const;
    void forget(quint64 networkId, Address address);

    QPointer<EngineClient> m_engine;
    QList<QMetaObject::Connection> m_connections;
    QHash<quint64, QString> m_networkNames;
    QSet<QPair<quint64, quint64>> m_announced; ///< (network, address) told about this session
    QList<MemberInfo> m_batch;
    Notification m_current;
    QTimer m_timer;
    int m_coalesceInterval = 1500;
};

} // namespace tier

Q_DECLARE_METATYPE(tier::JoinNotifier::Notification)
