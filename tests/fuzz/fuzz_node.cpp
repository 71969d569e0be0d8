// SPDX-License-Identifier: GPL-3.0-or-later
// The engine's packet entry point: Node's datagram input (Node::receiveDatagram) on a controller
// node with a fixed identity, one known member and one root, and a handler that answers config
// requests as a controller would. The node is never started, so nothing leaves the process.
// The first input byte picks the mode:
//   0: the rest is a raw datagram (fragments, headers, MACs, unknown senders, HELLOs)
//   1: the rest is [verb][payload], sealed with the member's key (reaches every verb handler)
//   2: the same from the root (OK(WHOIS), RENDEZVOUS are only taken from roots)
//   3: [verb][payload] sealed by the member as a MAC-only (suite 0) packet
// Inputs are independent except for the node's state (peers, held packets, replay window), which
// lives across inputs as in the engine; the clock advances 50 ms per input and tick() runs often.
#include "core/crypto/primitives.h"
#include "core/node/memoryidentitycache.h"
#include "core/node/node.h"
#include "core/node/nodehandler.h"
#include "core/protocol/packet.h"

#include <cstdint>
#include <memory>

namespace {

// Identities from tests/data/vectors/identities.txt (zerotier-idtool 1.14.1).
const char *const kController = "3b255c0d89:0:"
                                "a25c483a1f115696ee0036682db111dacd699d95fd32b384bd2fe18f606f5d190735ff2a22263ef8d25faa"
                                "bf1c90a9d83416d23ae78be244cf427a1c800f97c5:"
                                "0da932b356e321fc5410cf2df0897db0e8d09e269f15a8e1290bd7896c9cd3a361b574d0b4e687971631f6"
                                "92caa190c69ed11b18adf490eea5084b3f4db2ac14";
const char *const kMember = "2063568a0a:0:"
                            "5e8b2c5bd8c99b7db31906a0a896c9ca2233c7e117e6c928a8afd80167d9790992b330c617c0820e9a068135e7"
                            "ce71bc0e74fa333d9cd5532a126a549190f798:"
                            "0bb03212459d1a9e2ba7f6adae877a128e51a94c2f20817e11d52df4248fddb383b2d1efbce392f13a84a4546c"
                            "9dc7fb31bf6667c7662fa2d4f5d59be2c8430a";
const char *const kRoot = "217afaa1ef:0:"
                          "427d28862dd7508bfc65d558757da313011dfe27ebfd485044cfc1406821152ecd53e236808514e1e78335319535"
                          "f20baaead11ba62bf89e7d86b9448808684e:"
                          "feb197fc85b8b3ae93ced9eb60407608db597ee95f883124a19f89afebef3c004ce51d4f9c2690a297c63aea317b"
                          "0b246f10132fea2d2352abe95c06d48adcf3";

tier::Identity identity(const char *text)
{
    return tier::Identity::fromString(QString::fromLatin1(text)).value();
}

/// Answers requests with an error and one small config chunk, as the controller layer would.
class Handler final : public tier::NodeHandler
{
public:
    explicit Handler(tier::Node *node) : m_node(node) {}
    void networkConfigRequest(const tier::Identity &peer, quint64 packetId,
                              const tier::NetworkConfigRequestPayload &request, const tier::InetAddress &from, int hops,
                              const tier::PeerVersion &version) override
    {
        Q_UNUSED(from)
        Q_UNUSED(hops)
        Q_UNUSED(version)
        if (request.networkId & 1)
            m_node->sendError(peer.address(), packetId, tier::ProtocolErrorCode::NetworkAccessDenied,
                              request.networkId);
        else
            m_node->sendConfig(peer.address(), packetId, {request.metadata.left(64)});
    }

private:
    tier::Node *m_node;
};

struct State
{
    qint64 now = 1700000000000;
    tier::Identity member;
    tier::Identity root;
    QByteArray memberKey;
    QByteArray rootKey;
    tier::MemoryIdentityCache cache;
    std::unique_ptr<tier::Node> node;
    std::unique_ptr<Handler> handler;
    tier::InetAddress from = tier::InetAddress::fromIPv4(0x7f000001, 40000);
    tier::InetAddress rootFrom = tier::InetAddress::fromIPv4(0x7f000001, 9993);
    quint64 inputs = 0;
};

State &state()
{
    static State *s = [] {
        auto *st = new State;
        tier::crypto::initialize();
        const tier::Identity controller = identity(kController);
        st->member = identity(kMember);
        st->root = identity(kRoot);
        tier::NodeOptions options;
        options.port = 0;
        options.tickIntervalMs = 0;
        st->node = std::make_unique<tier::Node>(controller, options);
        st->node->setClock([st] { return st->now; });
        st->node->setIdentityCache(&st->cache);
        st->handler = std::make_unique<Handler>(st->node.get());
        st->node->setHandler(st->handler.get());
        tier::World::Root r;
        r.identity = st->root.publicOnly();
        r.stableEndpoints.append(st->rootFrom);
        auto planet =
            tier::World::create(tier::World::Type::Planet, 1, 1, st->root.publicKey(), {r}, st->root.secretKey());
        if (planet)
            st->node->setWorlds(*planet);
        st->node->addTrustedPeer(st->member.publicOnly());
        st->memberKey = st->member.agree(controller).value();
        st->rootKey = st->root.agree(controller).value();
        return st;
    }();
    return *s;
}

void sealed(State &s, const tier::Identity &sender, const QByteArray &key, tier::CipherSuite suite,
            const tier::InetAddress &from, QByteArrayView body)
{
    if (body.isEmpty())
        return;
    tier::Packet packet(0x5eed000000000000ULL + s.inputs, s.node->address(), sender.address(),
                        tier::Verb(quint8(body[0]) & 0x1f), body.sliced(1));
    auto datagrams = packet.seal(key, suite, tier::protocol::DefaultMtu, (quint8(body[0]) & 0x80) != 0);
    if (!datagrams)
        return;
    for (const QByteArray &d : *datagrams)
        s.node->receiveDatagram(from, d);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    State &s = state();
    s.now += 50;
    if (++s.inputs % 16 == 0)
        s.node->tick();
    if (size == 0)
        return 0;
    const QByteArrayView rest(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    switch (data[0] & 3) {
    case 0:
        s.node->receiveDatagram(s.from, rest.toByteArray());
        break;
    case 1:
        sealed(s, s.member, s.memberKey, tier::CipherSuite::Poly1305Salsa2012, s.from, rest);
        break;
    case 2:
        sealed(s, s.root, s.rootKey, tier::CipherSuite::Poly1305Salsa2012, s.rootFrom, rest);
        break;
    default:
        sealed(s, s.member, s.memberKey, tier::CipherSuite::Poly1305None, s.from, rest);
        break;
    }
    return 0;
}
