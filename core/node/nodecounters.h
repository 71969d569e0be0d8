// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

namespace tier {

/// Monotonic counters of what the node received, sent and dropped (for metrics and tests).
struct NodeCounters final
{
    quint64 datagramsReceived = 0;
    quint64 datagramsSent = 0;
    quint64 packetsReceived = 0;         ///< authenticated packets handled
    quint64 droppedMalformed = 0;        ///< undecodable header, fragment, payload or decompression
    quint64 droppedOversized = 0;        ///< datagram or assembled packet above the protocol limits
    quint64 droppedUnauthenticated = 0;  ///< MAC mismatch, unsupported cipher suite
    quint64 droppedReplayed = 0;         ///< same (source, packet ID) seen recently
    quint64 droppedNotForUs = 0;         ///< destination is another node and we do not relay
    quint64 droppedIdentityMismatch = 0; ///< HELLO identity differs from the one we know / invalid
    quint64 droppedValidationBudget = 0; ///< new identity not validated: budget for this second used up
    quint64 droppedHoldQueueFull = 0;    ///< packet from an unknown sender not held: queue full
    quint64 droppedHoldTimeout = 0;      ///< held packet expired before OK(WHOIS) arrived
    quint64 droppedUnexpectedReply = 0;  ///< OK/ERROR/RENDEZVOUS we did not ask for or from a non-root
    quint64 identitiesValidated = 0;     ///< memory-hard validations performed
    quint64 whoisSent = 0;               ///< WHOIS packets (each may ask for several addresses)
    quint64 drainedByTick = 0;           ///< datagrams the tick read because the socket had not signalled them
    quint64 relayed = 0;                 ///< datagrams forwarded (root mode)
    quint64 rendezvousSent = 0;          ///< root mode
};

} // namespace tier
