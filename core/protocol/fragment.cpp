// SPDX-License-Identifier: GPL-3.0-or-later
#include "fragment.h"

#include "core/base/bytes.h"

namespace tier {

using namespace protocol;

bool Fragment::isFragment(QByteArrayView datagram)
{
    return datagram.size() > FragmentHeaderLength && quint8(datagram[FragmentIndicatorOffset]) == FragmentIndicator;
}

Result<Fragment> Fragment::decode(QByteArrayView datagram)
{
    if (!isFragment(datagram))
        return makeError(ErrorCode::Malformed, QStringLiteral("not a fragment datagram"));
    ByteReader r(datagram);
    Fragment f;
    f.packetId = r.u64();
    f.destination = Address(r.u40());
    r.skip(1); // 0xFF indicator
    const quint8 counts = r.u8();
    const quint8 hops = r.u8();
    f.piece = r.rest().toByteArray();
    f.total = counts >> 4;
    f.number = counts & 0x0f;
    f.hops = hops & HopsMask;
    if (!r.ok())
        return makeError(ErrorCode::Truncated, QStringLiteral("fragment header truncated"));
    if (f.total < 2 || f.total > MaxFragments || f.number < 1 || f.number >= f.total)
        return makeError(ErrorCode::Malformed,
                         QStringLiteral("fragment %1 of %2 is out of range").arg(f.number).arg(f.total));
    return f;
}

QByteArray Fragment::encode() const
{
    ByteWriter w(FragmentHeaderLength + piece.size());
    w.u64(packetId).u40(destination.toInt()).u8(FragmentIndicator);
    w.u8(quint8(((total & 0x0f) << 4) | (number & 0x0f))).u8(quint8(hops & HopsMask)).bytes(piece);
    return std::move(w).data();
}

Result<QList<QByteArray>> Fragment::split(QByteArrayView armoredPacket, int mtu)
{
    if (armoredPacket.size() < HeaderLength)
        return makeError(ErrorCode::Truncated, QStringLiteral("split: not a packet"));
    if (mtu <= FragmentHeaderLength || mtu < HeaderLength)
        return makeError(ErrorCode::Malformed, QStringLiteral("split: MTU %1 too small").arg(mtu));
    const bool flagged = (quint8(armoredPacket[FlagsOffset]) & FlagFragmented) != 0;
    if (armoredPacket.size() <= mtu) {
        if (flagged)
            return makeError(ErrorCode::Malformed, QStringLiteral("split: fragmented flag on a packet that fits"));
        return QList<QByteArray>{armoredPacket.toByteArray()};
    }
    if (!flagged)
        return makeError(ErrorCode::Malformed,
                         QStringLiteral("split: fragmented flag must be set before armor (it is MACed)"));
    const qsizetype pieceSize = mtu - FragmentHeaderLength;
    const qsizetype rest = armoredPacket.size() - mtu;
    const qsizetype total = 1 + (rest + pieceSize - 1) / pieceSize;
    if (total > MaxFragments)
        return makeError(ErrorCode::TooLarge, QStringLiteral("split: %1 bytes need %2 fragments at MTU %3 (max %4)")
                                                  .arg(armoredPacket.size())
                                                  .arg(total)
                                                  .arg(mtu)
                                                  .arg(MaxFragments));
    QList<QByteArray> out;
    out.reserve(total);
    out.append(armoredPacket.first(mtu).toByteArray());
    Fragment f;
    f.packetId = ByteReader(armoredPacket).u64();
    f.destination = Address(ByteReader(armoredPacket.sliced(8)).u40());
    f.total = int(total);
    for (qsizetype i = 1, at = mtu; i < total; ++i, at += pieceSize) {
        f.number = int(i);
        f.piece = armoredPacket.sliced(at, qMin(pieceSize, armoredPacket.size() - at)).toByteArray();
        out.append(f.encode());
    }
    return out;
}

} // namespace tier
