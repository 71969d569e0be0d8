// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/flowrules/compilercontext.h"

#include <limits>

namespace tier::flowrules::detail {

void fail(const Word &at, const QString &message)
{
    throw Failure{CompileError{at.line, at.column, message}};
}

const TagDefinition *Context::tagByName(const QString &name) const
{
    const TagDefinition *found = nullptr;
    for (const TagDefinition &t : tags) {
        if (t.name == name)
            found = &t; // a later definition of the same name wins, as in a JavaScript object
    }
    return found;
}

int hexDigitValue(QChar ch)
{
    const char16_t u = ch.unicode();
    if (u >= u'0' && u <= u'9')
        return u - u'0';
    if (u >= u'a' && u <= u'f')
        return u - u'a' + 10;
    if (u >= u'A' && u <= u'F')
        return u - u'A' + 10;
    return -1;
}

double lenientInteger(const QString &text)
{
    if (text.startsWith(QLatin1String("0x"))) {
        double value = 0;
        for (qsizetype i = 2; i < text.size(); ++i) {
            const int digit = hexDigitValue(text.at(i));
            if (digit < 0)
                break;
            value = value * 16 + digit;
        }
        return value;
    }
    qsizetype i = 0;
    double sign = 1;
    if (i < text.size() && (text.at(i) == u'-' || text.at(i) == u'+')) {
        sign = text.at(i) == u'-' ? -1 : 1;
        ++i;
    }
    const qsizetype digitsStart = i;
    double value = 0;
    while (i < text.size() && text.at(i) >= u'0' && text.at(i) <= u'9') {
        value = value * 10 + (text.at(i).unicode() - u'0');
        ++i;
    }
    if (i == digitsStart)
        return std::numeric_limits<double>::quiet_NaN();
    return sign * value;
}

std::optional<qint64> unsignedValue(const QString &text)
{
    const double v = lenientInteger(text);
    if (std::isnan(v) || v < 0 || v > 4294967295.0)
        return std::nullopt;
    return qint64(v);
}

bool isReservedWord(const QString &word)
{
    static const QStringList reserved = {
        QStringLiteral("drop"),      QStringLiteral("accept"),   QStringLiteral("tee"),
        QStringLiteral("watch"),     QStringLiteral("redirect"), QStringLiteral("break"),
        QStringLiteral("priority"),  QStringLiteral("tag"),      QStringLiteral("cap"),
        QStringLiteral("macro"),     QStringLiteral("include"),  QStringLiteral("not"),
        QStringLiteral("and"),       QStringLiteral("or"),       QStringLiteral("ztsrc"),
        QStringLiteral("ztdest"),    QStringLiteral("vlan"),     QStringLiteral("vlanpcp"),
        QStringLiteral("vlandei"),   QStringLiteral("ethertype"), QStringLiteral("macsrc"),
        QStringLiteral("macdest"),   QStringLiteral("ipsrc"),    QStringLiteral("ipdest"),
        QStringLiteral("iptos"),     QStringLiteral("ipprotocol"), QStringLiteral("icmp"),
        QStringLiteral("sport"),     QStringLiteral("dport"),    QStringLiteral("chr"),
        QStringLiteral("framesize"), QStringLiteral("random"),   QStringLiteral("tand"),
        QStringLiteral("tor"),       QStringLiteral("txor"),     QStringLiteral("tdiff"),
        QStringLiteral("teq"),       QStringLiteral("tseq"),     QStringLiteral("treq"),
    };
    return reserved.contains(word.toLower());
}

} // namespace tier::flowrules::detail
