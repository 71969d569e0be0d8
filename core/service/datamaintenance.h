// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/migrate/importplan.h"
#include "core/store/backup.h"

#include <QByteArray>
#include <QObject>
#include <QString>

namespace tier {

/// What an export asks for.
struct ExportRequest
{
    QString targetPath;    ///< must not exist; written 0600, never replacing a file
    QByteArray passphrase; ///< empty: a plain SQLite file
    quint64 opsLimit = 0;  ///< Argon2id limits (0: BackupCipher's defaults; tests pass the minimum)
    quint64 memLimit = 0;
};

struct ExportOutcome
{
    enum class Kind { Written, NoLocalDatabase, Failed, Cancelled };
    Kind kind = Kind::Failed;
    QString path;
    qint64 bytes = 0;
    QString error; ///< the store's message when Failed
};

/// A backup file looked at before it replaces the live database.
struct BackupInspection
{
    enum class Kind {
        Ready,           ///< summary is valid; replaceDatabase(summary.path) may follow
        NeedsPassphrase, ///< encrypted, and no passphrase was given
        WrongPassphrase, ///< wrong passphrase, or the encrypted file was modified or damaged
        Unusable,        ///< not a backup this build can restore (error says why)
        NotStarted,      ///< no engine has been started: there is no database to replace
        NotLocal,        ///< the engine's database is not a local SQLite file
        NoSuchFile,
    };
    Kind kind = Kind::Unusable;
    QString path;              ///< the file asked about
    BackupSummary summary;     ///< Ready: what it holds (summary.path: the file to restore from)
    QString error;             ///< Unusable: the store's message
    QString runningController; ///< the running controller's address ("" when none)
    QString backupsFolder;     ///< where the replaced database is kept
};

struct ReplaceOutcome
{
    bool replaced = false;
    RestoreResult result; ///< replaced: what is live now and where the previous database went
    QString error;        ///< not replaced: the store's message (the live database is unchanged)
};

struct ImportBuild
{
    enum class Kind { Built, CannotImport, Failed };
    Kind kind = Kind::Failed;
    ImportPlan plan; ///< the plan read again just before building
    QString path;    ///< Built: the new database (the caller removes it when done)
    QString error;   ///< Failed: the message
};

/// What the window may ask about the controller's data besides the engine's own requests: export,
/// restore and import (File menu) and the API token (Preferences). Every call returns at once; the work
/// runs off the caller's thread, progress() reports on it, and exactly one answer signal follows each
/// call on the caller's thread. The window depends only on this interface: EngineDataMaintenance is
/// the real one (worker threads, the engine's data directory); UI tests may use a fake.
class DataMaintenance : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DataMaintenance)

public:
    enum class Operation { Export, Inspect, Replace, ImportPlan, ImportBuild, ApiToken };
    Q_ENUM(Operation)

    using QObject::QObject;
    ~DataMaintenance() override = default;

    /// A snapshot of the live database while the engine keeps serving. With a passphrase the plaintext
    /// exists only in the data directory's private scratch folder until it is encrypted. → exported()
    virtual void exportBackup(const ExportRequest &request) = 0;
    /// Abandons a running export: its file is removed as soon as the copy stops (exported(Cancelled)).
    virtual void cancelExport() = 0;
    /// Decrypts (into the scratch folder) and validates a backup for the confirmation. → inspected()
    virtual void inspectBackup(const QString &path, const QByteArray &passphrase = {}) = 0;
    /// Drops what the last inspection decrypted (the user declined).
    virtual void discardInspection() = 0;
    /// Stops the engine (without waiting), replaces the live database by the inspected file keeping the
    /// current one as an automatic backup, and starts the engine again with the same options. → replaced()
    virtual void replaceDatabase(const QString &path) = 0;
    /// The dry run of an import source (zerotier-one home folder or 2015 controller.db). → importPlanned()
    virtual void planImport(const QString &source) = 0;
    /// Reads the source again and, if it can be imported, builds a new controller database in workFolder
    /// (empty: the engine's scratch folder). → importBuilt()
    virtual void buildImport(const QString &source, const QString &workFolder = {}) = 0;
    /// The local API's token of dataDir (empty dataDir: the running engine's). → apiToken()
    virtual void requestApiToken(const QString &dataDir = {}) = 0;

signals:
    /// done of total (total 0: unknown; then done counts bytes or steps); stage names the step.
    void progress(tier::DataMaintenance::Operation operation, const QString &stage, qint64 done, qint64 total);
    void exported(const tier::ExportOutcome &outcome);
    void inspected(const tier::BackupInspection &inspection);
    void replaced(const tier::ReplaceOutcome &outcome);
    void importPlanned(const QString &source, const tier::ImportPlan &plan);
    void importBuilt(const tier::ImportBuild &build);
    void apiToken(const QString &dataDir, const QString &token);
};

} // namespace tier

Q_DECLARE_METATYPE(tier::ExportOutcome)
Q_DECLARE_METATYPE(tier::BackupInspection)
Q_DECLARE_METATYPE(tier::ReplaceOutcome)
Q_DECLARE_METATYPE(tier::ImportBuild)
