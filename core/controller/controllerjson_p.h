// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Private to core/controller: the value readers ControllerJson's network (controllerjsonnetwork.cpp) and
// member (controllerjsonmember.cpp) halves share; defined in controllerjson.cpp. Each names the field in
// its error, in the words the API answers with.

#include "core/base/result.h"
#include "core/controller/networksettings.h"
#include "core/protocol/inetaddress.h"
#include "core/protocol/networkconfig.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QSet>
#include <QString>

namespace tier::controllerjson {

inline const QString kDefaultRules = QStringLiteral("[{\"not\":false,\"or\":false,\"type\":\"ACTION_ACCEPT\"}]");

Error bad(const QString &message);
QString compact(const QJsonArray &array);
QString compact(const QJsonObject &object);
QJsonArray arrayFromText(const QString &text, const QString &fallback = QStringLiteral("[]"));
/// Fields the API computes or the node owns: accepted in a body and ignored.
const QSet<QString> &readOnlyNetworkKeys();
const QSet<QString> &readOnlyMemberKeys();
Result<QJsonArray> cappedArray(const QJsonValue &value, const QString &field);
Result<QString> toText(const QJsonValue &value, const QString &field);
/// An IP address string; the reference also takes "IP/bits" (or "IP/port") and keeps only the IP.
Result<InetAddress> toIp(const QJsonValue &value, const QString &field, bool allowSuffix);
Result<bool> parseV4Mode(const QJsonValue &value);

struct V6Mode
{
    bool rfc4193 = false;
    bool zt = false;
    bool sixPlane = false;
};

Result<V6Mode> parseV6Mode(const QJsonValue &value);
Result<QList<NetworkConfig::Route>> parseRoutes(const QJsonValue &value);
Result<QList<IpPool>> parsePools(const QJsonValue &value);
Result<QString> parseRules(const QJsonValue &value, const QString &field, int maxRules);
Result<QString> parseCapabilities(const QJsonValue &value);
Result<QString> parseNetworkTags(const QJsonValue &value);
Result<QString> parseAuthTokens(const QJsonValue &value);
Result<NetworkConfig::Dns> parseDns(const QJsonValue &value);
Result<QString> parseTraceTarget(const QJsonValue &value, const QString &field);
QJsonValue ipOrNull(const InetAddress &ip);

} // namespace tier::controllerjson
