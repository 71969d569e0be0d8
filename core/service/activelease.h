// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/result.h"
#include "core/store/databaseuri.h"

#include <QObject>
#include <QSqlDatabase>
#include <QTimer>

namespace tier {

/// Decides which of several Tiermaster instances sharing one PostgreSQL database is the active
/// controller: the holder of a session-level advisory lock on a connection of its own. The server
/// drops the lock as soon as that connection ends (process killed, machine gone: when TCP notices),
/// so a standby retrying every RetryIntervalMs takes over within about a second of a crash.
///
/// The same connection LISTENs for the change notices every instance's Database sends on commit
/// (Database::setNotifyChanges with instanceTag()), so the active engine reloads what another
/// instance wrote; its own notices are recognised by the tag and ignored.
///
/// Lives on the engine thread (a QObject with timers and the connection of that thread).
class Node;
class NetworkController;

class ActiveLease final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ActiveLease)

public:
    static constexpr int RetryIntervalMs = 500;
    /// How often the holder checks that its lock connection is still alive.
    static constexpr int HealthIntervalMs = 1000;
    /// Names "the active Tiermaster controller" among advisory locks of the database ("TMactive").
    static constexpr qint64 LockKey = 0x544d616374697665LL;

    explicit ActiveLease(DatabaseUri uri, QObject *parent = nullptr);
    ~ActiveLease() override; ///< releases (closes the connection)

    /// Connects, LISTENs and tries once at once (isHeld() tells); then keeps trying in the
    /// background until acquired() (and checks the connection while held). An error only if
    /// the server cannot be reached or refuses the connection.
    Status start();
    /// Gives the lease up (others may take over) and stops trying.
    void stop();

    bool isHeld() const { return m_held; }

    /// After a take-over: HELLO from the new active node to every member that asked within
    /// AnnounceWindowMs, at the physical address it last asked from. Members keep a direct path
    /// to the dead instance until it goes stale (and relays may lag further); the HELLO comes from
    /// the controller's identity at its new address, so they follow it at once. Returns the count.
    static int announceTakeover(Node &node, const NetworkController &controller, qint64 nowMs);
    static constexpr qint64 AnnounceWindowMs = 3600000;
    /// Random per instance; pass it to Database::setNotifyChanges().
    QString instanceTag() const { return m_tag; }

signals:
    /// The lease became ours after start() found it taken (never emitted from start() itself).
    void acquired();
    /// The lock connection failed while we held the lease: another instance may be active now.
    void lost(const QString &reason);
    /// Another instance committed a change to the shared database (held or standing by).
    void changed();

private:
    void tryAcquire();
    bool attempt(); ///< true if the lease just became ours
    void checkHealth();
    Result<bool> queryBool(const QString &sql);

    DatabaseUri m_uri;
    QString m_connectionName;
    QString m_tag;
    QSqlDatabase m_db;
    QTimer m_retry;
    QTimer m_health;
    bool m_held = false;
};

} // namespace tier
