// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Private to core/controller.

#include "core/controller/controllerstate.h"

namespace tier {

class NetworkController;
class PushPlanner;

/// What NetworkController::reloadFromDatabase() tells the world after another instance changed the
/// shared database: the difference between memory before and after the reload, turned into what a local
/// change would have done (change signals, config pushes, revocations and ACCESS_DENIED, OBJ_NOT_FOUND
/// for deleted networks) plus memberStatusChanged for status another instance wrote.
class ReloadDiffer final
{
public:
    /// Remembers memory before the reload (who was online is only known from it: a deleted network's
    /// status rows are gone from the database).
    ReloadDiffer(const ControllerState &before, qint64 at);

    /// After the reload into `state`: keeps this instance's "reported online" view, then emits, pushes
    /// and revokes through `controller` and `pushes`.
    void apply(ControllerState &state, PushPlanner &pushes, NetworkController &controller) const;

private:
    void removedNetwork(const NetworkState &old, PushPlanner &pushes, NetworkController &controller) const;
    /// Members removed, changed or with new status in one network that existed before.
    void changedNetwork(const NetworkState &old, const ControllerState &state, quint64 id, PushPlanner &pushes,
                        NetworkController &controller, QList<MemberInfo> &statusChanged) const;

    qint64 m_at = 0;
    QMap<quint64, NetworkState> m_before;
    QHash<quint64, QList<Address>> m_onlineBefore;
    QHash<MemberKey, LiveStatus> m_liveBefore;
};

} // namespace tier
