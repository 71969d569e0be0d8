// SPDX-License-Identifier: GPL-3.0-or-later
// Scale check for the members page (no engine): 100,000 members in one network. Prints the time to
// the first paint of the members table, the time to apply a filter and a search, and the longest
// main-thread stall while 1,000 members report status every second (timings are printed, not asserted);
// asserts behaviour: row counts after filter and search, and no model reset from status reports.

#include "core/models/memberfiltermodel.h"
#include "core/models/memberlistmodel.h"
#include "core/models/memberpagereader.h"
#include "core/models/networklistmodel.h"
#include "core/store/controllernetworkrepository.h"
#include "core/store/database.h"
#include "ui/mainwindow.h"
#include "ui/memberspage.h"
#include "ui/uisettings.h"

#include <QElapsedTimer>
#include <QEvent>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace tier;

namespace {

constexpr quint64 NetworkId = 0x8056c2e21c000001ULL;
constexpr int MemberCount = 100000;
constexpr int ReportersPerSecond = 1000;

MemberInfo makeMember(int i, qint64 now)
{
    MemberInfo member;
    member.networkId = NetworkId;
    member.address = Address(0x3a00000000ULL + quint64(i) * 7919);
    member.name = QStringLiteral("node-%1").arg(i);
    member.authorized = i % 10 != 0;
    member.pending = !member.authorized;
    member.lastRequestTime = now - (i % 300) * 1000;
    member.online = i % 300 < 120;
    member.ipAssignments = {InetAddress::fromIPv4(0x0a000000u + quint32(i))};
    member.physicalAddress = InetAddress::fromIPv4(0xcb007100u + quint32(i % 250), quint16(20000 + i % 1000));
    member.versionMajor = 1;
    member.versionMinor = 14;
    member.versionRevision = 2;
    return member;
}

// Counts paint events of a widget.
class PaintCounter final : public QObject
{
public:
    int paints = 0;
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            ++paints;
        return false;
    }
};

} // namespace

class TestMembersScale final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void hundredThousandMembers();
    void hundredThousandMembersPagedFromDatabase();
};

void TestMembersScale::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setApplicationName(QStringLiteral("tiermaster-test-membersscale"));
    tier::openUiSettings()->clear();
}

void TestMembersScale::hundredThousandMembers()
{
    MainWindow window(nullptr);
    window.resize(1200, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    NetworkInfo network;
    network.id = NetworkId;
    network.name = QStringLiteral("big");
    network.memberCount = MemberCount;
    window.networkModel()->resetNetworks({network});
    window.findChild<QTableView *>(QStringLiteral("networkTable"))->selectRow(0);
    MembersPage *page = window.membersPage();
    QTableView *view = page->memberTable();
    PaintCounter painted;
    view->viewport()->installEventFilter(&painted);

    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QList<MemberInfo> members;
    members.reserve(MemberCount);
    for (int i = 0; i < MemberCount; ++i)
        members << makeMember(i, now);

    // What arrives from the engine as one membersReset, until the table has painted it.
    QElapsedTimer timer;
    timer.start();
    page->memberModel()->resetMembers(NetworkId, members);
    const int paintsBefore = painted.paints;
    QTRY_VERIFY_WITH_TIMEOUT(painted.paints > paintsBefore, 30000);
    const qint64 firstPaintMs = timer.elapsed();
    QCOMPARE(view->model()->rowCount(), MemberCount);

    timer.restart();
    page->memberProxy()->setFilter(MemberFilterModel::Filter::Pending);
    const qint64 filterMs = timer.elapsed();
    QCOMPARE(view->model()->rowCount(), MemberCount / 10);
    timer.restart();
    page->memberProxy()->setSearchText(QStringLiteral("node-99"));
    const qint64 searchMs = timer.elapsed();
    QVERIFY(view->model()->rowCount() > 0);
    page->memberProxy()->setSearchText(QString());
    page->memberProxy()->setFilter(MemberFilterModel::Filter::All);

    // Status from 1,000 members a second (as the engine batches them), plus the last-seen tick;
    // the longest time the main thread is busy with one of them is the stall a user would feel.
    qint64 longestStallMs = 0;
    QSignalSpy resets(page->memberProxy(), &QAbstractItemModel::modelReset);
    for (int second = 0; second < 5; ++second) {
        QList<MemberInfo> batch;
        batch.reserve(ReportersPerSecond);
        for (int k = 0; k < ReportersPerSecond; ++k) {
            const int i = (second * 7919 + k * 97) % MemberCount;
            MemberInfo member = makeMember(i, now + second * 1000);
            member.lastRequestTime = now + second * 1000;
            member.online = true;
            batch << member;
        }
        timer.restart();
        page->memberModel()->updateStatus(batch);
        page->memberModel()->tick();
        QCoreApplication::processEvents(); // includes the repaint of the visible rows
        longestStallMs = std::max(longestStallMs, timer.elapsed());
    }
    QCOMPARE(resets.count(), 0);

    qInfo("100,000 members: first paint %lld ms, pending filter %lld ms, search %lld ms, longest stall with "
          "1,000 status reports/s %lld ms",
          firstPaintMs, filterMs, searchMs, longestStallMs);
    // Timings are printed, never asserted (they belong to benchmarks); the assertions above are about
    // behaviour: every row there, the filters right, no model reset while status streams in.
}

// The same 100,000 members stored in an SQLite file and read by the members page's reader thread
// in pages: prints the time to the first page on screen and to the last page; asserts every member
// is there once and that no query ran on the UI thread.
void TestMembersScale::hundredThousandMembersPagedFromDatabase()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("controller.db"));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QElapsedTimer timer;
    timer.start();
    {
        Database db(QStringLiteral("scale-writer"));
        QVERIFY(db.open(DatabaseUri::sqliteFile(path)).ok());
        ControllerNetworkRow network;
        network.record.id = NetworkId;
        network.record.name = QStringLiteral("big");
        network.record.creationTime = 1;
        network.record.lastModified = 1;
        QVERIFY(ControllerNetworkRepository(db).insert(network).ok());
        const Status written = db.transaction([&]() -> Status {
            auto member = db.prepare(QStringLiteral(
                "INSERT INTO members (network_id, address, identity, authorized, name, creation_time, last_modified)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)"));
            auto ip = db.prepare(QStringLiteral(
                "INSERT INTO member_ips (network_id, address, ip, ip_version, position) VALUES (?, ?, ?, 4, 0)"));
            auto status = db.prepare(
                QStringLiteral("INSERT INTO member_status (network_id, address, last_seen, last_request_time,"
                               " physical_address, client_version, v_major, v_minor, v_rev)"
                               " VALUES (?, ?, ?, ?, ?, '1.14.2', 1, 14, 2)"));
            if (!member || !ip || !status)
                return makeError(ErrorCode::Database, QStringLiteral("prepare failed"));
            const QString nwid = networkIdToString(NetworkId);
            for (int i = 0; i < MemberCount; ++i) {
                const MemberInfo m = makeMember(i, now);
                const QString address = m.address.toString();
                if (Status s = db.execPrepared(*member, {nwid, address, QStringLiteral("%1:0:ab").arg(address),
                                                         int(m.authorized), m.name, now, now});
                    !s)
                    return s;
                if (Status s = db.execPrepared(*ip, {nwid, address, m.ipAssignments.first().toIpString()}); !s)
                    return s;
                if (Status s = db.execPrepared(
                        *status, {nwid, address, m.lastRequestTime, m.lastRequestTime, m.physicalAddress.toString()});
                    !s)
                    return s;
            }
            return Ok{};
        });
        QVERIFY2(written.ok(), written ? "" : qPrintable(written.error().message));
    }
    const qint64 writeMs = timer.elapsed();

    MainWindow window(nullptr);
    window.resize(1200, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    NetworkInfo network;
    network.id = NetworkId;
    network.name = QStringLiteral("big");
    network.memberCount = MemberCount;
    window.networkModel()->resetNetworks({network});
    window.findChild<QTableView *>(QStringLiteral("networkTable"))->selectRow(0);
    MembersPage *page = window.membersPage();
    QTableView *view = page->memberTable();
    MemberListModel *model = page->memberModel();
    QCOMPARE(model->networkId(), NetworkId);
    PaintCounter painted;
    view->viewport()->installEventFilter(&painted);

    qint64 firstPageMs = -1;
    qint64 firstPaintMs = -1;
    QObject context;
    connect(model, &QAbstractItemModel::rowsInserted, &context, [&] {
        if (firstPageMs < 0)
            firstPageMs = timer.elapsed();
    });
    timer.restart();
    const int paintsBefore = painted.paints;
    model->loadPages(path);
    QTRY_VERIFY_WITH_TIMEOUT(firstPageMs >= 0 && painted.paints > paintsBefore, 60000);
    firstPaintMs = timer.elapsed();
    QTRY_VERIFY_WITH_TIMEOUT(!model->isLoading(), 120000);
    const qint64 totalMs = timer.elapsed();

    QCOMPARE(model->rowCount(), MemberCount);
    QCOMPARE(view->model()->rowCount(), MemberCount);
    for (int i = 0; i < MemberCount; i += 997) {
        const int row = model->rowOfMember(makeMember(i, now).address);
        QVERIFY(row >= 0);
        QCOMPARE(model->memberAt(row).name, QStringLiteral("node-%1").arg(i));
    }
    QVERIFY(model->pageReader()->lastQueryThread() != nullptr);
    QVERIFY(model->pageReader()->lastQueryThread() != QThread::currentThread());
    qInfo("100,000 members paged from SQLite (%d per page; database written in %lld ms): first page %lld ms, "
          "first paint %lld ms, all pages %lld ms",
          model->pageReader()->pageSize(), writeMs, firstPageMs, firstPaintMs, totalMs);
    // Printed only: timings depend on the machine and its load.
}

QTEST_MAIN(TestMembersScale)
#include "tst_membersscale.moc"
