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
    /// Writes the dirty status of existing members in one transaction (on failure it stays dirty and
    /// nothing else changes) and returns the members whose reported status changed, by network and
    /// address; empty when nothing changed.
    Result<QList<MemberInfo>> flush(Database &database, qint64 at);
    /// Genuine requests counted since the start, per network.
    QHash<quint64, quint64> requestCountsByNetwork() const;

private:
    ControllerState &m_state;
};

} // namespace tier
