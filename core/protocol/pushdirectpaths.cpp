// SPDX-License-Identifier: GPL-3.0-or-later
#include "pushdirectpaths.h"

#include "core/base/bytes.h"

namespace tier {

Result<PushDirectPathsPayload> PushDirectPathsPayload::decode(QByteArrayView payload)
{
    ByteReader r(payload);
    PushDirectPathsPayload p;
    const quint16 count = r.u16();
    if (!r.ok())
        return makeError(ErrorCode::Truncated, QStringLiteral("PUSH_DIRECT_PATHS: truncated count"));
    for (int i = 0; i < count; ++i) {
        Path path;
        path.flags = r.u8();
        const quint16 extLength = r.u16();
        path.extension = r.bytes(extLength).toByteArray();
        const quint8 type = r.u8();
        const quint8 length = r.u8();
        const QByteArrayView address = r.bytes(length);
        if (!r.ok())
            return makeError(ErrorCode::Truncated, QStringLiteral("PUSH_DIRECT_PATHS: record %1 truncated").arg(i));
        ByteReader a(address);
        if (type == 4 && length == 6) {
            const QByteArrayView ip = a.bytes(4);
            path.address = InetAddress::fromIpBytes(ip, a.u16());
        } else if (type == 6 && length == 18) {
            const QByteArrayView ip = a.bytes(16);
            path.address = InetAddress::fromIpBytes(ip, a.u16());
        }
        p.paths.append(std::move(path));
    }
    return p;
}

QByteArray PushDirectPathsPayload::encode() const
{
    ByteWriter w;
    w.u16(quint16(paths.size()));
    for (const Path &path : paths) {
        w.u8(path.flags).u16(quint16(path.extension.size())).bytes(path.extension);
        const QByteArray ip = path.address.ipBytes();
        w.u8(path.address.isIPv4() ? 4 : path.address.isIPv6() ? 6 : 0).u8(quint8(ip.isEmpty() ? 0 : ip.size() + 2));
        if (!ip.isEmpty())
            w.bytes(ip).u16(path.address.port());
    }
    return std::move(w).data();
}

} // namespace tier
