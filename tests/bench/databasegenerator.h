// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/result.h"
#include "core/crypto/identity.h"

#include <QList>
#include <QString>

namespace tier::bench {

/// Writes a controller.db directly (one transaction, prepared INSERT … SELECT statements, rows made
/// inside SQLite): `networks` networks with one /8 pool and route, `members` members with one IP
/// each, `bigNetwork` of them in the first network, every tenth member of it pending. Members that
/// never talk get synthetic identities (identityFor()); `real` members are added to the big network
/// with their true public identity and the given authorization.
class DatabaseGenerator final
{
public:
    struct RealMember
    {
        Identity identity;
        bool authorized = true;
    };
    struct Result
    {
        QList<quint64> networkIds; ///< [0] is the big network
        qint64 members = 0;
        double seconds = 0;
    };

    DatabaseGenerator(const Identity &controller, int networks, int members, int bigNetwork);

    tier::Result<Result> write(const QString &path, const QList<RealMember> &real = {}, bool pendingInBig = true);

    /// The synthetic identity the generator wrote for member number `index` (0-based).
    Identity identityFor(qint64 index) const;
    static quint64 addressFor(qint64 index) { return AddressBase + quint64(index); }

private:
    static constexpr quint64 AddressBase = 0x5b00000000ULL;

    Identity m_controller;
    int m_networks;
    int m_members;
    int m_big;
    QString m_filler; ///< the part of every synthetic public key after its address
};

} // namespace tier::bench
