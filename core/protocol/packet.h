// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "constants.h"
#include "core/base/address.h"
#include "core/base/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace tier {

/// One whole ZeroTier packet (header, verb byte, payload), plaintext or armored, as bytes
/// (docs/protocol/packets.md §1–§4). Pure codec: no clocks, no sockets.
///
/// Sending:   Packet p(id, dest, src, verb, payload); p.compress(); p.armor(key, suite, mtu);
///            then splitIntoDatagrams(p.bytes(), mtu) (fragment.h).
/// Receiving: Packet::fromBytes(assembled) -> dearmor(key) -> decompress() -> verb()/payload().
class Packet final
{
public:
    /// 28 zero bytes (a NOP without addresses), so accessors are always safe.
    Packet() : m_data(protocol::HeaderLength, '\0') {}
    /// A plaintext packet: flags 0, MAC 0, verb byte without the compression bit.
    Packet(quint64 packetId, Address destination, Address source, Verb verb, QByteArrayView payload = {});

    /// Wraps received bytes (a whole datagram or an assembled packet). Refuses < 28 bytes and
    /// anything larger than protocol::MaxPacketLength; does not authenticate.
    static Result<Packet> fromBytes(QByteArrayView bytes);

    const QByteArray &bytes() const { return m_data; }
    qsizetype size() const { return m_data.size(); }

    quint64 packetId() const;
    /// Bytes 0..7 exactly as on the wire (the value OK/ERROR must echo, Trap 4).
    QByteArrayView packetIdBytes() const { return QByteArrayView(m_data).first(protocol::PacketIdLength); }
    Address destination() const;
    Address source() const;
    quint8 flags() const { return quint8(m_data[protocol::FlagsOffset]); }
    CipherSuite cipherSuite() const { return CipherSuite((flags() & protocol::CipherMask) >> 3); }
    int hops() const { return flags() & protocol::HopsMask; }
    bool isFragmented() const { return (flags() & protocol::FlagFragmented) != 0; }
    QByteArrayView mac() const { return QByteArrayView(m_data).sliced(protocol::MacOffset, protocol::MacLength); }
    /// Verb byte and verb: meaningful only on a plaintext (dearmored) packet.
    quint8 verbByte() const { return quint8(m_data[protocol::VerbOffset]); }
    Verb verb() const { return Verb(verbByte() & protocol::VerbMask); }
    bool isCompressed() const { return (verbByte() & protocol::VerbCompressedFlag) != 0; }
    QByteArrayView payload() const { return QByteArrayView(m_data).sliced(protocol::PayloadOffset); }

    void setHops(int hops);
    void setFragmented(bool fragmented);
    /// Replaces the payload (plaintext packets only); clears the compression bit.
    void setPayload(QByteArrayView payload);

    /// LZ4-compresses the payload if it is longer than 64 bytes and the result is strictly
    /// shorter; returns whether it did. Call before armor().
    bool compress();
    /// Undoes compress() if the verb byte says so; output bounded by protocol::MaxPayloadLength.
    Status decompress();

    /// Armors in place with cipher suite 0 (MAC only) or 1 (Salsa20/12 + Poly1305). key = the
    /// agreed key (at least 32 bytes). Sets the fragmented flag first if the packet exceeds mtu
    /// (pass 0 to leave the flag alone), clears hops. Unsupported for other suites.
    Status armor(QByteArrayView key, CipherSuite suite, int mtu = protocol::DefaultMtu);
    /// Checks the MAC and (suite 1) decrypts in place. BadSignature on MAC mismatch, Unsupported
    /// for suites 2..7. The packet is unchanged when it fails.
    Status dearmor(QByteArrayView key);

    /// The HELLO field cipher (docs/protocol/verbs.md §2): XORs bytes [offset, end) of the packet with
    /// Salsa20/12(key[0..31], packet id with id[7] & 0xF8), stream from 0. Its own inverse.
    /// Apply to a plaintext HELLO before armor(), and after dearmor() on receipt.
    Status cryptField(QByteArrayView key, qsizetype offset);

    /// Whole send pipeline for a plaintext packet: compress (if allowed and it pays), armor with
    /// the given suite, split into datagrams for the MTU (fragment.h). TooLarge if the packet needs
    /// more than 7 datagrams or the uncompressed payload exceeds protocol::MaxPayloadLength (what
    /// receivers can decompress). The packet is left armored.
    Result<QList<QByteArray>> seal(QByteArrayView key, CipherSuite suite, int mtu = protocol::DefaultMtu,
                                   bool allowCompression = true);
    /// Whole receive pipeline for an assembled suite 0/1 packet: dearmor, then decompress.
    Status open(QByteArrayView key);

    /// A fresh random packet ID (CSPRNG; it is also the cipher nonce). Needs crypto::initialize().
    static quint64 newPacketId();

    /// The per-packet Salsa20/12 key (Trap 3) for a packet as it stands.
    static QByteArray mangledKey(QByteArrayView key, QByteArrayView packet);

private:
    explicit Packet(QByteArray data) : m_data(std::move(data)) {}
    QByteArray m_data;
};

} // namespace tier
