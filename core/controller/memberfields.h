// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/protocol/inetaddress.h"
#include "core/store/memberrepository.h"

#include <QJsonValue>
#include <QList>
#include <QPair>
#include <QString>

namespace tier {

/// The member record's list columns (stored as compact JSON text): the one reader and writer, used by
/// the controller and by the window's member pages alike.
namespace memberfields {
QList<InetAddress> ips(const MemberRow &m);
QList<QPair<quint32, quint32>> tagsFromJson(const QString &text); ///< ascending id
QString tagsToJson(const QList<QPair<quint32, quint32>> &tags);
QList<quint32> capsFromJson(const QString &text); ///< ascending, unique
QString capsToJson(const QList<quint32> &caps);
/// Anything outside 0…2^32−1 (or not an integer) reads as 0 here and is refused by validation.
quint32 toU32(const QJsonValue &v);
} // namespace memberfields

} // namespace tier
