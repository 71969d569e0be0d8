// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/address.h"
#include "core/base/result.h"

#include <QString>

namespace tier {

/// What Exporter::exportDatabase() wrote.
struct ExportSummary
{
    QString folder;
    Address controller;
    int networkCount = 0;
    int memberCount = 0;
};

/// Export of a Tiermaster controller.db to zerotier-one's home layout (docs/protocol/controller-logic.md §8.3):
/// `identity.secret` (0600), `identity.public`, `controller.d/network/<nwid>.json` and
/// `controller.d/network/<nwid>/member/<address>.json`, in ControllerJson's stored form (the same mapping the
/// HTTP API and the import use), so an export followed by an import gives back the same controller.
class Exporter final
{
public:
    /// Opens databasePath read-only (safe while an engine runs: WAL) and writes the layout into folder, which
    /// must not exist or be empty. The files are written into a temporary folder beside it that is renamed into
    /// place at the end: a failure leaves nothing behind.
    static Result<ExportSummary> exportDatabase(const QString &databasePath, const QString &folder);
};

} // namespace tier
