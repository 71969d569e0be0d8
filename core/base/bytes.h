// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QtGlobal>

namespace tier {

/// Bounds-checked big-endian reader. A read past the end returns zero/empty and makes the reader
/// fail for good, so a decoder can read a whole structure and check ok() once at the end.
class ByteReader final
{
public:
    explicit ByteReader(QByteArrayView data) : m_data(data) {}

    bool ok() const { return !m_failed; }
    bool atEnd() const { return m_pos >= m_data.size(); }
    qsizetype position() const { return m_pos; }
    qsizetype remaining() const { return m_failed ? 0 : m_data.size() - m_pos; }
    QByteArrayView data() const { return m_data; }

    quint8 u8() { return quint8(readUnsigned(1)); }
    quint16 u16() { return quint16(readUnsigned(2)); }
    quint32 u32() { return quint32(readUnsigned(4)); }
    quint64 u40() { return readUnsigned(5); }
    quint64 u64() { return readUnsigned(8); }

    /// Exactly n bytes, or an empty view and failure. Never allocates.
    QByteArrayView bytes(qsizetype n)
    {
        if (!need(n))
            return {};
        const QByteArrayView v = m_data.sliced(m_pos, n);
        m_pos += n;
        return v;
    }
    QByteArrayView rest() { return bytes(remaining()); }
    void skip(qsizetype n) { bytes(n); }
    /// Marks the input as malformed (for checks a decoder makes on values it read).
    void fail() { m_failed = true; }

private:
    bool need(qsizetype n)
    {
        if (m_failed || n < 0 || n > m_data.size() - m_pos) {
            m_failed = true;
            return false;
        }
        return true;
    }
    quint64 readUnsigned(int n)
    {
        if (!need(n))
            return 0;
        quint64 v = 0;
        for (int i = 0; i < n; ++i)
            v = (v << 8) | quint8(m_data[m_pos + i]);
        m_pos += n;
        return v;
    }

    QByteArrayView m_data;
    qsizetype m_pos = 0;
    bool m_failed = false;
};

/// Big-endian writer appending to a QByteArray.
class ByteWriter final
{
public:
    ByteWriter() = default;
    explicit ByteWriter(qsizetype reserve) { m_data.reserve(reserve); }

    ByteWriter &u8(quint8 v) { return writeUnsigned(v, 1); }
    ByteWriter &u16(quint16 v) { return writeUnsigned(v, 2); }
    ByteWriter &u32(quint32 v) { return writeUnsigned(v, 4); }
    ByteWriter &u40(quint64 v) { return writeUnsigned(v, 5); }
    ByteWriter &u64(quint64 v) { return writeUnsigned(v, 8); }
    ByteWriter &bytes(QByteArrayView v)
    {
        m_data.append(v);
        return *this;
    }
    ByteWriter &zeros(qsizetype n)
    {
        m_data.append(n, '\0');
        return *this;
    }

    qsizetype size() const { return m_data.size(); }
    const QByteArray &data() const & { return m_data; }
    QByteArray data() && { return std::move(m_data); }
    /// Overwrites a 16-bit value already written (for length fields known only later).
    void patchU16(qsizetype at, quint16 v)
    {
        m_data[at] = char(v >> 8);
        m_data[at + 1] = char(v & 0xff);
    }

private:
    ByteWriter &writeUnsigned(quint64 v, int n)
    {
        for (int i = n - 1; i >= 0; --i)
            m_data.append(char((v >> (8 * i)) & 0xff));
        return *this;
    }

    QByteArray m_data;
};

} // namespace tier
