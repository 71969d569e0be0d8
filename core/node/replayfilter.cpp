// SPDX-License-Identifier: GPL-3.0-or-later
#include "replayfilter.h"

namespace tier {

bool ReplayFilter::isReplay(Address source, quint64 packetId, qint64 now, int maxEntries)
{
    const Key key(source.toInt(), packetId);
    if (m_seen.contains(key))
        return true;
    m_seen.insert(key, now);
    m_order.emplace_back(key, now);
    while (int(m_order.size()) > maxEntries) {
        m_seen.remove(m_order.front().first);
        m_order.pop_front();
    }
    return false;
}

void ReplayFilter::expire(qint64 now, qint64 windowMs)
{
    while (!m_order.empty() && now - m_order.front().second > windowMs) {
        m_seen.remove(m_order.front().first);
        m_order.pop_front();
    }
}

} // namespace tier
