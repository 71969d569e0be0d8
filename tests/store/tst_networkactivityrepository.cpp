// SPDX-License-Identifier: GPL-3.0-or-later
// The activity chart's data (network_activity): one-minute samples folded into five-minute buckets,
// older than a day removed, gone with the network; on SQLite and PostgreSQL.
#include "core/store/controllernetworkrepository.h"
#include "core/store/database.h"
#include "core/store/networkactivityrepository.h"
#include "store/storebackend.h"

#include <QSqlDatabase>
#include <QtTest>

using namespace tier;

namespace {

constexpr quint64 kNetwork = 0x21842fbe0922d490ULL;
constexpr quint64 kOther = 0x21842fbe0922d491ULL;
constexpr qint64 kMinute = 60 * 1000;

ControllerNetworkRow network(quint64 id)
{
    ControllerNetworkRow row;
    row.record.id = id;
    row.record.name = QStringLiteral("lab");
    row.record.creationTime = 1;
    row.record.lastModified = 1;
    return row;
}

} // namespace

class TestNetworkActivityRepository : public QObject
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
        m_db = std::make_unique<Database>(QStringLiteral("activity"));
        QVERIFY(m_db->open(m_location.uri()).ok());
        QVERIFY(ControllerNetworkRepository(*m_db).insert(network(kNetwork)).ok());
        QVERIFY(ControllerNetworkRepository(*m_db).insert(network(kOther)).ok());
    }
    void cleanup()
    {
        m_db.reset();
        m_location.drop();
        QVERIFY(QSqlDatabase::connectionNames().isEmpty());
    }

    void foldsMinutesIntoBuckets()
    {
        NetworkActivityRepository repo(*m_db);
        const qint64 t0 = NetworkActivityRepository::bucketStart(1765000000000);
        // Five minutes in the first bucket, two in the next.
        const int online[] = {3, 7, 5, 2, 4, 1, 6};
        for (int i = 0; i < 7; ++i)
            QVERIFY(repo.record({{kNetwork, online[i], 10 + i}, {kOther, 1, 1}}, t0 + i * kMinute).ok());
        const auto buckets = repo.buckets(kNetwork, t0);
        QVERIFY(buckets.ok());
        QCOMPARE(buckets->size(), 2);
        QCOMPARE(buckets->at(0), (ActivityBucket{kNetwork, t0, 7, 10 + 11 + 12 + 13 + 14, 5}));
        QCOMPARE(buckets->at(1), (ActivityBucket{kNetwork, t0 + NetworkActivityRepository::BucketMs, 6, 15 + 16, 2}));
        QCOMPARE(buckets->at(0).requestsPerMinute(), 12.0);
        QCOMPARE(repo.buckets(kOther, t0)->size(), 2);
        QCOMPARE(repo.buckets(kNetwork, t0 + NetworkActivityRepository::BucketMs)->size(), 1);
    }

    void keepsOneDayAndGoesWithTheNetwork()
    {
        NetworkActivityRepository repo(*m_db);
        const qint64 t0 = NetworkActivityRepository::bucketStart(1765000000000);
        QVERIFY(repo.record({{kNetwork, 1, 1}, {kOther, 1, 1}}, t0).ok());
        QVERIFY(repo.record({{kNetwork, 2, 2}}, t0 + NetworkActivityRepository::KeptMs / 2).ok());
        // A day after the first bucket: it is removed, the one from half a day ago stays.
        QVERIFY(repo.record({{kNetwork, 3, 3}}, t0 + NetworkActivityRepository::KeptMs + NetworkActivityRepository::BucketMs)
                    .ok());
        const auto buckets = repo.buckets(kNetwork, 0);
        QCOMPARE(buckets->size(), 2);
        QCOMPARE(buckets->first().onlineMax, 2);
        QVERIFY(repo.buckets(kOther, 0)->isEmpty()); // pruned for every network
        QVERIFY(ControllerNetworkRepository(*m_db).remove(kNetwork).ok());
        QVERIFY(repo.buckets(kNetwork, 0)->isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestNetworkActivityRepository)
#include "tst_networkactivityrepository.moc"
