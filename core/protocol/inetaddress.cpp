// SPDX-License-Identifier: GPL-3.0-or-later
#include "inetaddress.h"

#include <QList>
#include <QStringList>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace tier {

namespace {

constexpr quint8 TypeNone = 0x00;
constexpr quint8 TypeEthernet = 0x01;
constexpr quint8 TypeBluetooth = 0x02;
constexpr quint8 TypeOther = 0x03;
constexpr quint8 TypeIPv4 = 0x04;
constexpr quint8 TypeIPv6 = 0x06;

std::optional<quint32> parseIPv4(QStringView text)
{
    // One pass, no temporary list: controllers parse every stored address when picking a new one.
    quint32 value = 0;
    int parts = 0;
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (true) {
        // Decimal only, no signs or blanks; leading zeros are allowed but must not hide octal.
        int octet = 0;
        int digits = 0;
        while (i < n && text[i] != u'.') {
            const char16_t c = text[i].unicode();
            if (c < u'0' || c > u'9' || ++digits > 3)
                return std::nullopt;
            octet = octet * 10 + (c - u'0');
            ++i;
        }
        if (digits == 0 || octet > 255)
            return std::nullopt;
        value = (value << 8) | quint32(octet);
        if (++parts == 4)
            return i == n ? std::optional<quint32>(value) : std::nullopt;
        if (i == n)
            return std::nullopt; // fewer than four parts
        ++i;                     // the dot
    }
}

// Parses a run of colon-separated hex groups (the last one may be a dotted IPv4 if allowed).
bool parseGroups(QStringView text, bool allowTrailingIPv4, QList<quint16> &out)
{
    if (text.isEmpty())
        return true;
    const QList<QStringView> groups = text.split(u':');
    for (qsizetype i = 0; i < groups.size(); ++i) {
        const QStringView g = groups[i];
        if (allowTrailingIPv4 && i == groups.size() - 1 && g.contains(u'.')) {
            const auto v4 = parseIPv4(g);
            if (!v4)
                return false;
            out.append(quint16(*v4 >> 16));
            out.append(quint16(*v4 & 0xffff));
            continue;
        }
        if (g.isEmpty() || g.size() > 4)
            return false;
        bool ok = false;
        const uint v = g.toString().toUInt(&ok, 16);
        if (!ok)
            return false;
        out.append(quint16(v));
    }
    return true;
}

std::optional<std::array<quint8, 16>> parseIPv6(QStringView text)
{
    if (text.isEmpty() || text.size() > 45)
        return std::nullopt;
    QList<quint16> head;
    QList<quint16> tail;
    const qsizetype gap = text.indexOf(u"::");
    if (gap >= 0) {
        if (text.indexOf(u"::", gap + 1) >= 0)
            return std::nullopt;
        const QStringView left = text.first(gap);
        const QStringView right = text.sliced(gap + 2);
        if (!parseGroups(left, false, head) || !parseGroups(right, true, tail))
            return std::nullopt;
        if (head.size() + tail.size() > 7)
            return std::nullopt;
    } else {
        if (!parseGroups(text, true, head) || head.size() != 8)
            return std::nullopt;
    }
    std::array<quint8, 16> ip{};
    for (qsizetype i = 0; i < head.size(); ++i) {
        ip[size_t(2 * i)] = quint8(head[i] >> 8);
        ip[size_t(2 * i + 1)] = quint8(head[i] & 0xff);
    }
    const qsizetype tailStart = 8 - tail.size();
    for (qsizetype i = 0; i < tail.size(); ++i) {
        ip[size_t(2 * (tailStart + i))] = quint8(tail[i] >> 8);
        ip[size_t(2 * (tailStart + i) + 1)] = quint8(tail[i] & 0xff);
    }
    return ip;
}

QString formatIPv6(const std::array<quint8, 16> &ip)
{
    quint16 groups[8];
    for (int i = 0; i < 8; ++i)
        groups[i] = quint16((ip[size_t(2 * i)] << 8) | ip[size_t(2 * i + 1)]);
    // RFC 5952: compress the longest run of two or more zero groups, the first one on a tie.
    int bestStart = -1;
    int bestLength = 0;
    for (int i = 0; i < 8;) {
        if (groups[i] != 0) {
            ++i;
            continue;
        }
        int j = i;
        while (j < 8 && groups[j] == 0)
            ++j;
        if (j - i > bestLength && j - i >= 2) {
            bestStart = i;
            bestLength = j - i;
        }
        i = j;
    }
    QString out;
    for (int i = 0; i < 8; ++i) {
        if (i == bestStart) {
            out += QLatin1String("::");
            i += bestLength - 1;
            continue;
        }
        if (!out.isEmpty() && !out.endsWith(u':'))
            out += u':';
        out += QString::number(groups[i], 16);
    }
    return out;
}

} // namespace

InetAddress InetAddress::fromIPv4(quint32 ip, quint16 portOrBits)
{
    InetAddress a;
    a.m_family = Family::IPv4;
    a.m_port = portOrBits;
    a.m_ip[0] = quint8(ip >> 24);
    a.m_ip[1] = quint8(ip >> 16);
    a.m_ip[2] = quint8(ip >> 8);
    a.m_ip[3] = quint8(ip);
    return a;
}

InetAddress InetAddress::fromIpBytes(QByteArrayView ip, quint16 portOrBits)
{
    InetAddress a;
    if (ip.size() == IPv4Length)
        a.m_family = Family::IPv4;
    else if (ip.size() == IPv6Length)
        a.m_family = Family::IPv6;
    else
        return a;
    a.m_port = portOrBits;
    std::memcpy(a.m_ip.data(), ip.data(), size_t(ip.size()));
    return a;
}

std::optional<InetAddress> InetAddress::fromIpString(QStringView text, quint16 portOrBits)
{
    text = text.trimmed();
    if (text.contains(u':')) {
        const auto v6 = parseIPv6(text);
        if (!v6)
            return std::nullopt;
        InetAddress a;
        a.m_family = Family::IPv6;
        a.m_port = portOrBits;
        a.m_ip = *v6;
        return a;
    }
    const auto v4 = parseIPv4(text);
    if (!v4)
        return std::nullopt;
    return fromIPv4(*v4, portOrBits);
}

std::optional<InetAddress> InetAddress::fromString(QStringView text)
{
    text = text.trimmed();
    const qsizetype slash = text.lastIndexOf(u'/');
    if (slash < 0)
        return fromIpString(text, 0);
    const QStringView number = text.sliced(slash + 1);
    if (number.isEmpty() || number.size() > 5)
        return std::nullopt;
    uint value = 0;
    for (QChar c : number) {
        if (c < u'0' || c > u'9')
            return std::nullopt;
        value = value * 10 + (c.unicode() - u'0');
    }
    if (value > 0xffff)
        return std::nullopt;
    return fromIpString(text.first(slash), quint16(value));
}

Result<InetAddress> InetAddress::read(ByteReader &reader)
{
    const quint8 type = reader.u8();
    if (!reader.ok())
        return makeError(ErrorCode::Truncated, QStringLiteral("InetAddress: missing type byte"));
    switch (type) {
    case TypeNone:
        return InetAddress();
    case TypeIPv4: {
        const QByteArrayView ip = reader.bytes(IPv4Length);
        const quint16 port = reader.u16();
        if (!reader.ok())
            return makeError(ErrorCode::Truncated, QStringLiteral("InetAddress: truncated IPv4"));
        return fromIpBytes(ip, port);
    }
    case TypeIPv6: {
        const QByteArrayView ip = reader.bytes(IPv6Length);
        const quint16 port = reader.u16();
        if (!reader.ok())
            return makeError(ErrorCode::Truncated, QStringLiteral("InetAddress: truncated IPv6"));
        return fromIpBytes(ip, port);
    }
    case TypeEthernet:
    case TypeBluetooth:
        reader.skip(6);
        if (!reader.ok())
            return makeError(ErrorCode::Truncated, QStringLiteral("InetAddress: truncated reserved type"));
        return InetAddress();
    case TypeOther: {
        const quint16 length = reader.u16();
        reader.skip(length);
        if (!reader.ok())
            return makeError(ErrorCode::Truncated, QStringLiteral("InetAddress: truncated reserved type 3"));
        return InetAddress();
    }
    default:
        return makeError(ErrorCode::Malformed,
                         QStringLiteral("InetAddress: unknown type 0x%1").arg(type, 2, 16, QLatin1Char('0')));
    }
}

Result<InetAddress> InetAddress::fromBytes(QByteArrayView bytes)
{
    ByteReader reader(bytes);
    Result<InetAddress> a = read(reader);
    if (a && !reader.atEnd())
        return makeError(ErrorCode::Malformed, QStringLiteral("InetAddress: trailing bytes"));
    return a;
}

void InetAddress::write(ByteWriter &writer) const
{
    switch (m_family) {
    case Family::None:
        writer.u8(TypeNone);
        break;
    case Family::IPv4:
        writer.u8(TypeIPv4).bytes(QByteArrayView(reinterpret_cast<const char *>(m_ip.data()), IPv4Length)).u16(m_port);
        break;
    case Family::IPv6:
        writer.u8(TypeIPv6).bytes(QByteArrayView(reinterpret_cast<const char *>(m_ip.data()), IPv6Length)).u16(m_port);
        break;
    }
}

QByteArray InetAddress::toBytes() const
{
    ByteWriter w(MaxWireLength);
    write(w);
    return std::move(w).data();
}

InetAddress InetAddress::withPort(quint16 portOrBits) const
{
    InetAddress a = *this;
    if (!a.isNull())
        a.m_port = portOrBits;
    return a;
}

QByteArray InetAddress::ipBytes() const
{
    switch (m_family) {
    case Family::IPv4:
        return QByteArray(reinterpret_cast<const char *>(m_ip.data()), IPv4Length);
    case Family::IPv6:
        return QByteArray(reinterpret_cast<const char *>(m_ip.data()), IPv6Length);
    case Family::None:
        break;
    }
    return {};
}

quint32 InetAddress::ipv4() const
{
    if (!isIPv4())
        return 0;
    return (quint32(m_ip[0]) << 24) | (quint32(m_ip[1]) << 16) | (quint32(m_ip[2]) << 8) | quint32(m_ip[3]);
}

QString InetAddress::toIpString() const
{
    switch (m_family) {
    case Family::IPv4: {
        // In one pass: a chain of arg() made four temporary strings, and a controller formats these by
        // the million (network warnings, member IPs).
        char text[16];
        char *end = text;
        for (int i = 0; i < 4; ++i) {
            if (i > 0)
                *end++ = '.';
            end = std::to_chars(end, text + sizeof(text), int(m_ip[i])).ptr;
        }
        return QString::fromLatin1(text, end - text);
    }
    case Family::IPv6:
        return formatIPv6(m_ip);
    case Family::None:
        break;
    }
    return {};
}

QString InetAddress::toString() const
{
    if (isNull())
        return {};
    return toIpString() + u'/' + QString::number(m_port);
}

InetAddress InetAddress::network() const
{
    if (isNull())
        return *this;
    InetAddress a = *this;
    const int bytes = isIPv4() ? IPv4Length : IPv6Length;
    const int bits = std::min<int>(m_port, bytes * 8);
    for (int i = 0; i < bytes; ++i) {
        const int keep = std::clamp(bits - 8 * i, 0, 8);
        a.m_ip[size_t(i)] &= quint8(keep == 0 ? 0 : (0xff << (8 - keep)) & 0xff);
    }
    return a;
}

bool InetAddress::containsIp(const InetAddress &ip) const
{
    if (isNull() || ip.m_family != m_family)
        return false;
    const int maxBits = isIPv4() ? 32 : 128;
    if (m_port > maxBits)
        return false;
    return ip.withPort(m_port).network().m_ip == network().m_ip;
}

bool InetAddress::isLoopback() const
{
    if (isIPv4())
        return m_ip[0] == 127;
    if (isIPv6()) {
        static constexpr std::array<quint8, 16> loop{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
        return m_ip == loop;
    }
    return false;
}

bool operator<(const InetAddress &a, const InetAddress &b)
{
    if (a.m_family != b.m_family)
        return a.m_family < b.m_family;
    if (a.m_ip != b.m_ip)
        return a.m_ip < b.m_ip;
    return a.m_port < b.m_port;
}

size_t qHash(const InetAddress &a, size_t seed) noexcept
{
    if (a.isIPv4()) // the common case, without allocating the byte form
        return qHashMulti(seed, quint8(a.family()), a.port(), a.ipv4());
    const QByteArray ip = a.ipBytes();
    return qHashMulti(seed, quint8(a.family()), a.port(), ip);
}

} // namespace tier
