// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/enginetesting.h"
#include "core/service/engineclient.h"
#include "core/service/engineservice.h"
#include "core/store/database.h"
#include "node/nodetestsupport.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

using namespace tier;

namespace {

constexpr int kStartTimeoutMs = 30000; // includes generating an identity on first start

// A private planet whose only root sits on a loopback port nobody serves: the engine HELLOs it and
// never reaches beyond 127.0.0.1 (the public planet would send packets to the internet).
QString loopbackPlanetFile()
{
    static QTemporaryDir dir;
    const QString path = QDir(dir.path()).filePath(QStringLiteral("planet"));
    if (!QFile::exists(path)) {
        const QList<Identity> ids = test::loadIdentities(2);
        if (ids.size() == 2) {
            QFile file(path);
            if (file.open(QIODevice::WriteOnly))
                file.write(test::makePlanet(ids[0], 9, ids[1]).toBytes());
        }
    }
    return path;
}

EngineOptions optionsFor(const QString &dataDir)
{
    EngineOptions options;
    options.dataDir = dataDir;
    options.udpPort = 0;
    options.udpBindAddress = QStringLiteral("127.0.0.1");
    options.planetFile = loopbackPlanetFile();
    return options;
}

QString readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromLatin1(file.readAll());
}

} // namespace

class TestEngineService : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(crypto::initialize()); }
    void cleanup() { QVERIFY2(QSqlDatabase::connectionNames().isEmpty(), "an SQL connection leaked"); }

    void startCreatesIdentityAndDatabase()
    {
        QTemporaryDir dir;
        const QString dataDir = QDir(dir.path()).filePath(QStringLiteral("new/data")); // created if missing
        EngineClient client;
        QSignalSpy states(&client, &EngineClient::stateChanged);
        QSignalSpy resets(&client, &EngineClient::networksReset);
        client.start(optionsFor(dataDir));
        QCOMPARE(client.state(), EngineClient::State::Starting);
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), EngineClient::State::Running, kStartTimeoutMs);
        QCOMPARE(states.size(), 2);
        QCOMPARE(states.at(0).at(0).value<EngineClient::State>(), EngineClient::State::Starting);
        QCOMPARE(states.at(1).at(0).value<EngineClient::State>(), EngineClient::State::Running);

        const QString address = client.controllerAddress();
        QVERIFY(Address::fromString(address).has_value());
        QCOMPARE(address.size(), 10);
        const QString publicText = readFile(QDir(dataDir).filePath(QStringLiteral("identity.public")));
        QVERIFY2(publicText.startsWith(address + QStringLiteral(":0:")), qPrintable(publicText));
        QCOMPARE(publicText.count(u':'), 2); // public form only: no secret part
        QVERIFY(QFile::exists(QDir(dataDir).filePath(QStringLiteral("controller.db"))));

        QTRY_COMPARE(resets.size(), 1); // the list follows Running without being asked
        QVERIFY(resets.at(0).at(0).value<QList<NetworkInfo>>().isEmpty());

        tier::test::stopEngine(client);
        QCOMPARE(client.state(), EngineClient::State::Stopped);
        QVERIFY(client.controllerAddress().isEmpty());
        QVERIFY(QSqlDatabase::connectionNames().isEmpty());
        QVERIFY(!client.engineThread()->isRunning());
        QVERIFY(!client.service());

        // The secret is in the database, matching identity.public.
        Database db;
        QVERIFY(db.open(DatabaseUri::sqliteFile(QDir(dataDir).filePath(QStringLiteral("controller.db")))).ok());
        auto row = db.exec(QStringLiteral("SELECT identity_public, identity_secret FROM controller_identity"));
        QVERIFY(row.ok() && row->next());
        QCOMPARE(row->value(0).toString(), publicText);
        QVERIFY(row->value(1).toString().startsWith(publicText + u':'));
    }

    void callsCrossThreadsAndSignalsComeBackOnCallerThread()
    {
        QTemporaryDir dir;
        EngineClient client;
        client.start(optionsFor(dir.path()));
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), EngineClient::State::Running, kStartTimeoutMs);
        EngineService *service = client.service();
        QVERIFY(service);
        QCOMPARE(service->thread(), client.engineThread());
        QVERIFY(client.engineThread() != QThread::currentThread());

        // Where the service emits (a direct connection runs in the emitting thread) …
        QList<const QThread *> serviceThreads;
        auto record = [&serviceThreads] { serviceThreads.append(QThread::currentThread()); };
        connect(service, &EngineService::networkChanged, this, record, Qt::DirectConnection);
        connect(service, &EngineService::networkRemoved, this, record, Qt::DirectConnection);
        connect(service, &EngineService::networksReset, this, record, Qt::DirectConnection);
        // … and where the client's signals arrive.
        QList<const QThread *> clientThreads;
        auto recordClient = [&clientThreads] { clientThreads.append(QThread::currentThread()); };
        connect(&client, &EngineClient::networkChanged, this, recordClient);
        connect(&client, &EngineClient::networkRemoved, this, recordClient);
        connect(&client, &EngineClient::networksReset, this, recordClient);

        QSignalSpy changed(&client, &EngineClient::networkChanged);
        QSignalSpy removed(&client, &EngineClient::networkRemoved);
        QSignalSpy resets(&client, &EngineClient::networksReset);
        QSignalSpy errors(&client, &EngineClient::engineError);

        client.createNetwork(QStringLiteral("lab"));
        QCOMPARE(changed.size(), 0); // queued, never answered inside the call
        QTRY_COMPARE(changed.size(), 1);
        const auto created = changed.at(0).at(0).value<NetworkInfo>();
        QCOMPARE(created.name, QStringLiteral("lab"));
        QCOMPARE(networkIdToString(created.id).left(10), client.controllerAddress());
        QCOMPARE(created.revision, quint64(1));
        QVERIFY(created.isPrivate);

        client.renameNetwork(created.id, QStringLiteral("lab 2"));
        QTRY_COMPARE(changed.size(), 2);
        const auto renamed = changed.at(1).at(0).value<NetworkInfo>();
        QCOMPARE(renamed.id, created.id);
        QCOMPARE(renamed.name, QStringLiteral("lab 2"));
        QCOMPARE(renamed.revision, quint64(2));

        client.createNetwork(QStringLiteral("second"));
        QTRY_COMPARE(changed.size(), 3);
        const int resetsBefore = int(resets.size());
        client.refreshNetworks();
        QTRY_COMPARE(resets.size(), resetsBefore + 1);
        QCOMPARE(resets.constLast().at(0).value<QList<NetworkInfo>>().size(), 2);

        client.deleteNetwork(created.id);
        QTRY_COMPARE(removed.size(), 1);
        QCOMPARE(removed.at(0).at(0).value<quint64>(), created.id);
        QCOMPARE(errors.size(), 0);

        QVERIFY(!serviceThreads.isEmpty());
        for (const QThread *thread : std::as_const(serviceThreads))
            QCOMPARE(thread, client.engineThread());
        QCOMPARE(clientThreads.size(), serviceThreads.size());
        for (const QThread *thread : std::as_const(clientThreads))
            QCOMPARE(thread, QThread::currentThread());

        // Calling the service directly from the wrong thread is refused by the connection's owner
        // check instead of touching SQLite from two threads.
        QString wrongThreadError;
        connect(
            service, &EngineService::requestFailed, this,
            [&wrongThreadError](const QString &message) { wrongThreadError = message; }, Qt::DirectConnection);
        service->createNetwork(QStringLiteral("from the wrong thread"));
        QVERIFY2(wrongThreadError.contains(QStringLiteral("thread")), qPrintable(wrongThreadError));
        client.refreshNetworks();
        QTRY_COMPARE(resets.size(), resetsBefore + 2);
        QCOMPARE(resets.constLast().at(0).value<QList<NetworkInfo>>().size(), 1);

        // The engine's connection belongs to the engine thread, not to this one.
        QCOMPARE(QSqlDatabase::connectionNames().size(), 1);
        tier::test::stopEngine(client);
        QVERIFY(QSqlDatabase::connectionNames().isEmpty());
    }

    void failedRequestsReportEngineError()
    {
        QTemporaryDir dir;
        EngineClient client;
        QSignalSpy errors(&client, &EngineClient::engineError);

        client.createNetwork(QStringLiteral("too early")); // stopped: refused, asynchronously
        QCOMPARE(errors.size(), 0);
        QTRY_COMPARE(errors.size(), 1);

        client.start(optionsFor(dir.path()));
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), EngineClient::State::Running, kStartTimeoutMs);
        QSignalSpy changed(&client, &EngineClient::networkChanged);
        client.renameNetwork(0x0123456789abcdefULL, QStringLiteral("x"));
        QTRY_COMPARE(errors.size(), 2);
        QVERIFY2(errors.at(1).at(0).toString().contains(QStringLiteral("0123456789abcdef")),
                 qPrintable(errors.at(1).at(0).toString()));
        client.createNetwork(QString(300, u'n'));
        QTRY_COMPARE(errors.size(), 3);
        QCOMPARE(changed.size(), 0);
        QCOMPARE(client.state(), EngineClient::State::Running); // a failed request is not a failed engine
        tier::test::stopEngine(client);
    }

    void secondStartKeepsAddressAndNetworks()
    {
        QTemporaryDir dir;
        QString address;
        quint64 networkId = 0;
        {
            EngineClient client;
            client.start(optionsFor(dir.path()));
            QTRY_COMPARE_WITH_TIMEOUT(client.state(), EngineClient::State::Running, kStartTimeoutMs);
            address = client.controllerAddress();
            QSignalSpy changed(&client, &EngineClient::networkChanged);
            client.createNetwork(QStringLiteral("kept"));
            QTRY_COMPARE(changed.size(), 1);
            networkId = changed.at(0).at(0).value<NetworkInfo>().id;
            // destructor stops
        }
        QVERIFY(QSqlDatabase::connectionNames().isEmpty());
        EngineClient client;
        QSignalSpy resets(&client, &EngineClient::networksReset);
        client.start(optionsFor(dir.path()));
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), EngineClient::State::Running, 5000); // no new identity
        QCOMPARE(client.controllerAddress(), address);
        QTRY_COMPARE(resets.size(), 1);
        const auto networks = resets.at(0).at(0).value<QList<NetworkInfo>>();
        QCOMPARE(networks.size(), 1);
        QCOMPARE(networks.at(0).id, networkId);
        QCOMPARE(networks.at(0).name, QStringLiteral("kept"));

        // Restart on the same client object.
        tier::test::stopEngine(client);
        client.start(optionsFor(dir.path()));
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), EngineClient::State::Running, 5000);
        QCOMPARE(client.controllerAddress(), address);
        tier::test::stopEngine(client);
    }

    // The member/details requests of EngineClient, each answered by its signal (or engineError).
    void memberAndDetailsRequests()
    {
        QTemporaryDir dir;
        EngineClient client;
        client.start(optionsFor(dir.path()));
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), EngineClient::State::Running, kStartTimeoutMs);
        QSignalSpy changed(&client, &EngineClient::networkChanged);
        QSignalSpy details(&client, &EngineClient::networkDetails);
        QSignalSpy members(&client, &EngineClient::memberChanged);
        QSignalSpy removed(&client, &EngineClient::memberRemoved);
        QSignalSpy resets(&client, &EngineClient::membersReset);
        QSignalSpy errors(&client, &EngineClient::engineError);

        client.createNetwork(QStringLiteral("members"));
        QTRY_COMPARE(changed.size(), 1);
        const quint64 nwid = changed.at(0).at(0).value<NetworkInfo>().id;
        client.requestNetworkDetails(nwid);
        QTRY_VERIFY(!details.isEmpty());
        NetworkDetails d = details.constLast().at(0).value<NetworkDetails>();
        QCOMPARE(d.id, nwid);
        QCOMPARE(d.settings.name, QStringLiteral("members"));

        const Address member = *Address::fromString(QStringLiteral("0123456789"));
        client.setMemberAuthorized(nwid, member, true);
        QTRY_COMPARE(members.size(), 1);
        MemberInfo info = members.at(0).at(0).value<MemberInfo>();
        QCOMPARE(info.address, member);
        QVERIFY(info.authorized);
        QVERIFY(!info.pending); // never asked
        QTRY_VERIFY(changed.constLast().at(0).value<NetworkInfo>().authorizedCount == 1);

        MemberUpdate update;
        update.name = QStringLiteral("laptop");
        client.updateMember(nwid, member, update);
        QTRY_COMPARE(members.size(), 2);
        QCOMPARE(members.at(1).at(0).value<MemberInfo>().name, QStringLiteral("laptop"));

        client.refreshMembers(nwid);
        QTRY_COMPARE(resets.size(), 1);
        QCOMPARE(resets.at(0).at(0).value<quint64>(), nwid);
        const auto listed = resets.at(0).at(1).value<QList<MemberInfo>>();
        QCOMPARE(listed.size(), 1);
        QCOMPARE(listed.at(0).name, QStringLiteral("laptop"));

        client.deleteMember(nwid, member);
        QTRY_COMPARE(removed.size(), 1);
        QCOMPARE(removed.at(0).at(1).value<Address>(), member);

        d.settings.mtu = 100; // below 1280: refused, nothing changed
        const int detailsBefore = int(details.size());
        client.updateNetwork(nwid, d.settings);
        QTRY_COMPARE(errors.size(), 1);
        client.refreshMembers(0x0123456789abcdefULL);
        QTRY_COMPARE(errors.size(), 2);
        QVERIFY2(errors.at(1).at(0).toString().contains(QStringLiteral("0123456789abcdef")),
                 qPrintable(errors.at(1).at(0).toString()));
        QCOMPARE(details.size(), detailsBefore);
        tier::test::stopEngine(client);
    }

    void badDataDirFails()
    {
        QTemporaryDir dir;
        const QString blocker = QDir(dir.path()).filePath(QStringLiteral("a-file"));
        QFile file(blocker);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();

        EngineClient client;
        client.start(optionsFor(blocker + QStringLiteral("/sub")));
        QTRY_COMPARE(client.state(), EngineClient::State::Failed);
        QVERIFY(!client.lastError().isEmpty());
        QVERIFY(client.controllerAddress().isEmpty());
        QVERIFY(QSqlDatabase::connectionNames().isEmpty());

        client.start(optionsFor(blocker)); // a file, not a folder
        QTRY_COMPARE(client.state(), EngineClient::State::Failed);
        QVERIFY2(client.lastError().contains(QStringLiteral("not a folder")), qPrintable(client.lastError()));
        tier::test::stopEngine(client);
        QCOMPARE(client.state(), EngineClient::State::Stopped);
    }

    void refusedDatabasesFail_data()
    {
        QTest::addColumn<QString>("setup");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not-a-database") << QStringLiteral("junk") << QStringLiteral("not a database");
        QTest::newRow("newer-schema") << QStringLiteral("newer") << QStringLiteral("newer");
        QTest::newRow("postgresql") << QStringLiteral("postgresql") << QStringLiteral("cannot connect to PostgreSQL");
    }

    void refusedDatabasesFail()
    {
        QFETCH(QString, setup);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString dbPath = QDir(dir.path()).filePath(QStringLiteral("controller.db"));
        EngineOptions options = optionsFor(dir.path());
        if (setup == QLatin1String("junk")) {
            QFile file(dbPath);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(QByteArray(4096, 'z'));
        } else if (setup == QLatin1String("newer")) {
            Database db;
            QVERIFY(db.open(DatabaseUri::sqliteFile(dbPath)).ok());
            QVERIFY(db.exec(QStringLiteral("INSERT INTO schema_migrations VALUES (999, 'future', 0)")).ok());
        } else {
            options.databaseUri = QStringLiteral("postgresql://tm@127.0.0.1:1/tm"); // nothing listens there
        }
        EngineClient client;
        client.start(options);
        QTRY_COMPARE(client.state(), EngineClient::State::Failed);
        QVERIFY2(client.lastError().contains(expected), qPrintable(client.lastError()));
        QVERIFY(QSqlDatabase::connectionNames().isEmpty());
        QVERIFY(!QFile::exists(QDir(dir.path()).filePath(QStringLiteral("identity.public"))));
    }

    void reportsBoundPortAndRefusesTakenPort()
    {
        QTemporaryDir dir;
        EngineClient client;
        client.start(optionsFor(dir.path()));
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), EngineClient::State::Running, kStartTimeoutMs);
        const quint16 port = client.udpPort();
        QVERIFY(port != 0); // port 0 asked: the real one is reported

        // A second engine on the same port fails, naming the port and the way out.
        QTemporaryDir dir2;
        EngineOptions taken = optionsFor(dir2.path());
        taken.udpPort = port;
        EngineClient second;
        second.start(taken);
        QTRY_COMPARE_WITH_TIMEOUT(second.state(), EngineClient::State::Failed, kStartTimeoutMs);
        QVERIFY2(second.lastError().contains(QString::number(port)), qPrintable(second.lastError()));
        QVERIFY2(second.lastError().contains(QStringLiteral("--port")), qPrintable(second.lastError()));
        QCOMPARE(second.udpPort(), quint16(0));
        tier::test::stopEngine(second);
        tier::test::stopEngine(client);
        QCOMPARE(client.udpPort(), quint16(0));
    }

    void badPlanetFileFails()
    {
        QTemporaryDir dir;
        const QString junk = QDir(dir.path()).filePath(QStringLiteral("junk.planet"));
        QFile file(junk);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not a planet");
        file.close();
        EngineOptions options = optionsFor(QDir(dir.path()).filePath(QStringLiteral("data")));
        options.planetFile = junk;
        EngineClient client;
        client.start(options);
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), EngineClient::State::Failed, kStartTimeoutMs);
        QVERIFY2(client.lastError().contains(junk), qPrintable(client.lastError()));
        QVERIFY(QSqlDatabase::connectionNames().isEmpty());
    }

    // Roots: --planet beats <data-dir>/planet beats the public planet; moons from --moon and
    // <data-dir>/moons.d/*.moon (the same moon once); a broken file is refused by name.
    void planetAndMoonSources()
    {
        QTemporaryDir dir;
        const QList<Identity> ids = test::loadIdentities(3);
        QCOMPARE(ids.size(), 3);
        EngineOptions options;
        options.dataDir = dir.path();

        auto planet = EngineService::loadPlanet(options);
        QVERIFY(planet);
        QCOMPARE(planet->id(), World::DefaultPlanetId); // nothing given: the public planet

        const World local = test::makePlanet(ids[0], 9, ids[2], 0x1111);
        QFile localFile(QDir(dir.path()).filePath(QStringLiteral("planet")));
        QVERIFY(localFile.open(QIODevice::WriteOnly));
        localFile.write(local.toBytes());
        localFile.close();
        planet = EngineService::loadPlanet(options);
        QVERIFY(planet);
        QCOMPARE(planet->id(), quint64(0x1111));

        const World given = test::makePlanet(ids[1], 9, ids[2], 0x2222);
        const QString givenPath = QDir(dir.path()).filePath(QStringLiteral("given.planet"));
        QFile givenFile(givenPath);
        QVERIFY(givenFile.open(QIODevice::WriteOnly));
        givenFile.write(given.toBytes());
        givenFile.close();
        options.planetFile = givenPath;
        planet = EngineService::loadPlanet(options);
        QVERIFY(planet);
        QCOMPARE(planet->id(), quint64(0x2222));
        QCOMPARE(planet->roots().first().identity.address(), ids[1].address());

        World::Root root;
        root.identity = ids[1].publicOnly();
        root.stableEndpoints.append(test::loopback(9));
        auto moon = World::create(World::Type::Moon, ids[2].address().toInt(), 1, ids[2].publicKey(), {root},
                                  ids[2].secretKey());
        QVERIFY(moon);
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("moons.d")));
        const QString moonPath = QDir(dir.path()).filePath(QStringLiteral("moons.d/%1.moon").arg(moon->idString()));
        QFile moonFile(moonPath);
        QVERIFY(moonFile.open(QIODevice::WriteOnly));
        moonFile.write(moon->toBytes());
        moonFile.close();
        options.moonFiles = {moonPath}; // the same moon given twice
        auto moons = EngineService::loadMoons(options);
        QVERIFY(moons);
        QCOMPARE(moons->size(), 1);
        QCOMPARE(moons->first().id(), ids[2].address().toInt());

        options.moonFiles = {givenPath}; // a planet is not a moon
        moons = EngineService::loadMoons(options);
        QVERIFY(!moons);
        QVERIFY2(moons.error().message.contains(givenPath), qPrintable(moons.error().message));
    }

    void stopWhileStartingIsClean()
    {
        QTemporaryDir dir;
        EngineClient client;
        QSignalSpy states(&client, &EngineClient::stateChanged);
        client.start(optionsFor(dir.path()));
        tier::test::stopEngine(client); // the queued start may or may not have run; either way nothing is left
        QCOMPARE(client.state(), EngineClient::State::Stopped);
        QVERIFY(QSqlDatabase::connectionNames().isEmpty());
        QTest::qWait(100); // late signals of the stopped run must not revive it
        QCOMPARE(client.state(), EngineClient::State::Stopped);
        QCOMPARE(states.constLast().at(0).value<EngineClient::State>(), EngineClient::State::Stopped);
    }
};

QTEST_GUILESS_MAIN(TestEngineService)
#include "tst_engineservice.moc"
