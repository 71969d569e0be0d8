// SPDX-License-Identifier: GPL-3.0-or-later
#include "udptransport.h"

#include <QSocketNotifier>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace tier {

namespace {

constexpr int BatchSize = 64;      ///< datagrams per recvmmsg/sendmmsg call
constexpr int MaxPerWakeUp = 256;  ///< bounded per wake-up so one flood cannot starve the event loop
constexpr int MaxDatagram = 16384; ///< larger than any ZeroTier packet (10,024) or fragment
/// Rides out a stall of the node's thread (a status flush, a burst of work, not being scheduled) of
/// about a second at a few thousand requests a second, instead of the kernel's ~200 KiB that drop
/// requests after a few hundred. Not more: what waits longer is stale to its sender (it asks again),
/// and a longer queue only turns sustained overload into latency.
constexpr int SocketBufferBytes = 2 << 20;

/// sockaddr for `to` on a socket of `family`; false if it cannot be reached from that family.
bool toSockaddr(const InetAddress &to, int family, sockaddr_storage &out, socklen_t &length)
{
    std::memset(&out, 0, sizeof out);
    if (family == AF_INET) {
        if (!to.isIPv4())
            return false;
        auto *a = reinterpret_cast<sockaddr_in *>(&out);
        a->sin_family = AF_INET;
        a->sin_port = htons(to.port());
        a->sin_addr.s_addr = htonl(to.ipv4());
        length = sizeof(sockaddr_in);
        return true;
    }
    auto *a = reinterpret_cast<sockaddr_in6 *>(&out);
    a->sin6_family = AF_INET6;
    a->sin6_port = htons(to.port());
    if (to.isIPv4()) {
        // Dual-stack socket: IPv4 destinations as ::ffff:a.b.c.d.
        a->sin6_addr.s6_addr[10] = 0xff;
        a->sin6_addr.s6_addr[11] = 0xff;
        const quint32 v4 = htonl(to.ipv4());
        std::memcpy(&a->sin6_addr.s6_addr[12], &v4, 4);
    } else if (to.isIPv6()) {
        const QByteArray b = to.ipBytes();
        std::memcpy(a->sin6_addr.s6_addr, b.constData(), 16);
    } else {
        return false;
    }
    length = sizeof(sockaddr_in6);
    return true;
}

InetAddress fromSockaddr(const sockaddr_storage &from)
{
    if (from.ss_family == AF_INET) {
        const auto *a = reinterpret_cast<const sockaddr_in *>(&from);
        return InetAddress::fromIPv4(ntohl(a->sin_addr.s_addr), ntohs(a->sin_port));
    }
    if (from.ss_family == AF_INET6) {
        const auto *a = reinterpret_cast<const sockaddr_in6 *>(&from);
        if (IN6_IS_ADDR_V4MAPPED(&a->sin6_addr)) {
            quint32 v4 = 0;
            std::memcpy(&v4, &a->sin6_addr.s6_addr[12], 4);
            return InetAddress::fromIPv4(ntohl(v4), ntohs(a->sin6_port));
        }
        return InetAddress::fromIpBytes(QByteArrayView(reinterpret_cast<const char *>(a->sin6_addr.s6_addr), 16),
                                        ntohs(a->sin6_port));
    }
    return {};
}

void enlargeBuffer(int fd, int option, int forceOption)
{
    // The unprivileged option is capped by net.core.[rw]mem_max; the FORCE one works for root.
    int size = SocketBufferBytes;
    if (::setsockopt(fd, SOL_SOCKET, forceOption, &size, sizeof size) != 0)
        ::setsockopt(fd, SOL_SOCKET, option, &size, sizeof size);
}

/// A bound non-blocking socket, or −1 with errno set.
int openBound(int family, const sockaddr_storage &address, socklen_t length, bool dualStack)
{
    const int fd = ::socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    if (family == AF_INET6) {
        const int v6only = dualStack ? 0 : 1;
        ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof v6only);
    }
    // No SO_REUSEADDR: on Linux a second UDP socket could otherwise silently share the port with a
    // running zerotier-one or controller.
    if (::bind(fd, reinterpret_cast<const sockaddr *>(&address), length) != 0) {
        const int error = errno;
        ::close(fd);
        errno = error;
        return -1;
    }
    enlargeBuffer(fd, SO_RCVBUF, SO_RCVBUFFORCE);
    enlargeBuffer(fd, SO_SNDBUF, SO_SNDBUFFORCE);
    return fd;
}

} // namespace

UdpTransport::UdpTransport(QObject *parent) : QObject(parent) {}

UdpTransport::~UdpTransport()
{
    close();
}

Status UdpTransport::bind(quint16 port, const QHostAddress &address)
{
    close();
    sockaddr_storage sa{};
    socklen_t length = 0;
    int family = AF_INET;
    bool dualStack = false;
    if (address == QHostAddress(QHostAddress::Any)) {
        family = AF_INET6;
        dualStack = true;
        toSockaddr(InetAddress::fromIpBytes(QByteArray(16, '\0'), port), AF_INET6, sa, length);
    } else {
        const InetAddress a = toInetAddress(address, port);
        family = a.isIPv4() ? AF_INET : AF_INET6;
        if (!toSockaddr(a, family, sa, length))
            return makeError(
                ErrorCode::Io,
                QStringLiteral("cannot bind UDP port %1 on %2: not an IP address").arg(port).arg(address.toString()));
    }
    int fd = openBound(family, sa, length, dualStack);
    if (fd < 0 && dualStack && errno != EADDRINUSE) {
        // No IPv6 on this host: fall back to IPv4 only.
        family = AF_INET;
        toSockaddr(InetAddress::fromIPv4(0, port), AF_INET, sa, length);
        fd = openBound(family, sa, length, false);
    }
    if (fd < 0) {
        if (errno == EADDRINUSE) {
            return makeError(ErrorCode::Io, QStringLiteral("UDP port %1 is already in use (another controller or "
                                                           "zerotier-one?); choose another port")
                                                .arg(port));
        }
        return makeError(ErrorCode::Io, QStringLiteral("cannot bind UDP port %1 on %2: %3")
                                            .arg(port)
                                            .arg(address.toString(), QString::fromLocal8Bit(std::strerror(errno))));
    }
    sockaddr_storage bound{};
    socklen_t boundLength = sizeof bound;
    ::getsockname(fd, reinterpret_cast<sockaddr *>(&bound), &boundLength);
    m_fd = fd;
    m_family = family;
    m_port = fromSockaddr(bound).port();
    m_notifier = new QSocketNotifier(qintptr(fd), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &UdpTransport::readPending);
    return Ok{};
}

void UdpTransport::close()
{
    if (m_notifier) {
        m_notifier->setEnabled(false);
        delete m_notifier;
        m_notifier = nullptr;
    }
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    m_port = 0;
    m_queued.clear();
}

bool UdpTransport::isBound() const
{
    return m_fd >= 0;
}

quint16 UdpTransport::localPort() const
{
    return m_port;
}

bool UdpTransport::send(const InetAddress &to, const QByteArray &datagram)
{
    if (m_fd < 0 || to.isNull())
        return false;
    if (m_reading) {
        sockaddr_storage sa{};
        socklen_t length = 0;
        if (!toSockaddr(to, m_family, sa, length))
            return false;
        m_queued.append(Outgoing{to, datagram});
        if (m_queued.size() >= BatchSize)
            flushQueued();
        return true;
    }
    return sendNow(to, datagram);
}

bool UdpTransport::sendNow(const InetAddress &to, const QByteArray &datagram)
{
    sockaddr_storage sa{};
    socklen_t length = 0;
    if (!toSockaddr(to, m_family, sa, length))
        return false;
    ssize_t sent = -1;
    do {
        sent =
            ::sendto(m_fd, datagram.constData(), size_t(datagram.size()), 0, reinterpret_cast<sockaddr *>(&sa), length);
    } while (sent < 0 && errno == EINTR);
    return sent == datagram.size();
}

void UdpTransport::flushQueued()
{
    while (!m_queued.isEmpty() && m_fd >= 0) {
        const int n = int(std::min<qsizetype>(m_queued.size(), BatchSize));
        mmsghdr messages[BatchSize];
        iovec vectors[BatchSize];
        sockaddr_storage addresses[BatchSize];
        std::memset(messages, 0, sizeof(mmsghdr) * size_t(n));
        for (int i = 0; i < n; ++i) {
            socklen_t length = 0;
            toSockaddr(m_queued[i].to, m_family, addresses[i], length);
            vectors[i].iov_base = const_cast<char *>(m_queued[i].datagram.constData());
            vectors[i].iov_len = size_t(m_queued[i].datagram.size());
            messages[i].msg_hdr.msg_name = &addresses[i];
            messages[i].msg_hdr.msg_namelen = length;
            messages[i].msg_hdr.msg_iov = &vectors[i];
            messages[i].msg_hdr.msg_iovlen = 1;
        }
        int sent = ::sendmmsg(m_fd, messages, unsigned(n), 0);
        if (sent < 0 && errno == EINTR)
            continue;
        if (sent <= 0) {
            // The first datagram was refused (unreachable, buffer full): count it, go on with the rest.
            ++m_sendFailures;
            sent = 1;
        }
        m_queued.remove(0, sent);
    }
}

int UdpTransport::drain()
{
    if (m_fd < 0 || m_reading)
        return 0;
    return readPending();
}

int UdpTransport::readPending()
{
    if (m_fd < 0)
        return 0;
    m_reading = true;
    int count = 0;
    bool more = true;
    // One buffer for the whole batch; each datagram is copied out at its length.
    static thread_local QByteArray buffer;
    if (buffer.size() != BatchSize * MaxDatagram)
        buffer.resize(BatchSize * MaxDatagram);
    while (more && count < MaxPerWakeUp && m_fd >= 0) {
        mmsghdr messages[BatchSize];
        iovec vectors[BatchSize];
        sockaddr_storage addresses[BatchSize];
        std::memset(messages, 0, sizeof messages);
        for (int i = 0; i < BatchSize; ++i) {
            vectors[i].iov_base = buffer.data() + qsizetype(i) * MaxDatagram;
            vectors[i].iov_len = MaxDatagram;
            messages[i].msg_hdr.msg_name = &addresses[i];
            messages[i].msg_hdr.msg_namelen = sizeof(sockaddr_storage);
            messages[i].msg_hdr.msg_iov = &vectors[i];
            messages[i].msg_hdr.msg_iovlen = 1;
        }
        const int received = ::recvmmsg(m_fd, messages, BatchSize, MSG_DONTWAIT, nullptr);
        if (received <= 0) {
            if (received < 0 && errno == EINTR)
                continue;
            // EAGAIN: nothing more waiting (other errors: ICMP reports, ignored as Qt did). Without this a
            // socket once read to a full batch re-queued its read for ever, spinning the event loop.
            more = false;
            break;
        }
        more = received == BatchSize;
        for (int i = 0; i < received && m_fd >= 0; ++i) {
            if ((messages[i].msg_hdr.msg_flags & MSG_TRUNC) != 0)
                continue;
            const InetAddress from = fromSockaddr(addresses[i]);
            if (from.isNull())
                continue;
            ++count;
            emit datagramReceived(
                from, QByteArray(static_cast<const char *>(vectors[i].iov_base), qsizetype(messages[i].msg_len)));
        }
        flushQueued();
    }
    flushQueued();
    m_reading = false;
    if (more && m_fd >= 0 && !m_rereadQueued) {
        // Bounded per wake-up: the rest after other events had their turn.
        m_rereadQueued = true;
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_rereadQueued = false;
                if (!m_reading)
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
