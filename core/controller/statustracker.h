// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Private to core/controller.

#include "core/base/result.h"
#include "core/controller/configrequest.h"
#include "core/controller/controllerstate.h"

#include <QHash>
#include <QList>

namespace tier {

class Database;

/// The members' live status (ControllerState::live): what each genuine request tells about its member
/// (time, physical address, versions, metadata, a short history), the per-member request rate limit, and
/// the batched write to `member_status` with the report of who changed (online ⇄ offline included, which
/// happens without any packet).
class StatusTracker final
{
public:
    explicit StatusTracker(ControllerState &state);

    /// The rate limit (§2.2), a token bucket: false when (network, member) has no request allowance
    /// left at `at` (NetworkController::RequestRateLimitMs on average, bursts of RequestBurst).
    bool takeRequestCredit(MemberKey key, qint64 at);
    /// A genuine request arrived: its time, source and versions become the member's live status.
    void recordRequest(const ConfigRequest &request, qint64 at);
    /// Prepends the request and its outcome to the member's history (HistoryLength entries).
    void addHistory(MemberKey key, const ConfigRequest &request, bool authorized, qint64 at);

    /// The live status as stored (NetworkController::load()).
    static QHash<MemberKey, LiveStatus> fromRows(const QList<MemberStatusRow> &rows);
    /// A member re-requesting every second changes only times, counts and history; writing its row each
    /// time made the once-a-second flush thousands of rows (and an fsync) long on the node's thread,
    /// which queued and then lost requests. Such rows are written when this old.
    static constexpr qint64 RewriteMs = 30000;
    enum class Scope { Due, Everything };

    /// Writes, in one transaction, the status that changed in substance and (Scope::Due) rows only
    /// RewriteMs old or (Scope::Everything) every unwritten change; on failure all of it stays unwritten
    /// and nothing else changes. Returns the members whose reported status changed or whose row was
    /// written, by network and address; empty when nothing changed.
    Result<QList<MemberInfo>> flush(Database &database, qint64 at, Scope scope);
    /// Genuine requests counted since the start, per network.
    QHash<quint64, quint64> requestCountsByNetwork() const;

private:
    ControllerState &m_state;
};

} // namespace tier
