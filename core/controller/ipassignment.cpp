// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/controller/ipassignment.h"

#include <array>

namespace tier::ipassignment {

namespace {

constexpr int MaxTrials = 1000;

void putBigEndian(std::array<quint8, 16> &bytes, int offset, quint64 value, int length)
{
    for (int i = 0; i < length; ++i)
        bytes[size_t(offset + i)] = quint8(value >> (8 * (length - 1 - i)));
}

InetAddress fromArray(const std::array<quint8, 16> &bytes, quint16 bits)
{
    return InetAddress::fromIpBytes(QByteArrayView(reinterpret_cast<const char *>(bytes.data()), 16), bits);
}

quint64 half(const QByteArray &ip16, int offset)
{
    quint64 v = 0;
    for (int i = 0; i < 8; ++i)
        v = (v << 8) | quint8(ip16[offset + i]);
    return v;
}

InetAddress fromHalves(quint64 hi, quint64 lo)
{
    std::array<quint8, 16> b{};
    putBigEndian(b, 0, hi, 8);
    putBigEndian(b, 8, lo, 8);
    return fromArray(b, 0);
}

quint32 maskOf(int bits)
{
    // The reference shifts a 32-bit value by 32 for /0 (undefined); we treat /0 as "everything".
    return bits <= 0 ? 0u : (bits >= 32 ? 0xffffffffu : ~quint32(0) << (32 - bits));
}

} // namespace

InetAddress rfc4193(quint64 networkId, Address member)
{
    std::array<quint8, 16> b{};
    b[0] = 0xfd;
    putBigEndian(b, 1, networkId, 8);
    b[9] = 0x99;
    b[10] = 0x93;
    putBigEndian(b, 11, member.toInt(), 5);
    return fromArray(b, 88);
}

InetAddress sixPlane(quint64 networkId, Address member)
{
    const quint32 h = quint32((networkId ^ (networkId >> 32)) & 0xffffffffULL);
    std::array<quint8, 16> b{};
    b[0] = 0xfc;
    putBigEndian(b, 1, h, 4);
    putBigEndian(b, 5, member.toInt(), 5);
    b[15] = 0x01;
    return fromArray(b, 40);
}

Output assign(const Input &in)
{
    Output out;
    if (in.v6AssignRfc4193 && !in.noAutoAssign) {
        out.staticIps.append(rfc4193(in.networkId, in.member));
        out.ndpEmulation = true;
    }
    if (in.v6Assign6plane && !in.noAutoAssign) {
        out.staticIps.append(sixPlane(in.networkId, in.member));
        out.ndpEmulation = true;
    }

    bool haveV4 = false;
    bool haveV6 = false;
    for (const InetAddress &ip : in.memberIps) {
        int best = -1;
        for (const NetworkConfig::Route &route : in.routes) {
            if (route.target.family() == ip.family() && route.target.containsIp(ip))
                best = qMax(best, route.target.prefixLength());
        }
        if (best < 0)
            continue; // outside every route: the reference silently does not send it
        out.staticIps.append(ip.withPort(quint16(best)));
        (ip.isIPv4() ? haveV4 : haveV6) = true;
    }

    const auto taken = [&](const InetAddress &candidate) {
        return (in.isAllocated ? in.isAllocated(candidate) : in.allocated.contains(candidate)) ||
               in.memberIps.contains(candidate) || out.newAssignments.contains(candidate);
    };

    if (!in.pools.isEmpty() && in.v6AssignZt && !haveV6 && !in.noAutoAssign) {
        for (const IpPool &pool : in.pools) {
            if (haveV6)
                break;
            if (!pool.start.isIPv6() || !pool.end.isIPv6())
                continue;
            out.searchedPools = true;
            const QByteArray s = pool.start.ipBytes();
            const QByteArray e = pool.end.ipBytes();
            const quint64 sHi = half(s, 0), sLo = half(s, 8), eHi = half(e, 0), eLo = half(e, 8);
            for (int trial = 0; trial < MaxTrials; ++trial) {
                quint64 hi = sHi;
                quint64 lo = sLo;
                if (trial == 0 && eLo > sLo && eLo - sLo >= 0xffffffffffULL) {
                    lo = sLo + in.member.toInt();
                } else {
                    const quint64 r1 = in.random ? in.random() : 0;
                    const quint64 r2 = in.random ? in.random() : 0;
                    hi = sHi + (eHi > sHi ? r1 % (eHi - sHi) : 0);
                    lo = sLo + (eLo > sLo ? r2 % (eLo - sLo) : 0);
                }
                const InetAddress candidate = fromHalves(hi, lo);
                int bits = -1;
                for (const NetworkConfig::Route &route : in.routes) {
                    if (route.target.isIPv6() && route.via.isNull() && route.target.containsIp(candidate))
                        bits = route.target.prefixLength(); // the last match wins, as in the reference
                }
                if (bits < 0 || taken(candidate))
                    continue;
                out.newAssignments.append(candidate);
                out.staticIps.append(candidate.withPort(quint16(bits)));
                haveV6 = true;
                break;
            }
        }
    }

    if (!in.pools.isEmpty() && in.v4AssignZt && !haveV4 && !in.noAutoAssign) {
        for (const IpPool &pool : in.pools) {
            if (haveV4)
                break;
            if (!pool.start.isIPv4() || !pool.end.isIPv4())
                continue;
            const quint32 start = pool.start.ipv4();
            const quint32 end = pool.end.ipv4();
            if (end < start || start == 0)
                continue;
            out.searchedPools = true;
            const quint32 len = end - start;
            quint32 counter = quint32(in.member.toInt() & 0xffffffffULL);
            for (quint64 trial = 0; trial < MaxTrials && trial <= len; ++trial) {
                const quint32 ip = len > 0 ? start + (counter % len) : start;
                ++counter;
                if ((ip & 0xffu) == 0xffu)
                    continue;
                int bits = -1;
                for (const NetworkConfig::Route &route : in.routes) {
                    if (!route.target.isIPv4())
                        continue;
                    const int b = route.target.prefixLength();
                    if ((ip & maskOf(b)) == route.target.ipv4()) {
                        bits = b;
                        break; // the first match, as in the reference
                    }
                }
                const InetAddress candidate = InetAddress::fromIPv4(ip);
                if (bits < 0 || taken(candidate))
                    continue;
                out.newAssignments.append(candidate);
                out.staticIps.append(candidate.withPort(quint16(bits)));
                haveV4 = true;
                break;
            }
        }
    }
    return out;
}

} // namespace tier::ipassignment
