// SPDX-License-Identifier: GPL-3.0-or-later
#include "multicastgather.h"

#include "constants.h"
#include "core/base/bytes.h"
#include "networkcredentials.h"

namespace tier {

namespace {

MulticastSubscription readGroup(ByteReader &r, quint64 networkId)
{
    MulticastSubscription g;
    g.networkId = networkId;
    g.mac = (quint64(r.u16()) << 32) | r.u32();
    g.adi = r.u32();
    return g;
}

void writeMacAdi(ByteWriter &w, const MulticastSubscription &g)
{
    w.u16(quint16(g.mac >> 32)).u32(quint32(g.mac)).u32(g.adi);
}

} // namespace

Result<MulticastGatherPayload> MulticastGatherPayload::decode(QByteArrayView payload)
{
    ByteReader r(payload);
    MulticastGatherPayload p;
    const quint64 networkId = r.u64();
    p.flags = r.u8();
    p.group = readGroup(r, networkId);
    p.gatherLimit = r.u32();
    if (!r.ok())
        return makeError(ErrorCode::Truncated, QStringLiteral("MULTICAST_GATHER: truncated"));
    if (p.flags & FlagHasCom) {
        Result<qsizetype> n = NetworkCredentialsPayload::comLength(r);
        if (!n)
            return n.error();
        p.com = r.bytes(n.value()).toByteArray();
    }
    return p;
}

QByteArray MulticastGatherPayload::encode() const
{
    ByteWriter w(23 + com.size());
    const quint8 f = com.isEmpty() ? quint8(flags & ~FlagHasCom) : quint8(flags | FlagHasCom);
    w.u64(group.networkId).u8(f);
    writeMacAdi(w, group);
    w.u32(gatherLimit).bytes(com);
    return std::move(w).data();
}

Result<OkMulticastGatherPayload> OkMulticastGatherPayload::decode(QByteArrayView payload)
{
    ByteReader r(payload);
    OkMulticastGatherPayload ok;
    const quint8 inRe = r.u8();
    ok.inRePacketId = r.u64();
    const quint64 networkId = r.u64();
    ok.group = readGroup(r, networkId);
    ok.totalKnown = r.u32();
    const quint16 count = r.u16();
    if (!r.ok())
        return makeError(ErrorCode::Truncated, QStringLiteral("OK(MULTICAST_GATHER): truncated"));
    if ((inRe & protocol::VerbMask) != quint8(Verb::MulticastGather))
        return makeError(ErrorCode::Malformed,
                         QStringLiteral("OK(MULTICAST_GATHER): in-re verb is not MULTICAST_GATHER"));
    if (qsizetype(count) * Address::Length > r.remaining())
        return makeError(ErrorCode::Truncated, QStringLiteral("OK(MULTICAST_GATHER): address list truncated"));
    ok.members.reserve(count);
    for (int i = 0; i < count; ++i)
        ok.members.append(Address(r.u40()));
    return ok;
}

QByteArray OkMulticastGatherPayload::encode() const
{
    ByteWriter w(33 + members.size() * Address::Length);
    w.u8(quint8(Verb::MulticastGather)).u64(inRePacketId).u64(group.networkId);
    writeMacAdi(w, group);
    w.u32(totalKnown).u16(quint16(members.size()));
    for (Address a : members)
        w.u40(a.toInt());
    return std::move(w).data();
}

} // namespace tier
