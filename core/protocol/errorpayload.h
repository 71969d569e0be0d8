// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "constants.h"
#include "core/base/result.h"

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace tier {

/// ERROR payload (docs/protocol/verbs.md §3): in-re verb, in-re packet ID, error code, then code/verb-specific
/// bytes. The network-ID forms are parsed: errors about a NETWORK_CONFIG_REQUEST carry the network
/// ID and optionally a length-prefixed error Dictionary (used with AUTHENTICATION_REQUIRED);
/// NEED_MEMBERSHIP_CERTIFICATE and UNWANTED_MULTICAST also start with a network ID.
struct ErrorPayload final
{
    Verb inReVerb = Verb::Nop;
    quint64 inRePacketId = 0;
    ProtocolErrorCode code = ProtocolErrorCode::None;
    std::optional<quint64> networkId;
    /// Serialized Dictionary (no NUL); only for errors about a config request.
    QByteArray errorData;
    /// Unparsed bytes after the known fields (e.g. UNWANTED_MULTICAST's MAC and ADI).
    QByteArray extra;

    /// What a controller sends in reply to a config request.
    static ErrorPayload forConfigRequest(quint64 requestPacketId, ProtocolErrorCode code, quint64 networkId,
                                         QByteArray errorData = {});

    static Result<ErrorPayload> decode(QByteArrayView payload);
    QByteArray encode() const;
};

} // namespace tier
