// SPDX-License-Identifier: GPL-3.0-or-later
#include "node.h"

#include "core/node/identitycache.h"
#include "core/node/nodehandler.h"
#include "core/node/udptransport.h"
#include "core/protocol/echo.h"
#include "core/protocol/errorpayload.h"
#include "core/protocol/fragment.h"
#include "core/protocol/hello.h"
#include "core/protocol/multicastgather.h"
#include "core/protocol/multicastlike.h"
#include "core/protocol/networkconfigrequest.h"
#include "core/protocol/networkcredentials.h"
#include "core/protocol/okhello.h"
#include "core/protocol/okpayload.h"
#include "core/protocol/packet.h"
#include "core/protocol/rendezvous.h"
#include "core/protocol/whois.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QTimer>

namespace tier {

namespace {

constexpr qint64 ExpectationLifetimeMs = 30000;
constexpr qint64 ReplyPathLifetimeMs = 60000;
constexpr int MaxExpectations = 16384;
constexpr int MaxReplyPaths = 16384;
constexpr qint64 ValidationWindowMs = 1000;
// Addresses recently not found in the identity cache are not looked up again for this long.
constexpr qint64 CacheMissMs = 1000;
constexpr int MaxCacheMisses = 8192;
// Fingerprints of identities that failed validation (bounded; cleared when full).
constexpr int MaxRefusedIdentities = 4096;
// Addresses per WHOIS sent from tick() (a root answers up to 64 identities per WHOIS).
constexpr qsizetype WhoisBatch = 32;
// A direct HELLO from an address we have not confirmed is answered with our own HELLO there, at
// most this often per address (what 1.14 does to learn paths both ways).
constexpr qint64 HelloBackIntervalMs = 1000;
constexpr qint64 HousekeepingIntervalMs = 30000;
// Peers are created on receipt, so lastReceive is set; created-but-silent peers age from creation.
constexpr qint64 PeerIdleEvictionMs = 500000;

} // namespace

Node::Node(Identity identity, NodeOptions options, QObject *parent)
    : QObject(parent), m_identity(std::move(identity)), m_options(std::move(options)),
      m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    m_transport = new UdpTransport(this);
    connect(m_transport, &UdpTransport::datagramReceived, this, &Node::onDatagram);
}

Node::~Node() = default;

void Node::setClock(Clock clock)
{
    m_clock = clock ? std::move(clock) : Clock([] { return QDateTime::currentMSecsSinceEpoch(); });
}

void Node::setWorlds(const World &planet, const QList<World> &moons)
{
    m_planet = planet;
    m_moons = moons;
    m_roots.clear();
    QList<World> worlds{planet};
    worlds.append(moons);
    for (const World &w : std::as_const(worlds)) {
        for (const World::Root &r : w.roots()) {
            if (r.identity.address() == address() || isRoot(r.identity.address()))
                continue;
            RootInfo info;
            info.identity = r.identity.publicOnly();
            for (const InetAddress &e : r.stableEndpoints) {
                if (!e.isNull() && e.port() != 0)
                    info.endpoints.append(e);
            }
            m_roots.append(info);
            // Roots are trusted through the signed world: no memory-hard check. lastReceive stays 0
            // until a root answers (the HELLO retry cadence depends on it).
            if (addTrustedPeer(info.identity))
                m_peers.value(info.identity.address())->lastReceive = 0;
        }
    }
}

Status Node::start()
{
    Status bound = m_transport->bind(m_options.port, m_options.bindAddress);
    if (!bound.ok())
        return bound;
    if (m_options.tickIntervalMs > 0) {
        if (!m_timer) {
            m_timer = new QTimer(this);
            connect(m_timer, &QTimer::timeout, this, &Node::tick);
        }
        m_timer->start(m_options.tickIntervalMs);
    }
    tick(); // HELLO to every root now
    return Ok{};
}

void Node::stop()
{
    if (m_timer)
        m_timer->stop();
    m_transport->close();
}

bool Node::isRunning() const
{
    return m_transport->isBound();
}

quint16 Node::localPort() const
{
    return m_transport->localPort();
}

const Peer *Node::peer(Address a) const
{
    const auto it = m_peers.constFind(a);
    return it == m_peers.constEnd() ? nullptr : it->get();
}

QList<Address> Node::peerAddresses() const
{
    return m_peers.keys();
}

QList<Address> Node::rootAddresses() const
{
    QList<Address> out;
    for (const RootInfo &r : m_roots)
        out.append(r.identity.address());
    return out;
}

bool Node::isRoot(Address a) const
{
    for (const RootInfo &r : m_roots) {
        if (r.identity.address() == a)
            return true;
    }
    return false;
}

bool Node::addTrustedPeer(const Identity &identity)
{
    if (identity.isNull() || identity.address() == address())
        return false;
    if (m_peers.contains(identity.address()))
        return m_peers.value(identity.address())->identity() == identity;
    return createPeer(identity) != nullptr;
}

int Node::heldPacketCount(Address from) const
{
    return int(m_heldIncoming.value(from).size());
}

Peer *Node::createPeer(const Identity &identity)
{
    m_cacheMisses.remove(identity.address());
    const std::optional<QByteArray> key = m_identity.agree(identity);
    if (!key)
        return nullptr;
    auto p = std::make_shared<Peer>(identity.publicOnly(), *key, now());
    Peer *raw = p.get();
    m_peers.insert(identity.address(), std::move(p));
    return raw;
}

Peer *Node::findOrLoadPeer(Address a)
{
    const auto it = m_peers.constFind(a);
    if (it != m_peers.constEnd())
        return it->get();
    if (m_cache) {
        // A flood from random addresses would otherwise cost one store lookup per datagram.
        const qint64 t = now();
        if (const auto miss = m_cacheMisses.constFind(a); miss != m_cacheMisses.constEnd() && t - *miss < CacheMissMs)
            return nullptr;
        if (std::optional<Identity> id = m_cache->lookup(a); id && id->address() == a)
            return createPeer(*id);
        if (m_cacheMisses.size() >= MaxCacheMisses)
            m_cacheMisses.clear();
        m_cacheMisses.insert(a, t);
    }
    return nullptr;
}

bool Node::consumeValidationBudget()
{
    const qint64 t = now();
    if (t - m_validationWindowStart >= ValidationWindowMs || t < m_validationWindowStart) {
        m_validationWindowStart = t;
        m_validationsInWindow = 0;
    }
    if (m_validationsInWindow >= m_options.validationsPerSecond)
        return false;
    ++m_validationsInWindow;
    return true;
}

bool Node::acceptablePath(const InetAddress &a) const
{
    if (a.isNull() || a.port() == 0)
        return false;
    return m_options.acceptLoopbackPaths || !a.isLoopback();
}

bool Node::isReplay(Address source, quint64 packetId)
{
    const QPair<quint64, quint64> key(source.toInt(), packetId);
    const qint64 t = now();
    if (m_seen.contains(key))
        return true;
    m_seen.insert(key, t);
    m_seenOrder.emplace_back(key, t);
    while (int(m_seenOrder.size()) > m_options.maxReplayEntries) {
        m_seen.remove(m_seenOrder.front().first);
        m_seenOrder.pop_front();
    }
    return false;
}

// ---------------------------------------------------------------------------------------------
// Receiving

void Node::onDatagram(const InetAddress &from, const QByteArray &datagram)
{
    ++m_counters.datagramsReceived;
    if (datagram.size() > protocol::MaxPacketLength) {
        ++m_counters.droppedOversized;
        return;
    }
    const qint64 t = now();
    if (Fragment::isFragment(datagram)) {
        Result<Fragment> f = Fragment::decode(datagram);
        if (!f) {
            ++m_counters.droppedMalformed;
            return;
        }
        if (f->destination != address()) {
            if (m_options.role == NodeOptions::Role::Root)
                relay(from, datagram, f->destination, Address(), true);
            else
                ++m_counters.droppedNotForUs;
            return;
        }
        const Reassembler::Outcome o = m_reassembler.add(datagram, t, qHash(from));
        if (o.status == Reassembler::Outcome::Status::Complete)
            handleAssembled(from, o.packet);
        else if (o.status == Reassembler::Outcome::Status::Rejected)
            ++m_counters.droppedMalformed;
        return;
    }
    if (datagram.size() < protocol::HeaderLength) {
        ++m_counters.droppedMalformed;
        return;
    }
    const Address destination(
        ByteReader(QByteArrayView(datagram).sliced(protocol::PacketIdLength, Address::Length)).u40());
    if (destination != address()) {
        if (m_options.role == NodeOptions::Role::Root) {
            const Address source(ByteReader(QByteArrayView(datagram).sliced(13, Address::Length)).u40());
            relay(from, datagram, destination, source, false);
        } else {
            ++m_counters.droppedNotForUs;
        }
        return;
    }
    if ((quint8(datagram[protocol::FlagsOffset]) & protocol::FlagFragmented) != 0) {
        const Reassembler::Outcome o = m_reassembler.add(datagram, t, qHash(from));
        if (o.status == Reassembler::Outcome::Status::Complete)
            handleAssembled(from, o.packet);
        else if (o.status == Reassembler::Outcome::Status::Rejected)
            ++m_counters.droppedMalformed;
        return;
    }
    handleAssembled(from, datagram);
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
    Peer *peer = findOrLoadPeer(source);
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
    // HELLO is MAC-only: its verb byte is readable and it carries the sender's identity.
    if (packet.cipherSuite() == CipherSuite::Poly1305None && packet.verb() == Verb::Hello && !packet.isCompressed()) {
        Result<Identity> id = HelloPayload::peekIdentity(packet.payload());
        if (!id) {
            ++m_counters.droppedMalformed;
            return;
        }
        if (id->address() != packet.source()) {
            ++m_counters.droppedIdentityMismatch;
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
        // The same bogus identity again (a replayed HELLO): refused without paying again.
        const QByteArray fingerprint = id->publicKeyHash384().left(16);
        if (m_refusedIdentities.contains(fingerprint)) {
            ++m_counters.droppedIdentityMismatch;
            return;
        }
        if (!consumeValidationBudget()) {
            ++m_counters.droppedValidationBudget;
            return;
        }
        ++m_counters.identitiesValidated;
        if (!id->locallyValidate()) {
            if (m_refusedIdentities.size() >= MaxRefusedIdentities)
                m_refusedIdentities.clear();
            m_refusedIdentities.insert(fingerprint);
            ++m_counters.droppedIdentityMismatch;
            return;
        }
        Peer *peer = createPeer(*id);
        if (!peer)
            return;
        if (m_cache)
            m_cache->remember(peer->identity());
        handleAuthenticated(*peer, from, copy);
        releaseHeld(peer->address());
        return;
    }
    holdIncoming(from, packet.source(), bytes);
}

void Node::holdIncoming(const InetAddress &from, Address source, const QByteArray &bytes)
{
    if (m_heldTotal >= m_options.maxHeldTotal && !m_heldIncoming.isEmpty() &&
        m_heldIncoming.value(source).size() < m_options.maxHeldPerAddress) {
        // Full: a random held packet makes room. Refusing newcomers instead would let a flood from
        // random addresses keep every real newcomer out for as long as it lasts; this way a real
        // packet survives long enough for its WHOIS with good odds, and the sender's retry helps.
        auto victim = std::next(m_heldIncoming.begin(),
                                qsizetype(QRandomGenerator::global()->bounded(quint32(m_heldIncoming.size()))));
        victim->removeFirst();
        --m_heldTotal;
        ++m_counters.droppedHoldQueueFull;
        if (victim->isEmpty())
            m_heldIncoming.erase(victim);
    }
    QList<HeldIncoming> &list = m_heldIncoming[source];
    if (list.size() >= m_options.maxHeldPerAddress || m_heldTotal >= m_options.maxHeldTotal) {
        if (list.isEmpty())
            m_heldIncoming.remove(source);
        ++m_counters.droppedHoldQueueFull;
        return;
    }
    list.append(HeldIncoming{bytes, from, now()});
    ++m_heldTotal;
    whois(source);
}

void Node::releaseHeld(Address a)
{
    m_whois.remove(a);
    const QList<HeldIncoming> incoming = m_heldIncoming.take(a);
    m_heldTotal -= int(incoming.size());
    for (const HeldIncoming &h : incoming)
        handleAssembled(h.from, h.packet);
    const QList<HeldOutgoing> outgoing = m_heldOutgoing.take(a);
    m_heldTotal -= int(outgoing.size());
    for (const HeldOutgoing &h : outgoing) {
        quint64 id = h.packetId;
        Peer *p = findOrLoadPeer(a);
        if (!p)
            continue;
        Packet packet(id, a, address(), h.verb, h.payload);
        InetAddress to = h.via;
        if (to.isNull()) {
            if (auto best = p->bestPath(now()))
                to = *best;
            else if (auto viaRoot = rootPath(nullptr))
                to = *viaRoot;
        }
        sendSealed(*p, packet, to);
    }
}

void Node::emitContact(const Peer &peer, const InetAddress &from)
{
    emit peerContact(peer.address(), from, peer.version, peer.latencyMs);
}

void Node::handleAuthenticated(Peer &peer, const InetAddress &from, Packet &packet)
{
    if (isReplay(peer.address(), packet.packetId())) {
        ++m_counters.droppedReplayed;
        return;
    }
    ++m_counters.packetsReceived;
    const qint64 t = now();
    const bool direct = packet.hops() == 0 && acceptablePath(from);
    const bool newSource = peer.lastSource != from;
    peer.received(from, t, direct);

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
    case Verb::Echo: {
        OkEchoPayload ok;
        ok.inRePacketId = packet.packetId();
        ok.echoed = packet.payload().toByteArray();
        sendPacket(peer.address(), Verb::Ok, ok.encode(), from);
        break;
    }
    case Verb::NetworkConfigRequest: {
        Result<NetworkConfigRequestPayload> req = NetworkConfigRequestPayload::decode(packet.payload());
        if (!req) {
            ++m_counters.droppedMalformed;
            return;
        }
        if (m_replyPaths.size() >= MaxReplyPaths)
            m_replyPaths.clear(); // only reachable under a flood; replies then take the best path
        m_replyPaths.insert(packet.packetId(), ReplyPath{peer.address(), from, t});
        if (m_handler)
            m_handler->networkConfigRequest(peer.identity(), packet.packetId(), *req, from, packet.hops(),
                                            peer.version);
        break;
    }
    case Verb::MulticastLike: {
        Result<MulticastLikePayload> like = MulticastLikePayload::decode(packet.payload());
        if (!like) {
            ++m_counters.droppedMalformed;
            return;
        }
        if (m_handler)
            m_handler->multicastLike(peer.identity(), *like);
        break;
    }
    case Verb::MulticastGather: {
        Result<MulticastGatherPayload> gather = MulticastGatherPayload::decode(packet.payload());
        if (!gather) {
            ++m_counters.droppedMalformed;
            return;
        }
        if (m_handler) {
            if (std::optional<OkMulticastGatherPayload> answer =
                    m_handler->multicastGather(peer.identity(), packet.packetId(), *gather)) {
                answer->inRePacketId = packet.packetId();
                sendPacket(peer.address(), Verb::Ok, answer->encode(), from);
            }
        }
        break;
    }
    default:
        if (m_handler)
            m_handler->packetReceived(peer.identity(), packet, from);
        break;
    }
    if (newSource)
        emitContact(peer, from);
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
    const qint64 t = now();
    const auto expected = m_expected.constFind(ok->inRePacketId);
    const bool wasExpected =
        expected != m_expected.constEnd() && expected->peer == peer.address() && expected->verb == ok->inReVerb;
    switch (ok->inReVerb) {
    case Verb::Hello: {
        if (!wasExpected) {
            ++m_counters.droppedUnexpectedReply;
            return;
        }
        Result<OkHelloPayload> okHello = OkHelloPayload::decode(packet.payload());
        if (!okHello) {
            ++m_counters.droppedMalformed;
            return;
        }
        peer.version = PeerVersion{okHello->protocolVersion, okHello->versionMajor, okHello->versionMinor,
                                   okHello->versionRevision};
        if (packet.hops() == 0) {
            peer.latencyMs = std::max<qint64>(0, t - expected->sentAt);
            if (acceptablePath(from))
                peer.confirmPath(from, t);
        }
        m_expected.remove(ok->inRePacketId);
        emitContact(peer, from);
        return;
    }
    case Verb::Echo: {
        if (wasExpected) {
            if (packet.hops() == 0) {
                peer.latencyMs = std::max<qint64>(0, t - expected->sentAt);
                if (acceptablePath(from))
                    peer.confirmPath(from, t);
            }
            m_expected.remove(ok->inRePacketId);
            emitContact(peer, from);
            return;
        }
        Result<OkEchoPayload> echo = OkEchoPayload::decode(packet.payload());
        if (echo) {
            if (auto ack = echo->configAck(); ack && m_handler) {
                m_handler->configPushAcknowledged(peer.identity(), ok->inRePacketId, ack->networkId,
                                                  ack->configUpdateId);
                return;
            }
        }
        ++m_counters.droppedUnexpectedReply;
        return;
    }
    case Verb::Whois:
        if (!wasExpected || !isRoot(peer.address())) {
            ++m_counters.droppedUnexpectedReply;
            return;
        }
        m_expected.remove(ok->inRePacketId);
        handleOkWhois(peer, packet.payload().toByteArray());
        return;
    default:
        if (m_handler)
            m_handler->packetReceived(peer.identity(), packet, from);
        return;
    }
}

void Node::handleOkWhois(Peer &root, const QByteArray &payload)
{
    Q_UNUSED(root)
    Result<OkWhoisPayload> answer = OkWhoisPayload::decode(payload);
    if (!answer) {
        ++m_counters.droppedMalformed;
        return;
    }
    for (const Identity &id : std::as_const(answer->identities)) {
        const Address a = id.address();
        if (!m_whois.contains(a) || m_peers.contains(a) || a == address())
            continue;
        // Validated before (e.g. by another node sharing the cache): no second memory-hard check.
        if (m_cache) {
            if (std::optional<Identity> known = m_cache->lookup(a); known && *known == id) {
                if (createPeer(*known))
                    releaseHeld(a);
                continue;
            }
        }
        // The root vouches for the identity, but we keep it for good: validate it once. When this
        // second's budget is used up the WHOIS retry asks again later.
        if (!consumeValidationBudget()) {
            ++m_counters.droppedValidationBudget;
            continue;
        }
        ++m_counters.identitiesValidated;
        if (!id.locallyValidate()) {
            ++m_counters.droppedIdentityMismatch;
            continue;
        }
        Peer *p = createPeer(id);
        if (!p)
            continue;
        if (m_cache)
            m_cache->remember(p->identity());
        releaseHeld(a);
    }
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
        } else if (const Peer *known = findOrLoadPeer(a)) {
            answer.identities.append(known->identity());
        }
        if (answer.identities.size() >= 64)
            break;
    }
    if (answer.identities.isEmpty())
        return; // a root that does not know the address says nothing
    sendPacket(peer.address(), Verb::Ok, answer.encode(), from);
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
    if (!findOrLoadPeer(r->peer))
        return;
    sendHello(r->peer, r->address);
}

void Node::relay(const InetAddress &from, const QByteArray &datagram, Address destination, Address source,
                 bool isFragment)
{
    Peer *target = findOrLoadPeer(destination);
    if (!target) {
        ++m_counters.droppedNotForUs;
        return;
    }
    const std::optional<InetAddress> to = target->bestPath(now());
    if (!to || *to == from) {
        ++m_counters.droppedNotForUs;
        return;
    }
    QByteArray out = datagram;
    if (isFragment) {
        const int hops = quint8(out[15]) & protocol::HopsMask;
        if (hops >= protocol::MaxHops) {
            ++m_counters.droppedNotForUs;
            return;
        }
        out[15] = char(hops + 1);
    } else {
        const quint8 flags = quint8(out[protocol::FlagsOffset]);
        const int hops = flags & protocol::HopsMask;
        if (hops >= protocol::MaxHops) {
            ++m_counters.droppedNotForUs;
            return;
        }
        out[protocol::FlagsOffset] = char((flags & ~protocol::HopsMask) | (hops + 1));
    }
    if (sendRaw(*to, out))
        ++m_counters.relayed;
    if (!isFragment) {
        if (Peer *origin = m_peers.value(source).get())
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

// ---------------------------------------------------------------------------------------------
// Sending

bool Node::sendRaw(const InetAddress &to, const QByteArray &datagram)
{
    if (!m_transport->send(to, datagram))
        return false;
    ++m_counters.datagramsSent;
    return true;
}

std::optional<InetAddress> Node::rootPath(Peer **rootOut)
{
    // Lowest latency among roots heard from recently, else any root with a stable endpoint.
    const qint64 t = now();
    Peer *best = nullptr;
    InetAddress bestPath;
    for (const RootInfo &r : std::as_const(m_roots)) {
        Peer *p = m_peers.value(r.identity.address()).get();
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
            best = m_peers.value(r.identity.address()).get();
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

bool Node::sendPacket(Address destination, Verb verb, const QByteArray &payload, const InetAddress &via,
                      quint64 *usedPacketId)
{
    const quint64 id = Packet::newPacketId();
    if (usedPacketId)
        *usedPacketId = id;
    if (destination == address() || destination.isReserved())
        return false;
    Peer *p = findOrLoadPeer(destination);
    if (!p) {
        QList<HeldOutgoing> &list = m_heldOutgoing[destination];
        if (list.size() >= m_options.maxHeldPerAddress || m_heldTotal >= m_options.maxHeldTotal) {
            if (list.isEmpty())
                m_heldOutgoing.remove(destination);
            ++m_counters.droppedHoldQueueFull;
            return false;
        }
        list.append(HeldOutgoing{id, verb, payload, via, now()});
        ++m_heldTotal;
        whois(destination);
        return true;
    }
    InetAddress to = via;
    if (to.isNull()) {
        if (auto best = p->bestPath(now()))
            to = *best;
        else if (auto viaRoot = rootPath(nullptr))
            to = *viaRoot;
    }
    Packet packet(id, destination, address(), verb, payload);
    return sendSealed(*p, packet, to);
}

bool Node::sendConfig(Address member, quint64 inRePacketId, const QList<QByteArray> &chunks)
{
    if (chunks.isEmpty())
        return false;
    InetAddress to;
    if (inRePacketId != 0) {
        const auto it = m_replyPaths.constFind(inRePacketId);
        if (it != m_replyPaths.constEnd() && it->peer == member)
            to = it->from;
    }
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
    InetAddress to;
    if (inRePacketId != 0) {
        const auto it = m_replyPaths.constFind(inRePacketId);
        if (it != m_replyPaths.constEnd() && it->peer == member)
            to = it->from;
    }
    const ErrorPayload error = ErrorPayload::forConfigRequest(inRePacketId, code, networkId);
    return sendPacket(member, Verb::Error, error.encode(), to);
}

bool Node::sendCredentials(Address member, const QByteArray &revocation)
{
    NetworkCredentialsPayload creds;
    creds.revocations.append(revocation);
    return sendPacket(member, Verb::NetworkCredentials, creds.encode());
}

void Node::expect(quint64 packetId, Address peerAddress, Verb verb, const InetAddress &to)
{
    if (m_expected.size() >= MaxExpectations)
        m_expected.clear(); // only under a flood of our own sends; replies then count as unexpected
    m_expected.insert(packetId, Expectation{peerAddress, verb, to, now()});
}

bool Node::sendHello(Address destination, const InetAddress &to)
{
    Peer *p = findOrLoadPeer(destination);
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
    quint64 id = 0;
    Peer *p = findOrLoadPeer(destination);
    if (!p)
        return false;
    InetAddress target = to;
    if (target.isNull()) {
        if (auto best = p->bestPath(now()))
            target = *best;
        else
            return false;
    }
    id = Packet::newPacketId();
    Packet packet(id, destination, address(), Verb::Echo);
    if (!sendSealed(*p, packet, target))
        return false;
    expect(packet.packetId(), destination, Verb::Echo, target);
    return true;
}

bool Node::whois(Address a)
{
    const qint64 t = now();
    WhoisState &state = m_whois[a];
    if (state.lastSent != 0 && t - state.lastSent < m_options.whoisRetryMs)
        return true;
    // Over this second's budget: tick() asks for it in a batch.
    if (!consumeWhoisBudget(false))
        return true;
    return sendWhois({a});
}

bool Node::consumeWhoisBudget(bool batch)
{
    // Two budgets: single WHOIS sent at once on first contact, and tick()'s batches. A flood of new
    // random addresses uses up the first every second; the batches still reach every held address.
    WhoisBudget &b = batch ? m_whoisBatchBudget : m_whoisSingleBudget;
    const qint64 t = now();
    if (t - b.windowStart >= ValidationWindowMs || t < b.windowStart) {
        b.windowStart = t;
        b.used = 0;
    }
    if (b.used >= m_options.whoisPerSecond)
        return false;
    ++b.used;
    return true;
}

bool Node::sendWhois(const QList<Address> &addresses)
{
    Peer *root = nullptr;
    const std::optional<InetAddress> path = rootPath(&root);
    if (!path || !root || addresses.isEmpty())
        return false;
    WhoisPayload w;
    w.addresses = addresses;
    Packet packet(Packet::newPacketId(), root->address(), address(), Verb::Whois, w.encode());
    if (!sendSealed(*root, packet, *path))
        return false;
    const qint64 t = now();
    for (Address a : addresses)
        m_whois[a].lastSent = t;
    ++m_counters.whoisSent;
    expect(packet.packetId(), root->address(), Verb::Whois, *path);
    return true;
}

// ---------------------------------------------------------------------------------------------
// Periodic work

void Node::tick()
{
    const qint64 t = now();
    // If the socket's read notification ever stays off (seen under a flood: the node went deaf
    // while datagrams queued up), reading here brings it back.
    if (const int rescued = m_transport->drain(); rescued > 0)
        m_counters.drainedByTick += quint64(rescued);
    m_reassembler.expire(t);

    // Held packets: time out, and keep asking for the identities they wait for.
    for (auto it = m_heldIncoming.begin(); it != m_heldIncoming.end();) {
        QList<HeldIncoming> &list = it.value();
        const qsizetype before = list.size();
        list.removeIf([&](const HeldIncoming &h) { return t - h.at > m_options.holdTimeoutMs; });
        m_counters.droppedHoldTimeout += quint64(before - list.size());
        m_heldTotal -= int(before - list.size());
        it = list.isEmpty() ? m_heldIncoming.erase(it) : std::next(it);
    }
    for (auto it = m_heldOutgoing.begin(); it != m_heldOutgoing.end();) {
        QList<HeldOutgoing> &list = it.value();
        const qsizetype before = list.size();
        list.removeIf([&](const HeldOutgoing &h) { return t - h.at > m_options.holdTimeoutMs; });
        m_counters.droppedHoldTimeout += quint64(before - list.size());
        m_heldTotal -= int(before - list.size());
        it = list.isEmpty() ? m_heldOutgoing.erase(it) : std::next(it);
    }
    for (auto it = m_whois.begin(); it != m_whois.end();) {
        const Address a = it.key();
        // Entries without held packets stay while an answer may still come (plain whois() calls).
        if (!m_heldIncoming.contains(a) && !m_heldOutgoing.contains(a) && t - it->lastSent > m_options.holdTimeoutMs) {
            it = m_whois.erase(it);
            continue;
        }
        ++it;
    }
    // Every address with held packets is asked again every whoisRetryMs, many per WHOIS and within
    // the WHOIS budget: a flood from random addresses must not turn into a flood towards the root.
    QList<Address> due;
    for (auto it = m_whois.cbegin(); it != m_whois.cend(); ++it) {
        if ((it->lastSent == 0 || t - it->lastSent >= m_options.whoisRetryMs) &&
            (m_heldIncoming.contains(it.key()) || m_heldOutgoing.contains(it.key())))
            due.append(it.key());
    }
    for (qsizetype i = 0; i < due.size() && consumeWhoisBudget(true); i += WhoisBatch)
        sendWhois(due.mid(i, WhoisBatch));

    // Roots: HELLO at start and every interval; sooner while a root has not answered.
    for (RootInfo &r : m_roots) {
        Peer *p = m_peers.value(r.identity.address()).get();
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

    // Idle peers leave RAM (docs/protocol/timing.md §3); the identity cache brings them back without validation.
    if (t - m_lastHousekeeping >= HousekeepingIntervalMs) {
        m_lastHousekeeping = t;
        m_peers.removeIf([&](decltype(m_peers)::iterator it) {
            const Peer &p = *it.value();
            return t - std::max(p.lastReceive, p.lastHelloSent) > PeerIdleEvictionMs && !isRoot(p.address()) &&
                   !m_heldOutgoing.contains(p.address());
        });
    }

    // Bookkeeping with lifetimes.
    m_cacheMisses.removeIf([&](decltype(m_cacheMisses)::iterator it) { return t - it.value() >= CacheMissMs; });
    m_expected.removeIf([&](decltype(m_expected)::iterator it) { return t - it->sentAt > ExpectationLifetimeMs; });
    m_replyPaths.removeIf([&](decltype(m_replyPaths)::iterator it) { return t - it->at > ReplyPathLifetimeMs; });
    while (!m_seenOrder.empty() && t - m_seenOrder.front().second > m_options.replayWindowMs) {
        m_seen.remove(m_seenOrder.front().first);
        m_seenOrder.pop_front();
    }
    if (m_options.role == NodeOptions::Role::Root) {
        m_rendezvous.removeIf(
            [&](decltype(m_rendezvous)::iterator it) { return t - it.value() > m_options.rendezvousIntervalMs; });
    }
    emit ticked(t);
}

} // namespace tier
