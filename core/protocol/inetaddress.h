// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/bytes.h"
#include "core/base/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHashFunctions>
#include <QString>

#include <array>
#include <optional>

namespace tier {

/// An IPv4 or IPv6 address plus a 16-bit number, or nothing. The number is a UDP port for physical
/// paths and a prefix length (netmask bits) for routes, static IPs and DNS servers in network
/// configs; the wire form is the same (docs/protocol/packets.md §8). QtCore only on purpose:
/// tm_protocol does not link QtNetwork, so the raw bytes are stored and formatted here.
class InetAddress final
{
public:
    enum class Family : quint8 {
        None = 0,
        IPv4 = 4,
        IPv6 = 6,
    };

    static constexpr int IPv4Length = 4;
    static constexpr int IPv6Length = 16;
    static constexpr int MaxWireLength = 19;

    InetAddress() = default;

    /// IPv4 from its 32-bit value in host order (e.g. 0x0a010203 for 10.1.2.3).
    static InetAddress fromIPv4(quint32 ip, quint16 portOrBits = 0);
    /// From 4 (IPv4) or 16 (IPv6) raw network-order bytes; null for any other length.
    static InetAddress fromIpBytes(QByteArrayView ip, quint16 portOrBits = 0);
    /// "10.1.2.3/9993", "fd00::1/88", or a bare IP (number 0). Nullopt if malformed.
    static std::optional<InetAddress> fromString(QStringView text);
    /// A bare IP in dotted-quad or RFC 4291 text form (incl. "::ffff:1.2.3.4").
    static std::optional<InetAddress> fromIpString(QStringView text, quint16 portOrBits = 0);

    /// Wire form read at the reader's position. Reserved types 1, 2 (7 bytes) and 3 (3 + length
    /// bytes) are skipped and give a null address; unknown types are Malformed.
    static Result<InetAddress> read(ByteReader &reader);
    /// Whole-buffer convenience: the input must be exactly one wire address.
    static Result<InetAddress> fromBytes(QByteArrayView bytes);
    void write(ByteWriter &writer) const;
    QByteArray toBytes() const; // 1, 7 or 19 bytes

    Family family() const { return m_family; }
    bool isNull() const { return m_family == Family::None; }
    bool isIPv4() const { return m_family == Family::IPv4; }
    bool isIPv6() const { return m_family == Family::IPv6; }

    quint16 port() const { return m_port; }
    /// The same field read as a prefix length (routes, static IPs).
    int prefixLength() const { return m_port; }
    InetAddress withPort(quint16 portOrBits) const;

    /// 4 or 16 network-order bytes (empty when null).
    QByteArray ipBytes() const;
    /// IPv4 value in host order (0 if not IPv4).
    quint32 ipv4() const;

    /// "ip/number" as ZeroTier prints it ("10.1.2.3/9993", "fd00::1/9993"); empty when null.
    QString toString() const;
    /// The IP alone ("10.1.2.3", RFC 5952 compressed IPv6); empty when null.
    QString toIpString() const;

    /// Treating this as network/prefixLength: the address with host bits cleared.
    InetAddress network() const;
    /// Treating this as network/prefixLength: whether ip (same family) lies inside.
    bool containsIp(const InetAddress &ip) const;

    /// Loopback (127/8, ::1).
    bool isLoopback() const;

    friend bool operator==(const InetAddress &a, const InetAddress &b)
    {
        return a.m_family == b.m_family && a.m_port == b.m_port && a.m_ip == b.m_ip;
    }
    friend bool operator!=(const InetAddress &a, const InetAddress &b) { return !(a == b); }
    friend bool operator<(const InetAddress &a, const InetAddress &b);

private:
    Family m_family = Family::None;
    quint16 m_port = 0;
    std::array<quint8, 16> m_ip{}; // IPv4 uses the first 4 bytes; the rest stays zero
};

size_t qHash(const InetAddress &a, size_t seed = 0) noexcept;

} // namespace tier
