// SPDX-License-Identifier: GPL-3.0-or-later
// The controller's packed member records: whatever goes in comes back out exactly (every column, a
// null text staying null), and the counts and orders it keeps follow every change.
#include "core/controller/memberfields.h"
#include "core/controller/membertable.h"

#include <QTest>

#include <map>

Q_DECLARE_METATYPE(tier::MemberRow)

using namespace tier;

namespace {

constexpr quint64 Network = 0x8056c2e21c000001ULL;

QString keyHex(int seed)
{
    QString hex;
    for (int i = 0; i < 64; ++i)
        hex += QStringLiteral("%1").arg((seed * 37 + i * 11) & 0xff, 2, 16, QLatin1Char('0'));
    return hex;
}

MemberRow typical(quint64 address, int seed = 1)
{
    MemberRow m;
    m.networkId = Network;
    m.address = Address(address);
    m.identity = Address(address).toString() + QStringLiteral(":0:") + keyHex(seed);
    m.authorized = true;
    m.name = QStringLiteral("node-%1").arg(seed);
    m.description = QStringLiteral("");
    m.lastAuthorizedCredentialType = QStringLiteral("api");
    m.creationTime = 1700000000000 + seed;
    m.revision = 3;
    m.lastAuthorizedTime = 1700000001000;
    m.lastModified = 1700000002000;
    m.vMajor = 1;
    m.vMinor = 14;
    m.vRev = 1;
    m.vProto = 12;
    m.ipAssignments = {QStringLiteral("10.0.%1.2").arg(seed & 0xff)};
    return m;
}

// == treats a null and an empty text alike; the store does not (NULL against '').
void compareExactly(const MemberRow &got, const MemberRow &want)
{
    QCOMPARE(got, want);
    QCOMPARE(got.identity.isNull(), want.identity.isNull());
    QCOMPARE(got.name.isNull(), want.name.isNull());
    QCOMPARE(got.description.isNull(), want.description.isNull());
    QCOMPARE(got.tagsJson.isNull(), want.tagsJson.isNull());
    QCOMPARE(got.capabilitiesJson.isNull(), want.capabilitiesJson.isNull());
    QCOMPARE(got.lastAuthorizedCredentialType.isNull(), want.lastAuthorizedCredentialType.isNull());
    QCOMPARE(got.lastAuthorizedCredential.isNull(), want.lastAuthorizedCredential.isNull());
}

} // namespace

class TestMemberTable : public QObject
{
    Q_OBJECT

private slots:
    void typicalRecordReadsBackExactly()
    {
        MemberTable table;
        const MemberRow row = typical(0x1122334455);
        table.insert(row);
        QCOMPARE(table.size(), 1);
        QVERIFY(table.contains(0x1122334455));
        compareExactly(*table.find(0x1122334455), row);
        compareExactly(table.value(0x1122334455), row);
        QVERIFY(!table.find(0x1122334456));
        QCOMPARE(table.value(0x1122334456), MemberRow());
        QCOMPARE(table.ips(0x1122334455), memberfields::ips(row));
    }

    void unusualRecordsReadBackExactly_data()
    {
        QTest::addColumn<MemberRow>("row");
        const quint64 a = 0xaabbccddee;
        auto with = [&](const std::function<void(MemberRow &)> &change) {
            MemberRow m = typical(a);
            change(m);
            return m;
        };
        QTest::newRow("default record") << [] {
            MemberRow m;
            m.networkId = Network;
            m.address = Address(0xaabbccddee);
            return m;
        }();
        QTest::newRow("no identity yet") << with([](MemberRow &m) { m.identity = QString(); });
        QTest::newRow("empty identity text") << with([](MemberRow &m) { m.identity = QStringLiteral(""); });
        QTest::newRow("upper-case identity") << with([](MemberRow &m) { m.identity = m.identity.toUpper(); });
        QTest::newRow("identity of another address")
            << with([](MemberRow &m) { m.identity = QStringLiteral("aabbccddef:0:") + keyHex(4); });
        QTest::newRow("identity with a secret part")
            << with([](MemberRow &m) { m.identity += QStringLiteral(":") + keyHex(5); });
        QTest::newRow("no name") << with([](MemberRow &m) { m.name = QString(); });
        QTest::newRow("empty name") << with([](MemberRow &m) { m.name = QStringLiteral(""); });
        QTest::newRow("name of 22 bytes") << with([](MemberRow &m) { m.name = QString(22, u'x'); });
        QTest::newRow("name of 23 bytes") << with([](MemberRow &m) { m.name = QString(23, u'x'); });
        QTest::newRow("long name") << with([](MemberRow &m) { m.name = QString(300, u'n'); });
        QTest::newRow("non-ASCII name") << with([](MemberRow &m) { m.name = QStringLiteral("Küche ☕ 🖥"); });
        QTest::newRow("lone surrogate in the name")
            << with([](MemberRow &m) { m.name = QStringLiteral("a") + QChar(0xd800) + QStringLiteral("b"); });
        QTest::newRow("null description") << with([](MemberRow &m) { m.description = QString(); });
        QTest::newRow("description") << with([](MemberRow &m) { m.description = QStringLiteral("the printer"); });
        QTest::newRow("tags and capabilities") << with([](MemberRow &m) {
            m.tagsJson = QStringLiteral("[[1,2],[3,4]]");
            m.capabilitiesJson = QStringLiteral("[7]");
        });
        QTest::newRow("null tags text") << with([](MemberRow &m) { m.tagsJson = QString(); });
        QTest::newRow("token authorization") << with([](MemberRow &m) {
            m.lastAuthorizedCredentialType = QStringLiteral("token");
            m.lastAuthorizedCredential = QStringLiteral("secret-token");
        });
        QTest::newRow("public authorization")
            << with([](MemberRow &m) { m.lastAuthorizedCredentialType = QStringLiteral("public"); });
        QTest::newRow("other credential type")
            << with([](MemberRow &m) { m.lastAuthorizedCredentialType = QStringLiteral("sso"); });
        QTest::newRow("no credential type") << with([](MemberRow &m) { m.lastAuthorizedCredentialType = QString(); });
        QTest::newRow("no IPs") << with([](MemberRow &m) { m.ipAssignments.clear(); });
        QTest::newRow("two IPs") << with([](MemberRow &m) {
            m.ipAssignments = {QStringLiteral("10.0.0.9"), QStringLiteral("fd00::1")};
        });
        QTest::newRow("IPv6") << with([](MemberRow &m) { m.ipAssignments = {QStringLiteral("fd12:3456::9")}; });
        QTest::newRow("IP text not in normal form")
            << with([](MemberRow &m) { m.ipAssignments = {QStringLiteral("FD12:3456:0:0:0:0:0:9")}; });
        QTest::newRow("IP text that is no address")
            << with([](MemberRow &m) { m.ipAssignments = {QStringLiteral("not an address")}; });
        QTest::newRow("flags, times, versions") << with([](MemberRow &m) {
            m.authorized = false;
            m.activeBridge = true;
            m.noAutoAssignIps = true;
            m.lastDeauthorizedTime = 1700000009000;
            m.authenticationExpiryTime = 1800000000000;
            m.revision = 0xffffffffffULL;
            m.vMajor = -1;
            m.vProto = 2000000000;
        });
    }

    void unusualRecordsReadBackExactly()
    {
        QFETCH(MemberRow, row);
        MemberTable table;
        table.insert(row);
        compareExactly(*table.find(row.address.toInt()), row);
        QCOMPARE(table.ips(row.address.toInt()), memberfields::ips(row));
        QStringList texts;
        table.forEachIpTexts([&](Address, const QStringList &t) { texts = t; });
        QCOMPARE(texts, row.ipAssignments);
    }

    void countsFollowEveryChange()
    {
        MemberTable table;
        MemberRow pending = typical(0x0000000001, 1);
        pending.authorized = false;
        MemberRow preauthorized = typical(0x0000000002, 2);
        preauthorized.identity = QString(); // authorized before it ever asked
        MemberRow unknown = typical(0x0000000003, 3);
        unknown.authorized = false;
        unknown.identity = QString(); // created by an edit, never asked, not authorized: neither
        table.insert(pending);
        table.insert(preauthorized);
        table.insert(unknown);
        QCOMPARE(table.size(), 3);
        QCOMPARE(table.authorizedCount(), 1);
        QCOMPARE(table.pendingCount(), 1);

        pending.authorized = true; // authorize
        table.insert(pending);
        QCOMPARE(table.size(), 3);
        QCOMPARE(table.authorizedCount(), 2);
        QCOMPARE(table.pendingCount(), 0);

        pending.authorized = false; // deauthorize
        table.insert(pending);
        QCOMPARE(table.authorizedCount(), 1);
        QCOMPARE(table.pendingCount(), 1);

        unknown.identity = typical(0x0000000003, 3).identity; // it asks
        table.insert(unknown);
        QCOMPARE(table.pendingCount(), 2);

        table.remove(0x0000000001);
        table.remove(0x0000000001); // twice: nothing left to count
        table.remove(0x0000000009);
        QCOMPARE(table.size(), 2);
        QCOMPARE(table.authorizedCount(), 1);
        QCOMPARE(table.pendingCount(), 1);
        table.remove(0x0000000002);
        table.remove(0x0000000003);
        QVERIFY(table.isEmpty());
        QCOMPARE(table.authorizedCount(), 0);
        QCOMPARE(table.pendingCount(), 0);
    }

    void walksInAscendingAddressOrder()
    {
        MemberTable table;
        const QList<quint64> inserted{0x50, 0x10, 0xff00000000, 0x30, 0x20};
        for (quint64 a : inserted) {
            MemberRow m = typical(a, int(a & 0xff));
            if (a == 0x30)
                m.ipAssignments.clear();
            m.activeBridge = a == 0x20;
            table.insert(m);
        }
        const QList<quint64> ascending{0x10, 0x20, 0x30, 0x50, 0xff00000000};
        QCOMPARE(table.addresses(), ascending);
        QList<quint64> walked;
        table.forEach([&](const MemberRow &m) {
            QCOMPARE(m.networkId, Network);
            walked.append(m.address.toInt());
        });
        QCOMPARE(walked, ascending);
        QList<quint64> withIps;
        table.forEachIps([&](Address a, const QList<InetAddress> &ips) {
            QCOMPARE(ips.size(), 1);
            withIps.append(a.toInt());
        });
        QCOMPARE(withIps, (QList<quint64>{0x10, 0x20, 0x50, 0xff00000000}));
        QList<quint64> bridges;
        int briefs = 0;
        table.forEachBrief([&](const MemberBrief &b) {
            ++briefs;
            QVERIFY(b.authorized && b.hasIdentity);
            if (b.activeBridge)
                bridges.append(b.address.toInt());
        });
        QCOMPARE(briefs, 5);
        QCOMPARE(bridges, QList<quint64>{0x20});
    }

    void sameRecordComparesLikeRows()
    {
        MemberTable a;
        MemberTable b;
        MemberRow row = typical(0x77, 7);
        row.tagsJson = QStringLiteral("[[1,1]]"); // kept beside the packed record
        a.insert(row);
        b.insert(row);
        QVERIFY(a.sameRecord(0x77, b));
        MemberRow emptyName = row;
        emptyName.name = QString();
        a.insert(emptyName);
        emptyName.name = QStringLiteral("");
        b.insert(emptyName);
        QVERIFY(a.sameRecord(0x77, b)); // as MemberRow's ==
        MemberRow changed = row;
        changed.revision += 1;
        b.insert(changed);
        QVERIFY(!a.sameRecord(0x77, b));
        changed = row;
        changed.tagsJson = QStringLiteral("[[1,2]]");
        a.insert(row);
        b.insert(changed);
        QVERIFY(!a.sameRecord(0x77, b));
        QVERIFY(!a.sameRecord(0x78, b));
    }

    void manyChangesAgreeWithAMap()
    {
        // Addresses that crowd the index (a block, multiples of a power of two) and random ones, added,
        // replaced and removed in random order: the table must agree with a plain map throughout.
        MemberTable table;
        std::map<quint64, MemberRow> expected;
        quint32 state = 12345;
        auto next = [&] {
            state = state * 1103515245u + 12345u;
            return state >> 8;
        };
        for (int step = 0; step < 20000; ++step) {
            const quint32 r = next();
            const quint64 address = r % 3 == 0 ? 1 + (r % 500) : r % 3 == 1 ? (quint64(r % 300) << 20) : r;
            if (next() % 3 == 0) {
                table.remove(address);
                expected.erase(address);
            } else {
                MemberRow m = typical(address, int(r & 0xffff));
                m.authorized = (r & 1) != 0;
                table.insert(m);
                expected[address] = m;
            }
            if (step % 1000 == 0 || step == 19999) {
                QCOMPARE(table.size(), qsizetype(expected.size()));
                QList<quint64> keys;
                qsizetype authorized = 0;
                for (const auto &[a, m] : expected) {
                    keys.append(a);
                    authorized += m.authorized ? 1 : 0;
                    QVERIFY(table.contains(a));
                    QCOMPARE(*table.find(a), m);
                }
                QCOMPARE(table.addresses(), keys);
                QCOMPARE(table.authorizedCount(), authorized);
            }
        }
        for (const auto &[a, m] : std::map<quint64, MemberRow>(expected))
            table.remove(a);
        QVERIFY(table.isEmpty());
        QVERIFY(!table.contains(1));
    }

    void appendedRecordsAreFoundAfterFinishing()
    {
        // A load: many records, some sharing the low 32 bits of their address, then ordinary changes.
        MemberTable table;
        QList<MemberRow> rows;
        for (quint64 i = 0; i < 3000; ++i) {
            const quint64 address = i % 3 == 0 && i < 750 ? ((i / 3 + 1) << 32) | 0x42 : 0x100000 + i * 7;
            MemberRow m = typical(address, int(i));
            m.authorized = i % 2 == 0;
            rows.append(m);
            table.append(m);
        }
        table.finishAppending();
        QCOMPARE(table.size(), 3000);
        QCOMPARE(table.authorizedCount(), 1500);
        for (const MemberRow &m : std::as_const(rows))
            QCOMPARE(*table.find(m.address.toInt()), m);
        QVERIFY(!table.contains(0x42));
        for (int i = 0; i < 3000; i += 2)
            table.remove(rows[i].address.toInt());
        QCOMPARE(table.size(), 1500);
        QCOMPARE(table.authorizedCount(), 0);
        for (int i = 1; i < 3000; i += 2)
            QCOMPARE(*table.find(rows[i].address.toInt()), rows[i]);
        for (int i = 0; i < 3000; i += 2)
            QVERIFY(!table.contains(rows[i].address.toInt()));
    }

    void copiesAreIndependent()
    {
        MemberTable a;
        a.insert(typical(0x1, 1));
        MemberTable copy = a;
        MemberRow changed = typical(0x1, 1);
        changed.authorized = false;
        copy.insert(changed);
        copy.insert(typical(0x2, 2));
        QVERIFY(a.find(0x1)->authorized);
        QCOMPARE(a.size(), 1);
        QCOMPARE(a.authorizedCount(), 1);
        QCOMPARE(copy.size(), 2);
        QCOMPARE(copy.authorizedCount(), 1);
    }
};

QTEST_GUILESS_MAIN(TestMemberTable)
#include "tst_membertable.moc"
