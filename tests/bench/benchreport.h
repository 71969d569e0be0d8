// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QVariant>

namespace tier::bench {

/// The figures of one run, in the order they were measured: printed as a table (each figure beside
/// the limit it is measured against) or as one flat JSON object keyed by `key`.
class BenchReport final
{
public:
    struct Figure
    {
        QString section;
        QString key;   ///< JSON key (snake_case)
        QString label; ///< table text
        QVariant value;
        QString unit;
        QString limitLabel; ///< what the figure is measured against (empty: nothing)
        QVariant limit;
    };

    explicit BenchReport(bool printAsYouGo) : m_printAsYouGo(printAsYouGo) {}

    void section(const QString &title);
    void add(const QString &key, const QString &label, const QVariant &value, const QString &unit = {},
             const QString &limitLabel = {}, const QVariant &limit = {});
    void note(const QString &text); ///< a line in the table, "notes" in JSON
    void setInfo(const QString &key, const QVariant &value) { m_info.insert(key, QJsonValue::fromVariant(value)); }

    const QList<Figure> &figures() const { return m_figures; }
    QVariant value(const QString &key) const;
    QString table() const;
    QJsonObject json() const;

private:
    static QString format(const QVariant &v);
    QString line(const Figure &f) const;

    bool m_printAsYouGo;
    QString m_section;
    QList<Figure> m_figures;
    QStringList m_notes;
    QJsonObject m_info;
};

} // namespace tier::bench
