// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Wire constants of the ZeroTier 1.x protocol as a 1.14 node expects them
// (docs/protocol/packets.md, docs/protocol/verbs.md). Shared by every codec in this layer.

#include <QString>
#include <QtGlobal>

namespace tier {

namespace protocol {

/// What we advertise in HELLO / OK(HELLO). 12 would make 1.14 nodes switch to AES-GMAC-SIV (Trap 1).
inline constexpr quint8 ProtocolVersion = 11;
/// HELLOs advertising less than this are dropped by nodes (and by us).
inline constexpr quint8 MinProtocolVersion = 4;

inline constexpr int HeaderLength = 28;  ///< packet id .. verb byte
inline constexpr int PayloadOffset = 28; ///< first payload byte
inline constexpr int VerbOffset = 27;    ///< verb byte; the encrypted envelope starts here
inline constexpr int FlagsOffset = 18;
inline constexpr int MacOffset = 19;
inline constexpr int MacLength = 8;
inline constexpr int PacketIdLength = 8;

inline constexpr int FragmentHeaderLength = 16;
inline constexpr int FragmentIndicatorOffset = 13;
inline constexpr quint8 FragmentIndicator = 0xff;
inline constexpr int MaxFragments = 7; ///< head included (Trap 5)
inline constexpr int DefaultMtu = 1432;
inline constexpr int MinMtu = 1400;
inline constexpr int MaxPacketLength = 10024;                           ///< assembled-packet capacity on nodes
inline constexpr int MaxPayloadLength = MaxPacketLength - HeaderLength; ///< decompression bound
/// Largest packet that fits in MaxFragments datagrams at the given MTU.
constexpr int maxSendablePacket(int mtu)
{
    return mtu + (MaxFragments - 1) * (mtu - FragmentHeaderLength);
}
inline constexpr int MaxSendablePacketLength = maxSendablePacket(DefaultMtu); // 9,928
/// Payloads up to this many bytes are never compressed.
inline constexpr int CompressionMinPayload = 64;
/// ZT's per-chunk dictionary limit for config chunks.
inline constexpr int ConfigChunkDataLimit = MaxPacketLength - HeaderLength - 256; // 9,740

inline constexpr int IdentityBinaryLength = 71;
inline constexpr int SignatureLength = 96;
inline constexpr int KeyLength = 48; ///< agreed key; suites 0/1 use the first 32 bytes

// Flags byte (offset 18)
inline constexpr quint8 FlagEncrypted = 0x80; ///< legacy flag, set iff cipher suite 1
inline constexpr quint8 FlagFragmented = 0x40;
inline constexpr quint8 CipherMask = 0x38;
inline constexpr quint8 HopsMask = 0x07;
inline constexpr int MaxHops = 7;

// Verb byte (offset 27)
inline constexpr quint8 VerbCompressedFlag = 0x80;
inline constexpr quint8 VerbMask = 0x1f;

} // namespace protocol

enum class CipherSuite : quint8 {
    Poly1305None = 0,      ///< MAC only (HELLO)
    Poly1305Salsa2012 = 1, ///< what we use for everything else
    TrustedPath = 2,       ///< dropped by a controller
    AesGmacSiv = 3,        ///< protocol >= 12 peers; not implemented here
};

enum class Verb : quint8 {
    Nop = 0x00,
    Hello = 0x01,
    Error = 0x02,
    Ok = 0x03,
    Whois = 0x04,
    Rendezvous = 0x05,
    Frame = 0x06,
    ExtFrame = 0x07,
    Echo = 0x08,
    MulticastLike = 0x09,
    NetworkCredentials = 0x0a,
    NetworkConfigRequest = 0x0b,
    NetworkConfig = 0x0c,
    MulticastGather = 0x0d,
    MulticastFrame = 0x0e,
    PushDirectPaths = 0x10,
    Ack = 0x12,
    QosMeasurement = 0x13,
    UserMessage = 0x14,
    RemoteTrace = 0x15,
    PathNegotiationRequest = 0x16,
};

/// Error codes carried in ERROR packets (named ProtocolErrorCode to keep clear of tier::ErrorCode).
enum class ProtocolErrorCode : quint8 {
    None = 0x00,
    InvalidRequest = 0x01,
    BadProtocolVersion = 0x02,
    ObjectNotFound = 0x03,
    IdentityCollision = 0x04,
    UnsupportedOperation = 0x05,
    NeedMembershipCertificate = 0x06,
    NetworkAccessDenied = 0x07,
    UnwantedMulticast = 0x08,
    NetworkAuthenticationRequired = 0x09,
};

/// Upper-case names as in the spec ("HELLO", "NETWORK_CONFIG_REQUEST"); "VERB_0x1f" if unknown.
QString verbName(Verb verb);
/// "OBJ_NOT_FOUND", "NETWORK_ACCESS_DENIED", ...; "ERROR_0x.." if unknown.
QString protocolErrorName(ProtocolErrorCode code);
/// Names as used in the vectors ("C25519_POLY1305_SALSA2012", ...).
QString cipherSuiteName(CipherSuite suite);

} // namespace tier
