// SPDX-License-Identifier: GPL-3.0-or-later
// Figures, not thresholds: the controller's database-bound work on SQLite and on PostgreSQL side by
// side — authorizing members (one transaction each), first config requests (the identity is pinned:
// a write each), re-requests (memory, signed answers) and the batched live-status flush. Asserts only
// that every operation did its job. The PostgreSQL row needs TIERMASTER_TEST_PG_URI.

#include "core/controller/controllersender.h"
#include "core/controller/networkcontroller.h"
#include "core/store/controlleridentityrepository.h"
#include "core/store/database.h"
#include "node/nodetestsupport.h"
#include "store/storebackend.h"

#include <QElapsedTimer>
#include <QtTest>

using namespace tier;

namespace {

constexpr int kMembers = 400;

class CountingSender final : public ControllerSender
{
public:
    void sendConfig(Address, quint64, const QList<QByteArray> &) override { ++configs; }
    void sendError(Address, quint64, ProtocolErrorCode, quint64) override { ++errors; }
    void sendRevocation(Address, const Revocation &) override {}
    int configs = 0;
    int errors = 0;
};

double perSecond(int count, qint64 ns)
{
    return ns > 0 ? count * 1e9 / double(ns) : 0.0;
}

} // namespace

class TestBackendFigures : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(crypto::initialize());
        m_ids = test::loadIdentities(kMembers + 1);
        QCOMPARE(m_ids.size(), kMembers + 1);
    }

    void initTestCase_data() { test::addBackendRows(); }
    void init() { TIER_INIT_BACKEND(m_location); }
    void cleanup() { m_location.drop(); }

    void authorizeAndServe()
    {
        QFETCH_GLOBAL(QString, backend);
        Database db(QStringLiteral("figures"));
        QVERIFY(db.open(m_location.uri()).ok());
        const Identity &controllerId = m_ids[0];
        QVERIFY(ControllerIdentityRepository(db).save(controllerId, 1).ok());
        qint64 now = 1700000000000;
        CountingSender sender;
        NetworkController controller(db, controllerId, &sender, [&now] { return now; });
        QVERIFY(controller.load().ok());
        NetworkSettings settings;
        settings.name = QStringLiteral("figures");
        settings.v4AssignZt = true;
        settings.pools = {IpPool{InetAddress::fromIPv4(0x0a400001), InetAddress::fromIPv4(0x0a40fffe)}};
        settings.routes = {NetworkConfig::Route{InetAddress::fromIPv4(0x0a400000, 16), InetAddress(), 0, 0}};
        auto network = controller.createNetwork(settings);
        QVERIFY(network.ok());
        const quint64 nwid = network->id;

        QElapsedTimer timer;
        timer.start();
        for (int i = 1; i <= kMembers; ++i)
            QVERIFY(controller.setAuthorized(nwid, m_ids[i].address(), true).ok());
        const qint64 authorizeNs = timer.nsecsElapsed();

        auto request = [&](int i, quint64 packetId) {
            ConfigRequest r;
            r.member = m_ids[i].publicOnly();
            r.networkId = nwid;
            r.packetId = packetId;
            r.metadata = RequestMetadata::zeroTier114();
            r.physicalAddress = InetAddress::fromIPv4(0x7f000001, quint16(20000 + i));
            r.receivedAt = now;
            controller.handleConfigRequest(r);
        };
        quint64 packetId = 1;
        timer.restart();
        for (int i = 1; i <= kMembers; ++i)
            request(i, packetId++);
        const qint64 coldNs = timer.nsecsElapsed();
        QCOMPARE(sender.configs, kMembers);

        now += 1500; // past the 1 s rate limit
        timer.restart();
        for (int i = 1; i <= kMembers; ++i)
            request(i, packetId++);
        const qint64 warmNs = timer.nsecsElapsed();
        QCOMPARE(sender.configs, 2 * kMembers);
        QCOMPARE(sender.errors, 0);

        timer.restart();
        QVERIFY(controller.flushStatus().ok());
        const qint64 flushNs = timer.nsecsElapsed();
        auto stored = db.exec(QStringLiteral("SELECT COUNT(*) FROM member_status WHERE request_count = 2"));
        QVERIFY(stored.ok() && stored->next());
        QCOMPARE(stored->value(0).toInt(), kMembers);

        qInfo("%-10s %d members: authorize %.0f/s, first request %.0f/s, re-request %.0f/s, status flush %.1f ms",
              qPrintable(backend), kMembers, perSecond(kMembers, authorizeNs), perSecond(kMembers, coldNs),
              perSecond(kMembers, warmNs), flushNs / 1e6);
    }

private:
    QList<Identity> m_ids;
    test::TestDatabaseLocation m_location;
};

QTEST_GUILESS_MAIN(TestBackendFigures)
#include "tst_backendfigures.moc"
