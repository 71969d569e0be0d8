// SPDX-License-Identifier: GPL-3.0-or-later
// Node, member role: what a node that relies on roots does (the controller, which is a member of
// the planet, and the member simulator): keep its roots' paths alive with HELLO, relay through the
// best root, and follow a root's RENDEZVOUS to reach a peer directly.
#include "node.h"

#include "core/protocol/packet.h"
#include "core/protocol/rendezvous.h"

namespace tier {

std::optional<InetAddress> Node::rootPath(Peer **rootOut)
{
    // Lowest latency among roots heard from recently, else any root with a stable endpoint.
    const qint64 t = now();
    Peer *best = nullptr;
    InetAddress bestPath;
    for (const RootInfo &r : std::as_const(m_roots)) {
        Peer *p = m_peers.find(r.identity.address());
        if (!p)
            continue;
        std::optional<InetAddress> path = p->bestPath(t);
        if (!path)
            continue;
        const qint64 latency = p->latencyMs < 0 ? 1000000 : p->latencyMs;
        const qint64 bestLatency = best ? (best->latencyMs < 0 ? 1000000 : best->latencyMs) : 0;
        if (!best || latency < bestLatency) {
            best = p;
            bestPath = *path;
        }
    }
    if (!best) {
        for (const RootInfo &r : std::as_const(m_roots)) {
            if (r.endpoints.isEmpty())
                continue;
            best = m_peers.find(r.identity.address());
            bestPath = r.endpoints.first();
            if (best)
                break;
        }
    }
    if (!best)
        return std::nullopt;
    if (rootOut)
        *rootOut = best;
    return bestPath;
}

void Node::helloRoots(qint64 t)
{
    // HELLO at start and every interval; sooner while a root has not answered.
    for (RootInfo &r : m_roots) {
        Peer *p = m_peers.find(r.identity.address());
        if (!p)
            continue;
        const bool answered = p->lastReceive >= r.lastHelloSent && r.lastHelloSent != 0;
        const qint64 interval = answered ? m_options.rootHelloIntervalMs : m_options.rootHelloRetryMs;
        if (r.lastHelloSent != 0 && t - r.lastHelloSent < interval)
            continue;
        r.lastHelloSent = t;
        QList<InetAddress> targets = r.endpoints;
        if (auto live = p->confirmedPath(t); live && !targets.contains(*live))
            targets.prepend(*live);
        for (const InetAddress &e : std::as_const(targets))
            sendHello(p->address(), e);
    }
}

void Node::handleRendezvous(Peer &peer, const Packet &packet)
{
    if (!isRoot(peer.address())) {
        ++m_counters.droppedUnexpectedReply;
        return;
    }
    Result<RendezvousPayload> r = RendezvousPayload::decode(packet.payload());
    if (!r) {
        ++m_counters.droppedMalformed;
        return;
    }
    if (r->address.port() == 0 || !acceptablePath(r->address))
        return;
    if (!m_peers.findOrLoad(r->peer, now()))
        return;
    sendHello(r->peer, r->address);
}

} // namespace tier
