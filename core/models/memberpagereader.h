// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/controller/memberinfo.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>
#include <memory>

namespace tier {

/// Reads the members of one network from a live SQLite database file in pages (ascending address,
/// stored record plus the stored status columns), on its own thread with its own read-only
/// connection, so the thread that owns the reader never waits on SQL. WAL lets it read beside the
/// engine's writer. Each page arrives as a queued pageReady() on the reader's thread; the connection
/// is opened for one load and closed (and removed) when that load ends, is cancelled or stop() runs.
/// Nothing here waits for the worker: stop() and the destructor only ask it to end (stopped() reports
/// it); the worker keeps no pointer to this object that could dangle.
///
/// What only the engine knows is left at its default: latency (−1) and the recent request history
/// (empty); `online` is derived from the stored last request time and the wall clock.
class MemberPageReader final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MemberPageReader)

public:
    static constexpr int DefaultPageSize = 5000;

    explicit MemberPageReader(QObject *parent = nullptr);
    ~MemberPageReader() override; ///< stop(); the worker ends on its own afterwards

    /// Rows per page (at least 1); applies to loads started afterwards.
    void setPageSize(int rows);
    int pageSize() const { return m_pageSize; }

    /// Starts reading networkId's members from the SQLite file at databasePath, cancelling any earlier
    /// load (its pages that are still queued carry the old id: ignore them). Returns the new load's id.
    quint64 load(const QString &databasePath, quint64 networkId);
    /// Stops the current load after the page being read (nothing more is emitted for it).
    void cancel();
    /// Cancels and asks the worker thread to close its connection and end; returns at once.
    /// stopped() follows when the thread has ended. A later load() starts a new thread.
    void stop();

    /// The id of the latest load() (0 before the first).
    quint64 currentLoadId() const;
    /// The thread the queries run on (null before the first load and once stop() was called).
    const QThread *workerThread() const { return m_thread; }
    /// The thread that ran the most recent query (diagnostics and tests: never the caller's thread).
    const QThread *lastQueryThread() const;

signals:
    /// One page of loadId, ascending address; `last` is set on the final page (which may be empty).
    void pageReady(quint64 loadId, quint64 networkId, const QList<tier::MemberInfo> &members, bool last);
    /// The load ended early: the file could not be opened or a query failed. Nothing more follows for it.
    void loadFailed(quint64 loadId, quint64 networkId, const QString &message);
    /// The worker thread stop() ended has finished (its connection is closed).
    void stopped();

private:
    void ensureThread();

public:
    struct Shared; ///< what the worker shares with this object (outlives either)

private:
    QThread *m_thread = nullptr; ///< deletes itself when it has finished
    QObject *m_worker = nullptr; ///< lives on m_thread; deleted there when the thread finishes
    int m_pageSize = DefaultPageSize;
    std::shared_ptr<Shared> m_shared;
};

} // namespace tier
