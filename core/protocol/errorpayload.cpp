// SPDX-License-Identifier: GPL-3.0-or-later
#include "errorpayload.h"

#include "core/base/bytes.h"

namespace tier {

ErrorPayload ErrorPayload::forConfigRequest(quint64 requestPacketId, ProtocolErrorCode code, quint64 networkId,
                                            QByteArray errorData)
{
    ErrorPayload e;
    e.inReVerb = Verb::NetworkConfigRequest;
    e.inRePacketId = requestPacketId;
    e.code = code;
    e.networkId = networkId;
    e.errorData = std::move(errorData);
    return e;
}

Result<ErrorPayload> ErrorPayload::decode(QByteArrayView payload)
{
    ByteReader r(payload);
    ErrorPayload e;
    e.inReVerb = Verb(r.u8() & protocol::VerbMask);
    e.inRePacketId = r.u64();
    e.code = ProtocolErrorCode(r.u8());
    if (!r.ok())
        return makeError(ErrorCode::Truncated, QStringLiteral("ERROR: truncated"));
    const bool aboutConfig = e.inReVerb == Verb::NetworkConfigRequest;
    const bool startsWithNetwork = aboutConfig || e.code == ProtocolErrorCode::NeedMembershipCertificate ||
                                   e.code == ProtocolErrorCode::UnwantedMulticast;
    if (startsWithNetwork && r.remaining() >= 8) {
        e.networkId = r.u64();
        if (aboutConfig && r.remaining() >= 2) {
            const quint16 length = r.u16();
            e.errorData = r.bytes(length).toByteArray();
            if (!r.ok())
                return makeError(ErrorCode::Truncated, QStringLiteral("ERROR: error data longer than the packet"));
        }
    }
    e.extra = r.rest().toByteArray();
    return e;
}

QByteArray ErrorPayload::encode() const
{
    ByteWriter w(32 + errorData.size() + extra.size());
    w.u8(quint8(inReVerb)).u64(inRePacketId).u8(quint8(code));
    if (networkId) {
        w.u64(*networkId);
        // The length field is present only when there is data (what 1.14 controllers send).
        if (!errorData.isEmpty())
            w.u16(quint16(errorData.size())).bytes(errorData);
    }
    w.bytes(extra);
    return std::move(w).data();
}

} // namespace tier
