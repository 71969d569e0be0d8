// SPDX-License-Identifier: GPL-3.0-or-later
#include "echo.h"

#include "constants.h"
#include "core/base/bytes.h"

namespace tier {

Result<OkEchoPayload> OkEchoPayload::decode(QByteArrayView payload)
{
    ByteReader r(payload);
    OkEchoPayload ok;
    const quint8 inRe = r.u8();
    ok.inRePacketId = r.u64();
    if (!r.ok())
        return makeError(ErrorCode::Truncated, QStringLiteral("OK(ECHO): truncated"));
    if ((inRe & protocol::VerbMask) != quint8(Verb::Echo))
        return makeError(ErrorCode::Malformed, QStringLiteral("OK(ECHO): in-re verb is not ECHO"));
    ok.echoed = r.rest().toByteArray();
    return ok;
}

QByteArray OkEchoPayload::encode() const
{
    ByteWriter w(9 + echoed.size());
    w.u8(quint8(Verb::Echo)).u64(inRePacketId).bytes(echoed);
    return std::move(w).data();
}

std::optional<OkEchoPayload::ConfigAck> OkEchoPayload::configAck() const
{
    if (echoed.size() != 16)
        return std::nullopt;
    ByteReader r(echoed);
    ConfigAck ack;
    ack.networkId = r.u64();
    ack.configUpdateId = r.u64();
    return ack;
}

} // namespace tier
