// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/address.h"
#include "core/base/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <optional>

namespace tier {

/// ZeroTier's key=value Dictionary (docs/protocol/dictionary.md): an ordered list of entries,
/// serialized as `key=value` lines separated by LF, no trailing LF, values escaped (NUL, CR, LF,
/// backslash and `=` only). Keys are written in insertion order; lookups return the first entry
/// with a key, as ZeroTier's reader does.
class Dictionary final
{
public:
    /// Capacities of the dictionaries a node or controller keeps (docs/protocol/dictionary.md §6). A serialized
    /// dictionary must be shorter than its capacity (the receiver appends a NUL).
    static constexpr qsizetype RequestMetadataCapacity = 1024;
    static constexpr qsizetype NetworkConfigCapacity = 484520;
    static constexpr qsizetype AuthInfoCapacity = 8192;
    static constexpr qsizetype RemoteTraceCapacity = 10000;

    struct Entry
    {
        QByteArray key;
        QByteArray value; // unescaped bytes
    };

    Dictionary() = default;

    /// Parses serialized bytes with the reference reading rules: a NUL ends the data, CR and LF both
    /// end an entry, lines without `=` are skipped, an unknown escape yields the escaped byte, a
    /// lone trailing backslash is dropped. Input of `capacity` bytes or more is TooLarge.
    static Result<Dictionary> parse(QByteArrayView data, qsizetype capacity = NetworkConfigCapacity);
    /// Same, but input longer than capacity − 1 is cut there first (how a controller keeps request
    /// metadata: docs/protocol/dictionary.md §4).
    static Dictionary parseTruncated(QByteArrayView data, qsizetype capacity = RequestMetadataCapacity);

    // --- writers (append; callers must not add a key twice) ---
    /// Raw bytes, escaped on serialization (strings and binary blobs).
    void addBytes(QByteArrayView key, QByteArrayView value);
    /// UTF-8 of text.
    void addString(QByteArrayView key, QStringView text);
    /// 16 lower-case hex digits, zero-padded (ZT's integer form).
    void addU64(QByteArrayView key, quint64 value);
    /// ZT's signed writer: a negative value is written without its minus sign (observed quirk).
    void addI64(QByteArrayView key, qint64 value);
    /// `1` or `0`.
    void addBool(QByteArrayView key, bool value);
    /// 10 hex digits (the Address text form used for `id`/`tt` in configs).
    void addAddress(QByteArrayView key, Address address);
    /// Replaces the first entry with key (or appends).
    void set(QByteArrayView key, QByteArrayView value);
    void remove(QByteArrayView key);

    // --- readers ---
    bool contains(QByteArrayView key) const;
    /// Value of the first entry with key, unescaped; nullopt if there is none.
    std::optional<QByteArray> value(QByteArrayView key) const;
    QByteArray bytes(QByteArrayView key, const QByteArray &defaultValue = {}) const;
    /// Value decoded as UTF-8 (invalid sequences become U+FFFD).
    QString string(QByteArrayView key, const QString &defaultValue = {}) const;
    /// Hex of any length, read like strtoull(…, 16); missing or empty → defaultValue.
    quint64 u64(QByteArrayView key, quint64 defaultValue = 0) const;
    /// Hex read like strtoll(…, 16); missing or empty → defaultValue.
    qint64 i64(QByteArrayView key, qint64 defaultValue = 0) const;
    /// True if the first byte is `1`, `t` or `T`; missing or empty → defaultValue.
    bool boolean(QByteArrayView key, bool defaultValue = false) const;
    /// Hex integer (10 or 16 digits) masked to 40 bits.
    Address address(QByteArrayView key, Address defaultValue = Address()) const;

    const QList<Entry> &entries() const { return m_entries; }
    qsizetype size() const { return m_entries.size(); }
    bool isEmpty() const { return m_entries.isEmpty(); }

    /// Serialized form: no trailing LF, no NUL.
    QByteArray toBytes() const;
    /// Length of toBytes() without building it.
    qsizetype serializedSize() const;

    /// Escapes one value (the five special bytes only).
    static QByteArray escape(QByteArrayView raw);
    /// In serialized bytes, where the value of an addU64() entry `key` starts (its 16 hex digits), or -1.
    /// Entries are separated by a bare LF (one inside a value is escaped), so the match is the key itself.
    static qsizetype u64ValueOffset(QByteArrayView serialized, QByteArrayView key);
    /// Overwrites the 16 hex digits of an addU64() value at `offset` (from u64ValueOffset) with `value`.
    static void rewriteU64(QByteArray &serialized, qsizetype offset, quint64 value);

    friend bool operator==(const Dictionary &a, const Dictionary &b);

private:
    const Entry *find(QByteArrayView key) const;

    QList<Entry> m_entries;
};

inline bool operator==(const Dictionary::Entry &a, const Dictionary::Entry &b)
{
    return a.key == b.key && a.value == b.value;
}

inline bool operator==(const Dictionary &a, const Dictionary &b)
{
    return a.m_entries == b.m_entries;
}

} // namespace tier
