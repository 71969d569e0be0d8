// SPDX-License-Identifier: GPL-3.0-or-later
// MemberPageReader + MemberListModel: a database written through the store is read in pages on the
// reader's own thread and appended to the model; live engine signals interleaved with the pages end
// in the engine's state (no duplicates, removed members stay removed, the latest change wins).

#include "core/models/memberlistmodel.h"
#include "core/models/memberpagereader.h"
#include "core/store/controllernetworkrepository.h"
#include "core/store/database.h"
#include "core/store/memberrepository.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace tier;

namespace {

constexpr quint64 NetworkId = 0x8056c2e21c000001ULL;
constexpr quint64 OtherNetworkId = 0x8056c2e21c000002ULL;
constexpr int LoadTimeoutMs = 30000;

Address addressOf(int i)
{
    return Address(0x3a00000000ULL + quint64(i) * 7919);
}

ControllerNetworkRow networkRow(quint64 id)
{
    ControllerNetworkRow row;
    row.record.id = id;
    row.record.name = QStringLiteral("paged");
    row.record.creationTime = 1;
    row.record.lastModified = 1;
    row.record.revision = 1;
    return row;
}

// What member i of the test database holds (the store's view), and what the model must show for it.
MemberRow memberRow(int i, quint64 networkId = NetworkId)
{
    MemberRow m;
    m.networkId = networkId;
    m.address = addressOf(i);
    m.identity = i % 4 == 0 ? QString() : QStringLiteral("%1:0:%2").arg(addressOf(i).toString(), QString(64, u'a'));
    m.authorized = i % 3 != 0;
    m.activeBridge = i % 11 == 0;
    m.noAutoAssignIps = i % 13 == 0;
    m.name = i % 5 == 0 ? QString() : QStringLiteral("node-%1 ü").arg(i);
    m.description = i % 7 == 0 ? QStringLiteral("desk %1").arg(i) : QString();
    m.tagsJson = i % 2 ? QStringLiteral("[[7,%1],[2,1]]").arg(i) : QStringLiteral("[]");
    m.capabilitiesJson = i % 2 ? QStringLiteral("[9,3,9]") : QStringLiteral("[]");
    m.creationTime = 1700000000000 + i;
    m.revision = quint64(i) + 1;
    m.lastAuthorizedTime = i;
    m.vMajor = 1;
    m.vMinor = 12;
    m.vRev = i % 10;
    m.vProto = 12;
    m.lastModified = 1700000000500 + i;
    if (i % 3 != 1)
        m.ipAssignments = {QStringLiteral("10.%1.%2.%3").arg(i / 65536).arg(i / 256 % 256).arg(i % 256),
                           QStringLiteral("fd00::%1").arg(i, 0, 16)};
    return m;
}

bool hasStatus(int i)
{
    return i % 4 != 0;
}

MemberStatusRow statusRow(int i, qint64 now, quint64 networkId = NetworkId)
{
    MemberStatusRow s;
    s.networkId = networkId;
    s.address = addressOf(i);
    // Every other one recent enough to count as online.
    s.lastRequestTime = i % 2 ? now - 10000 : now - 3600000;
    s.lastSeen = s.lastRequestTime;
    s.physicalAddress = QStringLiteral("192.0.2.%1/%2").arg(i % 250).arg(20000 + i % 1000);
    s.clientVersion = QStringLiteral("1.14.%1").arg(i % 5);
    s.protocolVersion = 13;
    s.vMajor = 1;
    s.vMinor = 14;
    s.vRev = i % 5;
    return s;
}

// Compares a model row with member i as stored; returns what differs (empty: all equal).
QString differences(const MemberInfo &got, int i, qint64 now)
{
    const MemberRow m = memberRow(i);
    QStringList diff;
    auto check = [&diff](bool same, const char *what) {
        if (!same)
            diff << QString::fromLatin1(what);
    };
    check(got.networkId == NetworkId, "networkId");
    check(got.address == m.address, "address");
    check(got.identity == m.identity, "identity");
    check(got.authorized == m.authorized, "authorized");
    check(got.activeBridge == m.activeBridge, "activeBridge");
    check(got.noAutoAssignIps == m.noAutoAssignIps, "noAutoAssignIps");
    check(got.name == m.name && got.name.isNull() == m.name.isNull(), "name");
    check(got.description == m.description, "description");
    check(got.pending == (!m.authorized && !m.identity.isEmpty()), "pending");
    check(got.creationTime == m.creationTime, "creationTime");
    check(got.revision == m.revision, "revision");
    check(got.lastAuthorizedTime == m.lastAuthorizedTime, "lastAuthorizedTime");
    QList<InetAddress> ips;
    for (const QString &text : m.ipAssignments)
        ips << *InetAddress::fromIpString(text);
    check(got.ipAssignments == ips, "ipAssignments");
    const QList<QPair<quint32, quint32>> tags =
        i % 2 ? QList<QPair<quint32, quint32>>{{2, 1}, {7, quint32(i)}} : QList<QPair<quint32, quint32>>{};
    check(got.tags == tags, "tags");
    check(got.capabilities == (i % 2 ? QList<quint32>{3, 9} : QList<quint32>{}), "capabilities");
    check(got.latencyMs == -1, "latencyMs");
    if (hasStatus(i)) {
        const MemberStatusRow s = statusRow(i, now);
        check(got.lastRequestTime == s.lastRequestTime, "lastRequestTime");
        check(got.physicalAddress.toString() == s.physicalAddress, "physicalAddress");
        check(got.clientVersion() == s.clientVersion, "clientVersion");
        check(got.protocolVersion == 13, "protocolVersion");
        check(got.online == (i % 2 == 1), "online");
    } else {
        check(got.lastRequestTime == 0, "lastRequestTime");
        check(got.physicalAddress.isNull(), "physicalAddress");
        check(got.clientVersion() == QStringLiteral("1.12.%1").arg(i % 10), "clientVersion (from the record)");
        check(got.protocolVersion == 12, "protocolVersion");
        check(!got.online, "online");
    }
    return diff.join(u',');
}

} // namespace

class TestMemberPageReader final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void readsEveryRowInPagesOnItsThread();
    void liveChangesInterleavedWithPagesEndInLatestState();
    void newLoadReplacesRunningOne();
    void missingFileFailsWithoutRows();

private:
    void writeDatabase(int count);
    void waitForLoad(MemberListModel &model);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    qint64 m_now = 0;
};

void TestMemberPageReader::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("controller.db"));
    m_now = QDateTime::currentMSecsSinceEpoch();
}

void TestMemberPageReader::cleanup()
{
    // The reader's thread ends on its own after stop() (nothing waits for it): give it the time.
    QTRY_VERIFY2(QSqlDatabase::connectionNames().isEmpty(), qPrintable(QSqlDatabase::connectionNames().join(u' ')));
    m_dir.reset();
}

void TestMemberPageReader::writeDatabase(int count)
{
    Database db(QStringLiteral("writer"));
    QVERIFY(db.open(DatabaseUri::sqliteFile(m_path)).ok());
    QVERIFY(ControllerNetworkRepository(db).insert(networkRow(NetworkId)).ok());
    QVERIFY(ControllerNetworkRepository(db).insert(networkRow(OtherNetworkId)).ok());
    MemberRepository members(db);
    QList<MemberStatusRow> status;
    const Status written = db.transaction([&]() -> Status {
        for (int i = 0; i < count; ++i) {
            if (Status saved = members.save(memberRow(i)); !saved)
                return saved;
            if (hasStatus(i))
                status << statusRow(i, m_now);
        }
        // Another network's members never show up.
        for (int i = 0; i < 50; ++i) {
            if (Status saved = members.save(memberRow(i, OtherNetworkId)); !saved)
                return saved;
        }
        return members.saveStatus(status);
    });
    QVERIFY2(written.ok(), written ? "" : qPrintable(written.error().message));
}

void TestMemberPageReader::waitForLoad(MemberListModel &model)
{
    QTRY_VERIFY_WITH_TIMEOUT(!model.isLoading(), LoadTimeoutMs);
}

void TestMemberPageReader::readsEveryRowInPagesOnItsThread()
{
    constexpr int Count = 1234;
    constexpr int PageSize = 100;
    writeDatabase(Count);
    QVERIFY(!QTest::currentTestFailed());

    MemberListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setTickInterval(0);
    model.setNetworkId(NetworkId);
    model.pageReader()->setPageSize(PageSize);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy loading(&model, &MemberListModel::loadingChanged);
    model.loadPages(m_path);
    QVERIFY(model.isLoading());
    QCOMPARE(model.rowCount(), 0); // nothing read on this thread
    waitForLoad(model);

    QCOMPARE(model.rowCount(), Count);
    // One insert per page: the first rows are there long before the last.
    QCOMPARE(inserted.count(), (Count + PageSize - 1) / PageSize);
    QCOMPARE(inserted.first().at(1).toInt(), 0);
    QCOMPARE(inserted.first().at(2).toInt(), PageSize - 1);
    QCOMPARE(resets.count(), 1); // the one at the start of the load
    QCOMPARE(loading.count(), 2);
    QCOMPARE(loading.at(0).at(0).toBool(), true);
    QCOMPARE(loading.at(1).at(0).toBool(), false);

    // Every row once, in address order, equal to what was written.
    for (int i = 0; i < Count; ++i) {
        const MemberInfo &got = model.memberAt(i);
        QCOMPARE(model.rowOfMember(addressOf(i)), i);
        const QString diff = differences(got, i, m_now);
        QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("row %1: %2").arg(i).arg(diff)));
    }
    // The display follows the stored status: online dot, physical address, version.
    const int onlineRow = model.rowOfMember(addressOf(1));
    QCOMPARE(model.index(onlineRow, MemberListModel::StatusColumn).data(MemberListModel::StatusRole).toInt(),
             int(MemberListModel::MemberStatus::Online));
    QCOMPARE(model.index(onlineRow, MemberListModel::PhysicalAddressColumn).data().toString(),
             QStringLiteral("192.0.2.1/20001"));

    // The queries ran on the reader's own thread, never on this one.
    MemberPageReader *reader = model.pageReader();
    QVERIFY(reader->workerThread() != nullptr);
    QVERIFY(reader->workerThread() != QThread::currentThread());
    QCOMPARE(reader->lastQueryThread(), reader->workerThread());
    // The read-only connection is gone once the load is done (closed on the reader's thread).
    QTRY_VERIFY_WITH_TIMEOUT(QSqlDatabase::connectionNames().isEmpty(), LoadTimeoutMs);
}

void TestMemberPageReader::liveChangesInterleavedWithPagesEndInLatestState()
{
    constexpr int Count = 1000;
    constexpr int PageSize = 100;
    writeDatabase(Count);
    QVERIFY(!QTest::currentTestFailed());

    MemberListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setTickInterval(0);
    model.setNetworkId(NetworkId);
    model.pageReader()->setPageSize(PageSize);

    auto live = [this](int i) {
        MemberInfo m;
        m.networkId = NetworkId;
        m.address = addressOf(i);
        m.name = QStringLiteral("live-%1").arg(i);
        m.authorized = true;
        m.lastRequestTime = m_now;
        m.online = true;
        m.latencyMs = 7;
        return m;
    };
    const Address brandNew(0x3affffff01ULL);

    model.loadPages(m_path);
    // Before any page: a change of a member in the last page, a removal, a member created now.
    model.updateMember(live(990));
    model.removeMember(NetworkId, addressOf(995));
    MemberInfo created = live(0);
    created.address = brandNew;
    model.updateMember(created);

    // Between the first and the second page (this slot runs right after the model took page one).
    int pagesSeen = 0;
    connect(model.pageReader(), &MemberPageReader::pageReady, &model,
            [&](quint64, quint64, const QList<MemberInfo> &, bool) {
                if (++pagesSeen != 1)
                    return;
                QCOMPARE(model.rowCount(), PageSize + 2);   // page one plus the two live rows
                model.updateMember(live(5));                // already loaded: updated in place
                model.updateStatus({live(500), live(501)}); // not loaded yet: inserted now
                model.removeMember(NetworkId, addressOf(700));
                model.removeMember(NetworkId, addressOf(800)); // removed, then created again
                model.updateMember(live(800));
                model.removeMember(NetworkId, addressOf(10)); // loaded: its row goes
            });
    waitForLoad(model);
    QVERIFY(pagesSeen > 1);

    // Every stored member once, minus the three removed, plus the new one.
    QCOMPARE(model.rowCount(), Count - 3 + 1);
    QSet<Address> seen;
    for (int row = 0; row < model.rowCount(); ++row) {
        const Address address = model.memberAt(row).address;
        QVERIFY2(!seen.contains(address), qPrintable(address.toString()));
        seen.insert(address);
        QCOMPARE(model.rowOfMember(address), row);
    }
    QCOMPARE(model.rowOfMember(addressOf(995)), -1);
    QCOMPARE(model.rowOfMember(addressOf(700)), -1);
    QCOMPARE(model.rowOfMember(addressOf(10)), -1);
    for (int i : {5, 500, 501, 800, 990}) {
        const int row = model.rowOfMember(addressOf(i));
        QVERIFY2(row >= 0, qPrintable(QString::number(i)));
        QCOMPARE(model.memberAt(row).name, QStringLiteral("live-%1").arg(i)); // not the stale page row
        QCOMPARE(model.memberAt(row).latencyMs, qint64(7));
    }
    QVERIFY(model.rowOfMember(brandNew) >= 0);
    // Untouched members are as stored.
    for (int i : {0, 1, 99, 100, 650, 999}) {
        const int row = model.rowOfMember(addressOf(i));
        QVERIFY(row >= 0);
        const QString diff = differences(model.memberAt(row), i, m_now);
        QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("member %1: %2").arg(i).arg(diff)));
    }

    // After the load, a removal is final and a later change applies as usual.
    model.updateMember(live(650));
    QCOMPARE(model.memberAt(model.rowOfMember(addressOf(650))).name, QStringLiteral("live-650"));
}

void TestMemberPageReader::newLoadReplacesRunningOne()
{
    constexpr int Count = 600;
    writeDatabase(Count);
    QVERIFY(!QTest::currentTestFailed());

    MemberListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setTickInterval(0);
    model.setNetworkId(NetworkId);
    model.pageReader()->setPageSize(50);
    model.loadPages(m_path);
    const quint64 firstLoad = model.pageReader()->currentLoadId();
    model.loadPages(m_path); // the first one's pages, still queued or being read, are dropped
    QVERIFY(model.pageReader()->currentLoadId() != firstLoad);
    waitForLoad(model);
    QCOMPARE(model.rowCount(), Count);

    // Switching the network mid-load: nothing of the old network's load arrives afterwards.
    model.loadPages(m_path);
    model.setNetworkId(OtherNetworkId);
    QVERIFY(!model.isLoading());
    model.loadPages(m_path);
    waitForLoad(model);
    QCOMPARE(model.rowCount(), 50);
    for (int row = 0; row < model.rowCount(); ++row)
        QCOMPARE(model.memberAt(row).networkId, OtherNetworkId);
}

void TestMemberPageReader::missingFileFailsWithoutRows()
{
    MemberPageReader reader;
    QSignalSpy pages(&reader, &MemberPageReader::pageReady);
    QSignalSpy failed(&reader, &MemberPageReader::loadFailed);
    const quint64 id = reader.load(m_dir->filePath(QStringLiteral("absent.db")), NetworkId);
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, LoadTimeoutMs);
    QCOMPARE(failed.at(0).at(0).toULongLong(), id);
    QVERIFY(failed.at(0).at(2).toString().contains(QStringLiteral("absent.db")));
    QCOMPARE(pages.count(), 0);
    QVERIFY(!QFile::exists(m_dir->filePath(QStringLiteral("absent.db")))); // read-only: nothing created

    // The model without an engine: the load ends, no rows, nothing else.
    MemberListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setTickInterval(0);
    model.setNetworkId(NetworkId);
    model.loadPages(m_dir->filePath(QStringLiteral("absent.db")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("reading the database failed")));
    waitForLoad(model);
    QCOMPARE(model.rowCount(), 0);
    // Stopping returns at once; stopped() reports the worker's end.
    QSignalSpy stopped(&reader, &MemberPageReader::stopped);
    reader.stop();
    QVERIFY(reader.workerThread() == nullptr);
    QTRY_COMPARE_WITH_TIMEOUT(stopped.count(), 1, LoadTimeoutMs);
}

QTEST_GUILESS_MAIN(TestMemberPageReader)
#include "tst_memberpagereader.moc"
