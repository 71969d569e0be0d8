// SPDX-License-Identifier: GPL-3.0-or-later
#include "hello.h"

#include "core/base/bytes.h"

namespace tier {

namespace {

constexpr int FixedPartLength = 13 + protocol::IdentityBinaryLength; // through the identity
constexpr int WorldLength = 16;
constexpr int MoonEntryLength = 17;

// Reads the unencrypted part; leaves the reader at the encrypted remainder (or the end).
Status readPlainPart(ByteReader &r, HelloPayload &h)
{
    h.protocolVersion = r.u8();
    h.versionMajor = r.u8();
    h.versionMinor = r.u8();
    h.versionRevision = r.u16();
    h.timestamp = r.u64();
    if (!r.ok())
        return makeError(ErrorCode::Truncated, QStringLiteral("HELLO: truncated header fields"));
    if (h.protocolVersion < protocol::MinProtocolVersion)
        return makeError(ErrorCode::Unsupported,
                         QStringLiteral("HELLO: protocol version %1 is too old").arg(h.protocolVersion));
    Result<Identity> id = Identity::fromBinary(r);
    if (!id)
        return id.error();
    if (id->hasSecret())
        return makeError(ErrorCode::Malformed, QStringLiteral("HELLO: identity carries a secret"));
    h.identity = std::move(id.value());
    if (r.atEnd())
        return Ok{};
    Result<InetAddress> dest = InetAddress::read(r);
    if (!dest)
        return dest.error();
    h.destination = dest.value();
    if (r.remaining() >= WorldLength) {
        h.worldId = r.u64();
        h.worldTimestamp = r.u64();
    }
    return Ok{};
}

} // namespace

Result<HelloPayload> HelloPayload::decode(QByteArrayView payload)
{
    ByteReader r(payload);
    HelloPayload h;
    if (Status s = readPlainPart(r, h); !s)
        return s.error();
    if (!h.worldId || r.atEnd())
        return h;
    const quint16 count = r.u16();
    if (!r.ok())
        return makeError(ErrorCode::Truncated, QStringLiteral("HELLO: truncated moon count"));
    if (qsizetype(count) * MoonEntryLength > r.remaining())
        return makeError(ErrorCode::Truncated, QStringLiteral("HELLO: moon list longer than the packet"));
    QList<MoonReference> moons;
    moons.reserve(count);
    for (int i = 0; i < count; ++i) {
        MoonReference m;
        m.type = r.u8();
        m.id = r.u64();
        m.timestamp = r.u64();
        moons.append(m);
    }
    h.moons = std::move(moons);
    h.trailing = r.rest().toByteArray();
    return h;
}

QByteArray HelloPayload::encode() const
{
    ByteWriter w(FixedPartLength + 64);
    w.u8(protocolVersion).u8(versionMajor).u8(versionMinor).u16(versionRevision).u64(timestamp);
    w.bytes(identity.toBinary(false));
    // Each optional field needs all the ones before it.
    if (!destination && !worldId && !moons)
        return std::move(w).data();
    destination.value_or(InetAddress()).write(w);
    if (!worldId && !moons)
        return std::move(w).data();
    w.u64(worldId.value_or(0)).u64(worldTimestamp.value_or(0));
    if (moons) {
        w.u16(quint16(moons->size()));
        for (const MoonReference &m : *moons)
            w.u8(m.type).u64(m.id).u64(m.timestamp);
        w.bytes(trailing);
    }
    return std::move(w).data();
}

qsizetype HelloPayload::encryptedFieldOffset(QByteArrayView payload)
{
    ByteReader r(payload);
    HelloPayload h;
    if (!readPlainPart(r, h).ok() || !h.worldId || r.atEnd())
        return -1;
    return r.position();
}

Result<Identity> HelloPayload::peekIdentity(QByteArrayView payload)
{
    ByteReader r(payload);
    r.skip(13);
    if (!r.ok())
        return makeError(ErrorCode::Truncated, QStringLiteral("HELLO: truncated before the identity"));
    return Identity::fromBinary(r);
}

Result<Packet> HelloPayload::toPacket(quint64 packetId, Address destinationAddress, QByteArrayView key) const
{
    const QByteArray plain = encode();
    Packet p(packetId, destinationAddress, identity.address(), Verb::Hello, plain);
    const qsizetype offset = encryptedFieldOffset(plain);
    if (offset >= 0) {
        if (Status s = p.cryptField(key, protocol::PayloadOffset + offset); !s)
            return s.error();
    }
    // ZT never fragments HELLO; ours is ~140 bytes, so the MTU check cannot trigger.
    if (Status s = p.armor(key, CipherSuite::Poly1305None); !s)
        return s.error();
    return p;
}

Result<HelloPayload> HelloPayload::fromPacket(const Packet &dearmored, QByteArrayView key)
{
    if (dearmored.verb() != Verb::Hello)
        return makeError(ErrorCode::Malformed, QStringLiteral("not a HELLO packet"));
    Packet p = dearmored;
    const qsizetype offset = encryptedFieldOffset(p.payload());
    if (offset >= 0) {
        if (Status s = p.cryptField(key, protocol::PayloadOffset + offset); !s)
            return s.error();
    }
    Result<HelloPayload> h = decode(p.payload());
    if (h && h->identity.address() != p.source())
        return makeError(ErrorCode::Malformed, QStringLiteral("HELLO: identity address differs from the source"));
    return h;
}

QString HelloPayload::versionString() const
{
    return QStringLiteral("%1.%2.%3").arg(versionMajor).arg(versionMinor).arg(versionRevision);
}

} // namespace tier
