// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/controller/networkvalidation.h"

#include "core/controller/storedjson.h"
#include "core/protocol/rules.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

namespace tier {

namespace {

constexpr const char *kContext = "NetworkValidator";

using Kind = NetworkFinding::Kind;
using Severity = NetworkFinding::Severity;

NetworkFinding finding(Severity severity, Kind kind, const char *source, QStringList args = {})
{
    NetworkFinding f;
    f.severity = severity;
    f.kind = kind;
    f.source = source;
    f.args = std::move(args);
    return f;
}

NetworkFinding error(Kind kind, const char *source, QStringList args = {})
{
    return finding(Severity::Error, kind, source, std::move(args));
}

NetworkFinding warning(Kind kind, const char *source, QStringList args = {})
{
    return finding(Severity::Warning, kind, source, std::move(args));
}

QString number(qint64 n)
{
    return QString::number(n);
}

QString ip(const InetAddress &address)
{
    return address.toIpString();
}

QString cidr(const InetAddress &target)
{
    return target.toIpString() + u'/' + QString::number(target.prefixLength());
}

// Big-endian bytes of one family compare like the numbers they are.
bool lessEqual(const InetAddress &a, const InetAddress &b)
{
    return a.ipBytes() <= b.ipBytes();
}

bool overlap(const IpPool &a, const IpPool &b)
{
    return a.start.family() == b.start.family() && lessEqual(a.start, b.end) && lessEqual(b.start, a.end);
}

bool validPool(const IpPool &p)
{
    return !p.start.isNull() && !p.end.isNull() && p.start.family() == p.end.family() && lessEqual(p.start, p.end);
}

// Whether some route holds the address; with onLinkOnly, a route without a gateway (a pool in a
// route via a gateway hands out addresses the members cannot reach each other with).
bool routed(const InetAddress &address, const QList<NetworkConfig::Route> &routes, bool onLinkOnly)
{
    for (const NetworkConfig::Route &r : routes) {
        if (r.target.family() != address.family() || !r.target.containsIp(address))
            continue;
        if (onLinkOnly && !r.via.isNull())
            continue;
        return true;
    }
    return false;
}

QString rulesParseMessage(const QJsonParseError &parseError)
{
    return QString::number(parseError.offset) + u'\x1f' + parseError.errorString();
}

void addPoolWarnings(QList<NetworkFinding> &out, const NetworkSettings &s)
{
    bool v4Pool = false;
    bool v6Pool = false;
    for (const IpPool &p : s.pools)
        (p.start.isIPv4() ? v4Pool : v6Pool) = true;
    if (v4Pool && !s.v4AssignZt)
        out << warning(Kind::PoolsWithoutAutoAssign,
                       QT_TRANSLATE_NOOP("NetworkValidator",
                                         "IPv4 auto-assign is off, so the IPv4 pools hand out no addresses; turn it on "
                                         "or assign addresses by hand."));
    if (!v4Pool && s.v4AssignZt)
        out << warning(
            Kind::AutoAssignWithoutPool,
            QT_TRANSLATE_NOOP("NetworkValidator",
                              "IPv4 auto-assign is on, but there is no IPv4 pool to assign addresses from."));
    if (v6Pool && !s.v6AssignZt)
        out << warning(Kind::PoolsWithoutAutoAssign,
                       QT_TRANSLATE_NOOP("NetworkValidator", "IPv6 auto-assign from pools is off, so the IPv6 pools "
                                                             "hand out no addresses."));
    if (!v6Pool && s.v6AssignZt)
        out << warning(Kind::AutoAssignWithoutPool,
                       QT_TRANSLATE_NOOP("NetworkValidator", "IPv6 auto-assign from pools is on, but there is no "
                                                             "IPv6 pool to assign addresses from."));
    for (qsizetype i = 0; i < s.pools.size(); ++i) {
        const IpPool &p = s.pools[i];
        if (!routed(p.start, s.routes, true) || !routed(p.end, s.routes, true))
            out << warning(Kind::PoolOutsideRoutes,
                           QT_TRANSLATE_NOOP("NetworkValidator",
                                             "IP pool %1 (%2–%3) is not inside any on-link managed route; members get "
                                             "no address from it, or one they cannot reach each other with."),
                           {number(i + 1), ip(p.start), ip(p.end)});
    }
    for (qsizetype i = 0; i < s.pools.size(); ++i) {
        for (qsizetype j = i + 1; j < s.pools.size(); ++j) {
            if (overlap(s.pools[i], s.pools[j]))
                out << warning(Kind::PoolsOverlap,
                               QT_TRANSLATE_NOOP("NetworkValidator", "IP pools %1 and %2 overlap (%3–%4 and %5–%6)."),
                               {number(i + 1), number(j + 1), ip(s.pools[i].start), ip(s.pools[i].end),
                                ip(s.pools[j].start), ip(s.pools[j].end)});
        }
    }
}

// %1…%9 replaced in one pass, so an argument that itself holds "%2" (a name, a parser's message)
// stays as it is.
QString substitute(const QString &pattern, const QStringList &args)
{
    QString out;
    out.reserve(pattern.size() + 32);
    for (qsizetype i = 0; i < pattern.size(); ++i) {
        const QChar c = pattern[i];
        if (c == u'%' && i + 1 < pattern.size() && pattern[i + 1] >= u'1' && pattern[i + 1] <= u'9') {
            const qsizetype index = pattern[i + 1].unicode() - u'1';
            if (index < args.size()) {
                out += args[index];
                ++i;
                continue;
            }
        }
        out += c;
    }
    return out;
}

} // namespace

QString NetworkFinding::message() const
{
    return substitute(QString::fromUtf8(source ? source : ""), args);
}

QString NetworkFinding::text() const
{
    return substitute(QCoreApplication::translate(kContext, source ? source : ""), args);
}

std::optional<NetworkFinding> NetworkValidator::nameError(const QString &name)
{
    if (name.toUtf8().size() > MaxNameBytes)
        return error(Kind::Name, QT_TRANSLATE_NOOP("NetworkValidator", "Name: at most %1 bytes are allowed."),
                     {number(MaxNameBytes)});
    for (const QChar c : name) {
        if (c.category() == QChar::Other_Control)
            return error(Kind::Name,
                         QT_TRANSLATE_NOOP("NetworkValidator", "Name: control characters are not allowed."));
    }
    return std::nullopt;
}

std::optional<NetworkFinding> NetworkValidator::descriptionError(const QString &description)
{
    const qsizetype characters = description.toUcs4().size();
    if (characters > MaxDescriptionCharacters)
        return error(
            Kind::Description,
            QT_TRANSLATE_NOOP("NetworkValidator", "Description: at most %1 characters are allowed (this one has %2)."),
            {number(MaxDescriptionCharacters), number(characters)});
    for (const QChar c : description) {
        if (c.category() == QChar::Other_Control && c != u'\n' && c != u'\t')
            return error(Kind::Description,
                         QT_TRANSLATE_NOOP("NetworkValidator", "Description: control characters other than line "
                                                               "breaks and tabs are not allowed."));
    }
    return std::nullopt;
}

std::optional<NetworkFinding> NetworkValidator::mtuError(qint64 mtu)
{
    if (mtu >= MinMtu && mtu <= MaxMtu)
        return std::nullopt;
    return error(Kind::Mtu, QT_TRANSLATE_NOOP("NetworkValidator", "MTU: %1 is outside %2…%3."),
                 {number(mtu), number(MinMtu), number(MaxMtu)});
}

std::optional<NetworkFinding> NetworkValidator::multicastLimitError(qint64 limit)
{
    if (limit >= 0)
        return std::nullopt;
    return error(Kind::MulticastLimit,
                 QT_TRANSLATE_NOOP("NetworkValidator", "Multicast limit: it cannot be negative."));
}

std::optional<NetworkFinding> NetworkValidator::certificateWindowError(qint64 windowMs)
{
    if (windowMs >= 0)
        return std::nullopt;
    return error(Kind::CertificateWindow,
                 QT_TRANSLATE_NOOP("NetworkValidator", "Certificate time window: it cannot be negative."));
}

std::optional<NetworkFinding> NetworkValidator::poolError(const IpPool &p, int n)
{
    if (p.start.isNull() || p.end.isNull())
        return error(Kind::Pool,
                     QT_TRANSLATE_NOOP("NetworkValidator", "IP pool %1: a pool needs a start and an end "
                                                           "address."),
                     {number(n)});
    if (p.start.family() != p.end.family())
        return error(Kind::Pool,
                     QT_TRANSLATE_NOOP("NetworkValidator", "IP pool %1: the start and end addresses are of different "
                                                           "address families; they must both be IPv4 or both IPv6."),
                     {number(n)});
    if (!lessEqual(p.start, p.end))
        return error(
            Kind::Pool,
            QT_TRANSLATE_NOOP("NetworkValidator", "IP pool %1: the start address %2 comes after the end address %3."),
            {number(n), ip(p.start), ip(p.end)});
    return std::nullopt;
}

std::optional<NetworkFinding> NetworkValidator::routeCountError(qsizetype count)
{
    if (count <= MaxRoutes)
        return std::nullopt;
    return error(Kind::Route, QT_TRANSLATE_NOOP("NetworkValidator", "Routes: at most %1 routes are allowed."),
                 {number(MaxRoutes)});
}

std::optional<NetworkFinding> NetworkValidator::routeError(const NetworkConfig::Route &r, int n)
{
    if (r.target.isNull())
        return error(Kind::Route,
                     QT_TRANSLATE_NOOP("NetworkValidator",
                                       "Route %1: a route needs a target network such as 10.1.0.0/16 or fd00::/64."),
                     {number(n)});
    const int maxBits = r.target.isIPv4() ? 32 : 128;
    if (r.target.prefixLength() > maxBits)
        return error(
            Kind::Route,
            QT_TRANSLATE_NOOP("NetworkValidator", "Route %1: the prefix length /%2 of \"%3\" is larger than %4."),
            {number(n), number(r.target.prefixLength()), cidr(r.target), number(maxBits)});
    if (!r.via.isNull() && r.via.family() != r.target.family())
        return error(Kind::Route,
                     QT_TRANSLATE_NOOP("NetworkValidator",
                                       "Route %1: the gateway (via) must be of the same address family as the target."),
                     {number(n)});
    return std::nullopt;
}

std::optional<NetworkFinding> NetworkValidator::routeHostBitsWarning(const NetworkConfig::Route &r, int n)
{
    const int maxBits = r.target.isIPv4() ? 32 : 128;
    if (r.target.isNull() || r.target.prefixLength() > maxBits || r.target.network() == r.target)
        return std::nullopt;
    return warning(Kind::RouteHostBits,
                   QT_TRANSLATE_NOOP("NetworkValidator",
                                     "Route %1: %2 has host bits set; ZeroTier matches addresses against the network "
                                     "%3, so members may get or use no address in it."),
                   {number(n), cidr(r.target), cidr(r.target.network())});
}

std::optional<NetworkFinding> NetworkValidator::domainError(const QString &domain)
{
    if (domain.toUtf8().size() <= MaxDomainBytes)
        return std::nullopt;
    return error(Kind::Dns, QT_TRANSLATE_NOOP("NetworkValidator", "DNS search domain: at most %1 bytes are allowed."),
                 {number(MaxDomainBytes)});
}

std::optional<NetworkFinding> NetworkValidator::dnsServersError(const QList<InetAddress> &servers)
{
    if (servers.size() > MaxDnsServers)
        return error(Kind::Dns, QT_TRANSLATE_NOOP("NetworkValidator", "DNS servers: at most %1 are allowed."),
                     {number(MaxDnsServers)});
    for (qsizetype i = 0; i < servers.size(); ++i) {
        if (servers[i].isNull())
            return error(Kind::Dns, QT_TRANSLATE_NOOP("NetworkValidator", "DNS server %1: the address is empty."),
                         {number(i + 1)});
    }
    return std::nullopt;
}

std::optional<NetworkFinding> NetworkValidator::rulesError(const QString &rulesJson)
{
    if (rulesJson.trimmed().isEmpty())
        return std::nullopt;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(rulesJson.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return error(Kind::Rules,
                     QT_TRANSLATE_NOOP("NetworkValidator", "Rules: the JSON is invalid at character %1 (%2)."),
                     rulesParseMessage(parseError).split(u'\x1f'));
    if (!doc.isArray())
        return error(Kind::Rules, QT_TRANSLATE_NOOP("NetworkValidator", "Rules: the JSON must be an array of rule "
                                                                        "objects."));
    if (doc.array().size() > Rule::MaxBaseRules)
        return error(Kind::Rules, QT_TRANSLATE_NOOP("NetworkValidator", "Rules: at most %1 rules are allowed."),
                     {number(Rule::MaxBaseRules)});
    if (auto rules = rulesFromJson(doc.array()); !rules)
        return error(Kind::Rules, QT_TRANSLATE_NOOP("NetworkValidator", "Rules: %1"), {rules.error().message});
    return std::nullopt;
}

std::optional<NetworkFinding> NetworkValidator::capabilitiesError(const QString &capabilitiesJson)
{
    const auto caps = parseJsonArrayText(capabilitiesJson);
    if (!caps)
        return error(Kind::Capabilities,
                     QT_TRANSLATE_NOOP("NetworkValidator", "Capabilities: the JSON must be an array."));
    for (const QJsonValue &v : *caps) {
        const QJsonObject o = v.toObject();
        if (!isJsonU32(o.value(QStringLiteral("id"))))
            return error(Kind::Capabilities,
                         QT_TRANSLATE_NOOP("NetworkValidator",
                                           "Capabilities: every capability needs an id from 0 to 4294967295."));
        if (auto r = rulesFromJson(o.value(QStringLiteral("rules")).toArray()); !r)
            return error(Kind::Capabilities, QT_TRANSLATE_NOOP("NetworkValidator", "Capabilities: %1"),
                         {r.error().message});
    }
    return std::nullopt;
}

std::optional<NetworkFinding> NetworkValidator::tagsError(const QString &tagsJson)
{
    const auto tags = parseJsonArrayText(tagsJson);
    if (!tags)
        return error(Kind::Tags, QT_TRANSLATE_NOOP("NetworkValidator", "Tags: the JSON must be an array."));
    for (const QJsonValue &v : *tags) {
        const QJsonObject o = v.toObject();
        if (!isJsonU32(o.value(QStringLiteral("id"))))
            return error(Kind::Tags,
                         QT_TRANSLATE_NOOP("NetworkValidator", "Tags: every tag needs an id from 0 to 4294967295."));
        const QJsonValue def = o.value(QStringLiteral("default"));
        if (!def.isUndefined() && !def.isNull() && !isJsonU32(def))
            return error(Kind::Tags, QT_TRANSLATE_NOOP("NetworkValidator",
                                                       "Tags: a tag default must be a number from 0 to 4294967295."));
    }
    return std::nullopt;
}

QList<NetworkFinding> NetworkValidator::errors(const NetworkSettings &s)
{
    QList<NetworkFinding> out;
    auto add = [&out](std::optional<NetworkFinding> f) {
        if (f)
            out << *f;
    };
    add(nameError(s.name));
    add(descriptionError(s.description));
    add(mtuError(s.mtu));
    add(multicastLimitError(s.multicastLimit));
    add(certificateWindowError(s.certificateTimeoutWindow));
    for (qsizetype i = 0; i < s.pools.size(); ++i)
        add(poolError(s.pools[i], int(i + 1)));
    add(routeCountError(s.routes.size()));
    for (qsizetype i = 0; i < s.routes.size(); ++i)
        add(routeError(s.routes[i], int(i + 1)));
    add(domainError(s.dns.domain));
    add(dnsServersError(s.dns.servers));
    add(rulesError(s.rulesJson));
    add(capabilitiesError(s.capabilitiesJson));
    add(tagsError(s.tagsJson));
    return out;
}

QList<NetworkFinding> NetworkValidator::warnings(const NetworkSettings &s, const Context &context)
{
    QList<NetworkFinding> out;
    for (qsizetype i = 0; i < s.routes.size(); ++i) {
        if (auto w = routeHostBitsWarning(s.routes[i], int(i + 1)))
            out << *w;
    }
    NetworkSettings usable = s;
    usable.pools.removeIf([](const IpPool &p) { return !validPool(p); });
    addPoolWarnings(out, usable);
    out << otherNetworkPoolWarnings(usable, context.otherNetworks);
    int named = 0;
    int more = 0;
    for (const MemberAddresses &m : context.members) {
        for (const InetAddress &address : m.ips) {
            auto w = memberIpWarning(usable, m.address, address);
            if (!w)
                continue;
            if (named < MaxMemberIpWarnings) {
                out << *w;
                ++named;
            } else {
                ++more;
            }
        }
    }
    if (more > 0)
        out << warning(Kind::MemberIpOutsideRoutes,
                       QT_TRANSLATE_NOOP("NetworkValidator", "%1 more member addresses are outside every managed "
                                                             "route."),
                       {number(more)});
    return out;
}

std::optional<NetworkFinding> NetworkValidator::memberIpWarning(const NetworkSettings &s, Address member,
                                                                const InetAddress &address)
{
    if (routed(address, s.routes, false))
        return std::nullopt;
    return warning(Kind::MemberIpOutsideRoutes,
                   QT_TRANSLATE_NOOP("NetworkValidator", "Member %1: the address %2 is outside every managed route, "
                                                         "so the member does not use it."),
                   {member.toString(), ip(address)});
}

QList<NetworkFinding> NetworkValidator::otherNetworkPoolWarnings(const NetworkSettings &s,
                                                                 const QList<OtherNetwork> &others)
{
    QList<NetworkFinding> out;
    for (qsizetype i = 0; i < s.pools.size(); ++i) {
        if (!validPool(s.pools[i]))
            continue;
        // Shared by every finding of this pool, each text made once.
        const QString poolNumber = number(i + 1);
        const QString start = ip(s.pools[i].start);
        const QString end = ip(s.pools[i].end);
        qint64 unnamed = 0;
        int named = 0;
        for (const OtherNetwork &other : others) {
            for (const IpPool &theirs : other.pools) {
                if (!validPool(theirs) || !overlap(s.pools[i], theirs))
                    continue;
                if (named == MaxOverlappingNetworksNamed) {
                    ++unnamed;
                    break;
                }
                ++named;
                out << warning(Kind::PoolsOverlapOtherNetwork,
                               QT_TRANSLATE_NOOP("NetworkValidator",
                                                 "IP pool %1 (%2–%3) overlaps the pool %4–%5 of network \"%6\" (%7); a "
                                                 "device in both networks may get the same address twice."),
                               {poolNumber, start, end, ip(theirs.start), ip(theirs.end), other.name,
                                networkIdToString(other.id)});
                break;
            }
        }
        if (unnamed > 0)
            out << warning(Kind::PoolsOverlapOtherNetwork,
                           QT_TRANSLATE_NOOP("NetworkValidator",
                                             "IP pool %1 (%2–%3) also overlaps the pools of %4 more networks."),
                           {poolNumber, start, end, number(unnamed)});
    }
    return out;
}

QStringList NetworkValidator::messages(const QList<NetworkFinding> &findings)
{
    QStringList out;
    for (const NetworkFinding &f : findings)
        out << f.message();
    return out;
}

QStringList NetworkValidator::texts(const QList<NetworkFinding> &findings)
{
    QStringList out;
    for (const NetworkFinding &f : findings)
        out << f.text();
    return out;
}

} // namespace tier
