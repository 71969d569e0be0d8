// SPDX-License-Identifier: GPL-3.0-or-later
// A network config dictionary as a member decodes it, with every binary blob inside.
#include "core/protocol/networkconfig.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto config = tier::NetworkConfig::fromBytes(bytes);
    if (config.ok())
        (void)config->toBytes();
    (void)tier::NetworkConfig::decodeRoutes(bytes);
    (void)tier::NetworkConfig::decodeStaticIps(bytes);
    (void)tier::NetworkConfig::decodeDns(bytes);
    return 0;
}
