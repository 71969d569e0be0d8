// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/controller/configbuilder.h"

#include "core/controller/addressallocator.h"
#include "core/controller/networkvalidation.h"
#include "core/controller/storedjson.h"
#include "core/protocol/configchunk.h"
#include "core/protocol/dictionary.h"
#include "core/protocol/rules.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>

namespace tier {

using memberfields::toU32;

ConfigBuilder::ConfigBuilder(ControllerState &state, const Identity &controller, const std::function<quint64()> &random)
    : m_state(state), m_controller(controller), m_random(random)
{}

Result<QList<QByteArray>> ConfigBuilder::build(const NetworkState &net, MemberRow &member,
                                               const Identity &memberIdentity, const RequestMetadata &metadata,
                                               bool isNewMember, qint64 at)
{
    const bool rulesEngine = metadata.rulesEngineRevision >= 1;
    if (!isNewMember) {
        if (std::optional<QByteArray> again = encodedAgain(net, member, rulesEngine, at))
            return toChunks(net, *again);
    }
    const MemberRow entering = member;
    NetworkConfig c = networkFields(net, member, at);

    // What the member's credentials are made of; signed (or re-used) together once its addresses are known.
    IssuedCredentials credentials;
    credentials.networkRevision = net.revision;
    credentials.memberRevision = member.revision;
    credentials.credentialTimeMaxDelta = c.credentialTimeMaxDelta;
    // A deauthorization revoked everything of this member stamped up to and including its time: what is
    // issued after a re-authorization in the same millisecond must be newer than that.
    credentials.issuedAt = std::max(at, member.lastDeauthorizedTime + 1);

    addRulesAndGrants(net, member, metadata, isNewMember, c, credentials);

    c.routes = net.settings.routes.mid(0, NetworkConfig::MaxRoutes);
    const ipassignment::Output out = addressallocator::assign(net, member, c.routes, m_random);
    c.staticIps = out.staticIps.mid(0, NetworkConfig::MaxStaticIps);
    if (out.ndpEmulation)
        c.flags |= NetworkConfig::FlagIpv6NdpEmulation;
    credentials.staticIps = c.staticIps;
    c.dns = net.settings.dns;

    if (!issueCredentials(net, member, memberIdentity, credentials, at))
        return makeError(ErrorCode::BadSignature, QStringLiteral("could not sign the member's credentials"));
    c.com = credentials.com;
    if (credentials.coo)
        c.certificatesOfOwnership.append(*credentials.coo);
    c.capabilities = credentials.capabilities;
    c.tags = credentials.tags;
    Result<QByteArray> bytes = c.toBytes();
    if (!bytes)
        return bytes.error();
    // Only a config that follows from the two revisions alone can be handed out again: not one that
    // changed the record (defaults, addresses) or searched a pool (that depends on the other members).
    if (!isNewMember && !out.searchedPools && member == entering)
        rememberEncoded(net, member, *bytes, rulesEngine);
    return toChunks(net, *bytes);
}

std::optional<QByteArray> ConfigBuilder::encodedAgain(const NetworkState &net, const MemberRow &member,
                                                      bool rulesEngine, qint64 at)
{
    const auto it = m_state.issued.constFind(MemberKey(net.id, member.address.toInt()));
    if (it == m_state.issued.constEnd() || !it->encoded || it->networkRevision != net.revision ||
        it->memberRevision != member.revision || !it->youngAt(at))
        return std::nullopt;
    const IssuedCredentials::EncodedConfig &e = *it->encoded;
    if (e.rulesEngine != rulesEngine || e.bridges != activeBridges(net))
        return std::nullopt;
    QByteArray dictionary = e.dictionary;
    Dictionary::rewriteU64(dictionary, e.timestampAt, quint64(at));
    ++m_state.counters.credentialsReused;
    ++m_state.counters.configsReused;
    return dictionary;
}

void ConfigBuilder::rememberEncoded(const NetworkState &net, const MemberRow &member, const QByteArray &dictionary,
                                    bool rulesEngine)
{
    const auto it = m_state.issued.find(MemberKey(net.id, member.address.toInt()));
    if (it == m_state.issued.end())
        return;
    const qsizetype timestampAt = Dictionary::u64ValueOffset(dictionary, "ts");
    if (timestampAt < 0)
        return;
    it->encoded = IssuedCredentials::EncodedConfig{dictionary, timestampAt, rulesEngine, activeBridges(net)};
}

const QList<Address> &ConfigBuilder::activeBridges(const NetworkState &net)
{
    if (!net.bridges) {
        QList<Address> bridges;
        net.members.forEachBrief([&](const MemberBrief &m) {
            if (m.activeBridge)
                bridges.append(m.address);
        });
        std::sort(bridges.begin(), bridges.end()); // ascending address, as the reference sorts
        net.bridges = std::move(bridges);
    }
    return *net.bridges;
}

NetworkConfig ConfigBuilder::networkFields(const NetworkState &net, const MemberRow &member, qint64 at) const
{
    const NetworkSettings &s = net.settings;
    NetworkConfig c;
    c.networkId = net.id;
    c.timestamp = at;
    const qint64 window =
        s.certificateTimeoutWindow > 0 ? s.certificateTimeoutWindow : NetworkController::DefaultCredentialWindowMs;
    c.credentialTimeMaxDelta =
        quint64(std::clamp(window, NetworkController::MinCredentialWindowMs, NetworkController::MaxCredentialWindowMs));
    c.revision = net.revision;
    c.issuedTo = member.address;
    c.type = s.isPrivate ? NetworkConfig::Type::Private : NetworkConfig::Type::Public;
    c.name = s.name;
    c.mtu = quint64(std::clamp(s.mtu, NetworkValidator::MinMtu, NetworkValidator::MaxMtu));
    c.multicastLimit = quint64(s.multicastLimit);
    c.flags = s.enableBroadcast ? NetworkConfig::FlagEnableBroadcast : 0;

    for (Address bridge : activeBridges(net)) {
        if (c.specialists.size() >= NetworkConfig::MaxSpecialists)
            break;
        c.specialists.append(NetworkConfig::specialist(bridge, NetworkConfig::SpecialistActiveBridge));
    }
    return c;
}

void ConfigBuilder::addRulesAndGrants(const NetworkState &net, MemberRow &member, const RequestMetadata &metadata,
                                      bool isNewMember, NetworkConfig &c, IssuedCredentials &credentials) const
{
    const NetworkSettings &s = net.settings;
    // Rules, capabilities and tags (§4): only for nodes with a rules engine.
    if (metadata.rulesEngineRevision < 1) {
        c.rules = {Rule::action(RuleType::ActionAccept)};
        return;
    }
    c.rules = rulesFromJsonLenient(parseJsonArrayText(s.rulesJson).value_or(QJsonArray()));
    const QJsonArray caps = parseJsonArrayText(s.capabilitiesJson).value_or(QJsonArray());
    QList<quint32> memberCaps = memberfields::capsFromJson(member.capabilitiesJson);
    if (isNewMember) {
        for (const QJsonValue &v : caps) {
            const QJsonObject o = v.toObject();
            if (o.value(QStringLiteral("default")).toBool())
                memberCaps.append(toU32(o.value(QStringLiteral("id"))));
        }
        std::sort(memberCaps.begin(), memberCaps.end());
        memberCaps.erase(std::unique(memberCaps.begin(), memberCaps.end()), memberCaps.end());
        member.capabilitiesJson = memberfields::capsToJson(memberCaps);
    }
    for (quint32 id : memberCaps) {
        for (const QJsonValue &v : caps) {
            const QJsonObject o = v.toObject();
            if (toU32(o.value(QStringLiteral("id"))) != id)
                continue;
            if (credentials.capabilities.size() >= NetworkConfig::MaxCapabilities)
                break;
            QList<Rule> capRules =
                rulesFromJsonLenient(o.value(QStringLiteral("rules")).toArray(), Rule::MaxCapabilityRules);
            credentials.capabilityIds.append(id);
            credentials.capabilities.append(Capability(net.id, credentials.issuedAt, id, capRules, 1));
            break;
        }
    }
    QList<QPair<quint32, quint32>> memberTags = memberfields::tagsFromJson(member.tagsJson);
    bool tagsChanged = false;
    for (const QJsonValue &v : parseJsonArrayText(s.tagsJson).value_or(QJsonArray())) {
        const QJsonObject o = v.toObject();
        if (!isJsonU32(o.value(QStringLiteral("default"))))
            continue;
        const quint32 id = toU32(o.value(QStringLiteral("id")));
        const bool has =
            std::any_of(memberTags.cbegin(), memberTags.cend(), [&](const auto &t) { return t.first == id; });
        if (!has) {
            memberTags.append({id, toU32(o.value(QStringLiteral("default")))});
            tagsChanged = true;
        }
    }
    std::sort(memberTags.begin(), memberTags.end());
    if (tagsChanged)
        member.tagsJson = memberfields::tagsToJson(memberTags);
    for (const auto &t : memberTags.mid(0, NetworkConfig::MaxTags)) {
        credentials.tagValues.append(t);
        credentials.tags.append(Tag(net.id, credentials.issuedAt, t.first, t.second, member.address));
    }
}

bool ConfigBuilder::issueCredentials(const NetworkState &net, const MemberRow &member, const Identity &memberIdentity,
                                     IssuedCredentials &wanted, qint64 at)
{
    const MemberKey key(net.id, member.address.toInt());
    // `wanted` comes stamped with its issue time (never before `at`); a young enough earlier set wins.
    if (auto it = m_state.issued.constFind(key);
        it != m_state.issued.constEnd() && it->madeOf(wanted) && it->youngAt(at)) {
        wanted = *it;
        ++m_state.counters.credentialsReused;
        return true;
    }
    const qint64 stamp = wanted.issuedAt;
    wanted.com = CertificateOfMembership::create(net.id, stamp, wanted.credentialTimeMaxDelta, memberIdentity);
    bool signedAll = wanted.com.sign(m_controller);
    int signatures = 1;
    if (!wanted.staticIps.isEmpty()) {
        CertificateOfOwnership coo(net.id, stamp, member.address, 1);
        for (const InetAddress &ip : std::as_const(wanted.staticIps)) {
            if (!coo.addIp(ip))
                break;
        }
        signedAll = signedAll && coo.sign(m_controller);
        ++signatures;
        wanted.coo = coo;
    }
    // A capability or tag that cannot be signed is left out, as before; the COM and COO are required.
    QList<Capability> capabilities;
    for (Capability &cap : wanted.capabilities) {
        ++signatures;
        if (cap.sign(m_controller, member.address))
            capabilities.append(cap);
    }
    wanted.capabilities = capabilities;
    QList<Tag> tags;
    for (Tag &tag : wanted.tags) {
        ++signatures;
        if (tag.sign(m_controller))
            tags.append(tag);
    }
    wanted.tags = tags;
    m_state.counters.credentialSignatures += quint64(signatures);
    if (!signedAll) {
        m_state.issued.remove(key);
        return false;
    }
    m_state.issued.insert(key, wanted);
    return true;
}

Result<QList<QByteArray>> ConfigBuilder::toChunks(const NetworkState &net, QByteArrayView dictionary) const
{
    Result<QList<ConfigChunk>> chunks = ConfigChunk::split(net.id, dictionary, m_controller, nonZeroRandom());
    if (!chunks)
        return chunks.error();
    QList<QByteArray> out;
    for (const ConfigChunk &chunk : *chunks)
        out.append(chunk.toBytes());
    return out;
}

quint64 ConfigBuilder::nonZeroRandom() const
{
    for (;;) {
        if (const quint64 r = m_random(); r != 0)
            return r;
    }
}

} // namespace tier
