// SPDX-License-Identifier: GPL-3.0-or-later
// The whole engine as the root of its own planet, with no other root anywhere (loopback only): the
// planet in the data directory names the controller, made by OwnWorldMaker as --make-planet does.
// Simulated 1.14 members on that planet join a private network of the same engine, get configs,
// learn each other through the engine's WHOIS answers and RENDEZVOUS once one sends the other a
// frame (COM first), and go direct; a planet made through EngineClient while they run reaches them
// in OK(HELLO); a non-member is not relayed; /metrics shows the root's counters.

#include "common/enginetesting.h"
#include "common/recordingmember.h"
#include "core/service/engineclient.h"
#include "core/service/engineservice.h"
#include "core/service/ownworldmaker.h"
#include "core/store/controlleridentityrepository.h"
#include "core/store/database.h"
#include "node/nodetestsupport.h"

#include <QDir>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUdpSocket>
#include <QtTest>

#include <memory>

using namespace tier;

namespace {

constexpr int kStartTimeoutMs = 30000;
constexpr int kEventTimeoutMs = 10000;

quint16 freeUdpPort()
{
    QUdpSocket probe;
    return probe.bind(QHostAddress::LocalHost, 0) ? probe.localPort() : 0;
}

} // namespace

class TestServicePrivateRoot : public QObject
{
    Q_OBJECT

private:
    template<typename F>
    auto onEngine(F f)
    {
        using R = decltype(f(std::declval<EngineService &>()));
        R result{};
        EngineService *service = m_client->service();
        QMetaObject::invokeMethod(
            service, [&] { result = f(*service); }, Qt::BlockingQueuedConnection);
        return result;
    }
    RootCounters rootCounters()
    {
        return onEngine([](EngineService &s) { return s.node()->rootCounters(); });
    }

    std::unique_ptr<test::RecordingMember> makeMember(const Identity &identity)
    {
        return test::startRecordingMember(identity, m_planet, m_networkId);
    }

    bool authorize(Address member)
    {
        QSignalSpy changed(m_client.get(), &EngineClient::memberChanged);
        m_client->setMemberAuthorized(m_networkId, member, true);
        return changed.wait(kEventTimeoutMs);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(crypto::initialize());
        m_ids = test::loadIdentities(5);
        QCOMPARE(m_ids.size(), 5);
        QVERIFY(m_dir.isValid());
        m_dataDir = QDir(m_dir.path()).filePath(QStringLiteral("data"));
        QVERIFY(QDir().mkpath(m_dataDir));
        m_port = freeUdpPort();
        QVERIFY(m_port != 0);
        {
            // What `tiermaster --make-planet` does, with a known identity (no slow generation).
            Database db(QStringLiteral("seed"));
            QVERIFY(db.open(DatabaseUri::sqliteFile(QDir(m_dataDir).filePath(QStringLiteral("controller.db")))).ok());
            QVERIFY(ControllerIdentityRepository(db).save(m_ids[0], 1).ok());
            auto endpoints = OwnWorldMaker::parseEndpoints({QStringLiteral("127.0.0.1/%1").arg(m_port)});
            QVERIFY(endpoints);
            auto planet = OwnWorldMaker::make(db, m_ids[0], World::Type::Planet, *endpoints, 1700000000000LL);
            QVERIFY(planet);
            m_planet = *planet;
            QVERIFY(OwnWorldMaker::writeFile(m_planet, QDir(m_dataDir).filePath(QStringLiteral("planet"))).ok());
        }
        EngineOptions options;
        options.dataDir = m_dataDir;
        options.udpPort = m_port;
        options.udpBindAddress = QStringLiteral("127.0.0.1");
        options.apiAddress = QStringLiteral("127.0.0.1");
        m_client = std::make_unique<EngineClient>();
        m_client->start(options);
        QTRY_COMPARE_WITH_TIMEOUT(m_client->state(), EngineClient::State::Running, kStartTimeoutMs);
        QCOMPARE(m_client->udpPort(), m_port);

        QSignalSpy details(m_client.get(), &EngineClient::networkDetails);
        m_client->createNetwork(QStringLiteral("private-root"));
        QVERIFY(details.wait(kEventTimeoutMs));
        const NetworkDetails created = details.constLast().at(0).value<NetworkDetails>();
        QVERIFY(created.settings.isPrivate);
        m_networkId = created.id;
        QVERIFY(authorize(m_ids[1].address()));
        QVERIFY(authorize(m_ids[2].address()));
        m_a = makeMember(m_ids[1]);
        m_b = makeMember(m_ids[2]);
        QVERIFY(m_a && m_b);
        m_a->sim->join();
        m_b->sim->join();
        QTRY_VERIFY_WITH_TIMEOUT(m_a->sim->config().has_value() && m_b->sim->config().has_value(), kEventTimeoutMs);
    }

    void cleanupTestCase()
    {
        m_a.reset();
        m_b.reset();
        if (m_client)
            tier::test::stopEngine(*m_client);
        m_client.reset();
    }

    void engineServesItsOwnPlanet()
    {
        QVERIFY(onEngine([](EngineService &s) { return s.node()->isServingRoot(); }));
        QVERIFY(onEngine([](EngineService &s) { return s.node()->rootAddresses().isEmpty(); }));
        QCOMPARE(m_a->node->rootAddresses(), QList<Address>{m_ids[0].address()});
        QVERIFY(m_a->sim->config()->com.has_value());
        // The status the window shows.
        QSignalSpy info(m_client.get(), &EngineClient::privateRootChanged);
        m_client->requestPrivateRoot();
        QVERIFY(info.wait(kEventTimeoutMs));
        const auto root = info.constLast().at(0).value<PrivateRootInfo>();
        QVERIFY(root.serving);
        QVERIFY(!root.openRoot);
        QVERIFY(root.peers >= 2);
        QCOMPARE(root.planetId, m_planet.id());
        QCOMPARE(root.endpoints, QStringList{QStringLiteral("127.0.0.1/%1").arg(m_port)});
        QVERIFY(!root.endpointsSuggested);
    }

    void membersLearnEachOtherAndGoDirect()
    {
        QVERIFY(m_a->sim->sendFrame(m_b->node->address(), 0x0800, "frame-1"));
        QTRY_COMPARE_WITH_TIMEOUT(m_b->frames, QList<QByteArray>{"frame-1"}, kEventTimeoutMs);
        QVERIFY(m_b->sim->trusts(m_a->node->address()));
        RootCounters c = rootCounters();
        QVERIFY(c.whoisAnswered >= 2);
        QVERIFY(c.relayed >= 2);
        QVERIFY(c.rendezvousSent >= 2);
        QTRY_VERIFY_WITH_TIMEOUT(m_a->node->peer(m_b->node->address())->confirmedPath(m_a->node->now()).has_value(),
                                 kEventTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(m_b->node->peer(m_a->node->address())->confirmedPath(m_b->node->now()).has_value(),
                                 kEventTimeoutMs);
        const quint64 relayed = rootCounters().relayed;
        QVERIFY(m_b->sim->sendFrame(m_a->node->address(), 0x0800, "frame-2"));
        QTRY_COMPARE_WITH_TIMEOUT(m_a->frames, QList<QByteArray>{"frame-2"}, kEventTimeoutMs);
        QCOMPARE(m_a->hops.last(), 0);
        QCOMPARE(rootCounters().relayed, relayed);
    }

    void planetMadeWhileRunningReachesMembers()
    {
        const QString saved = QDir(m_dir.path()).filePath(QStringLiteral("for-members.planet"));
        QSignalSpy written(m_client.get(), &EngineClient::ownPlanetWritten);
        QSignalSpy failed(m_client.get(), &EngineClient::engineError);
        m_client->makePrivatePlanet({QStringLiteral("127.0.0.1/%1").arg(m_port), QStringLiteral("::1/%1").arg(m_port)},
                                    saved);
        QVERIFY(written.wait(kEventTimeoutMs));
        QVERIFY(failed.isEmpty());
        QCOMPARE(written.constLast().at(0).toString(), saved);
        QFile file(saved);
        QVERIFY(file.open(QIODevice::ReadOnly));
        auto next = World::fromBytes(file.readAll());
        QVERIFY(next);
        QCOMPARE(next->id(), m_planet.id());
        QVERIFY(m_planet.acceptsUpdate(*next));
        QFile installed(written.constLast().at(1).toString());
        QVERIFY(installed.open(QIODevice::ReadOnly));
        QCOMPARE(installed.readAll(), next->toBytes());
        // Nobody touches the members: their next HELLO's OK carries it.
        QTRY_COMPARE_WITH_TIMEOUT(m_a->node->planet().timestamp(), next->timestamp(), kEventTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(m_b->node->planet().timestamp(), next->timestamp(), kEventTimeoutMs);
        QCOMPARE(m_a->node->planet().roots().first().stableEndpoints.size(), 2);
        QVERIFY(rootCounters().worldUpdatesSent >= 2);

        // Bad endpoints change nothing.
        QSignalSpy error(m_client.get(), &EngineClient::engineError);
        m_client->makePrivatePlanet({QStringLiteral("0.0.0.0/9993")}, saved);
        QVERIFY(error.wait(kEventTimeoutMs));
        QCOMPARE(onEngine([](EngineService &s) { return s.node()->planet().timestamp(); }), next->timestamp());
    }

    void relayRefusesNonMembers()
    {
        auto outsider = makeMember(m_ids[3]); // asks to join, never authorized
        QVERIFY(outsider);
        outsider->sim->join();
        QTRY_VERIFY_WITH_TIMEOUT(outsider->sim->state() == MemberEvent::Kind::Denied, kEventTimeoutMs);
        const quint64 refused = rootCounters().relayRefusedPolicy;
        const int framesBefore = int(m_a->frames.size());
        QVERIFY(outsider->node->sendPacket(m_a->node->address(), Verb::Frame, QByteArray(10, '\0')));
        QTRY_VERIFY_WITH_TIMEOUT(rootCounters().relayRefusedPolicy > refused, kEventTimeoutMs);
        QTest::qWait(300);
        QCOMPARE(int(m_a->frames.size()), framesBefore);
        QCOMPARE(m_a->sim->framesRefused(), 0); // it never even arrived
    }

    void metricsShowTheRoot()
    {
        const QString url = QStringLiteral("http://%1/metrics").arg(m_client->apiEndpoint());
        const QByteArray token = onEngine([](EngineService &s) { return s.apiToken(); });
        QNetworkAccessManager nam;
        QNetworkRequest request{QUrl(url)};
        request.setRawHeader("X-ZT1-Auth", token);
        QNetworkReply *reply = nam.get(request);
        QSignalSpy done(reply, &QNetworkReply::finished);
        QVERIFY(done.wait(kEventTimeoutMs));
        const QByteArray body = reply->readAll();
        reply->deleteLater();
        QVERIFY2(body.contains("\ntiermaster_root_serving 1\n"), body.constData());
        QVERIFY(body.contains("\ntiermaster_root_relayed_total "));
        QVERIFY(body.contains("tiermaster_root_relay_refused_total{reason=\"policy\"} "));
        QVERIFY(body.contains("\ntiermaster_root_whois_answered_total "));
        QVERIFY(body.contains("\ntiermaster_root_world_updates_sent_total "));
    }

private:
    QList<Identity> m_ids;
    QTemporaryDir m_dir;
    QString m_dataDir;
    quint16 m_port = 0;
    World m_planet;
    quint64 m_networkId = 0;
    std::unique_ptr<EngineClient> m_client;
    std::unique_ptr<test::RecordingMember> m_a;
    std::unique_ptr<test::RecordingMember> m_b;
};

QTEST_GUILESS_MAIN(TestServicePrivateRoot)
#include "tst_privateroot.moc"
