// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/address.h"
#include "core/base/bytes.h"
#include "core/base/result.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace tier {

/// A ZeroTier identity: address, 64-byte public key (X25519 ‖ Ed25519) and optionally the 64-byte
/// secret (X25519 scalar ‖ Ed25519 seed). See docs/protocol/crypto.md §2–§5.
class Identity final
{
public:
    static constexpr int PublicKeyLength = 64;
    static constexpr int SecretKeyLength = 64;
    static constexpr int SignatureLength = 96;
    static constexpr int AgreedKeyLength = 48;
    static constexpr int BinaryPublicLength = 71;

    Identity() = default;

    /// Makes a new identity (memory-hard search, typically 0.3–0.7 s).
    static Identity generate();
    /// Text form `address:0:public[:secret]`; surrounding white space is ignored. Parsing does not
    /// validate: call locallyValidate() before trusting an identity received from elsewhere.
    static Result<Identity> fromString(QStringView text);
    /// Binary form (71 bytes, or 135 with secret), read from the reader's position.
    static Result<Identity> fromBinary(ByteReader &reader);

    bool isNull() const { return m_address.isNull(); }
    Address address() const { return m_address; }
    bool hasSecret() const { return !m_secret.isEmpty(); }
    const QByteArray &publicKey() const { return m_public; }
    const QByteArray &secretKey() const { return m_secret; }
    /// The same identity without its secret.
    Identity publicOnly() const;

    QString toString(bool includeSecret = false) const;
    QByteArray toBinary(bool includeSecret = false) const;

    /// Re-derives the address from the public key (memory-hard, ~20 ms) and checks it; also
    /// refuses reserved addresses and, with a secret, a secret that does not match the public key.
    bool locallyValidate() const;

    /// ZeroTier's 96-byte signature of message (needs the secret); empty without one.
    QByteArray sign(QByteArrayView message) const;
    bool verify(QByteArrayView message, QByteArrayView signature96) const;

    /// The 48-byte key shared with peer (needs our secret); nullopt if the peer key is unusable.
    std::optional<QByteArray> agree(const Identity &peer) const;

    /// SHA-384 over address(5) ‖ public key(64): what a COM's identity qualifiers carry.
    QByteArray publicKeyHash384() const;

    /// The 64-byte memory-hard digest of a 64-byte public key (docs/protocol/crypto.md §3); empty on a bad length.
    /// Reuses one 2 MiB work area per thread.
    static QByteArray memoryHardDigest(QByteArrayView publicKey64);
    /// The address a public key derives to, if its digest passes the threshold (first byte < 17) and
    /// the address is not reserved.
    static std::optional<Address> deriveAddress(QByteArrayView publicKey64);

    friend bool operator==(const Identity &a, const Identity &b)
    {
        return a.m_address == b.m_address && a.m_public == b.m_public;
    }

private:
    Address m_address;
    QByteArray m_public;
    QByteArray m_secret;
    // libsodium's expanded Ed25519 secret (seed ‖ public derived from the seed), cached at parse time
    // so that signing never pairs the seed with a public key it did not come from.
    QByteArray m_signingKey;
};

} // namespace tier
