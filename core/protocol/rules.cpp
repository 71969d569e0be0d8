// SPDX-License-Identifier: GPL-3.0-or-later
// The wire form of rules; their JSON form is in rulesjson.cpp.
#include "core/protocol/rules.h"

#include "core/protocol/rules_p.h"

#include <algorithm>

namespace tier {

namespace ruledetail {

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

} // namespace ruledetail

using ruledetail::fixedBytes;
using ruledetail::typeInfo;

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

} // namespace tier
