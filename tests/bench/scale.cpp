// SPDX-License-Identifier: GPL-3.0-or-later
#include "sections.h"

namespace tier::bench {

void runScale(const BenchOptions &, BenchReport &report, const QString &)
{
    report.section(QStringLiteral("Scale"));
}

} // namespace tier::bench
