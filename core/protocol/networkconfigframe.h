// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/result.h"

#include <QByteArray>
#include <QByteArrayView>

namespace tier {

/// OK(NETWORK_CONFIG_REQUEST) (docs/protocol/verbs.md §10): in-re fields around one config chunk. The chunk
/// (network ID … signature, or the legacy unsigned form) is kept as raw bytes; its fields and
/// signature belong to the netconf codecs (configchunk.h).
struct OkNetworkConfigPayload final
{
    quint64 inRePacketId = 0;
    QByteArray chunk;

    /// Refuses an in-re verb other than NETWORK_CONFIG_REQUEST or a chunk shorter than its
    /// network ID and length fields.
    static Result<OkNetworkConfigPayload> decode(QByteArrayView payload);
    QByteArray encode() const;
    quint64 networkId() const;
};

/// NETWORK_CONFIG push (docs/protocol/verbs.md §11): the payload is one config chunk, nothing else.
struct NetworkConfigPayload final
{
    QByteArray chunk;

    static Result<NetworkConfigPayload> decode(QByteArrayView payload);
    QByteArray encode() const { return chunk; }
    quint64 networkId() const;
};

} // namespace tier
