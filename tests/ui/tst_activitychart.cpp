// SPDX-License-Identifier: GPL-3.0-or-later
// The activity chart: a real engine samples its networks (online members, config requests), stores the
// samples in the database, and the members page's chart shows them; after a restart of the engine on
// the same data directory they are still there.

#include "common/enginetesting.h"
#include "core/models/networklistmodel.h"
#include "core/node/simulatedmember.h"
#include "core/service/engineclient.h"
#include "node/nodetestsupport.h"
#include "ui/activitychart.h"
#include "ui/mainwindow.h"
#include "ui/memberspage.h"
#include "ui/uisettings.h"

#include <QDir>
#include <QFile>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QGraphicsTextItem>
#include <QLineSeries>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace tier;

namespace {
constexpr int StartTimeoutMs = 60000;
constexpr int EventTimeoutMs = 20000;

qreal maxY(const QLineSeries *series)
{
    qreal top = 0;
    for (const QPointF &p : series->points())
        top = std::max(top, p.y());
    return top;
}
} // namespace

class TestActivityChart final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void chartShowsStoredActivityAcrossRestarts();
    void gapsShowAsZero();
    void labelsWholeAtMinimumWidth();

private:
    QList<Identity> m_ids;
    std::unique_ptr<Node> m_root;
    World m_planet;
    QTemporaryDir m_dir;
    QString m_planetPath;
};

void TestActivityChart::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setApplicationName(QStringLiteral("tiermaster-test-activitychart"));
    tier::openUiSettings()->clear();
    QVERIFY(crypto::initialize());
    m_ids = test::loadIdentities(6);
    QCOMPARE(m_ids.size(), 6);
    m_root = std::make_unique<Node>(m_ids[0], test::loopbackOptions(NodeOptions::Role::Root));
    QVERIFY(m_root->start().ok());
    m_planet = test::makePlanet(m_ids[0], m_root->localPort(), m_ids[5]);
    QVERIFY(m_dir.isValid());
    m_planetPath = QDir(m_dir.path()).filePath(QStringLiteral("private.planet"));
    QFile planet(m_planetPath);
    QVERIFY(planet.open(QIODevice::WriteOnly));
    planet.write(m_planet.toBytes());
}

void TestActivityChart::cleanupTestCase()
{
    m_root.reset();
}

void TestActivityChart::chartShowsStoredActivityAcrossRestarts()
{
    EngineClient engine;
    engine.setActivityInterval(300); // samples every 0.3 s instead of every minute
    MainWindow window(&engine);
    QStringList errors;
    window.setErrorPresenter([&errors](const QString &message) { errors << message; });
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    EngineOptions options;
    options.dataDir = QDir(m_dir.path()).filePath(QStringLiteral("data"));
    options.udpPort = 0;
    options.udpBindAddress = QStringLiteral("127.0.0.1");
    options.planetFile = m_planetPath;
    engine.start(options);
    QTRY_VERIFY2_WITH_TIMEOUT(engine.state() != EngineClient::State::Starting, "engine did not start", StartTimeoutMs);
    QVERIFY2(engine.state() == EngineClient::State::Running, qPrintable(engine.lastError()));
    QTRY_VERIFY_WITH_TIMEOUT(m_root->peer(*Address::fromString(engine.controllerAddress())) != nullptr, EventTimeoutMs);

    NetworkSettings settings;
    settings.name = QStringLiteral("office");
    engine.createNetwork(settings);
    QTRY_COMPARE_WITH_TIMEOUT(window.networkModel()->rowCount(), 1, EventTimeoutMs);
    const quint64 networkId = window.networkModel()->networkAt(0).id;
    QTRY_COMPARE(window.membersPage()->networkId(), networkId); // the only network: selected

    // A member asks, is authorized and keeps asking: online, and its requests are counted.
    NodeOptions memberOptions = test::loopbackOptions();
    SimulatedMember::applyMemberDefaults(memberOptions);
    Node memberNode(m_ids[2], memberOptions);
    memberNode.setWorlds(m_planet);
    SimulatedMember member(&memberNode, networkId);
    QVERIFY(memberNode.start().ok());
    engine.setMemberAuthorized(networkId, memberNode.address(), true);
    member.join();
    QTRY_VERIFY_WITH_TIMEOUT(member.config().has_value(), EventTimeoutMs);

    ActivityChart *chart = window.membersPage()->activityChart();
    QVERIFY(chart->isVisible());
    QSignalSpy activity(&engine, &EngineClient::networkActivity);
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            engine.requestNetworkActivity(networkId);
            QTest::qWait(200);
            return maxY(chart->onlineSeries()) >= 1 && maxY(chart->requestSeries()) > 0;
        }(),
        EventTimeoutMs);
    QVERIFY(activity.count() >= 1);
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));

    // Stopped and started again: what was stored is shown again.
    memberNode.stop();
    tier::test::stopEngine(engine);
    chart->clear();
    QCOMPARE(chart->onlineSeries()->count(), 0);
    engine.start(options);
    QTRY_VERIFY2_WITH_TIMEOUT(engine.state() != EngineClient::State::Starting, "engine did not restart",
                              StartTimeoutMs);
    QVERIFY2(engine.state() == EngineClient::State::Running, qPrintable(engine.lastError()));
    QTRY_COMPARE_WITH_TIMEOUT(window.membersPage()->networkId(), networkId, EventTimeoutMs);
    engine.requestNetworkActivity(networkId);
    QTRY_VERIFY_WITH_TIMEOUT(maxY(chart->onlineSeries()) >= 1, EventTimeoutMs);
    tier::test::stopEngine(engine);
}

void TestActivityChart::gapsShowAsZero()
{
    ActivityChart chart;
    const qint64 bucket = NetworkActivityRepository::BucketMs;
    const qint64 t0 = NetworkActivityRepository::bucketStart(1765000000000);
    chart.setBuckets({{1, t0, 4, 50, 5}, {1, t0 + 3 * bucket, 2, 5, 5}}, t0 + 4 * bucket);
    // Two buckets with a gap between: the line drops to zero across it.
    const QList<QPointF> points = chart.onlineSeries()->points();
    QCOMPARE(points.size(), 4);
    QCOMPARE(points.at(0), QPointF(t0, 4));
    QCOMPARE(points.at(1), QPointF(t0 + bucket, 0));
    QCOMPARE(points.at(2), QPointF(t0 + 3 * bucket, 0));
    QCOMPARE(points.at(3), QPointF(t0 + 3 * bucket, 2));
    QCOMPARE(chart.requestSeries()->points().at(0), QPointF(t0, 10)); // 50 requests over 5 minutes
}

namespace {

// Every text the chart's scene draws (axis labels, legend entries).
QStringList sceneTexts(const ActivityChart &chart)
{
    QStringList texts;
    for (QGraphicsItem *item : chart.scene()->items()) {
        if (auto *text = dynamic_cast<QGraphicsTextItem *>(item); text && text->isVisible())
            texts << text->toPlainText();
        else if (auto *simple = dynamic_cast<QGraphicsSimpleTextItem *>(item); simple && simple->isVisible())
            texts << simple->text();
    }
    return texts;
}

bool anyElided(const QStringList &texts)
{
    return std::any_of(texts.cbegin(), texts.cend(), [](const QString &text) {
        return text.contains(QStringLiteral("...")) || text.contains(QChar(0x2026));
    });
}

} // namespace

void TestActivityChart::labelsWholeAtMinimumWidth()
{
    ActivityChart chart;
    chart.setBuckets({}, NetworkActivityRepository::bucketStart(1765000000000));
    chart.resize(chart.minimumWidth(), chart.minimumHeight());
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    QTRY_VERIFY2(sceneTexts(chart).contains(QStringLiteral("Config requests/min")),
                 qPrintable(sceneTexts(chart).join(u'|') + QString::number(chart.width())));
    QVERIFY2(!anyElided(sceneTexts(chart)), qPrintable(sceneTexts(chart).join(u'|')));
    // Nor at any width between that and a wide one.
    for (int width = chart.minimumWidth(); width <= 700; width += 20) {
        chart.resize(width, chart.height());
        QTRY_VERIFY2(!anyElided(sceneTexts(chart)), qPrintable(QString::number(width) + sceneTexts(chart).join(u'|')));
    }

    // The check sees elision: much narrower than the minimum, the labels are cut.
    chart.setMinimumWidth(0);
    chart.resize(200, chart.height());
    QTRY_VERIFY2(anyElided(sceneTexts(chart)), qPrintable(sceneTexts(chart).join(u'|')));
}

QTEST_MAIN(TestActivityChart)
#include "tst_activitychart.moc"
