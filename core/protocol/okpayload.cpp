// SPDX-License-Identifier: GPL-3.0-or-later
#include "okpayload.h"

#include "core/base/bytes.h"

namespace tier {

Result<OkPayload> OkPayload::decode(QByteArrayView payload)
{
    ByteReader r(payload);
    OkPayload ok;
    ok.inReVerb = Verb(r.u8() & protocol::VerbMask);
    ok.inRePacketId = r.u64();
    if (!r.ok())
        return makeError(ErrorCode::Truncated, QStringLiteral("OK: shorter than its in-re fields"));
    ok.body = r.rest().toByteArray();
    return ok;
}

QByteArray OkPayload::encode() const
{
    ByteWriter w(HeaderLength + body.size());
    w.u8(quint8(inReVerb)).u64(inRePacketId).bytes(body);
    return std::move(w).data();
}

} // namespace tier
