// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "identitycache.h"

#include <QHash>

namespace tier {

/// IdentityCache in a hash table (tests, member simulator, minimal root). Unbounded: callers that
/// face untrusted volume should use the store-backed cache of the service.
class MemoryIdentityCache final : public IdentityCache
{
public:
    std::optional<Identity> lookup(Address address) override
    {
        const auto it = m_identities.constFind(address);
        if (it == m_identities.constEnd())
            return std::nullopt;
        return *it;
    }
    void remember(const Identity &identity) override { m_identities.insert(identity.address(), identity.publicOnly()); }
    int size() const { return int(m_identities.size()); }

private:
    QHash<Address, Identity> m_identities;
};

} // namespace tier
