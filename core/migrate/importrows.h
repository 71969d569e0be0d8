// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/result.h"
#include "core/controller/memberinfo.h"
#include "core/controller/networksettings.h"
#include "core/store/controllernetworkrepository.h"
#include "core/store/memberrepository.h"

#include <QStringList>

namespace tier {

/// The controller's values <-> the store's rows, for import and export. The engine keeps the same
/// correspondence privately (NetworkController); Importer::build() checks the two agree by loading every
/// written database with NetworkController and comparing.
class ImportRows final
{
public:
    /// The network row (pools, routes, DNS, rules, auth tokens…) for a network; `extra` supplies the columns
    /// NetworkSettings does not carry (SSO).
    static ControllerNetworkRow networkRow(const NetworkDetails &network, const NetworkRecord &extra = {});
    /// The member row (record + managed IPs) for a member; live status is not part of it.
    static MemberRow memberRow(const MemberInfo &member);

    /// NetworkValidator's errors, the ones NetworkController refuses settings for (name, MTU, pools,
    /// routes, DNS limits, rules/capabilities/tags that parse), so that a dry run finds them.
    /// Returns every problem found (empty = acceptable).
    static QStringList checkSettings(const NetworkSettings &settings);
};

} // namespace tier
