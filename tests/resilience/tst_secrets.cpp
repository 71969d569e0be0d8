// SPDX-License-Identifier: GPL-3.0-or-later
// Secrets stay secret: an engine on a fresh data directory (it makes its own identity and API
// token) serves a member, answers API requests (right and wrong token), writes its automatic
// backup, is stopped and started again. Then: every file that holds the identity secret or the
// token is readable by its owner only (controller.db and its -wal/-shm, backups, authtoken.secret),
// identity.public holds no secret, the secret and the token appear nowhere in the engine's log
// output, and no API answer carries the secret half of the identity.

#include "common/enginetesting.h"
#include "core/store/backup.h"
#include "resilience/resiliencesupport.h"

#include <QDirIterator>
#include <QLoggingCategory>
#include <QMutex>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

using namespace tier;
using namespace tier::test;

namespace {

QMutex g_logMutex;
QStringList g_log;
QtMessageHandler g_previous = nullptr;

void capture(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        QMutexLocker lock(&g_logMutex);
        g_log.append(message);
    }
    if (g_previous)
        g_previous(type, context, message);
}

/// The forms a secret could leak in.
QList<QByteArray> forms(const QByteArray &secret)
{
    return {secret, secret.toHex(), secret.toHex().toUpper(), secret.toBase64(),
            secret.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)};
}

bool containsAny(const QByteArray &haystack, const QList<QByteArray> &needles)
{
    for (const QByteArray &n : needles) {
        if (!n.isEmpty() && haystack.contains(n))
            return true;
    }
    return false;
}

} // namespace

class TestSecrets final : public QObject
{
    Q_OBJECT

private:
    bool startEngine()
    {
        EngineOptions options;
        options.dataDir = m_dataDir;
        options.udpPort = 0;
        options.udpBindAddress = QStringLiteral("127.0.0.1");
        options.planetFile = m_planetPath;
        options.apiAddress = QStringLiteral("127.0.0.1");
        m_client = std::make_unique<EngineClient>();
        m_client->start(options);
        QElapsedTimer t;
        t.start();
        while (m_client->state() != EngineClient::State::Running && t.elapsed() < kStartTimeoutMs)
            QTest::qWait(20);
        return m_client->state() == EngineClient::State::Running;
    }

    QByteArray apiGet(const QString &path, const QByteArray &token, int *status = nullptr)
    {
        QNetworkRequest request(QUrl(QStringLiteral("http://%1%2").arg(m_client->service()->apiEndpoint(), path)));
        if (!token.isEmpty())
            request.setRawHeader("X-ZT1-Auth", token);
        QNetworkReply *reply = m_http.get(request);
        QElapsedTimer t;
        t.start();
        while (!reply->isFinished() && t.elapsed() < kEventTimeoutMs)
            QTest::qWait(10);
        if (status)
            *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->readAll();
        reply->deleteLater();
        return body;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(crypto::initialize());
        g_previous = qInstallMessageHandler(capture);
        // Everything the engine can say, debug included.
        QLoggingCategory::setFilterRules(QStringLiteral("*.debug=true\nqt.*.debug=false"));
        QVERIFY(m_dir.isValid());
        m_ids = loadIdentities(4, 1200);
        QCOMPARE(m_ids.size(), 4);
        m_root = std::make_unique<Node>(m_ids[0], loopbackOptions(NodeOptions::Role::Root));
        QVERIFY(m_root->start().ok());
        m_planet = makePlanet(m_ids[0], m_root->localPort(), m_ids[1]);
        m_planetPath = QDir(m_dir.path()).filePath(QStringLiteral("private.planet"));
        QFile planetFile(m_planetPath);
        QVERIFY(planetFile.open(QIODevice::WriteOnly));
        planetFile.write(m_planet.toBytes());
        planetFile.close();
        m_dataDir = QDir(m_dir.path()).filePath(QStringLiteral("data"));
    }

    void cleanupTestCase()
    {
        if (m_client)
            tier::test::stopEngine(*m_client);
        qInstallMessageHandler(g_previous);
    }

    void secretsAreNeverShownOrLeftReadable()
    {
        // First start: the engine makes the identity, the token and the database.
        QVERIFY(startEngine());
        const QString address = m_client->controllerAddress();
        const QByteArray token = m_client->service()->apiToken();
        QCOMPARE(token.size(), 24);

        // Serve a member (join, authorize through the API, config), with API traffic around it.
        QSignalSpy details(m_client.get(), &EngineClient::networkDetails);
        m_client->createNetwork(QStringLiteral("secrets"));
        QVERIFY(details.wait(kEventTimeoutMs));
        const quint64 nwid = details.constLast().at(0).value<NetworkDetails>().id;
        const Identity controllerPublic = *Identity::fromString(QString::fromLatin1([&] {
            QFile f(QDir(m_dataDir).filePath(QStringLiteral("identity.public")));
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        }()));
        QCOMPARE(controllerPublic.address().toString(), address);
        WatchedMember member(m_ids[2], nwid, m_planet, controllerPublic);
        QVERIFY(member.start());
        QSignalSpy changed(m_client.get(), &EngineClient::memberChanged);
        m_client->setMemberAuthorized(nwid, m_ids[2].address(), true);
        QVERIFY(changed.wait(kEventTimeoutMs));
        member.sim->join();
        QTRY_VERIFY_WITH_TIMEOUT(member.count(MemberEvent::Kind::Config) >= 1, kEventTimeoutMs);

        QByteArray answers;
        int status = 0;
        const QString net = networkIdToString(nwid);
        const QString netPath = QStringLiteral("/controller/network/") + net;
        const QStringList paths{QStringLiteral("/status"),
                                QStringLiteral("/controller"),
                                QStringLiteral("/controller/network"),
                                netPath,
                                netPath + QStringLiteral("/member"),
                                netPath + QStringLiteral("/member/") + m_ids[2].address().toString(),
                                QStringLiteral("/peer"),
                                QStringLiteral("/metrics"),
                                QStringLiteral("/unstable/controller/network")};
        for (const QString &path : paths) {
            answers += apiGet(path, token, &status);
            QVERIFY2(status == 200, qPrintable(path + QStringLiteral(": ") + QString::number(status)));
        }
        answers += apiGet(QStringLiteral("/status"), QByteArray("wrong-token-wrong-token0"), &status);
        QCOMPARE(status, 401);
        answers += apiGet(QStringLiteral("/controller"), {}, &status);
        QCOMPARE(status, 401);

        // Stop and start again (reads everything back), then stop for the file checks.
        tier::test::stopEngine(*m_client);
        m_client.reset();
        QVERIFY(startEngine());
        QCOMPARE(m_client->controllerAddress(), address);
        answers += apiGet(QStringLiteral("/status"), token, &status);
        QCOMPARE(status, 200);
        tier::test::stopEngine(*m_client);
        m_client.reset();

        // A backup as the engine's scheduler writes them (its first one may not be due yet).
        if (!QFileInfo::exists(Backup::backupsFolder(m_dataDir))) {
            auto made =
                Backup::createAutomaticFromFile(QDir(m_dataDir).filePath(QStringLiteral("controller.db")), m_dataDir);
            QVERIFY2(made.ok(), made ? "" : qPrintable(made.error().message));
        }

        // The secret, as stored.
        Identity identity;
        {
            Database db(QStringLiteral("secrets-read"));
            QVERIFY(db.open(DatabaseUri::sqliteFile(QDir(m_dataDir).filePath(QStringLiteral("controller.db"))),
                            Database::Access::ReadOnly)
                        .ok());
            auto loaded = ControllerIdentityRepository(db).load();
            QVERIFY(loaded.ok() && loaded->has_value());
            identity = loaded->value();
        }
        QVERIFY(identity.hasSecret());
        QCOMPARE(identity.address().toString(), address);
        QList<QByteArray> secretForms = forms(identity.secretKey());
        // The text form's secret field, and each half of the key pair's secret on its own.
        secretForms.append(identity.toString(true).section(u':', 3).toLatin1());
        secretForms.append(forms(identity.secretKey().left(32)));
        secretForms.append(forms(identity.secretKey().mid(32)));
        const QList<QByteArray> tokenForms = {token};

        // API answers: no secret.
        QVERIFY(!answers.isEmpty());
        QVERIFY2(!containsAny(answers, secretForms), "an API answer carries the identity secret");
        QVERIFY(answers.contains(address.toLatin1())); // the answers were about this controller

        // Log output: neither the secret nor the token.
        QStringList log;
        {
            QMutexLocker lock(&g_logMutex);
            log = g_log;
        }
        QVERIFY2(log.size() > 5, "the engine's log output was not captured");
        const QByteArray logText = log.join(u'\n').toUtf8();
        QVERIFY2(!containsAny(logText, secretForms), "the identity secret was logged");
        QVERIFY2(!containsAny(logText, tokenForms), "the API token was logged");
        qInfo("%d log lines checked", int(log.size()));

        // Files: whatever holds a secret is owner-only; identity.public holds none.
        const QFileDevice::Permissions ownerOnly =
            QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadUser | QFileDevice::WriteUser;
        int secretFiles = 0;
        bool sawBackup = false;
        QDirIterator it(m_dataDir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray bytes = f.readAll();
            const bool secret = containsAny(bytes, secretForms) || containsAny(bytes, tokenForms);
            const QString name = QDir(m_dataDir).relativeFilePath(path);
            const auto mode = QFileInfo(path).permissions() & 0x7777;
            qInfo("%s: %04x%s", qPrintable(name), unsigned(mode), secret ? " (holds a secret)" : "");
            if (name.startsWith(QLatin1String("backups/")))
                sawBackup = true;
            if (secret || name.startsWith(QLatin1String("controller.db")) ||
                name.startsWith(QLatin1String("backups/")) || name == QLatin1String("authtoken.secret")) {
                ++secretFiles;
                QVERIFY2(mode == ownerOnly, qPrintable(name + QStringLiteral(" is readable by others")));
            }
        }
        QVERIFY(secretFiles >= 2); // controller.db and authtoken.secret at least
        QVERIFY(sawBackup);        // the automatic backup was written and checked
        QFile pub(QDir(m_dataDir).filePath(QStringLiteral("identity.public")));
        QVERIFY(pub.open(QIODevice::ReadOnly));
        QVERIFY(!containsAny(pub.readAll(), secretForms));
        // The data directory itself is not even listable by others.
        const auto dirMode = QFileInfo(m_dataDir).permissions() & 0x7777;
        qInfo("data dir: %04x", unsigned(dirMode));
        QCOMPARE(dirMode, ownerOnly | QFileDevice::ExeOwner | QFileDevice::ExeUser);
    }

private:
    QTemporaryDir m_dir;
    QList<Identity> m_ids;
    std::unique_ptr<Node> m_root;
    World m_planet;
    QString m_planetPath;
    QString m_dataDir;
    std::unique_ptr<EngineClient> m_client;
    QNetworkAccessManager m_http;
};

QTEST_GUILESS_MAIN(TestSecrets)
#include "tst_secrets.moc"
