// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/models/networksettingsvalidator.h"

#include "core/controller/networkvalidation.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

namespace tier {

namespace {

std::optional<QJsonArray> parseRulesArray(const QString &text, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        if (error)
            *error = NetworkSettingsValidator::tr("Rules: the JSON is invalid at character %1 (%2).")
                         .arg(parseError.offset)
                         .arg(parseError.errorString());
        return std::nullopt;
    }
    if (!doc.isArray()) {
        if (error)
            *error = NetworkSettingsValidator::tr("Rules: the JSON must be an array of rule objects.");
        return std::nullopt;
    }
    return doc.array();
}

QString valueText(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 17);
    return QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
}

QString describeRule(const QJsonObject &o)
{
    const QString type = o.value(QLatin1String("type")).toString();
    QStringList details;
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it.key() == u"type" || it.key() == u"not" || it.key() == u"or")
            continue;
        details << it.key() + u'=' + valueText(it.value());
    }
    const QString detailText = details.join(QLatin1String(", "));
    QString text;
    if (type == u"ACTION_ACCEPT") {
        text = NetworkSettingsValidator::tr("accept");
    } else if (type == u"ACTION_DROP") {
        text = NetworkSettingsValidator::tr("drop");
    } else if (type == u"ACTION_BREAK") {
        text = NetworkSettingsValidator::tr("break (stop evaluating this rule set)");
    } else if (type.startsWith(QLatin1String("ACTION_"))) {
        text = NetworkSettingsValidator::tr("action %1").arg(type.mid(7).toLower());
        if (!detailText.isEmpty())
            text += u' ' + detailText;
    } else {
        QString what = type.startsWith(QLatin1String("MATCH_")) ? type.mid(6) : type;
        what = what.toLower().replace(u'_', u' ');
        text = detailText.isEmpty() ? NetworkSettingsValidator::tr("match %1").arg(what)
                                    : NetworkSettingsValidator::tr("match %1: %2").arg(what, detailText);
    }
    if (o.value(QLatin1String("not")).toBool())
        text = NetworkSettingsValidator::tr("not (%1)").arg(text);
    if (o.value(QLatin1String("or")).toBool())
        text = NetworkSettingsValidator::tr("or %1").arg(text);
    return text;
}

} // namespace

std::optional<IpPool> NetworkSettingsValidator::parsePool(const QString &start, const QString &end, int row,
                                                          QString *error)
{
    const auto first = InetAddress::fromIpString(QStringView(start).trimmed());
    if (!first) {
        *error = tr("IP pool %1: the start address \"%2\" is not a valid IPv4 or IPv6 address.").arg(row).arg(start);
        return std::nullopt;
    }
    const auto last = InetAddress::fromIpString(QStringView(end).trimmed());
    if (!last) {
        *error = tr("IP pool %1: the end address \"%2\" is not a valid IPv4 or IPv6 address.").arg(row).arg(end);
        return std::nullopt;
    }
    if (auto invalid = NetworkValidator::poolError(IpPool{*first, *last}, row)) {
        *error = invalid->text();
        return std::nullopt;
    }
    return IpPool{*first, *last};
}

std::optional<NetworkConfig::Route> NetworkSettingsValidator::parseRoute(const QString &target, const QString &via,
                                                                         int row, QString *error)
{
    const QStringView text = QStringView(target).trimmed();
    const qsizetype slash = text.indexOf(u'/');
    std::optional<InetAddress> ip;
    int bits = -1;
    if (slash > 0) {
        ip = InetAddress::fromIpString(text.first(slash));
        bool ok = false;
        bits = text.sliced(slash + 1).toInt(&ok);
        if (!ok || bits < 0)
            bits = -1;
    }
    if (!ip || bits < 0) {
        *error =
            tr("Route %1: the target \"%2\" must be a network such as 10.1.0.0/16 or fd00::/64.").arg(row).arg(target);
        return std::nullopt;
    }
    NetworkConfig::Route route;
    route.target = ip->withPort(quint16(qMin(bits, 0xffff)));
    const QStringView viaText = QStringView(via).trimmed();
    if (!viaText.isEmpty()) {
        const auto gateway = InetAddress::fromIpString(viaText);
        if (!gateway) {
            *error = tr("Route %1: the gateway (via) \"%2\" is not a valid IP address.").arg(row).arg(via);
            return std::nullopt;
        }
        route.via = *gateway;
    }
    // A target with host bits set is kept as typed: NetworkValidator warns about it.
    if (auto invalid = NetworkValidator::routeError(route, row)) {
        *error = invalid->text();
        return std::nullopt;
    }
    return route;
}

std::optional<InetAddress> NetworkSettingsValidator::parseDnsServer(const QString &text, int row, QString *error)
{
    const auto ip = InetAddress::fromIpString(QStringView(text).trimmed());
    if (!ip) {
        *error = tr("DNS server %1: \"%2\" is not a valid IPv4 or IPv6 address.").arg(row).arg(text);
        return std::nullopt;
    }
    return ip;
}

QString NetworkSettingsValidator::domainError(const QString &domain)
{
    if (auto invalid = NetworkValidator::domainError(domain))
        return invalid->text();
    for (const QChar c : domain) {
        if (c.isSpace() || c.category() == QChar::Other_Control)
            return tr("DNS search domain: spaces and control characters are not allowed.");
    }
    return {};
}

QString NetworkSettingsValidator::nameError(const QString &name)
{
    if (name.trimmed().isEmpty())
        return tr("Name: a network needs a name.");
    if (auto invalid = NetworkValidator::nameError(name))
        return invalid->text();
    return {};
}

QString NetworkSettingsValidator::rulesError(const QString &rulesJson)
{
    if (auto invalid = NetworkValidator::rulesError(rulesJson))
        return invalid->text();
    return {};
}

QStringList NetworkSettingsValidator::describeRules(const QString &rulesJson)
{
    const QString text = rulesJson.trimmed().isEmpty() ? defaultRulesJson() : rulesJson;
    const auto array = parseRulesArray(text, nullptr);
    if (!array)
        return {};
    QStringList lines;
    int index = 0;
    for (const QJsonValue &v : *array)
        lines << QStringLiteral("%1. %2").arg(++index).arg(describeRule(v.toObject()));
    return lines;
}

QString NetworkSettingsValidator::defaultRulesJson()
{
    return QStringLiteral("[{\"not\":false,\"or\":false,\"type\":\"ACTION_ACCEPT\"}]");
}

} // namespace tier
