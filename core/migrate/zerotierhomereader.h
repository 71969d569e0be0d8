// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/migrate/importplan.h"

#include <QString>

namespace tier {

/// Reads a zerotier-one home folder: `identity.secret`/`identity.public` and the file backend's
/// `controller.d/network/<nwid>.json` and `controller.d/network/<nwid>/member/<address>.json`
/// (docs/protocol/controller-logic.md §8.3), through ControllerJson (the same mapping as the HTTP API). Reads only.
class ZeroTierHomeReader final
{
public:
    static constexpr qint64 MaxJsonFileSize = 16 * 1024 * 1024;

    static ImportPlan read(const QString &homeFolder);
};

} // namespace tier
