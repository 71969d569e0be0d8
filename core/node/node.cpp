// SPDX-License-Identifier: GPL-3.0-or-later
// Node: set-up, the peer table's public face, and the periodic tick. The receive path, sending, the
// WHOIS queue and each role's verbs live in the files named in node.h.
#include "node.h"

#include "core/node/udptransport.h"

#include <QDateTime>
#include <QTimer>

namespace tier {

namespace {

constexpr qint64 ExpectationLifetimeMs = 30000;
constexpr qint64 ReplyPathLifetimeMs = 60000;
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
    m_peers.setCapacity(m_options.maxPeers, [this](const Peer &p) {
        return isRoot(p.address()) || m_whoisQueue.hasHeldOutgoing(p.address());
    });
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
    const QList<RootInfo> before = m_roots;
    m_roots.clear();
    QList<World> worlds{planet};
    worlds.append(moons);
    QList<World> served;
    for (const World &w : std::as_const(worlds)) {
        for (const World::Root &r : w.roots()) {
            if (r.identity.address() == address() && r.identity == m_identity.publicOnly() && !served.contains(w))
                served.append(w);
        }
    }
    m_root.setServedWorlds(served);
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
            for (const RootInfo &old : before) {
                if (old.identity == info.identity)
                    info.lastHelloSent = old.lastHelloSent; // an update while running: same cadence
            }
            m_roots.append(info);
            // Roots are trusted through the signed world: no memory-hard check. lastReceive stays 0
            // until a root answers (the HELLO retry cadence depends on it).
            const bool known = m_peers.contains(info.identity.address());
            if (addTrustedPeer(info.identity) && !known)
                m_peers.find(info.identity.address())->lastReceive = 0;
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
    return m_peers.find(a);
}

QList<Address> Node::peerAddresses() const
{
    return m_peers.addresses();
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
    return m_peers.addTrusted(identity, now());
}

int Node::heldPacketCount(Address from) const
{
    return m_whoisQueue.heldIncomingCount(from);
}

void Node::tick()
{
    const qint64 t = now();
    // If the socket's read notification ever stays off (seen under a flood: the node went deaf
    // while datagrams queued up), reading here brings it back.
    if (const int rescued = m_transport->drain(); rescued > 0)
        m_counters.drainedByTick += quint64(rescued);
    m_reassembler.expire(t);
    askDueWhois(t);
    helloRoots(t);

    // Idle peers leave RAM (docs/protocol/timing.md §3); the identity cache brings them back without validation.
    if (t - m_lastHousekeeping >= HousekeepingIntervalMs) {
        m_lastHousekeeping = t;
        m_peers.evict([&](const Peer &p) {
            return t - std::max(p.lastReceive, p.lastHelloSent) > PeerIdleEvictionMs && !isRoot(p.address()) &&
                   !m_whoisQueue.hasHeldOutgoing(p.address());
        });
    }
    expireBookkeeping(t);
    emit ticked(t);
}

void Node::expireBookkeeping(qint64 t)
{
    m_peers.expireCacheMisses(t);
    m_expected.removeIf([&](decltype(m_expected)::iterator it) { return t - it->sentAt > ExpectationLifetimeMs; });
    m_replyPaths.removeIf([&](decltype(m_replyPaths)::iterator it) { return t - it->at > ReplyPathLifetimeMs; });
    m_replays.expire(t, m_options.replayWindowMs);
    m_root.expire(t);
    m_admission.expire(t);
    startQueuedAdmissions();
    m_root.counters().peersEvicted = m_peers.evictedForCapacity();
}

} // namespace tier
