// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "constants.h"
#include "core/base/result.h"

#include <QByteArray>
#include <QByteArrayView>

namespace tier {

/// Generic OK framing (docs/protocol/verbs.md §4): in-re verb, in-re packet ID (the request's bytes 0..7 exactly,
/// Trap 4), then a body whose layout depends on the in-re verb.
struct OkPayload final
{
    static constexpr int HeaderLength = 9;

    Verb inReVerb = Verb::Nop;
    quint64 inRePacketId = 0;
    QByteArray body;

    static Result<OkPayload> decode(QByteArrayView payload);
    QByteArray encode() const;
};

} // namespace tier
