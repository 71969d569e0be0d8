// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/controller/addressallocator.h"

#include <optional>

namespace tier::addressallocator {

ipassignment::Output assign(const NetworkState &net, MemberRow &member, const QList<NetworkConfig::Route> &routes,
                            const std::function<quint64()> &random)
{
    const NetworkSettings &s = net.settings;
    ipassignment::Input in;
    in.networkId = net.id;
    in.member = member.address;
    in.noAutoAssign = member.noAutoAssignIps;
    in.v4AssignZt = s.v4AssignZt;
    in.v6AssignZt = s.v6AssignZt;
    in.v6AssignRfc4193 = s.v6AssignRfc4193;
    in.v6Assign6plane = s.v6Assign6plane;
    in.pools = s.pools;
    in.routes = routes;
    in.memberIps = memberfields::ips(member);
    // Built only when an auto-assignment actually tests a candidate (most requests come from members
    // that already have their address), then kept by the network (NetworkState::allocatedIps).
    in.isAllocated = [&](const InetAddress &candidate) {
        if (!net.allocatedIps) {
            QSet<InetAddress> all;
            net.members.forEachIps([&](Address, const QList<InetAddress> &ips) {
                for (const InetAddress &ip : ips)
                    all.insert(ip);
            });
            net.allocatedIps = std::move(all);
        }
        return net.allocatedIps->contains(candidate);
    };
    in.random = random;
    ipassignment::Output out = ipassignment::assign(in);
    for (const InetAddress &ip : out.newAssignments) {
        member.ipAssignments.append(ip.toIpString());
        if (net.allocatedIps)
            net.allocatedIps->insert(ip); // taken from now on, also for the rest of a push batch
    }
    return out;
}

} // namespace tier::addressallocator
