// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/rulesdescription.h"

namespace tier {

using flowrules::RuleEntry;
using flowrules::TagDefinition;

namespace {

QJsonValue field(const RuleEntry &e, const char16_t *key)
{
    for (const auto &[k, v] : e.fields) {
        if (k == QStringView(key))
            return v;
    }
    return {};
}

qint64 number(const RuleEntry &e, const char16_t *key)
{
    return qint64(field(e, key).toDouble());
}

QString range(const RuleEntry &e)
{
    const qint64 start = number(e, u"start");
    const qint64 end = number(e, u"end");
    return start == end ? QString::number(start) : QStringLiteral("%1–%2").arg(start).arg(end);
}

const TagDefinition *tagById(const QList<TagDefinition> &tags, qint64 id)
{
    for (const TagDefinition &t : tags) {
        if (t.id == id)
            return &t;
    }
    return nullptr;
}

QString tagValueText(const TagDefinition *tag, qint64 value)
{
    if (tag) {
        for (const auto &[name, v] : tag->enums) {
            if (v == value)
                return QStringLiteral("%1 (%2)").arg(name).arg(value);
        }
        for (const auto &[name, v] : tag->flags) {
            if (v == value)
                return QStringLiteral("%1 (%2)").arg(name).arg(value);
        }
    }
    return QString::number(value);
}

} // namespace

QString RulesDescription::etherTypeName(qint64 etherType)
{
    switch (etherType) {
    case 0x0800:
        return QStringLiteral("IPv4");
    case 0x0806:
        return QStringLiteral("ARP");
    case 0x0842:
        return tr("Wake-on-LAN");
    case 0x8035:
        return QStringLiteral("RARP");
    case 0x86dd:
        return QStringLiteral("IPv6");
    case 0x809b:
        return QStringLiteral("AppleTalk");
    case 0x80f3:
        return QStringLiteral("AARP");
    case 0x8137:
    case 0x8138:
        return QStringLiteral("IPX");
    default:
        return QStringLiteral("0x%1").arg(etherType, 4, 16, QLatin1Char('0'));
    }
}

QString RulesDescription::protocolName(qint64 protocol)
{
    switch (protocol) {
    case 1:
        return QStringLiteral("ICMP");
    case 2:
        return QStringLiteral("IGMP");
    case 4:
        return QStringLiteral("IP-in-IP");
    case 6:
        return QStringLiteral("TCP");
    case 8:
        return QStringLiteral("EGP");
    case 9:
        return QStringLiteral("IGP");
    case 17:
        return QStringLiteral("UDP");
    case 27:
        return QStringLiteral("RDP");
    case 50:
        return QStringLiteral("ESP");
    case 51:
        return QStringLiteral("AH");
    case 58:
        return QStringLiteral("ICMPv6");
    case 115:
        return QStringLiteral("L2TP");
    case 132:
        return QStringLiteral("SCTP");
    case 136:
        return QStringLiteral("UDP-Lite");
    default:
        return QString::number(protocol);
    }
}

QString RulesDescription::characteristicsText(const QString &hexMask)
{
    bool ok = false;
    const quint64 mask = hexMask.toULongLong(&ok, 16);
    if (!ok)
        return hexMask;
    QStringList names;
    for (int bit = 63; bit >= 0; --bit) {
        if (!(mask & (quint64(1) << bit)))
            continue;
        switch (bit) {
        case 63:
            names << tr("inbound");
            break;
        case 62:
            names << tr("multicast");
            break;
        case 61:
            names << tr("broadcast");
            break;
        case 60:
            names << tr("IP authenticated");
            break;
        case 59:
            names << tr("MAC authenticated");
            break;
        default: {
            static const char *const tcp[] = {"FIN", "SYN", "RST", "PSH", "ACK", "URG",
                                              "ECE", "CWR", "NS",  "RS2", "RS1", "RS0"};
            names << (bit < 12 ? QStringLiteral("TCP %1").arg(QLatin1String(tcp[bit])) : tr("bit %1").arg(bit));
        }
        }
    }
    return names.isEmpty() ? tr("nothing") : names.join(QStringLiteral(" + "));
}

QStringList RulesDescription::describeRules(const QList<RuleEntry> &entries, const QList<TagDefinition> &tags)
{
    QStringList lines;
    QStringList conditions;
    for (const RuleEntry &e : entries) {
        const QString type = e.type();
        if (type.startsWith(u"ACTION_")) {
            QString action;
            if (type == u"ACTION_DROP")
                action = tr("drop");
            else if (type == u"ACTION_ACCEPT")
                action = tr("accept");
            else if (type == u"ACTION_BREAK")
                action = tr("break (leave the decision to capabilities)");
            else if (type == u"ACTION_TEE" || type == u"ACTION_WATCH") {
                const qint64 length = number(e, u"length");
                const QString what = length > 0 ? tr("the first %n byte(s)", nullptr, int(length)) : tr("a copy");
                action = (type == u"ACTION_TEE" ? tr("send %1 to %2 (tee)") : tr("send %1 to %2 (watch)"))
                             .arg(what, field(e, u"address").toString());
            } else if (type == u"ACTION_REDIRECT")
                action = tr("redirect to %1").arg(field(e, u"address").toString());
            else
                action = type;
            const QString text = conditions.isEmpty() ? tr("%1 everything").arg(action)
                                                      : tr("%1 if %2").arg(action, conditions.join(QString()));
            lines << QStringLiteral("%1. %2").arg(lines.size() + 1).arg(text);
            conditions.clear();
            continue;
        }
        QString c;
        if (type == u"MATCH_ETHERTYPE")
            c = tr("ethertype %1").arg(etherTypeName(number(e, u"etherType")));
        else if (type == u"MATCH_IP_PROTOCOL")
            c = tr("protocol %1").arg(protocolName(number(e, u"ipProtocol")));
        else if (type == u"MATCH_CHARACTERISTICS")
            c = characteristicsText(field(e, u"mask").toString());
        else if (type == u"MATCH_IP_SOURCE_PORT_RANGE")
            c = tr("source port %1").arg(range(e));
        else if (type == u"MATCH_IP_DEST_PORT_RANGE")
            c = tr("destination port %1").arg(range(e));
        else if (type == u"MATCH_FRAME_SIZE_RANGE")
            c = tr("frame size %1").arg(range(e));
        else if (type == u"MATCH_SOURCE_ZEROTIER_ADDRESS")
            c = tr("from member %1").arg(field(e, u"zt").toString());
        else if (type == u"MATCH_DEST_ZEROTIER_ADDRESS")
            c = tr("to member %1").arg(field(e, u"zt").toString());
        else if (type == u"MATCH_MAC_SOURCE")
            c = tr("source MAC %1").arg(field(e, u"mac").toString());
        else if (type == u"MATCH_MAC_DEST")
            c = tr("destination MAC %1").arg(field(e, u"mac").toString());
        else if (type == u"MATCH_IPV4_SOURCE" || type == u"MATCH_IPV6_SOURCE")
            c = tr("source IP %1").arg(field(e, u"ip").toString());
        else if (type == u"MATCH_IPV4_DEST" || type == u"MATCH_IPV6_DEST")
            c = tr("destination IP %1").arg(field(e, u"ip").toString());
        else if (type == u"MATCH_VLAN_ID")
            c = tr("VLAN %1").arg(number(e, u"vlanId"));
        else if (type == u"MATCH_VLAN_PCP")
            c = tr("VLAN priority %1").arg(number(e, u"vlanPcp"));
        else if (type == u"MATCH_VLAN_DEI")
            c = tr("VLAN DEI %1").arg(number(e, u"vlanDei"));
        else if (type == u"MATCH_IP_TOS")
            c = tr("IP TOS & 0x%1 in %2").arg(number(e, u"mask"), 2, 16, QLatin1Char('0')).arg(range(e));
        else if (type == u"MATCH_ICMP")
            c = field(e, u"icmpCode").isNull()
                    ? tr("ICMP type %1").arg(number(e, u"icmpType"))
                    : tr("ICMP type %1 code %2").arg(number(e, u"icmpType")).arg(number(e, u"icmpCode"));
        else if (type == u"MATCH_RANDOM")
            c = tr("at random %1% of the time").arg(double(number(e, u"probability")) / 4294967295.0 * 100.0, 0, 'g', 4);
        else {
            const TagDefinition *tag = tagById(tags, number(e, u"id"));
            const QString name = tag ? tag->name : tr("tag %1").arg(number(e, u"id"));
            const QString value = tagValueText(tag, number(e, u"value"));
            if (type == u"MATCH_TAGS_DIFFERENCE")
                c = tr("%1 differs by at most %2 between sender and receiver").arg(name, value);
            else if (type == u"MATCH_TAGS_EQUAL")
                c = tr("%1 is %2 on both sides").arg(name, value);
            else if (type == u"MATCH_TAGS_BITWISE_AND")
                c = tr("%1 of both sides AND %2 is not zero").arg(name, value);
            else if (type == u"MATCH_TAGS_BITWISE_OR")
                c = tr("%1 of both sides OR %2 is not zero").arg(name, value);
            else if (type == u"MATCH_TAGS_BITWISE_XOR")
                c = tr("%1 of both sides XOR %2 is not zero").arg(name, value);
            else if (type == u"MATCH_TAG_SENDER")
                c = tr("sender's %1 is %2").arg(name, value);
            else if (type == u"MATCH_TAG_RECEIVER")
                c = tr("receiver's %1 is %2").arg(name, value);
            else
                c = type;
        }
        if (field(e, u"not").toBool())
            c = tr("not %1").arg(c);
        if (!conditions.isEmpty())
            conditions << (field(e, u"or").toBool() ? tr(" or ") : tr(" and "));
        conditions << c;
    }
    return lines;
}

QStringList RulesDescription::describe(const flowrules::CompiledRules &rules)
{
    QStringList lines = describeRules(rules.rules, rules.tags);
    if (rules.rules.isEmpty())
        lines << tr("No base rules: every frame is dropped.");
    for (const flowrules::CapabilityDefinition &cap : rules.capabilities) {
        lines << (cap.isDefault ? tr("Capability %1 (id %2, given to new members):")
                                : tr("Capability %1 (id %2):"))
                     .arg(cap.name)
                     .arg(cap.id);
        for (const QString &line : describeRules(cap.rules, rules.tags))
            lines << QStringLiteral("    ") + line;
    }
    for (const TagDefinition &tag : rules.tags) {
        QStringList values;
        for (const auto &[name, v] : tag.enums)
            values << QStringLiteral("%1 = %2").arg(name).arg(v);
        for (const auto &[name, v] : tag.flags)
            values << tr("flag %1 = %2").arg(name).arg(v);
        QString line = tr("Tag %1 (id %2)").arg(tag.name).arg(tag.id);
        if (!values.isEmpty())
            line += QStringLiteral(": ") + values.join(QStringLiteral(", "));
        if (tag.defaultValue)
            line += tr("; default %1").arg(tagValueText(&tag, *tag.defaultValue));
        lines << line;
    }
    return lines;
}

} // namespace tier
