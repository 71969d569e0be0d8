// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/address.h"
#include "core/crypto/identity.h"

#include <optional>

namespace tier {

/// Where the node keeps identities it has validated (memory-hard, ~20 ms each) so that it never
/// validates them again. The service implements it on top of the store; MemoryIdentityCache is the
/// in-process version for tests and the member simulator. Called on the node's thread only.
class IdentityCache
{
public:
    virtual ~IdentityCache() = default;
    /// A previously remembered (hence validated) identity, public part only.
    virtual std::optional<Identity> lookup(Address address) = 0;
    /// Called once per newly validated identity (public part only).
    virtual void remember(const Identity &identity) = 0;
};

} // namespace tier
