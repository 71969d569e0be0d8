// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/controller/networksettings.h"
#include "core/store/controllernetworkrepository.h"

namespace tier {

/// The store's row (record, pools, routes) for a network's settings: the one mapping the controller writes and
/// the import uses. `extra` supplies the columns NetworkSettings does not carry (SSO, lastModified); empty rules,
/// capabilities, tags and auth tokens are stored as their defaults.
ControllerNetworkRow networkSettingsRow(quint64 id, const NetworkSettings &settings, qint64 creationTime,
                                        quint64 revision, const NetworkRecord &extra);

} // namespace tier
