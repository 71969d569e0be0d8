// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/address.h"

#include <QHash>
#include <QPair>

#include <deque>
#include <utility>

namespace tier {

/// Drops a packet seen before: the same (source, packet ID) within the replay window, over at most
/// maxEntries remembered packets (the oldest are forgotten first).
class ReplayFilter final
{
public:
    /// True if seen before; otherwise remembers it.
    bool isReplay(Address source, quint64 packetId, qint64 now, int maxEntries);
    void expire(qint64 now, qint64 windowMs);

private:
    using Key = QPair<quint64, quint64>;
    QHash<Key, qint64> m_seen; // (source, packet id) -> first seen
    std::deque<std::pair<Key, qint64>> m_order;
};

} // namespace tier
