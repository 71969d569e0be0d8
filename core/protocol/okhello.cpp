// SPDX-License-Identifier: GPL-3.0-or-later
#include "okhello.h"

#include "core/base/bytes.h"

namespace tier {

Result<OkHelloPayload> OkHelloPayload::decode(QByteArrayView payload)
{
    ByteReader r(payload);
    OkHelloPayload ok;
    const quint8 inRe = r.u8();
    ok.inRePacketId = r.u64();
    ok.timestamp = r.u64();
    ok.protocolVersion = r.u8();
    ok.versionMajor = r.u8();
    ok.versionMinor = r.u8();
    ok.versionRevision = r.u16();
    if (!r.ok())
        return makeError(ErrorCode::Truncated, QStringLiteral("OK(HELLO): truncated"));
    if ((inRe & protocol::VerbMask) != quint8(Verb::Hello))
        return makeError(ErrorCode::Malformed, QStringLiteral("OK(HELLO): in-re verb is not HELLO"));
    if (r.atEnd())
        return ok;
    Result<InetAddress> a = InetAddress::read(r);
    if (!a)
        return a.error();
    ok.yourAddress = a.value();
    if (r.atEnd())
        return ok;
    const quint16 length = r.u16();
    ok.worldUpdates = r.bytes(length).toByteArray();
    if (!r.ok())
        return makeError(ErrorCode::Truncated, QStringLiteral("OK(HELLO): world updates longer than the packet"));
    return ok;
}

QByteArray OkHelloPayload::encode() const
{
    ByteWriter w(32 + worldUpdates.size());
    w.u8(quint8(Verb::Hello)).u64(inRePacketId).u64(timestamp);
    w.u8(protocolVersion).u8(versionMajor).u8(versionMinor).u16(versionRevision);
    yourAddress.write(w);
    w.u16(quint16(worldUpdates.size())).bytes(worldUpdates);
    return std::move(w).data();
}

QString OkHelloPayload::versionString() const
{
    return QStringLiteral("%1.%2.%3").arg(versionMajor).arg(versionMinor).arg(versionRevision);
}

} // namespace tier
