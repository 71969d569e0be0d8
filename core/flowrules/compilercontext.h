// SPDX-License-Identifier: GPL-3.0-or-later
// Internal to the flow-rules compiler: the state shared by its definition, rule and match passes.
#pragma once

#include "core/flowrules/compiledrules.h"
#include "core/flowrules/sourcetree.h"

#include <QHash>
#include <QString>

#include <cmath>
#include <optional>
#include <vector>

namespace tier::flowrules::detail {

/// Thrown inside the compiler only; compileRules() turns it into a CompileError.
struct Failure final
{
    CompileError error;
};

[[noreturn]] void fail(const Word &at, const QString &message);

struct MacroDefinition final
{
    QStringList parameters; ///< "$name", lowercased
    const std::vector<Node> *body = nullptr;
    std::size_t bodyStart = 0; ///< index of the first rule element in *body
};

using Parameters = QHash<QString, QString>;

struct Context final
{
    QList<TagDefinition> tags;
    QHash<QString, MacroDefinition> macros;

    const TagDefinition *tagByName(const QString &name) const;
};

int hexDigitValue(QChar ch); ///< -1 if not a hex digit
/// JavaScript-style lenient integer: decimal digits after an optional sign, or `0x` and hex digits
/// (`0x` alone is 0); whatever follows the digits is ignored. NaN when no digit starts the text.
double lenientInteger(const QString &text);
/// lenientInteger() when it lies in 0…4294967295.
std::optional<qint64> unsignedValue(const QString &text);
/// A reserved word (match keyword, action, directive, not/and/or) cannot be a match argument.
bool isReservedWord(const QString &word);

/// Compiles the matches of one rule, args[from…], appending match entries to out.
void compileMatches(const Context &context, const std::vector<Node> &args, std::size_t from,
                    const Parameters &parameters, QList<RuleEntry> &out);

} // namespace tier::flowrules::detail
