// SPDX-License-Identifier: GPL-3.0-or-later
#include "dictionary.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>

namespace tier {

namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool isCSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// The reference reads integers with strtoull/strtoll in base 16, so values written by other
// implementations (short forms, a 0x prefix, stray text after the digits) read the same way here.
struct HexParse
{
    quint64 magnitude = 0;
    bool negative = false;
    bool overflow = false;
};

HexParse parseCHex(QByteArrayView text)
{
    HexParse r;
    qsizetype i = 0;
    while (i < text.size() && isCSpace(text[i]))
        ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
        r.negative = text[i] == '-';
        ++i;
    }
    if (i + 2 < text.size() && text[i] == '0' && (text[i + 1] == 'x' || text[i + 1] == 'X') &&
        hexValue(text[i + 2]) >= 0)
        i += 2;
    for (; i < text.size(); ++i) {
        const int d = hexValue(text[i]);
        if (d < 0)
            break;
        if (r.magnitude > (std::numeric_limits<quint64>::max() >> 4))
            r.overflow = true;
        r.magnitude = (r.magnitude << 4) | quint64(d);
    }
    return r;
}

QByteArray hex16(quint64 value)
{
    static const char digits[] = "0123456789abcdef";
    QByteArray out(16, '0');
    for (int i = 15; i >= 0; --i) {
        out[i] = digits[value & 0xf];
        value >>= 4;
    }
    return out;
}

QByteArray unescape(QByteArrayView raw)
{
    QByteArray out;
    out.reserve(raw.size());
    bool escaped = false;
    for (const char c : raw) {
        if (escaped) {
            escaped = false;
            switch (c) {
            case 'r':
                out.append('\r');
                break;
            case 'n':
                out.append('\n');
                break;
            case '0':
                out.append('\0');
                break;
            case 'e':
                out.append('=');
                break;
            default:
                out.append(c);
                break;
            }
        } else if (c == '\\') {
            escaped = true;
        } else {
            out.append(c);
        }
    }
    // A backslash at the very end escapes nothing and is dropped.
    return out;
}

} // namespace

Result<Dictionary> Dictionary::parse(QByteArrayView data, qsizetype capacity)
{
    if (data.size() >= capacity)
        return makeError(
            ErrorCode::TooLarge,
            QStringLiteral("dictionary of %1 bytes exceeds its capacity of %2 bytes").arg(data.size()).arg(capacity));
    Dictionary dict;
    const qsizetype nul = data.indexOf('\0');
    if (nul >= 0)
        data = data.first(nul);

    qsizetype start = 0;
    while (start <= data.size()) {
        qsizetype end = start;
        // A raw CR or LF always ends the entry, even right after a backslash: the writer never
        // leaves them unescaped, so such a backslash can only be a lone trailing one.
        while (end < data.size() && data[end] != '\n' && data[end] != '\r')
            ++end;
        const QByteArrayView line = data.sliced(start, end - start);
        const qsizetype eq = line.indexOf('=');
        if (eq >= 0)
            dict.m_entries.append(Entry{line.first(eq).toByteArray(), unescape(line.sliced(eq + 1))});
        start = end + 1;
    }
    return dict;
}

Dictionary Dictionary::parseTruncated(QByteArrayView data, qsizetype capacity)
{
    if (capacity < 1)
        return {};
    if (data.size() > capacity - 1)
        data = data.first(capacity - 1);
    return parse(data, capacity).value();
}

void Dictionary::addBytes(QByteArrayView key, QByteArrayView value)
{
    m_entries.append(Entry{key.toByteArray(), value.toByteArray()});
}

void Dictionary::addString(QByteArrayView key, QStringView text)
{
    addBytes(key, text.toUtf8());
}

void Dictionary::addU64(QByteArrayView key, quint64 value)
{
    addBytes(key, hex16(value));
}

void Dictionary::addI64(QByteArrayView key, qint64 value)
{
    // The reference writer formats "-<digits>" and then returns the text after the sign; we emit
    // the same bytes so that dictionaries compare equal. Never rely on it for negative values.
    const quint64 magnitude = value < 0 ? (~quint64(value) + 1) : quint64(value);
    addU64(key, magnitude);
}

void Dictionary::addBool(QByteArrayView key, bool value)
{
    addBytes(key, value ? QByteArrayView("1") : QByteArrayView("0"));
}

void Dictionary::addAddress(QByteArrayView key, Address address)
{
    addBytes(key, hex16(address.toInt()).sliced(6));
}

void Dictionary::set(QByteArrayView key, QByteArrayView value)
{
    for (Entry &e : m_entries) {
        if (e.key == key) {
            e.value = value.toByteArray();
            return;
        }
    }
    addBytes(key, value);
}

void Dictionary::remove(QByteArrayView key)
{
    m_entries.removeIf([key](const Entry &e) { return e.key == key; });
}

const Dictionary::Entry *Dictionary::find(QByteArrayView key) const
{
    for (const Entry &e : m_entries) {
        if (e.key == key)
            return &e;
    }
    return nullptr;
}

bool Dictionary::contains(QByteArrayView key) const
{
    return find(key) != nullptr;
}

std::optional<QByteArray> Dictionary::value(QByteArrayView key) const
{
    if (const Entry *e = find(key))
        return e->value;
    return std::nullopt;
}

QByteArray Dictionary::bytes(QByteArrayView key, const QByteArray &defaultValue) const
{
    const Entry *e = find(key);
    return e ? e->value : defaultValue;
}

QString Dictionary::string(QByteArrayView key, const QString &defaultValue) const
{
    const Entry *e = find(key);
    return e ? QString::fromUtf8(e->value) : defaultValue;
}

quint64 Dictionary::u64(QByteArrayView key, quint64 defaultValue) const
{
    const Entry *e = find(key);
    if (!e || e->value.isEmpty())
        return defaultValue;
    const HexParse p = parseCHex(e->value);
    if (p.overflow)
        return std::numeric_limits<quint64>::max();
    return p.negative ? (~p.magnitude + 1) : p.magnitude;
}

qint64 Dictionary::i64(QByteArrayView key, qint64 defaultValue) const
{
    const Entry *e = find(key);
    if (!e || e->value.isEmpty())
        return defaultValue;
    const HexParse p = parseCHex(e->value);
    constexpr quint64 maxPositive = quint64(std::numeric_limits<qint64>::max());
    if (p.negative) {
        if (p.overflow || p.magnitude > maxPositive + 1)
            return std::numeric_limits<qint64>::min();
        return qint64(~p.magnitude + 1);
    }
    if (p.overflow || p.magnitude > maxPositive)
        return std::numeric_limits<qint64>::max();
    return qint64(p.magnitude);
}

bool Dictionary::boolean(QByteArrayView key, bool defaultValue) const
{
    const Entry *e = find(key);
    if (!e || e->value.isEmpty())
        return defaultValue;
    const char c = e->value.at(0);
    return c == '1' || c == 't' || c == 'T';
}

Address Dictionary::address(QByteArrayView key, Address defaultValue) const
{
    if (!contains(key))
        return defaultValue;
    return Address(u64(key, defaultValue.toInt()));
}

namespace {

// The bytes a value must escape, and what follows the backslash for each (0: written as is).
constexpr std::array<char, 256> kEscapes = [] {
    std::array<char, 256> t{};
    t[0] = '0';
    t['\r'] = 'r';
    t['\n'] = 'n';
    t['\\'] = '\\';
    t['='] = 'e';
    return t;
}();

qsizetype escapedSize(QByteArrayView raw)
{
    qsizetype n = raw.size();
    for (const char c : raw)
        n += kEscapes[quint8(c)] != 0 ? 1 : 0;
    return n;
}

// Writes raw escaped at out (which has room for escapedSize(raw) bytes); returns the end. Configs
// are encoded per request, so this writes runs of plain bytes at once into a buffer sized up front.
char *writeEscaped(char *out, QByteArrayView raw)
{
    const char *p = raw.data();
    const char *const end = p + raw.size();
    while (p < end) {
        const char *run = p;
        while (p < end && kEscapes[quint8(*p)] == 0)
            ++p;
        if (p > run) {
            std::memcpy(out, run, size_t(p - run));
            out += p - run;
        }
        if (p < end) {
            *out++ = '\\';
            *out++ = kEscapes[quint8(*p)];
            ++p;
        }
    }
    return out;
}

} // namespace

QByteArray Dictionary::escape(QByteArrayView raw)
{
    QByteArray out(escapedSize(raw), Qt::Uninitialized);
    writeEscaped(out.data(), raw);
    return out;
}

QByteArray Dictionary::toBytes() const
{
    QByteArray out(serializedSize(), Qt::Uninitialized);
    char *w = out.data();
    bool first = true;
    for (const Entry &e : m_entries) {
        if (!first)
            *w++ = '\n';
        first = false;
        if (!e.key.isEmpty()) {
            std::memcpy(w, e.key.constData(), size_t(e.key.size()));
            w += e.key.size();
        }
        *w++ = '=';
        w = writeEscaped(w, e.value);
    }
    Q_ASSERT(w == out.constData() + out.size());
    return out;
}

qsizetype Dictionary::u64ValueOffset(QByteArrayView serialized, QByteArrayView key)
{
    const QByteArray entry = key.toByteArray() + '=';
    qsizetype at = entry.size();
    if (!serialized.startsWith(entry)) {
        const qsizetype found = serialized.indexOf(QByteArray('\n' + entry));
        if (found < 0)
            return -1;
        at += found + 1;
    }
    if (at + 16 > serialized.size() || (at + 16 < serialized.size() && serialized[at + 16] != '\n'))
        return -1;
    const QByteArrayView digits = serialized.sliced(at, 16);
    const bool hex = std::all_of(digits.cbegin(), digits.cend(),
                                 [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
    return hex ? at : -1;
}

void Dictionary::rewriteU64(QByteArray &serialized, qsizetype offset, quint64 value)
{
    serialized.replace(offset, 16, hex16(value));
}

qsizetype Dictionary::serializedSize() const
{
    qsizetype n = 0;
    for (const Entry &e : m_entries)
        n += e.key.size() + 1 + escapedSize(e.value);
    if (!m_entries.isEmpty())
        n += m_entries.size() - 1;
    return n;
}

} // namespace tier
