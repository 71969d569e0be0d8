// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/flowrules/compiler.h"

#include <QWidget>

#include <optional>

class QLabel;
class QListWidget;
class QPlainTextEdit;
class QTimer;
class QToolButton;

namespace tier {

class RulesSyntaxHighlighter;

/// The flow-rules source editor of Network Settings → Rules: a highlighted code editor compiled as
/// one types (errors underlined at the reference compiler's line and column, large programs compiled
/// on a worker thread), a readable preview of the compiled rules, and ready-made templates.
class RulesSourceEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RulesSourceEditor)

public:
    explicit RulesSourceEditor(QWidget *parent = nullptr);
    ~RulesSourceEditor() override;

    void setSource(const QString &source);
    QString source() const;
    /// Compiles the current text now (on this thread) and shows the outcome.
    flowrules::CompileResult compileNow();
    /// The outcome last shown (nullopt before the first compile).
    const std::optional<flowrules::CompileResult> &lastResult() const { return m_last; }
    /// The text range underlined as the error (start, length), or nullopt.
    std::optional<std::pair<int, int>> errorRange() const { return m_errorRange; }
    /// Replaces the source with the template at index (RulesTemplates::all()).
    void applyTemplate(int index);

    QPlainTextEdit *editor() const { return m_editor; }
    QListWidget *preview() const { return m_preview; }
    QLabel *status() const { return m_status; }
    QToolButton *templatesButton() const { return m_templates; }
    QLabel *noSourceNote() const { return m_noSourceNote; }
    /// Shows the note that the stored rules have no source (set by the API or an import).
    void setNoSourceNoteVisible(bool visible);

signals:
    /// Emitted after each compile that the editor shows.
    void compiled();

private:
    void scheduleCompile();
    void startCompile();
    void show(const flowrules::CompileResult &result, quint64 generation);
    std::optional<std::pair<int, int>> rangeOf(int line, int column) const;

    QPlainTextEdit *m_editor = nullptr;
    RulesSyntaxHighlighter *m_highlighter = nullptr;
    QListWidget *m_preview = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_noSourceNote = nullptr;
    QToolButton *m_templates = nullptr;
    QTimer *m_debounce = nullptr;
    quint64 m_generation = 0;
    std::optional<flowrules::CompileResult> m_last;
    std::optional<std::pair<int, int>> m_errorRange;
};

} // namespace tier
