// SPDX-License-Identifier: GPL-3.0-or-later
// Helpers for the API tests: a real engine (EngineClient) with the HTTP API on loopback behind a
// private planet and a loopback root, an HTTP client that waits for answers, and raw TCP requests
// for what a well-behaved client library would never send.
#pragma once

#include "common/enginetesting.h"
#include "core/node/simulatedmember.h"
#include "core/service/engineclient.h"
#include "core/service/engineservice.h"
#include "core/store/controlleridentityrepository.h"
#include "core/store/database.h"
#include "node/nodetestsupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <memory>

namespace tier::test {

constexpr int kApiTimeoutMs = 30000;

struct HttpReply
{
    int status = 0; ///< 0 = no HTTP answer (connection error or timeout)
    QByteArray body;
    QByteArray contentType;
    QString error;

    QJsonObject object() const { return QJsonDocument::fromJson(body).object(); }
    QJsonArray array() const { return QJsonDocument::fromJson(body).array(); }
    bool isJson() const
    {
        QJsonParseError e{};
        QJsonDocument::fromJson(body, &e);
        return e.error == QJsonParseError::NoError;
    }
};

enum class TokenForm { Header, Bearer, Query, None };

/// Sends one request and waits (event loop) for the whole answer.
inline HttpReply http(QNetworkAccessManager &nam, const QByteArray &method, QUrl url, const QByteArray &token,
                      const QByteArray &body = {}, TokenForm form = TokenForm::Header)
{
    if (form == TokenForm::Query) {
        QUrlQuery query(url);
        query.addQueryItem(QStringLiteral("auth"), QString::fromLatin1(token));
        url.setQuery(query);
    }
    QNetworkRequest request(url);
    request.setTransferTimeout(kApiTimeoutMs);
    if (form == TokenForm::Header)
        request.setRawHeader("X-ZT1-Auth", token);
    else if (form == TokenForm::Bearer)
        request.setRawHeader("Authorization", "Bearer " + token);
    if (!body.isNull())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = nam.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(kApiTimeoutMs + 1000, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    HttpReply out;
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.body = reply->readAll();
    out.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    out.error = reply->errorString();
    reply->deleteLater();
    return out;
}

/// Writes raw bytes to the API and returns everything it answers until it closes (or the timeout).
inline QByteArray rawHttp(const QHostAddress &host, quint16 port, const QByteArray &bytes,
                          int timeoutMs = kApiTimeoutMs)
{
    QTcpSocket socket;
    socket.connectToHost(host, port);
    if (!socket.waitForConnected(timeoutMs))
        return {};
    socket.write(bytes);
    QByteArray answer;
    QElapsedTimer timer;
    timer.start();
    while (socket.state() == QAbstractSocket::ConnectedState && timer.elapsed() < timeoutMs) {
        socket.waitForReadyRead(200);
        answer += socket.readAll();
        // Complete answer (headers + Content-Length body) seen: no need to wait for the close.
        const qsizetype end = answer.indexOf("\r\n\r\n");
        if (end >= 0) {
            const qsizetype at = answer.toLower().indexOf("content-length:");
            if (at >= 0 && at < end) {
                const qsizetype eol = answer.indexOf("\r\n", at);
                const qint64 length = answer.mid(at + 15, eol - at - 15).trimmed().toLongLong();
                if (answer.size() >= end + 4 + length)
                    break;
            }
        }
    }
    answer += socket.readAll();
    return answer;
}

inline int rawStatus(const QByteArray &answer)
{
    if (!answer.startsWith("HTTP/1.1 "))
        return 0;
    return answer.mid(9, 3).toInt();
}

/// A running engine with the API on, a loopback root and a private planet.
class ApiEngine
{
public:
    bool start(const Identity &root, const Identity &signer, const Identity &controller)
    {
        if (!m_dir.isValid())
            return false;
        m_root = std::make_unique<Node>(root, loopbackOptions(NodeOptions::Role::Root));
        if (!m_root->start().ok())
            return false;
        m_planet = makePlanet(root, m_root->localPort(), signer);
        const QString planetPath = m_dir.filePath(QStringLiteral("private.planet"));
        QFile planetFile(planetPath);
        if (!planetFile.open(QIODevice::WriteOnly))
            return false;
        planetFile.write(m_planet.toBytes());
        planetFile.close();
        m_dataDir = m_dir.filePath(QStringLiteral("data"));
        QDir().mkpath(m_dataDir);
        {
            // A vector identity: no slow generation, and a known controller address.
            Database db(QStringLiteral("seed"));
            if (!db.open(DatabaseUri::sqliteFile(QDir(m_dataDir).filePath(QStringLiteral("controller.db")))).ok())
                return false;
            if (!ControllerIdentityRepository(db).save(controller, 1).ok())
                return false;
        }
        EngineOptions options;
        options.dataDir = m_dataDir;
        options.udpPort = 0;
        options.udpBindAddress = QStringLiteral("127.0.0.1");
        options.planetFile = planetPath;
        options.apiAddress = QStringLiteral("127.0.0.1");
        options.apiPort = 0;
        client = std::make_unique<EngineClient>();
        client->start(options);
        QElapsedTimer timer;
        timer.start();
        while (client->state() != EngineClient::State::Running && client->state() != EngineClient::State::Failed &&
               timer.elapsed() < kApiTimeoutMs)
            QTest::qWait(20);
        if (client->state() != EngineClient::State::Running)
            return false;
        endpoint = client->service()->apiEndpoint();
        QFile tokenFile(QDir(m_dataDir).filePath(QStringLiteral("authtoken.secret")));
        if (!tokenFile.open(QIODevice::ReadOnly))
            return false;
        token = tokenFile.readAll().trimmed();
        const qsizetype colon = endpoint.lastIndexOf(u':');
        host = QHostAddress(endpoint.left(colon));
        port = endpoint.mid(colon + 1).toUShort();
        return !endpoint.isEmpty() && !token.isEmpty();
    }

    void stop()
    {
        if (client)
            tier::test::stopEngine(*client);
        client.reset();
        m_root.reset();
    }

    QUrl url(const QString &path) const { return QUrl(QStringLiteral("http://") + endpoint + path); }

    /// A simulated 1.14 member on its own loopback node, started, not yet joined.
    std::pair<std::unique_ptr<Node>, std::unique_ptr<SimulatedMember>> member(const Identity &identity,
                                                                              quint64 networkId) const
    {
        NodeOptions options = loopbackOptions();
        SimulatedMember::applyMemberDefaults(options);
        auto node = std::make_unique<Node>(identity, options);
        node->setWorlds(m_planet);
        auto sim = std::make_unique<SimulatedMember>(node.get(), networkId);
        if (!node->start().ok())
            return {};
        return {std::move(node), std::move(sim)};
    }

    Node *root() const { return m_root.get(); }
    QString dataDir() const { return m_dataDir; }

    std::unique_ptr<EngineClient> client;
    QString endpoint;
    QHostAddress host;
    quint16 port = 0;
    QByteArray token;

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Node> m_root;
    World m_planet;
    QString m_dataDir;
};

} // namespace tier::test
