// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/controller/membertable.h"

#include <algorithm>

namespace tier {

namespace {

// A text column's form: null, '' , in the extras block, or one of the texts most members share.
enum TextCode : quint8 { NullText = 0, EmptyText = 1, ExtraText = 2, KnownText = 3 };
// An identity's or a name's form.
enum Form : quint8 { NullForm = 0, PackedForm = 1, ExtraForm = 2 };

constexpr int IdentityTextLength = 10 + 3 + 2 * 64; // "<address>:0:<public key hex>"

const QString &knownText(int index)
{
    static const QString texts[] = {QStringLiteral("[]"), QStringLiteral("api"), QStringLiteral("public"),
                                    QStringLiteral("token")};
    return texts[index];
}
constexpr int KnownTexts = 4;

quint8 textCode(const QString &text, bool &extra)
{
    if (text.isNull())
        return NullText;
    if (text.isEmpty())
        return EmptyText;
    for (int i = 0; i < KnownTexts; ++i) {
        if (text == knownText(i))
            return quint8(KnownText + i);
    }
    extra = true;
    return ExtraText;
}

QString textOf(quint8 code, const QString &extra)
{
    switch (code) {
    case NullText:
        return QString();
    case EmptyText:
        return QStringLiteral("");
    case ExtraText:
        return extra;
    default:
        return knownText(code - KnownText);
    }
}

int lowerHexDigit(char16_t c)
{
    if (c >= u'0' && c <= u'9')
        return c - u'0';
    if (c >= u'a' && c <= u'f')
        return c - u'a' + 10;
    return -1;
}

// Only the exact text Identity::toString(false) writes for a type 0 identity of this address: anything
// else is kept as text, so that it reads back unchanged.
bool packIdentity(const QString &text, quint64 address, std::array<quint8, 64> &key)
{
    if (text.size() != IdentityTextLength)
        return false;
    const char16_t *c = reinterpret_cast<const char16_t *>(text.constData());
    quint64 value = 0;
    for (int i = 0; i < 10; ++i) {
        const int d = lowerHexDigit(c[i]);
        if (d < 0)
            return false;
        value = (value << 4) | quint64(d);
    }
    if (value != address || c[10] != u':' || c[11] != u'0' || c[12] != u':')
        return false;
    for (int i = 0; i < 64; ++i) {
        const int hi = lowerHexDigit(c[13 + 2 * i]);
        const int lo = lowerHexDigit(c[14 + 2 * i]);
        if (hi < 0 || lo < 0)
            return false;
        key[size_t(i)] = quint8((hi << 4) | lo);
    }
    return true;
}

QString identityText(quint64 address, const std::array<quint8, 64> &key)
{
    static constexpr char16_t digits[] = u"0123456789abcdef";
    QString out(IdentityTextLength, Qt::Uninitialized);
    char16_t *c = reinterpret_cast<char16_t *>(out.data());
    for (int i = 9; i >= 0; --i) {
        c[i] = digits[address & 0xf];
        address >>= 4;
    }
    c[10] = u':';
    c[11] = u'0';
    c[12] = u':';
    for (int i = 0; i < 64; ++i) {
        c[13 + 2 * i] = digits[key[size_t(i)] >> 4];
        c[14 + 2 * i] = digits[key[size_t(i)] & 0xf];
    }
    return out;
}

} // namespace

MemberTable::Packed MemberTable::pack(const MemberRow &row)
{
    Packed p;
    Extras extras;
    bool extra = false;
    if (row.identity.isNull()) {
        p.identityForm = NullForm;
    } else if (packIdentity(row.identity, row.address.toInt(), p.key)) {
        p.identityForm = PackedForm;
    } else {
        p.identityForm = ExtraForm;
        extras.identity = row.identity;
        extra = true;
    }
    if (row.name.isNull()) {
        p.nameForm = NullForm;
    } else {
        const QByteArray utf8 = row.name.toUtf8();
        if (utf8.size() <= NameInline && QString::fromUtf8(utf8) == row.name) {
            p.nameForm = PackedForm;
            p.nameLength = quint8(utf8.size());
            std::copy(utf8.cbegin(), utf8.cend(), p.name);
        } else {
            p.nameForm = ExtraForm;
            extras.name = row.name;
            extra = true;
        }
    }
    p.description = textCode(row.description, extra);
    p.tags = textCode(row.tagsJson, extra);
    p.capabilities = textCode(row.capabilitiesJson, extra);
    p.credentialType = textCode(row.lastAuthorizedCredentialType, extra);
    p.credential = textCode(row.lastAuthorizedCredential, extra);
    extras.description = row.description;
    extras.tagsJson = row.tagsJson;
    extras.capabilitiesJson = row.capabilitiesJson;
    extras.lastAuthorizedCredentialType = row.lastAuthorizedCredentialType;
    extras.lastAuthorizedCredential = row.lastAuthorizedCredential;
    if (row.ipAssignments.size() == 1) {
        const auto ip = InetAddress::fromIpString(row.ipAssignments.constFirst());
        if (ip && !ip->isNull() && ip->toIpString() == row.ipAssignments.constFirst())
            p.ip = *ip;
        else
            p.ipsExtra = true;
    } else if (!row.ipAssignments.isEmpty()) {
        p.ipsExtra = true;
    }
    if (p.ipsExtra) {
        extras.ipAssignments = row.ipAssignments;
        extra = true;
    }
    if (row.authenticationExpiryTime != 0) {
        extras.authenticationExpiryTime = row.authenticationExpiryTime;
        extra = true;
    }
    if (extra)
        p.extras = new Extras(std::move(extras));
    p.authorized = row.authorized;
    p.activeBridge = row.activeBridge;
    p.noAutoAssignIps = row.noAutoAssignIps;
    p.revision = row.revision;
    p.creationTime = row.creationTime;
    p.lastModified = row.lastModified;
    p.lastAuthorizedTime = row.lastAuthorizedTime;
    p.lastDeauthorizedTime = row.lastDeauthorizedTime;
    p.version[0] = row.vMajor;
    p.version[1] = row.vMinor;
    p.version[2] = row.vRev;
    p.version[3] = row.vProto;
    return p;
}

MemberRow MemberTable::unpack(quint64 address, const Packed &p) const
{
    static const Extras none;
    const Extras &x = p.extras ? *p.extras : none;
    MemberRow row;
    row.networkId = m_networkId;
    row.address = Address(address);
    if (p.identityForm == PackedForm)
        row.identity = identityText(address, p.key);
    else if (p.identityForm == ExtraForm)
        row.identity = x.identity;
    if (p.nameForm == PackedForm)
        row.name = p.nameLength == 0 ? QStringLiteral("") : QString::fromUtf8(p.name, p.nameLength);
    else if (p.nameForm == ExtraForm)
        row.name = x.name;
    row.description = textOf(p.description, x.description);
    row.tagsJson = textOf(p.tags, x.tagsJson);
    row.capabilitiesJson = textOf(p.capabilities, x.capabilitiesJson);
    row.lastAuthorizedCredentialType = textOf(p.credentialType, x.lastAuthorizedCredentialType);
    row.lastAuthorizedCredential = textOf(p.credential, x.lastAuthorizedCredential);
    if (p.ipsExtra)
        row.ipAssignments = x.ipAssignments;
    else if (!p.ip.isNull())
        row.ipAssignments = QStringList{p.ip.toIpString()};
    row.authenticationExpiryTime = x.authenticationExpiryTime;
    row.authorized = p.authorized;
    row.activeBridge = p.activeBridge;
    row.noAutoAssignIps = p.noAutoAssignIps;
    row.revision = p.revision;
    row.creationTime = p.creationTime;
    row.lastModified = p.lastModified;
    row.lastAuthorizedTime = p.lastAuthorizedTime;
    row.lastDeauthorizedTime = p.lastDeauthorizedTime;
    row.vMajor = p.version[0];
    row.vMinor = p.version[1];
    row.vRev = p.version[2];
    row.vProto = p.version[3];
    return row;
}

QList<InetAddress> MemberTable::ipsOf(const Packed &p)
{
    QList<InetAddress> out;
    if (p.ipsExtra) {
        for (const QString &text : std::as_const(p.extras->ipAssignments)) {
            if (auto ip = InetAddress::fromIpString(text))
                out.append(*ip);
        }
    } else if (!p.ip.isNull()) {
        out.append(p.ip);
    }
    return out;
}

QStringList MemberTable::ipTextsOf(const Packed &p)
{
    if (p.ipsExtra)
        return p.extras->ipAssignments;
    return p.ip.isNull() ? QStringList() : QStringList{p.ip.toIpString()};
}

bool MemberTable::samePacked(const Packed &a, const Packed &b)
{
    const bool sameExtras =
        a.extras == b.extras ||
        (a.extras && b.extras && a.extras->identity == b.extras->identity && a.extras->name == b.extras->name &&
         a.extras->description == b.extras->description && a.extras->tagsJson == b.extras->tagsJson &&
         a.extras->capabilitiesJson == b.extras->capabilitiesJson &&
         a.extras->lastAuthorizedCredentialType == b.extras->lastAuthorizedCredentialType &&
         a.extras->lastAuthorizedCredential == b.extras->lastAuthorizedCredential &&
         a.extras->ipAssignments == b.extras->ipAssignments &&
         a.extras->authenticationExpiryTime == b.extras->authenticationExpiryTime);
    return sameExtras && a.revision == b.revision && a.creationTime == b.creationTime &&
           a.lastModified == b.lastModified && a.lastAuthorizedTime == b.lastAuthorizedTime &&
           a.lastDeauthorizedTime == b.lastDeauthorizedTime && std::equal(a.version, a.version + 4, b.version) &&
           a.ip == b.ip && a.key == b.key && a.nameLength == b.nameLength &&
           std::equal(a.name, a.name + a.nameLength, b.name) && a.identityForm == b.identityForm &&
           a.nameForm == b.nameForm && a.description == b.description && a.tags == b.tags &&
           a.capabilities == b.capabilities && a.credentialType == b.credentialType && a.credential == b.credential &&
           a.authorized == b.authorized && a.activeBridge == b.activeBridge && a.noAutoAssignIps == b.noAutoAssignIps &&
           a.ipsExtra == b.ipsExtra;
}

bool MemberTable::hasIdentity(const Packed &p)
{
    return p.identityForm == PackedForm || (p.identityForm == ExtraForm && !p.extras->identity.isEmpty());
}

bool MemberTable::isPending(const Packed &p)
{
    return !p.authorized && hasIdentity(p);
}

void MemberTable::count(const Packed &p, int delta)
{
    if (p.authorized)
        m_authorized += delta;
    if (isPending(p))
        m_pending += delta;
}

std::optional<MemberRow> MemberTable::find(quint64 address) const
{
    const auto it = m_rows.constFind(address);
    if (it == m_rows.constEnd())
        return std::nullopt;
    return unpack(address, *it);
}

MemberRow MemberTable::value(quint64 address) const
{
    return find(address).value_or(MemberRow());
}

std::optional<MemberBrief> MemberTable::brief(quint64 address) const
{
    const auto it = m_rows.constFind(address);
    if (it == m_rows.constEnd())
        return std::nullopt;
    return MemberBrief{Address(address), it->authorized, it->activeBridge, hasIdentity(*it)};
}

QList<InetAddress> MemberTable::ips(quint64 address) const
{
    const auto it = m_rows.constFind(address);
    return it == m_rows.constEnd() ? QList<InetAddress>() : ipsOf(*it);
}

void MemberTable::insert(const MemberRow &row)
{
    m_networkId = row.networkId;
    Packed p = pack(row);
    count(p, 1);
    auto it = m_rows.find(row.address.toInt());
    if (it != m_rows.end()) {
        count(*it, -1);
        *it = std::move(p);
    } else {
        m_rows.insert(row.address.toInt(), std::move(p));
    }
}

void MemberTable::remove(quint64 address)
{
    const auto it = m_rows.find(address);
    if (it == m_rows.end())
        return;
    count(*it, -1);
    m_rows.erase(it);
}

QList<quint64> MemberTable::addresses() const
{
    QList<quint64> out = m_rows.keys();
    std::sort(out.begin(), out.end());
    return out;
}

void MemberTable::forEach(const std::function<void(const MemberRow &)> &take) const
{
    for (quint64 address : addresses())
        take(unpack(address, *m_rows.constFind(address)));
}

void MemberTable::forEachBrief(const std::function<void(const MemberBrief &)> &take) const
{
    for (auto it = m_rows.cbegin(); it != m_rows.cend(); ++it)
        take(MemberBrief{Address(it.key()), it->authorized, it->activeBridge, hasIdentity(*it)});
}

bool MemberTable::sameRecord(quint64 address, const MemberTable &other) const
{
    const auto mine = m_rows.constFind(address);
    const auto theirs = other.m_rows.constFind(address);
    if (mine == m_rows.constEnd() || theirs == other.m_rows.constEnd())
        return false;
    // Packed alike is the same record; two packings can still be equal rows (a null and an empty name).
    return samePacked(*mine, *theirs) || unpack(address, *mine) == other.unpack(address, *theirs);
}

void MemberTable::forEachIpTexts(const std::function<void(Address, const QStringList &)> &take) const
{
    for (quint64 address : addresses()) {
        const Packed &p = *m_rows.constFind(address);
        if (p.ipsExtra || !p.ip.isNull())
            take(Address(address), ipTextsOf(p));
    }
}

void MemberTable::forEachIps(const std::function<void(Address, const QList<InetAddress> &)> &take) const
{
    for (quint64 address : addresses()) {
        const Packed &p = *m_rows.constFind(address);
        if (p.ipsExtra || !p.ip.isNull())
            take(Address(address), ipsOf(p));
    }
}

} // namespace tier
