// SPDX-License-Identifier: GPL-3.0-or-later
#include "importexport.h"

#include <cstdio>

namespace tier {

int runImportExport(const LaunchOptions &options)
{
    const char *what = options.importPath.isEmpty() ? "--export" : "--import";
    std::fprintf(stderr, "tiermaster: %s is not implemented yet in this version of Tiermaster\n", what);
    return 2;
}

} // namespace tier
