// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "constants.h"
#include "core/base/address.h"
#include "core/base/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace tier {

/// A non-head fragment datagram (docs/protocol/packets.md §5): 16-byte header + piece of the armored packet.
struct Fragment final
{
    quint64 packetId = 0;
    Address destination;
    int total = 0;  ///< fragments including the head, 2..7
    int number = 0; ///< 1..total-1
    int hops = 0;
    QByteArray piece;

    /// True for datagrams longer than 16 bytes whose byte 13 is 0xFF.
    static bool isFragment(QByteArrayView datagram);
    /// Refuses totals outside 2..7 and numbers outside 1..total-1 (Malformed).
    static Result<Fragment> decode(QByteArrayView datagram);
    QByteArray encode() const;

    /// Cuts an armored packet into datagrams: itself if it fits the MTU, otherwise the head (first
    /// mtu bytes) and fragments of at most mtu - 16 bytes. The packet must already carry the
    /// fragmented flag (Packet::armor sets it); TooLarge if more than 7 datagrams would be needed.
    static Result<QList<QByteArray>> split(QByteArrayView armoredPacket, int mtu = protocol::DefaultMtu);
};

} // namespace tier
