// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/node/identitycache.h"
#include "core/store/peeridentityrepository.h"

#include <QDateTime>

namespace tier {

/// The node's IdentityCache kept in controller.db (`peer_identities`), so that a member identity is
/// validated once, ever, also across restarts. Engine thread only (it shares the engine's Database).
class StoreIdentityCache final : public IdentityCache
{
public:
    explicit StoreIdentityCache(Database &database) : m_repository(database) {}

    std::optional<Identity> lookup(Address address) override { return m_repository.lookup(address); }
    void remember(const Identity &identity) override
    {
        // A failed write only costs a second validation later; the node keeps the peer either way.
        (void)m_repository.remember(identity, QDateTime::currentMSecsSinceEpoch());
    }

private:
    PeerIdentityRepository m_repository;
};

} // namespace tier
