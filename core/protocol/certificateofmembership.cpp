// SPDX-License-Identifier: GPL-3.0-or-later
#include "certificateofmembership.h"

#include "core/crypto/identity.h"
#include "core/crypto/primitives.h"
#include "core/protocol/credential.h"

#include <algorithm>

namespace tier {

namespace {

constexpr quint64 AnyValue = ~quint64(0);

QList<quint64> identityHashWords(Address address, QByteArrayView publicKey)
{
    // SHA-384 is not in libsodium; primitives.h takes it from Qt.
    const QByteArray input = address.toBytes() + publicKey.toByteArray();
    const QByteArray hash = crypto::sha384(input);
    QList<quint64> words;
    ByteReader r(hash);
    for (int i = 0; i < 4; ++i)
        words.append(r.u64());
    return words;
}

} // namespace

CertificateOfMembership CertificateOfMembership::create(quint64 networkId, qint64 timestamp, quint64 timestampMaxDelta,
                                                        Address member, QByteArrayView memberPublicKey64)
{
    CertificateOfMembership com;
    com.m_qualifiers.append({QualifierTimestamp, quint64(timestamp), timestampMaxDelta});
    com.m_qualifiers.append({QualifierNetworkId, networkId, 0});
    com.m_qualifiers.append({QualifierIssuedTo, member.toInt(), AnyValue});
    const QList<quint64> words = identityHashWords(member, memberPublicKey64);
    for (int i = 0; i < 4; ++i)
        com.m_qualifiers.append({QualifierIdentityHash0 + quint64(i), words[i], AnyValue});
    return com;
}

CertificateOfMembership CertificateOfMembership::create(quint64 networkId, qint64 timestamp, quint64 timestampMaxDelta,
                                                        const Identity &member)
{
    return create(networkId, timestamp, timestampMaxDelta, member.address(), member.publicKey());
}

std::optional<CertificateOfMembership> CertificateOfMembership::fromQualifiers(QList<Qualifier> qualifiers)
{
    if (qualifiers.size() > MaxQualifiers)
        return std::nullopt;
    std::sort(qualifiers.begin(), qualifiers.end(), [](const Qualifier &a, const Qualifier &b) { return a.id < b.id; });
    for (qsizetype i = 1; i < qualifiers.size(); ++i) {
        if (qualifiers[i].id == qualifiers[i - 1].id)
            return std::nullopt;
    }
    CertificateOfMembership com;
    com.m_qualifiers = std::move(qualifiers);
    return com;
}

Result<CertificateOfMembership> CertificateOfMembership::read(ByteReader &reader)
{
    const quint8 format = reader.u8();
    const quint16 count = reader.u16();
    if (!reader.ok())
        return makeError(ErrorCode::Truncated, QStringLiteral("COM truncated"));
    if (format != 1)
        return makeError(ErrorCode::Unsupported, QStringLiteral("COM format %1 (only 1 exists)").arg(format));
    if (count > MaxQualifiers)
        return makeError(ErrorCode::TooLarge, QStringLiteral("COM with %1 qualifiers (at most 8)").arg(count));
    CertificateOfMembership com;
    for (int i = 0; i < count; ++i) {
        Qualifier q;
        q.id = reader.u64();
        q.value = reader.u64();
        q.maxDelta = reader.u64();
        if (!com.m_qualifiers.isEmpty() && q.id <= com.m_qualifiers.last().id)
            return makeError(ErrorCode::Malformed, QStringLiteral("COM qualifier ids not strictly ascending"));
        com.m_qualifiers.append(q);
    }
    com.m_signedBy = Address(reader.u40());
    if (!com.m_signedBy.isNull())
        com.m_signature = reader.bytes(credential::SignatureLength).toByteArray();
    if (!reader.ok())
        return makeError(ErrorCode::Truncated, QStringLiteral("COM truncated"));
    return com;
}

Result<CertificateOfMembership> CertificateOfMembership::fromBytes(QByteArrayView bytes)
{
    ByteReader reader(bytes);
    auto com = read(reader);
    if (com && !reader.atEnd())
        return makeError(ErrorCode::Malformed, QStringLiteral("%1 bytes after the COM").arg(reader.remaining()));
    return com;
}

void CertificateOfMembership::write(ByteWriter &writer) const
{
    writer.u8(1).u16(quint16(m_qualifiers.size()));
    for (const Qualifier &q : m_qualifiers)
        writer.u64(q.id).u64(q.value).u64(q.maxDelta);
    if (m_signedBy.isNull() || m_signature.size() != credential::SignatureLength) {
        writer.u40(0);
        return;
    }
    writer.u40(m_signedBy.toInt()).bytes(m_signature);
}

QByteArray CertificateOfMembership::toBytes() const
{
    ByteWriter w(ZeroTierSignedLength);
    write(w);
    return std::move(w).data();
}

QByteArray CertificateOfMembership::signedMessage() const
{
    ByteWriter w(m_qualifiers.size() * 24);
    for (const Qualifier &q : m_qualifiers)
        w.u64(q.id).u64(q.value).u64(q.maxDelta);
    return std::move(w).data();
}

bool CertificateOfMembership::sign(const Identity &signer)
{
    if (!signer.hasSecret() || m_qualifiers.isEmpty())
        return false;
    QByteArray sig = signer.sign(signedMessage());
    if (sig.size() != credential::SignatureLength)
        return false;
    m_signedBy = signer.address();
    m_signature = std::move(sig);
    return true;
}

bool CertificateOfMembership::verify(const Identity &signer) const
{
    if (m_signedBy.isNull() || m_signedBy != signer.address() || m_signature.size() != credential::SignatureLength)
        return false;
    if (controllerOf(networkId()) != m_signedBy)
        return false;
    return signer.verify(signedMessage(), m_signature);
}

std::optional<CertificateOfMembership::Qualifier> CertificateOfMembership::qualifier(quint64 id) const
{
    for (const Qualifier &q : m_qualifiers) {
        if (q.id == id)
            return q;
    }
    return std::nullopt;
}

qint64 CertificateOfMembership::timestamp() const
{
    const auto q = qualifier(QualifierTimestamp);
    return q ? qint64(q->value) : 0;
}

quint64 CertificateOfMembership::timestampMaxDelta() const
{
    const auto q = qualifier(QualifierTimestamp);
    return q ? q->maxDelta : 0;
}

quint64 CertificateOfMembership::networkId() const
{
    const auto q = qualifier(QualifierNetworkId);
    return q ? q->value : 0;
}

Address CertificateOfMembership::issuedTo() const
{
    const auto q = qualifier(QualifierIssuedTo);
    return q ? Address(q->value) : Address();
}

bool CertificateOfMembership::agreesWith(const CertificateOfMembership &other, const Identity &otherIdentity) const
{
    bool wantsIdentityHash = false;
    for (const Qualifier &mine : m_qualifiers) {
        const auto theirs = other.qualifier(mine.id);
        if (!theirs)
            return false;
        const quint64 delta = mine.value > theirs->value ? mine.value - theirs->value : theirs->value - mine.value;
        if (delta > mine.maxDelta)
            return false;
        if (mine.id >= QualifierIdentityHash0 && mine.id < QualifierIdentityHash0 + 4)
            wantsIdentityHash = true;
    }
    if (wantsIdentityHash) {
        const QList<quint64> words = identityHashWords(otherIdentity.address(), otherIdentity.publicKey());
        for (int i = 0; i < 4; ++i) {
            const auto q = other.qualifier(QualifierIdentityHash0 + quint64(i));
            if (!q || q->value != words[i])
                return false;
        }
    }
    return true;
}

} // namespace tier
