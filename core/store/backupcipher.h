// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/result.h"

#include <QByteArray>
#include <QString>

namespace tier {

/// Passphrase encryption of a backup file (docs/backup-format.md): Argon2id (crypto_pwhash) derives the key,
/// crypto_secretstream_xchacha20poly1305 encrypts 64 KiB chunks, the header is authenticated with every chunk.
/// Outputs are written to a 0600 temporary file next to the target, synced, then renamed; an existing target
/// is never replaced.
class BackupCipher final
{
public:
    static constexpr int ChunkSize = 65536;
    static constexpr int HeaderSize = 58;

    /// True if the file starts with the encrypted-backup magic.
    static bool isEncrypted(const QString &path);

    /// opsLimit/memLimit default to libsodium's MODERATE Argon2id settings; tests pass the minimum.
    static Status encryptFile(const QString &plainPath, const QString &encryptedPath, const QByteArray &passphrase,
                              quint64 opsLimit = 0, quint64 memLimit = 0);
    /// BadSignature for a wrong passphrase or a modified file, Truncated for an incomplete one; the target is
    /// only created if everything decrypted and authenticated.
    static Status decryptFile(const QString &encryptedPath, const QString &plainPath, const QByteArray &passphrase);
};

} // namespace tier
