// SPDX-License-Identifier: GPL-3.0-or-later
#include "address.h"

namespace tier {

namespace {

int hexDigitValue(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= u'0' && u <= u'9')
        return u - u'0';
    if (u >= u'a' && u <= u'f')
        return u - u'a' + 10;
    if (u >= u'A' && u <= u'F')
        return u - u'A' + 10;
    return -1;
}

std::optional<quint64> parseFixedHex(QStringView text, qsizetype digits)
{
    if (text.size() != digits)
        return std::nullopt;
    quint64 value = 0;
    for (QChar c : text) {
        const int d = hexDigitValue(c);
        if (d < 0)
            return std::nullopt;
        value = (value << 4) | quint64(d);
    }
    return value;
}

} // namespace

std::optional<Address> Address::fromString(QStringView text)
{
    const auto value = parseFixedHex(text, 10);
    if (!value)
        return std::nullopt;
    return Address(*value);
}

std::optional<Address> Address::fromBytes(QByteArrayView bytes)
{
    if (bytes.size() < Length)
        return std::nullopt;
    quint64 value = 0;
    for (int i = 0; i < Length; ++i)
        value = (value << 8) | quint8(bytes[i]);
    return Address(value);
}

QString Address::toString() const
{
    return QStringLiteral("%1").arg(m_value, 10, 16, QLatin1Char('0'));
}

QByteArray Address::toBytes() const
{
    QByteArray out(Length, Qt::Uninitialized);
    for (int i = 0; i < Length; ++i)
        out[i] = char((m_value >> (8 * (Length - 1 - i))) & 0xff);
    return out;
}

QString networkIdToString(quint64 networkId)
{
    return QStringLiteral("%1").arg(networkId, 16, 16, QLatin1Char('0'));
}

std::optional<quint64> networkIdFromString(QStringView text)
{
    return parseFixedHex(text, 16);
}

} // namespace tier
