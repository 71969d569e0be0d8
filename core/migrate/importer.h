// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/result.h"
#include "core/migrate/importplan.h"

#include <QString>

namespace tier {

/// Import of another controller into a new Tiermaster controller.db (issue #6): a zerotier-one home folder
/// (`identity.secret`/`identity.public` + `controller.d/`) or a 2015–2016 SQLite `controller.db`
/// (docs/protocol/controller-logic.md §8.3, §10).
///
/// Two steps: plan() reads and checks everything and writes nothing (the dry run); build() writes a plan
/// that canImport() into a new database file. The database is made at a temporary path in the target's
/// folder, checked by loading it with NetworkController exactly as the engine does, and only then published
/// under the target name. Any failure removes the temporary file: nothing partial is ever left behind.
class Importer final
{
public:
    /// Reads `path`: a folder with `controller.d/` (zerotier-one home), a folder holding a 2015 `controller.db`,
    /// or such a file. Never fails: what cannot be read is in ImportPlan::problems.
    static ImportPlan plan(const QString &path);

    /// Writes the plan into a new database at targetPath (which must not exist; Conflict otherwise).
    static Status build(const ImportPlan &plan, const QString &targetPath);

    /// Writes the plan into a new, uniquely named database file inside folder and returns its path
    /// (for the GUI and for Backup::restore()).
    static Result<QString> buildTemporary(const ImportPlan &plan, const QString &folder);
};

} // namespace tier
