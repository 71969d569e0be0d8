// SPDX-License-Identifier: GPL-3.0-or-later
// A controller that restarts on another port with the same identity is found again: the member's
// confirmed direct path to the old port goes stale when nothing answers there, the member falls
// back to the root, and the root follows the controller to its new port (the freshest path wins
// over the old confirmed one). Before, the member kept sending to the dead port for the whole path
// lifetime (243 s) and the root relayed to it until its next HELLO exchange.

#include "core/node/simulatedmember.h"
#include "nodetestsupport.h"

#include <QElapsedTimer>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace tier;

class TestNodeMove final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(crypto::initialize()); }

    void controllerRestartedOnAnotherPortIsReachedAgain()
    {
        const QList<Identity> ids = test::loadIdentities(4, 60);
        QCOMPARE(ids.size(), 4);
        Node root(ids[0], test::loopbackOptions(NodeOptions::Role::Root));
        QVERIFY(root.start().ok());
        const World planet = test::makePlanet(ids[0], root.localPort(), ids[3]);

        auto controller = std::make_unique<Node>(ids[1], test::loopbackOptions());
        controller->setWorlds(planet);
        auto fake = std::make_unique<test::FakeController>(controller.get(), ids[1]);
        fake->authorized.insert(ids[2].address());
        QVERIFY(controller->start().ok());
        const quint16 firstPort = controller->localPort();

        NodeOptions memberOptions = test::loopbackOptions();
        SimulatedMember::applyMemberDefaults(memberOptions);
        Node memberNode(ids[2], memberOptions);
        memberNode.setWorlds(planet);
        SimulatedMember member(&memberNode, fake->networkId());
        QVERIFY(memberNode.start().ok());
        member.join();
        QTRY_VERIFY_WITH_TIMEOUT(member.configCount() >= 1, 30000);
        // The root introduced them (RENDEZVOUS): the member talks to the controller directly.
        QTRY_VERIFY_WITH_TIMEOUT(memberNode.peer(ids[1].address()) &&
                                     memberNode.peer(ids[1].address())->confirmedPath(memberNode.now()) ==
                                         std::optional<InetAddress>(test::loopback(firstPort)),
                                 30000);

        // Restart: same identity, new socket (the old port is closed first, so it cannot be reused).
        fake.reset();
        controller.reset();
        controller = std::make_unique<Node>(ids[1], test::loopbackOptions());
        controller->setWorlds(planet);
        fake = std::make_unique<test::FakeController>(controller.get(), ids[1]);
        fake->authorized.insert(ids[2].address());
        QVERIFY(controller->start().ok());
        QVERIFY(controller->localPort() != firstPort);
        QTRY_VERIFY_WITH_TIMEOUT(root.peer(ids[1].address()) &&
                                     root.peer(ids[1].address())->bestPath(root.now()) ==
                                         std::optional<InetAddress>(test::loopback(controller->localPort())),
                                 30000);

        // The member keeps asking (as after any refresh interval) and gets its config again.
        const int before = member.configCount();
        QElapsedTimer t;
        t.start();
        QTimer ask;
        connect(&ask, &QTimer::timeout, &member, &SimulatedMember::requestConfig);
        ask.start(1000);
        QTRY_VERIFY_WITH_TIMEOUT(member.configCount() > before, 60000);
        qInfo("config again %lld ms after the controller moved (a stale path is given up after %lld ms)", t.elapsed(),
              Peer::StaleAfterMs);
        QVERIFY(fake->requests >= 1);
    }
};

QTEST_GUILESS_MAIN(TestNodeMove)
#include "tst_nodemove.moc"
