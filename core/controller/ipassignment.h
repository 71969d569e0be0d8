// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/address.h"
#include "core/controller/networksettings.h"
#include "core/protocol/inetaddress.h"
#include "core/protocol/networkconfig.h"

#include <QList>
#include <QSet>

#include <functional>

namespace tier {

/// The reference controller's address assignment (docs/protocol/controller-logic.md §5), as pure functions.
namespace ipassignment {

/// fd ‖ nwid ‖ 99 93 ‖ address, prefix length 88 in the port field.
InetAddress rfc4193(quint64 networkId, Address member);
/// fc ‖ low 32 bits of (nwid XOR nwid >> 32) ‖ address ‖ 00×5 ‖ 01, prefix length 40 in the port field.
InetAddress sixPlane(quint64 networkId, Address member);

struct Input
{
    quint64 networkId = 0;
    Address member;
    bool noAutoAssign = false;
    bool v4AssignZt = false;
    bool v6AssignZt = false;
    bool v6AssignRfc4193 = false;
    bool v6Assign6plane = false;
    QList<IpPool> pools;
    QList<NetworkConfig::Route> routes;
    QList<InetAddress> memberIps; ///< the member's managed IPs, record order, port 0
    QSet<InetAddress> allocated;  ///< managed IPs of every member of the network, port 0 (or use isAllocated)
    /// If set, replaces `allocated` (lets the caller build the set only when an auto-assignment runs).
    std::function<bool(const InetAddress &)> isAllocated;
    std::function<quint64()> random;
};

struct Output
{
    QList<InetAddress> staticIps;      ///< what goes into `I`, prefix length in the port field, §5 order
    QList<InetAddress> newAssignments; ///< auto-assigned now; append to the member record (port 0)
    bool ndpEmulation = false;         ///< an rfc4193/6plane address was produced (flag 0x04)
    /// A pool was searched for a free address: the answer then depends on the other members and on
    /// chance, not only on this member's record and the network's settings.
    bool searchedPools = false;
};

Output assign(const Input &input);

} // namespace ipassignment

} // namespace tier
