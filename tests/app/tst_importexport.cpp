// SPDX-License-Identifier: GPL-3.0-or-later
// The real tiermaster binary's --import/--export: a zerotier-one home (the controller.d fixture) imported into
// a data dir, then the headless engine started on it and a simulated member that was authorized before the
// move getting the same IP without being authorized again; dry runs and broken trees that write nothing; a
// data dir that already holds networks refused; a fresh-identity database replaced with a backup kept;
// export → import round trip.
#include "apptestsupport.h"
#include "common/vectors.h"
#include "core/controller/networkcontroller.h"
#include "core/node/simulatedmember.h"
#include "core/store/backup.h"
#include "core/store/controlleridentityrepository.h"
#include "core/store/database.h"
#include "core/store/databasecopy.h"
#include "migrate/migratetestsupport.h"
#include "node/nodetestsupport.h"
#include "store/storebackend.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace tier;

namespace {

constexpr int kProcessTimeoutMs = 60000;
constexpr int kEventTimeoutMs = 30000;

InetAddress ip4(const char *text, quint16 bits)
{
    return InetAddress::fromIpString(QString::fromLatin1(text), bits).value();
}

} // namespace

class TestImportExport : public QObject
{
    Q_OBJECT

private:
    test::ProgramRun run(const QStringList &arguments)
    {
        return test::runProgram(m_home.path(), arguments, kProcessTimeoutMs);
    }

    QRegularExpressionMatch startHeadless(QProcess &process, const QString &dataDir)
    {
        return test::startHeadlessProgram(process, m_home.path(),
                                          {QStringLiteral("--planet"), m_planetFile, QStringLiteral("--port"),
                                           QStringLiteral("0"), QStringLiteral("--no-api"),
                                           QStringLiteral("--data-dir"), dataDir},
                                          kProcessTimeoutMs);
    }

    struct Loaded
    {
        std::unique_ptr<Database> database;
        std::unique_ptr<NetworkController> controller;
        Identity identity;
    };

    static std::unique_ptr<Loaded> load(const QString &path)
    {
        auto out = std::make_unique<Loaded>();
        out->database = std::make_unique<Database>(QStringLiteral("check"));
        if (!out->database->open(DatabaseUri::sqliteFile(path)).ok())
            return nullptr;
        auto identity = ControllerIdentityRepository(*out->database).load();
        if (!identity || !identity->has_value())
            return nullptr;
        out->identity = **identity;
        out->controller = std::make_unique<NetworkController>(*out->database, out->identity, nullptr,
                                                              [] { return QDateTime::currentMSecsSinceEpoch(); });
        if (!out->controller->load().ok())
            return nullptr;
        return out;
    }

    /// A member node of the fixture (identities.txt line) on the private planet, joined to networkId.
    struct Member
    {
        std::unique_ptr<Node> node;
        std::unique_ptr<SimulatedMember> sim;
    };

    std::unique_ptr<Member> join(int identityLine, quint64 networkId)
    {
        const QList<Identity> ids = test::loadIdentities(1, identityLine);
        if (ids.isEmpty())
            return nullptr;
        auto m = std::make_unique<Member>();
        NodeOptions options = test::loopbackOptions();
        SimulatedMember::applyMemberDefaults(options);
        m->node = std::make_unique<Node>(ids.first(), options);
        m->node->setWorlds(m_planet);
        m->sim = std::make_unique<SimulatedMember>(m->node.get(), networkId);
        if (!m->node->start().ok())
            return nullptr;
        m->sim->join();
        return m;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(crypto::initialize());
        QVERIFY(m_home.isValid());
        QVERIFY2(QFileInfo(test::tiermasterBinary()).isExecutable(),
                 qPrintable(test::tiermasterBinary() + QStringLiteral(" is not built")));
        const QList<Identity> ids = test::loadIdentities(2, 110);
        QCOMPARE(ids.size(), 2);
        m_root = std::make_unique<Node>(ids[0], test::loopbackOptions(NodeOptions::Role::Root));
        QVERIFY(m_root->start().ok());
        m_planet = test::makePlanet(ids[0], m_root->localPort(), ids[1]);
        QVERIFY(!m_planet.isNull());
        m_planetFile = m_home.filePath(QStringLiteral("private.planet"));
        QFile planet(m_planetFile);
        QVERIFY(planet.open(QIODevice::WriteOnly));
        planet.write(m_planet.toBytes());
    }

    void dryRunWritesNothing()
    {
        const QString dataDir = m_home.filePath(QStringLiteral("dry"));
        QVERIFY(QDir().mkpath(dataDir));
        QVERIFY(test::writeText(QDir(dataDir).filePath(QStringLiteral("unrelated.txt")), "keep"));
        const auto before = test::snapshot(dataDir);
        const test::ProgramRun done = run({QStringLiteral("--import"), test::fixtureHome(), QStringLiteral("--dry-run"),
                                           QStringLiteral("--data-dir"), dataDir});
        QVERIFY2(done.exitCode == 0, qPrintable(done.err));
        QVERIFY2(done.out.contains(QStringLiteral("Networks: 3, members: 6")), qPrintable(done.out));
        QVERIFY(done.out.contains(QStringLiteral("97571f2b97000001 \"office\"")));
        QVERIFY(done.out.contains(QStringLiteral("Dry run: nothing was written.")));
        QCOMPARE(test::snapshot(dataDir), before);

        // A data dir that does not exist is not even created.
        const QString absent = m_home.filePath(QStringLiteral("absent"));
        const test::ProgramRun again = run({QStringLiteral("--import"), test::fixtureHome(),
                                            QStringLiteral("--dry-run"), QStringLiteral("--data-dir"), absent});
        QCOMPARE(again.exitCode, 0);
        QVERIFY(!QFileInfo::exists(absent));
    }

    void brokenTreeFailsAndWritesNothing()
    {
        const QString home = m_home.filePath(QStringLiteral("broken-home"));
        QVERIFY(test::copyTree(test::fixtureHome(), home));
        const QString broken =
            QDir(home).filePath(QStringLiteral("controller.d/network/97571f2b97000001/member/b6a3329191.json"));
        QVERIFY(test::writeText(broken, "{\"authorized\": tru"));
        const QString dataDir = m_home.filePath(QStringLiteral("broken-data"));
        QVERIFY(QDir().mkpath(dataDir));
        QVERIFY(test::writeText(QDir(dataDir).filePath(QStringLiteral("unrelated.txt")), "keep"));
        const auto before = test::snapshot(dataDir);
        const test::ProgramRun done = run({QStringLiteral("--import"), home, QStringLiteral("--data-dir"), dataDir});
        QCOMPARE(done.exitCode, 1);
        QVERIFY2(done.out.contains(broken), qPrintable(done.out)); // the report names the broken file
        QVERIFY2(done.err.contains(QStringLiteral("nothing was written")), qPrintable(done.err));
        QCOMPARE(test::snapshot(dataDir), before);
    }

    void importedMemberKeepsItsIpWithoutReauthorization()
    {
        const QString dataDir = m_home.filePath(QStringLiteral("moved"));
        const test::ProgramRun done =
            run({QStringLiteral("--import"), test::fixtureHome(), QStringLiteral("--data-dir"), dataDir});
        QVERIFY2(done.exitCode == 0, qPrintable(done.err + done.out));
        QVERIFY2(done.out.contains(QStringLiteral("Imported 3 network(s) and 6 member(s) of controller 97571f2b97")),
                 qPrintable(done.out));
        QCOMPARE(test::readText(QDir(dataDir).filePath(QStringLiteral("identity.public"))).trimmed(),
                 test::readText(QDir(test::fixtureHome()).filePath(QStringLiteral("identity.public"))).trimmed());

        QProcess engine;
        const auto ready = startHeadless(engine, dataDir);
        QVERIFY(ready.hasMatch());
        QCOMPARE(ready.captured(u"address"), QStringLiteral("97571f2b97")); // the controller kept its address
        QTRY_VERIFY_WITH_TIMEOUT(m_root->peer(Address(0x97571f2b97ULL)) != nullptr, kEventTimeoutMs);

        // Authorized before the move (identity pinned), pre-authorized (no identity yet), and one that had asked
        // and was never authorized.
        auto laptop = join(101, test::kOffice);
        auto preauthorized = join(104, test::kOffice);
        auto pending = join(103, test::kOffice);
        QVERIFY(laptop && preauthorized && pending);
        QTRY_VERIFY_WITH_TIMEOUT(laptop->sim->config().has_value(), kEventTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(preauthorized->sim->config().has_value(), kEventTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(pending->sim->state(), std::optional(MemberEvent::Kind::Denied), kEventTimeoutMs);

        const NetworkConfig c = *laptop->sim->config();
        QCOMPARE(c.networkId, test::kOffice);
        QCOMPARE(c.name, QStringLiteral("office"));
        QVERIFY2(c.staticIps.contains(ip4("10.99.0.42", 24)), qPrintable(c.staticIps.value(0).toString()));
        QCOMPARE(c.dns.domain, QStringLiteral("office.lan"));
        QCOMPARE(c.routes.size(), 2);
        const NetworkConfig p = *preauthorized->sim->config();
        QVERIFY(p.staticIps.contains(ip4("10.99.0.44", 24)));

        // Export while the engine runs (WAL): it sees the committed state, the pinned identity learnt just now too.
        const QString live = m_home.filePath(QStringLiteral("live-export"));
        const test::ProgramRun exported =
            run({QStringLiteral("--export"), live, QStringLiteral("--data-dir"), dataDir});
        QVERIFY2(exported.exitCode == 0, qPrintable(exported.err));
        QVERIFY2(exported.out.contains(QStringLiteral("3 network(s) and 6 member(s)")), qPrintable(exported.out));
        const QJsonObject pinned =
            QJsonDocument::fromJson(test::readText(QDir(live).filePath(QStringLiteral(
                                        "controller.d/network/97571f2b97000001/member/958d42f789.json"))))
                .object();
        QVERIFY(pinned.value(QStringLiteral("authorized")).toBool());
        QCOMPARE(pinned.value(QStringLiteral("identity")).toString(),
                 test::loadIdentities(1, 104).value(0).toString(false));

        laptop.reset();
        preauthorized.reset();
        pending.reset();
        QCOMPARE(test::stopProgram(engine), 0);

        // A second import into the same data dir is refused: it holds a controller with networks now.
        const auto before = test::snapshot(dataDir);
        const test::ProgramRun again =
            run({QStringLiteral("--import"), test::fixtureHome(), QStringLiteral("--data-dir"), dataDir});
        QCOMPARE(again.exitCode, 1);
        QVERIFY2(again.err.contains(QStringLiteral("already holds a controller with 3 network(s)")),
                 qPrintable(again.err));
        QVERIFY(again.err.contains(QStringLiteral("--data-dir")));
        QCOMPARE(test::snapshot(dataDir), before);
    }

    void freshIdentityDatabaseIsReplacedWithABackupKept()
    {
        const QString dataDir = m_home.filePath(QStringLiteral("fresh"));
        {
            QProcess engine;
            QVERIFY(startHeadless(engine, dataDir).hasMatch());
            QCOMPARE(test::stopProgram(engine), 0);
        }
        const QByteArray oldPublic = test::readText(QDir(dataDir).filePath(QStringLiteral("identity.public")));
        QVERIFY(!oldPublic.startsWith("97571f2b97"));

        const test::ProgramRun done =
            run({QStringLiteral("--import"), test::fixtureHome(), QStringLiteral("--data-dir"), dataDir});
        QVERIFY2(done.exitCode == 0, qPrintable(done.err + done.out));
        const QStringList backups =
            QDir(Backup::backupsFolder(dataDir)).entryList({QStringLiteral("controller-*.db")}, QDir::Files);
        QCOMPARE(backups.size(), 1);
        const QString backup = QDir(Backup::backupsFolder(dataDir)).filePath(backups.first());
        QCOMPARE(QFileInfo(backup).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                 QFileDevice::Permissions());
        QVERIFY2(done.out.contains(backup), qPrintable(done.out));
        auto kept = Backup::validate(backup);
        QVERIFY(kept.ok());
        QCOMPARE(kept->controller.toString(), QString::fromLatin1(oldPublic.left(10)));

        auto loaded = load(QDir(dataDir).filePath(QStringLiteral("controller.db")));
        QVERIFY(loaded);
        QCOMPARE(loaded->identity.address().toString(), QStringLiteral("97571f2b97"));
        QCOMPARE(loaded->controller->networks().size(), 3);
    }

    void exportThenImportRoundTrip()
    {
        const QString source = m_home.filePath(QStringLiteral("round-source"));
        QCOMPARE(run({QStringLiteral("--import"), test::fixtureHome(), QStringLiteral("--data-dir"), source}).exitCode,
                 0);

        const QString exported = m_home.filePath(QStringLiteral("round-export"));
        const auto sourceBefore = test::snapshot(source);
        const test::ProgramRun done = run({QStringLiteral("--export"), exported, QStringLiteral("--data-dir"), source});
        QVERIFY2(done.exitCode == 0, qPrintable(done.err));
        QCOMPARE(test::snapshot(source), sourceBefore); // read-only: not even SQLite's side files appear
        QVERIFY2(done.out.contains(QStringLiteral("3 network(s) and 6 member(s)")), qPrintable(done.out));
        const QFileInfo secret(QDir(exported).filePath(QStringLiteral("identity.secret")));
        QVERIFY(secret.isFile());
        QCOMPARE(secret.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup |
                                         QFileDevice::WriteOther),
                 QFileDevice::Permissions());
        QVERIFY(QFileInfo(QDir(exported).filePath(QStringLiteral("identity.public"))).isFile());
        QVERIFY(QFileInfo(QDir(exported).filePath(
                              QStringLiteral("controller.d/network/97571f2b9700abcd/member/a0638e3282.json")))
                    .isFile());

        // Never over an existing folder with content.
        const auto before = test::snapshot(exported);
        const test::ProgramRun refused =
            run({QStringLiteral("--export"), exported, QStringLiteral("--data-dir"), source});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY(refused.err.contains(QStringLiteral("not empty")));
        QCOMPARE(test::snapshot(exported), before);

        const QString target = m_home.filePath(QStringLiteral("round-target"));
        const test::ProgramRun back = run({QStringLiteral("--import"), exported, QStringLiteral("--data-dir"), target});
        QVERIFY2(back.exitCode == 0, qPrintable(back.err + back.out));
        QVERIFY2(!back.out.contains(QStringLiteral("Left out")), qPrintable(back.out));

        auto a = load(QDir(source).filePath(QStringLiteral("controller.db")));
        auto b = load(QDir(target).filePath(QStringLiteral("controller.db")));
        QVERIFY(a && b);
        QCOMPARE(b->identity.toString(true), a->identity.toString(true));
        const QList<NetworkDetails> na = a->controller->networks();
        const QList<NetworkDetails> nb = b->controller->networks();
        QCOMPARE(nb.size(), na.size());
        for (qsizetype i = 0; i < na.size(); ++i) {
            QCOMPARE(nb[i].id, na[i].id);
            QVERIFY(nb[i].settings == na[i].settings);
            QCOMPARE(nb[i].revision, na[i].revision);
            const QList<MemberInfo> ma = a->controller->members(na[i].id);
            const QList<MemberInfo> mb = b->controller->members(na[i].id);
            QCOMPARE(mb.size(), ma.size());
            for (qsizetype j = 0; j < ma.size(); ++j) {
                QCOMPARE(mb[j].address, ma[j].address);
                QCOMPARE(mb[j].identity, ma[j].identity);
                QCOMPARE(mb[j].authorized, ma[j].authorized);
                QCOMPARE(mb[j].ipAssignments, ma[j].ipAssignments);
                QCOMPARE(mb[j].name, ma[j].name);
            }
        }
    }

    // Issue #9: a Tiermaster controller moves to PostgreSQL and back through --import, losslessly (SQLite to
    // SQLite when no test server is there: the same code path, the back end is only the URI).
    void copyBetweenBackEnds()
    {
        const QString source = m_home.filePath(QStringLiteral("copy-source"));
        QCOMPARE(run({QStringLiteral("--import"), test::fixtureHome(), QStringLiteral("--data-dir"), source}).exitCode,
                 0);
        const QString sourceDb = QDir(source).filePath(QStringLiteral("controller.db"));

        test::TestDatabaseLocation middle;
        const bool withPostgres = !test::pgServerUri().isEmpty();
        QCOMPARE(middle.create(withPostgres ? QStringLiteral("postgresql") : QStringLiteral("sqlite")), QString());
        qInfo() << "copying through" << (withPostgres ? "PostgreSQL" : "SQLite (no TIERMASTER_TEST_PG_URI)");
        const QStringList into{QStringLiteral("--database"), middle.uriText()};

        const test::ProgramRun dry =
            run(QStringList{QStringLiteral("--import"), sourceDb, QStringLiteral("--dry-run")} + into);
        QVERIFY2(dry.exitCode == 0, qPrintable(dry.err + dry.out));
        QVERIFY2(dry.out.contains(QStringLiteral("Dry run: nothing was written")), qPrintable(dry.out));
        if (!withPostgres)
            QVERIFY(!QFileInfo::exists(middle.uri().path));

        const test::ProgramRun copied = run(QStringList{QStringLiteral("--import"), sourceDb} + into);
        QVERIFY2(copied.exitCode == 0, qPrintable(copied.err + copied.out));
        QVERIFY2(copied.out.contains(QStringLiteral("checked row by row")), qPrintable(copied.out));

        const test::ProgramRun again = run(QStringList{QStringLiteral("--import"), sourceDb} + into);
        QCOMPARE(again.exitCode, 1);
        QVERIFY2(again.err.contains(QStringLiteral("already holds data")), qPrintable(again.err));

        const QString backDb = m_home.filePath(QStringLiteral("copy-back/controller.db"));
        const test::ProgramRun back = run({QStringLiteral("--import"), middle.uriText(), QStringLiteral("--database"),
                                           QStringLiteral("sqlite:") + backDb});
        QVERIFY2(back.exitCode == 0, qPrintable(back.err + back.out));

        Database a(QStringLiteral("copy-compare-a"));
        Database b(QStringLiteral("copy-compare-b"));
        QVERIFY(a.open(DatabaseUri::sqliteFile(sourceDb), Database::Access::ReadOnly).ok());
        QVERIFY(b.open(DatabaseUri::sqliteFile(backDb), Database::Access::ReadOnly).ok());
        int rows = 0;
        for (const QString &table : DatabaseCopy::dataTables()) {
            auto ra = DatabaseCopy::canonicalRows(a, table);
            auto rb = DatabaseCopy::canonicalRows(b, table);
            QVERIFY(ra && rb);
            QCOMPARE(*rb, *ra);
            rows += int(ra->size());
        }
        QVERIFY(rows > 10); // identity, 3 networks, their members: something was compared
    }

    void exportWithoutDatabaseFails()
    {
        const test::ProgramRun done = run({QStringLiteral("--export"), m_home.filePath(QStringLiteral("nothing-out")),
                                           QStringLiteral("--data-dir"), m_home.filePath(QStringLiteral("nothing"))});
        QCOMPARE(done.exitCode, 1);
        QVERIFY(done.err.contains(QStringLiteral("no controller database")));
        QVERIFY(!QFileInfo::exists(m_home.filePath(QStringLiteral("nothing-out"))));
    }

private:
    QTemporaryDir m_home;
    std::unique_ptr<Node> m_root;
    World m_planet;
    QString m_planetFile;
};

QTEST_GUILESS_MAIN(TestImportExport)
#include "tst_importexport.moc"
