// SPDX-License-Identifier: GPL-3.0-or-later
#include "primitives.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>

#include <sodium.h>

#include <array>
#include <utility>

namespace tier::crypto {

namespace {

const unsigned char *u(QByteArrayView v)
{
    return reinterpret_cast<const unsigned char *>(v.data());
}
unsigned char *u(QByteArray &v)
{
    return reinterpret_cast<unsigned char *>(v.data());
}

} // namespace

bool initialize()
{
    return sodium_init() >= 0;
}

QByteArray sha512(QByteArrayView data)
{
    QByteArray out(crypto_hash_sha512_BYTES, Qt::Uninitialized);
    crypto_hash_sha512(u(out), u(data), quint64(data.size()));
    return out;
}

QByteArray sha384(QByteArrayView data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha384);
}

QByteArray hmacSha384(QByteArrayView key, QByteArrayView message)
{
    return QMessageAuthenticationCode::hash(message.toByteArray(), key.toByteArray(), QCryptographicHash::Sha384);
}

QByteArray salsa2012Xor(QByteArrayView key32, QByteArrayView iv8, QByteArrayView data)
{
    Q_ASSERT(key32.size() == 32 && iv8.size() == 8);
    QByteArray out(data.size(), Qt::Uninitialized);
    crypto_stream_salsa2012_xor(u(out), u(data), quint64(data.size()), u(iv8), u(key32));
    return out;
}

QByteArray salsa2012Stream(QByteArrayView key32, QByteArrayView iv8, qsizetype n)
{
    Q_ASSERT(key32.size() == 32 && iv8.size() == 8);
    QByteArray out(n, Qt::Uninitialized);
    crypto_stream_salsa2012(u(out), quint64(n), u(iv8), u(key32));
    return out;
}

QByteArray salsa20Stream(QByteArrayView key32, QByteArrayView iv8, qsizetype n, quint64 counter)
{
    Q_ASSERT(key32.size() == 32 && iv8.size() == 8);
    QByteArray out(n, '\0');
    crypto_stream_salsa20_xor_ic(u(out), u(out), quint64(n), u(iv8), counter, u(key32));
    return out;
}

QByteArray poly1305(QByteArrayView key32, QByteArrayView message)
{
    Q_ASSERT(key32.size() == 32);
    QByteArray out(crypto_onetimeauth_poly1305_BYTES, Qt::Uninitialized);
    crypto_onetimeauth_poly1305(u(out), u(message), quint64(message.size()), u(key32));
    return out;
}

bool constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    return a.isEmpty() || sodium_memcmp(a.data(), b.data(), size_t(a.size())) == 0;
}

QByteArray randomBytes(qsizetype n)
{
    QByteArray out(n, Qt::Uninitialized);
    randombytes_buf(out.data(), size_t(n));
    return out;
}

quint64 randomU64()
{
    // Every answer takes two of these (packet ID, config update ID): one system call per batch of 64 rather
    // than one per value. Each thread its own batch; a value is handed out once and then cleared.
    struct Batch
    {
        std::array<quint64, 64> values{};
        std::size_t next = 64;
    };
    thread_local Batch batch;
    if (batch.next == batch.values.size()) {
        randombytes_buf(batch.values.data(), sizeof batch.values);
        batch.next = 0;
    }
    const quint64 v = std::exchange(batch.values[batch.next++], 0);
    return v;
}

} // namespace tier::crypto
