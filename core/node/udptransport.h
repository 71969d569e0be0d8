// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/result.h"
#include "core/protocol/inetaddress.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QObject>

class QSocketNotifier;

namespace tier {

/// The node's UDP socket: datagrams in and out with InetAddress endpoints (IPv4-mapped IPv6
/// sources are reported as IPv4). Binds exclusively, so a port already in use is an error.
/// A plain non-blocking socket under a QSocketNotifier: datagrams are read in batches with
/// recvmmsg(2), and what the handlers send while a batch is being handled goes out in one
/// sendmmsg(2) at its end (one or two system calls per batch instead of several per datagram).
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

    /// Reads what is waiting (at most 256 datagrams) without waiting for the notifier; returns
    /// how many. The node's tick calls it as a safety net.
    int drain();

    /// Sends one datagram; false if the socket refused it (unbound, unreachable, address family).
    /// While a received batch is being handled the datagram is queued and sent with the others at
    /// the batch's end (it is still reported as sent; a later failure is counted in sendFailures()).
    bool send(const InetAddress &to, const QByteArray &datagram);

    /// Datagrams the kernel refused after send() had queued them.
    quint64 sendFailures() const { return m_sendFailures; }

    static InetAddress toInetAddress(const QHostAddress &host, quint16 port);
    static QHostAddress toHostAddress(const InetAddress &address);

signals:
    void datagramReceived(const tier::InetAddress &from, const QByteArray &datagram);

private:
    struct Outgoing
    {
        InetAddress to;
        QByteArray datagram;
    };

    int readPending();
    bool sendNow(const InetAddress &to, const QByteArray &datagram);
    void flushQueued();

    int m_fd = -1;
    int m_family = 0; ///< AF_INET or AF_INET6 (dual-stack unless bound to one IPv6 address)
    quint16 m_port = 0;
    QSocketNotifier *m_notifier = nullptr;
    bool m_reading = false;      ///< inside readPending (drain() must not nest; sends are queued)
    bool m_rereadQueued = false; ///< one queued readPending at a time
    QList<Outgoing> m_queued;
    quint64 m_sendFailures = 0;
};

} // namespace tier
