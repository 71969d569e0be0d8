// SPDX-License-Identifier: GPL-3.0-or-later
#include "networkconfigrequest.h"

#include "core/base/bytes.h"
#include "dictionary.h"

namespace tier {

Result<NetworkConfigRequestPayload> NetworkConfigRequestPayload::decode(QByteArrayView payload)
{
    ByteReader r(payload);
    NetworkConfigRequestPayload p;
    p.networkId = r.u64();
    const quint16 length = r.u16();
    p.metadata = r.bytes(length).toByteArray();
    if (!r.ok())
        return makeError(ErrorCode::Truncated, QStringLiteral("NETWORK_CONFIG_REQUEST: truncated"));
    if (r.remaining() >= 8)
        p.haveRevision = r.u64();
    if (r.remaining() >= 8)
        p.haveTimestamp = r.u64();
    return p;
}

QByteArray NetworkConfigRequestPayload::encode() const
{
    ByteWriter w(26 + metadata.size());
    w.u64(networkId).u16(quint16(metadata.size())).bytes(metadata);
    if (haveRevision)
        w.u64(*haveRevision).u64(haveTimestamp.value_or(0));
    return std::move(w).data();
}

Dictionary NetworkConfigRequestPayload::metadataDictionary() const
{
    return Dictionary::parseTruncated(metadata);
}

} // namespace tier
