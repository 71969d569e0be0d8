// SPDX-License-Identifier: GPL-3.0-or-later
// Node, sending: sealing (suite 1), compressing, fragmenting, choosing the physical path, and
// remembering which replies we expect.
#include "node.h"

#include "core/node/udptransport.h"
#include "core/protocol/hello.h"
#include "core/protocol/packet.h"

namespace tier {

namespace {

constexpr int MaxExpectations = 16384;

} // namespace

bool Node::sendRaw(const InetAddress &to, const QByteArray &datagram)
{
    if (!m_transport->send(to, datagram))
        return false;
    ++m_counters.datagramsSent;
    return true;
}

bool Node::sendSealed(Peer &peer, Packet &packet, const InetAddress &to)
{
    if (to.isNull())
        return false;
    // Read before sealing: the verb byte is encrypted afterwards.
    const Verb verb = packet.verb();
    Result<QList<QByteArray>> datagrams = packet.seal(peer.key(), CipherSuite::Poly1305Salsa2012, m_options.mtu, true);
    if (!datagrams)
        return false;
    bool all = true;
    for (const QByteArray &d : std::as_const(*datagrams))
        all = sendRaw(to, d) && all;
    peer.sent(to, now(),
              verb == Verb::Hello || verb == Verb::Echo || verb == Verb::Whois || verb == Verb::NetworkConfigRequest);
    return all;
}

InetAddress Node::pathTo(const Peer &peer, const InetAddress &via)
{
    if (!via.isNull())
        return via;
    if (auto best = peer.bestPath(now()))
        return *best;
    if (auto viaRoot = rootPath(nullptr))
        return *viaRoot;
    return {};
}

bool Node::sendPacket(Address destination, Verb verb, const QByteArray &payload, const InetAddress &via,
                      quint64 *usedPacketId)
{
    const quint64 id = Packet::newPacketId();
    if (usedPacketId)
        *usedPacketId = id;
    if (destination == address() || destination.isReserved())
        return false;
    Peer *p = m_peers.findOrLoad(destination, now());
    if (!p) {
        if (!m_whoisQueue.holdOutgoing(destination, WhoisQueue::Outgoing{id, verb, payload, via, now()}))
            return false;
        whois(destination);
        return true;
    }
    Packet packet(id, destination, address(), verb, payload);
    return sendSealed(*p, packet, pathTo(*p, via));
}

void Node::expect(quint64 packetId, Address peerAddress, Verb verb, const InetAddress &to)
{
    if (m_expected.size() >= MaxExpectations)
        m_expected.clear(); // only under a flood of our own sends; replies then count as unexpected
    m_expected.insert(packetId, Expectation{peerAddress, verb, to, now()});
}

bool Node::sendHello(Address destination, const InetAddress &to)
{
    Peer *p = m_peers.findOrLoad(destination, now());
    if (!p || to.isNull())
        return false;
    const qint64 t = now();
    HelloPayload hello;
    hello.protocolVersion = m_options.protocolVersion;
    hello.versionMajor = m_options.versionMajor;
    hello.versionMinor = m_options.versionMinor;
    hello.versionRevision = m_options.versionRevision;
    hello.timestamp = quint64(t);
    hello.identity = m_identity.publicOnly();
    hello.destination = to;
    hello.worldId = m_planet.isNull() ? 0 : m_planet.id();
    hello.worldTimestamp = m_planet.isNull() ? 0 : m_planet.timestamp();
    QList<MoonReference> moons;
    for (const World &m : std::as_const(m_moons))
        moons.append(MoonReference{quint8(World::Type::Moon), m.id(), m.timestamp()});
    hello.moons = moons;
    const quint64 id = Packet::newPacketId();
    Result<Packet> packet = hello.toPacket(id, destination, p->key());
    if (!packet)
        return false;
    if (!sendRaw(to, packet->bytes()))
        return false;
    p->sent(to, t, true);
    p->lastHelloSent = t;
    expect(packet->packetId(), destination, Verb::Hello, to);
    return true;
}

bool Node::sendEcho(Address destination, const InetAddress &to)
{
    Peer *p = m_peers.findOrLoad(destination, now());
    if (!p)
        return false;
    InetAddress target = to;
    if (target.isNull()) {
        if (auto best = p->bestPath(now()))
            target = *best;
        else
            return false;
    }
    Packet packet(Packet::newPacketId(), destination, address(), Verb::Echo);
    if (!sendSealed(*p, packet, target))
        return false;
    expect(packet.packetId(), destination, Verb::Echo, target);
    return true;
}

} // namespace tier
