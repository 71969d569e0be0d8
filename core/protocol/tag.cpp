// SPDX-License-Identifier: GPL-3.0-or-later
#include "tag.h"

#include "core/crypto/identity.h"
#include "core/protocol/credential.h"

namespace tier {

void Tag::writeBody(ByteWriter &w) const
{
    w.u64(m_networkId).u64(quint64(m_timestamp)).u32(m_id).u32(m_value).u40(m_issuedTo.toInt()).u40(m_signedBy.toInt());
}

Result<Tag> Tag::read(ByteReader &reader)
{
    Tag t;
    t.m_networkId = reader.u64();
    t.m_timestamp = qint64(reader.u64());
    t.m_id = reader.u32();
    t.m_value = reader.u32();
    t.m_issuedTo = Address(reader.u40());
    t.m_signedBy = Address(reader.u40());
    if (!reader.ok())
        return makeError(ErrorCode::Truncated, QStringLiteral("Tag truncated"));
    auto sig = credential::readSignature(reader, "Tag");
    if (!sig)
        return sig.error();
    t.m_signature = std::move(sig).value();
    const Status ext = credential::skipExtensions(reader, "Tag");
    if (!ext)
        return ext.error();
    return t;
}

Result<Tag> Tag::fromBytes(QByteArrayView bytes)
{
    ByteReader reader(bytes);
    auto t = read(reader);
    if (t && !reader.atEnd())
        return makeError(ErrorCode::Malformed, QStringLiteral("%1 bytes after the Tag").arg(reader.remaining()));
    return t;
}

void Tag::write(ByteWriter &w) const
{
    writeBody(w);
    credential::writeSignature(w, m_signature);
    w.u16(0);
}

QByteArray Tag::toBytes() const
{
    ByteWriter w(SignedLength);
    write(w);
    return std::move(w).data();
}

QByteArray Tag::signedMessage() const
{
    ByteWriter w;
    writeBody(w);
    return credential::envelope(w.data());
}

bool Tag::sign(const Identity &signer)
{
    if (!signer.hasSecret())
        return false;
    m_signedBy = signer.address();
    m_signature = signer.sign(signedMessage());
    return m_signature.size() == credential::SignatureLength;
}

bool Tag::verify(const Identity &signer) const
{
    if (m_signedBy.isNull() || m_signedBy != signer.address() || controllerOf(m_networkId) != m_signedBy ||
        m_signature.size() != credential::SignatureLength)
        return false;
    return signer.verify(signedMessage(), m_signature);
}

} // namespace tier
