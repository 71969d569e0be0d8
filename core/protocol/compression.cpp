// SPDX-License-Identifier: GPL-3.0-or-later
#include "compression.h"

#include <lz4.h>

namespace tier {

std::optional<QByteArray> Lz4::compressIfSmaller(QByteArrayView data)
{
    if (data.isEmpty() || data.size() > LZ4_MAX_INPUT_SIZE)
        return std::nullopt;
    const int inputSize = int(data.size());
    QByteArray out(LZ4_compressBound(inputSize), Qt::Uninitialized);
    const int n = LZ4_compress_fast(data.data(), out.data(), inputSize, int(out.size()), 1);
    if (n <= 0 || n >= inputSize)
        return std::nullopt;
    out.truncate(n);
    return out;
}

Result<QByteArray> Lz4::decompress(QByteArrayView block, int maxOutput)
{
    if (block.isEmpty())
        return makeError(ErrorCode::Malformed, QStringLiteral("LZ4: empty block"));
    if (maxOutput <= 0 || block.size() > LZ4_MAX_INPUT_SIZE)
        return makeError(ErrorCode::TooLarge, QStringLiteral("LZ4: block too large"));
    QByteArray out(maxOutput, Qt::Uninitialized);
    const int n = LZ4_decompress_safe(block.data(), out.data(), int(block.size()), maxOutput);
    if (n < 0)
        return makeError(ErrorCode::Malformed,
                         QStringLiteral("LZ4: corrupt block or output larger than %1 bytes").arg(maxOutput));
    out.truncate(n);
    return out;
}

} // namespace tier
