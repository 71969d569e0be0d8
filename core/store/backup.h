// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/address.h"
#include "core/base/result.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <functional>

namespace tier {

class Database;

/// What validate() found in a backup file.
struct BackupSummary
{
    QString path;
    Address controller;    ///< the controller identity's address (every network ID starts with it)
    int schemaVersion = 0; ///< as stored; may be older than this build (restore migrates it)
    qint64 networkCount = 0;
    qint64 memberCount = 0;
    QDateTime newestChange; ///< newest last_modified of a network or member, else the file's mtime (UTC)
    qint64 fileSize = 0;
};

/// Steps of Backup::restore(), in order; RestoreOptions::beforeStep can make one fail (tests).
enum class RestoreStep { Validate, SafetyBackup, CopyToTemporary, Migrate, Checkpoint, Replace };

struct RestoreOptions
{
    /// Called before each step; an error aborts the restore there (the live database stays as it was).
    std::function<Status(RestoreStep)> beforeStep;
    QDateTime now; ///< timestamp of the safety backup; current time if invalid
};

struct RestoreResult
{
    BackupSummary restored;   ///< summary of the backup that is now the live database
    QString safetyBackupPath; ///< automatic backup of the replaced database (empty if there was none)
    int schemaVersion = 0;    ///< of the live database after migration
};

/// Export, validation, restore and automatic rotation of controller database backups
/// (INTERFACE.md: `<data-dir>/backups/controller-YYYYMMDD-HHMMSS.db`, mode 0600).
/// A backup is a plain, self-contained SQLite file (no -wal), made with `VACUUM INTO`, so it is a
/// consistent point-in-time snapshot even while the engine keeps writing.
class Backup final
{
public:
    static constexpr int DefaultRetentionDays = 7;

    /// `backups` folder inside the data directory.
    static QString backupsFolder(const QString &dataDir);
    /// `controller-YYYYMMDD-HHMMSS.db` for the UTC time `when`.
    static QString fileNameFor(const QDateTime &when);
    /// The UTC time encoded in an automatic backup's name; invalid if the name does not match the pattern.
    static QDateTime timeFromFileName(const QString &fileName);

    /// Writes a consistent snapshot of the open SQLite database to targetPath (which must not exist):
    /// temporary file in the same folder (0600 from its first byte), fsync, rename. Returns the bytes written.
    /// Must be called on the thread that opened `database`.
    static Result<qint64> exportTo(Database &database, const QString &targetPath);
    /// The same from a database file that is not open (e.g. the engine is stopped); the source is opened
    /// read-only.
    static Result<qint64> exportFile(const QString &sourcePath, const QString &targetPath);

    /// Checks a backup without changing it (read-only, immutable open): SQLite magic and size, integrity
    /// check, a Tiermaster schema this build can read or migrate, a valid controller identity.
    static Result<BackupSummary> validate(const QString &path);

    /// Replaces the database file livePath (the engine must be stopped) by the backup at backupPath:
    /// validate → safety backup of the current file into `<dataDir>/backups/` → copy to a temporary file
    /// next to livePath → migrate it → checkpoint the live file → rename over it. Any failure leaves the
    /// live database as it was.
    static Result<RestoreResult> restore(const QString &backupPath, const QString &livePath, const QString &dataDir,
                                         const RestoreOptions &options = {});

    /// Creates `<dataDir>/backups/controller-<now>.db` from the open database and prunes old ones.
    /// Returns the new file's path. If a backup with that second's name exists, the next free second is used.
    static Result<QString> createAutomatic(Database &database, const QString &dataDir,
                                           int retentionDays = DefaultRetentionDays, const QDateTime &now = {});
    /// Same, from a closed database file.
    static Result<QString> createAutomaticFromFile(const QString &databasePath, const QString &dataDir,
                                                   int retentionDays = DefaultRetentionDays, const QDateTime &now = {});
    /// Deletes automatic backups (by the time in their name) older than retentionDays before now, and
    /// hidden temporaries of interrupted automatic backups untouched for an hour; files that match neither
    /// name pattern are never touched. Returns the removed paths.
    static Result<QStringList> prune(const QString &dataDir, int retentionDays = DefaultRetentionDays,
                                     const QDateTime &now = {});
};

} // namespace tier
