// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace tier {

/// Colours a flow-rules program the way the compiler reads it: comments (`#` at the start of a word),
/// actions, definitions, match keywords, not/and/or, numbers, named values and `$parameters`.
class RulesSyntaxHighlighter final : public QSyntaxHighlighter
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RulesSyntaxHighlighter)

public:
    enum class Kind { Plain, Comment, Action, Definition, Match, Logic, Number, Value, Parameter };

    explicit RulesSyntaxHighlighter(QTextDocument *parent);

    /// How a word is coloured (for tests and the legend).
    static Kind classify(const QString &word);

protected:
    void highlightBlock(const QString &text) override;

private:
    QTextCharFormat format(Kind kind) const;
};

} // namespace tier
