// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/crypto/identity.h"
#include "core/node/peerversion.h"
#include "core/protocol/inetaddress.h"
#include "core/protocol/multicastgather.h"
#include "core/protocol/multicastlike.h"
#include "core/protocol/networkconfigrequest.h"
#include "core/protocol/packet.h"

#include <optional>

namespace tier {

/// What the node hands to the layer above (the service's controller, or the member simulator).
/// Every call happens on the node's thread after the packet was authenticated; the default
/// implementations ignore the packet. Implementations must not delete the node from inside a call.
class NodeHandler
{
public:
    virtual ~NodeHandler() = default;

    /// NETWORK_CONFIG_REQUEST (controller side). Answer with Node::sendConfig / Node::sendError,
    /// passing packetId as inRePacketId; the node replies to `from` (the request's physical source,
    /// which is a root when hops > 0: then `from` is not the member's own address).
    virtual void networkConfigRequest(const Identity &peer, quint64 packetId,
                                      const NetworkConfigRequestPayload &request, const InetAddress &from, int hops,
                                      const PeerVersion &version)
    {
        Q_UNUSED(peer)
        Q_UNUSED(packetId)
        Q_UNUSED(request)
        Q_UNUSED(from)
        Q_UNUSED(hops)
        Q_UNUSED(version)
    }

    /// MULTICAST_LIKE: subscriptions the peer announces.
    virtual void multicastLike(const Identity &peer, const MulticastLikePayload &like)
    {
        Q_UNUSED(peer)
        Q_UNUSED(like)
    }

    /// MULTICAST_GATHER: return the subscribers to answer with OK(MULTICAST_GATHER) (the node fills
    /// inRePacketId), or nullopt to send nothing.
    virtual std::optional<OkMulticastGatherPayload> multicastGather(const Identity &peer, quint64 packetId,
                                                                    const MulticastGatherPayload &gather)
    {
        Q_UNUSED(peer)
        Q_UNUSED(packetId)
        Q_UNUSED(gather)
        return std::nullopt;
    }

    /// OK with in-re verb ECHO and a network ID + update ID body: the member applied a pushed config
    /// (docs/protocol/verbs.md §11). packetId is the push packet's ID.
    virtual void configPushAcknowledged(const Identity &peer, quint64 packetId, quint64 networkId, quint64 updateId)
    {
        Q_UNUSED(peer)
        Q_UNUSED(packetId)
        Q_UNUSED(networkId)
        Q_UNUSED(updateId)
    }

    /// Any other authenticated, decompressed packet the node does not consume itself (OK and ERROR
    /// for other verbs, NETWORK_CONFIG, NETWORK_CREDENTIALS, ...): the member side lives here.
    virtual void packetReceived(const Identity &peer, const Packet &packet, const InetAddress &from)
    {
        Q_UNUSED(peer)
        Q_UNUSED(packet)
        Q_UNUSED(from)
    }
};

} // namespace tier
