// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayView>
#include <QHashFunctions>
#include <QString>
#include <QtGlobal>

#include <optional>

namespace tier {

/// A 40-bit ZeroTier node address (10 hex digits on screen, 5 big-endian bytes on the wire).
class Address final
{
public:
    static constexpr int Length = 5;
    static constexpr quint64 Mask = 0xffffffffffULL;

    constexpr Address() = default;
    constexpr explicit Address(quint64 value) : m_value(value & Mask) {}

    /// Parses exactly 10 hex digits (either case). Does not reject reserved addresses.
    static std::optional<Address> fromString(QStringView text);
    /// Reads 5 bytes; nullopt if fewer are given.
    static std::optional<Address> fromBytes(QByteArrayView bytes);

    constexpr quint64 toInt() const { return m_value; }
    QString toString() const;   // 10 lower-case hex digits
    QByteArray toBytes() const; // 5 bytes, most significant first

    /// Zero, or first byte 0xff: never a node (0xff in that position marks fragments on the wire).
    constexpr bool isReserved() const { return m_value == 0 || (m_value >> 32) == 0xff; }
    constexpr bool isNull() const { return m_value == 0; }

    friend constexpr bool operator==(Address a, Address b) { return a.m_value == b.m_value; }
    friend constexpr bool operator!=(Address a, Address b) { return a.m_value != b.m_value; }
    friend constexpr bool operator<(Address a, Address b) { return a.m_value < b.m_value; }

private:
    quint64 m_value = 0;
};

inline size_t qHash(Address a, size_t seed = 0) noexcept
{
    return ::qHash(a.toInt(), seed);
}

/// Network IDs: the top 40 bits are the controller's address, the low 24 bits its network number.
inline Address controllerOf(quint64 networkId)
{
    return Address(networkId >> 24);
}
QString networkIdToString(quint64 networkId); // 16 lower-case hex digits
std::optional<quint64> networkIdFromString(QStringView text);

} // namespace tier
