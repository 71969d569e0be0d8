// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/rulessyntaxhighlighter.h"

#include <QFont>
#include <QRegularExpression>

namespace tier {

RulesSyntaxHighlighter::RulesSyntaxHighlighter(QTextDocument *parent) : QSyntaxHighlighter(parent) {}

RulesSyntaxHighlighter::Kind RulesSyntaxHighlighter::classify(const QString &word)
{
    static const QStringList actions = {QStringLiteral("drop"),  QStringLiteral("accept"),   QStringLiteral("tee"),
                                        QStringLiteral("watch"), QStringLiteral("redirect"), QStringLiteral("break")};
    static const QStringList definitions = {QStringLiteral("tag"),     QStringLiteral("cap"),  QStringLiteral("macro"),
                                            QStringLiteral("include"), QStringLiteral("id"),   QStringLiteral("enum"),
                                            QStringLiteral("flag"),    QStringLiteral("default")};
    static const QStringList matches = {
        QStringLiteral("ztsrc"),  QStringLiteral("ztdest"),  QStringLiteral("vlan"),      QStringLiteral("vlanpcp"),
        QStringLiteral("vlandei"), QStringLiteral("ethertype"), QStringLiteral("macsrc"),  QStringLiteral("macdest"),
        QStringLiteral("ipsrc"),  QStringLiteral("ipdest"),  QStringLiteral("iptos"),     QStringLiteral("ipprotocol"),
        QStringLiteral("icmp"),   QStringLiteral("sport"),   QStringLiteral("dport"),     QStringLiteral("chr"),
        QStringLiteral("framesize"), QStringLiteral("random"), QStringLiteral("tand"),    QStringLiteral("tor"),
        QStringLiteral("txor"),   QStringLiteral("tdiff"),   QStringLiteral("teq"),       QStringLiteral("tseq"),
        QStringLiteral("treq")};
    static const QStringList logic = {QStringLiteral("not"), QStringLiteral("and"), QStringLiteral("or")};
    static const QRegularExpression value(QStringLiteral(
        "^(ipv4|arp|wol|rarp|ipv6|atalk|aarp|ipx_a|ipx_b|icmp4|icmpv4|igmp|ipip|tcp|egp|igp|udp|rdp|esp|ah|icmp6|"
        "icmpv6|l2tp|sctp|udplite|inbound|multicast|broadcast|ipauth|macauth|tcp_[a-z0-9]+)(,|$)"));
    const QString lower = word.toLower();
    if (actions.contains(lower))
        return Kind::Action;
    if (definitions.contains(lower))
        return Kind::Definition;
    if (matches.contains(lower))
        return Kind::Match;
    if (logic.contains(lower))
        return Kind::Logic;
    if (word.startsWith(u'$'))
        return Kind::Parameter;
    if (!word.isEmpty() && word.at(0).isDigit())
        return Kind::Number;
    if (value.match(word).hasMatch())
        return Kind::Value;
    return Kind::Plain;
}

QTextCharFormat RulesSyntaxHighlighter::format(Kind kind) const
{
    QTextCharFormat f;
    switch (kind) {
    case Kind::Comment:
        f.setForeground(QColor(0x6a, 0x73, 0x7d));
        f.setFontItalic(true);
        break;
    case Kind::Action:
        f.setForeground(QColor(0x1f, 0x5f, 0xbf));
        f.setFontWeight(QFont::Bold);
        break;
    case Kind::Definition:
        f.setForeground(QColor(0x8e, 0x44, 0xad));
        f.setFontWeight(QFont::Bold);
        break;
    case Kind::Match:
        f.setForeground(QColor(0x1e, 0x84, 0x49));
        break;
    case Kind::Logic:
        f.setForeground(QColor(0xd3, 0x54, 0x00));
        f.setFontWeight(QFont::Bold);
        break;
    case Kind::Number:
        f.setForeground(QColor(0xa0, 0x40, 0x00));
        break;
    case Kind::Value:
        f.setForeground(QColor(0x00, 0x7c, 0x89));
        break;
    case Kind::Parameter:
        f.setForeground(QColor(0xb0, 0x30, 0x60));
        break;
    case Kind::Plain:
        break;
    }
    return f;
}

void RulesSyntaxHighlighter::highlightBlock(const QString &text)
{
    qsizetype i = 0;
    while (i < text.size()) {
        while (i < text.size() && (text.at(i) == u' ' || text.at(i) == u'\t' || text.at(i) == u'\r'))
            ++i;
        if (i >= text.size())
            break;
        if (text.at(i) == u'#') {
            setFormat(int(i), int(text.size() - i), format(Kind::Comment));
            return;
        }
        const qsizetype start = i;
        while (i < text.size() && text.at(i) != u' ' && text.at(i) != u'\t' && text.at(i) != u'\r')
            ++i;
        QString word = text.mid(start, i - start);
        if (word.endsWith(u';'))
            word.chop(1);
        setFormat(int(start), int(word.size()), format(classify(word)));
    }
}

} // namespace tier
