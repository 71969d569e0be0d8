// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/api/guardedtcpserver.h"
#include "core/base/result.h"

#include <QAbstractHttpServer>
#include <QByteArray>
#include <QHostAddress>
#include <QPointer>
#include <QString>

class QHttpServerRequest;
class QTcpSocket;

namespace tier {

class NetworkController;
class Node;

/// The local HTTP JSON API, compatible with zerotier-one's controller API (docs/protocol/controller-logic.md §8–9):
/// /status, /controller…, /unstable/controller…, /peer, plus /metrics. Lives on the engine thread
/// and calls the NetworkController directly, so API changes and GUI changes are the same changes.
///
/// Every request must carry the token (X-ZT1-Auth, Authorization: Bearer, or ?auth=); otherwise
/// 401 `{}` on every path, known or not. Bodies are partial objects applied through ControllerJson;
/// what the reference would silently drop is answered 400 `{"error": "…"}` and changes nothing.
/// Size and header limits are enforced by a GuardedTcpServer in front of the HTTP parser.
class ApiServer final : public QAbstractHttpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiServer)

public:
    struct Options
    {
        QByteArray token;      ///< required on every request; must not be empty
        QString homeDir;       ///< reported in /status
        int maxJsonDepth = 32; ///< nesting of a request body (objects/arrays)
        bool standby = false;  ///< another instance serves the members: /status says "standby": true
        /// No port was given and the default one was taken: /status says "portFallback": true.
        bool portFallback = false;
        GuardedTcpServer::Limits limits;
    };

    /// node may be null (then /status says offline and /peer is empty). Neither is owned; both must
    /// outlive this server or be destroyed after it.
    ApiServer(NetworkController *controller, Node *node, Options options, QObject *parent = nullptr);
    ~ApiServer() override;

    /// Starts listening. Io error naming address and port if it cannot bind.
    Status listen(const QHostAddress &address, quint16 port);
    bool isListening() const;
    QHostAddress serverAddress() const;
    quint16 serverPort() const;
    /// "127.0.0.1:9993" or "[::1]:9993"; empty when not listening.
    QString endpoint() const;

    quint64 requestsServed() const { return m_served; } ///< answered with 2xx
    quint64 requestsRejected() const;                   ///< 4xx/5xx, incl. those the guard refused
    quint64 unauthorizedRequests() const { return m_unauthorized; }

    /// Pure helper (tests): does this token text match, in constant time.
    static bool tokenMatches(const QByteArray &expected, const QByteArray &given);
    /// A new token: 24 characters a–z0–9 from the system CSPRNG.
    static QByteArray generateToken();

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    struct Reply
    {
        int status = 200;
        QByteArray body;
        QByteArray contentType = QByteArrayLiteral("application/json");
    };

    static Reply fromError(const Error &error);
    Reply route(const QHttpServerRequest &request);
    bool authorized(const QHttpServerRequest &request) const;
    void send(const QHttpServerRequest &request, QTcpSocket *socket, Reply reply);

    Reply status() const;
    Reply controllerStatus() const;
    Reply peers() const;
    Reply peer(const QString &addressText) const;
    Reply metrics() const;
    Reply networkList() const;
    Reply unstableNetworks() const;
    Reply unstableMembers(quint64 networkId) const;
    Reply getNetwork(quint64 networkId) const;
    Reply postNetwork(std::optional<quint64> networkId, const QByteArray &body);
    Reply deleteNetwork(quint64 networkId);
    Reply memberList(quint64 networkId) const;
    Reply getMember(quint64 networkId, const QString &addressText) const;
    Reply postMember(quint64 networkId, const QString &addressText, const QByteArray &body);
    Reply deleteMember(quint64 networkId, const QString &addressText);

    QPointer<NetworkController> m_controller;
    QPointer<Node> m_node;
    Options m_options;
    GuardedTcpServer *m_tcp = nullptr; ///< owned by QAbstractHttpServer once bound
    quint64 m_served = 0;
    quint64 m_rejected = 0;
    quint64 m_unauthorized = 0;
};

} // namespace tier
