// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/node/identitycache.h"
#include "core/store/peeridentityrepository.h"

#include <QDateTime>
#include <QHash>
#include <QTimer>

namespace tier {

/// The node's IdentityCache kept in controller.db (`peer_identities`), so that a member identity is
/// validated once, ever, also across restarts. Engine thread only (it shares the engine's Database).
///
/// Newly validated identities are written together, a fraction of a second later, in one transaction:
/// during a mass join one write each meant one disk sync each on the node's thread, which paced
/// admission far below what the validation workers can do. Until written they are answered from
/// memory; a crash before the write only costs their validation again.
class StoreIdentityCache final : public IdentityCache
{
public:
    static constexpr int WriteDelayMs = 250;

    explicit StoreIdentityCache(Database &database) : m_repository(database)
    {
        m_writeTimer.setSingleShot(true);
        m_writeTimer.setInterval(WriteDelayMs);
        QObject::connect(&m_writeTimer, &QTimer::timeout, &m_writeTimer, [this] { writePending(); });
    }
    ~StoreIdentityCache() override { writePending(); }

    std::optional<Identity> lookup(Address address) override
    {
        if (auto it = m_pending.constFind(address); it != m_pending.constEnd())
            return *it;
        return m_repository.lookup(address);
    }
    void remember(const Identity &identity) override
    {
        // The first validated key wins, as in the table (whose key lookup() keeps returning).
        if (identity.isNull() || m_pending.contains(identity.address()) || m_repository.lookup(identity.address()))
            return;
        m_pending.insert(identity.address(), identity.publicOnly());
        if (!m_writeTimer.isActive())
            m_writeTimer.start();
    }
    /// Writes what is waiting now (also at destruction); a failed write only costs validations later.
    void writePending()
    {
        m_writeTimer.stop();
        if (m_pending.isEmpty())
            return;
        (void)m_repository.rememberAll(m_pending.values(), QDateTime::currentMSecsSinceEpoch());
        m_pending.clear();
    }

private:
    PeerIdentityRepository m_repository;
    QHash<Address, Identity> m_pending;
    QTimer m_writeTimer;
};

} // namespace tier
