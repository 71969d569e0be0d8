// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/flowrules/sourcetree.h"

namespace tier::flowrules {

bool isBlockKeyword(const QString &word)
{
    static const QString keywords[] = {
        QStringLiteral("drop"),     QStringLiteral("accept"), QStringLiteral("tee"),
        QStringLiteral("watch"),    QStringLiteral("redirect"), QStringLiteral("break"),
        QStringLiteral("priority"), QStringLiteral("tag"),    QStringLiteral("cap"),
        QStringLiteral("macro"),
    };
    for (const QString &k : keywords) {
        if (word == k)
            return true;
    }
    return false;
}

namespace {

class TreeBuilder final
{
public:
    TreeBuilder() { m_stack.emplace_back(); }

    void addWord(Word word)
    {
        const bool endsBlock = word.text.endsWith(u';');
        if (endsBlock)
            word.text.chop(1);
        const bool keyword = isBlockKeyword(word.text);
        const Word position = word;
        if (!word.text.isEmpty())
            m_stack.back().push_back(Node{false, std::move(word), {}});
        if (endsBlock && m_stack.size() > 1 && !m_stack.back().empty()) {
            closeTop();
        } else if (keyword) {
            m_stack.emplace_back();
            m_openers.push_back(position);
        }
    }

    std::vector<Node> finish()
    {
        // What the reference keeps of blocks left open at the end: the innermost one joins its
        // parent; anything further out is lost (so an unclosed definition loses its name).
        if (m_stack.size() > 1)
            closeTop();
        return std::move(m_stack.front());
    }

private:
    void closeTop()
    {
        Node block{true, m_openers.back(), std::move(m_stack.back())};
        m_stack.pop_back();
        m_openers.pop_back();
        m_stack.back().push_back(std::move(block));
    }

    std::vector<std::vector<Node>> m_stack;
    std::vector<Word> m_openers;
};

} // namespace

std::vector<Node> parseSourceTree(const QString &source)
{
    TreeBuilder builder;
    Word current;
    bool inComment = false;
    int line = 1;
    int lineIndex = 0;
    auto flush = [&] {
        if (!current.text.isEmpty())
            builder.addWord(std::move(current));
        current = Word{};
    };
    for (qsizetype i = 0; i < source.size(); ++i, ++lineIndex) {
        const QChar ch = source.at(i);
        if (inComment) {
            // A comment ends at CR or LF, and either counts as a line end there.
            if (ch == u'\r' || ch == u'\n') {
                inComment = false;
                ++line;
                lineIndex = 0;
            }
        } else if (ch == u' ' || ch == u'\t' || ch == u'\r' || ch == u'\n') {
            if (ch == u'\n') {
                ++line;
                lineIndex = 0;
            }
            flush();
        } else if (ch == u'#' && current.text.isEmpty()) {
            inComment = true;
        } else {
            if (current.text.isEmpty()) {
                current.line = line;
                current.column = lineIndex;
            }
            current.text.append(ch);
        }
    }
    flush();
    return builder.finish();
}

} // namespace tier::flowrules
