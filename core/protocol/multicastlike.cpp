// SPDX-License-Identifier: GPL-3.0-or-later
#include "multicastlike.h"

#include "core/base/bytes.h"

namespace tier {

namespace {
constexpr int TupleLength = 18;
}

Result<MulticastLikePayload> MulticastLikePayload::decode(QByteArrayView payload)
{
    if (payload.size() < TupleLength)
        return makeError(ErrorCode::Truncated, QStringLiteral("MULTICAST_LIKE: no group"));
    ByteReader r(payload);
    MulticastLikePayload p;
    p.groups.reserve(payload.size() / TupleLength);
    while (r.remaining() >= TupleLength) {
        MulticastSubscription g;
        g.networkId = r.u64();
        g.mac = (quint64(r.u16()) << 32) | r.u32();
        g.adi = r.u32();
        p.groups.append(g);
    }
    return p;
}

QByteArray MulticastLikePayload::encode() const
{
    ByteWriter w(groups.size() * TupleLength);
    for (const MulticastSubscription &g : groups)
        w.u64(g.networkId).u16(quint16(g.mac >> 32)).u32(quint32(g.mac)).u32(g.adi);
    return std::move(w).data();
}

} // namespace tier
