// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/vectors.h"
#include "core/crypto/identity.h"
#include "core/crypto/primitives.h"
#include "core/store/controlleridentityrepository.h"
#include "core/store/controllernetworkrepository.h"
#include "core/store/database.h"
#include "core/store/databasecopy.h"
#include "core/store/memberrepository.h"
#include "core/store/peeridentityrepository.h"
#include "core/store/settingsrepository.h"
#include "store/storebackend.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QtTest>

using namespace tier;

namespace {

constexpr quint64 kNetworkA = 0x21842fbe0922d490ULL;
constexpr quint64 kNetworkB = 0xfedcba9876543210ULL; // top bit set: the full unsigned 64 bits

Identity vectorIdentity(int index, bool secret)
{
    const QJsonObject o = test::loadVectorJson(QStringLiteral("identities.json"))
                              .value(QStringLiteral("identities"))
                              .toArray()
                              .at(index)
                              .toObject();
    return Identity::fromString(
               o.value(secret ? QStringLiteral("secret_string") : QStringLiteral("public_string")).toString())
        .value();
}

ControllerNetworkRow network(quint64 id, const QString &name)
{
    ControllerNetworkRow row;
    row.record.id = id;
    row.record.name = name;
    row.record.isPrivate = id == kNetworkA;
    row.record.v6AssignRfc4193 = true;
    row.record.creationTime = 1700000000123;
    row.record.lastModified = 1700000000999;
    row.record.revision = 0x7fffffffffffffffULL; // largest revision a BIGINT holds
    row.record.dnsDomain = QStringLiteral("lab.example");
    row.record.dnsServersJson = QStringLiteral("[\"10.0.0.1\",\"fd00::1\"]");
    row.certificateTimeoutWindow = id == kNetworkA ? 600000 : 0; // 0 = NULL
    row.pools = {PoolRow{QStringLiteral("10.0.0.10"), QStringLiteral("10.0.0.250"), 4},
                 PoolRow{QStringLiteral("fd00::1"), QStringLiteral("fd00::ffff"), 6}};
    row.routes = {RouteRow{QStringLiteral("10.0.0.0"), 24, QString(), 0, 0, 4},
                  RouteRow{QStringLiteral("192.168.0.0"), 16, QStringLiteral("10.0.0.1"), 0, 5, 4}};
    return row;
}

// A controller with every kind of value the schema holds: NULLs, empty texts, non-ASCII text,
// 64-bit numbers, bytes with zeros, JSON.
void fill(Database &db)
{
    QVERIFY(ControllerIdentityRepository(db).save(vectorIdentity(0, true), 1700000000000).ok());
    QVERIFY(SettingsRepository(db).setValue(QStringLiteral("ui.language"), QStringLiteral("de")).ok());
    QVERIFY(SettingsRepository(db).setValue(QStringLiteral("empty"), QString()).ok());
    QVERIFY(PeerIdentityRepository(db).remember(vectorIdentity(1, false), 42).ok());
    ControllerNetworkRepository networks(db);
    QVERIFY(networks.insert(network(kNetworkA, QStringLiteral("Büro — Köln ☕"))).ok());
    QVERIFY(networks.insert(network(kNetworkB, QString())).ok());

    MemberRepository members(db);
    QList<MemberStatusRow> status;
    for (int i = 0; i < 40; ++i) {
        MemberRow m;
        m.networkId = i % 3 == 0 ? kNetworkB : kNetworkA;
        m.address = Address(0x1000000000ULL + quint64(i) * 0x1111);
        m.identity = i % 4 == 0 ? QString() : QStringLiteral("%1:0:%2").arg(m.address.toString(), QString(64, u'a'));
        m.authorized = i % 2 == 0;
        m.activeBridge = i == 5;
        m.name = i % 5 == 0 ? QString() : QStringLiteral("host-%1 ü").arg(i);
        m.description = i == 7 ? QStringLiteral("quotes ' \" and \\ back\nslash") : QString();
        m.tagsJson = QStringLiteral("[[1,%1]]").arg(i);
        m.creationTime = 1700000000000 + i;
        m.revision = quint64(i) * 1000000007ULL;
        m.lastAuthorizedTime = i;
        m.lastAuthorizedCredentialType = i % 2 ? QStringLiteral("api") : QString();
        m.vMajor = 1;
        m.vMinor = 14;
        m.vRev = i;
        m.vProto = 13;
        m.lastModified = 1700000000500 + i;
        if (i % 3 != 0)
            m.ipAssignments = {QStringLiteral("10.0.0.%1").arg(100 - i), QStringLiteral("fd00::%1").arg(i)};
        QVERIFY(members.save(m).ok());

        MemberStatusRow s;
        s.networkId = m.networkId;
        s.address = m.address;
        s.lastSeen = 1700000001000 + i;
        s.lastRequestTime = 1700000002000 + i;
        s.physicalAddress = i % 2 ? QStringLiteral("127.0.0.1/%1").arg(9993 + i) : QString();
        s.clientVersion = QStringLiteral("1.14.%1").arg(i);
        s.requestCount = quint64(i) << 33;
        s.lastRequestMetadata = i % 2 ? QByteArray("a=1\n\0b=\xff\x00", 10) : QByteArray();
        s.recentHistoryJson = QStringLiteral("[{\"t\":%1}]").arg(i);
        status.append(s);
    }
    QVERIFY(members.saveStatus(status).ok());
}

void compareEveryRow(Database &a, Database &b)
{
    for (const QString &table : DatabaseCopy::dataTables()) {
        auto left = DatabaseCopy::canonicalRows(a, table);
        auto right = DatabaseCopy::canonicalRows(b, table);
        QVERIFY2(left.ok() && right.ok(), qPrintable(table));
        QCOMPARE(right->size(), left->size());
        for (qsizetype i = 0; i < left->size(); ++i)
            QCOMPARE(right->at(i), left->at(i));
    }
    // And as the engine reads them back.
    QCOMPARE(MemberRepository(b).loadAll().value(), MemberRepository(a).loadAll().value());
    QCOMPARE(ControllerIdentityRepository(b).load().value()->toString(true),
             ControllerIdentityRepository(a).load().value()->toString(true));
}

} // namespace

class TestDatabaseCopy : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(crypto::initialize()); }

    void sqliteToSqlite()
    {
        QTemporaryDir dir;
        const auto source = DatabaseUri::sqliteFile(QDir(dir.path()).filePath(QStringLiteral("a.db")));
        const auto target = DatabaseUri::sqliteFile(QDir(dir.path()).filePath(QStringLiteral("b.db")));
        {
            Database db;
            QVERIFY(db.open(source).ok());
            fill(db);
        }
        const auto report = DatabaseCopy::copy(source, target);
        QVERIFY2(report.ok(), qPrintable(report ? QString() : report.error().message));
        QCOMPARE(report->rowsPerTable.value(QStringLiteral("members")), 40);
        QCOMPARE(report->rowsPerTable.value(QStringLiteral("networks")), 2);
        QVERIFY(report->totalRows() > 100);
        Database a;
        Database b;
        QVERIFY(a.open(source).ok());
        QVERIFY(b.open(target).ok());
        compareEveryRow(a, b);
    }

    void sqliteToPostgresAndBack()
    {
        test::TestDatabaseLocation pg;
        if (test::pgServerUri().isEmpty())
            QSKIP(qPrintable(test::pgSkipMessage()));
        const QString created = pg.create(QStringLiteral("postgresql"));
        QVERIFY2(created.isEmpty(), qPrintable(created));
        QTemporaryDir dir;
        const auto original = DatabaseUri::sqliteFile(QDir(dir.path()).filePath(QStringLiteral("controller.db")));
        const auto back = DatabaseUri::sqliteFile(QDir(dir.path()).filePath(QStringLiteral("back.db")));
        {
            Database db;
            QVERIFY(db.open(original).ok());
            fill(db);
        }
        QElapsedTimer timer;
        timer.start();
        auto there = DatabaseCopy::copy(original, pg.uri());
        QVERIFY2(there.ok(), qPrintable(there ? QString() : there.error().message));
        auto again = DatabaseCopy::copy(pg.uri(), back);
        QVERIFY2(again.ok(), qPrintable(again ? QString() : again.error().message));
        qInfo("copied %d rows SQLite → PostgreSQL → SQLite in %lld ms", there->totalRows(), timer.elapsed());
        QCOMPARE(again->rowsPerTable, there->rowsPerTable);
        {
            Database a;
            Database p;
            Database b;
            QVERIFY(a.open(original).ok());
            QVERIFY(p.open(pg.uri()).ok());
            QVERIFY(b.open(back).ok());
            compareEveryRow(a, p);
            compareEveryRow(a, b);
            // Network IDs with the top bit set order like the unsigned numbers on both back ends.
            auto ids = p.exec(QStringLiteral("SELECT id FROM networks ORDER BY id"));
            QVERIFY(ids.ok());
            QStringList order;
            while (ids->next())
                order.append(ids->value(0).toString());
            QCOMPARE(order, (QStringList{networkIdToString(kNetworkA), networkIdToString(kNetworkB)}));
        }
        QVERIFY(QSqlDatabase::connectionNames().isEmpty());
    }

    void refusesTargetWithData()
    {
        QTemporaryDir dir;
        const auto source = DatabaseUri::sqliteFile(QDir(dir.path()).filePath(QStringLiteral("a.db")));
        const auto target = DatabaseUri::sqliteFile(QDir(dir.path()).filePath(QStringLiteral("b.db")));
        {
            Database db;
            QVERIFY(db.open(source).ok());
            fill(db);
            Database other;
            QVERIFY(other.open(target).ok());
            QVERIFY(SettingsRepository(other).setValue(QStringLiteral("mine"), QStringLiteral("1")).ok());
        }
        const auto report = DatabaseCopy::copy(source, target);
        QVERIFY(!report.ok());
        QCOMPARE(report.error().code, ErrorCode::Conflict);
        QVERIFY2(report.error().message.contains(QStringLiteral("settings")), qPrintable(report.error().message));
        Database b;
        QVERIFY(b.open(target).ok());
        QCOMPARE(DatabaseCopy::canonicalRows(b, QStringLiteral("members"))->size(), 0);
        QCOMPARE(DatabaseCopy::canonicalRows(b, QStringLiteral("settings"))->size(), 1);
    }

    void refusesSameDatabaseAndMissingSource()
    {
        QTemporaryDir dir;
        const auto path = DatabaseUri::sqliteFile(QDir(dir.path()).filePath(QStringLiteral("a.db")));
        QCOMPARE(DatabaseCopy::copy(path, path).error().code, ErrorCode::Conflict);
        const auto missing = DatabaseUri::sqliteFile(QDir(dir.path()).filePath(QStringLiteral("absent.db")));
        QCOMPARE(DatabaseCopy::copy(missing, path).error().code, ErrorCode::NotFound);
        QVERIFY(!QFile::exists(path.path));
    }

    void cleanup() { QVERIFY(QSqlDatabase::connectionNames().isEmpty()); }
};

QTEST_GUILESS_MAIN(TestDatabaseCopy)
#include "tst_databasecopy.moc"
