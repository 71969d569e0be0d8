// SPDX-License-Identifier: GPL-3.0-or-later
// Two headless tiermaster processes (the built binary) share one PostgreSQL database: one serves,
// the other stands by. Simulated 1.14 members find the controller through a loopback root. The
// active process is killed (SIGKILL); the standby takes over and members are served again. Changes
// committed to the shared database by a third writer (as another instance's GUI or API would)
// reach whichever process is active, before and after the fail-over, and none is lost.
// Needs TIERMASTER_TEST_PG_URI (scripts/test.sh / scripts/pg-test-server.sh); skipped otherwise.

#include "core/controller/networkcontroller.h"
#include "core/node/simulatedmember.h"
#include "core/store/controlleridentityrepository.h"
#include "core/store/database.h"
#include "node/nodetestsupport.h"
#include "store/storebackend.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/prctl.h>

#include <csignal>
#include <memory>

using namespace tier;

namespace {

constexpr int kReadyTimeoutMs = 30000;
constexpr int kServeTimeoutMs = 30000;

const QRegularExpression
    kReadyLine(QStringLiteral("tiermaster ready address=(?<address>[0-9a-f]{10}) port=(?<port>[0-9]+) api=\\S+"));

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

InetAddress ip4(const char *text, int bits = 0)
{
    auto a = InetAddress::fromString(QString::fromLatin1(text));
    InetAddress out = a.value_or(InetAddress());
    return bits ? InetAddress::fromIpBytes(out.ipBytes(), quint16(bits)) : out;
}

struct Member
{
    std::unique_ptr<Node> node;
    std::unique_ptr<SimulatedMember> sim;
    int configs = 0;
    int denied = 0;
    int revoked = 0;
    std::optional<NetworkConfig> last;
};

/// One headless instance; stdout read as it comes, stderr (the log) kept in a file.
struct Instance
{
    std::unique_ptr<QProcess> process;
    QString logPath;
    QByteArray out;

    bool ready()
    {
        out += process->readAllStandardOutput();
        return kReadyLine.match(QString::fromUtf8(out)).hasMatch();
    }
    QString log() const
    {
        QFile file(logPath);
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    }
};

} // namespace

class TestHeadlessFailover : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<Instance> launch(const QString &name)
    {
        auto instance = std::make_unique<Instance>();
        const QString home = QDir(m_dir.path()).filePath(name);
        QDir().mkpath(home);
        instance->logPath = QDir(home).filePath(QStringLiteral("stderr.log"));
        instance->process = std::make_unique<QProcess>();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), home);
        env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/xdg-data"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/xdg-config"));
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        instance->process->setProcessEnvironment(env);
        instance->process->setStandardErrorFile(instance->logPath);
        instance->process->setProgram(test::binaryDir() + QStringLiteral("/bin/tiermaster"));
        instance->process->setArguments(
            {QStringLiteral("--headless"), QStringLiteral("--no-api"), QStringLiteral("--planet"), m_planetPath,
             QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--data-dir"),
             QDir(home).filePath(QStringLiteral("data")), QStringLiteral("--database"), m_location.uriText()});
        // If this test dies, its instances die with it instead of standing by forever.
        instance->process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
        instance->process->start();
        if (!instance->process->waitForStarted(10000))
            return nullptr;
        return instance;
    }

    std::unique_ptr<Member> makeMember(const Identity &identity)
    {
        auto m = std::make_unique<Member>();
        NodeOptions options = test::loopbackOptions();
        SimulatedMember::applyMemberDefaults(options);
        m->node = std::make_unique<Node>(identity, options);
        m->node->setWorlds(m_planet);
        m->sim = std::make_unique<SimulatedMember>(m->node.get(), m_networkId);
        Member *raw = m.get();
        connect(m->sim.get(), &SimulatedMember::event, this, [raw](const MemberEvent &event) {
            if (event.kind == MemberEvent::Kind::Config) {
                ++raw->configs;
                raw->last = event.config;
            } else if (event.kind == MemberEvent::Kind::Denied) {
                ++raw->denied;
            } else if (event.kind == MemberEvent::Kind::Revoked) {
                ++raw->revoked;
            }
        });
        if (!m->node->start().ok())
            return nullptr;
        return m;
    }

    /// A change written by someone other than the active process (another instance's GUI/API):
    /// its own connection, its own controller view loaded fresh, committed = acknowledged.
    bool authorizeFromElsewhere(Address member, bool authorized = true)
    {
        Database db(QStringLiteral("elsewhere"));
        if (!db.open(m_location.uri()).ok())
            return false;
        db.setNotifyChanges(true, QStringLiteral("test-writer"));
        NetworkController controller(db, m_controllerIdentity, nullptr, &nowMs);
        if (!controller.load().ok())
            return false;
        const auto done = controller.setAuthorized(m_networkId, member, authorized);
        if (!done)
            qWarning().noquote() << done.error().message;
        return done.ok();
    }

    /// Asks again every 500 ms (as a node whose controller went quiet) until a config newer than
    /// `before` arrives; returns the time it took, -1 on timeout.
    qint64 servedAgain(Member &m, int before, const QElapsedTimer &since)
    {
        QElapsedTimer ask;
        ask.start();
        m.sim->requestConfig();
        while (m.configs <= before && since.elapsed() < kServeTimeoutMs) {
            QTest::qWait(50);
            if (ask.elapsed() >= 500) {
                m.sim->requestConfig();
                ask.restart();
            }
        }
        return m.configs > before ? since.elapsed() : -1;
    }

private slots:
    void initTestCase()
    {
        if (test::pgServerUri().isEmpty())
            QSKIP(qPrintable(test::pgSkipMessage()));
        QVERIFY2(QFile::exists(test::binaryDir() + QStringLiteral("/bin/tiermaster")), "build the tiermaster target");
        QVERIFY(crypto::initialize());
        m_ids = test::loadIdentities(9);
        QCOMPARE(m_ids.size(), 9);
        m_controllerIdentity = m_ids[1];

        m_root = std::make_unique<Node>(m_ids[0], test::loopbackOptions(NodeOptions::Role::Root));
        QVERIFY(m_root->start().ok());
        m_planet = test::makePlanet(m_ids[0], m_root->localPort(), m_ids[7]);
        QVERIFY(m_dir.isValid());
        m_planetPath = QDir(m_dir.path()).filePath(QStringLiteral("private.planet"));
        QFile planetFile(m_planetPath);
        QVERIFY(planetFile.open(QIODevice::WriteOnly));
        planetFile.write(m_planet.toBytes());
        planetFile.close();

        const QString created = m_location.create(QStringLiteral("postgresql"));
        QVERIFY2(created.isEmpty(), qPrintable(created));
        // The shared database carries the controller identity: every instance serves as the same node.
        Database db(QStringLiteral("seed"));
        QVERIFY(db.open(m_location.uri()).ok());
        QVERIFY(ControllerIdentityRepository(db).save(m_controllerIdentity, 1).ok());
        NetworkController controller(db, m_controllerIdentity, nullptr, &nowMs);
        QVERIFY(controller.load().ok());
        NetworkSettings settings;
        settings.name = QStringLiteral("failover");
        settings.v4AssignZt = true;
        settings.pools = {IpPool{ip4("10.77.0.10"), ip4("10.77.0.250")}};
        settings.routes = {NetworkConfig::Route{ip4("10.77.0.0", 24), InetAddress(), 0, 0}};
        auto network = controller.createNetwork(settings);
        QVERIFY2(network.ok(), qPrintable(network ? QString() : network.error().message));
        m_networkId = network->id;
        for (int i : {2, 3})
            QVERIFY(controller.setAuthorized(m_networkId, m_ids[i].address(), true).ok());
    }

    void cleanupTestCase()
    {
        for (auto *instance : {&m_first, &m_second, &m_third}) {
            if (*instance && (*instance)->process->state() != QProcess::NotRunning) {
                (*instance)->process->terminate();
                if (!(*instance)->process->waitForFinished(15000))
                    (*instance)->process->kill();
                (*instance)->process->waitForFinished();
            }
        }
        m_members.clear();
        m_root.reset();
        m_location.drop();
    }

    void oneActiveOneStandby()
    {
        m_first = launch(QStringLiteral("first"));
        QVERIFY(m_first);
        QTRY_VERIFY_WITH_TIMEOUT(m_first->ready(), kReadyTimeoutMs);
        const auto match = kReadyLine.match(QString::fromUtf8(m_first->out));
        QCOMPARE(match.captured(u"address"), m_controllerIdentity.address().toString());

        m_second = launch(QStringLiteral("second"));
        QVERIFY(m_second);
        // Standing by: it says so, and it does not serve (no ready line) while the first lives.
        QTRY_VERIFY_WITH_TIMEOUT(m_second->log().contains(QStringLiteral("standing by")), kReadyTimeoutMs);
        QVERIFY(!m_second->ready());
        QCOMPARE(m_second->process->state(), QProcess::Running);
    }

    void membersServedAndChangesReachTheActive()
    {
        QVERIFY(m_first && m_second);
        for (int i : {2, 3, 4, 5}) {
            auto m = makeMember(m_ids[i]);
            QVERIFY(m);
            m_members.push_back(std::move(m));
        }
        for (int i : {0, 1}) {
            m_members[i]->sim->join();
            QTRY_VERIFY_WITH_TIMEOUT(m_members[i]->configs >= 1, kServeTimeoutMs);
            QVERIFY(m_members[i]->last->com.has_value());
            QVERIFY(m_members[i]->last->com->verify(m_controllerIdentity.publicOnly()));
        }
        // Member 4 asks before it is authorized, then a change committed elsewhere authorizes it:
        // the active process hears of it (NOTIFY), reloads, and serves it.
        m_members[2]->sim->join();
        // Authorized once its request was answered (as an administrator answers a join request): the
        // active process stores the pending record before it denies, and a pending record written
        // from memory that has not heard of an authorization yet would overwrite it.
        QTRY_VERIFY_WITH_TIMEOUT(m_members[2]->denied >= 1, kServeTimeoutMs);
        QElapsedTimer timer;
        timer.start();
        QVERIFY(authorizeFromElsewhere(m_ids[4].address()));
        QTRY_VERIFY_WITH_TIMEOUT(m_members[2]->configs >= 1, kServeTimeoutMs);
        qInfo("change committed by another writer -> config at the member via the active process: %lld ms",
              timer.elapsed());
    }

    void killActiveStandbyTakesOver()
    {
        QVERIFY(m_first && m_second && m_members.size() == 4);
        // Members keep talking (as in a live network) until the active process has recorded and
        // flushed where each one talks from directly: what a long-running controller always has in
        // the database when it dies. (First requests come relayed by the root, without an address.)
        auto flushedStatus = [this]() -> int {
            Database db(QStringLiteral("probe"));
            if (!db.open(m_location.uri()).ok())
                return -1;
            auto q = db.exec(QStringLiteral("SELECT COUNT(*) FROM member_status WHERE physical_address IS NOT NULL"));
            return q.ok() && q->next() ? q->value(0).toInt() : -1;
        };
        QElapsedTimer settling;
        settling.start();
        while (flushedStatus() < 3 && settling.elapsed() < 2 * kServeTimeoutMs) {
            for (int i : {0, 1, 2})
                m_members[i]->sim->requestConfig();
            QTest::qWait(1100); // the controller drops requests closer than 1 s
        }
        QVERIFY(flushedStatus() >= 3);
        QList<int> before;
        for (const auto &m : m_members)
            before.append(m->configs);

        QElapsedTimer sinceKill;
        m_first->process->kill(); // SIGKILL: no clean shutdown, the lease goes with the connection
        sinceKill.start();
        QVERIFY(m_first->process->waitForFinished(15000));

        QTRY_VERIFY_WITH_TIMEOUT(m_second->ready(), kReadyTimeoutMs);
        const qint64 takeoverMs = sinceKill.elapsed();
        const auto match = kReadyLine.match(QString::fromUtf8(m_second->out));
        QCOMPARE(match.captured(u"address"), m_controllerIdentity.address().toString());

        qint64 slowest = 0;
        for (int i : {0, 1, 2}) {
            const qint64 served = servedAgain(*m_members[i], before[i], sinceKill);
            QVERIFY2(served >= 0, qPrintable(QStringLiteral("member %1 was not served again").arg(i)));
            qInfo("member %d served again after %lld ms", i, served);
            slowest = qMax(slowest, served);
            QVERIFY(m_members[i]->last->com->verify(m_controllerIdentity.publicOnly()));
        }
        qInfo("fail-over: kill -> standby ready %lld ms; kill -> all members served again %lld ms", takeoverMs,
              slowest);
        // The change acknowledged before the kill survived: member 4 is still authorized.
        QVERIFY(!m_members[2]->last->staticIps.isEmpty());
    }

    void changesReachTheNewActive()
    {
        QVERIFY(m_second && m_members.size() == 4);
        m_members[3]->sim->join();
        QTRY_VERIFY_WITH_TIMEOUT(m_members[3]->denied >= 1, kServeTimeoutMs);
        QElapsedTimer timer;
        timer.start();
        QVERIFY(authorizeFromElsewhere(m_ids[5].address()));
        QTRY_VERIFY_WITH_TIMEOUT(m_members[3]->configs >= 1, kServeTimeoutMs);
        qInfo("change after fail-over -> config via the new active process: %lld ms", timer.elapsed());

        // A deauthorization committed elsewhere reaches the online member at once as a revocation
        // of its membership and ACCESS_DENIED, pushed by the active process after its reload.
        const int deniedBefore = m_members[3]->denied;
        timer.restart();
        QVERIFY(authorizeFromElsewhere(m_ids[5].address(), false));
        QTRY_VERIFY_WITH_TIMEOUT(m_members[3]->revoked >= 1 && m_members[3]->denied > deniedBefore, kServeTimeoutMs);
        qInfo("deauthorization elsewhere -> revocation and denial at the member: %lld ms", timer.elapsed());

        // A restarted first instance stands by behind the new active one.
        m_third = launch(QStringLiteral("third"));
        QVERIFY(m_third);
        QTRY_VERIFY_WITH_TIMEOUT(m_third->log().contains(QStringLiteral("standing by")), kReadyTimeoutMs);
        QVERIFY(!m_third->ready());
    }

private:
    QTemporaryDir m_dir;
    test::TestDatabaseLocation m_location;
    QList<Identity> m_ids;
    Identity m_controllerIdentity;
    std::unique_ptr<Node> m_root;
    World m_planet;
    QString m_planetPath;
    quint64 m_networkId = 0;
    std::unique_ptr<Instance> m_first;
    std::unique_ptr<Instance> m_second;
    std::unique_ptr<Instance> m_third;
    std::vector<std::unique_ptr<Member>> m_members;
};

QTEST_GUILESS_MAIN(TestHeadlessFailover)
#include "tst_headlessfailover.moc"
