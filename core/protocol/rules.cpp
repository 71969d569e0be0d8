// SPDX-License-Identifier: GPL-3.0-or-later
#include "rules.h"

#include <QJsonDocument>

#include <cmath>
#include <limits>

namespace tier {

namespace {

struct TypeInfo
{
    const char *name;
    int length;
};

// Indexed by code; names as the reference controller's JSON spells them (INTEGER_RANGE has no
// MATCH_ prefix there).
TypeInfo typeInfo(quint8 code)
{
    switch (RuleType(code)) {
    case RuleType::ActionDrop:
        return {"ACTION_DROP", 0};
    case RuleType::ActionAccept:
        return {"ACTION_ACCEPT", 0};
    case RuleType::ActionTee:
        return {"ACTION_TEE", 14};
    case RuleType::ActionWatch:
        return {"ACTION_WATCH", 14};
    case RuleType::ActionRedirect:
        return {"ACTION_REDIRECT", 14};
    case RuleType::ActionBreak:
        return {"ACTION_BREAK", 0};
    case RuleType::ActionPriority:
        return {"ACTION_PRIORITY", 0};
    case RuleType::MatchSourceZeroTierAddress:
        return {"MATCH_SOURCE_ZEROTIER_ADDRESS", 5};
    case RuleType::MatchDestZeroTierAddress:
        return {"MATCH_DEST_ZEROTIER_ADDRESS", 5};
    case RuleType::MatchVlanId:
        return {"MATCH_VLAN_ID", 2};
    case RuleType::MatchVlanPcp:
        return {"MATCH_VLAN_PCP", 1};
    case RuleType::MatchVlanDei:
        return {"MATCH_VLAN_DEI", 1};
    case RuleType::MatchMacSource:
        return {"MATCH_MAC_SOURCE", 6};
    case RuleType::MatchMacDest:
        return {"MATCH_MAC_DEST", 6};
    case RuleType::MatchIpv4Source:
        return {"MATCH_IPV4_SOURCE", 5};
    case RuleType::MatchIpv4Dest:
        return {"MATCH_IPV4_DEST", 5};
    case RuleType::MatchIpv6Source:
        return {"MATCH_IPV6_SOURCE", 17};
    case RuleType::MatchIpv6Dest:
        return {"MATCH_IPV6_DEST", 17};
    case RuleType::MatchIpTos:
        return {"MATCH_IP_TOS", 3};
    case RuleType::MatchIpProtocol:
        return {"MATCH_IP_PROTOCOL", 1};
    case RuleType::MatchEthertype:
        return {"MATCH_ETHERTYPE", 2};
    case RuleType::MatchIcmp:
        return {"MATCH_ICMP", 3};
    case RuleType::MatchIpSourcePortRange:
        return {"MATCH_IP_SOURCE_PORT_RANGE", 4};
    case RuleType::MatchIpDestPortRange:
        return {"MATCH_IP_DEST_PORT_RANGE", 4};
    case RuleType::MatchCharacteristics:
        return {"MATCH_CHARACTERISTICS", 8};
    case RuleType::MatchFrameSizeRange:
        return {"MATCH_FRAME_SIZE_RANGE", 4};
    case RuleType::MatchRandom:
        return {"MATCH_RANDOM", 4};
    case RuleType::MatchTagsDifference:
        return {"MATCH_TAGS_DIFFERENCE", 8};
    case RuleType::MatchTagsBitwiseAnd:
        return {"MATCH_TAGS_BITWISE_AND", 8};
    case RuleType::MatchTagsBitwiseOr:
        return {"MATCH_TAGS_BITWISE_OR", 8};
    case RuleType::MatchTagsBitwiseXor:
        return {"MATCH_TAGS_BITWISE_XOR", 8};
    case RuleType::MatchTagsEqual:
        return {"MATCH_TAGS_EQUAL", 8};
    case RuleType::MatchTagSender:
        return {"MATCH_TAG_SENDER", 8};
    case RuleType::MatchTagReceiver:
        return {"MATCH_TAG_RECEIVER", 8};
    case RuleType::MatchIntegerRange:
        return {"INTEGER_RANGE", 19};
    }
    return {nullptr, 0};
}

QByteArray fixedBytes(const QByteArray &in, qsizetype n)
{
    QByteArray out = in.left(n);
    if (out.size() < n)
        out.append(n - out.size(), '\0');
    return out;
}

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

} // namespace

quint8 Rule::typeByte() const
{
    return quint8((code & TypeMask) | (invert ? NotFlag : 0) | (orWithPrevious ? OrFlag : 0));
}

int Rule::valueLength(quint8 c)
{
    return typeInfo(c & TypeMask).length;
}

QString Rule::typeName(quint8 c)
{
    const char *name = typeInfo(c & TypeMask).name;
    return name ? QString::fromLatin1(name) : QString();
}

Rule Rule::action(RuleType type)
{
    Rule r;
    r.code = quint8(type);
    return r;
}

Rule Rule::etherType(quint16 etherType, bool invert)
{
    Rule r;
    r.code = quint8(RuleType::MatchEthertype);
    r.value = etherType;
    r.invert = invert;
    return r;
}

Rule Rule::ipDest(const InetAddress &network, bool invert)
{
    Rule r;
    r.code = quint8(network.isIPv6() ? RuleType::MatchIpv6Dest : RuleType::MatchIpv4Dest);
    r.ip = network;
    r.invert = invert;
    return r;
}

Rule Rule::ipSource(const InetAddress &network, bool invert)
{
    Rule r;
    r.code = quint8(network.isIPv6() ? RuleType::MatchIpv6Source : RuleType::MatchIpv4Source);
    r.ip = network;
    r.invert = invert;
    return r;
}

Rule Rule::destPortRange(quint16 from, quint16 to)
{
    Rule r;
    r.code = quint8(RuleType::MatchIpDestPortRange);
    r.start = from;
    r.end = to;
    return r;
}

Rule Rule::tagsEqual(quint32 id, quint32 value, bool orWithPrevious)
{
    Rule r;
    r.code = quint8(RuleType::MatchTagsEqual);
    r.tagId = id;
    r.tagValue = value;
    r.orWithPrevious = orWithPrevious;
    return r;
}

void Rule::write(ByteWriter &w) const
{
    w.u8(typeByte());
    const int len = valueLength(code);
    w.u8(quint8(len));
    switch (RuleType(code & TypeMask)) {
    case RuleType::ActionTee:
    case RuleType::ActionWatch:
    case RuleType::ActionRedirect:
        w.u64(address.toInt()).u32(actionFlags).u16(actionLength);
        break;
    case RuleType::MatchSourceZeroTierAddress:
    case RuleType::MatchDestZeroTierAddress:
        w.u40(address.toInt());
        break;
    case RuleType::MatchVlanId:
    case RuleType::MatchEthertype:
        w.u16(quint16(value));
        break;
    case RuleType::MatchVlanPcp:
    case RuleType::MatchVlanDei:
    case RuleType::MatchIpProtocol:
        w.u8(quint8(value));
        break;
    case RuleType::MatchMacSource:
    case RuleType::MatchMacDest:
        w.bytes(fixedBytes(mac, 6));
        break;
    case RuleType::MatchIpv4Source:
    case RuleType::MatchIpv4Dest:
        w.bytes(fixedBytes(ip.isIPv4() ? ip.ipBytes() : QByteArray(), 4)).u8(quint8(std::min(ip.prefixLength(), 32)));
        break;
    case RuleType::MatchIpv6Source:
    case RuleType::MatchIpv6Dest:
        w.bytes(fixedBytes(ip.isIPv6() ? ip.ipBytes() : QByteArray(), 16)).u8(quint8(std::min(ip.prefixLength(), 128)));
        break;
    case RuleType::MatchIpTos:
        w.u8(tosMask).u8(quint8(start)).u8(quint8(end));
        break;
    case RuleType::MatchIcmp:
        w.u8(icmpType).u8(icmpCode).u8(icmpFlags);
        break;
    case RuleType::MatchIpSourcePortRange:
    case RuleType::MatchIpDestPortRange:
    case RuleType::MatchFrameSizeRange:
        w.u16(quint16(start)).u16(quint16(end));
        break;
    case RuleType::MatchCharacteristics:
        w.u64(value);
        break;
    case RuleType::MatchRandom:
        w.u32(quint32(value));
        break;
    case RuleType::MatchTagsDifference:
    case RuleType::MatchTagsBitwiseAnd:
    case RuleType::MatchTagsBitwiseOr:
    case RuleType::MatchTagsBitwiseXor:
    case RuleType::MatchTagsEqual:
    case RuleType::MatchTagSender:
    case RuleType::MatchTagReceiver:
        w.u32(tagId).u32(tagValue);
        break;
    case RuleType::MatchIntegerRange:
        w.u64(start).u64(end).u16(intIndex).u8(intFormat);
        break;
    case RuleType::ActionDrop:
    case RuleType::ActionAccept:
    case RuleType::ActionBreak:
    case RuleType::ActionPriority:
        break;
    }
}

Result<Rule> Rule::read(ByteReader &reader)
{
    const quint8 typeByte = reader.u8();
    const quint8 len = reader.u8();
    const QByteArrayView data = reader.bytes(len);
    if (!reader.ok())
        return makeError(ErrorCode::Truncated, QStringLiteral("rule entry truncated"));

    Rule r;
    r.code = typeByte & TypeMask;
    r.invert = (typeByte & NotFlag) != 0;
    r.orWithPrevious = (typeByte & OrFlag) != 0;
    const int expected = valueLength(r.code);
    if (len < expected)
        return makeError(
            ErrorCode::Malformed,
            QStringLiteral("rule %1: value of %2 bytes, %3 expected").arg(typeName(r.code)).arg(len).arg(expected));
    // Longer values are accepted and the excess ignored: the length byte is what moves the reader.
    ByteReader v(data);
    switch (RuleType(r.code)) {
    case RuleType::ActionTee:
    case RuleType::ActionWatch:
    case RuleType::ActionRedirect:
        r.address = Address(v.u64());
        r.actionFlags = v.u32();
        r.actionLength = v.u16();
        break;
    case RuleType::MatchSourceZeroTierAddress:
    case RuleType::MatchDestZeroTierAddress:
        r.address = Address(v.u40());
        break;
    case RuleType::MatchVlanId:
    case RuleType::MatchEthertype:
        r.value = v.u16();
        break;
    case RuleType::MatchVlanPcp:
    case RuleType::MatchVlanDei:
    case RuleType::MatchIpProtocol:
        r.value = v.u8();
        break;
    case RuleType::MatchMacSource:
    case RuleType::MatchMacDest:
        r.mac = v.bytes(6).toByteArray();
        break;
    case RuleType::MatchIpv4Source:
    case RuleType::MatchIpv4Dest: {
        const QByteArrayView ipBytes = v.bytes(4);
        r.ip = InetAddress::fromIpBytes(ipBytes, v.u8());
        break;
    }
    case RuleType::MatchIpv6Source:
    case RuleType::MatchIpv6Dest: {
        const QByteArrayView ipBytes = v.bytes(16);
        r.ip = InetAddress::fromIpBytes(ipBytes, v.u8());
        break;
    }
    case RuleType::MatchIpTos:
        r.tosMask = v.u8();
        r.start = v.u8();
        r.end = v.u8();
        break;
    case RuleType::MatchIcmp:
        r.icmpType = v.u8();
        r.icmpCode = v.u8();
        r.icmpFlags = v.u8();
        break;
    case RuleType::MatchIpSourcePortRange:
    case RuleType::MatchIpDestPortRange:
    case RuleType::MatchFrameSizeRange:
        r.start = v.u16();
        r.end = v.u16();
        break;
    case RuleType::MatchCharacteristics:
        r.value = v.u64();
        break;
    case RuleType::MatchRandom:
        r.value = v.u32();
        break;
    case RuleType::MatchTagsDifference:
    case RuleType::MatchTagsBitwiseAnd:
    case RuleType::MatchTagsBitwiseOr:
    case RuleType::MatchTagsBitwiseXor:
    case RuleType::MatchTagsEqual:
    case RuleType::MatchTagSender:
    case RuleType::MatchTagReceiver:
        r.tagId = v.u32();
        r.tagValue = v.u32();
        break;
    case RuleType::MatchIntegerRange:
        r.start = v.u64();
        r.end = v.u64();
        r.intIndex = v.u16();
        r.intFormat = v.u8();
        break;
    case RuleType::ActionDrop:
    case RuleType::ActionAccept:
    case RuleType::ActionBreak:
    case RuleType::ActionPriority:
        break;
    }
    return r;
}

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
    const QJsonValue typeValue = o.value(u"type");
    if (!typeValue.isString())
        return fieldError(QStringLiteral("type"),
                          QStringLiteral("is required (a rule type name such as \"ACTION_ACCEPT\")"));
    const QString typeText = typeValue.toString();

    Rule r;
    bool found = false;
    for (quint8 c = 0; c <= TypeMask; ++c) {
        const char *name = typeInfo(c).name;
        if (name && c != quint8(RuleType::ActionPriority) && typeText == QLatin1String(name)) {
            r.code = c;
            found = true;
            break;
        }
    }
    if (!found && typeText == u"MATCH_INTEGER_RANGE") {
        r.code = quint8(RuleType::MatchIntegerRange);
        found = true;
    }
    if (!found)
        return fieldError(QStringLiteral("type"), QStringLiteral("has an unknown rule type \"%1\"").arg(typeText));

    const auto notFlag = boolField(o, QStringLiteral("not"), false);
    if (!notFlag)
        return notFlag.error();
    const auto orFlag = boolField(o, QStringLiteral("or"), false);
    if (!orFlag)
        return orFlag.error();
    r.invert = *notFlag;
    r.orWithPrevious = *orFlag;

#define TM_TAKE(var, expr)                                                                                             \
    auto var = (expr);                                                                                                 \
    if (!var)                                                                                                          \
        return var.error();

    switch (RuleType(r.code)) {
    case RuleType::ActionTee:
    case RuleType::ActionWatch:
    case RuleType::ActionRedirect: {
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
        break;
    }
    case RuleType::MatchSourceZeroTierAddress:
    case RuleType::MatchDestZeroTierAddress: {
        TM_TAKE(addr, addressField(o, QStringLiteral("zt")));
        r.address = *addr;
        break;
    }
    case RuleType::MatchVlanId: {
        TM_TAKE(v, intField(o, QStringLiteral("vlanId"), 0xffff, std::nullopt));
        r.value = *v;
        break;
    }
    case RuleType::MatchVlanPcp: {
        TM_TAKE(v, intField(o, QStringLiteral("vlanPcp"), 0xff, std::nullopt));
        r.value = *v;
        break;
    }
    case RuleType::MatchVlanDei: {
        TM_TAKE(v, intField(o, QStringLiteral("vlanDei"), 0xff, std::nullopt));
        r.value = *v;
        break;
    }
    case RuleType::MatchMacSource:
    case RuleType::MatchMacDest: {
        TM_TAKE(m, macField(o, QStringLiteral("mac")));
        r.mac = *m;
        break;
    }
    case RuleType::MatchIpv4Source:
    case RuleType::MatchIpv4Dest: {
        TM_TAKE(ip, ipField(o, QStringLiteral("ip"), InetAddress::Family::IPv4));
        r.ip = *ip;
        break;
    }
    case RuleType::MatchIpv6Source:
    case RuleType::MatchIpv6Dest: {
        TM_TAKE(ip, ipField(o, QStringLiteral("ip"), InetAddress::Family::IPv6));
        r.ip = *ip;
        break;
    }
    case RuleType::MatchIpTos: {
        TM_TAKE(mask, intField(o, QStringLiteral("mask"), 0xff, std::nullopt));
        TM_TAKE(s, intField(o, QStringLiteral("start"), 0xff, std::nullopt));
        TM_TAKE(e, intField(o, QStringLiteral("end"), 0xff, *s));
        r.tosMask = quint8(*mask);
        r.start = *s;
        r.end = *e;
        break;
    }
    case RuleType::MatchIpProtocol: {
        TM_TAKE(v, intField(o, QStringLiteral("ipProtocol"), 0xff, std::nullopt));
        r.value = *v;
        break;
    }
    case RuleType::MatchEthertype: {
        TM_TAKE(v, intField(o, QStringLiteral("etherType"), 0xffff, std::nullopt));
        r.value = *v;
        break;
    }
    case RuleType::MatchIcmp: {
        TM_TAKE(t, intField(o, QStringLiteral("icmpType"), 0xff, std::nullopt));
        r.icmpType = quint8(*t);
        const QJsonValue codeValue = o.value(u"icmpCode");
        if (!codeValue.isNull() && !codeValue.isUndefined()) {
            TM_TAKE(c, intField(o, QStringLiteral("icmpCode"), 0xff, std::nullopt));
            r.icmpCode = quint8(*c);
            r.icmpFlags = IcmpFlagCheckCode;
        }
        break;
    }
    case RuleType::MatchIpSourcePortRange:
    case RuleType::MatchIpDestPortRange:
    case RuleType::MatchFrameSizeRange: {
        TM_TAKE(s, intField(o, QStringLiteral("start"), 0xffff, std::nullopt));
        TM_TAKE(e, intField(o, QStringLiteral("end"), 0xffff, *s));
        if (*e < *s)
            return fieldError(QStringLiteral("end"), QStringLiteral("must not be below 'start'"));
        r.start = *s;
        r.end = *e;
        break;
    }
    case RuleType::MatchCharacteristics: {
        TM_TAKE(v, hexOrNumberField(o, QStringLiteral("mask"), std::nullopt));
        r.value = *v;
        break;
    }
    case RuleType::MatchRandom: {
        TM_TAKE(v, intField(o, QStringLiteral("probability"), 0xffffffffULL, std::nullopt));
        r.value = *v;
        break;
    }
    case RuleType::MatchTagsDifference:
    case RuleType::MatchTagsBitwiseAnd:
    case RuleType::MatchTagsBitwiseOr:
    case RuleType::MatchTagsBitwiseXor:
    case RuleType::MatchTagsEqual:
    case RuleType::MatchTagSender:
    case RuleType::MatchTagReceiver: {
        TM_TAKE(id, intField(o, QStringLiteral("id"), 0xffffffffULL, std::nullopt));
        TM_TAKE(v, intField(o, QStringLiteral("value"), 0xffffffffULL, std::nullopt));
        r.tagId = quint32(*id);
        r.tagValue = quint32(*v);
        break;
    }
    case RuleType::MatchIntegerRange: {
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
        break;
    }
    case RuleType::ActionDrop:
    case RuleType::ActionAccept:
    case RuleType::ActionBreak:
    case RuleType::ActionPriority:
        break;
    }
#undef TM_TAKE
    return r;
}

bool operator==(const Rule &a, const Rule &b)
{
    return a.code == b.code && a.invert == b.invert && a.orWithPrevious == b.orWithPrevious && a.address == b.address &&
           a.actionFlags == b.actionFlags && a.actionLength == b.actionLength && a.value == b.value && a.mac == b.mac &&
           a.ip == b.ip && a.tosMask == b.tosMask && a.start == b.start && a.end == b.end && a.icmpType == b.icmpType &&
           a.icmpCode == b.icmpCode && a.icmpFlags == b.icmpFlags && a.tagId == b.tagId && a.tagValue == b.tagValue &&
           a.intIndex == b.intIndex && a.intFormat == b.intFormat;
}

QByteArray encodeRules(const QList<Rule> &rules)
{
    ByteWriter w;
    for (const Rule &r : rules)
        r.write(w);
    return std::move(w).data();
}

Result<QList<Rule>> decodeRules(QByteArrayView bytes)
{
    QList<Rule> rules;
    ByteReader reader(bytes);
    while (!reader.atEnd()) {
        if (rules.size() >= Rule::MaxBaseRules)
            return makeError(ErrorCode::TooLarge, QStringLiteral("more than %1 rules").arg(Rule::MaxBaseRules));
        auto rule = Rule::read(reader);
        if (!rule)
            return rule.error();
        rules.append(std::move(rule).value());
    }
    return rules;
}

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
