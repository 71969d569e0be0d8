// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/service/ownworldmaker.h"

#include "core/crypto/primitives.h"
#include "core/crypto/signing.h"
#include "core/store/database.h"
#include "core/store/ownworldrepository.h"

#include <QFileDevice>
#include <QHostAddress>
#include <QSaveFile>
#include <QSet>

#include <algorithm>

namespace tier {

namespace {

Error endpointError(const QString &text, const QString &why)
{
    return makeError(ErrorCode::Malformed, QStringLiteral("endpoint \"%1\": %2").arg(text, why));
}

quint64 freshPlanetId()
{
    // Any ID but the public planet's (members would treat it as an update of that one) and 0.
    for (;;) {
        const quint64 id = crypto::randomU64();
        if (id != 0 && id != World::DefaultPlanetId)
            return id;
    }
}

} // namespace

Result<QList<InetAddress>> OwnWorldMaker::parseEndpoints(const QStringList &texts)
{
    QList<InetAddress> out;
    QSet<InetAddress> seen;
    for (const QString &raw : texts) {
        const QString text = raw.trimmed();
        if (!text.contains(u'/'))
            return endpointError(text, QStringLiteral("give IP/PORT, e.g. 203.0.113.5/9993 or 2001:db8::5/9993"));
        const auto address = InetAddress::fromString(text);
        if (!address || address->isNull())
            return endpointError(text, QStringLiteral("not an IPv4 or IPv6 address with a port (IP/PORT)"));
        bool portOk = false;
        const uint port = text.section(u'/', -1).toUInt(&portOk);
        if (!portOk || port < 1 || port > 65535 || address->port() == 0)
            return endpointError(text, QStringLiteral("the port must be 1 to 65535"));
        const QHostAddress host(address->toIpString());
        if (host.isNull() || host == QHostAddress::AnyIPv4 || host == QHostAddress::AnyIPv6 || host.isMulticast() ||
            host.isBroadcast())
            return endpointError(text, QStringLiteral("members cannot reach a root there"));
        if (seen.contains(*address))
            return endpointError(text, QStringLiteral("given twice"));
        seen.insert(*address);
        out.append(*address);
    }
    if (out.isEmpty())
        return makeError(ErrorCode::Malformed,
                         QStringLiteral("a root needs at least one endpoint members can reach (IP/PORT)"));
    if (out.size() > World::MaxEndpointsPerRoot)
        return makeError(ErrorCode::TooLarge,
                         QStringLiteral("at most %1 endpoints per root").arg(World::MaxEndpointsPerRoot));
    return out;
}

Result<World> OwnWorldMaker::make(Database &database, const Identity &self, World::Type type,
                                  const QList<InetAddress> &endpoints, qint64 nowMs,
                                  const std::optional<QList<World::Root>> &otherRoots)
{
    if (type != World::Type::Planet && type != World::Type::Moon)
        return makeError(ErrorCode::Malformed, QStringLiteral("only planets and moons can be made"));
    if (self.isNull())
        return makeError(ErrorCode::InvalidIdentity, QStringLiteral("no controller identity"));
    if (endpoints.isEmpty() || endpoints.size() > World::MaxEndpointsPerRoot)
        return makeError(ErrorCode::Malformed,
                         QStringLiteral("a root needs 1 to %1 endpoints").arg(World::MaxEndpointsPerRoot));

    OwnWorldRepository repository(database);
    auto stored = repository.load(type);
    if (!stored)
        return stored.error();

    OwnWorldRecord record;
    QList<World::Root> roots{World::Root{self.publicOnly(), endpoints}};
    quint64 timestamp = quint64(std::max<qint64>(nowMs, 1));
    if (stored->has_value()) {
        record = std::move(*stored).value();
        // Members replace their copy only with a newer one: never reuse or go back in time, even
        // if the clock did.
        timestamp = std::max(timestamp, record.lastWorld.timestamp() + 1);
        if (!otherRoots) {
            for (const World::Root &root : record.lastWorld.roots())
                if (root.identity.address() != self.address())
                    roots.append(root);
        }
    } else {
        const crypto::C25519KeyPair key = crypto::generateKeyPair();
        record.type = type;
        record.worldId = type == World::Type::Moon ? self.address().toInt() : freshPlanetId();
        record.updateKeyPublic = key.publicKey;
        record.updateKeySecret = key.secretKey;
    }
    if (otherRoots) {
        for (const World::Root &root : *otherRoots) {
            if (root.identity.address() == self.address())
                return makeError(ErrorCode::Malformed, QStringLiteral("this controller is already the first root"));
            roots.append(root);
        }
    }
    if (roots.size() > World::MaxRoots)
        return makeError(ErrorCode::TooLarge, QStringLiteral("at most %1 roots").arg(World::MaxRoots));

    auto world = World::create(type, record.worldId, timestamp, record.updateKeyPublic, roots, record.updateKeySecret);
    if (!world)
        return world.error();
    record.lastWorld = *world;
    if (Status saved = repository.save(record, nowMs); !saved)
        return saved.error();
    return world;
}

Result<World> OwnWorldMaker::current(Database &database, World::Type type)
{
    OwnWorldRepository repository(database);
    auto stored = repository.load(type);
    if (!stored)
        return stored.error();
    return stored->has_value() ? (*stored)->lastWorld : World();
}

Status OwnWorldMaker::writeFile(const World &world, const QString &path)
{
    const QByteArray bytes = world.toBytes();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        return makeError(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup |
                        QFileDevice::ReadOther);
    if (!file.commit())
        return makeError(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    return Ok{};
}

} // namespace tier
