// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTcpServer>
#include <QtGlobal>

namespace tier {

/// The TCP listener handed to the HTTP server (QAbstractHttpServer::bind()). QtHttpServer 6.4 buffers
/// a whole request, however large, and has no limits of its own; this server watches every
/// connection's bytes before the HTTP server reads them and answers oversized or malformed framing
/// itself (413/431/501/400 with a JSON body, then closes), so the HTTP server never sees them.
class GuardedTcpServer final : public QTcpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GuardedTcpServer)

public:
    struct Limits
    {
        int maxHeaderBytes = 16 * 1024; ///< request line + headers
        int maxHeaderLines = 100;       ///< request line + header lines
        qint64 maxBodyBytes = 1024 * 1024;
        int maxConnections = 128;  ///< open at once; more get 503 and are closed
        int idleTimeoutMs = 30000; ///< a connection with no traffic this long is closed
    };

    explicit GuardedTcpServer(Limits limits, QObject *parent = nullptr);
    ~GuardedTcpServer() override;

    const Limits &limits() const { return m_limits; }
    /// Requests this guard answered itself (refused) since it was created.
    quint64 rejectedCount() const { return m_rejected; }
    int openConnections() const { return m_open; }

signals:
    /// A request was refused here (status and the reason sent to the client).
    void rejected(int status, const QString &reason);

protected:
    void incomingConnection(qintptr handle) override;

private:
    Limits m_limits;
    quint64 m_rejected = 0;
    int m_open = 0;
};

} // namespace tier
