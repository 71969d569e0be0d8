// SPDX-License-Identifier: GPL-3.0-or-later
// The window keeps turning while the real engine restarts, while a large backup (100,000 members, made
// here through the store) replaces the live database, and while a zerotier-one home folder is imported.
// A 10 ms QTimer on the UI thread counts ticks; each tick notes what was going on. The assertions are
// about behaviour: ticks arrive *during* each operation (the UI thread never waited for it), and the
// largest gap between two ticks stays bounded (a generous bound, not a timing measurement: a window
// that waited for a restore or an import would show no ticks at all while it runs).
#include "common/enginetesting.h"
#include "common/vectors.h"
#include "core/base/address.h"
#include "core/models/networklistmodel.h"
#include "core/service/engineclient.h"
#include "core/store/controlleridentityrepository.h"
#include "core/store/controllernetworkrepository.h"
#include "core/store/database.h"
#include "core/store/memberrepository.h"
#include "ui/importdialog.h"
#include "ui/mainwindow.h"
#include "ui/restoreflow.h"
#include "ui/uisettings.h"

#include <QAction>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <functional>
#include <memory>

using namespace tier;

namespace {

constexpr int MemberCount = 100000;
constexpr qint64 GapBoundMs = 3000; // bounded, generously: the point is that ticks keep coming

/// Counts the ticks of a 10 ms timer and, per tick, whether `during` said an operation was running.
class TickCounter
{
public:
    TickCounter()
    {
        m_timer.setInterval(10);
        QObject::connect(&m_timer, &QTimer::timeout, [this] { tick(); });
    }

    /// Starts counting for one operation (during(): is it running at this tick?).
    void begin(std::function<bool()> during)
    {
        m_during = std::move(during);
        m_ticks = 0;
        m_ticksDuring = 0;
        m_largestGap = 0;
        m_clock.start();
        m_last = 0;
        m_timer.start();
    }
    void end() { m_timer.stop(); }

    int ticks() const { return m_ticks; }
    int ticksDuring() const { return m_ticksDuring; }
    qint64 largestGap() const { return m_largestGap; }

private:
    void tick()
    {
        const qint64 now = m_clock.elapsed();
        m_largestGap = qMax(m_largestGap, now - m_last);
        m_last = now;
        ++m_ticks;
        if (m_during && m_during())
            ++m_ticksDuring;
    }

    QTimer m_timer;
    QElapsedTimer m_clock;
    std::function<bool()> m_during;
    qint64 m_last = 0;
    qint64 m_largestGap = 0;
    int m_ticks = 0;
    int m_ticksDuring = 0;
};

} // namespace

class TestResponsiveness final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void engineRestart();
    void restoreOfALargeBackup();
    void import();

private:
    /// database: a controller.db to start on (copied into the data directory); empty: a new one.
    void startEngine(MainWindow &window, const QString &database = {});
    QString makeLargeBackup();
    void installSeams(MainWindow &window);

    QTemporaryDir m_dir;
    QString m_large; ///< the 100,000-member controller database (made once)
    std::unique_ptr<EngineClient> m_engine;
    QString m_fileAnswer;
    QStringList m_errors;
};

void TestResponsiveness::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setApplicationName(QStringLiteral("tiermaster-test-responsiveness"));
    tier::openUiSettings()->clear();
    QVERIFY(m_dir.isValid());
    m_large = makeLargeBackup();
    QVERIFY(!m_large.isEmpty());
}

void TestResponsiveness::cleanup()
{
    if (m_engine)
        QVERIFY(test::stopEngine(*m_engine));
    m_engine.reset();
}

void TestResponsiveness::installSeams(MainWindow &window)
{
    window.setErrorPresenter([this](const QString &message) { m_errors << message; });
    window.setOpenFilePrompt([this](const QString &) { return m_fileAnswer; });
    window.restoreFlow()->setErrorPresenter(
        [this](const QString &title, const QString &text) { m_errors << title + u'\n' + text; });
    window.restoreFlow()->setConfirmPrompt([](const QString &, const QString &) { return true; });
}

void TestResponsiveness::startEngine(MainWindow &window, const QString &database)
{
    EngineOptions options;
    options.dataDir = m_dir.filePath(QStringLiteral("data-%1").arg(QString::fromLatin1(QTest::currentTestFunction())));
    if (!database.isEmpty()) {
        QVERIFY(QDir().mkpath(options.dataDir));
        QVERIFY(QFile::copy(database, QDir(options.dataDir).filePath(QStringLiteral("controller.db"))));
    }
    options.udpPort = 0;
    options.udpBindAddress = QStringLiteral("127.0.0.1");
    options.planetFile = test::vectorPath(QStringLiteral("lab/lab-planet.bin"));
    options.backupIntervalHours = 0;
    m_engine->start(options);
    QTRY_VERIFY_WITH_TIMEOUT(m_engine->state() != EngineClient::State::Starting, 30000);
    QVERIFY2(m_engine->state() == EngineClient::State::Running, qPrintable(m_engine->lastError()));
    QVERIFY(window.restoreBackupAction()->isEnabled());
}

/// A controller database with its own identity, one network and MemberCount members, written through
/// the store's repositories.
QString TestResponsiveness::makeLargeBackup()
{
    const QString path = m_dir.filePath(QStringLiteral("large.db"));
    Database db(QStringLiteral("large-backup"));
    if (!db.open(DatabaseUri::sqliteFile(path)).ok())
        return {};
    auto identity = ControllerIdentityRepository(db).loadOrCreate(1700000000000);
    if (!identity)
        return {};
    ControllerNetworkRow network;
    network.record.id = (identity->address().toInt() << 24) | 1;
    network.record.name = QStringLiteral("large");
    network.record.creationTime = 1700000000000;
    network.record.lastModified = 1700000000000;
    network.record.revision = 1;
    if (!ControllerNetworkRepository(db).insert(network).ok())
        return {};
    MemberRepository members(db);
    const Status written = db.transaction([&]() -> Status {
        for (int i = 0; i < MemberCount; ++i) {
            MemberRow m;
            m.networkId = network.record.id;
            m.address = Address(0x3a00000000ULL + quint64(i) * 7919);
            m.authorized = i % 3 != 0;
            m.name = QStringLiteral("node-%1").arg(i);
            m.creationTime = 1700000000000 + i;
            m.lastModified = 1700000000000 + i;
            m.revision = 1;
            if (Status saved = members.save(m); !saved)
                return saved;
        }
        return Ok{};
    });
    if (!written.ok()) {
        qWarning() << written.error().message;
        return {};
    }
    db.close();
    return path;
}

void TestResponsiveness::engineRestart()
{
    // The engine serves the 100,000-member database: stopping flushes it, starting loads it again.
    m_engine = std::make_unique<EngineClient>();
    MainWindow window(m_engine.get());
    installSeams(window);
    window.show();
    startEngine(window, m_large);
    QTRY_COMPARE_WITH_TIMEOUT(window.networkModel()->rowCount(), 1, 30000);
    const EngineOptions options = m_engine->options();

    TickCounter ticks;
    ticks.begin([this] { return m_engine->state() != EngineClient::State::Running; });
    m_engine->stop();
    // stop() only asked: it returned before the engine thread ended.
    QCOMPARE(m_engine->state(), EngineClient::State::Stopping);
    m_engine->start(options); // remembered until the stop is done
    QTRY_VERIFY_WITH_TIMEOUT(m_engine->state() == EngineClient::State::Running, 60000);
    ticks.end();
    qInfo("restart with %d members: %d ticks, %d while not running, largest gap %lld ms", MemberCount, ticks.ticks(),
          ticks.ticksDuring(), ticks.largestGap());
    QVERIFY(ticks.ticksDuring() >= 1);
    QVERIFY(ticks.largestGap() < GapBoundMs);
}

void TestResponsiveness::restoreOfALargeBackup()
{
    const QString backup = m_large;
    m_engine = std::make_unique<EngineClient>();
    MainWindow window(m_engine.get());
    installSeams(window);
    window.show();
    startEngine(window);

    QSignalSpy finished(window.restoreFlow(), &RestoreFlow::finished);
    bool replacing = false; // between the service's first replacement step and its answer
    connect(window.dataMaintenance(), &DataMaintenance::progress, this,
            [&replacing](DataMaintenance::Operation operation, const QString &, qint64 done, qint64) {
                if (operation == DataMaintenance::Operation::Replace && done >= 1)
                    replacing = true;
            });
    connect(window.dataMaintenance(), &DataMaintenance::replaced, this, [&replacing] { replacing = false; });
    TickCounter ticks;
    ticks.begin([&replacing] { return replacing; });
    m_fileAnswer = backup;
    window.restoreBackupAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 300000);
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString() + m_errors.join(u'\n')));
    QTRY_VERIFY_WITH_TIMEOUT(m_engine->state() == EngineClient::State::Running, 60000);
    ticks.end();
    qInfo("restore of %d members: %d ticks, %d while the file was replaced, largest gap %lld ms", MemberCount,
          ticks.ticks(), ticks.ticksDuring(), ticks.largestGap());
    QVERIFY(ticks.ticksDuring() >= 1);
    QVERIFY(ticks.largestGap() < GapBoundMs);
    QTRY_COMPARE_WITH_TIMEOUT(window.networkModel()->rowCount(), 1, 30000);
}

void TestResponsiveness::import()
{
    m_engine = std::make_unique<EngineClient>();
    MainWindow window(m_engine.get());
    installSeams(window);
    window.show();
    startEngine(window);

    window.importAction()->trigger();
    ImportDialog *dialog = window.importDialog();
    QVERIFY(dialog);
    QSignalSpy finished(window.restoreFlow(), &RestoreFlow::finished);
    TickCounter ticks;
    ticks.begin([&] {
        return (window.importDialog() && window.importDialog()->isBusy()) || window.restoreFlow()->isBusy();
    });
    QSignalSpy shown(dialog, &ImportDialog::previewReady);
    dialog->setSourcePath(test::sourceDir() + QStringLiteral("/tests/migrate/fixtures/zerotier-home"));
    QVERIFY(dialog->isBusy()); // the dry run runs off the UI thread
    QVERIFY(shown.wait(30000));
    QVERIFY2(dialog->importButton()->isEnabled(), qPrintable(dialog->summaryLabel()->text()));
    QTest::mouseClick(dialog->importButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString() + m_errors.join(u'\n')));
    QTRY_VERIFY_WITH_TIMEOUT(m_engine->state() == EngineClient::State::Running, 60000);
    ticks.end();
    qInfo("import: %d ticks, %d while reading, building and replacing, largest gap %lld ms", ticks.ticks(),
          ticks.ticksDuring(), ticks.largestGap());
    QVERIFY(ticks.ticksDuring() >= 1);
    QVERIFY(ticks.largestGap() < GapBoundMs);
    QCOMPARE(m_engine->controllerAddress(), QStringLiteral("97571f2b97"));
}

QTEST_MAIN(TestResponsiveness)
#include "tst_responsiveness.moc"
