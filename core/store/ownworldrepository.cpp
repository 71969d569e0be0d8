// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/ownworldrepository.h"

#include "core/store/database.h"

#include <QSqlQuery>
#include <QVariant>

namespace tier {

namespace {

QString idText(quint64 id)
{
    return QStringLiteral("%1").arg(id, 16, 16, QLatin1Char('0'));
}

QString typeName(World::Type type)
{
    return type == World::Type::Moon ? QStringLiteral("moon") : QStringLiteral("planet");
}

} // namespace

OwnWorldRepository::OwnWorldRepository(Database &database) : m_database(database) {}

Result<std::optional<OwnWorldRecord>> OwnWorldRepository::load(World::Type type)
{
    auto query = m_database.exec(QStringLiteral("SELECT world_id, update_key_public, update_key_secret, last_world,"
                                                " created_at, updated_at FROM own_worlds WHERE world_type = ?"),
                                 {int(type)}, QStringLiteral("reading this controller's %1").arg(typeName(type)));
    if (!query)
        return query.error();
    if (!query->next())
        return std::optional<OwnWorldRecord>();
    const auto damaged = [&](const QString &why) {
        return makeError(ErrorCode::Malformed,
                         QStringLiteral("the %1 stored in the database is damaged: %2").arg(typeName(type), why));
    };
    OwnWorldRecord record;
    record.type = type;
    bool idOk = false;
    record.worldId = query->value(0).toString().toULongLong(&idOk, 16);
    record.updateKeyPublic = QByteArray::fromHex(query->value(1).toString().toLatin1());
    record.updateKeySecret = QByteArray::fromHex(query->value(2).toString().toLatin1());
    record.createdAt = query->value(4).toLongLong();
    record.updatedAt = query->value(5).toLongLong();
    if (!idOk || record.updateKeyPublic.size() != World::UpdateKeyLength ||
        record.updateKeySecret.size() != World::UpdateKeyLength)
        return damaged(QStringLiteral("world ID or update key"));
    auto world = World::fromBytes(query->value(3).toByteArray());
    if (!world)
        return damaged(world.error().message);
    if (world->type() != type || world->id() != record.worldId ||
        world->updatesMustBeSignedBy() != record.updateKeyPublic || !world->verifySignature())
        return damaged(QStringLiteral("the last version does not match its key"));
    record.lastWorld = std::move(world).value();
    return std::optional<OwnWorldRecord>(std::move(record));
}

Status OwnWorldRepository::save(const OwnWorldRecord &record, qint64 nowMs)
{
    const World &world = record.lastWorld;
    if (record.type != World::Type::Planet && record.type != World::Type::Moon)
        return makeError(ErrorCode::Malformed, QStringLiteral("only planets and moons are stored"));
    if (world.type() != record.type || world.id() != record.worldId ||
        record.updateKeyPublic.size() != World::UpdateKeyLength ||
        record.updateKeySecret.size() != World::UpdateKeyLength ||
        world.updatesMustBeSignedBy() != record.updateKeyPublic || !world.isSignedBy(record.updateKeyPublic))
        return makeError(ErrorCode::Malformed,
                         QStringLiteral("the %1 is not signed by its own update key").arg(typeName(record.type)));
    return m_database.transaction([&]() -> Status {
        auto existing = load(record.type);
        if (!existing)
            return existing.error();
        if (existing->has_value()) {
            const OwnWorldRecord &stored = **existing;
            if (stored.worldId != record.worldId || stored.updateKeyPublic != record.updateKeyPublic)
                return makeError(ErrorCode::Conflict,
                                 QStringLiteral("this controller already has %1 %2 with another key")
                                     .arg(typeName(record.type), idText(stored.worldId)));
            if (!stored.lastWorld.acceptsUpdate(world))
                return makeError(ErrorCode::Conflict,
                                 QStringLiteral("the new %1 is not newer than the stored one (timestamp %2)")
                                     .arg(typeName(record.type))
                                     .arg(stored.lastWorld.timestamp()));
            auto updated = m_database.exec(
                QStringLiteral("UPDATE own_worlds SET last_world = ?, updated_at = ? WHERE world_type = ?"),
                {world.toBytes(), nowMs, int(record.type)},
                QStringLiteral("storing the new %1").arg(typeName(record.type)));
            if (!updated)
                return updated.error();
            return Ok{};
        }
        auto inserted = m_database.exec(
            QStringLiteral("INSERT INTO own_worlds (world_type, world_id, update_key_public, update_key_secret,"
                           " last_world, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
            {int(record.type), idText(record.worldId), QString::fromLatin1(record.updateKeyPublic.toHex()),
             QString::fromLatin1(record.updateKeySecret.toHex()), world.toBytes(), nowMs, nowMs},
            QStringLiteral("storing the %1").arg(typeName(record.type)));
        if (!inserted)
            return inserted.error();
        return Ok{};
    });
}

} // namespace tier
