// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/result.h"
#include "core/crypto/identity.h"

#include <QByteArrayView>
#include <QJsonObject>

namespace tier::idtool {

/// Authenticates, decrypts and decompresses one armored packet exchanged between two identities and
/// describes it as JSON (header fields, payload, and the fields of the common verbs).
class PacketDecoder final
{
public:
    /// ours needs its secret; peer may be public only. Fails if the packet is malformed, its MAC
    /// does not check out under the agreed key, or it is a fragment (not a whole packet).
    static Result<QJsonObject> decode(const Identity &ours, const Identity &peer, QByteArrayView wire);
};

} // namespace tier::idtool
