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
    p.address = row.address.toInt();
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
    } else if (row.name.size() <= NameInline &&
               std::all_of(row.name.cbegin(), row.name.cend(), [](QChar c) { return c.unicode() < 0x80; })) {
        p.nameForm = PackedForm; // ASCII, the usual case: no conversion needed
        p.nameLength = quint8(row.name.size());
        std::transform(row.name.cbegin(), row.name.cend(), p.name, [](QChar c) { return char(c.unicode()); });
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
    if (extra) { // the texts whose code says so are read from here
        extras.description = row.description;
        extras.tagsJson = row.tagsJson;
        extras.capabilitiesJson = row.capabilitiesJson;
        extras.lastAuthorizedCredentialType = row.lastAuthorizedCredentialType;
        extras.lastAuthorizedCredential = row.lastAuthorizedCredential;
        p.extras = new Extras(std::move(extras));
    }
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

MemberRow MemberTable::unpack(const Packed &p) const
{
    const quint64 address = p.address;
    static const Extras none;
    const Extras &x = p.extras ? *p.extras : none;
    MemberRow row;
    row.networkId = d->networkId;
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
    return sameExtras && a.address == b.address && a.revision == b.revision && a.creationTime == b.creationTime &&
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

void MemberTable::count(Data &data, const Packed &p, int delta)
{
    if (p.authorized)
        data.authorized += delta;
    if (isPending(p))
        data.pending += delta;
}

namespace {

size_t homeOf(quint32 tag, size_t mask)
{
    const quint64 h = quint64(tag) * 0x9e3779b97f4a7c15ULL; // addresses of one network may be anything
    return size_t(h ^ (h >> 32)) & mask;
}

// Linear probing: the index position holding `address`, or the free one where it would go.
template<typename Slots, typename Rows>
size_t probe(const Slots &index, quint64 address, const Rows &rows)
{
    const size_t mask = index.size() - 1;
    const quint32 tag = quint32(address);
    size_t i = homeOf(tag, mask);
    while (index[i].position != 0 && (index[i].tag != tag || rows[index[i].position - 1].address != address))
        i = (i + 1) & mask;
    return i;
}

} // namespace

MemberTable::MemberTable() : d(new Data) {}

const MemberTable::Packed *MemberTable::at(quint64 address) const
{
    if (d->index.empty())
        return nullptr;
    const quint32 position = d->index[probe(d->index, address, d->rows)].position;
    return position == 0 ? nullptr : &d->rows[position - 1];
}

std::optional<MemberRow> MemberTable::find(quint64 address) const
{
    const Packed *p = at(address);
    if (!p)
        return std::nullopt;
    return unpack(*p);
}

MemberRow MemberTable::value(quint64 address) const
{
    return find(address).value_or(MemberRow());
}

std::optional<MemberBrief> MemberTable::brief(quint64 address) const
{
    const Packed *p = at(address);
    if (!p)
        return std::nullopt;
    return MemberBrief{Address(address), p->authorized, p->activeBridge, hasIdentity(*p)};
}

QList<InetAddress> MemberTable::ips(quint64 address) const
{
    const Packed *p = at(address);
    return p ? ipsOf(*p) : QList<InetAddress>();
}

// At most half full after a rebuild and three quarters before the next: probes stay short.
void MemberTable::reindex(Data &x)
{
    size_t capacity = 16;
    while (capacity < x.rows.size() * 2)
        capacity *= 2;
    x.index.assign(capacity, Data::Slot());
    const size_t mask = capacity - 1;
    for (size_t pos = 0; pos < x.rows.size(); ++pos) {
        const quint32 tag = quint32(x.rows[pos].address);
        size_t i = homeOf(tag, mask);
        while (x.index[i].position != 0) // every address is there once: no comparison needed
            i = (i + 1) & mask;
        x.index[i] = Data::Slot{quint32(pos + 1), tag};
    }
}

void MemberTable::append(const MemberRow &row)
{
    Data &x = *d;
    x.networkId = row.networkId;
    x.rows.push_back(pack(row));
    count(x, x.rows.back(), 1);
}

void MemberTable::finishAppending()
{
    Data &x = *d;
    x.rows.shrink_to_fit();
    reindex(x);
}

void MemberTable::insert(const MemberRow &row)
{
    Data &x = *d; // detaches a shared copy
    x.networkId = row.networkId;
    Packed p = pack(row);
    count(x, p, 1);
    if (!x.index.empty()) {
        const size_t i = probe(x.index, p.address, x.rows);
        if (x.index[i].position != 0) {
            Packed &old = x.rows[x.index[i].position - 1];
            count(x, old, -1);
            old = std::move(p);
            return;
        }
    }
    x.rows.push_back(std::move(p));
    if (x.rows.size() * 4 > x.index.size() * 3) {
        reindex(x);
    } else {
        const quint64 address = x.rows.back().address;
        x.index[probe(x.index, address, x.rows)] = Data::Slot{quint32(x.rows.size()), quint32(address)};
    }
}

void MemberTable::remove(quint64 address)
{
    if (!at(address))
        return;
    Data &x = *d;
    const size_t mask = x.index.size() - 1;
    size_t hole = probe(x.index, address, x.rows);
    const size_t pos = x.index[hole].position - 1;
    count(x, x.rows[pos], -1);
    // Backward-shift deletion: entries after the hole whose home is not between it and them move up,
    // so that no probe ever stops early at the hole.
    x.index[hole] = Data::Slot();
    for (size_t j = (hole + 1) & mask; x.index[j].position != 0; j = (j + 1) & mask) {
        const size_t home = homeOf(x.index[j].tag, mask);
        const bool stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
        if (!stays) {
            x.index[hole] = x.index[j];
            x.index[j] = Data::Slot();
            hole = j;
        }
    }
    // The last record takes the removed one's place.
    const size_t last = x.rows.size() - 1;
    if (pos != last) {
        x.index[probe(x.index, x.rows[last].address, x.rows)].position = quint32(pos + 1);
        x.rows[pos] = std::move(x.rows[last]);
    }
    x.rows.pop_back();
}

std::vector<quint32> MemberTable::ascending() const
{
    std::vector<quint32> out(d->rows.size());
    for (size_t i = 0; i < out.size(); ++i)
        out[i] = quint32(i);
    std::sort(out.begin(), out.end(), [&](quint32 a, quint32 b) { return d->rows[a].address < d->rows[b].address; });
    return out;
}

QList<quint64> MemberTable::addresses() const
{
    QList<quint64> out;
    out.reserve(size());
    for (const Packed &p : d->rows)
        out.append(p.address);
    std::sort(out.begin(), out.end());
    return out;
}

void MemberTable::forEach(const std::function<void(const MemberRow &)> &take) const
{
    for (quint32 pos : ascending())
        take(unpack(d->rows[pos]));
}

void MemberTable::forEachBrief(const std::function<void(const MemberBrief &)> &take) const
{
    for (const Packed &p : d->rows)
        take(MemberBrief{Address(p.address), p.authorized, p.activeBridge, hasIdentity(p)});
}

bool MemberTable::sameRecord(quint64 address, const MemberTable &other) const
{
    const Packed *mine = at(address);
    const Packed *theirs = other.at(address);
    if (!mine || !theirs)
        return false;
    // Packed alike is the same record; two packings can still be equal rows (a null and an empty name).
    return samePacked(*mine, *theirs) || unpack(*mine) == other.unpack(*theirs);
}

void MemberTable::forEachIpTexts(const std::function<void(Address, const QStringList &)> &take) const
{
    for (quint32 pos : ascending()) {
        const Packed &p = d->rows[pos];
        if (p.ipsExtra || !p.ip.isNull())
            take(Address(p.address), ipTextsOf(p));
    }
}

void MemberTable::forEachIps(const std::function<void(Address, const QList<InetAddress> &)> &take) const
{
    for (quint32 pos : ascending()) {
        const Packed &p = d->rows[pos];
        if (p.ipsExtra || !p.ip.isNull())
            take(Address(p.address), ipsOf(p));
    }
}

} // namespace tier
