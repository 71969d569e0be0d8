// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/result.h"
#include "core/protocol/inetaddress.h"

#include <QByteArray>
#include <QHostAddress>
#include <QObject>

class QUdpSocket;

namespace tier {

/// The node's UDP socket: datagrams in and out with InetAddress endpoints (IPv4-mapped IPv6
/// sources are reported as IPv4). Binds exclusively, so a port already in use is an error.
class UdpTransport final : public QObject
{
    Q_OBJECT

public:
    explicit UdpTransport(QObject *parent = nullptr);
    ~UdpTransport() override;

    /// Binds to port (0 = any free port) on address. QHostAddress::Any gives one dual-stack socket
    /// (IPv4 and IPv6) and falls back to IPv4 only where IPv6 is unavailable. ErrorCode::Io with a
    /// message naming the port when it is taken or cannot be bound.
    Status bind(quint16 port, const QHostAddress &address = QHostAddress::Any);
    void close();
    bool isBound() const;
    /// The bound port (useful after binding port 0).
    quint16 localPort() const;

    /// Reads what is waiting (at most 256 datagrams) without waiting for the socket's signal;
    /// returns how many. The node's tick calls it as a safety net.
    int drain();

    /// Sends one datagram; false if the socket refused it (unbound, unreachable, address family).
    bool send(const InetAddress &to, const QByteArray &datagram);

    static InetAddress toInetAddress(const QHostAddress &host, quint16 port);
    static QHostAddress toHostAddress(const InetAddress &address);

signals:
    void datagramReceived(const tier::InetAddress &from, const QByteArray &datagram);

private:
    int readPending();

    QUdpSocket *m_socket = nullptr;
    bool m_dualStack = false;
    bool m_reading = false;      ///< inside readPending (drain() must not nest)
    bool m_rereadQueued = false; ///< one queued readPending at a time
};

} // namespace tier
