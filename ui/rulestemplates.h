// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace tier {

/// Ready-made flow-rules programs the editor offers as starting points.
struct RulesTemplate final
{
    QString title;
    QString source;
};

class RulesTemplates final
{
    Q_DECLARE_TR_FUNCTIONS(RulesTemplates)

public:
    static QList<RulesTemplate> all();
};

} // namespace tier
