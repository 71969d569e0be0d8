// SPDX-License-Identifier: GPL-3.0-or-later
// ControllerNetworkRepository: the one owner of the networks, ip_pools and routes tables (every column,
// including the ones only the API and imports set). The network-ID choice it once shared with the
// removed NetworkRepository is the controller's (tst_networkcontroller: createNetworkSkips…).
#include "core/base/address.h"
#include "core/store/controllernetworkrepository.h"
#include "core/store/database.h"
#include "store/storebackend.h"

#include <QDir>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace tier;

namespace {

const Address kController(0x2cdef7b417ULL); // identities.json[0]
constexpr qint64 kNow = 1700000000000;

QVariant scalar(Database &db, const QString &sql, const QVariantList &values = {})
{
    auto query = db.exec(sql, values);
    if (!query || !query->next())
        return {};
    return query->value(0);
}

void addMember(Database &db, quint64 networkId, const QString &address, bool authorized, bool asked)
{
    const auto inserted =
        db.exec(QStringLiteral("INSERT INTO members (network_id, address, identity, authorized,"
                               " creation_time, last_modified) VALUES (?, ?, ?, ?, ?, ?)"),
                {networkIdToString(networkId), address,
                 asked ? QVariant(address + QStringLiteral(":0:00")) : QVariant(), authorized ? 1 : 0, kNow, kNow});
    QVERIFY2(inserted.ok(), qPrintable(inserted ? QString() : inserted.error().message));
}

quint64 idOf(quint32 number)
{
    return (kController.toInt() << 24) | number;
}

ControllerNetworkRow plainRow(quint64 id, const QString &name)
{
    ControllerNetworkRow row;
    row.record.id = id;
    row.record.name = name;
    row.record.creationTime = kNow;
    row.record.lastModified = kNow;
    return row;
}

/// Every column set to something other than its default.
ControllerNetworkRow fullRow(quint64 id)
{
    ControllerNetworkRow row = plainRow(id, QStringLiteral("full"));
    NetworkRecord &r = row.record;
    r.description = QStringLiteral("Büro Hamburg\n\tetage 3 – 'quoted' \"text\"");
    r.isPrivate = false;
    r.enableBroadcast = false;
    r.multicastLimit = 64;
    r.mtu = 2700;
    r.v4AssignZt = true;
    r.v6AssignRfc4193 = true;
    r.v6AssignZt = true;
    r.v6Assign6plane = true;
    r.rulesJson = QStringLiteral("[{\"not\":false,\"or\":false,\"type\":\"ACTION_DROP\"}]");
    r.rulesSource = QStringLiteral("drop;");
    r.capabilitiesJson = QStringLiteral("[{\"id\":1,\"rules\":[]}]");
    r.tagsJson = QStringLiteral("[{\"id\":100,\"default\":0}]");
    r.authTokensJson = QStringLiteral("{\"join-me\":0}");
    r.dnsDomain = QStringLiteral("lab.example");
    r.dnsServersJson = QStringLiteral("[\"10.0.0.53\"]");
    r.remoteTraceTarget = QStringLiteral("0123456789");
    r.remoteTraceLevel = 2;
    r.ssoEnabled = true;
    r.ssoClientId = QStringLiteral("client");
    r.ssoAuthorizationEndpoint = QStringLiteral("https://sso.example/auth");
    r.revision = 7;
    r.lastModified = kNow + 9;
    row.certificateTimeoutWindow = 600000;
    row.pools = {PoolRow{QStringLiteral("10.0.0.10"), QStringLiteral("10.0.0.20"), 4},
                 PoolRow{QStringLiteral("fd00::1"), QStringLiteral("fd00::ff"), 6}};
    row.routes = {RouteRow{QStringLiteral("10.0.0.0"), 24, QString(), 0, 0, 4},
                  RouteRow{QStringLiteral("192.168.5.0"), 24, QStringLiteral("10.0.0.2"), 0, 5, 4}};
    return row;
}

void compareRecords(const NetworkRecord &a, const NetworkRecord &b)
{
    QCOMPARE(a.id, b.id);
    QCOMPARE(a.name, b.name);
    QCOMPARE(a.description, b.description);
    QCOMPARE(a.isPrivate, b.isPrivate);
    QCOMPARE(a.enableBroadcast, b.enableBroadcast);
    QCOMPARE(a.multicastLimit, b.multicastLimit);
    QCOMPARE(a.mtu, b.mtu);
    QCOMPARE(a.v4AssignZt, b.v4AssignZt);
    QCOMPARE(a.v6AssignRfc4193, b.v6AssignRfc4193);
    QCOMPARE(a.v6AssignZt, b.v6AssignZt);
    QCOMPARE(a.v6Assign6plane, b.v6Assign6plane);
    QCOMPARE(a.rulesJson, b.rulesJson);
    QCOMPARE(a.rulesSource, b.rulesSource);
    QCOMPARE(a.capabilitiesJson, b.capabilitiesJson);
    QCOMPARE(a.tagsJson, b.tagsJson);
    QCOMPARE(a.authTokensJson, b.authTokensJson);
    QCOMPARE(a.dnsDomain, b.dnsDomain);
    QCOMPARE(a.dnsServersJson, b.dnsServersJson);
    QCOMPARE(a.remoteTraceTarget, b.remoteTraceTarget);
    QCOMPARE(a.remoteTraceLevel, b.remoteTraceLevel);
    QCOMPARE(a.ssoEnabled, b.ssoEnabled);
    QCOMPARE(a.ssoClientId, b.ssoClientId);
    QCOMPARE(a.ssoAuthorizationEndpoint, b.ssoAuthorizationEndpoint);
    QCOMPARE(a.creationTime, b.creationTime);
    QCOMPARE(a.revision, b.revision);
    QCOMPARE(a.lastModified, b.lastModified);
}

} // namespace

class TestControllerNetworkRepository : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data() { test::addBackendRows(); }
    void init()
    {
        TIER_INIT_BACKEND(m_location);
        m_db = std::make_unique<Database>(QStringLiteral("test"));
        QVERIFY(m_db->open(m_location.uri()).ok());
    }
    void cleanup()
    {
        m_db.reset();
        m_location.drop();
        QVERIFY(QSqlDatabase::connectionNames().isEmpty());
    }

    void insertStoresTheDefaults()
    {
        ControllerNetworkRepository repo(*m_db);
        QVERIFY(repo.insert(plainRow(idOf(0x5), QStringLiteral("lab"))).ok());
        const auto rows = repo.loadAll();
        QVERIFY(rows.ok());
        QCOMPARE(rows->size(), 1);
        const NetworkRecord &r = rows->at(0).record;
        QCOMPARE(controllerOf(r.id), kController);
        QCOMPARE(r.name, QStringLiteral("lab"));
        QCOMPARE(r.description, QString());
        QCOMPARE(r.isPrivate, true);
        QCOMPARE(r.enableBroadcast, true);
        QCOMPARE(r.mtu, 2800);
        QCOMPARE(r.multicastLimit, 32);
        QCOMPARE(r.v4AssignZt, false);
        QCOMPARE(r.v6AssignRfc4193, false);
        QCOMPARE(r.rulesJson, QStringLiteral("[{\"not\":false,\"or\":false,\"type\":\"ACTION_ACCEPT\"}]"));
        QCOMPARE(r.authTokensJson, QStringLiteral("{}"));
        QCOMPARE(r.remoteTraceTarget, QString());
        QCOMPARE(r.revision, quint64(0));
        QCOMPARE(r.creationTime, kNow);
        QCOMPARE(rows->at(0).certificateTimeoutWindow, qint64(0));

        // Stored as 16 lower-case hex digits, the form the API and the other tables use; no trace target is NULL.
        QCOMPARE(scalar(*m_db, QStringLiteral("SELECT id FROM networks")).toString(), networkIdToString(r.id));
        QVERIFY(scalar(*m_db, QStringLiteral("SELECT remote_trace_target FROM networks")).isNull());
        QVERIFY(scalar(*m_db, QStringLiteral("SELECT certificate_timeout_window FROM networks")).isNull());
        // No description is the empty text, never NULL (the column is NOT NULL, like an upgraded row's).
        QCOMPARE(scalar(*m_db, QStringLiteral("SELECT description FROM networks")).toString(), QStringLiteral(""));
        QVERIFY(!scalar(*m_db, QStringLiteral("SELECT description FROM networks")).isNull());
    }

    void everyColumnRoundTrips()
    {
        ControllerNetworkRepository repo(*m_db);
        const ControllerNetworkRow full = fullRow(idOf(0x42));
        QVERIFY(repo.insert(full).ok());
        auto rows = repo.loadAll();
        QVERIFY(rows.ok());
        QCOMPARE(rows->size(), 1);
        compareRecords(rows->at(0).record, full.record);
        QCOMPARE(rows->at(0).certificateTimeoutWindow, full.certificateTimeoutWindow);
        QCOMPARE(rows->at(0).pools.size(), 2);
        QCOMPARE(rows->at(0).pools[1].start, QStringLiteral("fd00::1"));
        QCOMPARE(rows->at(0).pools[1].ipVersion, 6);
        QCOMPARE(rows->at(0).routes.size(), 2);
        QCOMPARE(rows->at(0).routes[0].via, QString());
        QCOMPARE(rows->at(0).routes[1].via, QStringLiteral("10.0.0.2"));
        QCOMPARE(rows->at(0).routes[1].metric, 5);

        // update() rewrites every column too, the ones only the API and imports set included.
        ControllerNetworkRow plain = plainRow(full.record.id, QStringLiteral("plain"));
        plain.record.authTokensJson.clear(); // stored as its default
        QVERIFY(repo.update(plain).ok());
        rows = repo.loadAll();
        QVERIFY(rows.ok());
        plain.record.authTokensJson = QStringLiteral("{}");
        compareRecords(rows->at(0).record, plain.record);
        QVERIFY(rows->at(0).pools.isEmpty());
        QVERIFY(rows->at(0).routes.isEmpty());
        QVERIFY(scalar(*m_db, QStringLiteral("SELECT remote_trace_target FROM networks")).isNull());

        QVERIFY(repo.update(full).ok());
        rows = repo.loadAll();
        QVERIFY(rows.ok());
        compareRecords(rows->at(0).record, full.record);
        QCOMPARE(rows->at(0).pools.size(), 2);
    }

    void insertRefusesAnExistingId()
    {
        ControllerNetworkRepository repo(*m_db);
        QVERIFY(repo.insert(plainRow(idOf(0x7), QStringLiteral("first"))).ok());
        const Status again = repo.insert(plainRow(idOf(0x7), QStringLiteral("second")));
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code, ErrorCode::Conflict);
        QCOMPARE(repo.loadAll()->at(0).record.name, QStringLiteral("first"));
    }

    void loadAllIsOrderedById()
    {
        ControllerNetworkRepository repo(*m_db);
        for (quint32 number : {0x300u, 0x100u, 0x200u})
            QVERIFY(repo.insert(plainRow(idOf(number), QString::number(number, 16))).ok());
        const auto rows = repo.loadAll();
        QVERIFY(rows.ok());
        QCOMPARE(rows->size(), 3);
        QCOMPARE(rows->at(0).record.name, QStringLiteral("100"));
        QCOMPARE(rows->at(1).record.name, QStringLiteral("200"));
        QCOMPARE(rows->at(2).record.name, QStringLiteral("300"));
    }

    void missingNetworksAreNotFound()
    {
        ControllerNetworkRepository repo(*m_db);
        const quint64 absent = idOf(0xabcdef);
        QCOMPARE(repo.update(plainRow(absent, QStringLiteral("x"))).error().code, ErrorCode::NotFound);
        QCOMPARE(repo.remove(absent).error().code, ErrorCode::NotFound);
        QVERIFY(repo.remove(absent).error().message.contains(QStringLiteral("2cdef7b417abcdef")));
        QCOMPARE(scalar(*m_db, QStringLiteral("SELECT COUNT(*) FROM networks")).toInt(), 0);
    }

    void removeCascadesToEverythingOfTheNetwork()
    {
        ControllerNetworkRepository repo(*m_db);
        const quint64 gone = idOf(0x1);
        const quint64 kept = idOf(0x2);
        for (const quint64 id : {gone, kept}) {
            ControllerNetworkRow row = plainRow(id, QStringLiteral("n"));
            row.pools = {PoolRow{QStringLiteral("10.0.0.1"), QStringLiteral("10.0.0.254"), 4}};
            row.routes = {RouteRow{QStringLiteral("10.0.0.0"), 24, QString(), 0, 0, 4}};
            QVERIFY(repo.insert(row).ok());
            const QString nwid = networkIdToString(id);
            addMember(*m_db, id, QStringLiteral("1111111111"), true, true);
            QVERIFY(m_db->exec(QStringLiteral("INSERT INTO member_ips (network_id, address, ip, ip_version)"
                                              " VALUES (?, '1111111111', '10.0.0.1', 4)"),
                               {nwid})
                        .ok());
            QVERIFY(m_db->exec(QStringLiteral("INSERT INTO member_status (network_id, address, last_seen)"
                                              " VALUES (?, '1111111111', 1)"),
                               {nwid})
                        .ok());
        }
        QVERIFY(repo.remove(gone).ok());
        QCOMPARE(repo.remove(gone).error().code, ErrorCode::NotFound);
        for (const char *table : {"members", "member_ips", "member_status", "ip_pools", "routes"}) {
            const QString sql = QStringLiteral("SELECT COUNT(*) FROM ") + QLatin1String(table) +
                                QStringLiteral(" WHERE network_id = ?");
            QCOMPARE(scalar(*m_db, sql, {networkIdToString(gone)}).toInt(), 0);
            QCOMPARE(scalar(*m_db, sql, {networkIdToString(kept)}).toInt(), 1);
        }
    }

    void writesAreTransactionalWithCaller()
    {
        ControllerNetworkRepository repo(*m_db);
        const Status outer = m_db->transaction([&]() -> Status {
            if (Status inserted = repo.insert(fullRow(idOf(0x9))); !inserted)
                return inserted;
            return makeError(ErrorCode::Conflict, QStringLiteral("abort"));
        });
        QVERIFY(!outer.ok());
        QCOMPARE(repo.loadAll()->size(), 0);
        QCOMPARE(scalar(*m_db, QStringLiteral("SELECT COUNT(*) FROM ip_pools")).toInt(), 0);
    }

private:
    test::TestDatabaseLocation m_location;
    std::unique_ptr<Database> m_db;
};

QTEST_GUILESS_MAIN(TestControllerNetworkRepository)
#include "tst_controllernetworkrepository.moc"
