// SPDX-License-Identifier: GPL-3.0-or-later
// The binary rules encoding, and the JSON form of whatever decodes.
#include "core/protocol/rules.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto rules = tier::decodeRules(bytes);
    if (rules.ok())
        (void)tier::rulesFromJsonLenient(tier::rulesToJson(*rules));
    return 0;
}
