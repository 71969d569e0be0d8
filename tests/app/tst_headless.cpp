// SPDX-License-Identifier: GPL-3.0-or-later
// Runs the built tiermaster binary the way scripts do: headless, wait for the ready line, signal.
#include "apptestsupport.h"
#include "common/vectors.h"
#include "core/controller/networkcontroller.h"
#include "core/node/simulatedmember.h"
#include "core/store/controlleridentityrepository.h"
#include "core/store/database.h"
#include "node/nodetestsupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QUdpSocket>
#include <QtTest>

#include <csignal>

using namespace tier;

class TestHeadless : public QObject
{
    Q_OBJECT

private:
    // Starts headless and returns the ready line's match; fails the test if it does not come.
    // Always on the test's private planet (loopback root) so nothing leaves 127.0.0.1, and on any
    // free UDP port unless the test names one.
    QRegularExpressionMatch startHeadless(QProcess &process, const QStringList &arguments, QString planetFile = {})
    {
        if (planetFile.isEmpty())
            planetFile = m_planetFile;
        QStringList all = QStringList{QStringLiteral("--planet"), planetFile};
        if (!arguments.contains(QStringLiteral("--port")))
            all << QStringLiteral("--port") << QStringLiteral("0");
        return test::startHeadlessProgram(process, m_home.path(), all + arguments);
    }

    static quint16 freePort()
    {
        QUdpSocket socket;
        if (!socket.bind(QHostAddress::Any, 0, QUdpSocket::DontShareAddress))
            return 0;
        return socket.localPort(); // free again once the socket closes
    }

    static quint16 freeTcpPort(const QHostAddress &address)
    {
        QTcpServer server;
        if (!server.listen(address, 0))
            return 0;
        return server.serverPort(); // free again once the server closes
    }

private slots:
    void initTestCase()
    {
        QVERIFY(crypto::initialize());
        m_ids = test::loadIdentities(7);
        QCOMPARE(m_ids.size(), 7);
        m_root = std::make_unique<Node>(m_ids[0], test::loopbackOptions(NodeOptions::Role::Root));
        QVERIFY(m_root->start().ok());
        m_planet = test::makePlanet(m_ids[0], m_root->localPort(), m_ids[3]);
        m_planetFile = m_home.path() + QStringLiteral("/private.planet");
        QFile planet(m_planetFile);
        QVERIFY(planet.open(QIODevice::WriteOnly));
        planet.write(m_planet.toBytes());
        planet.close();
        QVERIFY(m_home.isValid());
        QVERIFY2(QFileInfo(test::tiermasterBinary()).isExecutable(),
                 qPrintable(test::tiermasterBinary() + QStringLiteral(" is not built")));
    }

    void readyLineMatchesIdentityAndSigtermStops()
    {
        const QString dataDir = m_home.path() + QStringLiteral("/data");
        QProcess process;
        const auto ready = startHeadless(process, {QStringLiteral("--data-dir"), dataDir});
        QVERIFY(ready.hasMatch());
        // --port 0: the port actually bound is reported, and it is really taken.
        const quint16 port = ready.captured(u"port").toUShort();
        QVERIFY(port != 0);
        QUdpSocket probe;
        QVERIFY(!probe.bind(QHostAddress::Any, port, QUdpSocket::DontShareAddress));
        // Headless serves the API by default, on loopback, at the UDP port's number unless another socket
        // holds that TCP number (tests run in parallel on random ports), and the ready line names where it
        // really listens.
        const QString api = ready.captured(u"api");
        if (api != QStringLiteral("127.0.0.1:%1").arg(port)) {
            QVERIFY2(api.startsWith(QStringLiteral("127.0.0.1:")), qPrintable(api));
            QTcpServer taken;
            QVERIFY2(!taken.listen(QHostAddress::LocalHost, port),
                     "the API is not at the UDP port's number although that TCP port is free");
            qInfo() << "TCP port" << port << "was taken; the API is on" << api;
        }
        QFile tokenFile(dataDir + QStringLiteral("/authtoken.secret"));
        QVERIFY(tokenFile.open(QIODevice::ReadOnly));
        QCOMPARE(tokenFile.permissions() & ~(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadUser |
                                             QFileDevice::WriteUser),
                 QFileDevice::Permissions()); // 0600
        const QByteArray token = tokenFile.readAll().trimmed();
        QCOMPARE(token.size(), 24);
        const auto status = test::apiCall(api, QStringLiteral("/status"), token);
        QCOMPARE(status.first, 200);
        QCOMPARE(QJsonDocument::fromJson(status.second).object().value(QStringLiteral("address")).toString(),
                 ready.captured(u"address"));
        const auto denied = test::apiCall(api, QStringLiteral("/status"), "wrong");
        QCOMPARE(denied.first, 401);
        QCOMPARE(denied.second, QByteArray("{}"));
        m_token = token;
        QFile identity(dataDir + QStringLiteral("/identity.public"));
        QVERIFY(identity.open(QIODevice::ReadOnly));
        const QString publicText = QString::fromLatin1(identity.readAll()).trimmed();
        QCOMPARE(publicText.left(10), ready.captured(u"address"));
        QCOMPARE(publicText.mid(10, 3), QStringLiteral(":0:"));
        QVERIFY(QFile::exists(dataDir + QStringLiteral("/controller.db")));
        m_address = ready.captured(u"address");

        QCOMPARE(test::stopProgram(process, SIGTERM), 0);
        const QString rest = QString::fromUtf8(process.readAllStandardOutput());
        QVERIFY2(rest.trimmed().isEmpty(), qPrintable(rest)); // stdout carries only the ready line
        const QString log = QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(log.contains(m_address), qPrintable(log)); // logging goes to stderr

        // The secret stays in controller.db: never logged, never in identity.public.
        Database db;
        QVERIFY(db.open(DatabaseUri::sqliteFile(dataDir + QStringLiteral("/controller.db"))).ok());
        auto row = db.exec(QStringLiteral("SELECT identity_secret FROM controller_identity"));
        QVERIFY(row.ok() && row->next());
        const QString secretHex = row->value(0).toString().section(u':', 3, 3);
        QCOMPARE(secretHex.size(), 128);
        QVERIFY(!log.contains(secretHex.left(16)));
        QVERIFY(!publicText.contains(secretHex.left(16)));
        QVERIFY(!log.contains(QString::fromLatin1(m_token))); // nor the API token
    }

    void secondStartKeepsAddressAndSigintStops()
    {
        QVERIFY(!m_address.isEmpty());
        const QString port = QString::number(freePort());
        QProcess process;
        const auto ready =
            startHeadless(process, {QStringLiteral("--data-dir"), m_home.path() + QStringLiteral("/data"),
                                    QStringLiteral("--port"), port, QStringLiteral("--no-api")});
        QVERIFY(ready.hasMatch());
        QCOMPARE(ready.captured(u"address"), m_address);
        QCOMPARE(ready.captured(u"port"), port);
        QCOMPARE(ready.captured(u"api"), QStringLiteral("off"));
        QCOMPARE(test::stopProgram(process, SIGINT), 0);
    }

    void apiIsServedWhereAsked_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<bool>("portOnly");
        QTest::newRow("port only") << QStringLiteral("127.0.0.1") << true;
        QTest::newRow("ipv4") << QStringLiteral("127.0.0.2") << false;
        QTest::newRow("ipv6") << QStringLiteral("::1") << false;
    }

    // --api [ADDR:]PORT: served exactly there, with the same token as before (the file is reused).
    void apiIsServedWhereAsked()
    {
        QFETCH(QString, host);
        QFETCH(bool, portOnly);
        const quint16 port = freeTcpPort(QHostAddress(host));
        if (port == 0)
            QSKIP("this address is not available here");
        const QString hostText = host.contains(u':') ? u'[' + host + u']' : host;
        const QString flag = portOnly ? QString::number(port) : hostText + u':' + QString::number(port);
        QProcess process;
        const auto ready =
            startHeadless(process, {QStringLiteral("--data-dir"), m_home.path() + QStringLiteral("/data"),
                                    QStringLiteral("--api"), flag});
        QVERIFY(ready.hasMatch());
        const QString api = ready.captured(u"api");
        QCOMPARE(api, hostText + u':' + QString::number(port));
        QVERIFY(!m_token.isEmpty());
        QCOMPARE(test::apiCall(api, QStringLiteral("/controller"), m_token).first, 200);
        QCOMPARE(test::stopProgram(process, SIGTERM), 0);
    }

    void takenApiPortExitsOneNamingIt()
    {
        QTcpServer blocker;
        QVERIFY(blocker.listen(QHostAddress::LocalHost, 0));
        const QString port = QString::number(blocker.serverPort());
        const test::ProgramRun run = test::runProgram(
            m_home.path(), {QStringLiteral("--headless"), QStringLiteral("--data-dir"),
                            m_home.path() + QStringLiteral("/data"), QStringLiteral("--planet"), m_planetFile,
                            QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--api"), port});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(port) && run.err.contains(QStringLiteral("--api")), qPrintable(run.err));
        QVERIFY(!run.out.contains(QStringLiteral("ready")));
    }

    void takenPortExitsOneNamingIt()
    {
        QUdpSocket blocker;
        QVERIFY(blocker.bind(QHostAddress::Any, 0, QUdpSocket::DontShareAddress));
        const QString port = QString::number(blocker.localPort());
        const test::ProgramRun run =
            test::runProgram(m_home.path(), {QStringLiteral("--headless"), QStringLiteral("--data-dir"),
                                             m_home.path() + QStringLiteral("/data"), QStringLiteral("--planet"),
                                             m_planetFile, QStringLiteral("--port"), port});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(port) && run.err.contains(QStringLiteral("--port")), qPrintable(run.err));
        QVERIFY(!run.out.contains(QStringLiteral("ready")));
    }

    // A member (simulated 1.14 node, in this process, behind the test's root) asks the headless
    // engine for a network that exists but has not authorized it: denied, and the engine logs the
    // join request (one line, no secrets). The network is created in the database beforehand,
    // directly through the controller (the API has its own tests).
    void joinRequestIsLoggedAndDenied()
    {
        const QString dataDir = m_home.path() + QStringLiteral("/contacts");
        QVERIFY(QDir().mkpath(dataDir));
        quint64 nwid = 0;
        {
            Database db(QStringLiteral("prepare"));
            QVERIFY(db.open(DatabaseUri::sqliteFile(dataDir + QStringLiteral("/controller.db"))).ok());
            // A controller identity of our own (a vector one, no slow generation), so that no earlier
            // process has left a path to this address at the root.
            QVERIFY(ControllerIdentityRepository(db).save(m_ids[1], 1).ok());
            NetworkController controller(db, m_ids[1], nullptr, [] { return QDateTime::currentMSecsSinceEpoch(); });
            QVERIFY(controller.load().ok());
            NetworkSettings settings;
            settings.name = QStringLiteral("headless");
            auto created = controller.createNetwork(settings);
            QVERIFY(created);
            nwid = created->id;
        }

        QProcess process;
        const auto ready = startHeadless(process, {QStringLiteral("--data-dir"), dataDir, QStringLiteral("--no-api")});
        QVERIFY(ready.hasMatch());
        NodeOptions options = test::loopbackOptions();
        SimulatedMember::applyMemberDefaults(options);
        Node memberNode(m_ids[2], options);
        memberNode.setWorlds(m_planet);
        SimulatedMember member(&memberNode, nwid);
        QVERIFY(memberNode.start().ok());
        QTRY_VERIFY_WITH_TIMEOUT(m_root->peer(Address::fromString(ready.captured(u"address")).value()) != nullptr,
                                 15000);
        member.join();
        QElapsedTimer waited;
        waited.start();
        while (member.state() != MemberEvent::Kind::Denied && waited.elapsed() < 15000)
            QTest::qWait(50);
        const bool denied = member.state() == MemberEvent::Kind::Denied;

        QCOMPARE(test::stopProgram(process, SIGTERM), 0);
        const QString log = QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(denied, qPrintable(log));
        const QString address = memberNode.address().toString();
        QVERIFY2(
            log.contains(QStringLiteral("join request from %1 for network %2").arg(address, networkIdToString(nwid))),
            qPrintable(log));
        QVERIFY2(log.contains(QStringLiteral("access denied sent to %1").arg(address)), qPrintable(log));
        QVERIFY(!log.contains(m_ids[2].toString(true).section(u':', 3, 3).left(16))); // no member secret either
    }

    // The same with three programs, as a script would run them: `tiermaster-node root`, the headless
    // engine on the planet that root wrote, and `tiermaster-node join` (no API here, so the member is
    // only denied; authorization is covered in-process by service.endtoend).
    void processesRootEngineAndMember()
    {
        const QString nodeTool = test::binaryDir() + QStringLiteral("/bin/tiermaster-node");
        if (!QFileInfo(nodeTool).isExecutable())
            QSKIP("tiermaster-node is not built");
        const QString work = m_home.path() + QStringLiteral("/procs");
        QVERIFY(QDir().mkpath(work + QStringLiteral("/data")));

        QProcess root;
        test::prepareProcess(root, m_home.path());
        root.setProgram(nodeTool);
        root.setArguments({QStringLiteral("root"), QStringLiteral("--identity"), work + QStringLiteral("/root.id"),
                           QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--bind"),
                           QStringLiteral("127.0.0.1"), QStringLiteral("--planet-out"),
                           work + QStringLiteral("/planet")});
        root.start();
        QVERIFY(root.waitForStarted(5000));
        const QByteArray rootOut = test::readFirstLine(root);
        QVERIFY2(rootOut.startsWith("ready "), rootOut.constData());

        quint64 nwid = 0;
        {
            Database db(QStringLiteral("prepare"));
            QVERIFY(db.open(DatabaseUri::sqliteFile(work + QStringLiteral("/data/controller.db"))).ok());
            QVERIFY(ControllerIdentityRepository(db).save(m_ids[4], 1).ok());
            NetworkController controller(db, m_ids[4], nullptr, [] { return QDateTime::currentMSecsSinceEpoch(); });
            QVERIFY(controller.load().ok());
            NetworkSettings settings;
            settings.name = QStringLiteral("processes");
            auto created = controller.createNetwork(settings);
            QVERIFY(created);
            nwid = created->id;
        }

        QProcess engine;
        const auto ready = startHeadless(
            engine, {QStringLiteral("--data-dir"), work + QStringLiteral("/data"), QStringLiteral("--no-api")},
            work + QStringLiteral("/planet"));
        QVERIFY(ready.hasMatch());

        QFile ids(work + QStringLiteral("/member.ids"));
        QVERIFY(ids.open(QIODevice::WriteOnly));
        ids.write(m_ids[2].toString(true).toLatin1() + '\n');
        ids.close();
        QProcess join;
        test::prepareProcess(join, m_home.path());
        join.setProgram(nodeTool);
        join.setArguments({QStringLiteral("join"), networkIdToString(nwid), QStringLiteral("--planet"),
                           work + QStringLiteral("/planet"), QStringLiteral("--identities"), ids.fileName(),
                           QStringLiteral("--bind"), QStringLiteral("127.0.0.1"), QStringLiteral("--until"),
                           QStringLiteral("denied"), QStringLiteral("--timeout"), QStringLiteral("20")});
        join.start();
        QVERIFY(join.waitForFinished(30000));
        const QString joinOut = QString::fromUtf8(join.readAllStandardOutput());
        const QString joinErr = QString::fromUtf8(join.readAllStandardError());

        QCOMPARE(test::stopProgram(engine, SIGTERM), 0);
        const QString log = QString::fromUtf8(engine.readAllStandardError());
        test::stopProgram(root, SIGTERM);
        QVERIFY2(join.exitCode() == 0, qPrintable(joinOut + joinErr + log));
        QVERIFY2(joinOut.contains(QStringLiteral("denied")), qPrintable(joinOut));
        QVERIFY2(log.contains(QStringLiteral("join request from %1 for network %2")
                                  .arg(m_ids[2].address().toString(), networkIdToString(nwid))),
                 qPrintable(log));
    }

    // What a script does with the API: root and member as programs, the headless engine with its
    // default API; the network is created and the member pre-authorized over HTTP, the member gets
    // its config and address, and the API then shows it online with that address.
    void scriptedSessionThroughTheApi()
    {
        const QString nodeTool = test::binaryDir() + QStringLiteral("/bin/tiermaster-node");
        if (!QFileInfo(nodeTool).isExecutable())
            QSKIP("tiermaster-node is not built");
        const QString work = m_home.path() + QStringLiteral("/scripted");
        QVERIFY(QDir().mkpath(work + QStringLiteral("/data")));

        QProcess root;
        test::prepareProcess(root, m_home.path());
        root.setProgram(nodeTool);
        root.setArguments({QStringLiteral("root"), QStringLiteral("--identity"), work + QStringLiteral("/root.id"),
                           QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--bind"),
                           QStringLiteral("127.0.0.1"), QStringLiteral("--planet-out"),
                           work + QStringLiteral("/planet")});
        root.start();
        QVERIFY(root.waitForStarted(5000));
        const QByteArray rootOut = test::readFirstLine(root);
        QVERIFY2(rootOut.startsWith("ready "), rootOut.constData());
        {
            // A vector identity for the controller: no slow generation, no history at the root.
            Database db(QStringLiteral("prepare"));
            QVERIFY(db.open(DatabaseUri::sqliteFile(work + QStringLiteral("/data/controller.db"))).ok());
            QVERIFY(ControllerIdentityRepository(db).save(m_ids[5], 1).ok());
        }

        QProcess engine;
        const auto ready = startHeadless(engine, {QStringLiteral("--data-dir"), work + QStringLiteral("/data")},
                                         work + QStringLiteral("/planet"));
        QVERIFY(ready.hasMatch());
        const QString api = ready.captured(u"api");
        QFile tokenFile(work + QStringLiteral("/data/authtoken.secret"));
        QVERIFY(tokenFile.open(QIODevice::ReadOnly));
        const QByteArray token = tokenFile.readAll().trimmed();

        const auto created =
            test::apiCall(api, QStringLiteral("/controller/network/%1______").arg(ready.captured(u"address")), token,
                          "{\"name\":\"scripted\",\"v4AssignMode\":{\"zt\":true},\"routes\":[{\"target\":"
                          "\"10.42.0.0/24\"}],\"ipAssignmentPools\":[{\"ipRangeStart\":\"10.42.0.10\","
                          "\"ipRangeEnd\":\"10.42.0.20\"}]}");
        QCOMPARE(created.first, 200);
        const QString nwid = QJsonDocument::fromJson(created.second).object().value(QStringLiteral("nwid")).toString();
        const QString memberPath =
            QStringLiteral("/controller/network/%1/member/%2").arg(nwid, m_ids[6].address().toString());
        QCOMPARE(test::apiCall(api, memberPath, token, "{\"authorized\":\"true\"}").first, 200);

        QFile ids(work + QStringLiteral("/member.ids"));
        QVERIFY(ids.open(QIODevice::WriteOnly));
        ids.write(m_ids[6].toString(true).toLatin1() + '\n');
        ids.close();
        QProcess join;
        test::prepareProcess(join, m_home.path());
        join.setProgram(nodeTool);
        join.setArguments({QStringLiteral("join"), nwid, QStringLiteral("--planet"), work + QStringLiteral("/planet"),
                           QStringLiteral("--identities"), ids.fileName(), QStringLiteral("--bind"),
                           QStringLiteral("127.0.0.1"), QStringLiteral("--until"), QStringLiteral("config"),
                           QStringLiteral("--timeout"), QStringLiteral("20")});
        join.start();
        QVERIFY(join.waitForFinished(30000));
        const QString joinOut = QString::fromUtf8(join.readAllStandardOutput());
        const QString joinErr = QString::fromUtf8(join.readAllStandardError());

        const auto member = test::apiCall(api, memberPath, token);
        QCOMPARE(test::stopProgram(engine, SIGTERM), 0);
        const QString log = QString::fromUtf8(engine.readAllStandardError());
        test::stopProgram(root, SIGTERM);
        QVERIFY2(join.exitCode() == 0, qPrintable(joinOut + joinErr + log));
        QCOMPARE(member.first, 200);
        const QJsonObject m = QJsonDocument::fromJson(member.second).object();
        QCOMPARE(m.value(QStringLiteral("authorized")), QJsonValue(true));
        QCOMPARE(m.value(QStringLiteral("online")), QJsonValue(true));
        const QString ip = m.value(QStringLiteral("ipAssignments")).toArray().at(0).toString();
        QVERIFY2(ip.startsWith(QStringLiteral("10.42.0.")), qPrintable(ip));
        QVERIFY2(joinOut.contains(ip), qPrintable(joinOut)); // the member got that address in its config
        QVERIFY(!log.contains(QString::fromLatin1(token)));
    }

    void badValuesExitOne_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("mentions");
        const QString data = QStringLiteral("--data-dir=") + m_home.path() + QStringLiteral("/never");
        QTest::newRow("port negative") << QStringList{QStringLiteral("--headless"), data, QStringLiteral("--port"),
                                                      QStringLiteral("-1")}
                                       << QStringLiteral("--port");
        QTest::newRow("port text") << QStringList{QStringLiteral("--headless"), data, QStringLiteral("--port=x")}
                                   << QStringLiteral("--port");
        QTest::newRow("port big") << QStringList{QStringLiteral("--headless"), data, QStringLiteral("--port=65536")}
                                  << QStringLiteral("--port");
        QTest::newRow("api bad") << QStringList{QStringLiteral("--headless"), data, QStringLiteral("--api=host:x")}
                                 << QStringLiteral("--api");
        QTest::newRow("api and no-api") << QStringList{QStringLiteral("--headless"), data, QStringLiteral("--api=9"),
                                                       QStringLiteral("--no-api")}
                                        << QStringLiteral("--no-api");
        QTest::newRow("unknown option") << QStringList{QStringLiteral("--headless"), data,
                                                       QStringLiteral("--frobnicate")}
                                        << QStringLiteral("frobnicate");
        QTest::newRow("database scheme") << QStringList{QStringLiteral("--headless"), data,
                                                        QStringLiteral("--database=mysql://x")}
                                         << QStringLiteral("--database");
        QTest::newRow("dry-run alone") << QStringList{QStringLiteral("--headless"), data, QStringLiteral("--dry-run")}
                                       << QStringLiteral("--dry-run");
        QTest::newRow("missing planet") << QStringList{QStringLiteral("--headless"), data,
                                                       QStringLiteral("--planet=/nonexistent/planet")}
                                        << QStringLiteral("--planet");
    }

    void badValuesExitOne()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, mentions);
        const test::ProgramRun run = test::runProgram(m_home.path(), arguments);
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(mentions), qPrintable(run.err));
        QVERIFY(run.out.isEmpty());
        QVERIFY(!QFileInfo::exists(m_home.path() + QStringLiteral("/never")));
    }

    // --import/--export are covered by app.importexport (they no longer exit 2 "not yet").

    void helpListsEveryFlagAndVersionPrints()
    {
        const test::ProgramRun help = test::runProgram(m_home.path(), {QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        for (const char *flag : {"--headless", "--data-dir", "--port", "--planet", "--moon", "--api", "--no-api",
                                 "--database", "--import", "--dry-run", "--export", "--version", "--help"})
            QVERIFY2(help.out.contains(QLatin1String(flag)), flag);
        const test::ProgramRun version = test::runProgram(m_home.path(), {QStringLiteral("--version")});
        QCOMPARE(version.exitCode, 0);
        QCOMPARE(version.out.trimmed(), QStringLiteral("tiermaster " TIERMASTER_VERSION));
    }

    void defaultDataDirIsXdgAppData()
    {
        QProcess process;
        const auto ready = startHeadless(process, {QStringLiteral("--no-api")});
        QVERIFY(ready.hasMatch());
        const QString dataDir = m_home.path() + QStringLiteral("/xdg-data/tiermaster");
        QVERIFY(QFile::exists(dataDir + QStringLiteral("/controller.db")));
        QVERIFY(QFile::exists(dataDir + QStringLiteral("/identity.public")));
        QCOMPARE(test::stopProgram(process, SIGTERM), 0);
    }

    void refusedDatabaseExitsOne()
    {
        const QString dataDir = m_home.path() + QStringLiteral("/future");
        QVERIFY(QDir().mkpath(dataDir));
        {
            Database db;
            QVERIFY(db.open(DatabaseUri::sqliteFile(dataDir + QStringLiteral("/controller.db"))).ok());
            QVERIFY(db.exec(QStringLiteral("INSERT INTO schema_migrations VALUES (999, 'future', 0)")).ok());
        }
        const test::ProgramRun run =
            test::runProgram(m_home.path(), {QStringLiteral("--headless"), QStringLiteral("--data-dir"), dataDir});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QStringLiteral("newer")), qPrintable(run.err));
        QVERIFY(!run.out.contains(QStringLiteral("ready")));

        QFile file(m_home.path() + QStringLiteral("/plain-file"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        const test::ProgramRun blocked = test::runProgram(
            m_home.path(), {QStringLiteral("--headless"), QStringLiteral("--data-dir"), file.fileName()});
        QCOMPARE(blocked.exitCode, 1);
        QVERIFY2(blocked.err.contains(QStringLiteral("not a folder")), qPrintable(blocked.err));
    }

private:
    QTemporaryDir m_home;
    QString m_address;
    QByteArray m_token;
    QList<Identity> m_ids;
    std::unique_ptr<Node> m_root;
    World m_planet;
    QString m_planetFile;
};

QTEST_GUILESS_MAIN(TestHeadless)
#include "tst_headless.moc"
