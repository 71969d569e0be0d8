// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Private to core/controller.

#include "core/controller/controllerstate.h"
#include "core/controller/ipassignment.h"

#include <functional>

namespace tier {

/// A member's addresses in one network (docs/protocol/controller-logic.md §5): the network's assignment
/// modes and pools applied to the member through ipassignment, against the addresses every other member
/// of the network holds.
namespace addressallocator {

/// Appends what is auto-assigned now to `member.ipAssignments` and returns what goes into the config
/// (`I`, the NDP-emulation flag). `routes` are the ones the config carries.
ipassignment::Output assign(const NetworkState &net, MemberRow &member, const QList<NetworkConfig::Route> &routes,
                            const std::function<quint64()> &random);

} // namespace addressallocator

} // namespace tier
