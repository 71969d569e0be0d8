// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/address.h"
#include "core/base/bytes.h"
#include "core/base/result.h"
#include "core/protocol/credential.h"

#include <QByteArray>

namespace tier {

class Identity;

/// Revocation (docs/protocol/netconf.md §7): credentials of `target` of one type with a timestamp ≤ threshold are
/// void. 152 bytes signed.
class Revocation final
{
public:
    static constexpr int SignedLength = 152;
    static constexpr quint64 FlagFastPropagate = 0x01;

    Revocation() = default;
    Revocation(quint32 id, quint64 networkId, quint32 credentialId, qint64 threshold, quint64 flags, Address target,
               CredentialType type)
        : m_id(id), m_networkId(networkId), m_credentialId(credentialId), m_threshold(threshold), m_flags(flags),
          m_target(target), m_type(type)
    {}
    /// What ZT's controller sends on de-authorization: revoke the member's COMs up to now, fast propagate.
    static Revocation forDeauthorization(quint32 randomId, quint64 networkId, Address member, qint64 now);

    static Result<Revocation> read(ByteReader &reader);
    static Result<Revocation> fromBytes(QByteArrayView bytes);
    void write(ByteWriter &writer) const;
    QByteArray toBytes() const;

    QByteArray signedMessage() const;
    bool sign(const Identity &signer);
    bool verify(const Identity &signer) const;

    quint32 id() const { return m_id; }
    quint64 networkId() const { return m_networkId; }
    quint32 credentialId() const { return m_credentialId; }
    qint64 threshold() const { return m_threshold; }
    quint64 flags() const { return m_flags; }
    Address target() const { return m_target; }
    Address signedBy() const { return m_signedBy; }
    CredentialType credentialType() const { return m_type; }
    const QByteArray &signature() const { return m_signature; }

    friend bool operator==(const Revocation &a, const Revocation &b)
    {
        return a.m_id == b.m_id && a.m_networkId == b.m_networkId && a.m_credentialId == b.m_credentialId &&
               a.m_threshold == b.m_threshold && a.m_flags == b.m_flags && a.m_target == b.m_target &&
               a.m_signedBy == b.m_signedBy && a.m_type == b.m_type && a.m_signature == b.m_signature;
    }

private:
    void writeBody(ByteWriter &writer) const;

    quint32 m_id = 0;
    quint64 m_networkId = 0;
    quint32 m_credentialId = 0;
    qint64 m_threshold = 0;
    quint64 m_flags = 0;
    Address m_target;
    Address m_signedBy;
    CredentialType m_type = CredentialType::Null;
    QByteArray m_signature;
};

} // namespace tier
