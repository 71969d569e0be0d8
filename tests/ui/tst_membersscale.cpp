// SPDX-License-Identifier: GPL-3.0-or-later
// Scale check for the members page (no engine): 100,000 members in one network. Prints the time to
// the first paint of the members table, the time to apply a filter and a search, and the longest
// main-thread stall while 1,000 members report status every second (timings are printed, not asserted);
// asserts behaviour: row counts after filter and search, and no model reset from status reports.

#include "core/models/memberfiltermodel.h"
#include "core/models/memberlistmodel.h"
#include "core/models/networklistmodel.h"
#include "ui/mainwindow.h"
#include "ui/memberspage.h"
#include "ui/uisettings.h"

#include <QElapsedTimer>
#include <QEvent>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
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

QTEST_MAIN(TestMembersScale)
#include "tst_membersscale.moc"
