// SPDX-License-Identifier: GPL-3.0-or-later
// Planet and moon files: parse; whatever parses serializes to a form that parses back to the same
// bytes. (Not necessarily the input's bytes: reserved endpoint types are accepted and skipped, as
// docs/protocol/packets.md §8 says, so they do not survive a round trip.)
#include "core/protocol/world.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto world = tier::World::fromBytes(bytes);
    if (!world.ok())
        return 0;
    (void)world->verifySignature();
    const QByteArray canonical = world->toBytes();
    const auto again = tier::World::fromBytes(canonical);
    if (!again.ok() || again->toBytes() != canonical) {
        fprintf(stderr, "not canonical: %s\n", canonical.toHex().constData());
        std::abort();
    }
    return 0;
}
