// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/result.h"

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace tier {

/// OK(ECHO) (docs/protocol/verbs.md §7): in-re fields, then the ECHO's payload verbatim. (An ECHO's own payload
/// is arbitrary bytes — 1.14 sends none — so it needs no codec.)
///
/// Quirk (docs/protocol/verbs.md §11): a node acknowledges an applied NETWORK_CONFIG push with an OK whose in-re
/// verb is ECHO and whose body is network ID + config update ID; configAck() reads that form.
struct OkEchoPayload final
{
    quint64 inRePacketId = 0;
    QByteArray echoed;

    struct ConfigAck
    {
        quint64 networkId = 0;
        quint64 configUpdateId = 0;
    };

    static Result<OkEchoPayload> decode(QByteArrayView payload);
    QByteArray encode() const;

    /// The push-acknowledgement reading of the body (exactly 16 bytes), if it has that shape.
    /// Only the caller knows whether inRePacketId was a push or an ECHO.
    std::optional<ConfigAck> configAck() const;
};

} // namespace tier
