// SPDX-License-Identifier: GPL-3.0-or-later
// A member's recent changes (member_events): newest first, several in one millisecond kept in order,
// bounded per member, gone with the member; on SQLite and PostgreSQL.
#include "core/store/controllernetworkrepository.h"
#include "core/store/database.h"
#include "core/store/membereventrepository.h"
#include "core/store/memberrepository.h"
#include "store/storebackend.h"

#include <QSqlDatabase>
#include <QtTest>

using namespace tier;

namespace {

constexpr quint64 kNetwork = 0x21842fbe0922d490ULL;
const Address kMember(0x1797d4487fULL);
const Address kOther(0x2222222222ULL);

ControllerNetworkRow network()
{
    ControllerNetworkRow row;
    row.record.id = kNetwork;
    row.record.name = QStringLiteral("lab");
    row.record.creationTime = 1;
    row.record.lastModified = 1;
    return row;
}

MemberRow member(Address address)
{
    MemberRow m;
    m.networkId = kNetwork;
    m.address = address;
    m.creationTime = 5;
    m.lastModified = 5;
    return m;
}

MemberEventRow change(Address address, qint64 time, const QString &kind, const QString &source,
                     const QString &detail = QString())
{
    return {kNetwork, address, time, kind, source, detail};
}

} // namespace

class TestMemberEventRepository : public QObject
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
        m_db = std::make_unique<Database>(QStringLiteral("events"));
        QVERIFY(m_db->open(m_location.uri()).ok());
        QVERIFY(ControllerNetworkRepository(*m_db).insert(network()).ok());
        QVERIFY(MemberRepository(*m_db).save(member(kMember)).ok());
        QVERIFY(MemberRepository(*m_db).save(member(kOther)).ok());
    }
    void cleanup()
    {
        m_db.reset();
        m_location.drop();
        QVERIFY(QSqlDatabase::connectionNames().isEmpty());
    }

    void newestFirstAndOrderWithinMillisecond()
    {
        MemberEventRepository repo(*m_db);
        QVERIFY(repo.append({change(kMember, 100, MemberEventRow::Authorized, MemberEventRow::ByWindow)}).ok());
        // One edit: authorized and an address in the same millisecond, in that order.
        QVERIFY(repo.append({change(kMember, 200, MemberEventRow::Deauthorized, MemberEventRow::ByApi),
                             change(kMember, 200, MemberEventRow::IpsChanged, MemberEventRow::ByApi,
                                   QStringLiteral("10.0.0.5, fd00::5"))})
                    .ok());
        QVERIFY(repo.append({change(kOther, 150, MemberEventRow::Authorized, MemberEventRow::ByImport)}).ok());
        const auto rows = repo.recent(kNetwork, kMember);
        QVERIFY(rows.ok());
        QCOMPARE(rows->size(), 3);
        QCOMPARE(rows->at(0), change(kMember, 200, MemberEventRow::IpsChanged, MemberEventRow::ByApi,
                                    QStringLiteral("10.0.0.5, fd00::5")));
        QCOMPARE(rows->at(1).kind, MemberEventRow::Deauthorized);
        QCOMPARE(rows->at(2), change(kMember, 100, MemberEventRow::Authorized, MemberEventRow::ByWindow,
                                    QStringLiteral("")));
        QCOMPARE(repo.recent(kNetwork, kOther)->size(), 1);
        QCOMPARE(repo.recent(kNetwork, kMember, 1)->size(), 1);
    }

    void keepsOnlyTheNewestPerMember()
    {
        MemberEventRepository repo(*m_db);
        for (int i = 0; i < MemberEventRepository::KeptPerMember + 20; ++i)
            QVERIFY(repo.append({change(kMember, 1000 + i, MemberEventRow::IpsChanged, MemberEventRow::ByController,
                                       QStringLiteral("10.0.0.%1").arg(i))})
                        .ok());
        QVERIFY(repo.append({change(kOther, 5, MemberEventRow::Authorized, MemberEventRow::ByWindow)}).ok());
        const auto rows = repo.recent(kNetwork, kMember, 1000);
        QVERIFY(rows.ok());
        QCOMPARE(rows->size(), MemberEventRepository::KeptPerMember);
        QCOMPARE(rows->first().time, qint64(1000 + MemberEventRepository::KeptPerMember + 19));
        QCOMPARE(rows->last().time, qint64(1000 + 20));
        QCOMPARE(repo.recent(kNetwork, kOther)->size(), 1); // other members untouched
    }

    void appendFirstNumbersByPosition()
    {
        MemberEventRepository repo(*m_db);
        QVERIFY(repo.appendFirst({change(kMember, 7, MemberEventRow::Authorized, MemberEventRow::ByImport),
                                  change(kMember, 7, MemberEventRow::IpsChanged, MemberEventRow::ByImport,
                                        QStringLiteral("10.0.0.9"))})
                    .ok());
        const auto rows = repo.recent(kNetwork, kMember);
        QCOMPARE(rows->size(), 2);
        QCOMPARE(rows->at(0).kind, MemberEventRow::IpsChanged);
        QCOMPARE(rows->at(1).kind, MemberEventRow::Authorized);
    }

    void goneWithTheMember()
    {
        MemberEventRepository repo(*m_db);
        QVERIFY(repo.append({change(kMember, 1, MemberEventRow::Authorized, MemberEventRow::ByWindow)}).ok());
        QVERIFY(MemberRepository(*m_db).remove(kNetwork, kMember).ok());
        QVERIFY(repo.recent(kNetwork, kMember)->isEmpty());
        // A member of that address added again starts without the old history.
        QVERIFY(MemberRepository(*m_db).save(member(kMember)).ok());
        QVERIFY(repo.recent(kNetwork, kMember)->isEmpty());
    }

    void refusedForUnknownMemberAndNothingChanges()
    {
        MemberEventRepository repo(*m_db);
        const Status refused =
            repo.append({change(kMember, 1, MemberEventRow::Authorized, MemberEventRow::ByWindow),
                         change(Address(0x3333333333ULL), 1, MemberEventRow::Authorized, MemberEventRow::ByWindow)});
        QVERIFY(!refused.ok()); // foreign key: no such member
        QVERIFY(repo.recent(kNetwork, kMember)->isEmpty()); // the whole batch rolled back
    }
};

QTEST_GUILESS_MAIN(TestMemberEventRepository)
#include "tst_membereventrepository.moc"
