// SPDX-License-Identifier: GPL-3.0-or-later
// The JSON form of rules (the reference controller's rule objects); their wire form is in rules.cpp.
#include "core/protocol/rules.h"
#include "core/protocol/rules_p.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tier {

namespace {

using ruledetail::fixedBytes;
using ruledetail::typeInfo;

QString hex16(quint64 v)
{
    return QStringLiteral("%1").arg(v, 16, 16, QLatin1Char('0'));
}

QString macText(const QByteArray &mac)
{
    return QString::fromLatin1(fixedBytes(mac, 6).toHex(':'));
}

Error fieldError(const QString &field, const QString &what)
{
    return makeError(ErrorCode::Malformed, QStringLiteral("'%1' %2").arg(field, what));
}

std::optional<quint64> parseHexText(QStringView text)
{
    if (text.startsWith(u"0x") || text.startsWith(u"0X"))
        text = text.mid(2);
    if (text.isEmpty() || text.size() > 16)
        return std::nullopt;
    bool ok = false;
    const quint64 v = text.toULongLong(&ok, 16);
    return ok ? std::optional<quint64>(v) : std::nullopt;
}

// Integers: JSON numbers, numeric strings (decimal, or hex with 0x) and booleans are accepted, as
// the reference controller does; anything out of [0, max] is an error naming the field.
Result<quint64> intField(const QJsonObject &obj, const QString &key, quint64 max, std::optional<quint64> fallback)
{
    const QJsonValue v = obj.value(key);
    const QString range = QStringLiteral("must be an integer from 0 to %1").arg(max);
    if (v.isUndefined() || v.isNull()) {
        if (fallback)
            return *fallback;
        return fieldError(key, QStringLiteral("is required"));
    }
    quint64 out = 0;
    if (v.isBool()) {
        out = v.toBool() ? 1 : 0;
    } else if (v.isDouble()) {
        const double d = v.toDouble();
        if (!(d >= 0) || d != std::floor(d) || d > 18446744073709549568.0)
            return fieldError(key, range);
        out = quint64(d);
    } else if (v.isString()) {
        const QString s = v.toString().trimmed();
        bool ok = false;
        if (s.startsWith(u"0x") || s.startsWith(u"0X")) {
            const auto h = parseHexText(s);
            ok = h.has_value();
            out = h.value_or(0);
        } else {
            out = s.toULongLong(&ok, 10);
        }
        if (!ok)
            return fieldError(key, range);
    } else {
        return fieldError(key, range);
    }
    if (out > max)
        return fieldError(key, range);
    return out;
}

// 64-bit values the JSON writes as 16 hex digits (characteristics mask, integer range bounds).
Result<quint64> hexOrNumberField(const QJsonObject &obj, const QString &key, std::optional<quint64> fallback)
{
    const QJsonValue v = obj.value(key);
    if (v.isString()) {
        const auto h = parseHexText(v.toString().trimmed());
        if (!h)
            return fieldError(key, QStringLiteral("must be up to 16 hex digits or a number"));
        return *h;
    }
    return intField(obj, key, std::numeric_limits<quint64>::max(), fallback);
}

Result<bool> boolField(const QJsonObject &obj, const QString &key, bool fallback)
{
    const QJsonValue v = obj.value(key);
    if (v.isUndefined() || v.isNull())
        return fallback;
    if (v.isBool())
        return v.toBool();
    if (v.isDouble())
        return v.toDouble() > 0;
    if (v.isString()) {
        const QString s = v.toString();
        return !s.isEmpty() && (s[0] == u't' || s[0] == u'T' || s[0] == u'1');
    }
    return fieldError(key, QStringLiteral("must be true or false"));
}

Result<Address> addressField(const QJsonObject &obj, const QString &key)
{
    const QJsonValue v = obj.value(key);
    if (!v.isString())
        return fieldError(key, QStringLiteral("must be a ZeroTier address (10 hex digits)"));
    const auto a = Address::fromString(v.toString().trimmed());
    if (!a)
        return fieldError(key,
                          QStringLiteral("must be a ZeroTier address (10 hex digits), not \"%1\"").arg(v.toString()));
    return *a;
}

Result<QByteArray> macField(const QJsonObject &obj, const QString &key)
{
    const QJsonValue v = obj.value(key);
    const QString what = QStringLiteral("must be a MAC address (12 hex digits, ':' optional)");
    if (!v.isString())
        return fieldError(key, what);
    QString s = v.toString().trimmed();
    s.remove(u':');
    s.remove(u'-');
    if (s.size() != 12)
        return fieldError(key, what);
    for (const QChar c : s) {
        if (!c.isDigit() && !(c.toLower() >= u'a' && c.toLower() <= u'f'))
            return fieldError(key, what);
    }
    return QByteArray::fromHex(s.toLatin1());
}

Result<InetAddress> ipField(const QJsonObject &obj, const QString &key, InetAddress::Family family)
{
    const bool v4 = family == InetAddress::Family::IPv4;
    const QString what = v4 ? QStringLiteral("must be an IPv4 network \"a.b.c.d/bits\"")
                            : QStringLiteral("must be an IPv6 network \"addr/bits\"");
    const QJsonValue v = obj.value(key);
    if (!v.isString())
        return fieldError(key, what);
    const QString text = v.toString().trimmed();
    const qsizetype slash = text.lastIndexOf(u'/');
    if (slash <= 0)
        return fieldError(key, what);
    bool ok = false;
    const uint bits = text.mid(slash + 1).toUInt(&ok, 10);
    const auto ip = InetAddress::fromIpString(QStringView(text).first(slash));
    if (!ok || !ip || ip->family() != family)
        return fieldError(key, what);
    const uint maxBits = v4 ? 32 : 128;
    return ip->withPort(quint16(std::min(bits, maxBits)));
}

// The rule type a JSON object names; "MATCH_INTEGER_RANGE" is taken for INTEGER_RANGE too.
Result<quint8> typeFromJson(const QJsonObject &o)
{
    const QJsonValue typeValue = o.value(u"type");
    if (!typeValue.isString())
        return fieldError(QStringLiteral("type"),
                          QStringLiteral("is required (a rule type name such as \"ACTION_ACCEPT\")"));
    const QString typeText = typeValue.toString();
    for (quint8 c = 0; c <= Rule::TypeMask; ++c) {
        const char *name = typeInfo(c).name;
        if (name && c != quint8(RuleType::ActionPriority) && typeText == QLatin1String(name))
            return c;
    }
    if (typeText == u"MATCH_INTEGER_RANGE")
        return quint8(RuleType::MatchIntegerRange);
    return fieldError(QStringLiteral("type"), QStringLiteral("has an unknown rule type \"%1\"").arg(typeText));
}

#define TM_TAKE(var, expr)                                                                                             \
    auto var = (expr);                                                                                                 \
    if (!var)                                                                                                          \
        return var.error();

// The readers of the value fields, one per group of rule types that share them; each fills in r.

Status readActionTarget(const QJsonObject &o, Rule &r)
{
    TM_TAKE(addr, addressField(o, QStringLiteral("address")));
    TM_TAKE(flags, intField(o, QStringLiteral("flags"), 0xffffffffULL, 0));
    r.address = *addr;
    r.actionFlags = quint32(*flags);
    if (r.code != quint8(RuleType::ActionRedirect)) {
        // The rules compiler writes -1 for "no limit"; the reference controller's 16-bit field
        // makes that 0xffff.
        QJsonObject lengthObject = o;
        if (o.value(u"length").isDouble() && o.value(u"length").toDouble() == -1)
            lengthObject.insert(QStringLiteral("length"), 0xffff);
        TM_TAKE(length, intField(lengthObject, QStringLiteral("length"), 0xffff, 0));
        r.actionLength = quint16(*length);
    }
    return Ok{};
}

Status readZeroTierAddress(const QJsonObject &o, Rule &r)
{
    TM_TAKE(addr, addressField(o, QStringLiteral("zt")));
    r.address = *addr;
    return Ok{};
}

// The single-number matches (VLAN, IP protocol, ethertype, random) keep it in r.value.
Status readValue(const QJsonObject &o, const QString &key, quint64 max, Rule &r)
{
    TM_TAKE(v, intField(o, key, max, std::nullopt));
    r.value = *v;
    return Ok{};
}

Status readCharacteristics(const QJsonObject &o, Rule &r)
{
    TM_TAKE(v, hexOrNumberField(o, QStringLiteral("mask"), std::nullopt));
    r.value = *v;
    return Ok{};
}

Status readMac(const QJsonObject &o, Rule &r)
{
    TM_TAKE(m, macField(o, QStringLiteral("mac")));
    r.mac = *m;
    return Ok{};
}

Status readIp(const QJsonObject &o, InetAddress::Family family, Rule &r)
{
    TM_TAKE(ip, ipField(o, QStringLiteral("ip"), family));
    r.ip = *ip;
    return Ok{};
}

Status readTos(const QJsonObject &o, Rule &r)
{
    TM_TAKE(mask, intField(o, QStringLiteral("mask"), 0xff, std::nullopt));
    TM_TAKE(s, intField(o, QStringLiteral("start"), 0xff, std::nullopt));
    TM_TAKE(e, intField(o, QStringLiteral("end"), 0xff, *s));
    r.tosMask = quint8(*mask);
    r.start = *s;
    r.end = *e;
    return Ok{};
}

Status readIcmp(const QJsonObject &o, Rule &r)
{
    TM_TAKE(t, intField(o, QStringLiteral("icmpType"), 0xff, std::nullopt));
    r.icmpType = quint8(*t);
    const QJsonValue codeValue = o.value(u"icmpCode");
    if (!codeValue.isNull() && !codeValue.isUndefined()) {
        TM_TAKE(c, intField(o, QStringLiteral("icmpCode"), 0xff, std::nullopt));
        r.icmpCode = quint8(*c);
        r.icmpFlags = Rule::IcmpFlagCheckCode;
    }
    return Ok{};
}

// Port and frame size ranges.
Status readRange(const QJsonObject &o, Rule &r)
{
    TM_TAKE(s, intField(o, QStringLiteral("start"), 0xffff, std::nullopt));
    TM_TAKE(e, intField(o, QStringLiteral("end"), 0xffff, *s));
    if (*e < *s)
        return fieldError(QStringLiteral("end"), QStringLiteral("must not be below 'start'"));
    r.start = *s;
    r.end = *e;
    return Ok{};
}

Status readTag(const QJsonObject &o, Rule &r)
{
    TM_TAKE(id, intField(o, QStringLiteral("id"), 0xffffffffULL, std::nullopt));
    TM_TAKE(v, intField(o, QStringLiteral("value"), 0xffffffffULL, std::nullopt));
    r.tagId = quint32(*id);
    r.tagValue = quint32(*v);
    return Ok{};
}

Status readIntegerRange(const QJsonObject &o, Rule &r)
{
    TM_TAKE(s, hexOrNumberField(o, QStringLiteral("start"), std::nullopt));
    TM_TAKE(e, hexOrNumberField(o, QStringLiteral("end"), *s));
    // Nodes keep the end relative to the start in 32 bits.
    if (*e < *s || *e - *s > 0xffffffffULL)
        return fieldError(QStringLiteral("end"),
                          QStringLiteral("must be at least 'start' and at most 'start' + 4294967295"));
    TM_TAKE(idx, intField(o, QStringLiteral("idx"), 0xffff, std::nullopt));
    TM_TAKE(little, boolField(o, QStringLiteral("little"), false));
    TM_TAKE(bits, intField(o, QStringLiteral("bits"), 64, std::nullopt));
    if (*bits < 1)
        return fieldError(QStringLiteral("bits"), QStringLiteral("must be an integer from 1 to 64"));
    r.start = *s;
    r.end = *e;
    r.intIndex = quint16(*idx);
    r.intFormat = quint8((*little ? 0x80 : 0) | ((*bits - 1) & 0x3f));
    return Ok{};
}

Status readValueFields(const QJsonObject &o, Rule &r)
{
    switch (RuleType(r.code)) {
    case RuleType::ActionTee:
    case RuleType::ActionWatch:
    case RuleType::ActionRedirect:
        return readActionTarget(o, r);
    case RuleType::MatchSourceZeroTierAddress:
    case RuleType::MatchDestZeroTierAddress:
        return readZeroTierAddress(o, r);
    case RuleType::MatchVlanId:
        return readValue(o, QStringLiteral("vlanId"), 0xffff, r);
    case RuleType::MatchVlanPcp:
        return readValue(o, QStringLiteral("vlanPcp"), 0xff, r);
    case RuleType::MatchVlanDei:
        return readValue(o, QStringLiteral("vlanDei"), 0xff, r);
    case RuleType::MatchMacSource:
    case RuleType::MatchMacDest:
        return readMac(o, r);
    case RuleType::MatchIpv4Source:
    case RuleType::MatchIpv4Dest:
        return readIp(o, InetAddress::Family::IPv4, r);
    case RuleType::MatchIpv6Source:
    case RuleType::MatchIpv6Dest:
        return readIp(o, InetAddress::Family::IPv6, r);
    case RuleType::MatchIpTos:
        return readTos(o, r);
    case RuleType::MatchIpProtocol:
        return readValue(o, QStringLiteral("ipProtocol"), 0xff, r);
    case RuleType::MatchEthertype:
        return readValue(o, QStringLiteral("etherType"), 0xffff, r);
    case RuleType::MatchIcmp:
        return readIcmp(o, r);
    case RuleType::MatchIpSourcePortRange:
    case RuleType::MatchIpDestPortRange:
    case RuleType::MatchFrameSizeRange:
        return readRange(o, r);
    case RuleType::MatchCharacteristics:
        return readCharacteristics(o, r);
    case RuleType::MatchRandom:
        return readValue(o, QStringLiteral("probability"), 0xffffffffULL, r);
    case RuleType::MatchTagsDifference:
    case RuleType::MatchTagsBitwiseAnd:
    case RuleType::MatchTagsBitwiseOr:
    case RuleType::MatchTagsBitwiseXor:
    case RuleType::MatchTagsEqual:
    case RuleType::MatchTagSender:
    case RuleType::MatchTagReceiver:
        return readTag(o, r);
    case RuleType::MatchIntegerRange:
        return readIntegerRange(o, r);
    case RuleType::ActionDrop:
    case RuleType::ActionAccept:
    case RuleType::ActionBreak:
    case RuleType::ActionPriority:
        break;
    }
    return Ok{};
}

} // namespace

std::optional<QJsonObject> Rule::toJson() const
{
    const RuleType t = RuleType(code & TypeMask);
    if (t == RuleType::ActionPriority || typeInfo(code).name == nullptr)
        return std::nullopt;
    QJsonObject o;
    o[u"type"] = typeName(code);
    // The reference form (ZeroTier's rules compiler, docs/flowrules.md): an action carries only its
    // own fields; "not"/"or" (meaningless there) and zero tee/watch/redirect flags are left out.
    if (!isAction() || invert)
        o[u"not"] = invert;
    if (!isAction() || orWithPrevious)
        o[u"or"] = orWithPrevious;
    switch (t) {
    case RuleType::ActionTee:
    case RuleType::ActionWatch:
        o[u"length"] = int(actionLength);
        Q_FALLTHROUGH();
    case RuleType::ActionRedirect:
        o[u"address"] = address.toString();
        if (actionFlags != 0)
            o[u"flags"] = qint64(actionFlags);
        break;
    case RuleType::MatchSourceZeroTierAddress:
    case RuleType::MatchDestZeroTierAddress:
        o[u"zt"] = address.toString();
        break;
    case RuleType::MatchVlanId:
        o[u"vlanId"] = qint64(value);
        break;
    case RuleType::MatchVlanPcp:
        o[u"vlanPcp"] = qint64(value);
        break;
    case RuleType::MatchVlanDei:
        o[u"vlanDei"] = qint64(value);
        break;
    case RuleType::MatchMacSource:
    case RuleType::MatchMacDest:
        o[u"mac"] = macText(mac);
        break;
    case RuleType::MatchIpv4Source:
    case RuleType::MatchIpv4Dest:
    case RuleType::MatchIpv6Source:
    case RuleType::MatchIpv6Dest:
        o[u"ip"] = ip.toString();
        break;
    case RuleType::MatchIpTos:
        o[u"mask"] = int(tosMask);
        o[u"start"] = qint64(start);
        o[u"end"] = qint64(end);
        break;
    case RuleType::MatchIpProtocol:
        o[u"ipProtocol"] = qint64(value);
        break;
    case RuleType::MatchEthertype:
        o[u"etherType"] = qint64(value);
        break;
    case RuleType::MatchIcmp:
        o[u"icmpType"] = int(icmpType);
        if (icmpFlags & IcmpFlagCheckCode)
            o[u"icmpCode"] = int(icmpCode);
        else
            o[u"icmpCode"] = QJsonValue(QJsonValue::Null);
        break;
    case RuleType::MatchIpSourcePortRange:
    case RuleType::MatchIpDestPortRange:
    case RuleType::MatchFrameSizeRange:
        o[u"start"] = qint64(start);
        o[u"end"] = qint64(end);
        break;
    case RuleType::MatchCharacteristics:
        o[u"mask"] = hex16(value);
        break;
    case RuleType::MatchRandom:
        o[u"probability"] = qint64(value);
        break;
    case RuleType::MatchTagsDifference:
    case RuleType::MatchTagsBitwiseAnd:
    case RuleType::MatchTagsBitwiseOr:
    case RuleType::MatchTagsBitwiseXor:
    case RuleType::MatchTagsEqual:
    case RuleType::MatchTagSender:
    case RuleType::MatchTagReceiver:
        o[u"id"] = qint64(tagId);
        o[u"value"] = qint64(tagValue);
        break;
    case RuleType::MatchIntegerRange:
        o[u"start"] = hex16(start);
        o[u"end"] = hex16(end);
        o[u"idx"] = int(intIndex);
        o[u"little"] = (intFormat & 0x80) != 0;
        o[u"bits"] = (intFormat & 0x3f) + 1;
        break;
    case RuleType::ActionDrop:
    case RuleType::ActionAccept:
    case RuleType::ActionBreak:
    case RuleType::ActionPriority:
        break;
    }
    return o;
}

Result<Rule> Rule::fromJson(const QJsonValue &json)
{
    if (!json.isObject())
        return makeError(ErrorCode::Malformed, QStringLiteral("a rule must be a JSON object"));
    const QJsonObject o = json.toObject();
    TM_TAKE(code, typeFromJson(o));
    TM_TAKE(notFlag, boolField(o, QStringLiteral("not"), false));
    TM_TAKE(orFlag, boolField(o, QStringLiteral("or"), false));
    Rule r;
    r.code = *code;
    r.invert = *notFlag;
    r.orWithPrevious = *orFlag;
    if (Status filled = readValueFields(o, r); !filled)
        return filled.error();
    return r;
}

#undef TM_TAKE

Result<QList<Rule>> rulesFromJson(const QJsonArray &array)
{
    QList<Rule> rules;
    if (array.size() > Rule::MaxBaseRules)
        return makeError(ErrorCode::TooLarge, QStringLiteral("rules: more than %1 entries").arg(Rule::MaxBaseRules));
    for (qsizetype i = 0; i < array.size(); ++i) {
        auto rule = Rule::fromJson(array.at(i));
        if (!rule) {
            Error e = rule.error();
            e.message = QStringLiteral("rules[%1]: %2").arg(i).arg(e.message);
            return e;
        }
        rules.append(std::move(rule).value());
    }
    return rules;
}

QList<Rule> rulesFromJsonLenient(const QJsonArray &array, int maxRules)
{
    QList<Rule> rules;
    for (const QJsonValue &v : array) {
        if (rules.size() >= maxRules)
            break;
        auto rule = Rule::fromJson(v);
        if (rule)
            rules.append(std::move(rule).value());
    }
    return rules;
}

QJsonArray rulesToJson(const QList<Rule> &rules)
{
    QJsonArray out;
    for (const Rule &r : rules) {
        if (auto o = r.toJson())
            out.append(*o);
    }
    return out;
}

} // namespace tier
