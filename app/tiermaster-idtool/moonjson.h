// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/result.h"
#include "core/crypto/identity.h"
#include "core/protocol/world.h"

#include <QByteArray>
#include <QJsonObject>

namespace tier::idtool {

/// The moon/planet description zerotier-idtool's initmoon prints and genmoon reads (docs/protocol/world.md §7).
class MoonJson final
{
public:
    /// A fresh description for a moon seeded by identity: one root, no endpoints, a new signing key.
    static QJsonObject initial(const Identity &seed);
    /// JSON text as zerotier-idtool prints it: keys in alphabetical order, one-space indentation.
    static QByteArray format(const QJsonObject &object);
    /// Builds and signs the world a description asks for (roots and endpoints sorted, given
    /// timestamp). Errors name the offending field.
    static Result<World> build(const QJsonObject &object, quint64 timestamp);
};

} // namespace tier::idtool
