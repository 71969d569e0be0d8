// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/flowrules/compiledrules.h"

#include <QCoreApplication>
#include <QStringList>

namespace tier {

/// Compiled flow rules in words, for the rules editor's preview: one line per rule with named
/// ethertypes, protocols, characteristics and tag values ("1. drop if not ethertype IPv4 and …"),
/// then the capabilities and tags.
class RulesDescription final
{
    Q_DECLARE_TR_FUNCTIONS(RulesDescription)

public:
    static QStringList describe(const flowrules::CompiledRules &rules);
    /// One rule set (base rules or a capability's), numbered from 1.
    static QStringList describeRules(const QList<flowrules::RuleEntry> &entries,
                                     const QList<flowrules::TagDefinition> &tags);
    static QString etherTypeName(qint64 etherType);
    static QString protocolName(qint64 protocol);
    static QString characteristicsText(const QString &hexMask);
};

} // namespace tier
