// SPDX-License-Identifier: GPL-3.0-or-later
#include "networkconfig.h"

namespace tier {

namespace {

// Cuts UTF-8 to at most maxBytes without splitting a character.
QByteArray utf8Truncated(const QString &text, qsizetype maxBytes)
{
    QByteArray utf8 = text.toUtf8();
    if (utf8.size() <= maxBytes)
        return utf8;
    qsizetype n = maxBytes;
    while (n > 0 && (quint8(utf8[n]) & 0xc0) == 0x80)
        --n;
    utf8.truncate(n);
    return utf8;
}

Error keyError(const char *key, const Error &inner)
{
    return makeError(inner.code, QStringLiteral("config key '%1': %2").arg(QLatin1String(key), inner.message));
}

template<typename T>
Result<QList<T>> readAll(QByteArrayView bytes, int max, const char *key)
{
    QList<T> out;
    ByteReader reader(bytes);
    while (!reader.atEnd()) {
        if (out.size() >= max)
            return makeError(ErrorCode::TooLarge,
                             QStringLiteral("config key '%1': more than %2 entries").arg(QLatin1String(key)).arg(max));
        auto item = T::read(reader);
        if (!item)
            return keyError(key, item.error());
        out.append(std::move(item).value());
    }
    return out;
}

template<typename T>
QByteArray writeAll(const QList<T> &items, int max)
{
    ByteWriter w;
    for (qsizetype i = 0; i < items.size() && i < max; ++i)
        items[i].write(w);
    return std::move(w).data();
}

} // namespace

QByteArray NetworkConfig::encodeRoutes(const QList<Route> &routes)
{
    ByteWriter w;
    for (qsizetype i = 0; i < routes.size() && i < MaxRoutes; ++i) {
        const Route &r = routes[i];
        r.target.write(w);
        r.via.write(w);
        w.u16(r.flags).u16(r.metric);
    }
    return std::move(w).data();
}

Result<QList<NetworkConfig::Route>> NetworkConfig::decodeRoutes(QByteArrayView bytes)
{
    QList<Route> out;
    ByteReader reader(bytes);
    while (!reader.atEnd()) {
        if (out.size() >= MaxRoutes)
            return makeError(ErrorCode::TooLarge, QStringLiteral("more than %1 routes").arg(MaxRoutes));
        Route r;
        auto target = InetAddress::read(reader);
        if (!target)
            return target.error();
        auto via = InetAddress::read(reader);
        if (!via)
            return via.error();
        r.target = *target;
        r.via = *via;
        r.flags = reader.u16();
        r.metric = reader.u16();
        if (!reader.ok())
            return makeError(ErrorCode::Truncated, QStringLiteral("route truncated"));
        out.append(r);
    }
    return out;
}

QByteArray NetworkConfig::encodeStaticIps(const QList<InetAddress> &ips)
{
    ByteWriter w;
    for (qsizetype i = 0; i < ips.size() && i < MaxStaticIps; ++i)
        ips[i].write(w);
    return std::move(w).data();
}

Result<QList<InetAddress>> NetworkConfig::decodeStaticIps(QByteArrayView bytes)
{
    QList<InetAddress> out;
    ByteReader reader(bytes);
    while (!reader.atEnd()) {
        if (out.size() >= MaxStaticIps)
            return makeError(ErrorCode::TooLarge, QStringLiteral("more than %1 static IPs").arg(MaxStaticIps));
        auto ip = InetAddress::read(reader);
        if (!ip)
            return ip.error();
        out.append(*ip);
    }
    return out;
}

QByteArray NetworkConfig::encodeDns(const Dns &dns)
{
    ByteWriter w(DnsDomainFieldLength + MaxDnsServers * InetAddress::MaxWireLength);
    const QByteArray domain = utf8Truncated(dns.domain, MaxDomainLength);
    w.bytes(domain).zeros(DnsDomainFieldLength - domain.size());
    for (int i = 0; i < MaxDnsServers; ++i) {
        if (i < dns.servers.size())
            dns.servers[i].write(w);
        else
            InetAddress().write(w);
    }
    return std::move(w).data();
}

Result<NetworkConfig::Dns> NetworkConfig::decodeDns(QByteArrayView bytes)
{
    ByteReader reader(bytes);
    const QByteArrayView field = reader.bytes(DnsDomainFieldLength);
    if (!reader.ok())
        return makeError(ErrorCode::Truncated, QStringLiteral("DNS domain field truncated"));
    Dns dns;
    const qsizetype nul = field.indexOf('\0');
    dns.domain = QString::fromUtf8(nul >= 0 ? field.first(nul) : field.first(MaxDomainLength));
    for (int i = 0; i < MaxDnsServers && !reader.atEnd(); ++i) {
        auto server = InetAddress::read(reader);
        if (!server)
            return server.error();
        if (!server->isNull())
            dns.servers.append(*server);
    }
    return dns;
}

Dictionary NetworkConfig::toDictionary() const
{
    Dictionary d;
    d.addU64("v", version);
    d.addU64("nwid", networkId);
    d.addU64("ts", quint64(timestamp));
    d.addU64("ctmd", credentialTimeMaxDelta);
    d.addU64("r", revision);
    d.addAddress("id", issuedTo);
    d.addAddress("tt", remoteTraceTarget);
    d.addU64("tl", remoteTraceLevel);
    d.addU64("f", flags);
    d.addU64("ml", multicastLimit);
    d.addU64("t", quint64(type));
    d.addBytes("n", utf8Truncated(name, MaxNameLength));
    d.addU64("mtu", mtu);
    if (com)
        d.addBytes("C", com->toBytes());
    if (!capabilities.isEmpty())
        d.addBytes("CAP", writeAll(capabilities, MaxCapabilities));
    if (!tags.isEmpty())
        d.addBytes("TAG", writeAll(tags, MaxTags));
    if (!certificatesOfOwnership.isEmpty())
        d.addBytes("COO", writeAll(certificatesOfOwnership, MaxCertificatesOfOwnership));
    if (!specialists.isEmpty()) {
        ByteWriter w;
        for (qsizetype i = 0; i < specialists.size() && i < MaxSpecialists; ++i)
            w.u64(specialists[i]);
        d.addBytes("S", w.data());
    }
    if (!routes.isEmpty())
        d.addBytes("RT", encodeRoutes(routes));
    if (!staticIps.isEmpty())
        d.addBytes("I", encodeStaticIps(staticIps));
    if (!rules.isEmpty())
        d.addBytes("R", encodeRules(rules.mid(0, Rule::MaxBaseRules)));
    d.addBytes("DNS", encodeDns(dns));
    d.addU64("ssov", ssoVersion);
    d.addBool("ssoe", ssoEnabled);
    if (ssoVersion == 0) {
        if (ssoEnabled) {
            if (!authenticationUrl.isEmpty())
                d.addString("aurl", authenticationUrl);
            d.addI64("aexpt", authenticationExpiryTime);
        }
    } else if (ssoVersion == 1) {
        d.addString("iurl", issuerUrl);
        d.addString("ssoce", centralEndpoint);
        d.addString("sson", ssoNonce);
        d.addString("ssos", ssoState);
        d.addString("ssocid", ssoClientId);
        d.addString("ssop", ssoProvider);
    }
    return d;
}

Result<QByteArray> NetworkConfig::toBytes() const
{
    QByteArray bytes = toDictionary().toBytes();
    if (bytes.size() >= Dictionary::NetworkConfigCapacity)
        return makeError(ErrorCode::TooLarge, QStringLiteral("network config of %1 bytes exceeds the node limit of %2")
                                                  .arg(bytes.size())
                                                  .arg(Dictionary::NetworkConfigCapacity));
    return bytes;
}

Result<NetworkConfig> NetworkConfig::fromDictionary(const Dictionary &d)
{
    NetworkConfig c;
    c.version = d.u64("v");
    if (c.version < MinimumVersion)
        return makeError(ErrorCode::Unsupported,
                         QStringLiteral("config format version %1 (6 or later needed)").arg(c.version));
    c.networkId = d.u64("nwid");
    if (c.networkId == 0)
        return makeError(ErrorCode::Malformed, QStringLiteral("config key 'nwid' missing or zero"));
    c.timestamp = d.i64("ts");
    c.credentialTimeMaxDelta = d.u64("ctmd");
    c.revision = d.u64("r");
    c.issuedTo = d.address("id");
    if (c.issuedTo.isNull())
        return makeError(ErrorCode::Malformed, QStringLiteral("config key 'id' missing or zero"));
    c.remoteTraceTarget = d.address("tt");
    c.remoteTraceLevel = d.u64("tl");
    c.flags = d.u64("f");
    c.multicastLimit = d.u64("ml");
    c.type = d.u64("t") == 1 ? Type::Public : Type::Private;
    c.name = QString::fromUtf8(d.bytes("n").left(MaxNameLength));
    c.mtu = d.u64("mtu", DefaultMtu);

    if (const auto blob = d.value("C")) {
        auto com = CertificateOfMembership::fromBytes(*blob);
        if (!com)
            return keyError("C", com.error());
        c.com = std::move(com).value();
    }
    if (const auto blob = d.value("CAP")) {
        auto caps = readAll<Capability>(*blob, MaxCapabilities, "CAP");
        if (!caps)
            return caps.error();
        c.capabilities = std::move(caps).value();
    }
    if (const auto blob = d.value("TAG")) {
        auto tags = readAll<Tag>(*blob, MaxTags, "TAG");
        if (!tags)
            return tags.error();
        c.tags = std::move(tags).value();
    }
    if (const auto blob = d.value("COO")) {
        auto coos = readAll<CertificateOfOwnership>(*blob, MaxCertificatesOfOwnership, "COO");
        if (!coos)
            return coos.error();
        c.certificatesOfOwnership = std::move(coos).value();
    }
    if (const auto blob = d.value("S")) {
        if (blob->size() % 8 != 0 || blob->size() / 8 > MaxSpecialists)
            return makeError(ErrorCode::Malformed, QStringLiteral("config key 'S': %1 bytes is not a list of at most "
                                                                  "256 64-bit entries")
                                                       .arg(blob->size()));
        ByteReader r(*blob);
        while (!r.atEnd())
            c.specialists.append(r.u64());
    }
    if (const auto blob = d.value("RT")) {
        auto routes = decodeRoutes(*blob);
        if (!routes)
            return keyError("RT", routes.error());
        c.routes = std::move(routes).value();
    }
    if (const auto blob = d.value("I")) {
        auto ips = decodeStaticIps(*blob);
        if (!ips)
            return keyError("I", ips.error());
        c.staticIps = std::move(ips).value();
    }
    if (const auto blob = d.value("R")) {
        auto rules = decodeRules(*blob);
        if (!rules)
            return keyError("R", rules.error());
        c.rules = std::move(rules).value();
    }
    if (const auto blob = d.value("DNS")) {
        auto dns = decodeDns(*blob);
        if (!dns)
            return keyError("DNS", dns.error());
        c.dns = std::move(dns).value();
    }
    c.ssoVersion = d.u64("ssov");
    c.ssoEnabled = d.boolean("ssoe");
    c.authenticationUrl = d.string("aurl");
    c.authenticationExpiryTime = d.i64("aexpt");
    c.issuerUrl = d.string("iurl");
    c.centralEndpoint = d.string("ssoce");
    c.ssoNonce = d.string("sson");
    c.ssoState = d.string("ssos");
    c.ssoClientId = d.string("ssocid");
    c.ssoProvider = d.string("ssop");
    return c;
}

Result<NetworkConfig> NetworkConfig::fromBytes(QByteArrayView bytes)
{
    auto dict = Dictionary::parse(bytes, Dictionary::NetworkConfigCapacity);
    if (!dict)
        return dict.error();
    return fromDictionary(*dict);
}

bool operator==(const NetworkConfig &a, const NetworkConfig &b)
{
    return a.version == b.version && a.networkId == b.networkId && a.timestamp == b.timestamp &&
           a.credentialTimeMaxDelta == b.credentialTimeMaxDelta && a.revision == b.revision &&
           a.issuedTo == b.issuedTo && a.remoteTraceTarget == b.remoteTraceTarget &&
           a.remoteTraceLevel == b.remoteTraceLevel && a.flags == b.flags && a.multicastLimit == b.multicastLimit &&
           a.type == b.type && a.name == b.name && a.mtu == b.mtu && a.com == b.com &&
           a.capabilities == b.capabilities && a.tags == b.tags &&
           a.certificatesOfOwnership == b.certificatesOfOwnership && a.specialists == b.specialists &&
           a.routes == b.routes && a.staticIps == b.staticIps && a.rules == b.rules && a.dns == b.dns &&
           a.ssoVersion == b.ssoVersion && a.ssoEnabled == b.ssoEnabled && a.authenticationUrl == b.authenticationUrl &&
           a.authenticationExpiryTime == b.authenticationExpiryTime && a.issuerUrl == b.issuerUrl &&
           a.centralEndpoint == b.centralEndpoint && a.ssoNonce == b.ssoNonce && a.ssoState == b.ssoState &&
           a.ssoClientId == b.ssoClientId && a.ssoProvider == b.ssoProvider;
}

} // namespace tier
