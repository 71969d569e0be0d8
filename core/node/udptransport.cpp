// SPDX-License-Identifier: GPL-3.0-or-later
#include "udptransport.h"

#include <QNetworkDatagram>
#include <QUdpSocket>

namespace tier {

UdpTransport::UdpTransport(QObject *parent) : QObject(parent) {}

UdpTransport::~UdpTransport() = default;

Status UdpTransport::bind(quint16 port, const QHostAddress &address)
{
    close();
    m_socket = new QUdpSocket(this);
    // Without DontShareAddress Qt sets SO_REUSEADDR, and on Linux a second UDP socket could then
    // silently share the port with a running zerotier-one or controller.
    const auto mode = QAbstractSocket::DontShareAddress;
    bool bound = m_socket->bind(address, port, mode);
    if (!bound && address == QHostAddress(QHostAddress::Any) &&
        m_socket->error() != QAbstractSocket::AddressInUseError) {
        // No IPv6 on this host: fall back to IPv4 only.
        delete m_socket;
        m_socket = new QUdpSocket(this);
        bound = m_socket->bind(QHostAddress(QHostAddress::AnyIPv4), port, mode);
    }
    if (!bound) {
        const bool inUse = m_socket->error() == QAbstractSocket::AddressInUseError;
        const QString reason = m_socket->errorString();
        delete m_socket;
        m_socket = nullptr;
        if (inUse) {
            return makeError(ErrorCode::Io, QStringLiteral("UDP port %1 is already in use (another controller or "
                                                           "zerotier-one?); choose another port")
                                                .arg(port));
        }
        return makeError(ErrorCode::Io,
                         QStringLiteral("cannot bind UDP port %1 on %2: %3").arg(port).arg(address.toString(), reason));
    }
    m_dualStack = m_socket->localAddress().protocol() != QAbstractSocket::IPv4Protocol;
    connect(m_socket, &QUdpSocket::readyRead, this, &UdpTransport::readPending);
    return Ok{};
}

void UdpTransport::close()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->close();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
}

bool UdpTransport::isBound() const
{
    return m_socket && m_socket->state() == QAbstractSocket::BoundState;
}

quint16 UdpTransport::localPort() const
{
    return m_socket ? m_socket->localPort() : 0;
}

bool UdpTransport::send(const InetAddress &to, const QByteArray &datagram)
{
    if (!m_socket || to.isNull())
        return false;
    const QHostAddress host = toHostAddress(to);
    return m_socket->writeDatagram(datagram, host, to.port()) == datagram.size();
}

int UdpTransport::drain()
{
    if (!m_socket || m_reading || !m_socket->hasPendingDatagrams())
        return 0;
    return readPending();
}

int UdpTransport::readPending()
{
    // Bounded per wake-up so one flood cannot starve the event loop.
    m_reading = true;
    int count = 0;
    for (int i = 0; i < 256 && m_socket && m_socket->hasPendingDatagrams(); ++i) {
        const QNetworkDatagram d = m_socket->receiveDatagram(65536);
        if (!d.isValid())
            continue;
        const InetAddress from = toInetAddress(d.senderAddress(), quint16(d.senderPort()));
        if (from.isNull())
            continue;
        ++count;
        emit datagramReceived(from, d.data());
    }
    m_reading = false;
    if (m_socket && m_socket->hasPendingDatagrams() && !m_rereadQueued) {
        m_rereadQueued = true;
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_rereadQueued = false;
                readPending();
            },
            Qt::QueuedConnection);
    }
    return count;
}

InetAddress UdpTransport::toInetAddress(const QHostAddress &host, quint16 port)
{
    bool isV4 = false;
    const quint32 v4 = host.toIPv4Address(&isV4); // also unwraps ::ffff:a.b.c.d
    if (isV4)
        return InetAddress::fromIPv4(v4, port);
    if (host.protocol() == QAbstractSocket::IPv6Protocol) {
        const Q_IPV6ADDR v6 = host.toIPv6Address();
        return InetAddress::fromIpBytes(QByteArrayView(reinterpret_cast<const char *>(v6.c), 16), port);
    }
    return {};
}

QHostAddress UdpTransport::toHostAddress(const InetAddress &address)
{
    if (address.isIPv4())
        return QHostAddress(address.ipv4());
    if (address.isIPv6()) {
        const QByteArray b = address.ipBytes();
        return QHostAddress(reinterpret_cast<const quint8 *>(b.constData()));
    }
    return {};
}

} // namespace tier
