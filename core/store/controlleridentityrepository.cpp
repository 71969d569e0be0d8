// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/controlleridentityrepository.h"

#include "core/store/database.h"

#include <QSqlQuery>
#include <QVariant>

namespace tier {

ControllerIdentityRepository::ControllerIdentityRepository(Database &database) : m_database(database) {}

Result<std::optional<Identity>> ControllerIdentityRepository::load()
{
    auto query =
        m_database.exec(QStringLiteral("SELECT address, identity_secret FROM controller_identity WHERE id = 1"), {},
                        QStringLiteral("reading the controller identity"));
    if (!query)
        return query.error();
    if (!query->next())
        return std::optional<Identity>();
    const QString address = query->value(0).toString();
    Result<Identity> identity = Identity::fromString(query->value(1).toString());
    if (!identity || !identity->hasSecret() || identity->address().toString() != address)
        return makeError(
            ErrorCode::Malformed,
            QStringLiteral("the controller identity stored in the database is damaged (address %1)").arg(address));
    return std::optional<Identity>(std::move(identity).value());
}

Status ControllerIdentityRepository::save(const Identity &identity, qint64 nowMs)
{
    if (identity.isNull() || !identity.hasSecret())
        return makeError(ErrorCode::InvalidIdentity, QStringLiteral("the controller identity needs its secret key"));
    return m_database.transaction([&]() -> Status {
        auto existing = m_database.exec(QStringLiteral("SELECT address FROM controller_identity WHERE id = 1"));
        if (!existing)
            return existing.error();
        if (existing->next())
            return makeError(ErrorCode::Conflict, QStringLiteral("this database already has a controller identity (%1)")
                                                      .arg(existing->value(0).toString()));
        existing->finish();
        auto inserted = m_database.exec(
            QStringLiteral("INSERT INTO controller_identity (id, address, identity_secret, identity_public, created_at)"
                           " VALUES (1, ?, ?, ?, ?)"),
            {identity.address().toString(), identity.toString(true), identity.toString(false), nowMs},
            QStringLiteral("storing the controller identity"));
        if (!inserted)
            return inserted.error();
        return Ok{};
    });
}

Result<Identity> ControllerIdentityRepository::loadOrCreate(qint64 nowMs, bool *created)
{
    if (created)
        *created = false;
    auto stored = load();
    if (!stored)
        return stored.error();
    if (stored->has_value())
        return std::move(*stored).value();
    Identity identity = Identity::generate();
    if (identity.isNull() || !identity.hasSecret())
        return makeError(ErrorCode::InvalidIdentity, QStringLiteral("generating the controller identity failed"));
    if (Status saved = save(identity, nowMs); !saved)
        return saved.error();
    if (created)
        *created = true;
    return identity;
}

} // namespace tier
