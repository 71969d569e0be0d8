// SPDX-License-Identifier: GPL-3.0-or-later
// Node, root role (NodeOptions::Role::Root: tiermaster-node root and tests): relay packets between
// peers, introduce them to each other with RENDEZVOUS, and answer WHOIS from the peers we know.
#include "node.h"

#include "core/protocol/packet.h"
#include "core/protocol/rendezvous.h"
#include "core/protocol/whois.h"

namespace tier {

namespace {

// An OK(WHOIS) carries at most this many identities.
constexpr qsizetype MaxWhoisAnswers = 64;

} // namespace

void Node::relay(const InetAddress &from, const QByteArray &datagram, Address destination, Address source,
                 bool isFragment)
{
    Peer *target = m_peers.findOrLoad(destination, now());
    if (!target) {
        ++m_counters.droppedNotForUs;
        return;
    }
    const std::optional<InetAddress> to = target->bestPath(now());
    if (!to || *to == from) {
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
    if (sendRaw(*to, out))
        ++m_counters.relayed;
    if (!isFragment) {
        if (Peer *origin = m_peers.find(source))
            maybeRendezvous(*origin, *target);
    }
}

void Node::maybeRendezvous(Peer &a, Peer &b)
{
    const qint64 t = now();
    const QPair<quint64, quint64> key(std::min(a.address().toInt(), b.address().toInt()),
                                      std::max(a.address().toInt(), b.address().toInt()));
    const auto it = m_rendezvous.constFind(key);
    if (it != m_rendezvous.constEnd() && t - *it < m_options.rendezvousIntervalMs)
        return;
    const std::optional<InetAddress> pathA = a.bestPath(t);
    const std::optional<InetAddress> pathB = b.bestPath(t);
    if (!pathA || !pathB)
        return;
    m_rendezvous.insert(key, t);
    RendezvousPayload toA;
    toA.peer = b.address();
    toA.address = *pathB;
    RendezvousPayload toB;
    toB.peer = a.address();
    toB.address = *pathA;
    if (sendPacket(a.address(), Verb::Rendezvous, toA.encode(), *pathA))
        ++m_counters.rendezvousSent;
    if (sendPacket(b.address(), Verb::Rendezvous, toB.encode(), *pathB))
        ++m_counters.rendezvousSent;
}

void Node::handleWhois(Peer &peer, const InetAddress &from, const Packet &packet)
{
    if (m_options.role != NodeOptions::Role::Root)
        return; // ordinary nodes may ignore WHOIS (docs/protocol/verbs.md §5)
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
        } else if (const Peer *known = m_peers.findOrLoad(a, now())) {
            answer.identities.append(known->identity());
        }
        if (answer.identities.size() >= MaxWhoisAnswers)
            break;
    }
    if (answer.identities.isEmpty())
        return; // a root that does not know the address says nothing
    sendPacket(peer.address(), Verb::Ok, answer.encode(), from);
}

} // namespace tier
