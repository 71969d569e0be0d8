// SPDX-License-Identifier: GPL-3.0-or-later
// Node, receiving: datagram -> fragments -> packet -> authenticated (or held for WHOIS) -> verb.
// HELLO, OK and ECHO are handled here; the roles' verbs in their own files (see node.h).
#include "core/node/nodehandler.h"
#include "core/protocol/echo.h"
#include "core/protocol/fragment.h"
#include "core/protocol/hello.h"
#include "core/protocol/okhello.h"
#include "core/protocol/okpayload.h"
#include "core/protocol/packet.h"
#include "node.h"

namespace tier {

namespace {

// A direct HELLO from an address we have not confirmed is answered with our own HELLO there, at
// most this often per address (what 1.14 does to learn paths both ways).
constexpr qint64 HelloBackIntervalMs = 1000;

} // namespace

bool Node::acceptablePath(const InetAddress &a) const
{
    if (a.isNull() || a.port() == 0)
        return false;
    return m_options.acceptLoopbackPaths || !a.isLoopback();
}

void Node::emitContact(const Peer &peer, const InetAddress &from)
{
    emit peerContact(peer.address(), from, peer.version, peer.latencyMs);
}

void Node::onDatagram(const InetAddress &from, const QByteArray &datagram)
{
    ++m_counters.datagramsReceived;
    if (datagram.size() > protocol::MaxPacketLength) {
        ++m_counters.droppedOversized;
        return;
    }
    if (Fragment::isFragment(datagram)) {
        Result<Fragment> f = Fragment::decode(datagram);
        if (!f) {
            ++m_counters.droppedMalformed;
            return;
        }
        if (f->destination != address()) {
            if (isServingRoot())
                relay(from, datagram, f->destination, Address(), true);
            else
                ++m_counters.droppedNotForUs;
            return;
        }
        reassemble(from, datagram);
        return;
    }
    if (datagram.size() < protocol::HeaderLength) {
        ++m_counters.droppedMalformed;
        return;
    }
    const Address destination(
        ByteReader(QByteArrayView(datagram).sliced(protocol::PacketIdLength, Address::Length)).u40());
    if (destination != address()) {
        if (isServingRoot()) {
            const Address source(ByteReader(QByteArrayView(datagram).sliced(13, Address::Length)).u40());
            relay(from, datagram, destination, source, false);
        } else {
            ++m_counters.droppedNotForUs;
        }
        return;
    }
    if ((quint8(datagram[protocol::FlagsOffset]) & protocol::FlagFragmented) != 0) {
        reassemble(from, datagram);
        return;
    }
    handleAssembled(from, datagram);
}

void Node::reassemble(const InetAddress &from, const QByteArray &datagram)
{
    const Reassembler::Outcome o = m_reassembler.add(datagram, now(), qHash(from));
    if (o.status == Reassembler::Outcome::Status::Complete)
        handleAssembled(from, o.packet);
    else if (o.status == Reassembler::Outcome::Status::Rejected)
        ++m_counters.droppedMalformed;
}

void Node::handleAssembled(const InetAddress &from, const QByteArray &bytes)
{
    Result<Packet> parsed = Packet::fromBytes(bytes);
    if (!parsed) {
        if (parsed.error().code == ErrorCode::TooLarge)
            ++m_counters.droppedOversized;
        else
            ++m_counters.droppedMalformed;
        return;
    }
    Packet &packet = *parsed;
    const Address source = packet.source();
    if (source.isReserved() || source == address()) {
        ++m_counters.droppedMalformed;
        return;
    }
    const CipherSuite suite = packet.cipherSuite();
    if (suite != CipherSuite::Poly1305None && suite != CipherSuite::Poly1305Salsa2012) {
        ++m_counters.droppedUnauthenticated;
        return;
    }
    Peer *peer = m_peers.findOrLoad(source, now());
    if (!peer) {
        handleFromUnknown(from, bytes, packet);
        return;
    }
    if (Status s = packet.open(peer->key()); !s.ok()) {
        if (s.error().code == ErrorCode::BadSignature || s.error().code == ErrorCode::Unsupported)
            ++m_counters.droppedUnauthenticated;
        else
            ++m_counters.droppedMalformed;
        return;
    }
    handleAuthenticated(*peer, from, packet);
}

void Node::handleFromUnknown(const InetAddress &from, const QByteArray &bytes, const Packet &packet)
{
    // HELLO is MAC-only: its verb byte is readable and it carries the sender's identity. Anything
    // else waits for OK(WHOIS).
    if (packet.cipherSuite() != CipherSuite::Poly1305None || packet.verb() != Verb::Hello || packet.isCompressed()) {
        holdIncoming(from, packet.source(), bytes);
        return;
    }
    Result<Identity> id = HelloPayload::peekIdentity(packet.payload());
    if (!id) {
        ++m_counters.droppedMalformed;
        return;
    }
    if (id->address() != packet.source()) {
        ++m_counters.droppedIdentityMismatch;
        return;
    }
    // A retried HELLO of a newcomer being validated: a lookup and a MAC check, nothing else.
    if (Admission::Waiting *waiting = m_admission.waiting(id->address())) {
        retryWhileWaiting(*waiting, *id, from, packet);
        return;
    }
    // Cheap refusals before any key agreement (a flood of bogus HELLOs must not eat the thread): an
    // identity that failed validation before, no validation left in the node's budget, or none left
    // for the sender's network (Admission: one source cannot take everyone's validations).
    const QByteArray fingerprint = id->publicKeyHash384().left(16);
    if (m_peers.wasRefused(fingerprint)) {
        ++m_counters.droppedIdentityMismatch;
        return;
    }
    const QByteArray source = Admission::sourceOf(from);
    if (!m_admission.hasRoom(source, now())) {
        ++m_counters.droppedValidationBudget;
        return;
    }
    // Check the MAC before paying for the memory-hard validation: a forged HELLO costs only
    // a key agreement.
    const std::optional<QByteArray> key = m_identity.agree(*id);
    if (!key) {
        ++m_counters.droppedIdentityMismatch;
        return;
    }
    Packet copy = packet;
    if (Status s = copy.open(*key); !s.ok()) {
        ++m_counters.droppedUnauthenticated;
        return;
    }
    // Without a validation left in the node's budget it waits its turn (startQueuedAdmissions).
    const bool start =
        !m_admission.hasQueued() && m_peers.consumeValidationBudget(now(), m_options.validationsPerSecond);
    if (start)
        ++m_counters.identitiesValidated;
    m_admission.submit({*id, *key, from, copy, source}, now(), start);
}

void Node::startQueuedAdmissions()
{
    while (m_admission.hasQueued() && m_peers.consumeValidationBudget(now(), m_options.validationsPerSecond)) {
        if (m_admission.startNext())
            ++m_counters.identitiesValidated;
    }
}

void Node::retryWhileWaiting(Admission::Waiting &waiting, const Identity &identity, const InetAddress &from,
                             const Packet &packet)
{
    if (!(identity == waiting.identity)) {
        ++m_counters.droppedIdentityMismatch; // another identity claiming the address: the first one is checked
        return;
    }
    Packet copy = packet;
    if (Status s = copy.open(waiting.key); !s.ok()) {
        ++m_counters.droppedUnauthenticated;
        return;
    }
    // The latest HELLO is the one answered: the newcomer may have moved, and it matches OK by packet ID.
    waiting.from = from;
    waiting.hello = copy;
}

void Node::finishAdmission(Address address, bool valid)
{
    std::optional<Admission::Waiting> waiting = m_admission.take(address);
    startQueuedAdmissions(); // the budget refilled while this one was validated
    if (!waiting)
        return;
    if (!valid) {
        m_peers.refuse(waiting->identity.publicKeyHash384().left(16));
        ++m_counters.droppedIdentityMismatch;
        return;
    }
    Peer *peer = m_peers.find(address);
    if (peer && !(peer->identity() == waiting->identity))
        return; // the address became another identity's meanwhile (trusted or from the cache)
    if (!peer) {
        peer = m_peers.create(waiting->identity, now());
        if (!peer)
            return;
        m_peers.remember(peer->identity());
    }
    handleAuthenticated(*peer, waiting->from, waiting->hello);
    releaseHeld(address);
}

void Node::handleAuthenticated(Peer &peer, const InetAddress &from, Packet &packet)
{
    if (m_replays.isReplay(peer.address(), packet.packetId(), now(), m_options.maxReplayEntries)) {
        ++m_counters.droppedReplayed;
        return;
    }
    ++m_counters.packetsReceived;
    const bool direct = packet.hops() == 0 && acceptablePath(from);
    const bool newSource = peer.lastSource != from;
    peer.received(from, now(), direct);
    if (direct && isServingRoot())
        m_root.noteDirectSource(from, peer.address(), now());

    switch (packet.verb()) {
    case Verb::Hello:
        handleHello(peer, from, packet);
        return;
    case Verb::Ok:
        handleOk(peer, from, packet);
        return;
    case Verb::Whois:
        handleWhois(peer, from, packet);
        return;
    case Verb::Rendezvous:
        handleRendezvous(peer, packet);
        return;
    case Verb::Echo:
        handleEcho(peer, from, packet);
        break;
    // These three return false for an undecodable payload (counted; the peer's new source, if any,
    // is then not reported).
    case Verb::NetworkConfigRequest:
        if (!handleConfigRequest(peer, from, packet))
            return;
        break;
    case Verb::MulticastLike:
        if (!handleMulticastLike(peer, packet))
            return;
        break;
    case Verb::MulticastGather:
        if (!handleMulticastGather(peer, from, packet))
            return;
        break;
    default:
        if (m_handler)
            m_handler->packetReceived(peer.identity(), packet, from);
        break;
    }
    if (newSource)
        emitContact(peer, from);
}

void Node::handleEcho(Peer &peer, const InetAddress &from, const Packet &packet)
{
    OkEchoPayload ok;
    ok.inRePacketId = packet.packetId();
    ok.echoed = packet.payload().toByteArray();
    sendPacket(peer.address(), Verb::Ok, ok.encode(), from);
}

void Node::handleHello(Peer &peer, const InetAddress &from, const Packet &packet)
{
    Result<HelloPayload> hello = HelloPayload::fromPacket(packet, peer.key());
    if (!hello) {
        if (hello.error().code == ErrorCode::Unsupported)
            ++m_counters.droppedUnauthenticated;
        else
            ++m_counters.droppedMalformed;
        return;
    }
    if (!(hello->identity == peer.identity())) {
        ++m_counters.droppedIdentityMismatch;
        return;
    }
    peer.version =
        PeerVersion{hello->protocolVersion, hello->versionMajor, hello->versionMinor, hello->versionRevision};
    OkHelloPayload ok;
    ok.inRePacketId = packet.packetId();
    ok.timestamp = hello->timestamp;
    ok.protocolVersion = m_options.protocolVersion;
    ok.versionMajor = m_options.versionMajor;
    ok.versionMinor = m_options.versionMinor;
    ok.versionRevision = m_options.versionRevision;
    ok.yourAddress = hello->protocolVersion < 5 ? from.withPort(0) : from;
    if (isServingRoot())
        ok.worldUpdates = worldUpdatesFor(*hello);
    sendPacket(peer.address(), Verb::Ok, ok.encode(), from);

    const qint64 t = now();
    if (packet.hops() == 0 && acceptablePath(from)) {
        const PeerPath *p = peer.path(from);
        if ((!p || !p->confirmed) && t - peer.lastHelloSent >= HelloBackIntervalMs)
            sendHello(peer.address(), from);
    }
    emitContact(peer, from);
}

void Node::handleOk(Peer &peer, const InetAddress &from, const Packet &packet)
{
    Result<OkPayload> ok = OkPayload::decode(packet.payload());
    if (!ok) {
        ++m_counters.droppedMalformed;
        return;
    }
    const auto found = m_expected.constFind(ok->inRePacketId);
    const Expectation *expected =
        found != m_expected.constEnd() && found->peer == peer.address() && found->verb == ok->inReVerb ? &*found
                                                                                                       : nullptr;
    switch (ok->inReVerb) {
    case Verb::Hello:
        if (!expected) {
            ++m_counters.droppedUnexpectedReply;
            return;
        }
        handleOkHello(peer, from, packet, ok->inRePacketId, expected->sentAt);
        return;
    case Verb::Echo:
        handleOkEcho(peer, from, packet, ok->inRePacketId, expected);
        return;
    case Verb::Whois:
        if (!expected || !isRoot(peer.address())) {
            ++m_counters.droppedUnexpectedReply;
            return;
        }
        m_expected.remove(ok->inRePacketId);
        handleOkWhois(packet.payload().toByteArray());
        return;
    default:
        if (m_handler)
            m_handler->packetReceived(peer.identity(), packet, from);
        return;
    }
}

void Node::handleOkHello(Peer &peer, const InetAddress &from, const Packet &packet, quint64 inRePacketId, qint64 sentAt)
{
    Result<OkHelloPayload> okHello = OkHelloPayload::decode(packet.payload());
    if (!okHello) {
        ++m_counters.droppedMalformed;
        return;
    }
    peer.version =
        PeerVersion{okHello->protocolVersion, okHello->versionMajor, okHello->versionMinor, okHello->versionRevision};
    if (packet.hops() == 0) {
        peer.latencyMs = std::max<qint64>(0, now() - sentAt);
        if (acceptablePath(from))
            peer.confirmPath(from, now());
    }
    m_expected.remove(inRePacketId);
    // World updates count only from our roots (docs/protocol/world.md §1).
    if (!okHello->worldUpdates.isEmpty() && isRoot(peer.address()))
        applyWorldUpdates(okHello->worldUpdates);
    emitContact(peer, from);
}

void Node::applyWorldUpdates(const QByteArray &worlds)
{
    ByteReader reader(worlds);
    while (reader.remaining() > 0) {
        Result<World> w = World::read(reader);
        if (!w) {
            ++m_counters.droppedMalformed;
            return;
        }
        // Only a newer version of a world we hold, signed by the key the current version names.
        World planet = m_planet;
        QList<World> moons = m_moons;
        bool applied = false;
        if (w->type() == World::Type::Planet && planet.id() == w->id() && planet.acceptsUpdate(*w)) {
            planet = *w;
            applied = true;
        }
        for (World &m : moons) {
            if (w->type() == World::Type::Moon && m.id() == w->id() && m.acceptsUpdate(*w)) {
                m = *w;
                applied = true;
            }
        }
        if (!applied)
            continue;
        setWorlds(planet, moons);
        emit worldUpdated(*w);
    }
}

void Node::handleOkEcho(Peer &peer, const InetAddress &from, const Packet &packet, quint64 inRePacketId,
                        const Expectation *expected)
{
    if (expected) {
        if (packet.hops() == 0) {
            peer.latencyMs = std::max<qint64>(0, now() - expected->sentAt);
            if (acceptablePath(from))
                peer.confirmPath(from, now());
        }
        m_expected.remove(inRePacketId);
        emitContact(peer, from);
        return;
    }
    // Not an answer to our ECHO: a member acknowledging a pushed config (controller role).
    Result<OkEchoPayload> echo = OkEchoPayload::decode(packet.payload());
    if (echo) {
        if (auto ack = echo->configAck(); ack && m_handler) {
            m_handler->configPushAcknowledged(peer.identity(), inRePacketId, ack->networkId, ack->configUpdateId);
            return;
        }
    }
    ++m_counters.droppedUnexpectedReply;
}

} // namespace tier
