// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/result.h"

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace tier {

/// Raw LZ4 blocks (no frame, no size prefix) as packets carry them (docs/protocol/packets.md §4).
class Lz4 final
{
public:
    Lz4() = delete;

    /// Compressed block, or nullopt when compression would not make the data strictly shorter
    /// (or the input is too large for LZ4).
    static std::optional<QByteArray> compressIfSmaller(QByteArrayView data);
    /// Decompresses a block whose output must not exceed maxOutput bytes; TooLarge/Malformed
    /// otherwise. Never allocates more than maxOutput.
    static Result<QByteArray> decompress(QByteArrayView block, int maxOutput);
};

} // namespace tier
