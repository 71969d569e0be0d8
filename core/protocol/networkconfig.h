// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/address.h"
#include "core/base/result.h"
#include "core/protocol/capability.h"
#include "core/protocol/certificateofmembership.h"
#include "core/protocol/certificateofownership.h"
#include "core/protocol/dictionary.h"
#include "core/protocol/inetaddress.h"
#include "core/protocol/rules.h"
#include "core/protocol/tag.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace tier {

/// A member's network configuration (docs/protocol/netconf.md §1), typed. toDictionary() writes the keys in the
/// order ZeroTier does, so a config built from the same inputs is byte-identical to ZT's; list
/// lengths beyond ZT's limits are cut as ZT's controller does.
struct NetworkConfig final
{
    enum class Type : quint8 {
        Private = 0,
        Public = 1,
    };

    struct Route
    {
        InetAddress target; ///< network; prefix length in the port field
        InetAddress via;    ///< gateway, or null for on-link
        quint16 flags = 0;
        quint16 metric = 0;
        friend bool operator==(const Route &a, const Route &b)
        {
            return a.target == b.target && a.via == b.via && a.flags == b.flags && a.metric == b.metric;
        }
    };

    struct Dns
    {
        QString domain;             ///< search domain, at most 127 bytes of UTF-8 are sent
        QList<InetAddress> servers; ///< at most 4; the port field is sent as given (normally 0 or 53)
        friend bool operator==(const Dns &a, const Dns &b) { return a.domain == b.domain && a.servers == b.servers; }
    };

    static constexpr quint64 CurrentVersion = 7;
    static constexpr quint64 MinimumVersion = 6; ///< nodes reject configs below this

    // `f` flags (docs/protocol/netconf.md §1.2)
    static constexpr quint64 FlagEnableBroadcast = 0x02;
    static constexpr quint64 FlagIpv6NdpEmulation = 0x04;
    static constexpr quint64 FlagRulesResultOfUnsupportedMatch = 0x08;
    static constexpr quint64 FlagDisableCompression = 0x10;

    // `S` role flags on the 64-bit specialist entries (low 40 bits: address)
    static constexpr quint64 SpecialistActiveBridge = 0x0000020000000000ULL;
    static constexpr quint64 SpecialistAnchor = 0x0000040000000000ULL;
    static constexpr quint64 SpecialistMulticastReplicator = 0x0000080000000000ULL;

    static constexpr int MaxNameLength = 127;
    static constexpr int MaxDomainLength = 127;
    static constexpr int DnsDomainFieldLength = 128;
    static constexpr int MaxDnsServers = 4;
    static constexpr int MaxRoutes = 128;
    static constexpr int MaxStaticIps = 32;
    static constexpr int MaxCertificatesOfOwnership = 4;
    static constexpr int MaxSpecialists = 256;
    static constexpr int MaxCapabilities = 128;
    static constexpr int MaxTags = 128;
    static constexpr int DefaultMtu = 2800;
    static constexpr int DefaultMulticastLimit = 32;

    quint64 version = CurrentVersion;                      ///< `v`
    quint64 networkId = 0;                                 ///< `nwid`
    qint64 timestamp = 0;                                  ///< `ts` (ms)
    quint64 credentialTimeMaxDelta = 0;                    ///< `ctmd` (ms)
    quint64 revision = 0;                                  ///< `r`
    Address issuedTo;                                      ///< `id`
    Address remoteTraceTarget;                             ///< `tt`
    quint64 remoteTraceLevel = 0;                          ///< `tl`
    quint64 flags = FlagEnableBroadcast;                   ///< `f`
    quint64 multicastLimit = DefaultMulticastLimit;        ///< `ml` (always sent: a missing one disables multicast)
    Type type = Type::Private;                             ///< `t`
    QString name;                                          ///< `n`
    quint64 mtu = DefaultMtu;                              ///< `mtu`
    std::optional<CertificateOfMembership> com;            ///< `C`
    QList<Capability> capabilities;                        ///< `CAP`
    QList<Tag> tags;                                       ///< `TAG`
    QList<CertificateOfOwnership> certificatesOfOwnership; ///< `COO`
    QList<quint64> specialists;                            ///< `S`: role flags | address
    QList<Route> routes;                                   ///< `RT`
    QList<InetAddress> staticIps;                          ///< `I`: prefix length in the port field
    QList<Rule> rules;                                     ///< `R` (omitted when empty: a node then drops all traffic)
    Dns dns;                                               ///< `DNS` (always sent)
    quint64 ssoVersion = 0;                                ///< `ssov`
    bool ssoEnabled = false;                               ///< `ssoe`
    QString authenticationUrl;                             ///< `aurl` (ssov 0, ssoe on)
    qint64 authenticationExpiryTime = 0;                   ///< `aexpt` (ssov 0, ssoe on)
    QString issuerUrl;                                     ///< `iurl` (ssov 1)
    QString centralEndpoint;                               ///< `ssoce` (ssov 1)
    QString ssoNonce;                                      ///< `sson` (ssov 1)
    QString ssoState;                                      ///< `ssos` (ssov 1)
    QString ssoClientId;                                   ///< `ssocid` (ssov 1)
    QString ssoProvider;                                   ///< `ssop` (ssov 1)

    static quint64 specialist(Address address, quint64 roles) { return (roles & ~Address::Mask) | address.toInt(); }

    /// The dictionary a 1.14 member receives (format 7, no legacy keys).
    Dictionary toDictionary() const;
    /// Serialized dictionary; TooLarge if it would not fit a node's config capacity.
    Result<QByteArray> toBytes() const;

    /// Reads a config as a member would; refuses v < 6, a zero nwid or id, and malformed blobs
    /// (the error names the key).
    static Result<NetworkConfig> fromDictionary(const Dictionary &dict);
    static Result<NetworkConfig> fromBytes(QByteArrayView bytes);

    /// Blob encoders, exposed for tests and for callers that inspect single keys.
    static QByteArray encodeRoutes(const QList<Route> &routes);
    static Result<QList<Route>> decodeRoutes(QByteArrayView bytes);
    static QByteArray encodeStaticIps(const QList<InetAddress> &ips);
    static Result<QList<InetAddress>> decodeStaticIps(QByteArrayView bytes);
    static QByteArray encodeDns(const Dns &dns);
    static Result<Dns> decodeDns(QByteArrayView bytes);

    friend bool operator==(const NetworkConfig &a, const NetworkConfig &b);
};

} // namespace tier
