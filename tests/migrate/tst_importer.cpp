// SPDX-License-Identifier: GPL-3.0-or-later
// Import from a zerotier-one home (controller.d fixture) and from 2015 SQLite controller databases made here
// from the §10 schema, into new controller.db files that are then loaded with NetworkController exactly as the
// engine does; broken trees that must import nothing; dry runs that write nothing; export → import round trip.

#include "core/controller/networkcontroller.h"
#include "core/crypto/primitives.h"
#include "core/migrate/exporter.h"
#include "core/migrate/importer.h"
#include "core/store/controlleridentityrepository.h"
#include "core/store/database.h"
#include "migrate/migratetestsupport.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace tier;
using namespace tier::test;

namespace {

Identity fixtureIdentity()
{
    QFile file(vectorPath(QStringLiteral("identities.txt")));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    int index = 0;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (line.isEmpty())
            continue;
        if (index++ == kFixtureControllerLine)
            return Identity::fromString(QString::fromLatin1(line)).value();
    }
    return {};
}

Identity lineIdentity(int line)
{
    QFile file(vectorPath(QStringLiteral("identities.txt")));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    int index = 0;
    while (!file.atEnd()) {
        const QByteArray text = file.readLine().trimmed();
        if (text.isEmpty())
            continue;
        if (index++ == line)
            return Identity::fromString(QString::fromLatin1(text)).value();
    }
    return {};
}

InetAddress ip(const char *text, quint16 bits = 0)
{
    return InetAddress::fromIpString(QString::fromLatin1(text), bits).value();
}

/// A database file opened for checks the way the engine opens it.
struct Loaded
{
    std::unique_ptr<Database> database;
    std::unique_ptr<NetworkController> controller;
    Identity identity;
};

std::unique_ptr<Loaded> loadDatabase(const QString &path)
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

bool hasProblemFor(const ImportPlan &plan, const QString &pathPart, bool blocking = true)
{
    for (const ImportProblem &p : plan.problems) {
        if (p.blocking == blocking && p.source.contains(pathPart))
            return true;
    }
    return false;
}

bool runSql(QSqlDatabase &db, const QStringList &statements)
{
    for (const QString &sql : statements) {
        QSqlQuery q(db);
        if (!q.exec(sql)) {
            qWarning().noquote() << sql << q.lastError().text();
            return false;
        }
    }
    return true;
}

QString blob4(const char *text)
{
    const QByteArray bytes = ip(text).ipBytes();
    return QStringLiteral("X'000000000000000000000000%1'").arg(QString::fromLatin1(bytes.toHex()));
}

QString blob6(const char *text)
{
    return QStringLiteral("X'%1'").arg(QString::fromLatin1(ip(text).ipBytes().toHex()));
}

} // namespace

class TestImporter : public QObject
{
    Q_OBJECT

private:
    QString m_controllerAddress;

    /// A 2015 controller.db (schema version 1 or 4, §10) with two networks, members, IPs, pools, rules,
    /// tokens, a relay and a gateway (v1), written next to identity.secret in folder.
    bool makeLegacyDatabase(const QString &folder, int version)
    {
        const Identity controller = fixtureIdentity();
        if (!writeText(QDir(folder).filePath(QStringLiteral("identity.secret")), controller.toString(true).toLatin1()))
            return false;
        const QString c = controller.address().toString();
        const QString n1 = c + QStringLiteral("000001");
        const QString n2 = c + QStringLiteral("000002");
        const Identity m1 = lineIdentity(101);
        const Identity m2 = lineIdentity(102);
        const QString connection = QStringLiteral("legacy-make-%1").arg(version);
        bool ok = false;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
            db.setDatabaseName(QDir(folder).filePath(QStringLiteral("controller.db")));
            if (!db.open())
                return false;
            QStringList sql = {
                QStringLiteral("CREATE TABLE Config (k varchar(16) PRIMARY KEY NOT NULL, v varchar(1024) NOT NULL)"),
                QStringLiteral("CREATE TABLE Network (id char(16) PRIMARY KEY NOT NULL, name varchar(128) NOT NULL, "
                               "private integer NOT NULL DEFAULT(1), enableBroadcast integer NOT NULL DEFAULT(1), "
                               "allowPassiveBridging integer NOT NULL DEFAULT(0), v4AssignMode varchar(8) NOT NULL "
                               "DEFAULT('none'), v6AssignMode varchar(8) NOT NULL DEFAULT('none'), multicastLimit "
                               "integer NOT NULL DEFAULT(32), creationTime integer NOT NULL DEFAULT(0), revision "
                               "integer NOT NULL DEFAULT(1), memberRevisionCounter integer NOT NULL DEFAULT(1)%1)")
                    .arg(version >= 3 ? QStringLiteral(", flags integer NOT NULL DEFAULT(0)") : QString()),
                QStringLiteral("CREATE TABLE AuthToken (id integer PRIMARY KEY NOT NULL, networkId char(16) NOT NULL "
                               "REFERENCES Network(id) ON DELETE CASCADE, authMode integer NOT NULL DEFAULT(1), "
                               "useCount integer NOT NULL DEFAULT(0), maxUses integer NOT NULL DEFAULT(0), expiresAt "
                               "integer NOT NULL DEFAULT(0), token varchar(256) NOT NULL)"),
                QStringLiteral("CREATE TABLE Node (id char(10) PRIMARY KEY NOT NULL, identity varchar(4096) NOT NULL)"),
                QStringLiteral(
                    "CREATE TABLE IpAssignment (networkId char(16) NOT NULL REFERENCES Network(id) ON DELETE "
                    "CASCADE, nodeId char(10) REFERENCES Node(id) ON DELETE CASCADE, type integer NOT NULL "
                    "DEFAULT(0), ip blob(16) NOT NULL, ipNetmaskBits integer NOT NULL DEFAULT(0), ipVersion "
                    "integer NOT NULL DEFAULT(4))"),
                QStringLiteral("CREATE UNIQUE INDEX IpAssignment_networkId_ip ON IpAssignment (networkId, ip)"),
                QStringLiteral(
                    "CREATE TABLE IpAssignmentPool (networkId char(16) NOT NULL REFERENCES Network(id) ON "
                    "DELETE CASCADE, ipRangeStart blob(16) NOT NULL, ipRangeEnd blob(16) NOT NULL, ipVersion "
                    "integer NOT NULL DEFAULT(4))"),
                QStringLiteral("CREATE TABLE Member (networkId char(16) NOT NULL REFERENCES Network(id) ON DELETE "
                               "CASCADE, nodeId char(10) NOT NULL REFERENCES Node(id) ON DELETE CASCADE, authorized "
                               "integer NOT NULL DEFAULT(0), activeBridge integer NOT NULL DEFAULT(0), memberRevision "
                               "integer NOT NULL DEFAULT(0)%1, PRIMARY KEY (networkId, nodeId))")
                    .arg(version >= 4 ? QStringLiteral(", flags integer NOT NULL DEFAULT(0), lastRequestTime integer "
                                                       "NOT NULL DEFAULT(0), lastPowDifficulty integer NOT NULL "
                                                       "DEFAULT(0), lastPowTime integer NOT NULL DEFAULT(0), "
                                                       "recentHistory blob")
                                      : QString()),
                QStringLiteral("CREATE TABLE Relay (networkId char(16) NOT NULL REFERENCES Network(id) ON DELETE "
                               "CASCADE, address char(10) NOT NULL, phyAddress varchar(64) NOT NULL)"),
                QStringLiteral("CREATE TABLE Rule (networkId char(16) NOT NULL REFERENCES Network(id) ON DELETE "
                               "CASCADE, ruleNo integer NOT NULL, nodeId char(10) REFERENCES Node(id), sourcePort "
                               "char(10), destPort char(10), vlanId integer, vlanPcp integer, etherType integer, "
                               "macSource char(12), macDest char(12), ipSource varchar(64), ipDest varchar(64), ipTos "
                               "integer, ipProtocol integer, ipSourcePort integer, ipDestPort integer, flags integer, "
                               "invFlags integer, \"action\" varchar(4096) NOT NULL DEFAULT('accept'))"),
                QStringLiteral("INSERT INTO Config (k, v) VALUES ('schemaVersion', '%1'), ('instanceId', "
                               "'0123456789abcdef')")
                    .arg(version),
                QStringLiteral("INSERT INTO Node (id, identity) VALUES ('%1', '%2'), ('%3', '%4')")
                    .arg(m1.address().toString(), m1.toString(false), m2.address().toString(), m2.toString(false)),
                QStringLiteral(
                    "INSERT INTO Member (networkId, nodeId, authorized, activeBridge, memberRevision) VALUES "
                    "('%1', '%3', 1, 0, 5), ('%1', '%4', 0, 1, 6), ('%2', '%3', 1, 0, 2)")
                    .arg(n1, n2, m1.address().toString(), m2.address().toString()),
                QStringLiteral(
                    "INSERT INTO IpAssignment (networkId, nodeId, type, ip, ipNetmaskBits, ipVersion) VALUES "
                    "('%1', '%2', 0, %3, 24, 4), ('%4', '%2', 0, %5, 64, 6)")
                    .arg(n1, m1.address().toString(), blob4("10.20.0.7"), n2, blob6("fd00:2::7")),
                QStringLiteral("INSERT INTO IpAssignmentPool (networkId, ipRangeStart, ipRangeEnd, ipVersion) VALUES "
                               "('%1', %2, %3, 4), ('%4', %5, %6, 6)")
                    .arg(n1, blob4("10.20.0.10"), blob4("10.20.0.99"), n2, blob6("fd00:2::100"), blob6("fd00:2::1ff")),
                QStringLiteral("INSERT INTO AuthToken (networkId, expiresAt, maxUses, token) VALUES ('%1', 0, 0, "
                               "'tok-a'), ('%1', 1900000000000, 5, 'tok-b')")
                    .arg(n1),
                QStringLiteral("INSERT INTO Rule (networkId, ruleNo, etherType, \"action\") VALUES ('%1', 10, 2048, "
                               "'accept'), ('%1', 20, 2054, 'accept'), ('%1', 30, 34525, 'accept'), ('%2', 10, NULL, "
                               "'accept')")
                    .arg(n1, n2),
                QStringLiteral("INSERT INTO Relay (networkId, address, phyAddress) VALUES ('%1', 'aabbccddee', "
                               "'192.0.2.1/9993')")
                    .arg(n1),
            };
            if (version >= 3) {
                sql << QStringLiteral(
                           "CREATE TABLE Route (networkId char(16) NOT NULL REFERENCES Network(id) ON DELETE "
                           "CASCADE, target blob(16) NOT NULL, via blob(16), targetNetmaskBits integer NOT "
                           "NULL, ipVersion integer NOT NULL, flags integer NOT NULL, metric integer NOT NULL)")
                    << QStringLiteral("INSERT INTO Network (id, name, private, enableBroadcast, multicastLimit, "
                                      "creationTime, revision, flags) VALUES ('%1', 'old office', 1, 1, 48, "
                                      "1450000000000, 12, 1), ('%2', 'old lab', 0, 0, 32, 1450000001000, 3, 6)")
                           .arg(n1, n2)
                    << QStringLiteral(
                           "INSERT INTO Route VALUES ('%1', %2, NULL, 24, 4, 0, 0), ('%1', %3, %4, 16, 4, 0, "
                           "5), ('%5', %6, NULL, 64, 6, 0, 0)")
                           .arg(n1, blob4("10.20.0.0"), blob4("172.16.0.0"), blob4("10.20.0.1"), n2, blob6("fd00:2::"));
            } else {
                sql << QStringLiteral("CREATE TABLE Gateway (networkId char(16) NOT NULL REFERENCES Network(id) ON "
                                      "DELETE CASCADE, ip blob(16) NOT NULL, ipVersion integer NOT NULL DEFAULT(4), "
                                      "metric integer NOT NULL DEFAULT(0))")
                    << QStringLiteral("CREATE TABLE Log (networkId char(16) NOT NULL, nodeId char(10) NOT NULL, ts "
                                      "integer NOT NULL, authorized integer NOT NULL, authTokenId integer, version "
                                      "varchar(16), fromAddr varchar(64))")
                    << QStringLiteral(
                           "INSERT INTO Network (id, name, private, enableBroadcast, v4AssignMode, "
                           "v6AssignMode, multicastLimit, creationTime, revision) VALUES ('%1', 'old office', "
                           "1, 1, 'zt', 'none', 48, 1450000000000, 12), ('%2', 'old lab', 0, 0, 'none', "
                           "'rfc4193,6plane', 32, 1450000001000, 3)")
                           .arg(n1, n2)
                    << QStringLiteral(
                           "INSERT INTO IpAssignment (networkId, nodeId, type, ip, ipNetmaskBits, ipVersion) "
                           "VALUES ('%1', NULL, 1, %2, 24, 4), ('%3', NULL, 1, %4, 64, 6)")
                           .arg(n1, blob4("10.20.0.0"), n2, blob6("fd00:2::"))
                    << QStringLiteral("INSERT INTO Gateway (networkId, ip, ipVersion, metric) VALUES ('%1', %2, 4, 0)")
                           .arg(n1, blob4("10.20.0.1"));
            }
            ok = runSql(db, sql);
            db.close();
        }
        QSqlDatabase::removeDatabase(connection);
        return ok;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(crypto::initialize());
        const Identity controller = fixtureIdentity();
        QVERIFY(!controller.isNull());
        m_controllerAddress = controller.address().toString();
        QCOMPARE(m_controllerAddress, QStringLiteral("97571f2b97"));
    }

    void planOfFixture()
    {
        const QMap<QString, QByteArray> before = snapshot(fixtureHome());
        const ImportPlan plan = Importer::plan(fixtureHome());
        const QString report = plan.report();
        qInfo().noquote() << report;
        QVERIFY2(plan.canImport(), qPrintable(report));
        QCOMPARE(plan.kind, ImportPlan::SourceKind::ZeroTierHome);
        QCOMPARE(plan.identity.address().toString(), m_controllerAddress);
        QCOMPARE(plan.networks.size(), 3);
        QCOMPARE(plan.memberCount(), 6);
        QCOMPARE(plan.authorizedCount(), 4);
        QVERIFY(plan.blockingProblems().isEmpty());
        QVERIFY(report.contains(QStringLiteral("97571f2b97000001 \"office\": 4 members")));
        // Reading changed nothing in the source.
        QCOMPARE(snapshot(fixtureHome()), before);
    }

    void importFixtureLoadsAsTheEngineDoes()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString target = dir.filePath(QStringLiteral("controller.db"));
        const ImportPlan plan = Importer::plan(fixtureHome());
        QVERIFY(plan.canImport());
        const Status built = Importer::build(plan, target);
        QVERIFY2(built.ok(), built.ok() ? "" : qPrintable(built.error().message));
        QCOMPARE(QFileInfo(target).permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
                 QFileDevice::Permissions());
        // Only the database: no temporary file or log left beside it.
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("controller.db")});

        auto loaded = loadDatabase(target);
        QVERIFY(loaded);
        QCOMPARE(loaded->identity.address().toString(), m_controllerAddress);
        QVERIFY(loaded->identity.hasSecret());
        QCOMPARE(loaded->controller->networks().size(), 3);

        const auto office = loaded->controller->network(kOffice);
        QVERIFY(office);
        QCOMPARE(office->settings.name, QStringLiteral("office"));
        QCOMPARE(office->revision, quint64(7));
        QCOMPARE(office->creationTime, qint64(1700000000000));
        QVERIFY(office->settings.isPrivate);
        QVERIFY(office->settings.v4AssignZt);
        QVERIFY(office->settings.v6AssignRfc4193);
        QVERIFY(!office->settings.v6Assign6plane);
        QCOMPARE(office->settings.pools, (QList<IpPool>{IpPool{ip("10.99.0.10"), ip("10.99.0.250")}}));
        QCOMPARE(office->settings.routes.size(), 2);
        QCOMPARE(office->settings.routes[0].target, ip("10.99.0.0", 24));
        QVERIFY(office->settings.routes[0].via.isNull());
        QCOMPARE(office->settings.routes[1].target, ip("192.168.50.0", 24));
        QCOMPARE(office->settings.routes[1].via, ip("10.99.0.2"));
        QCOMPARE(office->settings.dns.domain, QStringLiteral("office.lan"));
        QCOMPARE(office->settings.dns.servers, (QList<InetAddress>{ip("10.99.0.1"), ip("10.99.0.2")}));
        const QJsonArray rules = QJsonDocument::fromJson(office->settings.rulesJson.toUtf8()).array();
        QCOMPARE(rules.size(), 5);
        QCOMPARE(rules[0].toObject().value(QStringLiteral("type")).toString(), QStringLiteral("MATCH_ETHERTYPE"));
        QCOMPARE(rules[0].toObject().value(QStringLiteral("etherType")).toInt(), 2048);
        QCOMPARE(rules[3].toObject().value(QStringLiteral("type")).toString(), QStringLiteral("ACTION_DROP"));

        const auto lab = loaded->controller->network(kLab);
        QVERIFY(lab);
        QVERIFY(!lab->settings.isPrivate);
        QCOMPARE(lab->settings.mtu, 2700);
        QCOMPARE(lab->settings.multicastLimit, 64);
        QVERIFY(lab->settings.v6AssignZt);
        QVERIFY(lab->settings.v6Assign6plane);
        QCOMPARE(lab->settings.pools.size(), 2);
        QCOMPARE(lab->settings.pools[1], (IpPool{ip("fd00:1234::1"), ip("fd00:1234::ffff")}));
        QVERIFY(lab->settings.capabilitiesJson.contains(QStringLiteral("\"id\":1")));
        QVERIFY(lab->settings.tagsJson.contains(QStringLiteral("\"id\":100")));
        QVERIFY(loaded->controller->network(kSpare));
        QCOMPARE(loaded->controller->members(kSpare).size(), 0);

        const QList<MemberInfo> officeMembers = loaded->controller->members(kOffice);
        QCOMPARE(officeMembers.size(), 4);
        const Identity laptop = lineIdentity(101);
        const auto m1 = loaded->controller->member(kOffice, laptop.address());
        QVERIFY(m1);
        QVERIFY(m1->authorized);
        QCOMPARE(m1->name, QStringLiteral("laptop"));
        QCOMPARE(m1->identity, laptop.toString(false));
        QCOMPARE(m1->ipAssignments, (QList<InetAddress>{ip("10.99.0.42")}));
        QCOMPARE(m1->revision, quint64(4));
        QVERIFY(!m1->pending);
        const auto bridge = loaded->controller->member(kOffice, lineIdentity(102).address());
        QVERIFY(bridge && bridge->authorized && bridge->activeBridge);
        const auto asked = loaded->controller->member(kOffice, lineIdentity(103).address());
        QVERIFY(asked && !asked->authorized && asked->pending);
        const auto preauthorized = loaded->controller->member(kOffice, lineIdentity(104).address());
        QVERIFY(preauthorized && preauthorized->authorized);
        QVERIFY(preauthorized->identity.isEmpty());
        QCOMPARE(preauthorized->ipAssignments, (QList<InetAddress>{ip("10.99.0.44")}));
        const auto labLaptop = loaded->controller->member(kLab, laptop.address());
        QVERIFY(labLaptop);
        QCOMPARE(labLaptop->ipAssignments, (QList<InetAddress>{ip("172.28.1.5"), ip("fd00:1234::5")}));
        QCOMPARE(labLaptop->tags, (QList<QPair<quint32, quint32>>{{100, 7}}));
        QCOMPARE(labLaptop->capabilities, (QList<quint32>{1}));

        // Columns the settings do not carry travel too.
        auto rows = ControllerNetworkRepository(*loaded->database).loadAll();
        QVERIFY(rows.ok());
        bool sawToken = false;
        for (const ControllerNetworkRow &row : *rows)
            sawToken = sawToken || (row.record.id == kOffice && row.record.authTokensJson.contains(u"join-me-please"));
        QVERIFY(sawToken);
    }

    void buildNeverReplacesATarget()
    {
        QTemporaryDir dir;
        const QString target = dir.filePath(QStringLiteral("controller.db"));
        QVERIFY(writeText(target, "something precious"));
        const Status built = Importer::build(Importer::plan(fixtureHome()), target);
        QVERIFY(!built.ok());
        QCOMPARE(built.error().code, ErrorCode::Conflict);
        QCOMPARE(readText(target), QByteArray("something precious"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("controller.db")});
    }

    void failedBuildLeavesNothing()
    {
        QTemporaryDir dir;
        ImportPlan plan = Importer::plan(fixtureHome());
        QVERIFY(plan.canImport());
        plan.networks.append(plan.networks.constFirst()); // the second insert of one ID fails inside the write
        const Status built = Importer::build(plan, dir.filePath(QStringLiteral("controller.db")));
        QVERIFY(!built.ok());
        QVERIFY2(built.error().message.contains(QStringLiteral("nothing was written")),
                 qPrintable(built.error().message));
        QVERIFY(QDir(dir.path()).isEmpty());
    }

    void brokenTreeImportsNothing_data()
    {
        QTest::addColumn<QString>("breakage");
        QTest::addColumn<QString>("brokenFile"); // part of the problem's source

        QTest::newRow("bad JSON") << QStringLiteral("badjson") << QStringLiteral("97571f2b97000001.json");
        QTest::newRow("wrong type") << QStringLiteral("wrongtype") << QStringLiteral("b6a3329191.json");
        QTest::newRow("member of unknown network") << QStringLiteral("orphan") << QStringLiteral("dc2075ef8c.json");
        QTest::newRow("identity.public mismatch")
            << QStringLiteral("publicmismatch") << QStringLiteral("identity.public");
        QTest::newRow("identity.secret missing") << QStringLiteral("nosecret") << QStringLiteral("identity.secret");
        QTest::newRow("identity.secret damaged") << QStringLiteral("badsecret") << QStringLiteral("identity.secret");
        QTest::newRow("network of another controller")
            << QStringLiteral("foreign") << QStringLiteral("1122334455000001.json");
        QTest::newRow("file named for another network")
            << QStringLiteral("renamed") << QStringLiteral("97571f2b97000002.json");
        QTest::newRow("member identity of another address")
            << QStringLiteral("memberidentity") << QStringLiteral("86d1685d5c.json");
        QTest::newRow("duplicate IP") << QStringLiteral("duplicateip") << QStringLiteral("b6a3329191.json");
        QTest::newRow("member not an object") << QStringLiteral("memberarray") << QStringLiteral("a0638e3282.json");
    }

    void brokenTreeImportsNothing()
    {
        QFETCH(QString, breakage);
        QFETCH(QString, brokenFile);
        QTemporaryDir dir;
        const QString home = dir.filePath(QStringLiteral("home"));
        QVERIFY(copyTree(fixtureHome(), home));
        const QDir network(QDir(home).filePath(QStringLiteral("controller.d/network")));
        const QString office = network.filePath(QStringLiteral("97571f2b97000001.json"));
        const QString officeMembers = network.filePath(QStringLiteral("97571f2b97000001/member"));
        auto patchJson = [](const QString &path, const std::function<void(QJsonObject &)> &change) {
            QJsonObject o = QJsonDocument::fromJson(readText(path)).object();
            change(o);
            return writeText(path, QJsonDocument(o).toJson(QJsonDocument::Compact));
        };
        if (breakage == QLatin1String("badjson")) {
            QVERIFY(writeText(office, "{\"id\":\"97571f2b97000001\",\"name\":"));
        } else if (breakage == QLatin1String("wrongtype")) {
            QVERIFY(patchJson(QDir(officeMembers).filePath(QStringLiteral("b6a3329191.json")),
                              [](QJsonObject &o) { o.insert(QStringLiteral("authorized"), QJsonArray{1}); }));
        } else if (breakage == QLatin1String("orphan")) {
            QVERIFY(QFile::remove(network.filePath(QStringLiteral("97571f2b9700abcd.json"))));
        } else if (breakage == QLatin1String("publicmismatch")) {
            QVERIFY(writeText(QDir(home).filePath(QStringLiteral("identity.public")),
                              lineIdentity(101).toString(false).toLatin1()));
        } else if (breakage == QLatin1String("nosecret")) {
            QVERIFY(QFile::remove(QDir(home).filePath(QStringLiteral("identity.secret"))));
        } else if (breakage == QLatin1String("badsecret")) {
            QByteArray text = readText(QDir(home).filePath(QStringLiteral("identity.secret"))).trimmed();
            text[text.size() - 3] = text[text.size() - 3] == '0' ? '1' : '0'; // secret no longer matches the public key
            QVERIFY(writeText(QDir(home).filePath(QStringLiteral("identity.secret")), text));
        } else if (breakage == QLatin1String("foreign")) {
            const QString foreign = network.filePath(QStringLiteral("1122334455000001.json"));
            QVERIFY(QFile::copy(network.filePath(QStringLiteral("97571f2b970000ff.json")), foreign));
            QVERIFY(patchJson(foreign, [](QJsonObject &o) {
                o.insert(QStringLiteral("id"), QStringLiteral("1122334455000001"));
                o.insert(QStringLiteral("nwid"), QStringLiteral("1122334455000001"));
            }));
        } else if (breakage == QLatin1String("renamed")) {
            QVERIFY(QFile::copy(network.filePath(QStringLiteral("97571f2b970000ff.json")),
                                network.filePath(QStringLiteral("97571f2b97000002.json"))));
        } else if (breakage == QLatin1String("memberidentity")) {
            QVERIFY(patchJson(QDir(officeMembers).filePath(QStringLiteral("86d1685d5c.json")), [](QJsonObject &o) {
                o.insert(QStringLiteral("identity"), lineIdentity(105).toString(false));
            }));
        } else if (breakage == QLatin1String("duplicateip")) {
            QVERIFY(patchJson(QDir(officeMembers).filePath(QStringLiteral("b6a3329191.json")), [](QJsonObject &o) {
                o.insert(QStringLiteral("ipAssignments"), QJsonArray{QStringLiteral("10.99.0.42")});
            }));
        } else if (breakage == QLatin1String("memberarray")) {
            QVERIFY(writeText(QDir(officeMembers).filePath(QStringLiteral("a0638e3282.json")), "[1,2,3]"));
        } else {
            QFAIL("unknown breakage");
        }

        const QString target = dir.filePath(QStringLiteral("data"));
        QVERIFY(QDir().mkpath(target));
        QVERIFY(writeText(QDir(target).filePath(QStringLiteral("unrelated.txt")), "keep me"));
        const auto targetBefore = snapshot(target);
        const auto sourceBefore = snapshot(home);

        const ImportPlan plan = Importer::plan(home);
        const QString report = plan.report();
        QVERIFY2(!plan.canImport(), qPrintable(report));
        QVERIFY2(hasProblemFor(plan, brokenFile), qPrintable(report));
        QVERIFY2(report.contains(brokenFile), qPrintable(report));
        QVERIFY(report.contains(QStringLiteral("cannot be imported")));
        const Status built = Importer::build(plan, QDir(target).filePath(QStringLiteral("controller.db")));
        QVERIFY(!built.ok());
        QCOMPARE(snapshot(target), targetBefore);
        QCOMPARE(snapshot(home), sourceBefore);
    }

    void routeWithHostBitsMovesInAsGiven()
    {
        // The real 1.14.1 controller holds such a route; the move keeps it and the report warns.
        QTemporaryDir dir;
        const QString home = dir.filePath(QStringLiteral("home"));
        QVERIFY(copyTree(fixtureHome(), home));
        const QString lab = QDir(home).filePath(QStringLiteral("controller.d/network/97571f2b9700abcd.json"));
        QJsonObject o = QJsonDocument::fromJson(readText(lab)).object();
        o.insert(QStringLiteral("routes"),
                 QJsonArray{QJsonObject{{QStringLiteral("target"), QStringLiteral("172.28.1.1/16")},
                                        {QStringLiteral("via"), QJsonValue()}}});
        QVERIFY(writeText(lab, QJsonDocument(o).toJson(QJsonDocument::Compact)));
        const ImportPlan plan = Importer::plan(home);
        const QString report = plan.report();
        QVERIFY2(plan.canImport(), qPrintable(report));
        bool warned = false;
        for (const ImportProblem &w : plan.warnings)
            warned = warned || (w.source.endsWith(QStringLiteral("97571f2b9700abcd.json")) &&
                                w.reason.contains(QStringLiteral("172.28.1.1/16 has host bits set")));
        QVERIFY2(warned, qPrintable(report));
        QVERIFY2(report.contains(QStringLiteral("Warnings (")), qPrintable(report));
        const QString target = dir.filePath(QStringLiteral("controller.db"));
        const Status built = Importer::build(plan, target);
        QVERIFY2(built.ok(), built.ok() ? "" : qPrintable(built.error().message));
        auto loaded = loadDatabase(target);
        QVERIFY(loaded);
        const auto network = loaded->controller->network(kLab);
        QVERIFY(network);
        QCOMPARE(network->settings.routes.size(), 1);
        QCOMPARE(network->settings.routes.first().target, ip("172.28.1.1", 16));
        bool engineWarns = false;
        for (const NetworkFinding &w : network->warnings)
            engineWarns = engineWarns || w.kind == NetworkFinding::Kind::RouteHostBits;
        QVERIFY(engineWarns);
    }

    void leftOutIsReportedButDoesNotBlock()
    {
        QTemporaryDir dir;
        const QString home = dir.filePath(QStringLiteral("home"));
        QVERIFY(copyTree(fixtureHome(), home));
        QVERIFY(QDir().mkpath(QDir(home).filePath(QStringLiteral("controller.d/trace"))));
        // A field an older zerotier-one wrote (1.1.x relays) is named, not silently dropped.
        const QString spare = QDir(home).filePath(QStringLiteral("controller.d/network/97571f2b970000ff.json"));
        QJsonObject o = QJsonDocument::fromJson(readText(spare)).object();
        o.insert(QStringLiteral("relays"), QJsonArray{});
        QVERIFY(writeText(spare, QJsonDocument(o).toJson()));
        QVERIFY(writeText(QDir(home).filePath(QStringLiteral("controller.d/network/notes.txt")), "hello"));
        const ImportPlan plan = Importer::plan(home);
        QVERIFY2(plan.canImport(), qPrintable(plan.report()));
        QVERIFY(hasProblemFor(plan, QStringLiteral("controller.d/trace"), false));
        QVERIFY(hasProblemFor(plan, QStringLiteral("notes.txt"), false));
        QVERIFY(hasProblemFor(plan, QStringLiteral("97571f2b970000ff.json"), false));
        QVERIFY(plan.report().contains(QStringLiteral("relays")));
        QVERIFY(plan.report().contains(QStringLiteral("notes.txt")));
    }

    void legacyDatabase_data()
    {
        QTest::addColumn<int>("version");
        QTest::newRow("1.0.x schema 1") << 1;
        QTest::newRow("1.1.14 schema 4") << 4;
    }

    void legacyDatabase()
    {
        QFETCH(int, version);
        QTemporaryDir dir;
        const QString home = dir.filePath(QStringLiteral("zt"));
        QVERIFY(QDir().mkpath(home));
        QVERIFY(makeLegacyDatabase(home, version));
        const QString file = QDir(home).filePath(QStringLiteral("controller.db"));
        const auto sourceBefore = snapshot(home);

        // The folder and the file itself both lead to the old database.
        const ImportPlan fromFolder = Importer::plan(home);
        QCOMPARE(fromFolder.kind, ImportPlan::SourceKind::LegacyDatabase);
        const ImportPlan plan = Importer::plan(file);
        const QString report = plan.report();
        qInfo().noquote() << report;
        QVERIFY2(plan.canImport(), qPrintable(report));
        QCOMPARE(plan.kind, ImportPlan::SourceKind::LegacyDatabase);
        QCOMPARE(plan.networks.size(), 2);
        QCOMPARE(plan.memberCount(), 3);
        QVERIFY(hasProblemFor(plan, QStringLiteral("Relay"), false));
        QVERIFY(hasProblemFor(plan, QStringLiteral("AuthToken"), false)); // the use limit of tok-b
        if (version == 1)
            QVERIFY(hasProblemFor(plan, QStringLiteral("Gateway"), false));
        QCOMPARE(snapshot(home), sourceBefore);

        const QString target = dir.filePath(QStringLiteral("controller.db"));
        const Status built = Importer::build(plan, target);
        QVERIFY2(built.ok(), built.ok() ? "" : qPrintable(built.error().message));
        auto loaded = loadDatabase(target);
        QVERIFY(loaded);
        QCOMPARE(loaded->identity.address().toString(), m_controllerAddress);
        const quint64 n1 = (loaded->identity.address().toInt() << 24) | 1;
        const quint64 n2 = (loaded->identity.address().toInt() << 24) | 2;
        const auto office = loaded->controller->network(n1);
        QVERIFY(office);
        QCOMPARE(office->settings.name, QStringLiteral("old office"));
        QCOMPARE(office->revision, quint64(12));
        QCOMPARE(office->settings.multicastLimit, 48);
        QVERIFY(office->settings.v4AssignZt);
        QCOMPARE(office->settings.pools, (QList<IpPool>{IpPool{ip("10.20.0.10"), ip("10.20.0.99")}}));
        QVERIFY(!office->settings.routes.isEmpty());
        QCOMPARE(office->settings.routes[0].target, ip("10.20.0.0", 24));
        if (version == 4) {
            QCOMPARE(office->settings.routes.size(), 2);
            QCOMPARE(office->settings.routes[1].via, ip("10.20.0.1"));
            QCOMPARE(office->settings.routes[1].metric, quint16(5));
        }
        // etherType accept rules → MATCH_ETHERTYPE + ACTION_ACCEPT pairs, closed by ACTION_DROP.
        const QJsonArray rules = QJsonDocument::fromJson(office->settings.rulesJson.toUtf8()).array();
        QCOMPARE(rules.size(), 7);
        QCOMPARE(rules[0].toObject().value(QStringLiteral("etherType")).toInt(), 2048);
        QCOMPARE(rules[1].toObject().value(QStringLiteral("type")).toString(), QStringLiteral("ACTION_ACCEPT"));
        QCOMPARE(rules[4].toObject().value(QStringLiteral("etherType")).toInt(), 34525);
        QCOMPARE(rules[6].toObject().value(QStringLiteral("type")).toString(), QStringLiteral("ACTION_DROP"));

        const auto lab = loaded->controller->network(n2);
        QVERIFY(lab);
        QVERIFY(!lab->settings.isPrivate);
        QVERIFY(!lab->settings.enableBroadcast);
        QVERIFY(lab->settings.v6AssignRfc4193);
        QVERIFY(lab->settings.v6Assign6plane);
        QCOMPARE(lab->settings.routes.size(), 1);
        QCOMPARE(lab->settings.routes[0].target, ip("fd00:2::", 64));
        QCOMPARE(lab->settings.pools, (QList<IpPool>{IpPool{ip("fd00:2::100"), ip("fd00:2::1ff")}}));
        const QJsonArray labRules = QJsonDocument::fromJson(lab->settings.rulesJson.toUtf8()).array();
        QCOMPARE(labRules.size(), 1); // an all-null accept rule is a plain ACTION_ACCEPT
        QCOMPARE(labRules[0].toObject().value(QStringLiteral("type")).toString(), QStringLiteral("ACTION_ACCEPT"));

        const Identity m1 = lineIdentity(101);
        const Identity m2 = lineIdentity(102);
        const auto a = loaded->controller->member(n1, m1.address());
        QVERIFY(a);
        QVERIFY(a->authorized);
        QCOMPARE(a->identity, m1.toString(false));
        QCOMPARE(a->ipAssignments, (QList<InetAddress>{ip("10.20.0.7")}));
        QCOMPARE(a->revision, quint64(5));
        const auto b = loaded->controller->member(n1, m2.address());
        QVERIFY(b && !b->authorized && b->activeBridge);
        const auto c = loaded->controller->member(n2, m1.address());
        QVERIFY(c && c->authorized);
        QCOMPARE(c->ipAssignments, (QList<InetAddress>{ip("fd00:2::7")}));

        auto rows = ControllerNetworkRepository(*loaded->database).loadAll();
        QVERIFY(rows.ok());
        for (const ControllerNetworkRow &row : *rows) {
            if (row.record.id == n1) {
                const QJsonObject tokens = QJsonDocument::fromJson(row.record.authTokensJson.toUtf8()).object();
                QCOMPARE(tokens.value(QStringLiteral("tok-a")).toDouble(), 0.0);
                QCOMPARE(tokens.value(QStringLiteral("tok-b")).toDouble(), 1900000000000.0);
            }
        }
    }

    void legacyDatabaseWithoutIdentityOrOfAnotherKind()
    {
        QTemporaryDir dir;
        const QString home = dir.filePath(QStringLiteral("zt"));
        QVERIFY(QDir().mkpath(home));
        QVERIFY(makeLegacyDatabase(home, 4));
        QVERIFY(QFile::remove(QDir(home).filePath(QStringLiteral("identity.secret"))));
        const ImportPlan plan = Importer::plan(QDir(home).filePath(QStringLiteral("controller.db")));
        QVERIFY(!plan.canImport());
        QVERIFY(hasProblemFor(plan, QStringLiteral("identity.secret")));

        // A Tiermaster database is not an import source (that is a restore).
        const QString ours = dir.filePath(QStringLiteral("ours.db"));
        QVERIFY(Importer::build(Importer::plan(fixtureHome()), ours).ok());
        const ImportPlan restore = Importer::plan(ours);
        QVERIFY(!restore.canImport());
        QVERIFY(restore.report().contains(QStringLiteral("Restore backup")));

        // Not a database at all.
        const QString text = dir.filePath(QStringLiteral("notes.db"));
        QVERIFY(writeText(text, "just text, long enough to be looked at"));
        QVERIFY(!Importer::plan(text).canImport());
        QVERIFY(!Importer::plan(dir.filePath(QStringLiteral("missing"))).canImport());
    }

    void exportThenImportGivesTheSameController()
    {
        QTemporaryDir dir;
        const QString first = dir.filePath(QStringLiteral("first.db"));
        QVERIFY(Importer::build(Importer::plan(fixtureHome()), first).ok());
        // A description (ours, not the reference's) travels with its network.
        const QString description = QStringLiteral("Büro Hamburg\n\tzweiter Stock");
        {
            auto described = loadDatabase(first);
            QVERIFY(described);
            NetworkSettings s = described->controller->network(kOffice)->settings;
            s.description = description;
            QVERIFY(described->controller->updateNetwork(kOffice, s));
        }

        const QString exported = dir.filePath(QStringLiteral("exported-home"));
        Result<ExportSummary> summary = Exporter::exportDatabase(first, exported);
        QVERIFY2(summary.ok(), summary.ok() ? "" : qPrintable(summary.error().message));
        QCOMPARE(summary->networkCount, 3);
        QCOMPARE(summary->memberCount, 6);
        QCOMPARE(summary->controller.toString(), m_controllerAddress);

        // The zerotier-one layout, the secret private.
        const QDir home(exported);
        const QFileInfo secret(home.filePath(QStringLiteral("identity.secret")));
        QVERIFY(secret.isFile());
        QCOMPARE(secret.permissions() & ~(QFileDevice::ReadUser | QFileDevice::WriteUser),
                 QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QCOMPARE(QString::fromLatin1(readText(secret.filePath())), fixtureIdentity().toString(true));
        QCOMPARE(QString::fromLatin1(readText(home.filePath(QStringLiteral("identity.public")))),
                 fixtureIdentity().toString(false));
        QVERIFY(QFileInfo(home.filePath(QStringLiteral("controller.d/network/97571f2b97000001.json"))).isFile());
        QVERIFY(QFileInfo(home.filePath(QStringLiteral("controller.d/network/97571f2b97000001/member/a0638e3282.json")))
                    .isFile());
        const QJsonObject officeJson =
            QJsonDocument::fromJson(
                readText(home.filePath(QStringLiteral("controller.d/network/97571f2b97000001.json"))))
                .object();
        QCOMPARE(officeJson.value(QStringLiteral("nwid")).toString(), QStringLiteral("97571f2b97000001"));
        QCOMPARE(officeJson.value(QStringLiteral("objtype")).toString(), QStringLiteral("network"));
        QVERIFY(officeJson.value(QStringLiteral("authTokens")).toObject().contains(QStringLiteral("join-me-please")));
        QCOMPARE(officeJson.value(QStringLiteral("description")).toString(), description);
        // A network without one is written as the reference writes it: no such key.
        QVERIFY(!QJsonDocument::fromJson(
                     readText(home.filePath(QStringLiteral("controller.d/network/97571f2b9700abcd.json"))))
                     .object()
                     .contains(QStringLiteral("description")));

        // Exporting again into the same (now non-empty) folder is refused and changes nothing.
        const auto before = snapshot(exported);
        QVERIFY(!Exporter::exportDatabase(first, exported).ok());
        QCOMPARE(snapshot(exported), before);

        const ImportPlan again = Importer::plan(exported);
        QVERIFY2(again.canImport(), qPrintable(again.report()));
        QVERIFY2(again.problems.isEmpty(), qPrintable(again.report()));
        const QString second = dir.filePath(QStringLiteral("second.db"));
        QVERIFY(Importer::build(again, second).ok());

        auto a = loadDatabase(first);
        auto b = loadDatabase(second);
        QVERIFY(a && b);
        QCOMPARE(b->identity.toString(true), a->identity.toString(true));
        const QList<NetworkDetails> na = a->controller->networks();
        const QList<NetworkDetails> nb = b->controller->networks();
        QCOMPARE(nb.size(), na.size());
        for (qsizetype i = 0; i < na.size(); ++i) {
            QCOMPARE(nb[i].id, na[i].id);
            QVERIFY2(nb[i].settings == na[i].settings, qPrintable(networkIdToString(na[i].id)));
            QCOMPARE(nb[i].settings.description, na[i].id == kOffice ? description : QString());
            QCOMPARE(nb[i].revision, na[i].revision);
            QCOMPARE(nb[i].creationTime, na[i].creationTime);
            const QList<MemberInfo> ma = a->controller->members(na[i].id);
            const QList<MemberInfo> mb = b->controller->members(na[i].id);
            QCOMPARE(mb.size(), ma.size());
            for (qsizetype j = 0; j < ma.size(); ++j) {
                QCOMPARE(mb[j].address, ma[j].address);
                QCOMPARE(mb[j].identity, ma[j].identity);
                QCOMPARE(mb[j].name, ma[j].name);
                QCOMPARE(mb[j].authorized, ma[j].authorized);
                QCOMPARE(mb[j].activeBridge, ma[j].activeBridge);
                QCOMPARE(mb[j].noAutoAssignIps, ma[j].noAutoAssignIps);
                QCOMPARE(mb[j].ipAssignments, ma[j].ipAssignments);
                QCOMPARE(mb[j].tags, ma[j].tags);
                QCOMPARE(mb[j].capabilities, ma[j].capabilities);
                QCOMPARE(mb[j].revision, ma[j].revision);
                QCOMPARE(mb[j].creationTime, ma[j].creationTime);
                QCOMPARE(mb[j].lastAuthorizedTime, ma[j].lastAuthorizedTime);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestImporter)
#include "tst_importer.moc"
