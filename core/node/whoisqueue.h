// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/address.h"
#include "core/node/nodecounters.h"
#include "core/node/nodeoptions.h"
#include "core/protocol/constants.h"
#include "core/protocol/inetaddress.h"

#include <QByteArray>
#include <QHash>
#include <QList>

namespace tier {

/// Packets waiting for an identity the Node does not have yet (both directions), and the pacing of
/// the WHOIS questions that fetch it. Bounded per address and overall; a full queue makes room by
/// dropping a random held packet. WHOIS is rate-limited per address (options.whoisRetryMs) and by
/// two per-second budgets: single questions on first contact, and tick()'s batches.
class WhoisQueue final
{
public:
    struct Incoming
    {
        QByteArray packet; // assembled, still armored
        InetAddress from;
        qint64 at = 0;
    };
    struct Outgoing
    {
        quint64 packetId = 0;
        Verb verb = Verb::Nop;
        QByteArray payload;
        InetAddress via;
        qint64 at = 0;
    };

    /// options and counters must outlive the queue (the Node's).
    WhoisQueue(const NodeOptions &options, NodeCounters &counters) : m_options(options), m_counters(counters) {}

    /// False (and counted) if there is no room for it.
    bool holdIncoming(Address source, Incoming packet);
    bool holdOutgoing(Address destination, Outgoing packet);
    /// The identity arrived: stop asking, hand over what waited for it.
    QList<Incoming> takeIncoming(Address address);
    QList<Outgoing> takeOutgoing(Address address);
    void resolved(Address address) { m_whois.remove(address); }

    int heldCount() const { return m_heldTotal; }
    int heldIncomingCount(Address from) const { return int(m_heldIncoming.value(from).size()); }
    bool hasHeldOutgoing(Address address) const { return m_heldOutgoing.contains(address); }
    /// We asked (or meant to ask) for this address: an OK(WHOIS) naming it is welcome.
    bool isAwaited(Address address) const { return m_whois.contains(address); }

    /// Registers interest in address; true if a single WHOIS may go out now (not asked within
    /// whoisRetryMs, and this second's first-contact budget not used up; else tick() asks later).
    bool mayAskNow(Address address, qint64 now);
    /// A batch from tick()'s budget; false when used up.
    bool consumeBatchBudget(qint64 now) { return consumeBudget(m_batchBudget, now); }
    void markAsked(const QList<Address> &addresses, qint64 now);
    /// Addresses with held packets whose last WHOIS is older than whoisRetryMs.
    QList<Address> due(qint64 now) const;
    /// Drops held packets older than holdTimeoutMs (counted) and interest nobody waits on any more.
    void expire(qint64 now);

private:
    struct Budget
    {
        qint64 windowStart = 0;
        int used = 0;
    };
    bool consumeBudget(Budget &budget, qint64 now);
    void makeRoom(Address source);

    const NodeOptions &m_options;
    NodeCounters &m_counters;
    QHash<Address, QList<Incoming>> m_heldIncoming;
    QHash<Address, QList<Outgoing>> m_heldOutgoing;
    int m_heldTotal = 0;
    QHash<Address, qint64> m_whois; ///< address -> when a WHOIS last asked for it (0 = not yet)
    Budget m_singleBudget;
    Budget m_batchBudget;
};

} // namespace tier
