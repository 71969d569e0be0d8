// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/result.h"

#include <QList>
#include <QString>

#include <optional>

namespace tier {

/// One `key=value` line of a config file (INTERFACE.md "System service").
struct ConfigEntry
{
    QString key;   ///< long flag name without dashes: port, api, database, planet, data-dir, moon, no-api, …
    QString value; ///< trimmed; for switches "true"/"false" and their spellings
    int line = 0;  ///< 1-based, for messages
};

/// The `--config FILE` reader: INI lines `key = value` whose keys are the long flags that set up a run
/// (data-dir, port, planet, moon, api, no-api, database, open-root). `#` and `;` start comments,
/// `[section]` headers are ignored, a key with an empty value is as if absent (so a commented template can
/// be filled in line by line), `moon` may appear more than once. Actions (import, export, make-planet, …)
/// and --headless are command-line only. Any other key, a line that is not `key = value`, a switch that is not a yes/no
/// value or a single-value key given twice is an error naming the file and line.
class ConfigFile final
{
public:
    static Result<QList<ConfigEntry>> read(const QString &path);
    /// true for the switches (no-api, open-root), false for keys that take a value.
    static bool isSwitch(const QString &key);
    /// "true"/"yes"/"on"/"1" → true, "false"/"no"/"off"/"0" → false.
    static std::optional<bool> switchValue(const QString &value);
};

} // namespace tier
