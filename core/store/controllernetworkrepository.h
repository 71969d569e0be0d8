// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/result.h"
#include "core/store/networkrecord.h"

#include <QList>
#include <QString>

namespace tier {

class Database;

/// One row of `ip_pools` (addresses as normalised text).
struct PoolRow
{
    QString start;
    QString end;
    int ipVersion = 4;
};

/// One row of `routes`; via empty = on-link (NULL).
struct RouteRow
{
    QString target;
    int bits = 0;
    QString via;
    int flags = 0;
    int metric = 0;
    int ipVersion = 4;
};

/// A network with everything the controller engine needs: the row, its pools and routes.
struct ControllerNetworkRow
{
    NetworkRecord record;
    qint64 certificateTimeoutWindow = 0; ///< 0 = NULL (default window)
    QList<PoolRow> pools;
    QList<RouteRow> routes;
};

/// Whole-network reads and writes (networks + ip_pools + routes): the only code that names these tables
/// and their columns. The controller engine, the import and the export all go through it; every column
/// of `networks` is read and written, the ones only the API and imports set (rules source, auth tokens,
/// remote trace, SSO) included. Writes join the caller's transaction if one is open (the engine wraps
/// each change in one).
class ControllerNetworkRepository final
{
public:
    explicit ControllerNetworkRepository(Database &database);

    Result<QList<ControllerNetworkRow>> loadAll();
    /// Inserts the network with its pools and routes. Conflict if the ID exists.
    Status insert(const ControllerNetworkRow &row);
    /// Rewrites every column but the ID and the creation time, the pools and the routes. NotFound if absent.
    Status update(const ControllerNetworkRow &row);
    /// Deletes the network; pools, routes, members, IPs and status go by cascade. NotFound if absent.
    Status remove(quint64 networkId);

private:
    Status writeChildren(const ControllerNetworkRow &row);

    Database &m_database;
};

} // namespace tier
