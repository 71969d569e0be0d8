// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Thin wrappers over libsodium (and Qt for SHA-384/HMAC) in the shapes the protocol uses them.
// No primitive is implemented here; these only fix sizes and argument order in one place.

#include <QByteArray>
#include <QByteArrayView>

namespace tier::crypto {

/// Must be called once before any other function (idempotent, thread-safe). Returns false if
/// libsodium cannot start.
bool initialize();

QByteArray sha512(QByteArrayView data); // 64 bytes
QByteArray sha384(QByteArrayView data); // 48 bytes
QByteArray hmacSha384(QByteArrayView key, QByteArrayView message);

/// Salsa20 with 12 rounds: XOR data with the key stream (key 32 bytes, iv 8 bytes) starting at
/// stream byte 0. Used for packet armor and the HELLO field cipher.
QByteArray salsa2012Xor(QByteArrayView key32, QByteArrayView iv8, QByteArrayView data);
/// The first n bytes of the Salsa20/12 key stream.
QByteArray salsa2012Stream(QByteArrayView key32, QByteArrayView iv8, qsizetype n);
/// Salsa20 with 20 rounds, stream from block `counter` (used by the identity hash).
QByteArray salsa20Stream(QByteArrayView key32, QByteArrayView iv8, qsizetype n, quint64 counter = 0);

/// Full 16-byte Poly1305 tag (packets keep the first 8).
QByteArray poly1305(QByteArrayView key32, QByteArrayView message);

/// Constant-time comparison of equally long byte strings (false if lengths differ).
bool constantTimeEquals(QByteArrayView a, QByteArrayView b);

/// Fills with bytes from the system CSPRNG.
QByteArray randomBytes(qsizetype n);
/// From the system CSPRNG too, fetched in batches (per thread) for the hot path's packet and update IDs.
quint64 randomU64();

} // namespace tier::crypto
