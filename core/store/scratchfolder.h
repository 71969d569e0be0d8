// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <functional>

namespace tier {

/// `<data-dir>/scratch`: the only place where a plaintext copy of the controller database (it holds
/// the controller's secret key) may exist outside the live file: while an encrypted export encrypts
/// it, while a restore validates a decrypted backup, while an import builds a new database. The folder
/// is 0700, its files 0600. A file's name carries the id of the process that made it, so that
/// sweep() at the engine's start removes what a killed run left and nothing this process still uses.
class ScratchFolder final
{
public:
    static QString path(const QString &dataDir);
    /// Creates the folder (0700; an existing one is set to 0700). Refuses a symbolic link or a file.
    static Result<QString> ensure(const QString &dataDir);
    /// A fresh, not yet existing path inside the folder (ensured): "<stem>-<pid>-<random>".
    static Result<QString> newFilePath(const QString &dataDir, const QString &stem);
    /// Removes every entry of the folder not made by this process (files of a killed run, their
    /// partial files and SQLite sidecars, folders of an interrupted import). Returns the removed names.
    static QStringList sweep(const QString &dataDir);
};

/// An encrypted export that never leaves plaintext outside the data directory: the snapshot goes to a
/// ScratchFolder file, is encrypted to targetPath (BackupCipher: 0600 temporary next to the target,
/// rename; never replaces a file), and is removed at once, also on failure.
struct EncryptedExport
{
    QString databasePath; ///< the live SQLite file (read through its own read-only connection)
    QString dataDir;      ///< whose scratch folder holds the plaintext
    QString targetPath;
    QByteArray passphrase;
    quint64 opsLimit = 0; ///< 0: BackupCipher's defaults
    quint64 memLimit = 0;
    /// Called on the working thread once the plaintext snapshot exists (tests: kill the process there).
    std::function<void(const QString &plainPath)> plainReady;

    /// Returns the bytes of the encrypted file.
    Result<qint64> run() const;
};

} // namespace tier
