// SPDX-License-Identifier: GPL-3.0-or-later
// Node, root role (a world names this node as a root, or NodeOptions::Role::Root): hand newer
// worlds out in OK(HELLO), answer WHOIS for every identity seen, relay between peers the
// RootService's policy allows (within per-path budgets), and introduce them to each other with
// RENDEZVOUS so they go direct.
#include "core/protocol/hello.h"
#include "core/protocol/packet.h"
#include "core/protocol/rendezvous.h"
#include "core/protocol/whois.h"
#include "node.h"

namespace tier {

namespace {

// An OK(WHOIS) carries at most this many identities.
constexpr qsizetype MaxWhoisAnswers = 64;

} // namespace

QByteArray Node::worldUpdatesFor(const HelloPayload &hello)
{
    int count = 0;
    QByteArray worlds = m_root.worldUpdatesFor(hello, &count);
    m_root.counters().worldUpdatesSent += quint64(count);
    return worlds;
}

void Node::relay(const InetAddress &from, const QByteArray &datagram, Address destination, Address source,
                 bool isFragment)
{
    RootCounters &counters = m_root.counters();
    const qint64 t = now();
    if (!m_root.mayRelay(from, source, destination)) {
        ++counters.relayRefusedPolicy;
        ++m_counters.droppedNotForUs;
        return;
    }
    if (!m_root.takeRelayToken(from, t)) {
        ++counters.relayRefusedRate;
        ++m_counters.droppedNotForUs;
        return;
    }
    Peer *target = m_peers.findOrLoad(destination, t);
    const std::optional<InetAddress> to = target ? target->bestPath(t) : std::nullopt;
    if (!to || *to == from) {
        ++counters.relayNoPath;
        ++m_counters.droppedNotForUs;
        return;
    }
    // The hop count lives in the fragment's byte 15, or in the packet's flags byte.
    QByteArray out = datagram;
    const int hopsOffset = isFragment ? 15 : protocol::FlagsOffset;
    const quint8 hopsByte = quint8(out[hopsOffset]);
    const int hops = hopsByte & protocol::HopsMask;
    if (hops >= protocol::MaxHops) {
        ++m_counters.droppedNotForUs;
        return;
    }
    out[hopsOffset] = isFragment ? char(hops + 1) : char((hopsByte & ~protocol::HopsMask) | (hops + 1));
    if (sendRaw(*to, out)) {
        ++m_counters.relayed;
        ++counters.relayed;
    }
    if (!isFragment) {
        if (Peer *origin = m_peers.find(source))
            maybeRendezvous(*origin, *target);
    }
}

void Node::maybeRendezvous(Peer &a, Peer &b)
{
    const qint64 t = now();
    const std::optional<InetAddress> pathA = a.bestPath(t);
    const std::optional<InetAddress> pathB = b.bestPath(t);
    if (!pathA || !pathB || !m_root.rendezvousDue(a.address(), b.address(), t))
        return;
    RendezvousPayload toA;
    toA.peer = b.address();
    toA.address = *pathB;
    RendezvousPayload toB;
    toB.peer = a.address();
    toB.address = *pathA;
    const Address addressB = b.address(); // sending may load peers: no references across it
    if (sendPacket(a.address(), Verb::Rendezvous, toA.encode(), *pathA)) {
        ++m_counters.rendezvousSent;
        ++m_root.counters().rendezvousSent;
    }
    if (sendPacket(addressB, Verb::Rendezvous, toB.encode(), *pathB)) {
        ++m_counters.rendezvousSent;
        ++m_root.counters().rendezvousSent;
    }
}

void Node::handleWhois(Peer &peer, const InetAddress &from, const Packet &packet)
{
    if (!isServingRoot())
        return; // ordinary nodes may ignore WHOIS (docs/protocol/verbs.md §5)
    const qint64 t = now();
    if (!m_root.takeWhoisToken(peer.address(), t)) {
        ++m_root.counters().whoisRateLimited;
        return;
    }
    Result<WhoisPayload> request = WhoisPayload::decode(packet.payload());
    if (!request) {
        ++m_counters.droppedMalformed;
        return;
    }
    OkWhoisPayload answer;
    answer.inRePacketId = packet.packetId();
    for (Address a : std::as_const(request->addresses)) {
        if (a == address()) {
            answer.identities.append(m_identity.publicOnly());
        } else if (std::optional<Identity> known = m_peers.identityOf(a, t)) {
            answer.identities.append(*known);
        } else {
            ++m_root.counters().whoisUnknown;
        }
        if (answer.identities.size() >= MaxWhoisAnswers)
            break;
    }
    if (answer.identities.isEmpty())
        return; // a root that does not know the address says nothing
    m_root.counters().whoisAnswered += quint64(answer.identities.size());
    sendPacket(peer.address(), Verb::Ok, answer.encode(), from);
}

} // namespace tier
