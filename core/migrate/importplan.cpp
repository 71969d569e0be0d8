// SPDX-License-Identifier: GPL-3.0-or-later
#include "importplan.h"

namespace tier {

QString ImportPlan::report() const
{
    QStringList lines;
    lines.append(QStringLiteral("Source: %1 (%2)")
                     .arg(sourcePath, kind == SourceKind::ZeroTierHome ? QStringLiteral("zerotier-one home folder")
                                                                       : QStringLiteral("2015 controller database")));
    lines.append(QStringLiteral("Controller: %1")
                     .arg(identity.isNull() ? QStringLiteral("(no identity)") : identity.address().toString()));
    lines.append(QStringLiteral("Networks: %1, members: %2 (%3 authorized)")
                     .arg(networks.size())
                     .arg(memberCount())
                     .arg(authorizedCount()));
    for (const ImportedNetwork &net : networks) {
        int authorized = 0;
        int ips = 0;
        for (const MemberRow &m : net.members) {
            authorized += m.authorized ? 1 : 0;
            ips += int(m.ipAssignments.size());
        }
        const NetworkRecord &r = net.network.record;
        lines.append(QStringLiteral("  network %1 \"%2\": %3 members (%4 authorized, %5 assigned IPs), %6 routes, "
                                    "%7 pools")
                         .arg(networkIdToString(r.id), r.name)
                         .arg(net.members.size())
                         .arg(authorized)
                         .arg(ips)
                         .arg(net.network.routes.size())
                         .arg(net.network.pools.size()));
    }
    const QList<ImportProblem> blocking = blockingProblems();
    const qsizetype leftOut = problems.size() - blocking.size();
    if (!blocking.isEmpty()) {
        lines.append(
            QStringLiteral("Errors (%1) — nothing can be imported until they are fixed:").arg(blocking.size()));
        for (const ImportProblem &p : blocking)
            lines.append(QStringLiteral("  %1: %2").arg(p.source, p.reason));
    }
    if (leftOut > 0) {
        lines.append(QStringLiteral("Left out or noted (%1):").arg(leftOut));
        for (const ImportProblem &p : problems) {
            if (!p.blocking)
                lines.append(QStringLiteral("  %1: %2").arg(p.source, p.reason));
        }
    }
    if (!warnings.isEmpty()) {
        lines.append(QStringLiteral("Warnings (%1) — imported as they are, but they will not work the way they "
                                    "read:")
                         .arg(warnings.size()));
        for (const ImportProblem &w : warnings)
            lines.append(QStringLiteral("  %1: %2").arg(w.source, w.reason));
    }
    lines.append(canImport() ? QStringLiteral("Result: can be imported.")
                             : QStringLiteral("Result: cannot be imported."));
    return lines.join(u'\n');
}

} // namespace tier
