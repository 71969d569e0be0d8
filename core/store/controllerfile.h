// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/result.h"

#include <QString>

namespace tier {

/// What a Tiermaster SQLite database file holds, read from outside the engine without leaving
/// anything behind (SqliteSnapshot::Mode::Quiet): for deciding whether an import may replace it.
struct ControllerFileSummary
{
    qint64 networkCount = 0;
    QString controllerAddress; ///< empty while it holds no identity
};

class ControllerFile final
{
public:
    /// Error if path cannot be read as a Tiermaster database.
    static Result<ControllerFileSummary> summarize(const QString &path);
    /// Whether the SQLite file at path holds a Tiermaster schema (false for anything else,
    /// including files that are not SQLite databases).
    static bool holdsTiermasterSchema(const QString &path);
};

} // namespace tier
