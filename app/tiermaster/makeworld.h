// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "commandline.h"

namespace tier {

/// --make-planet / --make-moon: makes the next version of this controller's world, stores it and
/// its update key in the database, writes the file. Returns the process exit code.
int runMakeWorld(const LaunchOptions &options);

} // namespace tier
