// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "constants.h"
#include "core/base/result.h"
#include "core/crypto/identity.h"
#include "inetaddress.h"
#include "packet.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <optional>

namespace tier {

/// One entry of the encrypted moon list at the end of a HELLO.
struct MoonReference final
{
    quint8 type = 0x7f; ///< world type, 0x7F = moon
    quint64 id = 0;
    quint64 timestamp = 0; ///< 0 = wanted but not held yet

    friend bool operator==(const MoonReference &, const MoonReference &) = default;
};

/// HELLO payload (docs/protocol/verbs.md §2) with every optional trailing field a 1.14 node sends. The moon list
/// travels under the HELLO field cipher; encode()/decode() work on the plaintext form, toPacket()/
/// fromPacket() apply the cipher.
struct HelloPayload final
{
    quint8 protocolVersion = protocol::ProtocolVersion;
    quint8 versionMajor = 0;
    quint8 versionMinor = 0;
    quint16 versionRevision = 0;
    quint64 timestamp = 0;
    Identity identity; ///< public part only on the wire
    /// Where the sender sent the datagram (null InetAddress = unknown/relayed); absent on old peers.
    std::optional<InetAddress> destination;
    /// Planet ID and timestamp; absent on old peers.
    std::optional<quint64> worldId;
    std::optional<quint64> worldTimestamp;
    /// Plaintext moon list; absent if the sender sent no encrypted remainder.
    std::optional<QList<MoonReference>> moons;
    /// Whatever followed the moon list (ignored; 1.14 sends nothing there).
    QByteArray trailing;

    /// Decodes a plaintext payload (moon list already decrypted). Unsupported if the protocol
    /// version is below 4.
    static Result<HelloPayload> decode(QByteArrayView payload);
    /// The plaintext payload.
    QByteArray encode() const;

    /// Offset, within the payload, of the encrypted remainder; -1 if there is none or the payload
    /// is too short to say. Works on encrypted and plaintext payloads alike.
    static qsizetype encryptedFieldOffset(QByteArrayView payload);
    /// The sender identity, readable before any key is known (HELLO is not encrypted).
    static Result<Identity> peekIdentity(QByteArrayView payload);

    /// A complete armored HELLO (suite 0, remainder encrypted) from identity().address() to
    /// destinationAddress. key = the agreed key.
    Result<Packet> toPacket(quint64 packetId, Address destinationAddress, QByteArrayView key) const;
    /// Decodes a HELLO packet that has already passed dearmor(): decrypts the remainder, then
    /// decodes. Malformed if the identity's address is not the packet's source.
    static Result<HelloPayload> fromPacket(const Packet &dearmored, QByteArrayView key);

    /// "major.minor.revision"
    QString versionString() const;
};

} // namespace tier
