// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/controller/storedjson.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace tier {

std::optional<QJsonArray> parseJsonArrayText(const QString &text)
{
    if (text.trimmed().isEmpty())
        return QJsonArray();
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isArray())
        return std::nullopt;
    return doc.array();
}

bool isJsonU32(const QJsonValue &v)
{
    const double d = v.toDouble(-1);
    return v.isDouble() && d >= 0 && d <= 4294967295.0 && d == double(quint64(d));
}

} // namespace tier
