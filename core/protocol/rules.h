// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/address.h"
#include "core/base/bytes.h"
#include "core/base/result.h"
#include "core/protocol/inetaddress.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <optional>

namespace tier {

/// Rule type codes (the low 6 bits of a rule's type byte, docs/protocol/netconf.md §6).
enum class RuleType : quint8 {
    ActionDrop = 0,
    ActionAccept = 1,
    ActionTee = 2,
    ActionWatch = 3,
    ActionRedirect = 4,
    ActionBreak = 5,
    ActionPriority = 6,
    MatchSourceZeroTierAddress = 24,
    MatchDestZeroTierAddress = 25,
    MatchVlanId = 26,
    MatchVlanPcp = 27,
    MatchVlanDei = 28,
    MatchMacSource = 29,
    MatchMacDest = 30,
    MatchIpv4Source = 31,
    MatchIpv4Dest = 32,
    MatchIpv6Source = 33,
    MatchIpv6Dest = 34,
    MatchIpTos = 35,
    MatchIpProtocol = 36,
    MatchEthertype = 37,
    MatchIcmp = 38,
    MatchIpSourcePortRange = 39,
    MatchIpDestPortRange = 40,
    MatchCharacteristics = 41,
    MatchFrameSizeRange = 42,
    MatchRandom = 43,
    MatchTagsDifference = 44,
    MatchTagsBitwiseAnd = 45,
    MatchTagsBitwiseOr = 46,
    MatchTagsBitwiseXor = 47,
    MatchTagsEqual = 48,
    MatchTagSender = 49,
    MatchTagReceiver = 50,
    MatchIntegerRange = 51,
};

/// One entry of a rule set: type byte (NOT 0x80, OR 0x40, 6-bit code), length byte, value. Only the
/// fields the type uses are meaningful; the others stay zero. Unassigned codes are kept (with no
/// value) so that a decoded rule set keeps its shape.
struct Rule final
{
    static constexpr quint8 NotFlag = 0x80;
    static constexpr quint8 OrFlag = 0x40;
    static constexpr quint8 TypeMask = 0x3f;
    static constexpr int MaxBaseRules = 1024;
    static constexpr int MaxCapabilityRules = 64;

    /// MATCH_CHARACTERISTICS bits (docs/protocol/netconf.md §6).
    static constexpr quint64 CharacteristicInbound = 0x8000000000000000ULL;
    static constexpr quint64 CharacteristicMulticast = 0x4000000000000000ULL;
    static constexpr quint64 CharacteristicBroadcast = 0x2000000000000000ULL;
    static constexpr quint64 CharacteristicSenderIpAuthenticated = 0x1000000000000000ULL;
    static constexpr quint64 CharacteristicSenderMacAuthenticated = 0x0800000000000000ULL;
    /// MATCH_ICMP flag: the ICMP code must match too.
    static constexpr quint8 IcmpFlagCheckCode = 0x01;

    quint8 code = quint8(RuleType::ActionAccept); ///< 6-bit type code (RuleType, or unassigned)
    bool invert = false;                          ///< NOT bit
    bool orWithPrevious = false;                  ///< OR bit

    Address address;          ///< TEE/WATCH/REDIRECT target; source/dest ZeroTier address
    quint32 actionFlags = 0;  ///< TEE/WATCH/REDIRECT flags
    quint16 actionLength = 0; ///< TEE/WATCH: frame bytes to copy (0 = all)
    quint64 value = 0;        ///< VLAN id/PCP/DEI, IP protocol, ethertype, characteristics mask, random probability
    QByteArray mac;           ///< 6 bytes for MAC matches
    InetAddress ip;           ///< IPv4/IPv6 matches; prefix length in the port field
    quint8 tosMask = 0;       ///< MATCH_IP_TOS mask
    quint64 start = 0;        ///< range start (TOS, ports, frame size, integer range)
    quint64 end = 0;          ///< range end, inclusive (integer range: absolute)
    quint8 icmpType = 0;
    quint8 icmpCode = 0;
    quint8 icmpFlags = 0; ///< IcmpFlagCheckCode
    quint32 tagId = 0;
    quint32 tagValue = 0;
    quint16 intIndex = 0; ///< INTEGER_RANGE byte index into the frame
    quint8 intFormat = 0; ///< INTEGER_RANGE: bit 7 little-endian, bits 0–5 = bit width − 1

    RuleType type() const { return RuleType(code); }
    bool isAction() const { return code <= quint8(RuleType::ActionPriority); }
    /// Wire type byte (code | NOT | OR).
    quint8 typeByte() const;
    /// Number of value bytes this type carries on the wire (0 for unassigned codes).
    static int valueLength(quint8 code);

    // --- convenient constructors for common rules ---
    static Rule action(RuleType type);
    static Rule etherType(quint16 etherType, bool invert = false);
    static Rule ipDest(const InetAddress &network, bool invert = false);
    static Rule ipSource(const InetAddress &network, bool invert = false);
    static Rule destPortRange(quint16 from, quint16 to);
    static Rule tagsEqual(quint32 id, quint32 value, bool orWithPrevious = false);

    void write(ByteWriter &writer) const;
    /// One rule at the reader's position; unknown codes are skipped by their length byte.
    static Result<Rule> read(ByteReader &reader);

    /// The reference controller's JSON rule object (docs/protocol/controller-logic.md §8.4); nullopt for types
    /// JSON cannot express (ACTION_PRIORITY, unassigned codes).
    std::optional<QJsonObject> toJson() const;
    /// Parses one JSON rule object. Errors name the offending field ("'etherType' must be …").
    static Result<Rule> fromJson(const QJsonValue &json);
    /// Name of a type code as the JSON uses it ("MATCH_ETHERTYPE", "INTEGER_RANGE"); empty if none.
    static QString typeName(quint8 code);

    friend bool operator==(const Rule &a, const Rule &b);
    friend bool operator!=(const Rule &a, const Rule &b) { return !(a == b); }
};

/// Base rules (`R`): concatenated entries without a count.
QByteArray encodeRules(const QList<Rule> &rules);
Result<QList<Rule>> decodeRules(QByteArrayView bytes);

/// A JSON rules array; the first invalid entry fails the whole array ("rules[3]: 'ip' …").
Result<QList<Rule>> rulesFromJson(const QJsonArray &array);
/// The reference controller's behaviour: invalid entries are skipped, at most maxRules kept.
QList<Rule> rulesFromJsonLenient(const QJsonArray &array, int maxRules = Rule::MaxBaseRules);
/// Rules JSON cannot express are left out.
QJsonArray rulesToJson(const QList<Rule> &rules);

} // namespace tier
