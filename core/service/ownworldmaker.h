// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/result.h"
#include "core/crypto/identity.h"
#include "core/protocol/inetaddress.h"
#include "core/protocol/world.h"

#include <QList>
#include <QStringList>

#include <optional>

namespace tier {

class Database;

/// Planets and moons made by this controller (docs/protocol/world.md, issue 15). The first call for
/// a type creates the world (fresh ID for a planet, the controller's address for a moon, a new
/// world-update key kept in the database); every later call makes the next version: same ID and
/// key, a newer timestamp, signed by the stored key, so members holding the previous one accept it.
class OwnWorldMaker final
{
public:
    /// Root endpoints as the user gives them ("IP/PORT", IPv4 or IPv6): the one validator shared by
    /// the command line and the window. Refuses unparsable text, port 0, unspecified, multicast
    /// or broadcast addresses, duplicates, none at all, and more than World::MaxEndpointsPerRoot.
    static Result<QList<InetAddress>> parseEndpoints(const QStringList &texts);

    /// Makes and stores the next version of this controller's planet or moon: self is a root at
    /// endpoints. otherRoots replaces the other roots (e.g. a second instance); nullopt keeps those
    /// of the previous version. Nothing is stored on error.
    static Result<World> make(Database &database, const Identity &self, World::Type type,
                              const QList<InetAddress> &endpoints, qint64 nowMs,
                              const std::optional<QList<World::Root>> &otherRoots = std::nullopt);

    /// The newest stored version (null World if none was made).
    static Result<World> current(Database &database, World::Type type);

    /// Writes world to path atomically (0644: a world holds no secret).
    static Status writeFile(const World &world, const QString &path);
};

} // namespace tier
