// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/service/activelease.h"

#include "core/controller/networkcontroller.h"
#include "core/node/node.h"
#include "core/store/database.h"
#include "core/store/sqlconnection.h"

#include <QLoggingCategory>
#include <QSet>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <atomic>

namespace tier {

Q_LOGGING_CATEGORY(lcLease, "tiermaster.lease", QtInfoMsg)

namespace {

std::atomic<quint64> s_leaseCounter{0};

QString errorText(const QSqlError &error)
{
    const QString text = error.databaseText().trimmed();
    return text.isEmpty() ? error.text().trimmed() : text;
}

} // namespace

ActiveLease::ActiveLease(DatabaseUri uri, QObject *parent)
    : QObject(parent), m_uri(std::move(uri)),
      m_connectionName(QStringLiteral("tiermaster-lease-%1").arg(++s_leaseCounter)),
      m_tag(QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    m_retry.setInterval(RetryIntervalMs);
    m_health.setInterval(HealthIntervalMs);
    connect(&m_retry, &QTimer::timeout, this, &ActiveLease::tryAcquire);
    connect(&m_health, &QTimer::timeout, this, &ActiveLease::checkHealth);
}

ActiveLease::~ActiveLease()
{
    stop();
}

Status ActiveLease::start()
{
    if (m_db.isValid())
        return Ok{};
    Result<QSqlDatabase> added = addPostgresConnection(m_uri, m_connectionName);
    if (!added)
        return added.error();
    m_db = *added;
    // Keepalives: a holder whose machine vanished (no FIN) loses the lock within ~10 s instead of
    // the kernel's two hours.
    m_db.setConnectOptions(QStringLiteral("connect_timeout=10;application_name=tiermaster-lease;keepalives=1;"
                                          "keepalives_idle=5;keepalives_interval=2;keepalives_count=3"));
    if (!m_db.open()) {
        const Error error = makeError(ErrorCode::Database, QStringLiteral("cannot connect to PostgreSQL at %1: %2")
                                                               .arg(m_uri.toString(), errorText(m_db.lastError())));
        stop();
        return error;
    }
    QSqlDriver *driver = m_db.driver();
    connect(driver, &QSqlDriver::notification, this,
            [this](const QString &name, QSqlDriver::NotificationSource, const QVariant &payload) {
                if (name != Database::changeChannel() || payload.toString() == m_tag)
                    return;
                emit changed(); // the active instance pushes, a standby refreshes its view
            });
    if (!driver->subscribeToNotification(Database::changeChannel())) {
        const Error error = makeError(ErrorCode::Database, QStringLiteral("cannot listen for changes on %1: %2")
                                                               .arg(m_uri.toString(), errorText(driver->lastError())));
        stop();
        return error;
    }
    if (!attempt() && !m_db.isOpen()) {
        stop();
        return makeError(ErrorCode::Database,
                         QStringLiteral("cannot take part in controller fail-over on %1").arg(m_uri.toString()));
    }
    if (!m_held) {
        qCInfo(lcLease).noquote() << "another instance is the active controller on" << m_uri.toString()
                                  << "— standing by";
        m_retry.start();
    }
    return Ok{};
}

void ActiveLease::stop()
{
    m_retry.stop();
    m_health.stop();
    m_held = false;
    if (m_db.isValid()) {
        m_db.driver()->disconnect(this);
        m_db.close(); // ends the session: the server releases the lock
        m_db = QSqlDatabase();
    }
    if (QSqlDatabase::contains(m_connectionName))
        QSqlDatabase::removeDatabase(m_connectionName);
}

Result<bool> ActiveLease::queryBool(const QString &sql)
{
    if (!m_db.isOpen())
        return makeError(ErrorCode::Database, QStringLiteral("the connection to the server was closed"));
    QSqlQuery query(m_db);
    if (!query.exec(sql)) {
        const QString text = errorText(query.lastError());
        return makeError(ErrorCode::Database,
                         text.isEmpty() ? QStringLiteral("the connection to the server was lost") : text);
    }
    if (!query.next())
        return makeError(ErrorCode::Database, QStringLiteral("no answer to %1").arg(sql));
    return query.value(0).toBool();
}

void ActiveLease::tryAcquire()
{
    if (attempt())
        emit acquired();
}

bool ActiveLease::attempt()
{
    if (m_held || !m_db.isValid())
        return false;
    auto got = queryBool(QStringLiteral("SELECT pg_try_advisory_lock(%1)").arg(LockKey));
    if (!got) {
        // The server went away; reconnecting is the next attempt's job.
        qCWarning(lcLease).noquote() << "lease attempt failed:" << got.error().message;
        m_db.close();
        if (!m_db.open())
            qCWarning(lcLease).noquote() << "reconnecting to" << m_uri.toString()
                                         << "failed:" << errorText(m_db.lastError());
        else
            m_db.driver()->subscribeToNotification(Database::changeChannel());
        return false;
    }
    if (!*got)
        return false;
    m_held = true;
    m_retry.stop();
    m_health.start();
    qCInfo(lcLease).noquote() << "this instance is now the active controller on" << m_uri.toString();
    return true;
}

int ActiveLease::announceTakeover(Node &node, const NetworkController &controller, qint64 nowMs)
{
    QSet<QPair<quint64, QString>> done; // a member of several networks is greeted once per address
    int sent = 0;
    for (const NetworkDetails &network : controller.networks()) {
        for (const MemberInfo &member : controller.members(network.id)) {
            if (member.physicalAddress.isNull() || member.lastRequestTime <= 0 ||
                nowMs - member.lastRequestTime > AnnounceWindowMs)
                continue;
            const auto key = qMakePair(member.address.toInt(), member.physicalAddress.toString());
            if (done.contains(key))
                continue;
            done.insert(key);
            if (node.sendHello(member.address, member.physicalAddress))
                ++sent;
        }
    }
    qCInfo(lcLease) << "took over: greeted" << sent << "recently active member(s) from the new address";
    return sent;
}

void ActiveLease::checkHealth()
{
    if (!m_held)
        return;
    // Our own lock must still be there: the connection may have been cut and silently reopened.
    auto alive = queryBool(QStringLiteral("SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND "
                                          "pid = pg_backend_pid() AND granted AND objid = %1)")
                               .arg(quint32(quint64(LockKey) & 0xffffffffULL)));
    if (alive && *alive)
        return;
    const QString reason = alive ? QStringLiteral("the lock is gone") : alive.error().message;
    qCWarning(lcLease).noquote() << "lost the active lease on" << m_uri.toString() << "—" << reason;
    m_held = false;
    m_health.stop();
    emit lost(reason);
}

} // namespace tier
