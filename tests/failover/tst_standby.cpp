// SPDX-License-Identifier: GPL-3.0-or-later
// Two engines (EngineClient, as two GUIs would run them) share one PostgreSQL database: the first
// serves, the second stands by. The standby shows the networks, members and the live status the
// active one flushes; a change made through the standby reaches an online member through the
// active engine; the standby serves the HTTP API too, and networks created there reach the active
// engine; when the active engine stops, the standby takes over (its API on the same endpoint).
// Needs TIERMASTER_TEST_PG_URI (scripts/pg-test-server.sh); skipped otherwise.

#include "api/apitestsupport.h"
#include "common/enginetesting.h"
#include "core/controller/networkcontroller.h"
#include "core/node/simulatedmember.h"
#include "core/service/engineclient.h"
#include "core/store/controlleridentityrepository.h"
#include "core/store/database.h"
#include "node/nodetestsupport.h"
#include "store/storebackend.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace tier;

namespace {

constexpr int kTimeoutMs = 30000;

InetAddress ip4(const char *text, int bits = 0)
{
    InetAddress out = InetAddress::fromString(QString::fromLatin1(text)).value_or(InetAddress());
    return bits ? InetAddress::fromIpBytes(out.ipBytes(), quint16(bits)) : out;
}

} // namespace

class TestStandby : public QObject
{
    Q_OBJECT

private:
    EngineOptions options(const QString &name) const
    {
        EngineOptions o;
        o.dataDir = QDir(m_dir.path()).filePath(name);
        o.databaseUri = m_location.uriText();
        o.udpPort = 0;
        o.udpBindAddress = QStringLiteral("127.0.0.1");
        o.planetFile = m_planetPath;
        o.backupIntervalHours = 0;
        o.apiAddress = QStringLiteral("127.0.0.1");
        o.apiPort = 0; // several instances on one machine: each takes its own port
        return o;
    }

private slots:
    void initTestCase()
    {
        if (test::pgServerUri().isEmpty())
            QSKIP(qPrintable(test::pgSkipMessage()));
        QVERIFY(crypto::initialize());
        m_ids = test::loadIdentities(9);
        QCOMPARE(m_ids.size(), 9);
        m_root = std::make_unique<Node>(m_ids[0], test::loopbackOptions(NodeOptions::Role::Root));
        QVERIFY(m_root->start().ok());
        m_planet = test::makePlanet(m_ids[0], m_root->localPort(), m_ids[7]);
        QVERIFY(m_dir.isValid());
        m_planetPath = QDir(m_dir.path()).filePath(QStringLiteral("private.planet"));
        QFile planetFile(m_planetPath);
        QVERIFY(planetFile.open(QIODevice::WriteOnly));
        planetFile.write(m_planet.toBytes());
        planetFile.close();

        const QString created = m_location.create(QStringLiteral("postgresql"));
        QVERIFY2(created.isEmpty(), qPrintable(created));
        Database db(QStringLiteral("seed"));
        QVERIFY(db.open(m_location.uri()).ok());
        QVERIFY(ControllerIdentityRepository(db).save(m_ids[1], 1).ok());
        NetworkController controller(db, m_ids[1], nullptr, [] { return QDateTime::currentMSecsSinceEpoch(); });
        QVERIFY(controller.load().ok());
        NetworkSettings settings;
        settings.name = QStringLiteral("standby");
        settings.v4AssignZt = true;
        settings.pools = {IpPool{ip4("10.78.0.10"), ip4("10.78.0.250")}};
        settings.routes = {NetworkConfig::Route{ip4("10.78.0.0", 24), InetAddress(), 0, 0}};
        auto network = controller.createNetwork(settings);
        QVERIFY(network.ok());
        m_networkId = network->id;
        QVERIFY(controller.setAuthorized(m_networkId, m_ids[2].address(), true).ok());
    }

    void cleanupTestCase()
    {
        m_sim.reset();
        m_memberNode.reset();
        if (m_standby)
            tier::test::stopEngine(*m_standby);
        if (m_active)
            tier::test::stopEngine(*m_active);
        m_standby.reset();
        m_active.reset();
        m_root.reset();
        m_location.drop();
    }

    void standbyShowsNetworksAndLiveStatus()
    {
        m_active = std::make_unique<EngineClient>();
        m_active->start(options(QStringLiteral("a")));
        QTRY_COMPARE_WITH_TIMEOUT(m_active->state(), EngineClient::State::Running, kTimeoutMs);
        QVERIFY(!m_active->isStandby());

        m_standby = std::make_unique<EngineClient>();
        QSignalSpy networks(m_standby.get(), &EngineClient::networksReset);
        QSignalSpy status(m_standby.get(), &EngineClient::memberStatusChanged);
        m_standby->start(options(QStringLiteral("b")));
        QTRY_VERIFY_WITH_TIMEOUT(m_standby->isStandby(), kTimeoutMs);
        QCOMPARE(m_standby->state(), EngineClient::State::Starting);
        QCOMPARE(m_standby->controllerAddress(), m_ids[1].address().toString());
        QTRY_VERIFY_WITH_TIMEOUT(!networks.isEmpty(), kTimeoutMs);
        const auto shown = networks.constLast().at(0).value<QList<NetworkInfo>>();
        QCOMPARE(shown.size(), 1);
        QCOMPARE(shown[0].id, m_networkId);
        QCOMPARE(shown[0].authorizedCount, 1);

        // A member joins; it is served by the active engine, and the standby shows it online.
        NodeOptions memberOptions = test::loopbackOptions();
        SimulatedMember::applyMemberDefaults(memberOptions);
        m_memberNode = std::make_unique<Node>(m_ids[2], memberOptions);
        m_memberNode->setWorlds(m_planet);
        m_sim = std::make_unique<SimulatedMember>(m_memberNode.get(), m_networkId);
        connect(m_sim.get(), &SimulatedMember::event, this, [this](const MemberEvent &event) {
            if (event.kind == MemberEvent::Kind::Config)
                ++m_configs;
            else if (event.kind == MemberEvent::Kind::Denied)
                ++m_denied;
            else if (event.kind == MemberEvent::Kind::Revoked)
                ++m_revoked;
        });
        QVERIFY(m_memberNode->start().ok());
        m_sim->join();
        QTRY_VERIFY_WITH_TIMEOUT(m_configs >= 1, kTimeoutMs);
        auto onlineAtStandby = [&status, this] {
            for (const QList<QVariant> &signal : std::as_const(status)) {
                for (const MemberInfo &m : signal.at(0).value<QList<MemberInfo>>()) {
                    if (m.address == m_ids[2].address() && m.online)
                        return true;
                }
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(onlineAtStandby(), kTimeoutMs);

        QSignalSpy members(m_standby.get(), &EngineClient::membersReset);
        m_standby->refreshMembers(m_networkId);
        QTRY_VERIFY_WITH_TIMEOUT(!members.isEmpty(), kTimeoutMs);
        const auto list = members.constLast().at(1).value<QList<MemberInfo>>();
        QCOMPARE(list.size(), 1);
        QVERIFY(list[0].authorized);
        QVERIFY(!list[0].ipAssignments.isEmpty()); // assigned by the active engine, read from the database
    }

    void changeThroughStandbyReachesTheMember()
    {
        QVERIFY(m_standby && m_standby->isStandby() && m_sim);
        QSignalSpy changedAtActive(m_active.get(), &EngineClient::memberChanged);
        QSignalSpy changedAtStandby(m_standby.get(), &EngineClient::memberChanged);
        QSignalSpy errors(m_standby.get(), &EngineClient::engineError);
        QElapsedTimer timer;
        timer.start();
        m_standby->setMemberAuthorized(m_networkId, m_ids[2].address(), false);
        QTRY_VERIFY_WITH_TIMEOUT(!changedAtStandby.isEmpty(), kTimeoutMs);
        QVERIFY(!changedAtStandby.constFirst().at(0).value<MemberInfo>().authorized);
        // The active engine hears of it, reloads, and revokes + denies at once (no request in between).
        QTRY_VERIFY_WITH_TIMEOUT(m_revoked >= 1 && m_denied >= 1, kTimeoutMs);
        qInfo("deauthorized through the standby -> revocation and denial at the member: %lld ms", timer.elapsed());
        QTRY_VERIFY_WITH_TIMEOUT(!changedAtActive.isEmpty(), kTimeoutMs);
        QVERIFY(!changedAtActive.constLast().at(0).value<MemberInfo>().authorized);

        // Authorized again through the standby: the active engine pushes a config.
        const int before = m_configs;
        timer.restart();
        m_standby->setMemberAuthorized(m_networkId, m_ids[2].address(), true);
        QTRY_VERIFY_WITH_TIMEOUT(m_configs > before, kTimeoutMs);
        qInfo("authorized through the standby -> config at the member: %lld ms", timer.elapsed());
        QVERIFY(errors.isEmpty());
    }

    void standbyServesTheApi()
    {
        QVERIFY(m_standby && m_standby->isStandby() && m_sim);
        QTRY_VERIFY_WITH_TIMEOUT(!m_standby->apiEndpoint().isEmpty(), kTimeoutMs);
        QVERIFY(m_standby->apiEndpoint() != m_active->apiEndpoint());
        m_standbyApi = QUrl(QStringLiteral("http://%1").arg(m_standby->apiEndpoint()));
        QVERIFY(m_standby->service());
        m_standbyToken = m_standby->service()->apiToken();
        QVERIFY(!m_standbyToken.isEmpty());

        const test::HttpReply status =
            test::http(m_nam, "GET", m_standbyApi.resolved(QUrl(QStringLiteral("/status"))), m_standbyToken);
        QCOMPARE(status.status, 200);
        QCOMPARE(status.object().value(QStringLiteral("standby")).toBool(true), true);
        QCOMPARE(status.object().value(QStringLiteral("online")).toBool(true), false);
        QCOMPARE(status.object().value(QStringLiteral("address")).toString(), m_ids[1].address().toString());
        const test::HttpReply metrics =
            test::http(m_nam, "GET", m_standbyApi.resolved(QUrl(QStringLiteral("/metrics"))), m_standbyToken);
        QCOMPARE(metrics.status, 200);
        QVERIFY(metrics.body.contains("controller_network_count"));
        QVERIFY(!metrics.body.contains("tiermaster_datagrams_received_total")); // no node on a standby

        const QUrl member =
            m_standbyApi.resolved(QUrl(QStringLiteral("/controller/network/%1/member/%2")
                                           .arg(networkIdToString(m_networkId), m_ids[2].address().toString())));
        // Deauthorized through the standby's API: the active engine revokes at the member.
        const int revokedBefore = m_revoked;
        test::HttpReply off = test::http(m_nam, "POST", member, m_standbyToken, R"({"authorized":false})");
        QCOMPARE(off.status, 200);
        QCOMPARE(off.object().value(QStringLiteral("authorized")).toBool(true), false);
        QTRY_VERIFY_WITH_TIMEOUT(m_revoked > revokedBefore, kTimeoutMs);

        // Authorized through the standby's API: the active engine pushes a config to the member.
        const int before = m_configs;
        QElapsedTimer timer;
        timer.start();
        test::HttpReply on = test::http(m_nam, "POST", member, m_standbyToken, R"({"authorized":true})");
        QCOMPARE(on.status, 200);
        QCOMPARE(on.object().value(QStringLiteral("authorized")).toBool(false), true);
        QTRY_VERIFY_WITH_TIMEOUT(m_configs > before, kTimeoutMs);
        qInfo("authorized through the standby's API -> config at the member: %lld ms", timer.elapsed());

        // The standby's API shows the member online: status the active engine flushed to the database.
        auto onlineThere = [&] {
            const test::HttpReply got = test::http(m_nam, "GET", member, m_standbyToken);
            return got.status == 200 && got.object().value(QStringLiteral("online")).toBool(false) &&
                   got.object().value(QStringLiteral("authorized")).toBool(false);
        };
        QTRY_VERIFY_WITH_TIMEOUT(onlineThere(), kTimeoutMs);
    }

    void networkCreatedOnTheStandbyReachesTheActive()
    {
        QVERIFY(m_standby && m_standby->isStandby() && m_active);
        const QString name = QStringLiteral("made on the standby");
        QSignalSpy atActive(m_active.get(), &EngineClient::networkChanged);
        QSignalSpy errors(m_standby.get(), &EngineClient::engineError);
        m_standby->createNetwork(name);
        auto seenAtActive = [&] {
            for (const QList<QVariant> &signal : std::as_const(atActive)) {
                if (signal.at(0).value<NetworkInfo>().name == name)
                    return true;
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(seenAtActive(), kTimeoutMs);
        QVERIFY(errors.isEmpty());
        // The active engine's API lists it too: it serves it to members.
        const QUrl active(QStringLiteral("http://%1/controller/network").arg(m_active->apiEndpoint()));
        const test::HttpReply list = test::http(m_nam, "GET", active, m_active->service()->apiToken());
        QCOMPARE(list.status, 200);
        QCOMPARE(list.array().size(), 2);
    }

    void standbyTakesOverWhenTheActiveStops()
    {
        QVERIFY(m_standby && m_active);
        // As a long-running member does, it keeps asking until the active engine has seen where it
        // talks from directly (its first request came relayed by the root) and the standby shows
        // that address: the address the new active engine greets after taking over.
        QSignalSpy status(m_standby.get(), &EngineClient::memberStatusChanged);
        auto directAtStandby = [&status, this] {
            for (const QList<QVariant> &signal : std::as_const(status)) {
                for (const MemberInfo &m : signal.at(0).value<QList<MemberInfo>>()) {
                    if (m.address == m_ids[2].address() && !m.physicalAddress.isNull())
                        return true;
                }
            }
            return false;
        };
        QElapsedTimer settling;
        settling.start();
        while (!directAtStandby() && settling.elapsed() < 2 * kTimeoutMs) {
            m_sim->requestConfig();
            QTest::qWait(1100); // the controller drops requests closer than 1 s
        }
        QVERIFY(directAtStandby());

        QSignalSpy standbyChanges(m_standby.get(), &EngineClient::standbyChanged);
        tier::test::stopEngine(*m_active);
        QTRY_COMPARE_WITH_TIMEOUT(m_standby->state(), EngineClient::State::Running, kTimeoutMs);
        QVERIFY(!m_standby->isStandby());
        QVERIFY(!standbyChanges.isEmpty());
        QCOMPARE(standbyChanges.constLast().at(0).toBool(), false);
        QVERIFY(m_standby->udpPort() != 0);
        // The new active engine serves the member.
        const int before = m_configs;
        QElapsedTimer ask;
        ask.start();
        m_sim->requestConfig();
        QElapsedTimer total;
        total.start();
        while (m_configs <= before && total.elapsed() < kTimeoutMs) {
            QTest::qWait(50);
            if (ask.elapsed() >= 1100) {
                m_sim->requestConfig();
                ask.restart();
            }
        }
        QVERIFY(m_configs > before);

        // The API that served the standby serves the active engine now, on the same endpoint.
        QCOMPARE(QUrl(QStringLiteral("http://%1").arg(m_standby->apiEndpoint())), m_standbyApi);
        const test::HttpReply served =
            test::http(m_nam, "GET", m_standbyApi.resolved(QUrl(QStringLiteral("/status"))), m_standbyToken);
        QCOMPARE(served.status, 200);
        QCOMPARE(served.object().value(QStringLiteral("standby")).toBool(true), false);
    }

private:
    QTemporaryDir m_dir;
    test::TestDatabaseLocation m_location;
    QList<Identity> m_ids;
    std::unique_ptr<Node> m_root;
    World m_planet;
    QString m_planetPath;
    quint64 m_networkId = 0;
    std::unique_ptr<EngineClient> m_active;
    std::unique_ptr<EngineClient> m_standby;
    std::unique_ptr<Node> m_memberNode;
    std::unique_ptr<SimulatedMember> m_sim;
    QNetworkAccessManager m_nam;
    QUrl m_standbyApi;
    QByteArray m_standbyToken;
    int m_configs = 0;
    int m_denied = 0;
    int m_revoked = 0;
};

QTEST_GUILESS_MAIN(TestStandby)
#include "tst_standby.moc"
