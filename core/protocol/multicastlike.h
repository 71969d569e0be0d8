// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace tier {

/// A multicast group a member subscribes to: 48-bit MAC + 32-bit ADI, within a network.
struct MulticastSubscription final
{
    quint64 networkId = 0;
    quint64 mac = 0; ///< low 48 bits
    quint32 adi = 0;

    friend bool operator==(const MulticastSubscription &, const MulticastSubscription &) = default;
};

/// MULTICAST_LIKE (docs/protocol/verbs.md §8): repeated 18-byte (network ID, MAC, ADI) tuples.
struct MulticastLikePayload final
{
    QList<MulticastSubscription> groups;

    /// A trailing partial tuple is ignored (as nodes do); an empty payload is Truncated.
    static Result<MulticastLikePayload> decode(QByteArrayView payload);
    QByteArray encode() const;
};

} // namespace tier
