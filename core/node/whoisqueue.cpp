// SPDX-License-Identifier: GPL-3.0-or-later
#include "whoisqueue.h"

#include <QRandomGenerator>

namespace tier {

namespace {

constexpr qint64 BudgetWindowMs = 1000;

template<typename Map>
void expireHeld(Map &map, qint64 now, qint64 timeoutMs, int &total, quint64 &dropped)
{
    for (auto it = map.begin(); it != map.end();) {
        auto &list = it.value();
        const qsizetype before = list.size();
        list.removeIf([&](const auto &held) { return now - held.at > timeoutMs; });
        dropped += quint64(before - list.size());
        total -= int(before - list.size());
        it = list.isEmpty() ? map.erase(it) : std::next(it);
    }
}

} // namespace

void WhoisQueue::makeRoom(Address source)
{
    if (m_heldTotal < m_options.maxHeldTotal || m_heldIncoming.isEmpty() ||
        m_heldIncoming.value(source).size() >= m_options.maxHeldPerAddress)
        return;
    // Full: a random held packet makes room. Refusing newcomers instead would let a flood from
    // random addresses keep every real newcomer out for as long as it lasts; this way a real
    // packet survives long enough for its WHOIS with good odds, and the sender's retry helps.
    auto victim = std::next(m_heldIncoming.begin(),
                            qsizetype(QRandomGenerator::global()->bounded(quint32(m_heldIncoming.size()))));
    victim->removeFirst();
    --m_heldTotal;
    ++m_counters.droppedHoldQueueFull;
    if (victim->isEmpty())
        m_heldIncoming.erase(victim);
}

bool WhoisQueue::holdIncoming(Address source, Incoming packet)
{
    makeRoom(source);
    QList<Incoming> &list = m_heldIncoming[source];
    if (list.size() >= m_options.maxHeldPerAddress || m_heldTotal >= m_options.maxHeldTotal) {
        if (list.isEmpty())
            m_heldIncoming.remove(source);
        ++m_counters.droppedHoldQueueFull;
        return false;
    }
    list.append(std::move(packet));
    ++m_heldTotal;
    return true;
}

bool WhoisQueue::holdOutgoing(Address destination, Outgoing packet)
{
    QList<Outgoing> &list = m_heldOutgoing[destination];
    if (list.size() >= m_options.maxHeldPerAddress || m_heldTotal >= m_options.maxHeldTotal) {
        if (list.isEmpty())
            m_heldOutgoing.remove(destination);
        ++m_counters.droppedHoldQueueFull;
        return false;
    }
    list.append(std::move(packet));
    ++m_heldTotal;
    return true;
}

QList<WhoisQueue::Incoming> WhoisQueue::takeIncoming(Address address)
{
    QList<Incoming> out = m_heldIncoming.take(address);
    m_heldTotal -= int(out.size());
    return out;
}

QList<WhoisQueue::Outgoing> WhoisQueue::takeOutgoing(Address address)
{
    QList<Outgoing> out = m_heldOutgoing.take(address);
    m_heldTotal -= int(out.size());
    return out;
}

bool WhoisQueue::mayAskNow(Address address, qint64 now)
{
    const qint64 lastSent = m_whois[address];
    if (lastSent != 0 && now - lastSent < m_options.whoisRetryMs)
        return false;
    return consumeBudget(m_singleBudget, now);
}

bool WhoisQueue::consumeBudget(Budget &budget, qint64 now)
{
    // A flood of new random addresses uses up the single budget every second; the batches still
    // reach every held address.
    if (now - budget.windowStart >= BudgetWindowMs || now < budget.windowStart) {
        budget.windowStart = now;
        budget.used = 0;
    }
    if (budget.used >= m_options.whoisPerSecond)
        return false;
    ++budget.used;
    return true;
}

void WhoisQueue::markAsked(const QList<Address> &addresses, qint64 now)
{
    for (Address a : addresses)
        m_whois[a] = now;
}

QList<Address> WhoisQueue::due(qint64 now) const
{
    QList<Address> out;
    for (auto it = m_whois.cbegin(); it != m_whois.cend(); ++it) {
        if ((it.value() == 0 || now - it.value() >= m_options.whoisRetryMs) &&
            (m_heldIncoming.contains(it.key()) || m_heldOutgoing.contains(it.key())))
            out.append(it.key());
    }
    return out;
}

void WhoisQueue::expire(qint64 now)
{
    expireHeld(m_heldIncoming, now, m_options.holdTimeoutMs, m_heldTotal, m_counters.droppedHoldTimeout);
    expireHeld(m_heldOutgoing, now, m_options.holdTimeoutMs, m_heldTotal, m_counters.droppedHoldTimeout);
    // Entries without held packets stay while an answer may still come (plain whois() calls).
    m_whois.removeIf([&](decltype(m_whois)::iterator it) {
        return !m_heldIncoming.contains(it.key()) && !m_heldOutgoing.contains(it.key()) &&
               now - it.value() > m_options.holdTimeoutMs;
    });
}

} // namespace tier
