// SPDX-License-Identifier: GPL-3.0-or-later
#include "networkconfigframe.h"

#include "constants.h"
#include "core/base/bytes.h"

namespace tier {

namespace {

// Network ID (8) + chunk length (2) + the chunk data it announces must be there.
Status checkChunk(QByteArrayView chunk)
{
    ByteReader r(chunk);
    r.skip(8);
    const quint16 length = r.u16();
    r.skip(length);
    if (!r.ok())
        return makeError(ErrorCode::Truncated, QStringLiteral("config chunk: shorter than its length field"));
    return Ok{};
}

quint64 chunkNetworkId(const QByteArray &chunk)
{
    return ByteReader(chunk).u64();
}

} // namespace

Result<OkNetworkConfigPayload> OkNetworkConfigPayload::decode(QByteArrayView payload)
{
    ByteReader r(payload);
    OkNetworkConfigPayload ok;
    const quint8 inRe = r.u8();
    ok.inRePacketId = r.u64();
    if (!r.ok())
        return makeError(ErrorCode::Truncated, QStringLiteral("OK(NETWORK_CONFIG_REQUEST): truncated"));
    if ((inRe & protocol::VerbMask) != quint8(Verb::NetworkConfigRequest))
        return makeError(ErrorCode::Malformed,
                         QStringLiteral("OK(NETWORK_CONFIG_REQUEST): in-re verb is not NETWORK_CONFIG_REQUEST"));
    const QByteArrayView chunk = r.rest();
    if (Status s = checkChunk(chunk); !s)
        return s.error();
    ok.chunk = chunk.toByteArray();
    return ok;
}

QByteArray OkNetworkConfigPayload::encode() const
{
    ByteWriter w(9 + chunk.size());
    w.u8(quint8(Verb::NetworkConfigRequest)).u64(inRePacketId).bytes(chunk);
    return std::move(w).data();
}

quint64 OkNetworkConfigPayload::networkId() const
{
    return chunkNetworkId(chunk);
}

Result<NetworkConfigPayload> NetworkConfigPayload::decode(QByteArrayView payload)
{
    if (Status s = checkChunk(payload); !s)
        return s.error();
    NetworkConfigPayload p;
    p.chunk = payload.toByteArray();
    return p;
}

quint64 NetworkConfigPayload::networkId() const
{
    return chunkNetworkId(chunk);
}

} // namespace tier
