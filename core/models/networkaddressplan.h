// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/controller/networksettings.h"
#include "core/protocol/inetaddress.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

namespace tier {

/// The addressing a new network made in the window starts with: an IPv4 subnet whose hosts form the
/// pool, the on-link route for it and IPv4 auto-assign, plus one IPv6 mode. One choice fills all of
/// them together, so a new network hands out working addresses from its first member on. (Networks
/// created through the API keep the reference controller's defaults; this is only the window's offer.)
class NetworkAddressPlan final
{
    Q_DECLARE_TR_FUNCTIONS(NetworkAddressPlan)

public:
    enum class Ipv6Mode { None, Rfc4193, SixPlane, Pool };

    NetworkAddressPlan() = delete;

    /// The private /24s offered first, in order (10.147.17.0/24 … in the style people know).
    static QList<InetAddress> presetSubnets();
    /// Whether the subnet overlaps any IPv4 pool or route target of these networks.
    static bool subnetInUse(const InetAddress &subnet, const QList<NetworkSettings> &networks);
    /// The first /24 of the private ranges (10/8, then 172.16/12, then 192.168/16, presets first)
    /// that no pool or route of these networks touches; nullopt only when every one is taken.
    static std::optional<InetAddress> freeSubnet(const QList<NetworkSettings> &networks);
    /// "10.1.2.0/24" (network/bits, IPv4 /8…/30 or IPv6 /8…/120, no host bits), else nullopt and *error.
    static std::optional<InetAddress> parseSubnet(const QString &text, QString *error);
    /// A random unique-local /64 (fdXX:XXXX:XXXX:XXXX::/64, RFC 4193 §3.2 style) for the IPv6 pool mode.
    static InetAddress randomUniqueLocalSubnet();
    /// First and last assignable host of a subnet (IPv4 skips the network and broadcast addresses).
    static IpPool hostRange(const InetAddress &subnet);

    /// Fills pool, on-link route and IPv4 auto-assign for ipv4Subnet (null = no IPv4 addressing), and
    /// the IPv6 mode (Pool uses ipv6Subnet the same way). Other fields of base stay as they are.
    static NetworkSettings apply(NetworkSettings base, const InetAddress &ipv4Subnet, Ipv6Mode mode,
                                 const InetAddress &ipv6Subnet = {});
};

} // namespace tier
