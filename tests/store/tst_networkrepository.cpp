// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/database.h"
#include "core/store/networkrepository.h"
#include "store/storebackend.h"

#include <QDir>
#include <QSet>
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

} // namespace

class TestNetworkRepository : public QObject
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

    void createUsesControllerAddressAndDefaults()
    {
        NetworkRepository repo(*m_db);
        const auto created = repo.create(kController, QStringLiteral("lab"), kNow);
        QVERIFY2(created.ok(), qPrintable(created ? QString() : created.error().message));
        QCOMPARE(controllerOf(created->id), kController);
        QVERIFY((created->id & 0xffffff) != 0);
        QVERIFY(networkIdToString(created->id).startsWith(QStringLiteral("2cdef7b417")));
        QCOMPARE(created->name, QStringLiteral("lab"));
        QCOMPARE(created->isPrivate, true);
        QCOMPARE(created->enableBroadcast, true);
        QCOMPARE(created->mtu, 2800);
        QCOMPARE(created->multicastLimit, 32);
        QCOMPARE(created->v4AssignZt, false);
        QCOMPARE(created->v6AssignRfc4193, false);
        QCOMPARE(created->rulesJson, QStringLiteral("[{\"not\":false,\"or\":false,\"type\":\"ACTION_ACCEPT\"}]"));
        QCOMPARE(created->revision, quint64(0));
        QCOMPARE(created->creationTime, kNow);
        QCOMPARE(created->memberCount, 0);

        // Stored as 16 lower-case hex digits, the form the API and the other tables use.
        QCOMPARE(scalar(*m_db, QStringLiteral("SELECT id FROM networks")).toString(), networkIdToString(created->id));
    }

    void createPicksDistinctRandomNumbers()
    {
        NetworkRepository repo(*m_db);
        QSet<quint64> ids;
        for (int i = 0; i < 40; ++i) {
            const auto created = repo.create(kController, QStringLiteral("n%1").arg(i), kNow);
            QVERIFY(created.ok());
            QCOMPARE(controllerOf(created->id), kController);
            ids.insert(created->id);
        }
        QCOMPARE(ids.size(), 40);
        QCOMPARE(repo.list()->size(), 40);
    }

    void createSkipsZeroAndTakenNumbers()
    {
        NetworkRepository repo(*m_db);
        QList<quint32> numbers{5, 5, 0, 0x1000000 /* wraps to 0 */, 7};
        repo.setNumberSource([&numbers] { return numbers.isEmpty() ? 9u : numbers.takeFirst(); });
        const auto first = repo.create(kController, QString(), kNow);
        const auto second = repo.create(kController, QString(), kNow);
        QVERIFY(first.ok() && second.ok());
        QCOMPARE(first->id, (kController.toInt() << 24) | 5);
        QCOMPARE(second->id, (kController.toInt() << 24) | 7);
    }

    void createGivesUpWhenNoNumberIsFree()
    {
        NetworkRepository repo(*m_db);
        repo.setNumberSource([] { return 0u; });
        const auto created = repo.create(kController, QString(), kNow);
        QVERIFY(!created.ok());
        QCOMPARE(created.error().code, ErrorCode::Conflict);
        QCOMPARE(scalar(*m_db, QStringLiteral("SELECT COUNT(*) FROM networks")).toInt(), 0);
    }

    void createRefusesReservedControllerAddress()
    {
        NetworkRepository repo(*m_db);
        QVERIFY(!repo.create(Address(), QStringLiteral("x"), kNow).ok());
        QVERIFY(!repo.create(Address(0xff00000001ULL), QStringLiteral("x"), kNow).ok());
    }

    void namesAreValidated()
    {
        NetworkRepository repo(*m_db);
        QVERIFY(repo.create(kController, QString(127, u'a'), kNow).ok());
        QCOMPARE(repo.create(kController, QString(128, u'a'), kNow).error().code, ErrorCode::TooLarge);
        // 64 × "é" is 128 bytes in UTF-8 though only 64 characters.
        QCOMPARE(repo.create(kController, QString(64, QChar(0xe9)), kNow).error().code, ErrorCode::TooLarge);
        QCOMPARE(repo.create(kController, QStringLiteral("two\nlines"), kNow).error().code, ErrorCode::Malformed);
        QCOMPARE(repo.list()->size(), 1);
    }

    void listIsOrderedAndCountsMembers()
    {
        NetworkRepository repo(*m_db);
        QList<quint32> numbers{0x300, 0x100, 0x200};
        repo.setNumberSource([&numbers] { return numbers.takeFirst(); });
        const quint64 c = repo.create(kController, QStringLiteral("c"), kNow)->id;
        const quint64 a = repo.create(kController, QStringLiteral("a"), kNow)->id;
        QVERIFY(repo.create(kController, QStringLiteral("b"), kNow));
        addMember(*m_db, a, QStringLiteral("1111111111"), true, true);
        addMember(*m_db, a, QStringLiteral("2222222222"), false, true);  // asked, waiting
        addMember(*m_db, a, QStringLiteral("3333333333"), false, false); // created, never asked
        addMember(*m_db, a, QStringLiteral("4444444444"), true, false);  // pre-authorized
        addMember(*m_db, c, QStringLiteral("1111111111"), false, true);

        const auto list = repo.list();
        QVERIFY(list.ok());
        QCOMPARE(list->size(), 3);
        QCOMPARE(list->at(0).name, QStringLiteral("a"));
        QCOMPARE(list->at(1).name, QStringLiteral("b"));
        QCOMPARE(list->at(2).name, QStringLiteral("c"));
        QCOMPARE(list->at(0).memberCount, 4);
        QCOMPARE(list->at(0).authorizedCount, 2);
        QCOMPARE(list->at(0).pendingCount, 1);
        QCOMPARE(list->at(1).memberCount, 0);
        QCOMPARE(list->at(2).memberCount, 1);
        QCOMPARE(list->at(2).pendingCount, 1);
        QCOMPARE(repo.find(c)->pendingCount, 1);
    }

    void renameBumpsRevisionOnlyOnChange()
    {
        NetworkRepository repo(*m_db);
        const quint64 id = repo.create(kController, QStringLiteral("old"), kNow)->id;
        const auto renamed = repo.rename(id, QStringLiteral("new"), kNow + 5);
        QVERIFY(renamed.ok());
        QCOMPARE(renamed->name, QStringLiteral("new"));
        QCOMPARE(renamed->revision, quint64(1));
        QCOMPARE(renamed->lastModified, kNow + 5);
        QCOMPARE(renamed->creationTime, kNow);
        const auto same = repo.rename(id, QStringLiteral("new"), kNow + 9);
        QVERIFY(same.ok());
        QCOMPARE(same->revision, quint64(1));
        QCOMPARE(same->lastModified, kNow + 5);
        QCOMPARE(repo.rename(id, QString(200, u'x'), kNow).error().code, ErrorCode::TooLarge);
        QCOMPARE(repo.find(id)->name, QStringLiteral("new"));
    }

    void missingNetworksAreNotFound()
    {
        NetworkRepository repo(*m_db);
        const quint64 absent = (kController.toInt() << 24) | 0xabcdef;
        QCOMPARE(repo.find(absent).error().code, ErrorCode::NotFound);
        QCOMPARE(repo.rename(absent, QStringLiteral("x"), kNow).error().code, ErrorCode::NotFound);
        QCOMPARE(repo.remove(absent).error().code, ErrorCode::NotFound);
        QVERIFY(repo.find(absent).error().message.contains(QStringLiteral("2cdef7b417abcdef")));
    }

    void removeCascadesToEverythingOfTheNetwork()
    {
        NetworkRepository repo(*m_db);
        const quint64 gone = repo.create(kController, QStringLiteral("gone"), kNow)->id;
        const quint64 kept = repo.create(kController, QStringLiteral("kept"), kNow)->id;
        for (const quint64 id : {gone, kept}) {
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
            QVERIFY(m_db->exec(QStringLiteral("INSERT INTO ip_pools (network_id, position, range_start, range_end,"
                                              " ip_version) VALUES (?, 0, '10.0.0.1', '10.0.0.254', 4)"),
                               {nwid})
                        .ok());
            QVERIFY(m_db->exec(QStringLiteral("INSERT INTO routes (network_id, position, target, target_bits,"
                                              " ip_version) VALUES (?, 0, '10.0.0.0', 24, 4)"),
                               {nwid})
                        .ok());
        }
        QVERIFY(repo.remove(gone).ok());
        QCOMPARE(repo.find(gone).error().code, ErrorCode::NotFound);
        for (const char *table : {"members", "member_ips", "member_status", "ip_pools", "routes"}) {
            const QString sql = QStringLiteral("SELECT COUNT(*) FROM ") + QLatin1String(table) +
                                QStringLiteral(" WHERE network_id = ?");
            QCOMPARE(scalar(*m_db, sql, {networkIdToString(gone)}).toInt(), 0);
            QCOMPARE(scalar(*m_db, sql, {networkIdToString(kept)}).toInt(), 1);
        }
    }

    void writesAreTransactionalWithCaller()
    {
        NetworkRepository repo(*m_db);
        const Status outer = m_db->transaction([&]() -> Status {
            if (auto created = repo.create(kController, QStringLiteral("temp"), kNow); !created)
                return created.error();
            return makeError(ErrorCode::Conflict, QStringLiteral("abort"));
        });
        QVERIFY(!outer.ok());
        QCOMPARE(repo.list()->size(), 0);
    }

private:
    test::TestDatabaseLocation m_location;
    std::unique_ptr<Database> m_db;
};

QTEST_GUILESS_MAIN(TestNetworkRepository)
#include "tst_networkrepository.moc"
