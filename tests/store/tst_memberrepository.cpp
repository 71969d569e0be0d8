// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/controllernetworkrepository.h"
#include "core/store/database.h"
#include "core/store/memberrepository.h"
#include "core/store/schema.h"
#include "store/storebackend.h"

#include <QDir>
#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QtTest>

using namespace tier;

namespace {
constexpr quint64 kNetwork = 0x21842fbe0922d490ULL;

ControllerNetworkRow network()
{
    ControllerNetworkRow row;
    row.record.id = kNetwork;
    row.record.name = QStringLiteral("lab");
    row.record.creationTime = 1;
    row.record.lastModified = 1;
    row.record.revision = 1;
    row.record.dnsDomain = QStringLiteral("lab.example");
    row.record.dnsServersJson = QStringLiteral("[\"10.0.0.1\"]");
    row.certificateTimeoutWindow = 600000;
    row.pools = {PoolRow{QStringLiteral("10.0.0.10"), QStringLiteral("10.0.0.250"), 4},
                 PoolRow{QStringLiteral("fd00::1"), QStringLiteral("fd00::ffff"), 6}};
    row.routes = {RouteRow{QStringLiteral("10.0.0.0"), 24, QString(), 0, 0, 4},
                  RouteRow{QStringLiteral("192.168.0.0"), 16, QStringLiteral("10.0.0.1"), 0, 5, 4}};
    return row;
}
} // namespace

class TestMemberRepository : public QObject
{
    Q_OBJECT

private:
    test::TestDatabaseLocation m_location;
    std::unique_ptr<Database> m_db;

private slots:
    void initTestCase_data() { test::addBackendRows(); }
    void init()
    {
        TIER_INIT_BACKEND(m_location);
        m_db = std::make_unique<Database>(QStringLiteral("members"));
        QVERIFY(m_db->open(m_location.uri()).ok());
        QVERIFY(ControllerNetworkRepository(*m_db).insert(network()).ok());
    }
    void cleanup()
    {
        m_db.reset();
        m_location.drop();
        QVERIFY(QSqlDatabase::connectionNames().isEmpty());
    }

    void networkRoundTrip()
    {
        ControllerNetworkRepository repo(*m_db);
        QCOMPARE(repo.insert(network()).error().code, ErrorCode::Conflict);
        auto rows = repo.loadAll();
        QVERIFY(rows.ok());
        QCOMPARE(rows->size(), 1);
        const ControllerNetworkRow &r = rows->at(0);
        QCOMPARE(r.record.name, QStringLiteral("lab"));
        QCOMPARE(r.certificateTimeoutWindow, qint64(600000));
        QCOMPARE(r.pools.size(), 2);
        QCOMPARE(r.pools[1].start, QStringLiteral("fd00::1"));
        QCOMPARE(r.routes.size(), 2);
        QCOMPARE(r.routes[1].via, QStringLiteral("10.0.0.1"));
        QCOMPARE(r.routes[1].metric, 5);
        QVERIFY(r.routes[0].via.isEmpty());
        ControllerNetworkRow changed = r;
        changed.routes.removeFirst();
        changed.record.revision = 2;
        QVERIFY(repo.update(changed).ok());
        QCOMPARE(repo.loadAll()->at(0).routes.size(), 1);
        QCOMPARE(repo.loadAll()->at(0).record.revision, quint64(2));
        changed.record.id = kNetwork + 1;
        QCOMPARE(repo.update(changed).error().code, ErrorCode::NotFound);
    }

    void memberUpsertKeepsIpOrderAndCascades()
    {
        MemberRepository repo(*m_db);
        MemberRow m;
        m.networkId = kNetwork;
        m.address = Address(0x1797d4487fULL);
        m.creationTime = 5;
        m.lastModified = 5;
        m.ipAssignments = {QStringLiteral("10.0.0.99"), QStringLiteral("10.0.0.3"), QStringLiteral("fd00::5")};
        QVERIFY(repo.save(m).ok());
        auto rows = repo.loadAll();
        QVERIFY(rows.ok());
        QCOMPARE(rows->size(), 1);
        QCOMPARE(rows->at(0), m); // identity NULL, name NULL, IPs in record order
        m.identity = QStringLiteral("1797d4487f:0:00");
        m.authorized = true;
        m.name = QStringLiteral("laptop");
        m.revision = 2;
        m.ipAssignments = {QStringLiteral("10.0.0.3")};
        QVERIFY(repo.save(m).ok());
        QCOMPARE(repo.loadAll()->at(0), m);

        MemberStatusRow s;
        s.networkId = kNetwork;
        s.address = m.address;
        s.lastRequestTime = 77;
        s.physicalAddress = QStringLiteral("127.0.0.1/9993");
        s.lastRequestMetadata = QByteArray("v=7");
        s.recentHistoryJson = QStringLiteral("[{\"ts\":77}]");
        MemberStatusRow ghost = s;
        ghost.address = Address(0x1111111111ULL); // no such member: skipped, not an error
        QVERIFY(repo.saveStatus({s, ghost}).ok());
        auto status = repo.loadStatus();
        QVERIFY(status.ok());
        QCOMPARE(status->size(), 1);
        QCOMPARE(status->at(0).physicalAddress, s.physicalAddress);
        QCOMPARE(status->at(0).lastRequestMetadata, s.lastRequestMetadata);
        s.lastRequestTime = 99;
        QVERIFY(repo.saveStatus({s}).ok());
        QCOMPARE(repo.loadStatus()->at(0).lastRequestTime, qint64(99));

        QVERIFY(repo.remove(kNetwork, m.address).ok());
        QCOMPARE(repo.remove(kNetwork, m.address).error().code, ErrorCode::NotFound);
        QVERIFY(repo.loadStatus()->isEmpty());
        QVERIFY(repo.save(m).ok());
        QVERIFY(ControllerNetworkRepository(*m_db).remove(kNetwork).ok());
        QVERIFY(repo.loadAll()->isEmpty());
        auto ips = m_db->exec(QStringLiteral("SELECT COUNT(*) FROM member_ips"));
        QVERIFY(ips.ok() && ips->next());
        QCOMPARE(ips->value(0).toInt(), 0);
    }

    // Several networks and members, IPs in record order that is not their text order: read back as
    // saved, in (network, address) order, and counted per network.
    void readsAndCountsMembersOfSeveralNetworks()
    {
        ControllerNetworkRow second = network();
        second.record.id = kNetwork + 1;
        QVERIFY(ControllerNetworkRepository(*m_db).insert(second).ok());
        MemberRepository repo(*m_db);
        QCOMPARE(repo.countByNetwork()->size(), 0);
        QList<MemberRow> saved;
        auto member = [&](quint64 nwid, quint64 address, QStringList ips) {
            MemberRow m;
            m.networkId = nwid;
            m.address = Address(address);
            m.creationTime = 5;
            m.lastModified = 5;
            m.ipAssignments = ips;
            QVERIFY(repo.save(m).ok());
            saved.append(m);
        };
        member(kNetwork, 0x0000000003ULL, {QStringLiteral("10.0.0.9"), QStringLiteral("10.0.0.10")});
        member(kNetwork, 0x0000000001ULL,
               {QStringLiteral("fd00::5"), QStringLiteral("10.0.0.99"), QStringLiteral("10.0.0.3")});
        member(kNetwork, 0x0000000002ULL, {});
        member(kNetwork + 1, 0x0000000001ULL, {QStringLiteral("10.0.0.1")});
        std::sort(saved.begin(), saved.end(), [](const MemberRow &a, const MemberRow &b) {
            return a.networkId != b.networkId ? a.networkId < b.networkId : a.address < b.address;
        });
        QCOMPARE(*repo.loadAll(), saved);
        const auto counts = repo.countByNetwork();
        QVERIFY(counts.ok());
        QCOMPARE(*counts, (QHash<quint64, qsizetype>{{kNetwork, 3}, {kNetwork + 1, 1}}));
    }

    // Instances sharing a database: a write based on stale memory is refused and changes nothing.
    void saveIfUnchangedRefusesStaleWrites()
    {
        MemberRepository repo(*m_db);
        MemberRow m;
        m.networkId = kNetwork;
        m.address = Address(0x1797d4487fULL);
        m.ipAssignments = {QStringLiteral("10.0.0.7")};
        QVERIFY(repo.saveIfUnchanged(m, std::nullopt).ok());                               // absent: inserted
        QCOMPARE(repo.saveIfUnchanged(m, std::nullopt).error().code, ErrorCode::Conflict); // no longer absent

        MemberRow elsewhere = m; // another writer authorizes it
        elsewhere.authorized = true;
        elsewhere.revision = 1;
        QVERIFY(repo.saveIfUnchanged(elsewhere, quint64(0)).ok());

        MemberRow stale = m; // this writer still believes revision 0, unauthorized
        stale.name = QStringLiteral("stale");
        stale.ipAssignments = {QStringLiteral("10.0.0.8")};
        QCOMPARE(repo.saveIfUnchanged(stale, quint64(0)).error().code, ErrorCode::Conflict);
        QCOMPARE(repo.loadAll()->at(0), elsewhere); // record and IPs as the other writer left them

        QVERIFY(repo.remove(kNetwork, m.address).ok());
        QCOMPARE(repo.saveIfUnchanged(elsewhere, quint64(1)).error().code, ErrorCode::Conflict); // deleted: stays so
        QVERIFY(repo.loadAll()->isEmpty());
    }

    void migratesVersionOneDatabase()
    {
        m_db.reset();
        TIER_INIT_BACKEND(m_location); // a fresh, empty database again
        {
            Database v1(QStringLiteral("v1"));
            v1.setMigrations({schemaMigrations().constFirst()});
            QVERIFY(v1.open(m_location.uri()).ok());
            QVERIFY(v1.exec(QStringLiteral("INSERT INTO networks (id, creation_time, last_modified)"
                                           " VALUES ('21842fbe0922d490', 0, 0)"))
                        .ok());
            QVERIFY(v1.exec(QStringLiteral("INSERT INTO members (network_id, address, creation_time, last_modified)"
                                           " VALUES ('21842fbe0922d490', '1797d4487f', 0, 0)"))
                        .ok());
            QVERIFY(v1.exec(QStringLiteral("INSERT INTO member_ips (network_id, address, ip, ip_version)"
                                           " VALUES ('21842fbe0922d490', '1797d4487f', '10.0.0.1', 4)"))
                        .ok());
        }
        m_db = std::make_unique<Database>(QStringLiteral("latest"));
        QVERIFY(m_db->open(m_location.uri()).ok());
        QCOMPARE(m_db->schemaVersion(), latestSchemaVersion());
        QVERIFY(latestSchemaVersion() >= 2);
        auto rows = MemberRepository(*m_db).loadAll();
        QVERIFY(rows.ok());
        QCOMPARE(rows->at(0).ipAssignments, QStringList{QStringLiteral("10.0.0.1")});
        QVERIFY(m_db->exec(QStringLiteral("SELECT address FROM peer_identities")).ok());
    }
};

QTEST_GUILESS_MAIN(TestMemberRepository)
#include "tst_memberrepository.moc"
