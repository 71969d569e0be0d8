// SPDX-License-Identifier: GPL-3.0-or-later
#include "certificateofownership.h"

#include "core/crypto/identity.h"
#include "core/protocol/credential.h"

namespace tier {

namespace {

QByteArray padded(QByteArrayView v)
{
    QByteArray out = v.toByteArray();
    out.append(CertificateOfOwnership::ThingValueLength - out.size(), '\0');
    return out;
}

} // namespace

bool CertificateOfOwnership::addIp(const InetAddress &ip)
{
    if (m_things.size() >= MaxThings || ip.isNull())
        return false;
    m_things.append(Thing{ip.isIPv4() ? ThingType::IPv4 : ThingType::IPv6, padded(ip.ipBytes())});
    return true;
}

bool CertificateOfOwnership::addMac(QByteArrayView mac6)
{
    if (m_things.size() >= MaxThings || mac6.size() != 6)
        return false;
    m_things.append(Thing{ThingType::Mac, padded(mac6)});
    return true;
}

QList<InetAddress> CertificateOfOwnership::ips() const
{
    QList<InetAddress> out;
    for (const Thing &t : m_things) {
        if (t.type == ThingType::IPv4)
            out.append(InetAddress::fromIpBytes(QByteArrayView(t.value).first(4)));
        else if (t.type == ThingType::IPv6)
            out.append(InetAddress::fromIpBytes(t.value));
    }
    return out;
}

void CertificateOfOwnership::writeBody(ByteWriter &w) const
{
    w.u64(m_networkId).u64(quint64(m_timestamp)).u64(m_flags).u32(m_id).u16(quint16(m_things.size()));
    for (const Thing &t : m_things)
        w.u8(quint8(t.type)).bytes(t.value);
    w.u40(m_issuedTo.toInt()).u40(m_signedBy.toInt());
}

Result<CertificateOfOwnership> CertificateOfOwnership::read(ByteReader &reader)
{
    CertificateOfOwnership c;
    c.m_networkId = reader.u64();
    c.m_timestamp = qint64(reader.u64());
    c.m_flags = reader.u64();
    c.m_id = reader.u32();
    const quint16 count = reader.u16();
    if (!reader.ok())
        return makeError(ErrorCode::Truncated, QStringLiteral("COO truncated"));
    if (count > MaxThings)
        return makeError(ErrorCode::TooLarge, QStringLiteral("COO with %1 things (at most 16)").arg(count));
    for (int i = 0; i < count; ++i) {
        Thing t;
        t.type = ThingType(reader.u8());
        t.value = reader.bytes(ThingValueLength).toByteArray();
        c.m_things.append(t);
    }
    c.m_issuedTo = Address(reader.u40());
    c.m_signedBy = Address(reader.u40());
    if (!reader.ok())
        return makeError(ErrorCode::Truncated, QStringLiteral("COO truncated"));
    auto sig = credential::readSignature(reader, "COO");
    if (!sig)
        return sig.error();
    c.m_signature = std::move(sig).value();
    const Status ext = credential::skipExtensions(reader, "COO");
    if (!ext)
        return ext.error();
    return c;
}

Result<CertificateOfOwnership> CertificateOfOwnership::fromBytes(QByteArrayView bytes)
{
    ByteReader reader(bytes);
    auto c = read(reader);
    if (c && !reader.atEnd())
        return makeError(ErrorCode::Malformed, QStringLiteral("%1 bytes after the COO").arg(reader.remaining()));
    return c;
}

void CertificateOfOwnership::write(ByteWriter &w) const
{
    writeBody(w);
    credential::writeSignature(w, m_signature);
    w.u16(0);
}

QByteArray CertificateOfOwnership::toBytes() const
{
    ByteWriter w;
    write(w);
    return std::move(w).data();
}

QByteArray CertificateOfOwnership::signedMessage() const
{
    ByteWriter w;
    writeBody(w);
    return credential::envelope(w.data());
}

bool CertificateOfOwnership::sign(const Identity &signer)
{
    if (!signer.hasSecret())
        return false;
    m_signedBy = signer.address();
    m_signature = signer.sign(signedMessage());
    return m_signature.size() == credential::SignatureLength;
}

bool CertificateOfOwnership::verify(const Identity &signer) const
{
    if (m_signedBy.isNull() || m_signedBy != signer.address() || controllerOf(m_networkId) != m_signedBy ||
        m_signature.size() != credential::SignatureLength)
        return false;
    return signer.verify(signedMessage(), m_signature);
}

} // namespace tier
