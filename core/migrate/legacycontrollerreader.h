// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/migrate/importplan.h"

#include <QString>

namespace tier {

/// Reads the SQLite controller of ZeroTier 1.0.x–1.1.14 (`controller.db`, schema versions 1–4,
/// docs/protocol/controller-logic.md §10), opened read-only. That schema holds no controller identity, so it comes from
/// `identity.secret` beside the file (the old controller kept its database in the ZeroTier home).
///
/// Mapping (§10.3): networks with their flags/assign modes, routes (`Route` rows, or network-wide
/// `IpAssignment` rows of type 1 before v3), pools, members with authorization, bridge flag and the identity
/// of `Node`, address assignments (bits stripped), auth tokens with their expiry, and etherType rules as
/// MATCH_ETHERTYPE + action pairs closed by ACTION_DROP. What 1.14 nodes can no longer use (relays, passive
/// bridging, DHCP mode, gateways, token use limits) is reported as left out.
class LegacyControllerReader final
{
public:
    static ImportPlan read(const QString &databaseFile);
    /// Whether the file is an SQLite database with the old controller's `Config`/`Network`/`Member` tables.
    static bool looksLikeLegacyDatabase(const QString &file);
};

} // namespace tier
