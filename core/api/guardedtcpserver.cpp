// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/api/guardedtcpserver.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <memory>

namespace tier {

namespace {

// What the guard knows about one connection's byte stream: where the current request's headers
// end and how much body is still to come (requests may follow each other on a kept-alive
// connection).
struct StreamState
{
    enum class Phase { Headers, Body, Refused };
    Phase phase = Phase::Headers;
    QByteArray headers; // the current request's header block so far (bounded by the limit)
    qint64 bodyLeft = 0;
};

struct Verdict
{
    int status = 0; // 0 = fine
    QByteArray reason;
};

QByteArray statusText(int status)
{
    switch (status) {
    case 400:
        return QByteArrayLiteral("Bad Request");
    case 413:
        return QByteArrayLiteral("Payload Too Large");
    case 431:
        return QByteArrayLiteral("Request Header Fields Too Large");
    case 501:
        return QByteArrayLiteral("Not Implemented");
    case 503:
        return QByteArrayLiteral("Service Unavailable");
    default:
        return QByteArrayLiteral("Error");
    }
}

QByteArray errorResponse(int status, const QByteArray &reason)
{
    const QByteArray body =
        QJsonDocument(QJsonObject{{QStringLiteral("error"), QString::fromUtf8(reason)}}).toJson(QJsonDocument::Compact);
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + statusText(status) +
           "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) +
           "\r\nConnection: close\r\n\r\n" + body;
}

// Checks a complete header block (without the final blank line) and sets the body length.
Verdict checkHeaders(const QByteArray &block, const GuardedTcpServer::Limits &limits, qint64 &bodyLength)
{
    const QList<QByteArray> lines = block.split('\n');
    if (lines.size() > limits.maxHeaderLines)
        return {431, "too many header lines (at most " + QByteArray::number(limits.maxHeaderLines) + ")"};
    bodyLength = 0;
    bool haveLength = false;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return {400, "malformed header line"};
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "transfer-encoding")
            return {501, "chunked or encoded request bodies are not accepted; send Content-Length"};
        if (name == "content-length") {
            bool ok = false;
            const qint64 length = value.toLongLong(&ok);
            if (!ok || length < 0 || (haveLength && length != bodyLength))
                return {400, "invalid Content-Length"};
            if (length > limits.maxBodyBytes)
                return {413, "the request body is larger than " + QByteArray::number(limits.maxBodyBytes) + " bytes"};
            bodyLength = length;
            haveLength = true;
        }
    }
    return {};
}

// Follows the stream through new bytes; the first violation is returned.
Verdict inspect(StreamState &state, QByteArrayView data, const GuardedTcpServer::Limits &limits)
{
    while (!data.isEmpty()) {
        if (state.phase == StreamState::Phase::Body) {
            const qint64 take = std::min<qint64>(state.bodyLeft, data.size());
            state.bodyLeft -= take;
            data = data.sliced(take);
            if (state.bodyLeft == 0)
                state.phase = StreamState::Phase::Headers;
            continue;
        }
        // Headers: look for the blank line, also across the boundary of the previous chunk.
        const qsizetype before = state.headers.size();
        const qsizetype room = qsizetype(limits.maxHeaderBytes) + 4 - before;
        state.headers.append(data.first(std::min<qsizetype>(data.size(), std::max<qsizetype>(room, 0))));
        const qsizetype end = state.headers.indexOf("\r\n\r\n", std::max<qsizetype>(0, before - 3));
        if (end < 0) {
            if (state.headers.size() > limits.maxHeaderBytes)
                return {431,
                        "the request headers are larger than " + QByteArray::number(limits.maxHeaderBytes) + " bytes"};
            return {};
        }
        if (end > limits.maxHeaderBytes)
            return {431, "the request headers are larger than " + QByteArray::number(limits.maxHeaderBytes) + " bytes"};
        qint64 bodyLength = 0;
        const Verdict verdict = checkHeaders(state.headers.first(end).replace("\r", ""), limits, bodyLength);
        if (verdict.status != 0)
            return verdict;
        const qsizetype consumed = end + 4 - before; // bytes of this chunk that belonged to the headers
        data = data.sliced(consumed);
        state.headers.clear();
        state.bodyLeft = bodyLength;
        state.phase = bodyLength > 0 ? StreamState::Phase::Body : StreamState::Phase::Headers;
    }
    return {};
}

} // namespace

GuardedTcpServer::GuardedTcpServer(Limits limits, QObject *parent) : QTcpServer(parent), m_limits(limits) {}

GuardedTcpServer::~GuardedTcpServer() = default;

void GuardedTcpServer::incomingConnection(qintptr handle)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(handle)) {
        delete socket;
        return;
    }
    ++m_open;
    connect(socket, &QObject::destroyed, this, [this] { --m_open; });

    auto refuse = [this](QTcpSocket *s, int status, const QByteArray &reason) {
        ++m_rejected;
        emit rejected(status, QString::fromUtf8(reason));
        // From here on the HTTP server must not see this connection's bytes; what still arrives is
        // read and dropped until the client has had the answer, then the connection closes.
        QObject::disconnect(s, &QTcpSocket::readyRead, nullptr, nullptr);
        if (s->isTransactionStarted())
            s->commitTransaction();
        s->readAll();
        connect(s, &QTcpSocket::readyRead, s, [s] { s->readAll(); });
        s->write(errorResponse(status, reason));
        s->flush();
        QTimer::singleShot(1000, s, [s] { s->disconnectFromHost(); });
    };

    if (m_open > m_limits.maxConnections) {
        // Not handed to the HTTP server at all: it owns neither the socket nor its deletion.
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        refuse(socket, 503, "too many open API connections");
        return;
    }

    auto state = std::make_shared<StreamState>();
    auto *idle = new QTimer(socket);
    idle->setSingleShot(true);
    idle->setInterval(m_limits.idleTimeoutMs);
    connect(idle, &QTimer::timeout, socket, [socket] { socket->abort(); });
    idle->start();
    // Connected before the HTTP server connects its own slot (it does so in nextPendingConnection's
    // caller), so this runs first on every readyRead and sees the bytes the server is about to read.
    connect(socket, &QTcpSocket::readyRead, socket, [this, socket, state, idle, refuse] {
        idle->start();
        if (state->phase == StreamState::Phase::Refused)
            return;
        const QByteArray fresh = socket->peek(socket->bytesAvailable());
        const Verdict verdict = inspect(*state, fresh, m_limits);
        if (verdict.status != 0) {
            state->phase = StreamState::Phase::Refused;
            refuse(socket, verdict.status, verdict.reason);
        }
    });
    addPendingConnection(socket); // QTcpServer emits newConnection() after this returns
}

} // namespace tier
