// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/rulessourceeditor.h"

#include "ui/rulesdescription.h"
#include "ui/rulessyntaxhighlighter.h"
#include "ui/rulestemplates.h"

#include <QCoreApplication>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPointer>
#include <QSplitter>
#include <QTextBlock>
#include <QThreadPool>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace tier {

namespace {

// Compiling takes well under a millisecond for ordinary programs; sources larger than this (about a
// thousand lines) are compiled on a worker thread so typing never waits (docs/performance.md).
constexpr qsizetype WorkerThreshold = 16 * 1024;

} // namespace

RulesSourceEditor::RulesSourceEditor(QWidget *parent) : QWidget(parent)
{
    m_editor = new QPlainTextEdit(this);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    m_editor->setFont(mono);
    m_editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_editor->setTabStopDistance(4 * QFontMetricsF(mono).horizontalAdvance(u' '));
    m_editor->setPlaceholderText(tr("Rules in ZeroTier's rules language, e.g.\n"
                                    "drop not ethertype ipv4 and not ethertype arp;\naccept;"));
    m_highlighter = new RulesSyntaxHighlighter(m_editor->document());

    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_noSourceNote = new QLabel(tr("These rules were set without a source (through the API or an import); "
                                   "they are shown as JSON. Start a source from a template to edit them here."),
                                this);
    m_noSourceNote->setWordWrap(true);
    m_noSourceNote->hide();

    m_templates = new QToolButton(this);
    m_templates->setText(tr("Start from a template"));
    m_templates->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(m_templates);
    const QList<RulesTemplate> templates = RulesTemplates::all();
    for (int i = 0; i < templates.size(); ++i) {
        menu->addAction(templates.at(i).title, this, [this, i] {
            if (!m_editor->toPlainText().trimmed().isEmpty()
                && QMessageBox::question(this, tr("Replace the rules?"),
                                         tr("The template replaces the source in the editor.")) != QMessageBox::Yes)
                return;
            applyTemplate(i);
        });
    }
    m_templates->setMenu(menu);

    m_preview = new QListWidget(this);
    m_preview->setWordWrap(true);
    m_preview->setAlternatingRowColors(true);

    auto *top = new QWidget(this);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(m_noSourceNote);
    topLayout->addWidget(m_editor, 1);
    topLayout->addWidget(m_status);
    auto *bottom = new QWidget(this);
    auto *bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    bottomLayout->addWidget(new QLabel(tr("What the rules do:"), bottom));
    bottomLayout->addWidget(m_preview, 1);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(top);
    splitter->addWidget(bottom);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_templates, 0, Qt::AlignLeft);
    layout->addWidget(splitter, 1);

    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(120);
    connect(m_debounce, &QTimer::timeout, this, &RulesSourceEditor::startCompile);
    connect(m_editor, &QPlainTextEdit::textChanged, this, &RulesSourceEditor::scheduleCompile);
    compileNow();
}

RulesSourceEditor::~RulesSourceEditor()
{
    ++m_generation; // results still on their way are for nobody
}

void RulesSourceEditor::setSource(const QString &source)
{
    m_editor->setPlainText(source);
    m_debounce->stop();
    compileNow();
}

QString RulesSourceEditor::source() const
{
    return m_editor->toPlainText();
}

void RulesSourceEditor::setNoSourceNoteVisible(bool visible)
{
    m_noSourceNote->setVisible(visible);
}

void RulesSourceEditor::applyTemplate(int index)
{
    const QList<RulesTemplate> templates = RulesTemplates::all();
    if (index < 0 || index >= templates.size())
        return;
    setSource(templates.at(index).source);
    setNoSourceNoteVisible(false);
}

flowrules::CompileResult RulesSourceEditor::compileNow()
{
    flowrules::CompileResult result = flowrules::compileRules(m_editor->toPlainText());
    show(result, ++m_generation);
    return result;
}

void RulesSourceEditor::scheduleCompile()
{
    m_debounce->start();
}

void RulesSourceEditor::startCompile()
{
    const QString text = m_editor->toPlainText();
    const quint64 generation = ++m_generation;
    if (text.size() < WorkerThreshold) {
        show(flowrules::compileRules(text), generation);
        return;
    }
    m_status->setText(tr("Checking…"));
    QPointer<RulesSourceEditor> self(this);
    QThreadPool::globalInstance()->start([self, text, generation] {
        flowrules::CompileResult result = flowrules::compileRules(text);
        QMetaObject::invokeMethod(
            QCoreApplication::instance(), [self, result = std::move(result), generation] {
                if (self)
                    self->show(result, generation);
            },
            Qt::QueuedConnection);
    });
}

std::optional<std::pair<int, int>> RulesSourceEditor::rangeOf(int line, int column) const
{
    // The compiler's lines are the editor's blocks; its columns start at 0 on line 1, at 1 after.
    const QTextBlock block = m_editor->document()->findBlockByNumber(line - 1);
    if (!block.isValid())
        return std::nullopt;
    const QString text = block.text();
    int start = line == 1 ? column : column - 1;
    start = std::clamp(start, 0, int(text.size()));
    int end = start;
    while (end < text.size() && text.at(end) != u' ' && text.at(end) != u'\t')
        ++end;
    if (end == start && start > 0)
        --start; // an error at the end of a line: mark the last character
    return std::make_pair(block.position() + start, std::max(1, end - start));
}

void RulesSourceEditor::show(const flowrules::CompileResult &result, quint64 generation)
{
    if (generation != m_generation)
        return; // an older text's result
    m_last = result;
    m_preview->clear();
    QList<QTextEdit::ExtraSelection> marks;
    if (result.ok()) {
        m_errorRange.reset();
        const auto &r = result.rules();
        m_status->setStyleSheet(QString());
        m_status->setText(m_editor->toPlainText().trimmed().isEmpty()
                              ? tr("No source.")
                              : tr("Compiles: %n rule entries, ", nullptr, int(r.rules.size()))
                                    + tr("%n capabilities, ", nullptr, int(r.capabilities.size()))
                                    + tr("%n tags.", nullptr, int(r.tags.size())));
        if (!m_editor->toPlainText().trimmed().isEmpty())
            m_preview->addItems(RulesDescription::describe(r));
    } else {
        const flowrules::CompileError &e = result.error();
        m_status->setStyleSheet(QStringLiteral("color: #c0392b;"));
        m_status->setText(tr("Line %1, column %2: %3").arg(e.line).arg(e.column).arg(e.message));
        m_errorRange = rangeOf(e.line, e.column);
        if (m_errorRange) {
            QTextEdit::ExtraSelection mark;
            mark.cursor = QTextCursor(m_editor->document());
            mark.cursor.setPosition(m_errorRange->first);
            mark.cursor.setPosition(m_errorRange->first + m_errorRange->second, QTextCursor::KeepAnchor);
            mark.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
            mark.format.setUnderlineColor(QColor(0xc0, 0x39, 0x2b));
            mark.format.setBackground(QColor(0xfd, 0xed, 0xec));
            mark.format.setToolTip(e.message);
            marks << mark;
        }
    }
    m_editor->setExtraSelections(marks);
    emit compiled();
}

} // namespace tier
