// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/controller/networksettings.h"
#include "core/migrate/importplan.h"

#include <QString>
#include <QStringList>

namespace tier {

/// Checks both readers apply, so that a plan that canImport() is one the engine serves as it was.
class PlanChecks final
{
public:
    /// The network belongs to the controller (its ID starts with the address) and its settings pass the
    /// controller's validation (NetworkValidator's errors are blocking problems naming `source`; its
    /// warnings that need no members or other networks are noted, non-blocking).
    static void checkNetwork(ImportPlan &plan, quint64 networkId, const NetworkSettings &settings,
                             const QString &source);
    /// A member's pinned identity (if any) parses, is public, validates and has the member's address.
    /// Empty when fine, else the reason.
    static QString checkMemberIdentity(const MemberRow &member);
    /// checkMemberIdentity() for many members at once: each distinct identity is validated once (a member of
    /// several networks), spread over the CPU cores (validation is memory-hard, ~20 ms each). Members that fail
    /// are removed from members[i]/sources[i] and reported as blocking problems.
    static void filterMemberIdentities(ImportPlan &plan, QList<QList<MemberRow> *> members,
                                       QList<QStringList *> sources);
    /// Managed IPs: unique in the network (blocking: the controller never assigns one IP twice), and inside
    /// a route (NetworkValidator's warning, non-blocking: such an IP is kept but not sent, as the
    /// reference does). sources[i] names members[i].
    static void checkMemberIps(ImportPlan &plan, const QList<MemberRow> &members, const QStringList &sources,
                               const NetworkSettings &settings);
    /// Pools of one imported network that overlap those of another (NetworkValidator's warning, noted
    /// non-blocking for the network's source).
    struct PlanNetwork
    {
        quint64 id = 0;
        NetworkSettings settings;
        QString source;
    };
    static void checkPoolsAcrossNetworks(ImportPlan &plan, const QList<PlanNetwork> &networks);
};

} // namespace tier
