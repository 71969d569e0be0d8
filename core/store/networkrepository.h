// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/address.h"
#include "core/base/result.h"
#include "core/protocol/networkconfig.h"
#include "core/store/networkrecord.h"

#include <QList>

#include <functional>

namespace tier {

class Database;

/// Networks in the controller database. Used on the thread that owns the Database; every write
/// is one transaction (joining the caller's, if one is open).
class NetworkRepository final
{
public:
    static constexpr int MaxNameBytes =
        NetworkConfig::MaxNameLength;                ///< the config's name field (docs/protocol/netconf.md)
    static constexpr int MaxCreateAttempts = 100000; ///< as the reference controller, then give up

    /// Gives candidate network numbers (low 24 bits of the ID); 0 and taken numbers are skipped.
    using NumberSource = std::function<quint32()>;

    explicit NetworkRepository(Database &database);

    /// Replaces the random source of network numbers (tests).
    void setNumberSource(NumberSource source);

    Result<QList<NetworkRecord>> list();
    /// NotFound if absent.
    Result<NetworkRecord> find(quint64 networkId);
    /// New network with defaults (§8.1) and ID (controller << 24) | free random number ≠ 0.
    Result<NetworkRecord> create(Address controller, const QString &name, qint64 nowMs);
    /// Renames; revision +1 only if the name actually changes. NotFound if absent.
    Result<NetworkRecord> rename(quint64 networkId, const QString &name, qint64 nowMs);
    /// Deletes the network and, by cascade, its pools, routes, members and their data. NotFound if absent.
    Status remove(quint64 networkId);

    /// Malformed if the name is longer than MaxNameBytes in UTF-8 or holds control characters.
    static Status validateName(const QString &name);

private:
    Database &m_database;
    NumberSource m_numbers;
};

} // namespace tier
