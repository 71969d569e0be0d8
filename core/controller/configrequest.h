// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/crypto/identity.h"
#include "core/protocol/inetaddress.h"
#include "core/protocol/networkconfigrequest.h"
#include "core/protocol/requestmetadata.h"

#include <QtGlobal>

namespace tier {

/// One NETWORK_CONFIG_REQUEST as the node hands it to the controller (docs/protocol/controller-logic.md §2).
/// The node has already authenticated the packet and validated `member`.
struct ConfigRequest
{
    Identity member;          ///< requester, public part (validated by the node)
    quint64 networkId = 0;    ///< N
    quint64 packetId = 0;     ///< P; 0 would mean an internal push and is not a genuine request
    RequestMetadata metadata; ///< M, typed
    quint64 haveRevision = 0;
    quint64 haveTimestamp = 0;
    InetAddress physicalAddress; ///< source of the request if it arrived directly (hops 0), else null
    int protocolVersion = -1;    ///< from the peer's HELLO (−1 unknown)
    int versionMajor = -1;
    int versionMinor = -1;
    int versionRevision = -1;
    qint64 receivedAt = 0; ///< ms since epoch
    qint64 latencyMs = -1; ///< the node's last measured round trip to the member, −1 unknown

    /// From a decoded NETWORK_CONFIG_REQUEST (metadata cut to the controller's 1,024-byte capacity).
    /// Versions stay −1 (set them from the peer's HELLO if known).
    static ConfigRequest fromPayload(const Identity &member, quint64 packetId,
                                     const NetworkConfigRequestPayload &payload, const InetAddress &physicalAddress,
                                     qint64 receivedAt)
    {
        ConfigRequest r;
        r.member = member.publicOnly();
        r.networkId = payload.networkId;
        r.packetId = packetId;
        r.metadata = RequestMetadata::fromDictionary(payload.metadataDictionary());
        r.haveRevision = payload.haveRevision.value_or(0);
        r.haveTimestamp = payload.haveTimestamp.value_or(0);
        r.physicalAddress = physicalAddress;
        r.receivedAt = receivedAt;
        return r;
    }
};

} // namespace tier
