// SPDX-License-Identifier: GPL-3.0-or-later
#include "packet.h"

#include "compression.h"
#include "core/base/bytes.h"
#include "core/crypto/primitives.h"
#include "fragment.h"

#include <cstring>

namespace tier {

using namespace protocol;

namespace {

quint64 readBigEndian(QByteArrayView bytes)
{
    quint64 v = 0;
    for (char c : bytes)
        v = (v << 8) | quint8(c);
    return v;
}

// Keystream of 64 + (N - 27) bytes: bytes 0..31 key Poly1305, bytes 64.. encrypt the envelope.
QByteArray packetKeystream(QByteArrayView key, const QByteArray &packet)
{
    const QByteArray mk = Packet::mangledKey(key, packet);
    return crypto::salsa2012Stream(mk, QByteArrayView(packet).first(PacketIdLength), 64 + packet.size() - VerbOffset);
}

} // namespace

Packet::Packet(quint64 packetId, Address destination, Address source, Verb verb, QByteArrayView payload)
{
    ByteWriter w(HeaderLength + payload.size());
    w.u64(packetId).u40(destination.toInt()).u40(source.toInt()).u8(0).zeros(MacLength).u8(quint8(verb));
    w.bytes(payload);
    m_data = std::move(w).data();
}

Result<Packet> Packet::fromBytes(QByteArrayView bytes)
{
    if (bytes.size() < HeaderLength)
        return makeError(ErrorCode::Truncated, QStringLiteral("packet shorter than %1 bytes").arg(HeaderLength));
    if (bytes.size() > MaxPacketLength)
        return makeError(ErrorCode::TooLarge, QStringLiteral("packet longer than %1 bytes").arg(MaxPacketLength));
    return Packet(bytes.toByteArray());
}

quint64 Packet::packetId() const
{
    return readBigEndian(QByteArrayView(m_data).first(PacketIdLength));
}

Address Packet::destination() const
{
    return Address(readBigEndian(QByteArrayView(m_data).sliced(8, Address::Length)));
}

Address Packet::source() const
{
    return Address(readBigEndian(QByteArrayView(m_data).sliced(13, Address::Length)));
}

void Packet::setHops(int hops)
{
    m_data[FlagsOffset] = char((flags() & ~HopsMask) | (quint8(hops) & HopsMask));
}

void Packet::setFragmented(bool fragmented)
{
    const quint8 f = fragmented ? quint8(flags() | FlagFragmented) : quint8(flags() & ~FlagFragmented);
    m_data[FlagsOffset] = char(f);
}

void Packet::setPayload(QByteArrayView payload)
{
    m_data.truncate(PayloadOffset);
    m_data.append(payload);
    m_data[VerbOffset] = char(verbByte() & ~VerbCompressedFlag);
}

bool Packet::compress()
{
    if (isCompressed() || payload().size() <= CompressionMinPayload)
        return false;
    const std::optional<QByteArray> block = Lz4::compressIfSmaller(payload());
    if (!block)
        return false;
    const quint8 verb = verbByte();
    m_data.truncate(PayloadOffset);
    m_data.append(*block);
    m_data[VerbOffset] = char(verb | VerbCompressedFlag);
    return true;
}

Status Packet::decompress()
{
    if (!isCompressed())
        return Ok{};
    Result<QByteArray> plain = Lz4::decompress(payload(), MaxPayloadLength);
    if (!plain)
        return plain.error();
    const quint8 verb = verbByte();
    m_data.truncate(PayloadOffset);
    m_data.append(plain.value());
    m_data[VerbOffset] = char(verb & ~VerbCompressedFlag);
    return Ok{};
}

QByteArray Packet::mangledKey(QByteArrayView key, QByteArrayView packet)
{
    QByteArray mk = key.first(32).toByteArray();
    for (int i = 0; i < FlagsOffset; ++i)
        mk[i] = char(mk[i] ^ packet[i]);
    mk[FlagsOffset] = char(mk[FlagsOffset] ^ (quint8(packet[FlagsOffset]) & 0xf8));
    const auto n = quint32(packet.size());
    mk[19] = char(mk[19] ^ (n & 0xff));
    mk[20] = char(mk[20] ^ ((n >> 8) & 0xff));
    return mk;
}

Status Packet::armor(QByteArrayView key, CipherSuite suite, int mtu)
{
    if (key.size() < 32)
        return makeError(ErrorCode::Malformed, QStringLiteral("armor: key shorter than 32 bytes"));
    if (suite != CipherSuite::Poly1305None && suite != CipherSuite::Poly1305Salsa2012)
        return makeError(ErrorCode::Unsupported,
                         QStringLiteral("armor: cipher suite %1 not implemented").arg(quint8(suite)));
    if (mtu > 0)
        setFragmented(m_data.size() > mtu);
    quint8 f = quint8(flags() & FlagFragmented) | quint8(quint8(suite) << 3);
    if (suite == CipherSuite::Poly1305Salsa2012)
        f |= FlagEncrypted;
    m_data[FlagsOffset] = char(f);

    const QByteArray ks = packetKeystream(key, m_data);
    if (suite == CipherSuite::Poly1305Salsa2012) {
        char *p = m_data.data() + VerbOffset;
        const char *s = ks.constData() + 64;
        for (qsizetype i = 0, n = m_data.size() - VerbOffset; i < n; ++i)
            p[i] = char(p[i] ^ s[i]);
    }
    const QByteArray tag = crypto::poly1305(QByteArrayView(ks).first(32), QByteArrayView(m_data).sliced(VerbOffset));
    std::memcpy(m_data.data() + MacOffset, tag.constData(), MacLength);
    return Ok{};
}

Status Packet::dearmor(QByteArrayView key)
{
    if (key.size() < 32)
        return makeError(ErrorCode::Malformed, QStringLiteral("dearmor: key shorter than 32 bytes"));
    const CipherSuite suite = cipherSuite();
    if (suite != CipherSuite::Poly1305None && suite != CipherSuite::Poly1305Salsa2012)
        return makeError(ErrorCode::Unsupported,
                         QStringLiteral("dearmor: cipher suite %1 not implemented").arg(quint8(suite)));
    const QByteArray ks = packetKeystream(key, m_data);
    const QByteArray tag = crypto::poly1305(QByteArrayView(ks).first(32), QByteArrayView(m_data).sliced(VerbOffset));
    if (!crypto::constantTimeEquals(QByteArrayView(tag).first(MacLength), mac()))
        return makeError(ErrorCode::BadSignature, QStringLiteral("packet MAC mismatch"));
    if (suite == CipherSuite::Poly1305Salsa2012) {
        char *p = m_data.data() + VerbOffset;
        const char *s = ks.constData() + 64;
        for (qsizetype i = 0, n = m_data.size() - VerbOffset; i < n; ++i)
            p[i] = char(p[i] ^ s[i]);
    }
    return Ok{};
}

Result<QList<QByteArray>> Packet::seal(QByteArrayView key, CipherSuite suite, int mtu, bool allowCompression)
{
    // Receivers decompress into a buffer of MaxPayloadLength bytes, so compression cannot make a
    // larger payload deliverable.
    if (!isCompressed() && payload().size() > MaxPayloadLength)
        return makeError(ErrorCode::TooLarge,
                         QStringLiteral("payload of %1 bytes exceeds %2").arg(payload().size()).arg(MaxPayloadLength));
    if (allowCompression)
        compress();
    if (Status s = armor(key, suite, mtu); !s)
        return s.error();
    return Fragment::split(m_data, mtu);
}

Status Packet::open(QByteArrayView key)
{
    if (Status s = dearmor(key); !s)
        return s;
    return decompress();
}

quint64 Packet::newPacketId()
{
    return crypto::randomU64();
}

Status Packet::cryptField(QByteArrayView key, qsizetype offset)
{
    if (key.size() < 32)
        return makeError(ErrorCode::Malformed, QStringLiteral("cryptField: key shorter than 32 bytes"));
    if (offset < PayloadOffset || offset > m_data.size())
        return makeError(ErrorCode::Malformed, QStringLiteral("cryptField: offset outside the payload"));
    QByteArray iv = m_data.first(PacketIdLength);
    iv[7] = char(quint8(iv[7]) & 0xf8);
    const QByteArray out = crypto::salsa2012Xor(key.first(32), iv, QByteArrayView(m_data).sliced(offset));
    m_data.replace(offset, out.size(), out);
    return Ok{};
}

} // namespace tier
