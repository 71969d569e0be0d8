// SPDX-License-Identifier: GPL-3.0-or-later
#include "identity.h"

#include "primitives.h"
#include "signing.h"

#include <QList>
#include <QtEndian>

#include <sodium.h>

#include <cstddef>
#include <cstring>
#include <memory>

namespace tier {

namespace {

constexpr int DigestLength = 64;
constexpr int WorkAreaBytes = 2 * 1024 * 1024;
constexpr int WorkAreaBlocks = WorkAreaBytes / 64;
constexpr quint64 WorkAreaWords = WorkAreaBytes / 8;
constexpr int Threshold = 17;
// Key stream blocks generated per libsodium call during the scramble walk.
constexpr int KeyStreamBatchBlocks = 128;

const unsigned char *u(QByteArrayView v)
{
    return reinterpret_cast<const unsigned char *>(v.data());
}

// One work area per thread, allocated on first use and kept: generation runs many digests in a row and
// re-allocating (and page-faulting) 2 MiB each time costs as much as the hash itself.
struct WorkArea
{
    std::unique_ptr<unsigned char[]> memory{new unsigned char[WorkAreaBytes]};
    unsigned char stream[KeyStreamBatchBlocks * 64]{};
};

WorkArea &workArea()
{
    thread_local WorkArea area;
    return area;
}

void computeDigest(const unsigned char *publicKey, unsigned char digest[DigestLength])
{
    crypto_hash_sha512(digest, publicKey, 64);
    // The stream's key and nonce are fixed here even though the digest changes below.
    unsigned char key[32];
    unsigned char nonce[8];
    std::memcpy(key, digest, 32);
    std::memcpy(nonce, digest + 32, 8);

    WorkArea &area = workArea();
    unsigned char *m = area.memory.get();

    // Block i is block i-1 XOR key stream block i: write the whole stream once, then chain in place.
    crypto_stream_salsa20(m, WorkAreaBytes, nonce, key);
    for (std::ptrdiff_t block = 1; block < WorkAreaBlocks; ++block) {
        unsigned char *cur = m + 64 * block;
        const unsigned char *prev = cur - 64;
        for (int i = 0; i < 64; ++i)
            cur[i] ^= prev[i];
    }

    quint64 counter = WorkAreaBlocks;
    std::ptrdiff_t batchPos = KeyStreamBatchBlocks;
    for (quint64 word = 0; word < WorkAreaWords; word += 2) {
        const auto a = qFromBigEndian<quint64>(m + 8 * word);
        const auto b = qFromBigEndian<quint64>(m + 8 * (word + 1));
        const quint64 i1 = a % 8;
        const quint64 i2 = b % WorkAreaWords;
        // The next step's target is usually known now (a swap may still change it; a prefetch is only a
        // hint), and fetching it early hides most of the cache miss of the random walk.
        if (word + 3 < WorkAreaWords)
            __builtin_prefetch(m + 8 * (qFromBigEndian<quint64>(m + 8 * (word + 3)) % WorkAreaWords), 1);
        unsigned char tmp[8];
        std::memcpy(tmp, m + 8 * i2, 8);
        std::memcpy(m + 8 * i2, digest + 8 * i1, 8);
        std::memcpy(digest + 8 * i1, tmp, 8);

        if (batchPos == KeyStreamBatchBlocks) {
            std::memset(area.stream, 0, sizeof area.stream);
            crypto_stream_salsa20_xor_ic(area.stream, area.stream, sizeof area.stream, nonce, counter, key);
            counter += KeyStreamBatchBlocks;
            batchPos = 0;
        }
        const unsigned char *ks = area.stream + 64 * batchPos++;
        for (int i = 0; i < DigestLength; ++i)
            digest[i] ^= ks[i];
    }
    sodium_memzero(key, sizeof key);
}

std::optional<Address> addressFromDigest(const unsigned char digest[DigestLength])
{
    if (digest[0] >= Threshold)
        return std::nullopt;
    const Address address = *Address::fromBytes(QByteArrayView(digest + 59, Address::Length));
    if (address.isReserved())
        return std::nullopt;
    return address;
}

int hexValue(char16_t c)
{
    if (c >= u'0' && c <= u'9')
        return c - u'0';
    if (c >= u'a' && c <= u'f')
        return c - u'a' + 10;
    if (c >= u'A' && c <= u'F')
        return c - u'A' + 10;
    return -1;
}

// Exactly `bytes` bytes of hex (either case); nullopt on any other length or character.
std::optional<QByteArray> parseHex(QStringView text, qsizetype bytes)
{
    if (text.size() != 2 * bytes)
        return std::nullopt;
    QByteArray out(bytes, Qt::Uninitialized);
    for (qsizetype i = 0; i < bytes; ++i) {
        const int hi = hexValue(text[2 * i].unicode());
        const int lo = hexValue(text[2 * i + 1].unicode());
        if (hi < 0 || lo < 0)
            return std::nullopt;
        out[i] = char((hi << 4) | lo);
    }
    return out;
}

Error identityError(ErrorCode code, const char *what)
{
    return makeError(code, QStringLiteral("identity: %1").arg(QLatin1String(what)));
}

} // namespace

QByteArray Identity::memoryHardDigest(QByteArrayView publicKey64)
{
    if (publicKey64.size() != PublicKeyLength)
        return {};
    QByteArray out(DigestLength, Qt::Uninitialized);
    computeDigest(u(publicKey64), reinterpret_cast<unsigned char *>(out.data()));
    return out;
}

std::optional<Address> Identity::deriveAddress(QByteArrayView publicKey64)
{
    if (publicKey64.size() != PublicKeyLength)
        return std::nullopt;
    unsigned char digest[DigestLength];
    computeDigest(u(publicKey64), digest);
    return addressFromDigest(digest);
}

Identity Identity::generate()
{
    crypto::initialize();
    // As ZT does: keep one Ed25519 half and re-roll the X25519 half until the digest qualifies.
    Identity id;
    id.m_secret = crypto::randomBytes(SecretKeyLength);
    id.m_public = QByteArray(PublicKeyLength, Qt::Uninitialized);
    auto *pub = reinterpret_cast<unsigned char *>(id.m_public.data());
    auto *sec = reinterpret_cast<unsigned char *>(id.m_secret.data());
    id.m_signingKey = QByteArray(crypto_sign_SECRETKEYBYTES, Qt::Uninitialized);
    crypto_sign_seed_keypair(pub + 32, reinterpret_cast<unsigned char *>(id.m_signingKey.data()), sec + 32);

    unsigned char digest[DigestLength];
    for (;;) {
        randombytes_buf(sec, 32);
        crypto_scalarmult_curve25519_base(pub, sec);
        computeDigest(pub, digest);
        if (const auto address = addressFromDigest(digest)) {
            id.m_address = *address;
            return id;
        }
    }
}

Result<Identity> Identity::fromString(QStringView text)
{
    const QStringView trimmed = text.trimmed();
    const auto fields = trimmed.split(u':');
    if (fields.size() < 3 || fields.size() > 4)
        return identityError(ErrorCode::Malformed, "expected address:0:public[:secret]");
    const auto address = Address::fromString(fields[0]);
    if (!address)
        return identityError(ErrorCode::Malformed, "bad address");
    if (address->isReserved())
        return identityError(ErrorCode::InvalidIdentity, "reserved address");
    if (fields[1] != u"0")
        return identityError(ErrorCode::Unsupported, "unknown identity type");
    auto pub = parseHex(fields[2], PublicKeyLength);
    if (!pub)
        return identityError(ErrorCode::Malformed, "bad public key");
    Identity id;
    id.m_address = *address;
    id.m_public = std::move(*pub);
    if (fields.size() == 4) {
        auto secret = parseHex(fields[3], SecretKeyLength);
        if (!secret)
            return identityError(ErrorCode::Malformed, "bad secret key");
        id.m_secret = std::move(*secret);
        id.m_signingKey = crypto::expandSigningKey(id.m_secret);
    }
    return id;
}

Result<Identity> Identity::fromBinary(ByteReader &reader)
{
    const quint64 addressValue = reader.u40();
    const quint8 type = reader.u8();
    const QByteArrayView pub = reader.bytes(PublicKeyLength);
    const quint8 secretLength = reader.u8();
    if (!reader.ok())
        return identityError(ErrorCode::Truncated, "binary form too short");
    if (type != 0)
        return identityError(ErrorCode::Unsupported, "unknown identity type");
    if (secretLength != 0 && secretLength != SecretKeyLength) {
        reader.fail();
        return identityError(ErrorCode::Malformed, "bad secret length");
    }
    const QByteArrayView secret = reader.bytes(secretLength);
    if (!reader.ok())
        return identityError(ErrorCode::Truncated, "binary secret truncated");
    const Address address(addressValue);
    if (address.isReserved())
        return identityError(ErrorCode::InvalidIdentity, "reserved address");
    Identity id;
    id.m_address = address;
    id.m_public = pub.toByteArray();
    if (secretLength) {
        id.m_secret = secret.toByteArray();
        id.m_signingKey = crypto::expandSigningKey(id.m_secret);
    }
    return id;
}

Identity Identity::publicOnly() const
{
    Identity id;
    id.m_address = m_address;
    id.m_public = m_public;
    return id;
}

QString Identity::toString(bool includeSecret) const
{
    if (isNull())
        return {};
    QString out = m_address.toString() + u":0:" + QLatin1String(m_public.toHex());
    if (includeSecret && hasSecret())
        out += u':' + QLatin1String(m_secret.toHex());
    return out;
}

QByteArray Identity::toBinary(bool includeSecret) const
{
    if (isNull())
        return {};
    const bool secret = includeSecret && hasSecret();
    ByteWriter w(BinaryPublicLength + (secret ? SecretKeyLength : 0));
    w.u40(m_address.toInt()).u8(0).bytes(m_public);
    if (secret)
        w.u8(SecretKeyLength).bytes(m_secret);
    else
        w.u8(0);
    return std::move(w).data();
}

bool Identity::locallyValidate() const
{
    if (m_address.isReserved() || m_public.size() != PublicKeyLength)
        return false;
    if (hasSecret()) {
        const auto derived = crypto::publicKeyFromSecret(m_secret);
        if (!derived || !crypto::constantTimeEquals(*derived, m_public))
            return false;
    }
    const auto address = deriveAddress(m_public);
    return address && *address == m_address;
}

QByteArray Identity::sign(QByteArrayView message) const
{
    if (m_signingKey.isEmpty())
        return {};
    return crypto::signWithExpandedKey(m_signingKey, message);
}

bool Identity::verify(QByteArrayView message, QByteArrayView signature96) const
{
    return crypto::verify(m_public, message, signature96);
}

std::optional<QByteArray> Identity::agree(const Identity &peer) const
{
    if (m_secret.size() != SecretKeyLength || peer.m_public.size() != PublicKeyLength)
        return std::nullopt;
    unsigned char raw[crypto_scalarmult_curve25519_BYTES];
    if (crypto_scalarmult_curve25519(raw, u(m_secret), u(peer.m_public)) != 0)
        return std::nullopt;
    unsigned char digest[crypto_hash_sha512_BYTES];
    crypto_hash_sha512(digest, raw, sizeof raw);
    QByteArray key(reinterpret_cast<const char *>(digest), AgreedKeyLength);
    sodium_memzero(raw, sizeof raw);
    sodium_memzero(digest, sizeof digest);
    return key;
}

QByteArray Identity::publicKeyHash384() const
{
    return crypto::sha384(QByteArray(m_address.toBytes() + m_public));
}

} // namespace tier
