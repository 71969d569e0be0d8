// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonArray>
#include <QJsonValue>
#include <QString>

#include <optional>

namespace tier {

/// A stored JSON list column (rules, capabilities, tags, DNS servers): empty or blank text is the empty list;
/// anything that is not a JSON array is nullopt.
std::optional<QJsonArray> parseJsonArrayText(const QString &text);

/// Whether v is a JSON number that is an integer from 0 to 2^32−1. Converting an out-of-range double to an
/// integer is undefined, so callers check this first.
bool isJsonU32(const QJsonValue &v);

} // namespace tier
