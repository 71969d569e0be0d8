// SPDX-License-Identifier: GPL-3.0-or-later
#include "world.h"

#include "core/crypto/signing.h"

#include <cstddef>

namespace tier {

namespace resources {
// Generated from resources/planet/planet by resources/planet/embed.cmake.
extern const unsigned char defaultPlanetData[];
extern const std::size_t defaultPlanetSize;
} // namespace resources

namespace {

constexpr char SignPrefixByte = 0x7f;
constexpr char SignSuffixByte = char(0xf7);
constexpr int SignWrapLength = 8;

Error worldError(ErrorCode code, const QString &what)
{
    return makeError(code, QStringLiteral("world: ") + what);
}

bool knownType(quint8 type)
{
    return type == quint8(World::Type::Planet) || type == quint8(World::Type::Moon);
}

} // namespace

Result<World> World::read(ByteReader &reader)
{
    World world;
    const quint8 type = reader.u8();
    world.m_id = reader.u64();
    world.m_timestamp = reader.u64();
    world.m_updateKey = reader.bytes(UpdateKeyLength).toByteArray();
    world.m_signature = reader.bytes(SignatureLength).toByteArray();
    const quint8 rootCount = reader.u8();
    if (!reader.ok())
        return worldError(ErrorCode::Truncated, QStringLiteral("header truncated"));
    if (!knownType(type))
        return worldError(ErrorCode::Unsupported, QStringLiteral("unknown world type %1").arg(type));
    world.m_type = Type(type);
    if (rootCount > MaxRoots)
        return worldError(ErrorCode::TooLarge, QStringLiteral("%1 roots (at most %2)").arg(rootCount).arg(MaxRoots));

    for (int i = 0; i < rootCount; ++i) {
        auto identity = Identity::fromBinary(reader);
        if (!identity.ok())
            return worldError(identity.error().code, QStringLiteral("root %1: ").arg(i) + identity.error().message);
        if (identity->hasSecret())
            return worldError(ErrorCode::Malformed, QStringLiteral("root %1 carries a secret key").arg(i));
        Root root;
        root.identity = std::move(identity).value();
        const quint8 endpointCount = reader.u8();
        if (!reader.ok())
            return worldError(ErrorCode::Truncated, QStringLiteral("root %1 endpoint count truncated").arg(i));
        if (endpointCount > MaxEndpointsPerRoot)
            return worldError(ErrorCode::TooLarge,
                              QStringLiteral("root %1 has %2 endpoints").arg(i).arg(endpointCount));
        root.stableEndpoints.reserve(endpointCount);
        for (int e = 0; e < endpointCount; ++e) {
            auto endpoint = InetAddress::read(reader);
            if (!endpoint.ok())
                return worldError(endpoint.error().code,
                                  QStringLiteral("root %1 endpoint %2: ").arg(i).arg(e) + endpoint.error().message);
            root.stableEndpoints.append(endpoint.value());
        }
        world.m_roots.append(std::move(root));
    }

    if (world.m_type == Type::Moon) {
        const quint16 dictionaryLength = reader.u16();
        world.m_dictionary = reader.bytes(dictionaryLength).toByteArray();
        if (!reader.ok())
            return worldError(ErrorCode::Truncated, QStringLiteral("moon dictionary truncated"));
    }
    return world;
}

Result<World> World::fromBytes(QByteArrayView data)
{
    if (data.size() > MaxSerializedLength)
        return worldError(ErrorCode::TooLarge, QStringLiteral("%1 bytes").arg(data.size()));
    ByteReader reader(data);
    auto world = read(reader);
    if (world.ok() && !reader.atEnd())
        return worldError(ErrorCode::Malformed, QStringLiteral("%1 bytes after the world").arg(reader.remaining()));
    return world;
}

Result<World> World::create(Type type, quint64 id, quint64 timestamp, QByteArrayView updatesMustBeSignedBy,
                            const QList<Root> &roots, QByteArrayView signingSecret64, QByteArrayView moonDictionary)
{
    if (!knownType(quint8(type)))
        return worldError(ErrorCode::Unsupported, QStringLiteral("world type must be planet or moon"));
    if (updatesMustBeSignedBy.size() != UpdateKeyLength)
        return worldError(ErrorCode::Malformed, QStringLiteral("update key must be 64 bytes"));
    if (signingSecret64.size() != crypto::C25519SecretKeyLength)
        return worldError(ErrorCode::Malformed, QStringLiteral("signing secret must be 64 bytes"));
    if (roots.size() > MaxRoots)
        return worldError(ErrorCode::TooLarge, QStringLiteral("at most %1 roots").arg(MaxRoots));
    if (type != Type::Moon && !moonDictionary.isEmpty())
        return worldError(ErrorCode::Malformed, QStringLiteral("only moons carry a dictionary"));
    if (moonDictionary.size() > 0xffff)
        return worldError(ErrorCode::TooLarge, QStringLiteral("moon dictionary too long"));
    World world;
    world.m_type = type;
    world.m_id = id;
    world.m_timestamp = timestamp;
    world.m_updateKey = updatesMustBeSignedBy.toByteArray();
    world.m_dictionary = moonDictionary.toByteArray();
    for (const Root &root : roots) {
        if (root.identity.isNull())
            return worldError(ErrorCode::Malformed, QStringLiteral("root without identity"));
        if (root.stableEndpoints.size() > MaxEndpointsPerRoot)
            return worldError(ErrorCode::TooLarge,
                              QStringLiteral("at most %1 endpoints per root").arg(MaxEndpointsPerRoot));
        world.m_roots.append(Root{root.identity.publicOnly(), root.stableEndpoints});
    }
    world.m_signature = crypto::sign(signingSecret64, world.signingMessage());
    if (world.m_signature.size() != SignatureLength)
        return worldError(ErrorCode::Malformed, QStringLiteral("signing failed"));
    return world;
}

const World &World::defaultPlanet()
{
    // The data is ours and tested; a parse failure here would be a build defect, so fall back to null.
    static const World planet = [] {
        auto parsed = fromBytes(defaultPlanetBytes());
        return parsed.ok() ? parsed.value() : World();
    }();
    return planet;
}

QByteArrayView World::defaultPlanetBytes()
{
    return QByteArrayView(reinterpret_cast<const char *>(resources::defaultPlanetData),
                          qsizetype(resources::defaultPlanetSize));
}

QString World::idString() const
{
    return QStringLiteral("%1").arg(m_id, 16, 16, QLatin1Char('0'));
}

void World::writeBody(ByteWriter &writer, bool forSigning) const
{
    writer.u8(quint8(m_type)).u64(m_id).u64(m_timestamp).bytes(m_updateKey);
    if (!forSigning)
        writer.bytes(m_signature);
    writer.u8(quint8(m_roots.size()));
    for (const Root &root : m_roots) {
        writer.bytes(root.identity.toBinary(false));
        writer.u8(quint8(root.stableEndpoints.size()));
        for (const InetAddress &endpoint : root.stableEndpoints)
            endpoint.write(writer);
    }
    if (m_type == Type::Moon)
        writer.u16(quint16(m_dictionary.size())).bytes(m_dictionary);
}

void World::write(ByteWriter &writer) const
{
    if (!isNull())
        writeBody(writer, false);
}

QByteArray World::toBytes() const
{
    ByteWriter writer;
    write(writer);
    return std::move(writer).data();
}

QByteArray World::signingMessage() const
{
    if (isNull())
        return {};
    ByteWriter writer;
    writer.bytes(QByteArray(SignWrapLength, SignPrefixByte));
    writeBody(writer, true);
    writer.bytes(QByteArray(SignWrapLength, SignSuffixByte));
    return std::move(writer).data();
}

bool World::verifySignature() const
{
    return isSignedBy(m_updateKey);
}

bool World::isSignedBy(QByteArrayView publicKey64) const
{
    return !isNull() && crypto::verify(publicKey64, signingMessage(), m_signature);
}

bool World::acceptsUpdate(const World &update) const
{
    if (update.isNull())
        return false;
    if (isNull())
        return update.verifySignature();
    return update.m_type == m_type && update.m_id == m_id && update.m_timestamp > m_timestamp &&
           update.isSignedBy(m_updateKey);
}

bool World::rootsValidate() const
{
    for (const Root &root : m_roots)
        if (!root.identity.locallyValidate())
            return false;
    return true;
}

} // namespace tier
