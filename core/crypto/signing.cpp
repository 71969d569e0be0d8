// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing.h"

#include <sodium.h>

#include <cstring>

namespace tier::crypto {

namespace {

const unsigned char *u(QByteArrayView v)
{
    return reinterpret_cast<const unsigned char *>(v.data());
}

constexpr int HashPrefixLength = 32;

} // namespace

C25519KeyPair generateKeyPair()
{
    C25519KeyPair pair;
    pair.secretKey = QByteArray(C25519SecretKeyLength, Qt::Uninitialized);
    randombytes_buf(pair.secretKey.data(), size_t(pair.secretKey.size()));
    pair.publicKey = *publicKeyFromSecret(pair.secretKey);
    return pair;
}

std::optional<QByteArray> publicKeyFromSecret(QByteArrayView secretKey64)
{
    if (secretKey64.size() != C25519SecretKeyLength)
        return std::nullopt;
    QByteArray out(C25519PublicKeyLength, Qt::Uninitialized);
    auto *o = reinterpret_cast<unsigned char *>(out.data());
    crypto_scalarmult_curve25519_base(o, u(secretKey64));
    unsigned char sk[crypto_sign_SECRETKEYBYTES];
    crypto_sign_seed_keypair(o + 32, sk, u(secretKey64) + 32);
    sodium_memzero(sk, sizeof sk);
    return out;
}

QByteArray expandSigningKey(QByteArrayView secretKey64)
{
    if (secretKey64.size() != C25519SecretKeyLength)
        return {};
    QByteArray sk(crypto_sign_SECRETKEYBYTES, Qt::Uninitialized);
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    crypto_sign_seed_keypair(pk, reinterpret_cast<unsigned char *>(sk.data()), u(secretKey64) + 32);
    return sk;
}

QByteArray signWithExpandedKey(QByteArrayView ed25519Secret64, QByteArrayView message)
{
    if (ed25519Secret64.size() != crypto_sign_SECRETKEYBYTES)
        return {};
    unsigned char digest[crypto_hash_sha512_BYTES];
    crypto_hash_sha512(digest, u(message), quint64(message.size()));
    QByteArray out(SignatureLength, Qt::Uninitialized);
    auto *o = reinterpret_cast<unsigned char *>(out.data());
    crypto_sign_detached(o, nullptr, digest, HashPrefixLength, u(ed25519Secret64));
    std::memcpy(o + crypto_sign_BYTES, digest, HashPrefixLength);
    return out;
}

QByteArray sign(QByteArrayView secretKey64, QByteArrayView message)
{
    QByteArray sk = expandSigningKey(secretKey64);
    if (sk.isEmpty())
        return {};
    QByteArray sig = signWithExpandedKey(sk, message);
    sodium_memzero(sk.data(), size_t(sk.size()));
    return sig;
}

bool verify(QByteArrayView publicKey64, QByteArrayView message, QByteArrayView signature96)
{
    if (publicKey64.size() != C25519PublicKeyLength || signature96.size() != SignatureLength)
        return false;
    unsigned char digest[crypto_hash_sha512_BYTES];
    crypto_hash_sha512(digest, u(message), quint64(message.size()));
    if (sodium_memcmp(digest, u(signature96) + crypto_sign_BYTES, HashPrefixLength) != 0)
        return false;
    return crypto_sign_verify_detached(u(signature96), digest, HashPrefixLength, u(publicKey64) + 32) == 0;
}

} // namespace tier::crypto
