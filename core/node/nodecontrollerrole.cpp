// SPDX-License-Identifier: GPL-3.0-or-later
// Node, controller-facing: NETWORK_CONFIG_REQUEST and multicast verbs go to the NodeHandler (the
// service's controller); configs, errors and revocations go back, a reply to the physical source
// of the request it answers (which is a root when the request was relayed).
#include "node.h"

#include "core/node/nodehandler.h"
#include "core/protocol/errorpayload.h"
#include "core/protocol/multicastgather.h"
#include "core/protocol/multicastlike.h"
#include "core/protocol/networkconfigrequest.h"
#include "core/protocol/networkcredentials.h"
#include "core/protocol/okpayload.h"
#include "core/protocol/packet.h"

namespace tier {

namespace {

constexpr int MaxReplyPaths = 16384;

} // namespace

bool Node::handleConfigRequest(Peer &peer, const InetAddress &from, const Packet &packet)
{
    Result<NetworkConfigRequestPayload> req = NetworkConfigRequestPayload::decode(packet.payload());
    if (!req) {
        ++m_counters.droppedMalformed;
        return false;
    }
    if (m_replyPaths.size() >= MaxReplyPaths)
        m_replyPaths.clear(); // only reachable under a flood; replies then take the best path
    m_replyPaths.insert(packet.packetId(), ReplyPath{peer.address(), from, now()});
    if (m_handler)
        m_handler->networkConfigRequest(peer.identity(), packet.packetId(), *req, from, packet.hops(), peer.version);
    return true;
}

bool Node::handleMulticastLike(Peer &peer, const Packet &packet)
{
    Result<MulticastLikePayload> like = MulticastLikePayload::decode(packet.payload());
    if (!like) {
        ++m_counters.droppedMalformed;
        return false;
    }
    if (m_handler)
        m_handler->multicastLike(peer.identity(), *like);
    return true;
}

bool Node::handleMulticastGather(Peer &peer, const InetAddress &from, const Packet &packet)
{
    Result<MulticastGatherPayload> gather = MulticastGatherPayload::decode(packet.payload());
    if (!gather) {
        ++m_counters.droppedMalformed;
        return false;
    }
    if (!m_handler)
        return true;
    if (std::optional<OkMulticastGatherPayload> answer =
            m_handler->multicastGather(peer.identity(), packet.packetId(), *gather)) {
        answer->inRePacketId = packet.packetId();
        sendPacket(peer.address(), Verb::Ok, answer->encode(), from);
    }
    return true;
}

InetAddress Node::replyPath(Address member, quint64 inRePacketId) const
{
    if (inRePacketId == 0)
        return {};
    const auto it = m_replyPaths.constFind(inRePacketId);
    return it != m_replyPaths.constEnd() && it->peer == member ? it->from : InetAddress();
}

bool Node::sendConfig(Address member, quint64 inRePacketId, const QList<QByteArray> &chunks)
{
    if (chunks.isEmpty())
        return false;
    const InetAddress to = replyPath(member, inRePacketId);
    bool all = true;
    for (const QByteArray &chunk : chunks) {
        if (inRePacketId != 0) {
            OkPayload ok;
            ok.inReVerb = Verb::NetworkConfigRequest;
            ok.inRePacketId = inRePacketId;
            ok.body = chunk;
            all = sendPacket(member, Verb::Ok, ok.encode(), to) && all;
        } else {
            all = sendPacket(member, Verb::NetworkConfig, chunk, to) && all;
        }
    }
    return all;
}

bool Node::sendError(Address member, quint64 inRePacketId, ProtocolErrorCode code, quint64 networkId)
{
    const ErrorPayload error = ErrorPayload::forConfigRequest(inRePacketId, code, networkId);
    return sendPacket(member, Verb::Error, error.encode(), replyPath(member, inRePacketId));
}

bool Node::sendCredentials(Address member, const QByteArray &revocation)
{
    NetworkCredentialsPayload creds;
    creds.revocations.append(revocation);
    return sendPacket(member, Verb::NetworkCredentials, creds.encode());
}

} // namespace tier
