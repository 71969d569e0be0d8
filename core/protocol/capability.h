// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/address.h"
#include "core/base/bytes.h"
#include "core/base/result.h"
#include "core/protocol/rules.h"

#include <QByteArray>
#include <QList>

#include <functional>
#include <optional>

namespace tier {

class Identity;

/// Capability (docs/protocol/netconf.md §3): a signed set of up to 64 rules granted to a member, with a custody
/// chain of up to 7 (to, from, signature) entries. ZT's controller issues max chain length 1 and
/// one entry from itself to the member.
class Capability final
{
public:
    struct CustodyEntry
    {
        Address to;
        Address from;
        QByteArray signature;
        friend bool operator==(const CustodyEntry &a, const CustodyEntry &b)
        {
            return a.to == b.to && a.from == b.from && a.signature == b.signature;
        }
    };

    static constexpr int MaxRules = 64;
    static constexpr int MaxCustodyChainLength = 7;

    Capability() = default;
    Capability(quint64 networkId, qint64 timestamp, quint32 id, QList<Rule> rules, quint8 maxCustodyChainLength = 1)
        : m_networkId(networkId), m_timestamp(timestamp), m_id(id), m_rules(std::move(rules)),
          m_maxCustodyChainLength(maxCustodyChainLength)
    {}

    static Result<Capability> read(ByteReader &reader);
    static Result<Capability> fromBytes(QByteArrayView bytes);
    void write(ByteWriter &writer) const;
    QByteArray toBytes() const;

    /// 7F×8 ‖ nwid ‖ timestamp ‖ id ‖ rule count ‖ rules ‖ max chain length ‖ 0000 ‖ 7F×8.
    QByteArray signedMessage() const;
    /// Appends a custody entry from signer to `to`; false without a secret, when the chain is full,
    /// or when signer is not the previous holder (or, for the first entry, not the controller).
    bool sign(const Identity &signer, Address to);
    /// Verifies the whole chain; lookup gives the identity of each signer (nullopt → invalid).
    bool verify(const std::function<std::optional<Identity>(Address)> &lookup) const;
    /// Convenience for ZT's single-entry capabilities.
    bool verify(const Identity &controller) const;

    quint64 networkId() const { return m_networkId; }
    qint64 timestamp() const { return m_timestamp; }
    quint32 id() const { return m_id; }
    const QList<Rule> &rules() const { return m_rules; }
    quint8 maxCustodyChainLength() const { return m_maxCustodyChainLength; }
    const QList<CustodyEntry> &custodyChain() const { return m_custody; }
    /// The member currently holding it (last `to`), or null.
    Address holder() const { return m_custody.isEmpty() ? Address() : m_custody.last().to; }

    friend bool operator==(const Capability &a, const Capability &b)
    {
        return a.m_networkId == b.m_networkId && a.m_timestamp == b.m_timestamp && a.m_id == b.m_id &&
               a.m_rules == b.m_rules && a.m_maxCustodyChainLength == b.m_maxCustodyChainLength &&
               a.m_custody == b.m_custody;
    }

private:
    void writeBody(ByteWriter &writer) const;

    quint64 m_networkId = 0;
    qint64 m_timestamp = 0;
    quint32 m_id = 0;
    QList<Rule> m_rules;
    quint8 m_maxCustodyChainLength = 1;
    QList<CustodyEntry> m_custody;
};

} // namespace tier
