// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/address.h"
#include "core/base/bytes.h"
#include "core/base/result.h"

#include <QByteArray>
#include <QList>

#include <optional>

namespace tier {

class Identity;

/// Certificate of Membership (docs/protocol/netconf.md §2): up to 8 (id, value, max delta) qualifiers in strictly
/// ascending id order, signed by the network's controller over the raw qualifier triples.
class CertificateOfMembership final
{
public:
    struct Qualifier
    {
        quint64 id = 0;
        quint64 value = 0;
        quint64 maxDelta = 0;
        friend bool operator==(const Qualifier &a, const Qualifier &b)
        {
            return a.id == b.id && a.value == b.value && a.maxDelta == b.maxDelta;
        }
    };

    static constexpr quint64 QualifierTimestamp = 0;
    static constexpr quint64 QualifierNetworkId = 1;
    static constexpr quint64 QualifierIssuedTo = 2;
    static constexpr quint64 QualifierIdentityHash0 = 3; ///< 3..6: SHA-384(address ‖ public key)[0..31]
    static constexpr int MaxQualifiers = 8;
    static constexpr int ZeroTierSignedLength = 272; ///< 7 qualifiers + signer + signature

    CertificateOfMembership() = default;

    /// The 7 qualifiers ZT's controller issues (Trap 7); unsigned until sign().
    static CertificateOfMembership create(quint64 networkId, qint64 timestamp, quint64 timestampMaxDelta,
                                          Address member, QByteArrayView memberPublicKey64);
    static CertificateOfMembership create(quint64 networkId, qint64 timestamp, quint64 timestampMaxDelta,
                                          const Identity &member);
    /// Arbitrary qualifiers (sorted by id here; duplicate ids or more than 8 make it invalid).
    static std::optional<CertificateOfMembership> fromQualifiers(QList<Qualifier> qualifiers);

    /// Reads one COM at the reader's position (format byte 1, count ≤ 8, ids ascending).
    static Result<CertificateOfMembership> read(ByteReader &reader);
    /// The input must be exactly one COM.
    static Result<CertificateOfMembership> fromBytes(QByteArrayView bytes);
    void write(ByteWriter &writer) const;
    QByteArray toBytes() const;

    /// The signed message: the qualifier triples only, 24 big-endian bytes each.
    QByteArray signedMessage() const;
    /// Signs with the controller identity (needs its secret); false without one.
    bool sign(const Identity &signer);
    /// True if signed by signer (which must be the controller of the network ID) and the signature
    /// verifies.
    bool verify(const Identity &signer) const;

    bool isNull() const { return m_qualifiers.isEmpty(); }
    bool isSigned() const { return !m_signedBy.isNull(); }
    const QList<Qualifier> &qualifiers() const { return m_qualifiers; }
    std::optional<Qualifier> qualifier(quint64 id) const;
    qint64 timestamp() const;
    quint64 timestampMaxDelta() const;
    quint64 networkId() const;
    Address issuedTo() const;
    Address signedBy() const { return m_signedBy; }
    const QByteArray &signature() const { return m_signature; }

    /// Membership agreement (docs/protocol/netconf.md §2.4): whether other, presented by a peer with otherIdentity,
    /// agrees with this (our own) COM.
    bool agreesWith(const CertificateOfMembership &other, const Identity &otherIdentity) const;

    friend bool operator==(const CertificateOfMembership &a, const CertificateOfMembership &b)
    {
        return a.m_qualifiers == b.m_qualifiers && a.m_signedBy == b.m_signedBy && a.m_signature == b.m_signature;
    }

private:
    QList<Qualifier> m_qualifiers;
    Address m_signedBy;
    QByteArray m_signature;
};

} // namespace tier
