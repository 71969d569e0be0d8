// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/models/networkaddressplan.h"

#include <QRandomGenerator>

#include <array>

namespace tier {

namespace {

struct Span
{
    quint32 first = 0;
    quint32 last = 0;
};

Span spanOf(const InetAddress &subnet)
{
    const int bits = subnet.prefixLength();
    const quint32 mask = bits == 0 ? 0 : ~quint32(0) << (32 - bits);
    const quint32 first = subnet.ipv4() & mask;
    return {first, first | ~mask};
}

bool overlaps(Span a, Span b)
{
    return a.first <= b.last && b.first <= a.last;
}

QList<Span> usedSpans(const QList<NetworkSettings> &networks)
{
    QList<Span> used;
    for (const NetworkSettings &network : networks) {
        for (const IpPool &pool : network.pools) {
            if (pool.start.isIPv4() && pool.end.isIPv4())
                used.append({qMin(pool.start.ipv4(), pool.end.ipv4()), qMax(pool.start.ipv4(), pool.end.ipv4())});
        }
        for (const NetworkConfig::Route &route : network.routes) {
            // A default route (0.0.0.0/0) via a gateway says nothing about which subnet is taken.
            if (route.target.isIPv4() && route.target.prefixLength() > 0)
                used.append(spanOf(route.target));
        }
    }
    return used;
}

bool free(Span candidate, const QList<Span> &used)
{
    for (const Span &span : used) {
        if (overlaps(candidate, span))
            return false;
    }
    return true;
}

} // namespace

QList<InetAddress> NetworkAddressPlan::presetSubnets()
{
    QList<InetAddress> presets;
    for (quint32 third = 17; third <= 30; ++third)
        presets.append(InetAddress::fromIPv4(0x0a930000u | (third << 8), 24)); // 10.147.x.0/24
    for (quint32 second : {22u, 23u, 24u})
        presets.append(InetAddress::fromIPv4(0xac000000u | (second << 16) | (1u << 8), 24)); // 172.x.1.0/24
    for (quint32 third = 191; third <= 196; ++third)
        presets.append(InetAddress::fromIPv4(0xc0a80000u | (third << 8), 24)); // 192.168.x.0/24
    return presets;
}

bool NetworkAddressPlan::subnetInUse(const InetAddress &subnet, const QList<NetworkSettings> &networks)
{
    return subnet.isIPv4() && !free(spanOf(subnet), usedSpans(networks));
}

std::optional<InetAddress> NetworkAddressPlan::freeSubnet(const QList<NetworkSettings> &networks)
{
    const QList<Span> used = usedSpans(networks);
    for (const InetAddress &preset : presetSubnets()) {
        if (free(spanOf(preset), used))
            return preset;
    }
    // Beyond the presets: every /24 of the private ranges, in address order.
    const std::array<Span, 3> ranges{{{0x0a000000u, 0x0affffffu}, {0xac100000u, 0xac1fffffu}, {0xc0a80000u, 0xc0a8ffffu}}};
    for (const Span &range : ranges) {
        for (quint64 first = range.first; first + 255 <= range.last; first += 256) {
            if (free({quint32(first), quint32(first + 255)}, used))
                return InetAddress::fromIPv4(quint32(first), 24);
        }
    }
    return std::nullopt;
}

std::optional<InetAddress> NetworkAddressPlan::parseSubnet(const QString &text, QString *error)
{
    const QStringView trimmed = QStringView(text).trimmed();
    const qsizetype slash = trimmed.indexOf(u'/');
    std::optional<InetAddress> ip;
    int bits = -1;
    if (slash > 0) {
        ip = InetAddress::fromIpString(trimmed.first(slash));
        bool ok = false;
        bits = trimmed.sliced(slash + 1).toInt(&ok);
        if (!ok)
            bits = -1;
    }
    if (!ip || bits < 0) {
        if (error)
            *error = tr("\"%1\" is not a subnet; write it as network/bits, e.g. 10.147.17.0/24.").arg(text.trimmed());
        return std::nullopt;
    }
    // Too small leaves no hosts to hand out; too large would claim a whole private range or more.
    const int minBits = 8;
    const int maxBits = ip->isIPv4() ? 30 : 120;
    if (bits < minBits || bits > maxBits) {
        if (error)
            *error = tr("The prefix length of %1 must be between /%2 and /%3.").arg(text.trimmed()).arg(minBits).arg(maxBits);
        return std::nullopt;
    }
    const InetAddress subnet = ip->withPort(quint16(bits));
    if (subnet.network() != subnet) {
        if (error)
            *error = tr("%1 has host bits set; the subnet is %2/%3.")
                         .arg(text.trimmed(), subnet.network().toIpString())
                         .arg(bits);
        return std::nullopt;
    }
    return subnet;
}

InetAddress NetworkAddressPlan::randomUniqueLocalSubnet()
{
    QByteArray bytes(16, '\0');
    bytes[0] = char(0xfd);
    QRandomGenerator *random = QRandomGenerator::system();
    for (int i = 1; i < 8; ++i) // global ID (40 bits) and subnet ID (16 bits)
        bytes[i] = char(random->bounded(256));
    return InetAddress::fromIpBytes(bytes, 64);
}

IpPool NetworkAddressPlan::hostRange(const InetAddress &subnet)
{
    if (subnet.isIPv4()) {
        const Span span = spanOf(subnet);
        return {InetAddress::fromIPv4(span.first + 1), InetAddress::fromIPv4(span.last - 1)};
    }
    QByteArray first = subnet.network().ipBytes();
    QByteArray last = first;
    const int bits = subnet.prefixLength();
    for (int bit = bits; bit < 128; ++bit)
        last[bit / 8] = char(quint8(last[bit / 8]) | (0x80 >> (bit % 8)));
    first[15] = char(quint8(first[15]) | 1); // ::1 upwards; the last address stays usable in IPv6
    return {InetAddress::fromIpBytes(first), InetAddress::fromIpBytes(last)};
}

NetworkSettings NetworkAddressPlan::apply(NetworkSettings base, const InetAddress &ipv4Subnet, Ipv6Mode mode,
                                          const InetAddress &ipv6Subnet)
{
    auto addSubnet = [&base](const InetAddress &subnet) {
        base.pools.append(hostRange(subnet));
        NetworkConfig::Route route;
        route.target = subnet;
        base.routes.append(route);
    };
    if (ipv4Subnet.isIPv4()) {
        addSubnet(ipv4Subnet);
        base.v4AssignZt = true;
    }
    base.v6AssignRfc4193 = mode == Ipv6Mode::Rfc4193;
    base.v6Assign6plane = mode == Ipv6Mode::SixPlane;
    base.v6AssignZt = mode == Ipv6Mode::Pool && ipv6Subnet.isIPv6();
    if (base.v6AssignZt)
        addSubnet(ipv6Subnet);
    return base;
}

} // namespace tier
