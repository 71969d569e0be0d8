// SPDX-License-Identifier: GPL-3.0-or-later
// Crash safety of the real program: headless `tiermaster` (private planet, loopback root in this
// process, port 0) is killed with SIGKILL at random moments while simulated members join, get
// their IP addresses and are refused, then restarted. After every kill: PRAGMA integrity_check is
// ok, every change the engine acknowledged on the wire before the kill is in the database (a
// config carrying an IP = that assignment was committed; an ACCESS_DENIED = the pending member was
// committed), no member lost or changed its IP, and members that come back get the same address.
// Meanwhile a stream of changes goes through the HTTP API (create, rename and delete networks,
// authorize and deauthorize members); every change answered 200 before the kill must be in the
// database afterwards (the one in flight at the kill may or may not be). Between runs, while the
// program is down, the next simulated members are authorized on the same database.
//
// TIERMASTER_CRASH_KILLS sets the number of kills (default 5; the campaign in
// docs/reliability.md uses 200), TIERMASTER_CRASH_SEED the random seed (printed).

#include "core/controller/networkcontroller.h"
#include "resilience/resiliencesupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRandomGenerator>

#include <algorithm>
#include <csignal>
#include <map>

using namespace tier;
using namespace tier::test;

class TestCrashSafety final : public QObject
{
    Q_OBJECT

private:
    QString databasePath() const { return QDir(m_dataDir).filePath(QStringLiteral("controller.db")); }

    /// Opens the database in this process (the program is down) and runs f(controller, db).
    template<typename F>
    bool withController(F f)
    {
        Database db(QStringLiteral("crash-check-%1").arg(m_connections++));
        if (Status s = db.open(DatabaseUri::sqliteFile(databasePath())); !s.ok()) {
            qWarning("open: %s", qPrintable(s.error().message));
            return false;
        }
        bool ok = false;
        {
            NetworkController controller(db, m_controller, nullptr, [] { return QDateTime::currentMSecsSinceEpoch(); });
            if (Status s = controller.load(); !s.ok()) {
                qWarning("load: %s", qPrintable(s.error().message));
                return false;
            }
            ok = f(controller, db);
        }
        db.close();
        return ok;
    }

    /// Everything acknowledged so far is in the database, unchanged, and the file is intact.
    bool verifyDatabase(QString *why)
    {
        return withController([&](NetworkController &controller, Database &db) {
            Result<QSqlQuery> check = db.exec(QStringLiteral("PRAGMA integrity_check"));
            if (!check || !check->next() || check->value(0).toString() != QStringLiteral("ok")) {
                *why =
                    QStringLiteral("integrity_check: ") + (check ? check->value(0).toString() : check.error().message);
                return false;
            }
            std::map<quint64, MemberInfo> byAddress;
            for (const MemberInfo &m : controller.members(m_networkId))
                byAddress[m.address.toInt()] = m;
            for (const auto &[address, ip] : m_ackedIps) {
                const auto it = byAddress.find(address);
                if (it == byAddress.end()) {
                    *why = QStringLiteral("member %1 with an acknowledged IP is gone").arg(Address(address).toString());
                    return false;
                }
                if (!it->second.authorized || it->second.ipAssignments.size() != 1 ||
                    it->second.ipAssignments.first().toIpString() != ip) {
                    *why = QStringLiteral("member %1: IP %2 acknowledged, database has %3")
                               .arg(Address(address).toString(), ip,
                                    it->second.ipAssignments.isEmpty() ? QStringLiteral("none")
                                                                       : it->second.ipAssignments.first().toIpString());
                    return false;
                }
            }
            for (quint64 address : std::as_const(m_ackedPending)) {
                const auto it = byAddress.find(address);
                if (it == byAddress.end() || it->second.authorized) {
                    *why = QStringLiteral("refused member %1 is not pending").arg(Address(address).toString());
                    return false;
                }
            }
            for (const auto &[id, name] : m_apiNetworks) {
                if (m_uncertainNetworks.contains(id))
                    continue;
                const std::optional<NetworkDetails> n = controller.network(id);
                if (name && (!n || n->settings.name != *name)) {
                    *why = QStringLiteral("network %1 (%2) acknowledged by the API is %3")
                               .arg(networkIdToString(id), *name, n ? n->settings.name : QStringLiteral("gone"));
                    return false;
                }
                if (!name && n) {
                    *why = QStringLiteral("network %1 deleted through the API is back").arg(networkIdToString(id));
                    return false;
                }
            }
            for (const auto &[key, authorized] : m_apiMembers) {
                const auto network = m_apiNetworks.find(key.first);
                if (m_uncertainMembers.contains(key) || m_uncertainNetworks.contains(key.first) ||
                    network == m_apiNetworks.end() || !network->second)
                    continue;
                const std::optional<MemberInfo> m = controller.member(key.first, Address(key.second));
                if (!m || m->authorized != authorized) {
                    *why = QStringLiteral("member %1 of %2: the API acknowledged authorized=%3, database has %4")
                               .arg(Address(key.second).toString(), networkIdToString(key.first))
                               .arg(authorized)
                               .arg(m ? QString::number(m->authorized) : QStringLiteral("no record"));
                    return false;
                }
            }
            for (quint64 address : std::as_const(m_authorizedOffline)) {

                const auto it = byAddress.find(address);
                if (it == byAddress.end() || !it->second.authorized) {
                    *why =
                        QStringLiteral("authorized member %1 lost its authorization").arg(Address(address).toString());
                    return false;
                }
            }
            return true;
        });
    }

    struct ApiOp
    {
        enum Kind { Create, Authorize, Rename, Deauthorize, Delete } kind = Create;
        quint64 network = 0;
        quint64 member = 0;
        QString name;
    };

    void applyAcknowledged(const ApiOp &op, const QJsonObject &answer)
    {
        switch (op.kind) {
        case ApiOp::Create: {
            const quint64 id = networkIdFromString(answer.value(QStringLiteral("id")).toString()).value_or(0);
            if (id != 0)
                m_apiNetworks[id] = op.name;
            break;
        }
        case ApiOp::Rename:
            m_apiNetworks[op.network] = op.name;
            m_uncertainNetworks.remove(op.network);
            break;
        case ApiOp::Delete:
            m_apiNetworks[op.network] = std::nullopt;
            m_uncertainNetworks.remove(op.network);
            break;
        case ApiOp::Authorize:
        case ApiOp::Deauthorize:
            m_apiMembers[{op.network, op.member}] = op.kind == ApiOp::Authorize;
            m_uncertainMembers.remove({op.network, op.member});
            break;
        }
        ++m_apiAcknowledged;
    }

    QList<quint64> liveApiNetworks() const
    {
        QList<quint64> out;
        for (const auto &[id, name] : m_apiNetworks) {
            if (name && !m_uncertainNetworks.contains(id))
                out.append(id);
        }
        return out;
    }

    /// Sends the next change; its answer sends the one after, while m_driving.
    void driveApi(QRandomGenerator &rng)
    {
        if (!m_driving)
            return;
        ApiOp op;
        const QList<quint64> live = liveApiNetworks();
        const int pick = int(rng.bounded(10));
        if (live.isEmpty() || pick == 0)
            op.kind = ApiOp::Create;
        else if (pick <= 5)
            op.kind = ApiOp::Authorize;
        else if (pick == 6)
            op.kind = ApiOp::Rename;
        else if (pick <= 8)
            op.kind = ApiOp::Deauthorize;
        else
            op.kind = live.size() >= 2 ? ApiOp::Delete : ApiOp::Create;
        if (!live.isEmpty())
            op.network = live.at(int(rng.bounded(int(live.size()))));
        QJsonObject body;
        QString path;
        bool remove = false;
        switch (op.kind) {
        case ApiOp::Create:
            op.name = QStringLiteral("api-%1").arg(m_apiSent);
            body.insert(QStringLiteral("name"), op.name);
            path = QStringLiteral("/controller/network/%1______").arg(m_controller.address().toString());
            break;
        case ApiOp::Rename:
            op.name = QStringLiteral("renamed-%1").arg(m_apiSent);
            body.insert(QStringLiteral("name"), op.name);
            path = QStringLiteral("/controller/network/") + networkIdToString(op.network);
            break;
        case ApiOp::Delete:
            remove = true;
            path = QStringLiteral("/controller/network/") + networkIdToString(op.network);
            break;
        case ApiOp::Authorize:
        case ApiOp::Deauthorize:
            op.member = 0x3000000000ULL + quint64(rng.bounded(64));
            body.insert(QStringLiteral("authorized"), op.kind == ApiOp::Authorize);
            path = QStringLiteral("/controller/network/%1/member/%2")
                       .arg(networkIdToString(op.network), Address(op.member).toString());
            break;
        }
        QNetworkRequest request(QUrl(QStringLiteral("http://%1%2").arg(m_apiEndpoint, path)));
        request.setRawHeader("X-ZT1-Auth", m_token);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        QNetworkReply *reply = remove ? m_http.deleteResource(request)
                                      : m_http.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
        ++m_apiSent;
        m_inFlight = op;
        m_inFlightReply = reply;
        connect(reply, &QNetworkReply::finished, this, [this, reply, op, &rng] {
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status == 200)
                applyAcknowledged(op, QJsonDocument::fromJson(reply->readAll()).object());
            if (m_inFlightReply == reply)
                m_inFlightReply = nullptr;
            reply->deleteLater();
            driveApi(rng);
        });
    }

private slots:

    void initTestCase()
    {
        QVERIFY(crypto::initialize());
        m_tool = test::binaryDir() + QStringLiteral("/bin/tiermaster");
        QVERIFY2(QFile::exists(m_tool), qPrintable(m_tool));
        m_kills = qEnvironmentVariableIntValue("TIERMASTER_CRASH_KILLS");
        if (m_kills <= 0)
            m_kills = 5;
        bool seeded = false;
        m_seed = quint32(qEnvironmentVariableIntValue("TIERMASTER_CRASH_SEED", &seeded));
        if (!seeded)
            m_seed = QRandomGenerator::global()->generate();
        qInfo("kills: %d, seed: %u (TIERMASTER_CRASH_SEED reproduces the kill times)", m_kills, m_seed);

        const QList<Identity> fixed = loadIdentities(3, 500);
        QCOMPARE(fixed.size(), 3);
        m_controller = fixed[1];
        m_members = loadIdentities(qMin(3500, 8 * m_kills + 16), 503);
        QVERIFY(m_members.size() >= 8 * m_kills + 8);

        QVERIFY(m_dir.isValid());
        m_root = std::make_unique<Node>(fixed[0], loopbackOptions(NodeOptions::Role::Root));
        QVERIFY(m_root->start().ok());
        const World planet = makePlanet(fixed[0], m_root->localPort(), fixed[2]);
        m_planet = planet;
        m_planetPath = QDir(m_dir.path()).filePath(QStringLiteral("private.planet"));
        QFile planetFile(m_planetPath);
        QVERIFY(planetFile.open(QIODevice::WriteOnly));
        planetFile.write(planet.toBytes());
        planetFile.close();
        m_dataDir = QDir(m_dir.path()).filePath(QStringLiteral("data"));
        QVERIFY(QDir().mkpath(m_dataDir));
        {
            Database db(QStringLiteral("crash-seed"));
            QVERIFY(db.open(DatabaseUri::sqliteFile(databasePath())).ok());
            QVERIFY(ControllerIdentityRepository(db).save(m_controller, 1).ok());
        }
        QVERIFY(withController([&](NetworkController &controller, Database &) {
            NetworkSettings s;
            s.name = QStringLiteral("crash");
            s.v4AssignZt = true;
            s.pools = {IpPool{InetAddress::fromIPv4(0x0a370001), InetAddress::fromIPv4(0x0a37fffe)}};
            s.routes = {NetworkConfig::Route{InetAddress::fromIPv4(0x0a370000, 16), InetAddress(), 0, 0}};
            Result<NetworkDetails> created = controller.createNetwork(s);
            if (!created)
                return false;
            m_networkId = created->id;
            return true;
        }));
    }

    void cleanupTestCase() { m_root.reset(); }

    void killAtRandomMoments()
    {
        QRandomGenerator rng(m_seed);
        int next = 0; // next unused member identity
        int configsSeen = 0;
        int refusalsSeen = 0;
        int comebacks = 0;
        QList<qint64> killAfterMs;
        for (int round = 0; round < m_kills; ++round) {
            // Offline change: authorize the next members.
            QList<Identity> authorizedNow;
            for (int i = 0; i < 3; ++i)
                authorizedNow.append(m_members[next++]);
            QList<Identity> refusedNow;
            for (int i = 0; i < 2; ++i)
                refusedNow.append(m_members[next++]);
            QVERIFY(withController([&](NetworkController &controller, Database &) {
                for (const Identity &id : std::as_const(authorizedNow)) {
                    if (!controller.setAuthorized(m_networkId, id.address(), true))
                        return false;
                    m_authorizedOffline.insert(id.address().toInt());
                }
                return true;
            }));

            QProcess program;
            program.setProcessChannelMode(QProcess::SeparateChannels);
            program.start(m_tool,
                          {QStringLiteral("--headless"), QStringLiteral("--data-dir"), m_dataDir,
                           QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--planet"), m_planetPath});
            QVERIFY(program.waitForStarted());
            // Kill at a random moment: sometimes during start-up, mostly while members are served.
            const qint64 killAt = rng.bounded(10) == 0 ? qint64(rng.bounded(300)) : 300 + qint64(rng.bounded(4000));
            killAfterMs.append(killAt);
            QElapsedTimer sinceStart;
            sinceStart.start();

            std::vector<std::unique_ptr<WatchedMember>> online;
            QList<QPair<Identity, QString>> returning; // members that had an IP: must get the same one
            bool ready = false;
            // However slow the machine, the last run lasts until something was acknowledged: a
            // harness that never saw an acknowledged change would prove nothing.
            const auto mustWait = [&] {
                return round == m_kills - 1 && configsSeen == 0 && sinceStart.elapsed() < 60000 &&
                       std::none_of(online.begin(), online.end(),
                                    [](const auto &m) { return m->count(MemberEvent::Kind::Config) > 0; });
            };
            while (sinceStart.elapsed() < killAt || mustWait()) {
                if (!ready && program.canReadLine()) {
                    const QByteArray line = program.readLine();
                    if (line.startsWith("tiermaster ready")) {
                        ready = true;
                        const int api = int(line.indexOf("api="));
                        m_apiEndpoint = api >= 0 ? QString::fromLatin1(line.mid(api + 4).trimmed()) : QString();
                        QFile tokenFile(QDir(m_dataDir).filePath(QStringLiteral("authtoken.secret")));
                        if (tokenFile.open(QIODevice::ReadOnly))
                            m_token = tokenFile.readAll().trimmed();
                        if (!m_apiEndpoint.isEmpty() && m_apiEndpoint != QLatin1String("off")) {
                            m_driving = true;
                            driveApi(rng);
                        }
                        for (const Identity &id : std::as_const(authorizedNow))
                            online.push_back(std::make_unique<WatchedMember>(id, m_networkId, m_planet, m_controller));
                        for (const Identity &id : std::as_const(refusedNow))
                            online.push_back(std::make_unique<WatchedMember>(id, m_networkId, m_planet, m_controller));
                        // Two members from earlier rounds come back.
                        for (int k = 0; k < 2 && !m_ackedIps.empty(); ++k) {
                            auto it = m_ackedIps.begin();
                            std::advance(it, rng.bounded(int(m_ackedIps.size())));
                            for (const Identity &id : std::as_const(m_members)) {
                                if (id.address().toInt() == it->first) {
                                    returning.append({id, it->second});
                                    online.push_back(
                                        std::make_unique<WatchedMember>(id, m_networkId, m_planet, m_controller));
                                    break;
                                }
                            }
                        }
                        for (auto &m : online) {
                            QVERIFY(m->start());
                            m->sim->join();
                        }
                    }
                }
                QTest::qWait(5);
            }
            QCOMPARE(program.state(), QProcess::Running); // it must not have died on its own
            m_driving = false;
            program.kill(); // SIGKILL
            QVERIFY(program.waitForFinished(10000));
            QCOMPARE(program.exitStatus(), QProcess::CrashExit);
            // The change in flight at the kill was not acknowledged (unless its 200 was already on
            // its way): its target may or may not have changed.
            const std::optional<ApiOp> inFlight = m_inFlightReply ? std::optional<ApiOp>(m_inFlight) : std::nullopt;
            QTRY_VERIFY_WITH_TIMEOUT(m_inFlightReply == nullptr, kEventTimeoutMs);
            if (inFlight) {
                if (inFlight->kind == ApiOp::Authorize || inFlight->kind == ApiOp::Deauthorize)
                    m_uncertainMembers.insert({inFlight->network, inFlight->member});
                else if (inFlight->kind != ApiOp::Create)
                    m_uncertainNetworks.insert(inFlight->network);
            }

            // What the members heard before the kill was acknowledged by the engine.
            for (auto &m : online) {
                if (auto config = m->last(MemberEvent::Kind::Config)) {
                    QCOMPARE(config->config->staticIps.size(), 1);
                    const QString ip = config->config->staticIps.first().toIpString();
                    const quint64 a = m->address().toInt();
                    const auto known = m_ackedIps.find(a);
                    if (known != m_ackedIps.end()) {
                        QCOMPARE(ip, known->second); // a returning member got the same address
                        ++comebacks;
                    }
                    m_ackedIps[a] = ip;
                    ++configsSeen;
                }
                if (m->count(MemberEvent::Kind::Denied) > 0) {
                    QVERIFY(!m_authorizedOffline.contains(m->address().toInt()));
                    m_ackedPending.insert(m->address().toInt());
                    ++refusalsSeen;
                }
            }
            online.clear();

            QString why;
            QVERIFY2(verifyDatabase(&why),
                     qPrintable(QStringLiteral("after kill %1 at %2 ms: %3").arg(round + 1).arg(killAt).arg(why)));
        }
        qint64 sum = 0;
        for (qint64 ms : std::as_const(killAfterMs))
            sum += ms;
        qInfo("%d kills (mean %lld ms after start); acknowledged before a kill: %d configs with an IP, %d refusals, "
              "%d API changes (of %d sent); %d returning members got their old IP; database checked after every kill",
              m_kills, killAfterMs.isEmpty() ? 0 : sum / killAfterMs.size(), configsSeen, refusalsSeen,
              m_apiAcknowledged, m_apiSent, comebacks);
        // The harness must have seen acknowledged changes, or it proved nothing.
        if (m_kills >= 5) {
            QVERIFY(configsSeen > 0);
            QVERIFY(m_apiAcknowledged > 0);
        }
    }

private:
    QString m_tool;
    int m_kills = 5;
    quint32 m_seed = 0;
    Identity m_controller;
    QList<Identity> m_members;
    QTemporaryDir m_dir;
    std::unique_ptr<Node> m_root;
    World m_planet;
    QString m_planetPath;
    QString m_dataDir;
    quint64 m_networkId = 0;
    int m_connections = 0;
    std::map<quint64, QString> m_ackedIps;
    std::map<quint64, std::optional<QString>> m_apiNetworks; ///< acknowledged name, nullopt = deleted
    std::map<QPair<quint64, quint64>, bool> m_apiMembers;    ///< (network, member) -> acknowledged authorized
    QSet<quint64> m_uncertainNetworks;
    QSet<QPair<quint64, quint64>> m_uncertainMembers;
    QNetworkAccessManager m_http;
    QString m_apiEndpoint;
    QByteArray m_token;
    bool m_driving = false;
    ApiOp m_inFlight;
    QNetworkReply *m_inFlightReply = nullptr;
    int m_apiSent = 0;
    int m_apiAcknowledged = 0;
    QSet<quint64> m_ackedPending;
    QSet<quint64> m_authorizedOffline;
};

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "tst_crashsafety.moc"
