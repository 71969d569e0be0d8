// SPDX-License-Identifier: GPL-3.0-or-later
// Hostile input over a real loopback socket: malformed, oversized, unauthenticated and replayed
// datagrams are dropped and counted without stalling the node; the WHOIS hold queue is bounded and
// expires; new identities are validated within a per-second budget, once, and known peers are
// never held up by that budget.

#include "core/node/memoryidentitycache.h"
#include "core/protocol/echo.h"
#include "core/protocol/hello.h"
#include "core/protocol/okhello.h"
#include "core/protocol/okpayload.h"
#include "core/protocol/whois.h"
#include "nodetestsupport.h"

#include <QNetworkDatagram>
#include <QTest>
#include <QUdpSocket>

#include <memory>

using namespace tier;

class TestNodeDrops final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(crypto::initialize());
        m_ids = test::loadIdentities(12);
        QCOMPARE(m_ids.size(), 12);
    }

    void init()
    {
        m_now = 1700000000000;
        QVERIFY(m_socket.bind(QHostAddress(QHostAddress::LocalHost), 0));
    }

    void cleanup()
    {
        m_socket.close();
        m_node.reset();
    }

    void hostileDatagramsAreDroppedAndCounted()
    {
        startNode(test::loopbackOptions());
        const Identity &x = m_ids[1];
        QVERIFY(m_node->addTrustedPeer(x.publicOnly()));

        send(QByteArray(10, 'x')); // shorter than any header
        QTRY_COMPARE(m_node->counters().droppedMalformed, 1u);
        QByteArray badFragment(40, '\0');
        badFragment[13] = char(0xff);
        badFragment[14] = char(0x91); // total 9 > 7
        send(badFragment);
        QTRY_COMPARE(m_node->counters().droppedMalformed, 2u);
        send(QByteArray(12000, 'o'));
        QTRY_COMPARE(m_node->counters().droppedOversized, 1u);

        // Addressed to someone else: a non-root node never relays.
        send(packetFrom(x, Verb::Echo, "e", Address(0x1122334455)));
        QTRY_COMPARE(m_node->counters().droppedNotForUs, 1u);

        QByteArray forged = packetFrom(x, Verb::Echo, "hello");
        forged[forged.size() - 1] = char(forged.back() ^ 0x01);
        send(forged);
        QTRY_COMPARE(m_node->counters().droppedUnauthenticated, 1u);
        QCOMPARE(m_node->counters().packetsReceived, 0u);

        quint64 id = 0;
        const QByteArray echo = packetFrom(x, Verb::Echo, "once", m_node->address(), &id);
        send(echo);
        send(echo);
        QTRY_COMPARE(m_node->counters().droppedReplayed, 1u);
        QCOMPARE(m_node->counters().packetsReceived, 1u);
        QCOMPARE(receiveOkEcho(x), id);
        QTest::qWait(200);
        QVERIFY(!m_socket.hasPendingDatagrams()); // the replay got no second answer

        // Nothing stalled: a fresh packet is answered at once.
        quint64 id2 = 0;
        send(packetFrom(x, Verb::Echo, "again", m_node->address(), &id2));
        QCOMPARE(receiveOkEcho(x), id2);
        QCOMPARE(m_node->counters().packetsReceived, 2u);
    }

    void holdQueueIsBoundedAndExpires()
    {
        NodeOptions o = test::loopbackOptions();
        o.tickIntervalMs = 0;
        o.maxHeldPerAddress = 4;
        o.maxHeldTotal = 6;
        startNode(o);
        const Identity &u1 = m_ids[2];
        const Identity &u2 = m_ids[3];
        for (int i = 0; i < 10; ++i)
            send(packetFrom(u1, Verb::Echo, "held"));
        QTRY_COMPARE(m_node->counters().droppedHoldQueueFull, 6u);
        QCOMPARE(m_node->heldPacketCount(u1.address()), 4);
        for (int i = 0; i < 3; ++i)
            send(packetFrom(u2, Verb::Echo, "held"));
        // The total is full at the second: the third makes room by dropping a random held packet
        // (a newcomer is never locked out by what came before it).
        QTRY_COMPARE(m_node->counters().droppedHoldQueueFull, 7u);
        QVERIFY(m_node->heldPacketCount(u2.address()) >= 2);
        QCOMPARE(m_node->heldPacketCount(u1.address()) + m_node->heldPacketCount(u2.address()), 6);
        QCOMPARE(m_node->heldPacketCount(), 6);
        QCOMPARE(m_node->counters().packetsReceived, 0u);
        const Identity &u3 = m_ids[4];
        send(packetFrom(u3, Verb::Echo, "held"));
        QTRY_COMPARE(m_node->heldPacketCount(u3.address()), 1);
        QCOMPARE(m_node->heldPacketCount(), 6);
        QCOMPARE(m_node->counters().droppedHoldQueueFull, 8u);

        // A known peer is served while the queue is full.
        QVERIFY(m_node->addTrustedPeer(m_ids[1].publicOnly()));
        quint64 id = 0;
        send(packetFrom(m_ids[1], Verb::Echo, "known", m_node->address(), &id));
        QCOMPARE(receiveOkEcho(m_ids[1]), id);

        m_now += o.holdTimeoutMs + 1;
        m_node->tick();
        QCOMPARE(m_node->heldPacketCount(), 0);
        QCOMPARE(m_node->counters().droppedHoldTimeout, 6u);
        // Room again after expiry.
        send(packetFrom(u2, Verb::Echo, "held"));
        QTRY_COMPARE(m_node->heldPacketCount(), 1);
    }

    void validationBudgetAndCache()
    {
        NodeOptions o = test::loopbackOptions();
        o.tickIntervalMs = 0;
        o.validationsPerSecond = 2;
        MemoryIdentityCache cache;
        startNode(o, &cache);

        // A forged HELLO (bad MAC) costs no validation.
        QByteArray forged = helloFrom(m_ids[9]);
        forged[forged.size() - 1] = char(forged.back() ^ 0x01);
        send(forged);
        QTRY_COMPARE(m_node->counters().droppedUnauthenticated, 1u);
        QCOMPARE(m_node->counters().identitiesValidated, 0u);

        for (int i = 4; i < 8; ++i)
            send(helloFrom(m_ids[i]));
        QTRY_COMPARE(m_node->counters().droppedValidationBudget, 2u);
        QCOMPARE(m_node->counters().identitiesValidated, 2u);
        // Validation runs on a worker: the peers appear when it reports back.
        QTRY_VERIFY(m_node->peer(m_ids[4].address()));
        QTRY_VERIFY(m_node->peer(m_ids[5].address()));
        QVERIFY(!m_node->peer(m_ids[6].address()));
        QCOMPARE(cache.size(), 2);
        QCOMPARE(receiveOkHello(m_ids[4]).inRePacketId != 0, true);
        receiveOkHello(m_ids[5]);

        // Budget used up, but a known peer's HELLO is answered without waiting.
        send(helloFrom(m_ids[4]));
        QVERIFY(receiveOkHello(m_ids[4]).inRePacketId != 0);
        QCOMPARE(m_node->counters().identitiesValidated, 2u);

        // Next second: the refused identity gets through.
        m_now += 1000;
        send(helloFrom(m_ids[6]));
        receiveOkHello(m_ids[6]);
        QCOMPARE(m_node->counters().identitiesValidated, 3u);

        // A node sharing the cache never validates these identities again.
        m_node.reset();
        startNode(o, &cache);
        send(helloFrom(m_ids[4]));
        receiveOkHello(m_ids[4]);
        QCOMPARE(m_node->counters().identitiesValidated, 0u);
        QCOMPARE(m_node->counters().packetsReceived, 1u);

        // A HELLO whose identity does not match the source address is refused.
        QByteArray stolen = helloFrom(m_ids[10]);
        const QByteArray other = m_ids[11].address().toBytes();
        stolen.replace(13, 5, other); // source field now names another node
        send(stolen);
        QTRY_VERIFY(m_node->counters().droppedIdentityMismatch + m_node->counters().droppedUnauthenticated >= 1);
        QVERIFY(!m_node->peer(m_ids[11].address()));
    }

    void oneSourceCannotTakeEveryonesValidations()
    {
        NodeOptions o = test::loopbackOptions();
        o.tickIntervalMs = 0;
        o.validationsPerSecond = 16; // node: bursts of 3; one source: 2 a second, bursts of 2
        startNode(o);

        // Eight fresh identities from one /24, all at once (the clock stands still: no refill).
        QUdpSocket flood;
        QVERIFY(flood.bind(QHostAddress(QStringLiteral("127.0.9.1")), 0));
        for (int i = 1; i <= 8; ++i) {
            const QByteArray hello = helloFrom(m_ids[i]);
            QCOMPARE(flood.writeDatagram(hello, QHostAddress(QHostAddress::LocalHost), m_node->localPort()),
                     qint64(hello.size()));
        }
        QTRY_COMPARE(m_node->counters().droppedValidationBudget, 6u);
        QCOMPARE(m_node->counters().identitiesValidated, 2u);

        // A newcomer from another network still gets the validation the node has left.
        send(helloFrom(m_ids[9]));
        QVERIFY(receiveOkHello(m_ids[9]).inRePacketId != 0);
        QCOMPARE(m_node->counters().identitiesValidated, 3u);
        QTRY_COMPARE(m_node->admissionsWaiting(), 0);
        int admittedFromFlood = 0;
        for (int i = 1; i <= 8; ++i)
            admittedFromFlood += m_node->peer(m_ids[i].address()) ? 1 : 0;
        QCOMPARE(admittedFromFlood, 2);

        // A newcomer's HELLO twice, right away: the retry waits with the first, one validation.
        m_now += 1000;
        send(helloFrom(m_ids[10]));
        send(helloFrom(m_ids[10]));
        QVERIFY(receiveOkHello(m_ids[10]).inRePacketId != 0);
        QTRY_COMPARE(m_node->admissionsWaiting(), 0);
        QCOMPARE(m_node->counters().identitiesValidated, 4u);
    }

    void newcomersBeyondTheBudgetWaitTheirTurn()
    {
        NodeOptions o = test::loopbackOptions();
        o.tickIntervalMs = 0;
        o.validationsPerSecond = 16; // node: bursts of 3
        startNode(o);
        // Six newcomers from six networks at the same instant (as members retrying together after a
        // restart): three validations now, three wait for the budget instead of being refused.
        std::vector<std::unique_ptr<QUdpSocket>> sockets;
        for (int i = 1; i <= 6; ++i) {
            auto socket = std::make_unique<QUdpSocket>();
            QVERIFY(socket->bind(QHostAddress(QStringLiteral("127.0.%1.1").arg(20 + i)), 0));
            const QByteArray hello = helloFrom(m_ids[i]);
            QCOMPARE(socket->writeDatagram(hello, QHostAddress(QHostAddress::LocalHost), m_node->localPort()),
                     qint64(hello.size()));
            sockets.push_back(std::move(socket));
        }
        QTRY_COMPARE(m_node->admissionsWaiting(), 3); // three validated, three queued
        QCOMPARE(m_node->counters().droppedValidationBudget, 0u);
        QCOMPARE(m_node->counters().identitiesValidated, 3u);
        for (int i = 1; i <= 3; ++i)
            QVERIFY(m_node->peer(m_ids[i].address()));
        // A second later the budget lets the rest through, without any HELLO being sent again.
        m_now += 1000;
        m_node->tick();
        QTRY_COMPARE(m_node->admissionsWaiting(), 0);
        QCOMPARE(m_node->counters().identitiesValidated, 6u);
        for (int i = 1; i <= 6; ++i)
            QVERIFY(m_node->peer(m_ids[i].address()));
        for (int i = 4; i <= 6; ++i)
            QTRY_VERIFY(sockets[size_t(i - 1)]->hasPendingDatagrams()); // their HELLO answered
    }

    void rootAnswersAreValidatedBeforeBelieved()
    {
        // The socket plays the planet's root: the node WHOISes it for an unknown sender, and an
        // answer's identity is checked (on a validation worker) before the node believes it.
        const Identity &root = m_ids[5];
        NodeOptions o = test::loopbackOptions();
        o.whoisRetryMs = 500;
        startNode(o);
        m_node->setWorlds(test::makePlanet(root, m_socket.localPort(), m_ids[6]));
        const Identity &u = m_ids[2];
        quint64 echo = 0;
        send(packetFrom(u, Verb::Echo, "held", m_node->address(), &echo));
        QTRY_COMPARE(m_node->heldPacketCount(u.address()), 1);

        // A forged answer: u's address with another identity's key.
        QString text = m_ids[3].publicOnly().toString(false);
        text.replace(0, 10, u.address().toString());
        const Result<Identity> forged = Identity::fromString(text);
        QVERIFY(forged.ok());
        quint64 whois = nextWhois(root, u.address());
        QVERIFY(whois != 0);
        answerWhois(root, whois, *forged);
        QTRY_COMPARE(m_node->counters().droppedIdentityMismatch, 1u);
        QVERIFY(!m_node->peer(u.address()));
        QCOMPARE(m_node->heldPacketCount(u.address()), 1);

        // The genuine identity at the next WHOIS: the peer is made and the held packet let through.
        whois = nextWhois(root, u.address());
        QVERIFY(whois != 0);
        answerWhois(root, whois, u.publicOnly());
        QTRY_VERIFY(m_node->peer(u.address()) != nullptr);
        QTRY_COMPARE(m_node->heldPacketCount(u.address()), 0);
        QCOMPARE(receiveOkEcho(u), echo);
        QCOMPARE(m_node->counters().droppedIdentityMismatch, 1u);
    }

    void idlePeersAreEvictedAndReloadedFromCache()
    {
        NodeOptions o = test::loopbackOptions();
        o.tickIntervalMs = 0;
        MemoryIdentityCache cache;
        startNode(o, &cache);
        send(helloFrom(m_ids[4]));
        receiveOkHello(m_ids[4]);
        QCOMPARE(m_node->counters().identitiesValidated, 1u);
        QVERIFY(m_node->peer(m_ids[4].address()));

        m_now += 400000;
        m_node->tick();
        QVERIFY(m_node->peer(m_ids[4].address())); // not idle long enough
        m_now += 200000;
        m_node->tick();
        QVERIFY(!m_node->peer(m_ids[4].address()));

        // Back from the cache: answered at once, no second validation, no WHOIS.
        quint64 id = 0;
        send(packetFrom(m_ids[4], Verb::Echo, "back", m_node->address(), &id));
        QCOMPARE(receiveOkEcho(m_ids[4]), id);
        QCOMPARE(m_node->counters().identitiesValidated, 1u);
        QCOMPARE(m_node->counters().whoisSent, 0u);
    }

private:
    void startNode(NodeOptions o, IdentityCache *cache = nullptr)
    {
        m_node = std::make_unique<Node>(m_ids[0], o);
        m_node->setClock([this] { return m_now; });
        m_node->setIdentityCache(cache);
        QVERIFY(m_node->start().ok());
    }

    void send(const QByteArray &datagram)
    {
        QCOMPARE(m_socket.writeDatagram(datagram, QHostAddress(QHostAddress::LocalHost), m_node->localPort()),
                 qint64(datagram.size()));
    }

    QByteArray packetFrom(const Identity &from, Verb verb, const QByteArray &payload, Address to = Address(),
                          quint64 *id = nullptr)
    {
        const Address destination = to.isNull() ? m_node->address() : to;
        Packet p(Packet::newPacketId(), destination, from.address(), verb, payload);
        const QByteArray key = *from.agree(m_ids[0]);
        Result<QList<QByteArray>> d = p.seal(key, CipherSuite::Poly1305Salsa2012);
        if (id)
            *id = p.packetId();
        return d ? d->first() : QByteArray();
    }

    // The packet ID of the next WHOIS the node sends the root for `about` (time moved on and the node
    // ticked while none comes, so that a retry is due); 0 if none comes.
    quint64 nextWhois(const Identity &root, Address about)
    {
        for (int round = 0; round < 20; ++round) {
            while (QTest::qWaitFor([this] { return m_socket.hasPendingDatagrams(); }, 100)) {
                Result<Packet> p = Packet::fromBytes(m_socket.receiveDatagram().data());
                if (!p || p->destination() != root.address() || !p->open(*root.agree(m_ids[0])).ok() ||
                    p->verb() != Verb::Whois)
                    continue;
                const Result<WhoisPayload> w = WhoisPayload::decode(p->payload());
                if (w && w->addresses.contains(about))
                    return p->packetId();
            }
            m_now += 250;
            m_node->tick();
        }
        return 0;
    }

    void answerWhois(const Identity &root, quint64 whois, const Identity &identity)
    {
        OkWhoisPayload ok;
        ok.inRePacketId = whois;
        ok.identities = {identity};
        Packet p(Packet::newPacketId(), m_node->address(), root.address(), Verb::Ok, ok.encode());
        Result<QList<QByteArray>> d = p.seal(*root.agree(m_ids[0]), CipherSuite::Poly1305Salsa2012);
        QVERIFY(d.ok());
        for (const QByteArray &datagram : *d)
            send(datagram);
    }

    QByteArray helloFrom(const Identity &from)
    {
        HelloPayload h;
        h.protocolVersion = 12;
        h.versionMajor = 1;
        h.versionMinor = 14;
        h.versionRevision = 1;
        h.timestamp = quint64(m_now);
        h.identity = from.publicOnly();
        h.destination = test::loopback(m_node->localPort());
        h.worldId = 0;
        h.worldTimestamp = 0;
        h.moons = QList<MoonReference>{};
        Result<Packet> p = h.toPacket(Packet::newPacketId(), m_node->address(), *from.agree(m_ids[0]));
        return p ? p->bytes() : QByteArray();
    }

    // The next OK addressed to `as`; other datagrams (e.g. the HELLO a node sends back to an
    // unconfirmed path, or replies to other identities) are skipped.
    Packet receive(const Identity &as)
    {
        for (;;) {
            if (!QTest::qWaitFor([this] { return m_socket.hasPendingDatagrams(); }, 3000))
                return Packet();
            const QNetworkDatagram d = m_socket.receiveDatagram();
            Result<Packet> p = Packet::fromBytes(d.data());
            if (!p || p->source() != m_node->address() || p->destination() != as.address())
                continue;
            if (!p->open(*as.agree(m_ids[0])).ok() || p->verb() != Verb::Ok)
                continue;
            return *p;
        }
    }

    quint64 receiveOkEcho(const Identity &as)
    {
        const Packet p = receive(as);
        if (p.verb() != Verb::Ok)
            return 0;
        Result<OkPayload> ok = OkPayload::decode(p.payload());
        return ok && ok->inReVerb == Verb::Echo ? ok->inRePacketId : 0;
    }

    OkHelloPayload receiveOkHello(const Identity &as)
    {
        const Packet p = receive(as);
        Result<OkHelloPayload> ok = OkHelloPayload::decode(p.payload());
        if (p.verb() != Verb::Ok || !ok) {
            qWarning("no OK(HELLO) for %s", qPrintable(as.address().toString()));
            return {};
        }
        return *ok;
    }

    QList<Identity> m_ids;
    std::unique_ptr<Node> m_node;
    QUdpSocket m_socket;
    qint64 m_now = 0;
};

QTEST_GUILESS_MAIN(TestNodeDrops)
#include "tst_nodedrops.moc"
