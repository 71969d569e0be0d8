// SPDX-License-Identifier: GPL-3.0-or-later
// Identity text and binary parsers: never crash, and whatever parses prints back to a form that
// parses to the same identity.
#include "core/crypto/identity.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));

    tier::ByteReader reader(bytes);
    const auto binary = tier::Identity::fromBinary(reader);
    if (binary.ok()) {
        const QByteArray again = binary->toBinary(binary->hasSecret());
        tier::ByteReader reader2(again);
        const auto reparsed = tier::Identity::fromBinary(reader2);
        if (!reparsed.ok() || !(*reparsed == *binary))
            std::abort();
    }

    const auto text = tier::Identity::fromString(QString::fromLatin1(bytes));
    if (text.ok()) {
        const auto reparsed = tier::Identity::fromString(text->toString(text->hasSecret()));
        if (!reparsed.ok() || !(*reparsed == *text))
            std::abort();
    }
    return 0;
}
