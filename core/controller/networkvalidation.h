// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/address.h"
#include "core/controller/networkfinding.h"
#include "core/controller/networksettings.h"
#include "core/protocol/inetaddress.h"
#include "core/protocol/networkconfig.h"

#include <QCoreApplication>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace tier {

/// The one place that decides which network settings are errors and which deserve a warning, with
/// one set of limits and one set of words, for the window (core/models' NetworkSettingsValidator
/// parses what a person types and asks here), the HTTP API (ControllerJson reads the JSON and asks
/// here field by field), NetworkController (every create/update) and the controller.d import.
///
/// Errors are what no ZeroTier member could use or what the reference refuses to store (an MTU
/// outside its range, a pool that ends before it starts, a gateway of another family, more routes
/// or DNS servers than a config carries, rules that do not parse). Everything the reference stores
/// is accepted; settings that cannot work the way they read (a route with host bits set, pools
/// while auto-assign is off, …) are warnings. All functions are pure and thread-safe.
class NetworkValidator final
{
    Q_DECLARE_TR_FUNCTIONS(NetworkValidator)

public:
    NetworkValidator() = delete;

    static constexpr int MinMtu = 1280;
    static constexpr int MaxMtu = 10000;
    static constexpr int MaxNameBytes = NetworkConfig::MaxNameLength;
    /// Counted in Unicode characters (code points): the description is never sent in a config, so no
    /// byte limit of the protocol applies; this one keeps it a note rather than a document.
    static constexpr int MaxDescriptionCharacters = 1024;
    static constexpr int MaxDomainBytes = NetworkConfig::MaxDomainLength;
    static constexpr int MaxDnsServers = NetworkConfig::MaxDnsServers;
    static constexpr int MaxRoutes = NetworkConfig::MaxRoutes;
    /// Member IPs outside every route named one by one; more are summed up in one further warning.
    static constexpr int MaxMemberIpWarnings = 10;
    /// Other networks named in a pool's overlap warnings; the rest are counted in one more (a thousand
    /// networks on one range would otherwise give each network a thousand warnings).
    static constexpr int MaxOverlappingNetworksNamed = 3;

    /// What warnings() needs to know beyond the settings themselves.
    struct MemberAddresses
    {
        Address address;
        QList<InetAddress> ips;
    };
    struct OtherNetwork
    {
        quint64 id = 0;
        QString name;
        QList<IpPool> pools;
    };
    struct Context
    {
        QList<MemberAddresses> members;    ///< this network's members and their assigned IPs
        QList<OtherNetwork> otherNetworks; ///< the controller's other networks
    };

    // ---- errors, one field at a time (nullopt = fine); `number` is 1-based as people count ----
    static std::optional<NetworkFinding> nameError(const QString &name);
    /// At most MaxDescriptionCharacters; newline and tab are the only control characters allowed.
    static std::optional<NetworkFinding> descriptionError(const QString &description);
    static std::optional<NetworkFinding> mtuError(qint64 mtu);
    static std::optional<NetworkFinding> multicastLimitError(qint64 limit);
    static std::optional<NetworkFinding> certificateWindowError(qint64 windowMs);
    static std::optional<NetworkFinding> poolError(const IpPool &pool, int number);
    static std::optional<NetworkFinding> routeCountError(qsizetype count);
    /// Target present, prefix length within the family, gateway of the same family. Host bits are
    /// a warning (routeHostBitsWarning), not an error.
    static std::optional<NetworkFinding> routeError(const NetworkConfig::Route &route, int number);
    static std::optional<NetworkFinding> domainError(const QString &domain);
    static std::optional<NetworkFinding> dnsServersError(const QList<InetAddress> &servers);
    /// The rules as the reference's JSON array text; empty text = the default (accept all).
    static std::optional<NetworkFinding> rulesError(const QString &rulesJson);
    static std::optional<NetworkFinding> capabilitiesError(const QString &capabilitiesJson);
    static std::optional<NetworkFinding> tagsError(const QString &tagsJson);

    /// Every error in the settings, in field order (empty = the settings may be stored).
    static QList<NetworkFinding> errors(const NetworkSettings &settings);

    // ---- warnings ----
    static std::optional<NetworkFinding> routeHostBitsWarning(const NetworkConfig::Route &route, int number);
    /// A member's assigned address that no route of the network holds (the member does not use it).
    static std::optional<NetworkFinding> memberIpWarning(const NetworkSettings &settings, Address member,
                                                         const InetAddress &ip);
    /// The settings' pools that overlap a pool of one of `others`, one warning per pool and network.
    static QList<NetworkFinding> otherNetworkPoolWarnings(const NetworkSettings &settings,
                                                          const QList<OtherNetwork> &others);
    /// Every warning for settings that have no errors: host bits, pools without auto-assign,
    /// auto-assign without pools, pools outside every route, pools overlapping each other or another
    /// network's, member IPs outside every route.
    static QList<NetworkFinding> warnings(const NetworkSettings &settings, const Context &context = {});

    /// The messages (English) of findings, e.g. for an error reply or a report.
    static QStringList messages(const QList<NetworkFinding> &findings);
    static QStringList texts(const QList<NetworkFinding> &findings);
};

} // namespace tier
