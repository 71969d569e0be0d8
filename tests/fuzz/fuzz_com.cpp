// SPDX-License-Identifier: GPL-3.0-or-later
// Credentials: certificate of membership (and, on the same bytes, the other credential types).
#include "core/protocol/capability.h"
#include "core/protocol/certificateofmembership.h"
#include "core/protocol/certificateofownership.h"
#include "core/protocol/revocation.h"
#include "core/protocol/tag.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto com = tier::CertificateOfMembership::fromBytes(bytes);
    if (com.ok()) {
        const auto again = tier::CertificateOfMembership::fromBytes(com->toBytes());
        if (!again.ok() || again->toBytes() != com->toBytes())
            std::abort();
    }
    (void)tier::Capability::fromBytes(bytes);
    (void)tier::Tag::fromBytes(bytes);
    (void)tier::CertificateOfOwnership::fromBytes(bytes);
    (void)tier::Revocation::fromBytes(bytes);
    return 0;
}
