// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/flowrules/compiledrules.h"

namespace tier::flowrules {

QString RuleEntry::type() const
{
    return fields.isEmpty() ? QString() : fields.front().second.toString();
}

QJsonObject RuleEntry::toJson() const
{
    QJsonObject o;
    for (const auto &[key, value] : fields)
        o.insert(key, value);
    return o;
}

QString CompileError::toString() const
{
    return QStringLiteral("line %1 column %2: %3").arg(line).arg(column).arg(message);
}

namespace {

QJsonArray entriesJson(const QList<RuleEntry> &entries)
{
    QJsonArray array;
    for (const RuleEntry &e : entries)
        array.append(e.toJson());
    return array;
}

QJsonValue optionalNumber(const std::optional<qint64> &value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

/// A JSON writer that keeps key order and indents like JSON.stringify(value, null, 1).
class OrderedWriter final
{
public:
    QByteArray take() { return std::move(m_out); }

    void beginObject() { open('{'); }
    void endObject() { close('}'); }
    void beginArray() { open('['); }
    void endArray() { close(']'); }
    void key(const QString &name)
    {
        element();
        string(name);
        m_out += ": ";
        m_pendingValueAfterKey = true;
    }
    void value(const QJsonValue &v)
    {
        element();
        switch (v.type()) {
        case QJsonValue::Null:
            m_out += "null";
            break;
        case QJsonValue::Bool:
            m_out += v.toBool() ? "true" : "false";
            break;
        case QJsonValue::Double:
            m_out += QByteArray::number(qint64(v.toDouble()));
            break;
        case QJsonValue::String:
            string(v.toString());
            break;
        default:
            m_out += "null";
            break;
        }
    }

private:
    void element()
    {
        if (m_pendingValueAfterKey) {
            m_pendingValueAfterKey = false;
            return;
        }
        if (!m_counts.isEmpty()) {
            if (m_counts.back() > 0)
                m_out += ',';
            m_out += '\n';
            m_out += QByteArray(m_counts.size(), ' ');
            ++m_counts.back();
        }
    }
    void open(char c)
    {
        element();
        m_out += c;
        m_counts.append(0);
    }
    void close(char c)
    {
        const int count = m_counts.takeLast();
        if (count > 0) {
            m_out += '\n';
            m_out += QByteArray(m_counts.size(), ' ');
        }
        m_out += c;
    }
    void string(const QString &s)
    {
        QString escaped;
        escaped.reserve(s.size() + 2);
        for (const QChar ch : s) {
            switch (ch.unicode()) {
            case u'"':
                escaped += u"\\\"";
                break;
            case u'\\':
                escaped += u"\\\\";
                break;
            case u'\b':
                escaped += u"\\b";
                break;
            case u'\f':
                escaped += u"\\f";
                break;
            case u'\n':
                escaped += u"\\n";
                break;
            case u'\r':
                escaped += u"\\r";
                break;
            case u'\t':
                escaped += u"\\t";
                break;
            default:
                if (ch.unicode() < 0x20)
                    escaped += QStringLiteral("\\u%1").arg(ch.unicode(), 4, 16, QLatin1Char('0'));
                else
                    escaped += ch;
            }
        }
        m_out += '"';
        m_out += escaped.toUtf8();
        m_out += '"';
    }

    QByteArray m_out;
    QList<int> m_counts;
    bool m_pendingValueAfterKey = false;
};

void writeEntries(OrderedWriter &w, const QList<RuleEntry> &entries)
{
    w.beginArray();
    for (const RuleEntry &e : entries) {
        w.beginObject();
        for (const auto &[key, value] : e.fields) {
            w.key(key);
            w.value(value);
        }
        w.endObject();
    }
    w.endArray();
}

/// Keys in first-definition order with the last definition's value, as a JavaScript object has them.
template<typename T, typename F>
QList<QPair<QString, const T *>> byName(const QList<T> &items, F name)
{
    QList<QPair<QString, const T *>> out;
    for (const T &item : items) {
        bool replaced = false;
        for (auto &entry : out) {
            if (entry.first == name(item)) {
                entry.second = &item;
                replaced = true;
            }
        }
        if (!replaced)
            out.append({name(item), &item});
    }
    return out;
}

void writeNamedValues(OrderedWriter &w, const QList<QPair<QString, qint64>> &values)
{
    w.beginObject();
    for (const auto &[name, v] : values) {
        w.key(name);
        w.value(QJsonValue(v));
    }
    w.endObject();
}

} // namespace

QJsonArray CompiledRules::rulesJson() const
{
    return entriesJson(rules);
}

QJsonArray CompiledRules::capabilitiesJson() const
{
    QJsonArray array;
    for (const CapabilityDefinition &c : capabilities) {
        array.append(QJsonObject{{QStringLiteral("id"), c.id},
                                 {QStringLiteral("default"), c.isDefault},
                                 {QStringLiteral("rules"), entriesJson(c.rules)}});
    }
    return array;
}

QJsonArray CompiledRules::tagsJson() const
{
    QJsonArray array;
    for (const TagDefinition &t : tags)
        array.append(QJsonObject{{QStringLiteral("id"), t.id}, {QStringLiteral("default"), optionalNumber(t.defaultValue)}});
    return array;
}

QByteArray CompiledRules::toCliJson() const
{
    OrderedWriter w;
    w.beginObject();
    w.key(QStringLiteral("config"));
    w.beginObject();
    w.key(QStringLiteral("rules"));
    writeEntries(w, rules);
    w.key(QStringLiteral("capabilities"));
    w.beginArray();
    for (const CapabilityDefinition &c : capabilities) {
        w.beginObject();
        w.key(QStringLiteral("id"));
        w.value(QJsonValue(c.id));
        w.key(QStringLiteral("default"));
        w.value(c.isDefault);
        w.key(QStringLiteral("rules"));
        writeEntries(w, c.rules);
        w.endObject();
    }
    w.endArray();
    w.key(QStringLiteral("tags"));
    w.beginArray();
    for (const TagDefinition &t : tags) {
        w.beginObject();
        w.key(QStringLiteral("id"));
        w.value(QJsonValue(t.id));
        w.key(QStringLiteral("default"));
        w.value(optionalNumber(t.defaultValue));
        w.endObject();
    }
    w.endArray();
    w.endObject();
    w.key(QStringLiteral("capabilitiesByName"));
    w.beginObject();
    for (const auto &[name, cap] : byName(capabilities, [](const CapabilityDefinition &c) { return c.name; })) {
        w.key(name);
        w.value(QJsonValue(cap->id));
    }
    w.endObject();
    w.key(QStringLiteral("tagsByName"));
    w.beginObject();
    for (const auto &[name, tag] : byName(tags, [](const TagDefinition &t) { return t.name; })) {
        w.key(name);
        w.beginObject();
        w.key(QStringLiteral("id"));
        w.value(QJsonValue(tag->id));
        w.key(QStringLiteral("default"));
        w.value(optionalNumber(tag->defaultValue));
        w.key(QStringLiteral("enums"));
        writeNamedValues(w, tag->enums);
        w.key(QStringLiteral("flags"));
        writeNamedValues(w, tag->flags);
        w.endObject();
    }
    w.endObject();
    w.endObject();
    QByteArray out = w.take();
    out += '\n';
    return out;
}

} // namespace tier::flowrules
