// SPDX-License-Identifier: GPL-3.0-or-later
// Node, unknown addresses: packets from or to an address whose identity we lack wait in the
// WhoisQueue while a root is asked (WHOIS); OK(WHOIS) validates the identity once and releases them.
#include "core/protocol/packet.h"
#include "core/protocol/whois.h"
#include "node.h"

namespace tier {

namespace {

// Addresses per WHOIS sent from tick() (a root answers up to 64 identities per WHOIS).
constexpr qsizetype WhoisBatch = 32;

} // namespace

void Node::holdIncoming(const InetAddress &from, Address source, const QByteArray &bytes)
{
    if (m_whoisQueue.holdIncoming(source, WhoisQueue::Incoming{bytes, from, now()}))
        whois(source);
}

void Node::releaseHeld(Address a)
{
    m_whoisQueue.resolved(a);
    const QList<WhoisQueue::Incoming> incoming = m_whoisQueue.takeIncoming(a);
    for (const WhoisQueue::Incoming &h : incoming)
        handleAssembled(h.from, h.packet);
    const QList<WhoisQueue::Outgoing> outgoing = m_whoisQueue.takeOutgoing(a);
    for (const WhoisQueue::Outgoing &h : outgoing) {
        Peer *p = m_peers.findOrLoad(a, now());
        if (!p)
            continue;
        Packet packet(h.packetId, a, address(), h.verb, h.payload);
        sendSealed(*p, packet, pathTo(*p, h.via));
    }
}

bool Node::whois(Address a)
{
    // Asked recently, or over this second's budget: tick() asks for it in a batch.
    if (!m_whoisQueue.mayAskNow(a, now()))
        return true;
    return sendWhois({a});
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
    m_whoisQueue.markAsked(addresses, now());
    ++m_counters.whoisSent;
    expect(packet.packetId(), root->address(), Verb::Whois, *path);
    return true;
}

void Node::askDueWhois(qint64 t)
{
    // Held packets time out; every address with held packets is asked again every whoisRetryMs,
    // many per WHOIS and within the WHOIS budget: a flood from random addresses must not turn into
    // a flood towards the root.
    m_whoisQueue.expire(t);
    const QList<Address> due = m_whoisQueue.due(t);
    for (qsizetype i = 0; i < due.size() && m_whoisQueue.consumeBatchBudget(t); i += WhoisBatch)
        sendWhois(due.mid(i, WhoisBatch));
}

void Node::handleOkWhois(const QByteArray &payload)
{
    Result<OkWhoisPayload> answer = OkWhoisPayload::decode(payload);
    if (!answer) {
        ++m_counters.droppedMalformed;
        return;
    }
    for (const Identity &id : std::as_const(answer->identities)) {
        const Address a = id.address();
        if (!m_whoisQueue.isAwaited(a) || m_peers.contains(a) || a == address() || m_whoisValidating.contains(a))
            continue;
        // Validated before (e.g. by another node sharing the cache): no second memory-hard check.
        if (m_peers.cacheKnows(id)) {
            if (m_peers.create(id, now()))
                releaseHeld(a);
            continue;
        }
        // The root vouches for the identity, but we keep it for good: validate it once, on a worker (the
        // memory-hard check costs 10–20 ms). When this second's budget is used up the WHOIS retry asks
        // again later.
        if (!m_peers.consumeValidationBudget(now(), m_options.validationsPerSecond)) {
            ++m_counters.droppedValidationBudget;
            continue;
        }
        ++m_counters.identitiesValidated;
        m_whoisValidating.insert(a);
        m_admission.validateVouched(id, [this, id](bool valid) { finishWhoisValidation(id, valid); });
    }
}

void Node::finishWhoisValidation(const Identity &identity, bool valid)
{
    const Address a = identity.address();
    m_whoisValidating.remove(a);
    if (!valid) {
        ++m_counters.droppedIdentityMismatch;
        return;
    }
    if (m_peers.contains(a)) // admitted meanwhile (its own HELLO)
        return;
    Peer *p = m_peers.create(identity, now());
    if (!p)
        return;
    m_peers.remember(p->identity());
    releaseHeld(a); // whatever still waits for it (the hold may have timed out meanwhile)
}

} // namespace tier
