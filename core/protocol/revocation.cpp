// SPDX-License-Identifier: GPL-3.0-or-later
#include "revocation.h"

#include "core/crypto/identity.h"

namespace tier {

Revocation Revocation::forDeauthorization(quint32 randomId, quint64 networkId, Address member, qint64 now)
{
    return Revocation(randomId, networkId, 0, now, FlagFastPropagate, member, CredentialType::CertificateOfMembership);
}

void Revocation::writeBody(ByteWriter &w) const
{
    w.u32(0).u32(m_id).u64(m_networkId).u32(0).u32(m_credentialId).u64(quint64(m_threshold)).u64(m_flags);
    w.u40(m_target.toInt()).u40(m_signedBy.toInt()).u8(quint8(m_type));
}

Result<Revocation> Revocation::read(ByteReader &reader)
{
    Revocation r;
    reader.u32(); // reserved, zero
    r.m_id = reader.u32();
    r.m_networkId = reader.u64();
    reader.u32(); // reserved, zero
    r.m_credentialId = reader.u32();
    r.m_threshold = qint64(reader.u64());
    r.m_flags = reader.u64();
    r.m_target = Address(reader.u40());
    r.m_signedBy = Address(reader.u40());
    r.m_type = CredentialType(reader.u8());
    if (!reader.ok())
        return makeError(ErrorCode::Truncated, QStringLiteral("Revocation truncated"));
    auto sig = credential::readSignature(reader, "Revocation");
    if (!sig)
        return sig.error();
    r.m_signature = std::move(sig).value();
    const Status ext = credential::skipExtensions(reader, "Revocation");
    if (!ext)
        return ext.error();
    return r;
}

Result<Revocation> Revocation::fromBytes(QByteArrayView bytes)
{
    ByteReader reader(bytes);
    auto r = read(reader);
    if (r && !reader.atEnd())
        return makeError(ErrorCode::Malformed, QStringLiteral("%1 bytes after the Revocation").arg(reader.remaining()));
    return r;
}

void Revocation::write(ByteWriter &w) const
{
    writeBody(w);
    credential::writeSignature(w, m_signature);
    w.u16(0);
}

QByteArray Revocation::toBytes() const
{
    ByteWriter w(SignedLength);
    write(w);
    return std::move(w).data();
}

QByteArray Revocation::signedMessage() const
{
    ByteWriter w;
    writeBody(w);
    return credential::envelope(w.data());
}

bool Revocation::sign(const Identity &signer)
{
    if (!signer.hasSecret())
        return false;
    m_signedBy = signer.address();
    m_signature = signer.sign(signedMessage());
    return m_signature.size() == credential::SignatureLength;
}

bool Revocation::verify(const Identity &signer) const
{
    if (m_signedBy.isNull() || m_signedBy != signer.address() || controllerOf(m_networkId) != m_signedBy ||
        m_signature.size() != credential::SignatureLength)
        return false;
    return signer.verify(signedMessage(), m_signature);
}

} // namespace tier
