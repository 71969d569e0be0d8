// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/flowrules/compiledrules.h"

#include <QString>

#include <variant>

namespace tier::flowrules {

/// The result of compiling: the rules, or the first error in the reference compiler's order
/// (definitions first, then capabilities, then the base rule set).
class CompileResult final
{
public:
    CompileResult(CompiledRules rules) : m_data(std::move(rules)) {}
    CompileResult(CompileError error) : m_data(std::move(error)) {}

    bool ok() const { return m_data.index() == 0; }
    const CompiledRules &rules() const { return std::get<0>(m_data); }
    const CompileError &error() const { return std::get<1>(m_data); }

private:
    std::variant<CompiledRules, CompileError> m_data;
};

/// Compiles a program of ZeroTier's flow-rules language (rules, `tag`, `cap`, `macro`/`include`)
/// to what ZeroTier One 1.14's rules compiler produces for it. Pure and thread-safe.
CompileResult compileRules(const QString &source);

} // namespace tier::flowrules
