// SPDX-License-Identifier: GPL-3.0-or-later
#include "benchreport.h"

#include <QJsonArray>

#include <cmath>
#include <cstdio>

namespace tier::bench {

void BenchReport::section(const QString &title)
{
    m_section = title;
    if (m_printAsYouGo) {
        std::printf("\n== %s\n", qPrintable(title));
        std::fflush(stdout);
    }
}

void BenchReport::add(const QString &key, const QString &label, const QVariant &value, const QString &unit,
                      const QString &limitLabel, const QVariant &limit)
{
    m_figures.append(Figure{m_section, key, label, value, unit, limitLabel, limit});
    if (m_printAsYouGo) {
        std::printf("%s\n", qPrintable(line(m_figures.constLast())));
        std::fflush(stdout);
    }
}

void BenchReport::note(const QString &text)
{
    m_notes.append(text);
    if (m_printAsYouGo) {
        std::printf("   (%s)\n", qPrintable(text));
        std::fflush(stdout);
    }
}

QVariant BenchReport::value(const QString &key) const
{
    for (const Figure &f : m_figures) {
        if (f.key == key)
            return f.value;
    }
    return {};
}

QString BenchReport::format(const QVariant &v)
{
    if (!v.isValid())
        return QStringLiteral("—");
    if (v.typeId() == QMetaType::Double || v.typeId() == QMetaType::Float) {
        const double d = v.toDouble();
        if (std::isnan(d))
            return QStringLiteral("n/a");
        const double a = std::fabs(d);
        const int decimals = a >= 1000 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
        return QString::number(d, 'f', decimals);
    }
    return v.toString();
}

QString BenchReport::line(const Figure &f) const
{
    QString text = QStringLiteral("  %1 %2 %3").arg(f.label, -44).arg(format(f.value), 12).arg(f.unit, -10);
    if (!f.limitLabel.isEmpty())
        text += QStringLiteral(" | %1 %2").arg(f.limitLabel, -34).arg(format(f.limit), 10);
    while (text.endsWith(u' '))
        text.chop(1);
    return text;
}

QString BenchReport::table() const
{
    QString out;
    QString current;
    for (const Figure &f : m_figures) {
        if (f.section != current) {
            current = f.section;
            out += QStringLiteral("\n== %1\n").arg(current);
        }
        out += line(f) + u'\n';
    }
    for (const QString &n : m_notes)
        out += QStringLiteral("note: %1\n").arg(n);
    return out;
}

QJsonObject BenchReport::json() const
{
    QJsonObject o = m_info;
    QJsonArray list;
    for (const Figure &f : m_figures) {
        QJsonValue v = QJsonValue::fromVariant(f.value);
        if (v.isDouble() && !std::isfinite(v.toDouble()))
            v = QJsonValue(); // NaN has no JSON form: null
        o.insert(f.key, v);
        QJsonObject entry{{QStringLiteral("key"), f.key},
                          {QStringLiteral("section"), f.section},
                          {QStringLiteral("label"), f.label},
                          {QStringLiteral("unit"), f.unit}};
        if (!f.limitLabel.isEmpty()) {
            entry.insert(QStringLiteral("limit_label"), f.limitLabel);
            entry.insert(QStringLiteral("limit"), QJsonValue::fromVariant(f.limit));
        }
        list.append(entry);
    }
    o.insert(QStringLiteral("figures"), list);
    o.insert(QStringLiteral("notes"), QJsonArray::fromStringList(m_notes));
    return o;
}

} // namespace tier::bench
