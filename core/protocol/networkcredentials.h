// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/bytes.h"
#include "core/base/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace tier {

/// NETWORK_CREDENTIALS framing (docs/protocol/verbs.md §9): COMs (ended by a 0x00 byte), then counted lists of
/// Capabilities, Tags, Revocations and Certificates of Ownership. Each credential is kept as its
/// raw serialized bytes (decode them with the netconf codecs: com.h, capability.h, tag.h,
/// revocation.h, coo.h); this codec only finds where each one ends.
struct NetworkCredentialsPayload final
{
    QList<QByteArray> coms;
    QList<QByteArray> capabilities;
    QList<QByteArray> tags;
    QList<QByteArray> revocations;
    QList<QByteArray> coos;

    /// Trailing sections may be absent (older senders). Malformed/Truncated on bad lengths.
    static Result<NetworkCredentialsPayload> decode(QByteArrayView payload);
    /// Always writes every section (what 1.14 sends), e.g. `00 0000 0000 0001 <rev> 0000`.
    QByteArray encode() const;

    /// Length of the serialized credential at the reader's position (the reader is not moved);
    /// errors if it is malformed or runs past the end. Exposed for MULTICAST_GATHER's COM.
    static Result<qsizetype> comLength(const ByteReader &reader);
    static Result<qsizetype> capabilityLength(const ByteReader &reader);
    static Result<qsizetype> tagLength(const ByteReader &reader);
    static Result<qsizetype> revocationLength(const ByteReader &reader);
    static Result<qsizetype> cooLength(const ByteReader &reader);
};

} // namespace tier
