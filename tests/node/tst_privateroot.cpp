// SPDX-License-Identifier: GPL-3.0-or-later
// A node that is the root of its own planet (no other root anywhere), as the engine runs it: its
// planet names its identity, so it answers HELLO with newer worlds, WHOIS, relays for members only
// and sends RENDEZVOUS. The same node is the controller of a private network (FakeController);
// simulated 1.14 members join it, exchange frames (COM first) and go direct; a planet update made
// while they run reaches them in OK(HELLO); a forged update does not; non-members are not relayed
// unless the root is open; a flood of HELLO/WHOIS from unknown identities leaves members served.

#include "common/recordingmember.h"
#include "core/crypto/signing.h"
#include "core/protocol/hello.h"
#include "core/protocol/whois.h"
#include "nodetestsupport.h"

#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>
#include <QUdpSocket>

#include <memory>

using namespace tier;

namespace {

constexpr quint64 PlanetId = 0x5eed5eed5eedULL;

World planetVersion(const Identity &root, const QList<InetAddress> &endpoints, quint64 timestamp,
                    const crypto::C25519KeyPair &key, const QByteArray &signingSecret = {})
{
    World::Root r{root.publicOnly(), endpoints};
    Result<World> w = World::create(World::Type::Planet, PlanetId, timestamp, key.publicKey, {r},
                                    signingSecret.isEmpty() ? key.secretKey : signingSecret);
    return w ? *w : World();
}

/// Packets an ordinary node hands to its handler (for the open-root case).
class Inbox final : public NodeHandler
{
public:
    explicit Inbox(Node *node) { node->setHandler(this); }
    void packetReceived(const Identity &peer, const Packet &packet, const InetAddress &from) override
    {
        Q_UNUSED(from)
        senders.append(peer.address());
        hops.append(packet.hops());
    }
    QList<Address> senders;
    QList<int> hops;
};

} // namespace

class TestPrivateRoot final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<test::RecordingMember> makeMember(const Identity &identity)
    {
        return test::startRecordingMember(identity, m_v1, m_controller->networkId());
    }

private slots:
    void initTestCase()
    {
        QVERIFY(crypto::initialize());
        m_ids = test::loadIdentities(6);
        QCOMPARE(m_ids.size(), 6);
        m_key = crypto::generateKeyPair();
    }

    void init()
    {
        // The root binds first: its planet names the port it got.
        m_root = std::make_unique<Node>(m_ids[0], test::loopbackOptions());
        QVERIFY(m_root->start().ok());
        QVERIFY(!m_root->isServingRoot());
        m_v1 = planetVersion(m_ids[0], {test::loopback(m_root->localPort())}, 1700000000000ULL, m_key);
        QVERIFY(m_v1.verifySignature());
        m_root->setWorlds(m_v1);
        m_controller = std::make_unique<test::FakeController>(m_root.get(), m_ids[0]);
        m_controller->authorized = {m_ids[1].address(), m_ids[2].address()};
        m_root->setRootMemberPolicy([c = m_controller.get()](Address a) { return c->authorized.contains(a); });

        m_a = makeMember(m_ids[1]);
        m_b = makeMember(m_ids[2]);
        m_c = makeMember(m_ids[3]); // asks to join, never authorized: not a member
        QVERIFY(m_a && m_b && m_c);
        m_a->sim->join();
        m_b->sim->join();
        m_c->sim->join();
        QTRY_VERIFY(m_a->sim->config().has_value() && m_b->sim->config().has_value());
        QTRY_VERIFY(m_c->sim->state() == MemberEvent::Kind::Denied);
    }

    void cleanup()
    {
        m_a.reset();
        m_b.reset();
        m_c.reset();
        m_controller.reset();
        m_root.reset();
    }

    void servesItsOwnPlanet()
    {
        QVERIFY(m_root->isServingRoot());
        QVERIFY(m_root->rootAddresses().isEmpty()); // no other root: it relies on nobody
        QCOMPARE(m_root->rootService().servedWorlds().size(), 1);
        QCOMPARE(m_a->node->rootAddresses(), QList<Address>{m_root->address()});
        QVERIFY(m_a->node->peer(m_root->address())->confirmedPath(m_a->node->now()).has_value());
        // The members hold the current planet: no world rode in any OK(HELLO).
        QCOMPARE(m_root->rootCounters().worldUpdatesSent, quint64(0));
        // The config came with a COM signed by the root-and-controller.
        QVERIFY(m_a->sim->config()->com.has_value());
    }

    void membersLearnEachOtherAndGoDirect()
    {
        QVERIFY(!m_a->node->peer(m_b->node->address()));
        QVERIFY(m_a->sim->sendFrame(m_b->node->address(), 0x0800, "frame-1"));
        QTRY_COMPARE(m_b->frames, QList<QByteArray>{"frame-1"});
        QVERIFY(m_b->sim->trusts(m_a->node->address()));
        const RootCounters &c = m_root->rootCounters();
        QVERIFY(c.whoisAnswered >= 2); // A asked for B, B for A
        QVERIFY(c.relayed >= 2);       // credentials and frame, before the direct path existed
        QVERIFY(c.rendezvousSent >= 2);
        QCOMPARE(c.relayRefusedPolicy, quint64(0));
        // RENDEZVOUS -> HELLO to each other -> confirmed direct paths.
        QTRY_VERIFY(m_a->node->peer(m_b->node->address())->confirmedPath(m_a->node->now()).has_value());
        QTRY_VERIFY(m_b->node->peer(m_a->node->address())->confirmedPath(m_b->node->now()).has_value());

        const quint64 relayed = c.relayed;
        QVERIFY(m_b->sim->sendFrame(m_a->node->address(), 0x0800, "frame-2"));
        QVERIFY(m_a->sim->sendFrame(m_b->node->address(), 0x0800, "frame-3"));
        QTRY_COMPARE(m_a->frames, QList<QByteArray>{"frame-2"});
        QTRY_COMPARE(m_b->frames.size(), 2);
        QCOMPARE(m_a->hops.last(), 0);
        QCOMPARE(m_b->hops.last(), 0);
        QCOMPARE(m_root->rootCounters().relayed, relayed); // direct now
    }

    void planetUpdateReachesMembersThroughOkHello()
    {
        QSignalSpy updatedA(m_a->node.get(), &Node::worldUpdated);
        QSignalSpy updatedB(m_b->node.get(), &Node::worldUpdated);
        // A new version while everyone runs: one more endpoint, same ID, newer, same update key.
        const World v2 = planetVersion(
            m_ids[0], {test::loopback(m_root->localPort()), InetAddress::fromIPv4(0x7f000002, m_root->localPort())},
            m_v1.timestamp() + 1000, m_key);
        QVERIFY(m_v1.acceptsUpdate(v2));
        m_root->setWorlds(v2);
        QTRY_COMPARE(m_a->node->planet().timestamp(), v2.timestamp());
        QTRY_COMPARE(m_b->node->planet().timestamp(), v2.timestamp());
        QVERIFY(m_a->node->planet() == v2);
        QCOMPARE(updatedA.size(), 1);
        QCOMPARE(updatedB.size(), 1);
        QTRY_VERIFY(m_root->rootCounters().worldUpdatesSent >= 3); // A, B and C (C at its next HELLO)
        // Members holding the newest version are not sent it again.
        const quint64 sent = m_root->rootCounters().worldUpdatesSent;
        const quint64 okHellos = m_root->counters().packetsReceived;
        QTRY_VERIFY(m_root->counters().packetsReceived > okHellos + 6);
        QCOMPARE(m_root->rootCounters().worldUpdatesSent, sent);

        // A version signed by another key is handed out by the root but refused by the members.
        const crypto::C25519KeyPair other = crypto::generateKeyPair();
        const World forged =
            planetVersion(m_ids[0], {test::loopback(m_root->localPort())}, v2.timestamp() + 1000, other);
        QVERIFY(!v2.acceptsUpdate(forged));
        m_root->setWorlds(forged);
        QTRY_VERIFY(m_root->rootCounters().worldUpdatesSent >= sent + 4);
        QVERIFY(m_a->node->planet() == v2);
        QCOMPARE(updatedA.size(), 1);
    }

    void relayRefusesNonMembers()
    {
        // C knows A through WHOIS (the root answers for every identity it saw) but its packets are
        // not relayed: C is not a member of any network here.
        Inbox inbox(m_a->node.get());
        QVERIFY(m_c->node->sendPacket(m_a->node->address(), Verb::UserMessage, "from-c"));
        QTRY_VERIFY(m_root->rootCounters().relayRefusedPolicy >= 1);
        QTest::qWait(300);
        QVERIFY(!inbox.senders.contains(m_c->node->address()));
        QCOMPARE(m_root->rootCounters().relayed, quint64(0));
        // Nor to C from a member.
        const quint64 refused = m_root->rootCounters().relayRefusedPolicy;
        QVERIFY(m_a->node->sendPacket(m_c->node->address(), Verb::UserMessage, "to-c"));
        QTRY_VERIFY(m_root->rootCounters().relayRefusedPolicy > refused);
        QCOMPARE(m_root->rootCounters().rendezvousSent, quint64(0));
        m_a->node->setHandler(m_a->sim.get());
    }

    void openRootRelaysAnyone()
    {
        NodeOptions open = test::loopbackOptions();
        open.openRoot = true;
        Node root(m_ids[4], open);
        QVERIFY(root.start().ok());
        const World planet = planetVersion(m_ids[4], {test::loopback(root.localPort())}, 1700000000000ULL, m_key);
        root.setWorlds(planet);
        root.setRootMemberPolicy([](Address) { return false; }); // no member at all: open anyway
        Node c(m_ids[3], test::recordingMemberOptions());
        Node d(m_ids[5], test::recordingMemberOptions());
        c.setWorlds(planet);
        d.setWorlds(planet);
        Inbox inbox(&d);
        QVERIFY(c.start().ok());
        QVERIFY(d.start().ok());
        QTRY_VERIFY(root.peer(c.address()) && root.peer(d.address()));
        QTRY_VERIFY(d.peer(root.address())->confirmedPath(d.now()).has_value());
        QVERIFY(c.sendPacket(d.address(), Verb::UserMessage, "open"));
        QTRY_VERIFY(inbox.senders.contains(c.address()));
        QVERIFY(root.rootCounters().relayed >= 1);
        QCOMPARE(root.rootCounters().relayRefusedPolicy, quint64(0));
    }

    void floodFromUnknownIdentitiesKeepsMembersServed()
    {
        const quint16 port = m_root->localPort();
        QList<QByteArray> flood;
        // HELLOs with real key pairs claiming addresses their keys do not derive: the MAC is right,
        // so each one asks for a memory-hard validation.
        for (int i = 0; i < 200; ++i) {
            const Identity &keys = m_ids[i % 6];
            const Address claimed((quint64(0x3b) << 32) | QRandomGenerator::global()->generate());
            Result<Identity> bogus =
                Identity::fromString(QStringLiteral("%1:0:%2:%3")
                                         .arg(claimed.toString(), QString::fromLatin1(keys.publicKey().toHex()),
                                              QString::fromLatin1(keys.secretKey().toHex())));
            QVERIFY(bogus);
            HelloPayload hello;
            hello.protocolVersion = 12;
            hello.timestamp = quint64(m_root->now());
            hello.identity = bogus->publicOnly();
            const std::optional<QByteArray> key = bogus->agree(m_ids[0].publicOnly());
            QVERIFY(key);
            Result<Packet> p = hello.toPacket(Packet::newPacketId(), m_ids[0].address(), *key);
            QVERIFY(p);
            flood.append(p->bytes());
        }
        // WHOIS from random unknown addresses (nobody can vouch for them: held, then dropped).
        const QByteArray anyKey(48, '\x5a');
        for (int i = 0; i < 1000; ++i) {
            WhoisPayload w;
            w.addresses = {m_ids[1].address()};
            const Address source((quint64(0x3c) << 32) | QRandomGenerator::global()->generate());
            Packet p(Packet::newPacketId(), m_ids[0].address(), source, Verb::Whois, w.encode());
            Result<QList<QByteArray>> sealed = p.seal(anyKey, CipherSuite::Poly1305Salsa2012);
            QVERIFY(sealed && sealed->size() == 1);
            flood.append(sealed->first());
        }
        // WHOIS floods from a peer the root knows (C, not a member), each for an unknown address.
        const std::optional<QByteArray> cKey = m_ids[3].agree(m_ids[0].publicOnly());
        QVERIFY(cKey);
        for (int i = 0; i < 1000; ++i) {
            WhoisPayload w;
            w.addresses = {Address((quint64(0x3d) << 32) | QRandomGenerator::global()->generate())};
            Packet p(Packet::newPacketId(), m_ids[0].address(), m_ids[3].address(), Verb::Whois, w.encode());
            Result<QList<QByteArray>> sealed = p.seal(*cKey, CipherSuite::Poly1305Salsa2012);
            QVERIFY(sealed && sealed->size() == 1);
            flood.append(sealed->first());
        }

        QUdpSocket flooder;
        QVERIFY(flooder.bind(QHostAddress::LocalHost, 0));
        const int configsBefore = m_a->sim->configCount();
        for (int round = 0; round < 3; ++round) {
            for (qsizetype i = 0; i < flood.size(); ++i) {
                flooder.writeDatagram(flood.at((i * 7 + round) % flood.size()), QHostAddress::LocalHost, port);
                if (i % 100 == 0)
                    QCoreApplication::processEvents();
            }
            // Members keep being served while it lasts: a config request and a frame each round.
            QVERIFY(m_a->sim->requestConfig() != 0);
            QVERIFY(m_a->sim->sendFrame(m_b->node->address(), 0x0800, QByteArray("during-") + char('0' + round)));
            QTest::qWait(300);
        }
        QTRY_VERIFY(m_a->sim->configCount() >= configsBefore + 2); // the controller's 1 s limit drops one
        QTRY_COMPARE(m_b->frames.size(), 3);
        const RootCounters &r = m_root->rootCounters();
        const NodeCounters &n = m_root->counters();
        qInfo("flood: %lld datagrams; root validated %llu, refused (budget) %llu, identity mismatch %llu, "
              "WHOIS rate-limited %llu, unknown %llu, held now %d, peers %d",
              qint64(3 * flood.size()), n.identitiesValidated, n.droppedValidationBudget, n.droppedIdentityMismatch,
              r.whoisRateLimited, r.whoisUnknown, m_root->heldPacketCount(), m_root->peerCount());
        QVERIFY(n.droppedIdentityMismatch + n.droppedValidationBudget > 0);
        QVERIFY(r.whoisRateLimited > 0);
        QVERIFY(r.whoisUnknown > 0);
        QVERIFY(m_root->peerCount() <= 3); // A, B, C: no bogus identity became a peer
        QVERIFY(m_root->heldPacketCount() <= m_root->options().maxHeldTotal);
        // B's WHOIS budget is its own: a newcomer address is still answered for B.
        QVERIFY(m_b->node->whois(m_c->node->address()));
        QTRY_VERIFY(m_b->node->peer(m_c->node->address()) != nullptr);
    }

private:
    QList<Identity> m_ids;
    crypto::C25519KeyPair m_key;
    World m_v1;
    std::unique_ptr<Node> m_root;
    std::unique_ptr<test::FakeController> m_controller;
    std::unique_ptr<test::RecordingMember> m_a;
    std::unique_ptr<test::RecordingMember> m_b;
    std::unique_ptr<test::RecordingMember> m_c;
};

QTEST_GUILESS_MAIN(TestPrivateRoot)
#include "tst_privateroot.moc"
