// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Private to core/controller: one network's member records as the controller keeps them in memory.

#include "core/base/address.h"
#include "core/protocol/inetaddress.h"
#include "core/store/memberrepository.h"

#include <QList>
#include <QSharedData>
#include <QSharedDataPointer>

#include <algorithm>
#include <array>
#include <functional>
#include <optional>
#include <vector>

namespace tier {

/// What most reads of a member need, without unpacking its whole record.
struct MemberBrief
{
    Address address;
    bool authorized = false;
    bool activeBridge = false;
    bool hasIdentity = false; ///< the member asked at least once (its identity is pinned)
};

/// One network's member records, packed: a million members must fit in a few hundred megabytes. A
/// record keeps its identity as the 64 bytes of its public key, its name inline, one IP address in
/// binary form and the columns a million members share (description, tags, credential type) as a
/// code; whatever does not take that form exactly (a second IP, a long name, an identity text not in
/// canonical form, a token) goes into a shared block beside it. row() gives back exactly the
/// MemberRow that insert() was given, so nothing that reads a member can tell the difference.
///
/// The records lie side by side in one array, found through an open-addressing index of positions
/// (a hash of nodes would cost more than the record); whatever the order can show (lists,
/// signals, revocations) is walked in ascending address order, as the database and the reference
/// controller order members. Counts of members, authorized and pending members are kept up to date by
/// insert() and remove(). Copies share the records until one of them changes (as QMap did).
class MemberTable
{
public:
    MemberTable();

    qsizetype size() const { return qsizetype(d->rows.size()); }
    bool isEmpty() const { return d->rows.empty(); }
    bool contains(quint64 address) const { return at(address) != nullptr; }
    qsizetype authorizedCount() const { return d->authorized; }
    /// Asked (identity known) and not authorized.
    qsizetype pendingCount() const { return d->pending; }

    std::optional<MemberRow> find(quint64 address) const;
    /// The record, or a default MemberRow if there is none.
    MemberRow value(quint64 address) const;
    std::optional<MemberBrief> brief(quint64 address) const;
    /// The record's IP assignments as addresses (memberfields::ips of its row).
    QList<InetAddress> ips(quint64 address) const;

    /// Adds or replaces the record at row.address (its networkId must be this table's network's).
    void insert(const MemberRow &row);
    void remove(quint64 address);
    /// Loading: adds a record whose address is not in the table yet (a database's rows) without
    /// indexing it; nothing but append() may be called until finishAppending() has made the index once.
    void append(const MemberRow &row);
    /// Before append(): room for this many records in all (a hint).
    void reserve(qsizetype size) { d->rows.reserve(size_t(std::max<qsizetype>(size, 0))); }
    /// After the last append(): gives back what the array reserved for growth and indexes it.
    void finishAppending();

    /// Every member's address, ascending.
    QList<quint64> addresses() const;
    /// Every record in ascending address order.
    void forEach(const std::function<void(const MemberRow &)> &take) const;
    /// Every member in no particular order (for counts and sets, never for what the order shows).
    void forEachBrief(const std::function<void(const MemberBrief &)> &take) const;
    /// Every member that has IP assignments, ascending, with them (memberfields::ips).
    void forEachIps(const std::function<void(Address, const QList<InetAddress> &)> &take) const;
    /// The same for the IP texts as stored (MemberRow::ipAssignments).
    void forEachIpTexts(const std::function<void(Address, const QStringList &)> &take) const;
    /// Whether `other` holds a record at `address` equal to this table's one there (MemberRow's ==).
    bool sameRecord(quint64 address, const MemberTable &other) const;

private:
    // Whatever a record cannot keep in its packed form, shared between copies of the table.
    struct Extras : QSharedData
    {
        QString identity;
        QString name;
        QString description;
        QString tagsJson;
        QString capabilitiesJson;
        QString lastAuthorizedCredentialType;
        QString lastAuthorizedCredential;
        QStringList ipAssignments;
        qint64 authenticationExpiryTime = 0;
    };
    static constexpr int NameInline = 22;
    struct Packed
    {
        quint64 address = 0;
        quint64 revision = 0;
        qint64 creationTime = 0;
        qint64 lastModified = 0;
        qint64 lastAuthorizedTime = 0;
        qint64 lastDeauthorizedTime = 0;
        qint32 version[4] = {-1, -1, -1, -1}; // major, minor, revision, protocol
        InetAddress ip;                       // the one IP assignment (null: none), unless ipsExtra
        std::array<quint8, 64> key{};         // identity's public key (identityForm == Key)
        char name[NameInline] = {};           // UTF-8 (nameForm == Inline)
        quint8 nameLength = 0;
        quint8 identityForm = 0;
        quint8 nameForm = 0;
        quint8 description = 0; // Text codes
        quint8 tags = 0;
        quint8 capabilities = 0;
        quint8 credentialType = 0;
        quint8 credential = 0;
        bool authorized = false;
        bool activeBridge = false;
        bool noAutoAssignIps = false;
        bool ipsExtra = false;
        QSharedDataPointer<Extras> extras;
    };

    struct Data : QSharedData
    {
        std::vector<Packed> rows;
        // Power of two long. The low 32 bits of the address (what the position hashes) sit beside the
        // position, so that a probe rarely needs to look at a record.
        struct Slot
        {
            quint32 position = 0; // 0 = free, else position in rows + 1
            quint32 tag = 0;
        };
        std::vector<Slot> index;
        quint64 networkId = 0;
        qsizetype authorized = 0;
        qsizetype pending = 0;
    };

    static Packed pack(const MemberRow &row);
    MemberRow unpack(const Packed &p) const;
    const Packed *at(quint64 address) const;
    static void reindex(Data &data);
    /// Positions in rows, ascending by address.
    std::vector<quint32> ascending() const;
    static QList<InetAddress> ipsOf(const Packed &p);
    static QStringList ipTextsOf(const Packed &p);
    static bool samePacked(const Packed &a, const Packed &b);
    static bool isPending(const Packed &p);
    static bool hasIdentity(const Packed &p);
    static void count(Data &data, const Packed &p, int delta);

    QSharedDataPointer<Data> d;
};

} // namespace tier
