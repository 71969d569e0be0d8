// SPDX-License-Identifier: GPL-3.0-or-later
// The member simulator in-process against a small controller behind a minimal root, the path a
// real member takes: WHOIS the controller through the root, relayed first request, denial,
// config with COM after authorization, push acknowledged with OK in-re ECHO, revocation. The
// request metadata is byte-identical to the real 1.14.1 member's in vectors/join-conversation.

#include "core/node/simulatedmember.h"
#include "core/protocol/requestmetadata.h"
#include "nodetestsupport.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace tier;

class TestSimulatedMember final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(crypto::initialize());
        m_ids = test::loadIdentities(6);
        QCOMPARE(m_ids.size(), 6);
    }

    void joinDenyAuthorizePushRevoke()
    {
        Node root(m_ids[0], test::loopbackOptions(NodeOptions::Role::Root));
        QVERIFY(root.start().ok());
        const World planet = test::makePlanet(m_ids[0], root.localPort(), m_ids[5]);

        Node controller(m_ids[1], test::loopbackOptions());
        controller.setWorlds(planet);
        test::FakeController fake(&controller, m_ids[1]);
        QVERIFY(controller.start().ok());

        NodeOptions mo = test::loopbackOptions();
        SimulatedMember::applyMemberDefaults(mo);
        Node memberNode(m_ids[2], mo);
        memberNode.setWorlds(planet);
        SimulatedMember member(&memberNode, fake.networkId());
        QSignalSpy events(&member, &SimulatedMember::event);
        QVERIFY(memberNode.start().ok());
        QTRY_VERIFY(root.peer(controller.address()) && root.peer(memberNode.address()));

        member.join();
        QTRY_COMPARE(events.size(), 1);
        MemberEvent e = events.takeFirst().at(0).value<MemberEvent>();
        QCOMPARE(e.kind, MemberEvent::Kind::Denied);
        QCOMPARE(e.member, memberNode.address());
        QCOMPARE(e.toJson().value(QStringLiteral("event")).toString(), QStringLiteral("denied"));
        QVERIFY(root.counters().relayed >= 2); // first request and the error went through the root

        // What the controller saw: 1.14.1 versions and the real member's metadata, byte for byte.
        // The first request is relayed before any HELLO between the two: its versions are unknown to
        // the node (they are in the metadata); the HELLO after RENDEZVOUS brings them.
        QVERIFY(fake.lastVersion == PeerVersion{} || fake.lastVersion == (PeerVersion{12, 1, 14, 1}));
        QTRY_COMPARE(controller.peer(memberNode.address())->version, (PeerVersion{12, 1, 14, 1}));
        QCOMPARE(root.peer(memberNode.address())->version, (PeerVersion{12, 1, 14, 1}));
        QCOMPARE(fake.lastMetadata, capturedMetadata());
        QCOMPARE(fake.lastHops, 1); // the first request came through the root, as in the capture

        // Authorized: the next 5 s retry gets a config. Make it quick by requesting now.
        fake.authorized.insert(memberNode.address());
        member.requestConfig();
        QTRY_COMPARE(events.size(), 1);
        e = events.takeFirst().at(0).value<MemberEvent>();
        QCOMPARE(e.kind, MemberEvent::Kind::Config);
        QVERIFY(e.config.has_value());
        QCOMPARE(e.config->revision, 1u);
        QCOMPARE(e.config->staticIps.size(), 1);
        QCOMPARE(e.config->staticIps.first().toString(),
                 InetAddress::fromIPv4(0x0a931100 | (memberNode.address().toInt() & 0x7f), 24).toString());
        QCOMPARE(e.config->dns.domain, QStringLiteral("example.lan"));
        const QJsonObject json = e.toJson();
        QCOMPARE(json.value(QStringLiteral("revision")).toInt(), 1);
        QCOMPARE(json.value(QStringLiteral("routes")).toArray().first().toObject().value(QStringLiteral("target")),
                 QJsonValue(QStringLiteral("10.147.17.0/24")));
        QCOMPARE(json.value(QStringLiteral("dns")).toObject().value(QStringLiteral("servers")).toArray().first(),
                 QJsonValue(QStringLiteral("10.147.17.1")));

        // Push a new revision without a request; the member acknowledges it with OK in-re ECHO.
        fake.revision = 2;
        const QList<QByteArray> chunks = fake.chunksFor(m_ids[2]);
        QVERIFY(controller.sendConfig(memberNode.address(), 0, chunks));
        QTRY_COMPARE(events.size(), 1);
        e = events.takeFirst().at(0).value<MemberEvent>();
        QCOMPARE(e.kind, MemberEvent::Kind::Config);
        QVERIFY(e.pushed);
        QCOMPARE(e.config->revision, 2u);
        QTRY_COMPARE(fake.acks.size(), 1);
        QCOMPARE(fake.acks.first(), ConfigChunk::decode(chunks.first())->updateId);

        // A chunk whose signature does not verify is refused.
        QByteArray forged = chunks.first();
        forged[forged.size() - 1] = char(forged.back() ^ 0x55); // breaks the signature
        QVERIFY(controller.sendConfig(memberNode.address(), 0, {forged}));
        QTRY_COMPARE(events.size(), 1);
        QCOMPARE(events.takeFirst().at(0).value<MemberEvent>().kind, MemberEvent::Kind::Invalid);

        // Deauthorized: the signed revocation arrives, then requests are denied again.
        fake.authorized.clear();
        QVERIFY(controller.sendCredentials(memberNode.address(), fake.revocationFor(memberNode.address())));
        QTRY_COMPARE(events.size(), 1);
        QCOMPARE(events.takeFirst().at(0).value<MemberEvent>().kind, MemberEvent::Kind::Revoked);
        QVERIFY(!member.config().has_value());
        member.requestConfig();
        QTRY_COMPARE(events.size(), 1);
        QCOMPARE(events.takeFirst().at(0).value<MemberEvent>().kind, MemberEvent::Kind::Denied);
        QCOMPARE(memberNode.counters().droppedUnauthenticated, 0u);
        QCOMPARE(controller.counters().droppedUnauthenticated, 0u);
    }

    void unknownNetworkIsNotFound()
    {
        Node root(m_ids[0], test::loopbackOptions(NodeOptions::Role::Root));
        QVERIFY(root.start().ok());
        const World planet = test::makePlanet(m_ids[0], root.localPort(), m_ids[5]);
        Node controller(m_ids[1], test::loopbackOptions());
        controller.setWorlds(planet);
        test::FakeController fake(&controller, m_ids[1]);
        QVERIFY(controller.start().ok());
        NodeOptions mo = test::loopbackOptions();
        SimulatedMember::applyMemberDefaults(mo);
        Node memberNode(m_ids[4], mo);
        memberNode.setWorlds(planet);
        SimulatedMember member(&memberNode, fake.networkId() + 1);
        QSignalSpy events(&member, &SimulatedMember::event);
        QVERIFY(memberNode.start().ok());
        member.join();
        QTRY_COMPARE_WITH_TIMEOUT(events.size(), 1, 8000); // may need the 5 s retry if the root was late
        QCOMPARE(events.first().at(0).value<MemberEvent>().kind, MemberEvent::Kind::NotFound);
    }

    void requestCadence()
    {
        // 5 s retries while refused, 60 s refreshes with a config (docs/protocol/timing.md §1), on the member's clock.
        Node root(m_ids[0], test::loopbackOptions(NodeOptions::Role::Root));
        QVERIFY(root.start().ok());
        const World planet = test::makePlanet(m_ids[0], root.localPort(), m_ids[5]);
        Node controller(m_ids[1], test::loopbackOptions());
        controller.setWorlds(planet);
        test::FakeController fake(&controller, m_ids[1]);
        QVERIFY(controller.start().ok());
        NodeOptions mo = test::loopbackOptions();
        SimulatedMember::applyMemberDefaults(mo);
        Node memberNode(m_ids[3], mo);
        qint64 clock = QDateTime::currentMSecsSinceEpoch();
        memberNode.setClock([&clock] { return clock; });
        memberNode.setWorlds(planet);
        SimulatedMember member(&memberNode, fake.networkId());
        QSignalSpy events(&member, &SimulatedMember::event);
        QVERIFY(memberNode.start().ok());
        QTRY_VERIFY(root.peer(memberNode.address()) && root.peer(controller.address()));
        member.join();
        QTRY_COMPARE(events.size(), 1);
        QCOMPARE(fake.requests, 1);

        clock += 4000;
        QTest::qWait(200);
        QCOMPARE(fake.requests, 1);
        clock += 1000; // 5 s after the request
        QTRY_COMPARE(fake.requests, 2);
        QCOMPARE(events.size(), 1); // still denied: no new event

        fake.authorized.insert(memberNode.address());
        clock += 5000;
        QTRY_COMPARE(events.size(), 2);
        QCOMPARE(events.last().at(0).value<MemberEvent>().kind, MemberEvent::Kind::Config);
        const int afterConfig = fake.requests;
        clock += 30000;
        QTest::qWait(200);
        QCOMPARE(fake.requests, afterConfig);
        clock += 30000; // 60 s after the config
        QTRY_COMPARE(fake.requests, afterConfig + 1);
        QTRY_COMPARE(member.configCount(), 2);
    }

private:
    static QByteArray capturedMetadata()
    {
        const QJsonArray packets =
            test::loadVectorJson(QStringLiteral("join-conversation.json")).value(QStringLiteral("packets")).toArray();
        for (const QJsonValue &v : packets) {
            const QJsonObject p = v.toObject();
            if (p.value(QStringLiteral("verb_name")).toString() != QStringLiteral("NETWORK_CONFIG_REQUEST"))
                continue;
            const QByteArray payload = test::hexValue(p.value(QStringLiteral("payload_hex")));
            ByteReader r(payload);
            r.u64();
            const quint16 length = r.u16();
            return r.bytes(length).toByteArray();
        }
        return {};
    }

    QList<Identity> m_ids;
};

QTEST_GUILESS_MAIN(TestSimulatedMember)
#include "tst_simulatedmember.moc"
