// SPDX-License-Identifier: GPL-3.0-or-later
// Match keywords of the flow-rules language and how their arguments read.
#include "core/flowrules/compilercontext.h"

#include <QRegularExpression>

namespace tier::flowrules::detail {

namespace {

using Fields = QList<QPair<QString, QJsonValue>>;

struct NamedValue
{
    const char16_t *name;
    qint64 value;
};

constexpr NamedValue etherTypes[] = {
    {u"ipv4", 0x0800}, {u"arp", 0x0806},   {u"wol", 0x0842},   {u"rarp", 0x8035}, {u"ipv6", 0x86dd},
    {u"atalk", 0x809b}, {u"aarp", 0x80f3}, {u"ipx_a", 0x8137}, {u"ipx_b", 0x8138},
};

constexpr NamedValue ipProtocols[] = {
    {u"icmp4", 1},  {u"icmpv4", 1}, {u"igmp", 2},   {u"ipip", 4},    {u"tcp", 6},   {u"egp", 8},
    {u"igp", 9},    {u"udp", 17},   {u"rdp", 27},   {u"esp", 50},    {u"ah", 51},   {u"icmp6", 58},
    {u"icmpv6", 58}, {u"l2tp", 115}, {u"sctp", 132}, {u"udplite", 136},
};

/// Characteristic names and their bit numbers in the 64-bit mask.
constexpr NamedValue characteristics[] = {
    {u"inbound", 63}, {u"multicast", 62}, {u"broadcast", 61}, {u"ipauth", 60}, {u"macauth", 59},
    {u"tcp_fin", 0},  {u"tcp_syn", 1},    {u"tcp_rst", 2},    {u"tcp_psh", 3}, {u"tcp_ack", 4},
    {u"tcp_urg", 5},  {u"tcp_ece", 6},    {u"tcp_cwr", 7},    {u"tcp_ns", 8},  {u"tcp_rs2", 9},
    {u"tcp_rs1", 10}, {u"tcp_rs0", 11},
};

template<std::size_t N>
std::optional<qint64> lookup(const NamedValue (&table)[N], const QString &name)
{
    for (const NamedValue &entry : table) {
        if (name == QStringView(entry.name))
            return entry.value;
    }
    return std::nullopt;
}

qint64 number(const Word &w, const QString &message = QStringLiteral("Invalid numeric value."))
{
    const auto v = unsignedValue(w.text);
    if (!v)
        fail(w, message);
    return *v;
}

qint64 namedOrNumber(const Word &w, std::optional<qint64> named)
{
    return named ? *named : number(w);
}

/// "a" or "a-b", each part a number.
std::pair<qint64, qint64> range(const Word &w, const QString &message)
{
    const QStringList parts = w.text.split(u'-');
    if (parts.size() > 2)
        fail(w, message);
    const auto start = unsignedValue(parts.front());
    const auto end = unsignedValue(parts.back());
    if (!start || !end)
        fail(w, message);
    return {*start, *end};
}

QString hexDigitsOf(const QString &text)
{
    QString out;
    for (const QChar ch : text) {
        if (hexDigitValue(ch) >= 0)
            out += ch.toLower();
    }
    return out;
}

QString ztAddress(const Word &w)
{
    const QString digits = hexDigitsOf(w.text);
    if (digits.size() < 10)
        fail(w, QStringLiteral("Invalid ZeroTier address."));
    return digits.left(10);
}

QString macAddress(const Word &w)
{
    const QString digits = hexDigitsOf(w.text);
    if (digits.size() < 12)
        fail(w, QStringLiteral("Invalid MAC address."));
    QString out;
    for (int i = 0; i < 12; i += 2) {
        if (i > 0)
            out += u':';
        out += digits.mid(i, 2);
    }
    return out;
}

/// The address is kept as written; only the part before '/' is looked at, and only for containing
/// something shaped like an IPv6 or IPv4 address. Returns true for IPv6.
bool ipIsV6(const Word &w)
{
    static const QRegularExpression v6(QStringLiteral("([0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{0,4}"));
    static const QRegularExpression v4(QStringLiteral("[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}"));
    const QString address = w.text.section(u'/', 0, 0);
    if (v6.match(address).hasMatch())
        return true;
    if (v4.match(address).hasMatch())
        return false;
    fail(w, QStringLiteral("Invalid IP address (not valid IPv4 or IPv6)."));
}

QString characteristicsMask(const Word &w)
{
    quint64 mask = 0;
    for (const QString &part : w.text.split(u',', Qt::SkipEmptyParts)) {
        std::optional<qint64> bit = lookup(characteristics, part);
        if (!bit) {
            bit = unsignedValue(part);
            if (!bit || *bit > 63)
                fail(w, QStringLiteral("Invalid or unknown characteristic \"%1\".").arg(part));
        }
        mask |= quint64(1) << *bit;
    }
    return QStringLiteral("%1").arg(mask, 16, 16, QLatin1Char('0'));
}

/// A probability written as a decimal fraction, read like JavaScript's parseFloat and clamped to 0…1.
qint64 probability(const Word &w)
{
    static const QRegularExpression fraction(
        QStringLiteral("^[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?"));
    const auto m = fraction.match(w.text);
    double p = m.hasMatch() ? m.captured(0).toDouble() : 0.0;
    if (std::isnan(p) || p < 0)
        p = 0;
    if (p > 1)
        p = 1;
    return qint64(std::floor(4294967295.0 * p));
}

qint64 tagValue(const Word &w, const TagDefinition *tag)
{
    if (!std::isnan(lenientInteger(w.text)))
        return number(w, QStringLiteral("Invalid tag value."));
    if (tag) {
        for (const auto &[name, value] : tag->enums) {
            if (name == w.text)
                return value;
        }
        for (const auto &[name, value] : tag->flags) {
            if (name == w.text)
                return value;
        }
    }
    fail(w, QStringLiteral("Invalid tag value or unknown enum/flag name."));
}

struct MatchKind
{
    const char16_t *keyword;
    const char16_t *type;
    int arguments;
};

constexpr MatchKind matchKinds[] = {
    {u"ztsrc", u"MATCH_SOURCE_ZEROTIER_ADDRESS", 1},
    {u"ztdest", u"MATCH_DEST_ZEROTIER_ADDRESS", 1},
    {u"vlan", u"MATCH_VLAN_ID", 1},
    {u"vlanpcp", u"MATCH_VLAN_PCP", 1},
    {u"vlandei", u"MATCH_VLAN_DEI", 1},
    {u"macsrc", u"MATCH_MAC_SOURCE", 1},
    {u"macdest", u"MATCH_MAC_DEST", 1},
    {u"ipsrc", u"MATCH_IPV4_SOURCE", 1},
    {u"ipdest", u"MATCH_IPV4_DEST", 1},
    {u"iptos", u"MATCH_IP_TOS", 2},
    {u"ipprotocol", u"MATCH_IP_PROTOCOL", 1},
    {u"ethertype", u"MATCH_ETHERTYPE", 1},
    {u"icmp", u"MATCH_ICMP", 2},
    {u"sport", u"MATCH_IP_SOURCE_PORT_RANGE", 1},
    {u"dport", u"MATCH_IP_DEST_PORT_RANGE", 1},
    {u"chr", u"MATCH_CHARACTERISTICS", 1},
    {u"framesize", u"MATCH_FRAME_SIZE_RANGE", 1},
    {u"random", u"MATCH_RANDOM", 1},
    {u"tand", u"MATCH_TAGS_BITWISE_AND", 2},
    {u"tor", u"MATCH_TAGS_BITWISE_OR", 2},
    {u"txor", u"MATCH_TAGS_BITWISE_XOR", 2},
    {u"tdiff", u"MATCH_TAGS_DIFFERENCE", 2},
    {u"teq", u"MATCH_TAGS_EQUAL", 2},
    {u"tseq", u"MATCH_TAG_SENDER", 2},
    {u"treq", u"MATCH_TAG_RECEIVER", 2},
};

/// The fields after "type", "not" and "or" for one match; may change the type (IPv6 addresses).
Fields matchFields(const Context &context, QString &type, const QString &keyword, const std::vector<Word> &a)
{
    auto f = [](const char16_t *key, QJsonValue v) { return QPair<QString, QJsonValue>(QString::fromUtf16(key), v); };
    if (keyword == u"ztsrc" || keyword == u"ztdest")
        return {f(u"zt", ztAddress(a[0]))};
    if (keyword == u"vlan")
        return {f(u"vlanId", number(a[0]))};
    if (keyword == u"vlanpcp")
        return {f(u"vlanPcp", number(a[0]))};
    if (keyword == u"vlandei")
        return {f(u"vlanDei", number(a[0]))};
    if (keyword == u"macsrc" || keyword == u"macdest")
        return {f(u"mac", macAddress(a[0]))};
    if (keyword == u"ipsrc" || keyword == u"ipdest") {
        if (ipIsV6(a[0]))
            type = keyword == u"ipsrc" ? QStringLiteral("MATCH_IPV6_SOURCE") : QStringLiteral("MATCH_IPV6_DEST");
        return {f(u"ip", a[0].text)};
    }
    if (keyword == u"iptos") {
        const qint64 mask = number(a[0]);
        const auto [start, end] = range(a[1], QStringLiteral("Invalid value range."));
        return {f(u"mask", mask), f(u"start", start), f(u"end", end)};
    }
    if (keyword == u"ipprotocol")
        return {f(u"ipProtocol", namedOrNumber(a[0], lookup(ipProtocols, a[0].text)))};
    if (keyword == u"ethertype")
        return {f(u"etherType", namedOrNumber(a[0], lookup(etherTypes, a[0].text)))};
    if (keyword == u"icmp") {
        const qint64 icmpType = number(a[0], QStringLiteral("Invalid ICMP type."));
        const double code = lenientInteger(a[1].text);
        if (std::isnan(code) || code < -1 || code > 255)
            fail(a[1], QStringLiteral("Invalid ICMP code (use -1 for none)."));
        if (icmpType > 255)
            fail(a[0], QStringLiteral("Invalid ICMP type."));
        return {f(u"icmpType", icmpType), f(u"icmpCode", code < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(qint64(code)))};
    }
    if (keyword == u"sport" || keyword == u"dport" || keyword == u"framesize") {
        const auto [start, end] = range(a[0], QStringLiteral("Invalid numeric range."));
        return {f(u"start", start), f(u"end", end)};
    }
    if (keyword == u"chr")
        return {f(u"mask", characteristicsMask(a[0]))};
    if (keyword == u"random")
        return {f(u"probability", probability(a[0]))};
    // Tag matches: the tag by name or numeric ID, the value by number or enum/flag name.
    const TagDefinition *tag = nullptr;
    qint64 id = 0;
    if (!std::isnan(lenientInteger(a[0].text))) {
        id = number(a[0], QStringLiteral("Invalid tag ID."));
    } else {
        tag = context.tagByName(a[0].text);
        if (!tag)
            fail(a[0], QStringLiteral("Undefined tag name."));
        id = tag->id;
    }
    return {f(u"id", id), f(u"value", tagValue(a[1], tag))};
}

} // namespace

void compileMatches(const Context &context, const std::vector<Node> &args, std::size_t from,
                    const Parameters &parameters, QList<RuleEntry> &out)
{
    bool invert = false;
    bool orWithPrevious = false;
    for (std::size_t i = from; i < args.size(); ++i) {
        const Node &node = args[i];
        if (node.isBlock) {
            const Word &at = node.children.empty() ? node.word : node.children.front().word;
            fail(at, QStringLiteral("Unrecognized match type \"%1\".").arg(at.text));
        }
        const QString keyword = node.word.text.toLower();
        if (keyword == u"not") {
            invert = true;
            continue;
        }
        if (keyword == u"or") {
            orWithPrevious = true;
            continue;
        }
        if (keyword == u"and") {
            orWithPrevious = false;
            continue;
        }
        const MatchKind *kind = nullptr;
        for (const MatchKind &k : matchKinds) {
            if (keyword == QStringView(k.keyword))
                kind = &k;
        }
        if (!kind)
            fail(node.word, QStringLiteral("Unrecognized match type \"%1\".").arg(node.word.text));
        std::vector<Word> values;
        for (int k = 1; k <= kind->arguments; ++k) {
            if (i + k >= args.size() || args[i + k].isBlock || isReservedWord(args[i + k].word.text)) {
                fail(node.word, QStringLiteral("Missing argument(s) to match (invalid argument or argument is "
                                               "reserved word)."));
            }
            Word value = args[i + k].word;
            if (value.text.startsWith(u'$')) {
                const auto found = parameters.constFind(value.text);
                if (found == parameters.constEnd())
                    fail(value, QStringLiteral("Undefined variable name."));
                value.text = *found;
            }
            values.push_back(std::move(value));
        }
        QString type = QString::fromUtf16(kind->type);
        Fields fields = matchFields(context, type, keyword, values);
        RuleEntry entry;
        entry.fields = {{QStringLiteral("type"), type},
                        {QStringLiteral("not"), invert},
                        {QStringLiteral("or"), orWithPrevious}};
        entry.fields += fields;
        out.append(std::move(entry));
        invert = false;
        orWithPrevious = false;
        i += kind->arguments;
    }
}

} // namespace tier::flowrules::detail
