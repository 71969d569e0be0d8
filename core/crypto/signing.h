// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// ZeroTier's 96-byte signature over raw key pairs (docs/protocol/crypto.md §5, Trap 2). Identities use these too;
// worlds (planets/moons) are signed by key pairs that are not identities, hence the raw forms.
// Keys are ZeroTier's combined 64-byte forms: public = X25519 public ‖ Ed25519 public,
// secret = X25519 scalar ‖ Ed25519 seed. Only the Ed25519 halves take part in signing.

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace tier::crypto {

constexpr int C25519PublicKeyLength = 64;
constexpr int C25519SecretKeyLength = 64;
constexpr int SignatureLength = 96;

/// A combined 64-byte public and secret key, as worlds and identities carry them.
struct C25519KeyPair
{
    QByteArray publicKey; // 64 bytes
    QByteArray secretKey; // 64 bytes
};

/// A fresh random key pair (both halves from the CSPRNG).
C25519KeyPair generateKeyPair();
/// Derives the 64-byte public key from a 64-byte secret; nullopt if the length is wrong.
std::optional<QByteArray> publicKeyFromSecret(QByteArrayView secretKey64);

/// Signs message: Ed25519 over SHA-512(message)[0..31], then those 32 bytes appended (96 bytes).
/// The Ed25519 key pair is derived from the seed in secretKey64[32..63]. Empty on a bad length.
QByteArray sign(QByteArrayView secretKey64, QByteArrayView message);
/// The same with libsodium's expanded 64-byte Ed25519 secret (seed ‖ Ed25519 public), which saves
/// the key derivation when one key signs many messages.
QByteArray signWithExpandedKey(QByteArrayView ed25519Secret64, QByteArrayView message);
/// libsodium's expanded Ed25519 secret (seed ‖ public) for a 64-byte ZeroTier secret; empty on a bad length.
QByteArray expandSigningKey(QByteArrayView secretKey64);

/// Checks a 96-byte signature against the Ed25519 half (bytes 32..63) of publicKey64.
bool verify(QByteArrayView publicKey64, QByteArrayView message, QByteArrayView signature96);

} // namespace tier::crypto
