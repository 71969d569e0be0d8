// SPDX-License-Identifier: GPL-3.0-or-later
#include "whois.h"

#include "constants.h"
#include "core/base/bytes.h"

namespace tier {

Result<WhoisPayload> WhoisPayload::decode(QByteArrayView payload)
{
    if (payload.size() < Address::Length)
        return makeError(ErrorCode::Truncated, QStringLiteral("WHOIS: no address"));
    ByteReader r(payload);
    WhoisPayload w;
    w.addresses.reserve(payload.size() / Address::Length);
    while (r.remaining() >= Address::Length)
        w.addresses.append(Address(r.u40()));
    return w;
}

QByteArray WhoisPayload::encode() const
{
    ByteWriter w(addresses.size() * Address::Length);
    for (Address a : addresses)
        w.u40(a.toInt());
    return std::move(w).data();
}

Result<OkWhoisPayload> OkWhoisPayload::decode(QByteArrayView payload)
{
    ByteReader r(payload);
    OkWhoisPayload ok;
    const quint8 inRe = r.u8();
    ok.inRePacketId = r.u64();
    if (!r.ok())
        return makeError(ErrorCode::Truncated, QStringLiteral("OK(WHOIS): truncated"));
    if ((inRe & protocol::VerbMask) != quint8(Verb::Whois))
        return makeError(ErrorCode::Malformed, QStringLiteral("OK(WHOIS): in-re verb is not WHOIS"));
    while (!r.atEnd()) {
        Result<Identity> id = Identity::fromBinary(r);
        if (!id)
            return id.error();
        if (id->hasSecret())
            return makeError(ErrorCode::Malformed, QStringLiteral("OK(WHOIS): identity carries a secret"));
        ok.identities.append(std::move(id.value()));
    }
    if (ok.identities.isEmpty())
        return makeError(ErrorCode::Truncated, QStringLiteral("OK(WHOIS): no identity"));
    return ok;
}

QByteArray OkWhoisPayload::encode() const
{
    ByteWriter w(9 + identities.size() * protocol::IdentityBinaryLength);
    w.u8(quint8(Verb::Whois)).u64(inRePacketId);
    for (const Identity &id : identities)
        w.bytes(id.toBinary(false));
    return std::move(w).data();
}

} // namespace tier
