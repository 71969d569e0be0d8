// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/address.h"
#include "core/base/result.h"
#include "multicastlike.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace tier {

/// MULTICAST_GATHER (docs/protocol/verbs.md §12): who subscribes to this group? Optionally carries the
/// requester's COM (flag 0x01), kept raw.
struct MulticastGatherPayload final
{
    static constexpr quint8 FlagHasCom = 0x01;

    MulticastSubscription group;
    quint8 flags = 0;
    quint32 gatherLimit = 0;
    QByteArray com; ///< serialized COM when flags & FlagHasCom

    static Result<MulticastGatherPayload> decode(QByteArrayView payload);
    /// Sets the COM flag from whether com is empty.
    QByteArray encode() const;
};

/// OK(MULTICAST_GATHER) (docs/protocol/verbs.md §13): in-re fields, the group, how many subscribers are known,
/// and some of their addresses.
struct OkMulticastGatherPayload final
{
    quint64 inRePacketId = 0;
    MulticastSubscription group;
    quint32 totalKnown = 0;
    QList<Address> members;

    static Result<OkMulticastGatherPayload> decode(QByteArrayView payload);
    QByteArray encode() const;
};

} // namespace tier
