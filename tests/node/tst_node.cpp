// SPDX-License-Identifier: GPL-3.0-or-later
// A minimal root and two nodes over real loopback sockets: WHOIS through the root, relaying with
// held packets on both sides, RENDEZVOUS to a direct path, HELLO latency, fragmented packets.

#include "nodetestsupport.h"

#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace tier;

namespace {

class Recorder final : public NodeHandler
{
public:
    struct Item
    {
        Address peer;
        Verb verb = Verb::Nop;
        QByteArray payload;
        int hops = 0;
        InetAddress from;
    };

    explicit Recorder(Node *node) : m_node(node) { node->setHandler(this); }

    void packetReceived(const Identity &peer, const Packet &packet, const InetAddress &from) override
    {
        items.append(Item{peer.address(), packet.verb(), packet.payload().toByteArray(), packet.hops(), from});
        if (packet.verb() == Verb::UserMessage && packet.payload().startsWith("ping"))
            m_node->sendPacket(peer.address(), Verb::UserMessage, "pong" + packet.payload().toByteArray(), from);
    }

    QList<Item> items;

private:
    Node *m_node;
};

} // namespace

class TestNode final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(crypto::initialize());
        m_ids = test::loadIdentities(4);
        QCOMPARE(m_ids.size(), 4);
    }

    void init()
    {
        m_root = std::make_unique<Node>(m_ids[0], test::loopbackOptions(NodeOptions::Role::Root));
        QVERIFY(m_root->start().ok());
        const World planet = test::makePlanet(m_ids[0], m_root->localPort(), m_ids[3]);
        QVERIFY(!planet.isNull());
        QVERIFY(planet.verifySignature());
        m_a = std::make_unique<Node>(m_ids[1], test::loopbackOptions());
        m_b = std::make_unique<Node>(m_ids[2], test::loopbackOptions());
        m_a->setWorlds(planet);
        m_b->setWorlds(planet);
        m_contactsA = std::make_unique<QSignalSpy>(m_a.get(), &Node::peerContact);
        QVERIFY(m_a->start().ok());
        QVERIFY(m_b->start().ok());
        m_recA = std::make_unique<Recorder>(m_a.get());
        m_recB = std::make_unique<Recorder>(m_b.get());
        // Both nodes HELLO the root; the root validates them and confirms their paths.
        QTRY_VERIFY(m_root->peer(m_a->address()) && m_root->peer(m_b->address()));
        QTRY_VERIFY(m_a->peer(m_root->address())->confirmedPath(m_a->now()).has_value());
        QTRY_VERIFY(m_b->peer(m_root->address())->confirmedPath(m_b->now()).has_value());
    }

    void cleanup()
    {
        m_recA.reset();
        m_recB.reset();
        m_contactsA.reset();
        m_a.reset();
        m_b.reset();
        m_root.reset();
    }

    void helloToRootMeasuresLatency()
    {
        const Peer *root = m_a->peer(m_root->address());
        QVERIFY(root);
        QVERIFY(root->latencyMs >= 0);
        QVERIFY(root->latencyMs < 1000);
        QCOMPARE(root->version.protocolVersion, 11);
        QCOMPARE(*root->confirmedPath(m_a->now()), test::loopback(m_root->localPort()));
        // The root saw A's HELLO with the versions A advertises.
        QCOMPARE(m_root->peer(m_a->address())->version.protocolVersion, int(protocol::ProtocolVersion));
        QVERIFY(!m_contactsA->isEmpty());
        const QList<QVariant> last = m_contactsA->last();
        QCOMPARE(last.at(0).value<Address>(), m_root->address());
        QCOMPARE(last.at(1).value<InetAddress>(), test::loopback(m_root->localPort()));
    }

    void whoisThroughRoot()
    {
        QVERIFY(!m_a->peer(m_b->address()));
        QVERIFY(m_a->whois(m_b->address()));
        QTRY_VERIFY(m_a->peer(m_b->address()) != nullptr);
        QCOMPARE(m_a->peer(m_b->address())->identity(), m_ids[2].publicOnly());
        QCOMPARE(m_a->peer(m_b->address())->identity().toString(), m_ids[2].publicOnly().toString());
        QVERIFY(m_a->counters().whoisSent >= 1);
        QCOMPARE(m_a->heldPacketCount(), 0);
    }

    void relayedPacketIsAnswered()
    {
        // Neither side knows the other: A queues and WHOISes B, sends through the root; B holds
        // the relayed packet, WHOISes A, then answers to the physical source (the root).
        QVERIFY(m_a->sendPacket(m_b->address(), Verb::UserMessage, "ping-1"));
        QTRY_VERIFY(!m_recB->items.isEmpty());
        const Recorder::Item got = m_recB->items.first();
        QCOMPARE(got.peer, m_a->address());
        QCOMPARE(got.payload, QByteArray("ping-1"));
        QCOMPARE(got.hops, 1);
        QCOMPARE(got.from, test::loopback(m_root->localPort()));
        QTRY_VERIFY(!m_recA->items.isEmpty());
        QCOMPARE(m_recA->items.first().payload, QByteArray("pongping-1"));
        QCOMPARE(m_recA->items.first().peer, m_b->address());
        QVERIFY(m_root->counters().relayed >= 2);
        QCOMPARE(m_b->heldPacketCount(), 0);
        QVERIFY(m_b->counters().whoisSent >= 1);
    }

    void rendezvousLeadsToDirectPath()
    {
        QVERIFY(m_a->sendPacket(m_b->address(), Verb::UserMessage, "ping-r"));
        QTRY_VERIFY(!m_recA->items.isEmpty());
        QVERIFY(m_root->counters().rendezvousSent >= 2);
        // RENDEZVOUS -> HELLO to the given address -> OK(HELLO) directly confirms the path.
        QTRY_VERIFY(m_a->peer(m_b->address())->confirmedPath(m_a->now()).has_value());
        QTRY_VERIFY(m_b->peer(m_a->address())->confirmedPath(m_b->now()).has_value());
        QCOMPARE(*m_a->peer(m_b->address())->confirmedPath(m_a->now()), test::loopback(m_b->localPort()));
        QCOMPARE(*m_b->peer(m_a->address())->confirmedPath(m_b->now()), test::loopback(m_a->localPort()));
        QVERIFY(m_a->peer(m_b->address())->latencyMs >= 0);

        // From now on traffic is direct: the root relays nothing more.
        const quint64 relayed = m_root->counters().relayed;
        m_recB->items.clear();
        m_recA->items.clear();
        QVERIFY(m_a->sendPacket(m_b->address(), Verb::UserMessage, "ping-direct"));
        QTRY_VERIFY(!m_recA->items.isEmpty());
        QCOMPARE(m_recB->items.first().hops, 0);
        QCOMPARE(m_recB->items.first().from, test::loopback(m_a->localPort()));
        QCOMPARE(m_root->counters().relayed, relayed);
    }

    void fragmentedPacketsReassemble_data()
    {
        QTest::addColumn<int>("size");
        QTest::addColumn<bool>("direct");
        QTest::newRow("3000 relayed") << 3000 << false;
        QTest::newRow("9000 relayed") << 9000 << false;
        QTest::newRow("9000 direct") << 9000 << true;
    }

    void fragmentedPacketsReassemble()
    {
        QFETCH(int, size);
        QFETCH(bool, direct);
        QByteArray big(size, '\0');
        QRandomGenerator rng(size);
        for (char &c : big)
            c = char(rng.generate() & 0xff); // incompressible: stays above the MTU
        big.replace(0, 4, "data");
        InetAddress via;
        if (direct) {
            QVERIFY(m_a->addTrustedPeer(m_ids[2].publicOnly()));
            via = test::loopback(m_b->localPort());
        }
        const quint64 relayedBefore = m_root->counters().relayed;
        QVERIFY(m_a->sendPacket(m_b->address(), Verb::UserMessage, big, via));
        QTRY_VERIFY(!m_recB->items.isEmpty());
        QCOMPARE(m_recB->items.first().payload.size(), big.size());
        QCOMPARE(m_recB->items.first().payload, big);
        const int fragments =
            1 + (size + 28 - protocol::DefaultMtu + (protocol::DefaultMtu - 16) - 1) / (protocol::DefaultMtu - 16);
        if (direct)
            QCOMPARE(m_root->counters().relayed, relayedBefore);
        else
            QVERIFY(m_root->counters().relayed >= relayedBefore + quint64(fragments));
        QCOMPARE(m_b->counters().droppedMalformed, 0u);
    }

private:
    QList<Identity> m_ids;
    std::unique_ptr<Node> m_root;
    std::unique_ptr<Node> m_a;
    std::unique_ptr<Node> m_b;
    std::unique_ptr<Recorder> m_recA;
    std::unique_ptr<Recorder> m_recB;
    std::unique_ptr<QSignalSpy> m_contactsA;
};

QTEST_GUILESS_MAIN(TestNode)
#include "tst_node.moc"
