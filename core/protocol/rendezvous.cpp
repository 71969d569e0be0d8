// SPDX-License-Identifier: GPL-3.0-or-later
#include "rendezvous.h"

#include "core/base/bytes.h"

namespace tier {

Result<RendezvousPayload> RendezvousPayload::decode(QByteArrayView payload)
{
    ByteReader r(payload);
    RendezvousPayload p;
    p.flags = r.u8();
    p.peer = Address(r.u40());
    const quint16 port = r.u16();
    const quint8 length = r.u8();
    if (!r.ok())
        return makeError(ErrorCode::Truncated, QStringLiteral("RENDEZVOUS: truncated"));
    if (length != InetAddress::IPv4Length && length != InetAddress::IPv6Length)
        return makeError(ErrorCode::Malformed, QStringLiteral("RENDEZVOUS: address length %1").arg(length));
    const QByteArrayView ip = r.bytes(length);
    if (!r.ok())
        return makeError(ErrorCode::Truncated, QStringLiteral("RENDEZVOUS: truncated address"));
    p.address = InetAddress::fromIpBytes(ip, port);
    return p;
}

QByteArray RendezvousPayload::encode() const
{
    ByteWriter w(25);
    const QByteArray ip = address.ipBytes();
    w.u8(flags).u40(peer.toInt()).u16(address.port()).u8(quint8(ip.size())).bytes(ip);
    return std::move(w).data();
}

} // namespace tier
