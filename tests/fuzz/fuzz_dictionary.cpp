// SPDX-License-Identifier: GPL-3.0-or-later
// Dictionary parsing (both the strict and the truncating reader) and request metadata; whatever
// parses must serialize again and parse to the same entries.
#include "core/protocol/dictionary.h"
#include "core/protocol/requestmetadata.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto dict = tier::Dictionary::parse(bytes);
    if (dict.ok()) {
        const auto again = tier::Dictionary::parse(dict->toBytes());
        if (!again.ok() || again->toBytes() != dict->toBytes())
            std::abort();
    }
    (void)tier::Dictionary::parseTruncated(bytes);
    (void)tier::RequestMetadata::fromBytes(bytes);
    return 0;
}
