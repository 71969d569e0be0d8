// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/result.h"

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace tier {

class Dictionary;

/// NETWORK_CONFIG_REQUEST (docs/protocol/verbs.md §10): network ID, metadata Dictionary bytes, and optionally the
/// revision and timestamp of the config the member holds.
struct NetworkConfigRequestPayload final
{
    quint64 networkId = 0;
    QByteArray metadata; ///< serialized Dictionary, no NUL (parse with Dictionary, dictionary.h)
    std::optional<quint64> haveRevision;
    std::optional<quint64> haveTimestamp;

    static Result<NetworkConfigRequestPayload> decode(QByteArrayView payload);
    /// Writes revision and timestamp only if haveRevision is set (timestamp defaults to 0).
    QByteArray encode() const;
    /// The metadata parsed as a controller keeps it (cut at the request-metadata capacity).
    Dictionary metadataDictionary() const;
};

} // namespace tier
