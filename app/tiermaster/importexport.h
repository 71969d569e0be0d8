// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "commandline.h"

namespace tier {

/// Runs `--import PATH [--dry-run]` or `--export DIR` (INTERFACE.md) and returns the process exit
/// code: 0 done, 1 refused or failed (the reason on stderr; nothing written). The report goes to stdout.
int runImportExport(const LaunchOptions &options);

} // namespace tier
