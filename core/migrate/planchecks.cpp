// SPDX-License-Identifier: GPL-3.0-or-later
#include "planchecks.h"

#include "core/controller/networkvalidation.h"
#include "core/migrate/importrows.h"

#include <QHash>

#include <thread>
#include <vector>

namespace tier {

void PlanChecks::checkNetwork(ImportPlan &plan, quint64 networkId, const NetworkSettings &settings,
                              const QString &source)
{
    if (!plan.identity.isNull() && controllerOf(networkId) != plan.identity.address())
        plan.addProblem(source, QStringLiteral("network %1 does not belong to controller %2 (a network ID starts "
                                               "with its controller's address)")
                                    .arg(networkIdToString(networkId), plan.identity.address().toString()));
    for (const QString &problem : ImportRows::checkSettings(settings))
        plan.addProblem(source, problem);
    for (const NetworkFinding &warning : NetworkValidator::warnings(settings))
        plan.addWarning(source, warning.message());
}

void PlanChecks::checkPoolsAcrossNetworks(ImportPlan &plan, const QList<PlanNetwork> &networks)
{
    for (const PlanNetwork &net : networks) {
        QList<NetworkValidator::OtherNetwork> others;
        for (const PlanNetwork &other : networks) {
            if (other.id != net.id)
                others.append({other.id, other.settings.name, other.settings.pools});
        }
        for (const NetworkFinding &warning : NetworkValidator::otherNetworkPoolWarnings(net.settings, others))
            plan.addWarning(net.source, warning.message());
    }
}

QString PlanChecks::checkMemberIdentity(const MemberRow &member)
{
    if (member.identity.isEmpty())
        return {};
    Result<Identity> identity = Identity::fromString(member.identity);
    if (!identity)
        return QStringLiteral("the member's identity does not parse: %1").arg(identity.error().message);
    if (identity->address() != member.address)
        return QStringLiteral("the member's identity is for %1, not %2")
            .arg(identity->address().toString(), member.address.toString());
    if (identity->hasSecret())
        return QStringLiteral("the member's identity includes a secret key, which a controller never holds");
    if (!identity->locallyValidate())
        return QStringLiteral("the member's identity does not validate");
    return {};
}

void PlanChecks::filterMemberIdentities(ImportPlan &plan, QList<QList<MemberRow> *> members,
                                        QList<QStringList *> sources)
{
    // Distinct (identity, address) pairs: the address is part of the check.
    QList<MemberRow> distinct;
    QHash<QString, qsizetype> index;
    auto keyOf = [](const MemberRow &m) -> QString { return m.address.toString() + u'|' + m.identity; };
    for (const QList<MemberRow> *list : std::as_const(members)) {
        for (const MemberRow &m : *list) {
            if (m.identity.isEmpty() || index.contains(keyOf(m)))
                continue;
            index.insert(keyOf(m), distinct.size());
            distinct.append(m);
        }
    }
    std::vector<QString> reasons(size_t(distinct.size()));
    const int workers = qBound(1, int(std::thread::hardware_concurrency()), 8);
    std::vector<std::thread> threads;
    for (int w = 0; w < workers && w < distinct.size(); ++w) {
        threads.emplace_back([&, w] {
            for (qsizetype i = w; i < distinct.size(); i += workers)
                reasons[size_t(i)] = checkMemberIdentity(distinct.at(i));
        });
    }
    for (std::thread &t : threads)
        t.join();

    for (qsizetype n = 0; n < members.size(); ++n) {
        QList<MemberRow> &list = *members[n];
        QStringList &names = *sources[n];
        QList<MemberRow> kept;
        QStringList keptNames;
        for (qsizetype i = 0; i < list.size(); ++i) {
            const MemberRow &m = list.at(i);
            const QString reason = m.identity.isEmpty() ? QString() : reasons[size_t(index.value(keyOf(m)))];
            if (!reason.isEmpty()) {
                plan.addProblem(names.value(i), reason);
                continue;
            }
            kept.append(m);
            keptNames.append(names.value(i));
        }
        list = kept;
        names = keptNames;
    }
}

void PlanChecks::checkMemberIps(ImportPlan &plan, const QList<MemberRow> &members, const QStringList &sources,
                                const NetworkSettings &settings)
{
    QHash<QString, Address> owners;
    for (qsizetype i = 0; i < members.size(); ++i) {
        const MemberRow &m = members.at(i);
        const QString source = sources.value(i);
        for (const QString &text : m.ipAssignments) {
            const std::optional<InetAddress> ip = InetAddress::fromIpString(text);
            if (!ip) {
                plan.addProblem(source, QStringLiteral("%1 is not an IP address").arg(text));
                continue;
            }
            const QString key = ip->toIpString();
            if (auto it = owners.constFind(key); it != owners.cend()) {
                plan.addProblem(
                    source,
                    QStringLiteral("IP %1 is also assigned to member %2 of the same network").arg(key, it->toString()));
                continue;
            }
            owners.insert(key, m.address);
            if (auto warning = NetworkValidator::memberIpWarning(settings, m.address, *ip))
                plan.addWarning(source, warning->message());
        }
    }
}

} // namespace tier
