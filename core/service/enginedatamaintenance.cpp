// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/service/enginedatamaintenance.h"

#include "core/migrate/importer.h"
#include "core/service/engineclient.h"
#include "core/service/mailbox.h"
#include "core/store/backupcipher.h"
#include "core/store/scratchfolder.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace tier {

namespace {

constexpr int RestoreSteps = 6; // RestoreStep::Validate … Replace

QString stepName(RestoreStep step)
{
    switch (step) {
    case RestoreStep::Validate:
        return QStringLiteral("validate");
    case RestoreStep::SafetyBackup:
        return QStringLiteral("safety-backup");
    case RestoreStep::CopyToTemporary:
        return QStringLiteral("copy");
    case RestoreStep::Migrate:
        return QStringLiteral("migrate");
    case RestoreStep::Checkpoint:
        return QStringLiteral("checkpoint");
    case RestoreStep::Replace:
        return QStringLiteral("replace");
    }
    return QString();
}

/// The largest file whose path starts with one of prefixes ("folder/name-start").
qint64 largestFile(const QStringList &prefixes)
{
    qint64 bytes = 0;
    for (const QString &prefix : prefixes) {
        const QFileInfo pattern(prefix);
        const QDir folder = pattern.dir();
        for (const QFileInfo &entry :
             folder.entryInfoList({pattern.fileName() + u'*'}, QDir::Files | QDir::Hidden | QDir::NoSymLinks))
            bytes = qMax(bytes, entry.size());
    }
    return bytes;
}

BackupInspection inspectOnWorker(BackupInspection inspection, const QByteArray &passphrase, const QString &dataDir)
{
    const QString path = inspection.path;
    if (!QFileInfo(path).isFile()) {
        inspection.kind = BackupInspection::Kind::NoSuchFile;
        return inspection;
    }
    QString plainPath = path;
    if (BackupCipher::isEncrypted(path)) {
        if (passphrase.isEmpty()) {
            inspection.kind = BackupInspection::Kind::NeedsPassphrase;
            return inspection;
        }
        // The plain copy holds the secret key: only in the private scratch folder of the data directory.
        Result<QString> plain = ScratchFolder::newFilePath(dataDir, QStringLiteral("restore"));
        if (!plain) {
            inspection.error = plain.error().message;
            return inspection;
        }
        plainPath = *plain;
        if (Status decrypted = BackupCipher::decryptFile(path, plainPath, passphrase); !decrypted) {
            QFile::remove(plainPath);
            if (decrypted.error().code == ErrorCode::BadSignature)
                inspection.kind = BackupInspection::Kind::WrongPassphrase;
            inspection.error = decrypted.error().message;
            return inspection;
        }
    }
    Result<BackupSummary> summary = Backup::validate(plainPath);
    if (!summary) {
        if (plainPath != path)
            QFile::remove(plainPath);
        inspection.error = summary.error().message;
        return inspection;
    }
    inspection.kind = BackupInspection::Kind::Ready;
    inspection.summary = *summary;
    return inspection;
}

} // namespace

EngineDataMaintenance::EngineDataMaintenance(EngineClient *engine, QObject *parent)
    : DataMaintenance(parent), m_engine(engine), m_mailbox(std::make_shared<Mailbox>(this))
{
    qRegisterMetaType<tier::ExportOutcome>();
    qRegisterMetaType<tier::BackupInspection>();
    qRegisterMetaType<tier::ReplaceOutcome>();
    qRegisterMetaType<tier::ImportBuild>();
    m_progressTimer.setInterval(200);
    connect(&m_progressTimer, &QTimer::timeout, this, &EngineDataMaintenance::reportExportProgress);
}

EngineDataMaintenance::~EngineDataMaintenance()
{
    m_mailbox->detach(); // workers still running finish alone; nothing they post reaches this object
    if (m_exportCancelled)
        *m_exportCancelled = true; // their export file is removed when the copy returns
    removeDecrypted();
}

void EngineDataMaintenance::reportExportProgress()
{
    emit progress(Operation::Export, m_exportStage, largestFile(m_exportWatch), 0);
}

void EngineDataMaintenance::exportBackup(const ExportRequest &request)
{
    const EngineOptions options = m_engine ? m_engine->options() : EngineOptions();
    const QString database = m_engine ? EngineClient::databaseFilePath(options) : QString();
    if (database.isEmpty()) {
        ExportOutcome outcome;
        outcome.kind = ExportOutcome::Kind::NoLocalDatabase;
        outcome.path = QFileInfo(request.targetPath).absoluteFilePath();
        m_mailbox->post([this, outcome] { emit exported(outcome); });
        return;
    }
    if (m_exportCancelled)
        *m_exportCancelled = true; // one export at a time: an earlier one is abandoned
    auto cancelled = std::make_shared<std::atomic_bool>(false);
    m_exportCancelled = cancelled;
    const QString target = QFileInfo(request.targetPath).absoluteFilePath();
    const QFileInfo targetInfo(target);
    m_exportWatch = {targetInfo.dir().filePath(u'.' + targetInfo.fileName() + u'.')};
    if (!request.passphrase.isEmpty()) {
        const QString scratch = ScratchFolder::path(options.dataDir);
        const QString own = QStringLiteral("export-%1-").arg(QCoreApplication::applicationPid());
        m_exportWatch << QDir(scratch).filePath(u'.' + own) << QDir(scratch).filePath(own);
    }
    m_exportStage = QStringLiteral("snapshot");
    m_progressTimer.start();
    reportExportProgress();

    std::shared_ptr<Mailbox> mailbox = m_mailbox;
    runOnWorker(
        m_mailbox,
        [request, target, database, dataDir = options.dataDir, mailbox, this]() -> Result<qint64> {
            if (request.passphrase.isEmpty())
                return Backup::exportFile(database, target);
            EncryptedExport job;
            job.databasePath = database;
            job.dataDir = dataDir;
            job.targetPath = target;
            job.passphrase = request.passphrase;
            job.opsLimit = request.opsLimit;
            job.memLimit = request.memLimit;
            // `this` is only used on its own thread, through the mailbox (dropped once it is gone).
            job.plainReady = [mailbox, this](const QString &) {
                mailbox->post([this] { m_exportStage = QStringLiteral("encrypt"); });
            };
            return job.run();
        },
        [this, cancelled, target](Result<qint64> written) {
            if (*cancelled) {
                if (written)
                    QFile::remove(target); // nobody will take it any more
                if (m_exportCancelled != cancelled)
                    return; // a newer export runs and answers for itself
            }
            m_progressTimer.stop();
            m_exportCancelled.reset();
            ExportOutcome outcome;
            outcome.path = target;
            if (*cancelled) {
                outcome.kind = ExportOutcome::Kind::Cancelled;
            } else if (written) {
                outcome.kind = ExportOutcome::Kind::Written;
                outcome.bytes = *written;
            } else {
                outcome.error = written.error().message;
            }
            emit exported(outcome);
        });
}

void EngineDataMaintenance::cancelExport()
{
    if (m_exportCancelled)
        *m_exportCancelled = true;
}

void EngineDataMaintenance::inspectBackup(const QString &path, const QByteArray &passphrase)
{
    removeDecrypted();
    BackupInspection inspection;
    inspection.path = path;
    const EngineOptions options = m_engine ? m_engine->options() : EngineOptions();
    if (!m_engine || options.dataDir.isEmpty())
        inspection.kind = BackupInspection::Kind::NotStarted;
    else if (EngineClient::databaseFilePath(options).isEmpty())
        inspection.kind = BackupInspection::Kind::NotLocal;
    if (inspection.kind == BackupInspection::Kind::NotStarted || inspection.kind == BackupInspection::Kind::NotLocal) {
        m_mailbox->post([this, inspection] { emit inspected(inspection); });
        return;
    }
    inspection.runningController = m_engine->controllerAddress();
    inspection.backupsFolder = Backup::backupsFolder(options.dataDir);
    emit progress(Operation::Inspect, QStringLiteral("validate"), 0, 0);
    runOnWorker(
        m_mailbox,
        [inspection, passphrase, dataDir = options.dataDir] {
            return inspectOnWorker(inspection, passphrase, dataDir);
        },
        [this](BackupInspection result) {
            if (result.kind == BackupInspection::Kind::Ready && result.summary.path != result.path)
                m_decrypted = result.summary.path;
            emit inspected(result);
        });
}

void EngineDataMaintenance::discardInspection()
{
    removeDecrypted();
}

void EngineDataMaintenance::removeDecrypted()
{
    if (m_decrypted.isEmpty())
        return;
    QFile::remove(m_decrypted);
    m_decrypted.clear();
}

void EngineDataMaintenance::replaceDatabase(const QString &path)
{
    if (!m_engine || EngineClient::databaseFilePath(m_engine->options()).isEmpty()) {
        ReplaceOutcome outcome;
        outcome.error = QStringLiteral("there is no local SQLite database to replace");
        m_mailbox->post([this, outcome] { emit replaced(outcome); });
        return;
    }
    const EngineOptions options = m_engine->options();
    emit progress(Operation::Replace, QStringLiteral("stop-engine"), 0, RestoreSteps);
    if (m_engine->isStopped()) {
        runReplace(path, options);
        return;
    }
    // The engine and its backup scheduler let go of the live file first; nothing waits for that here.
    connect(
        m_engine, &EngineClient::stopped, this, [this, path, options] { runReplace(path, options); },
        Qt::SingleShotConnection);
    m_engine->stop();
}

void EngineDataMaintenance::runReplace(const QString &path, const EngineOptions &options)
{
    const QString livePath = EngineClient::databaseFilePath(options);
    std::shared_ptr<Mailbox> mailbox = m_mailbox;
    runOnWorker(
        m_mailbox,
        [path, livePath, dataDir = options.dataDir, mailbox, this] {
            RestoreOptions restoreOptions;
            restoreOptions.beforeStep = [mailbox, this](RestoreStep step) -> Status {
                mailbox->post([this, step] {
                    emit progress(Operation::Replace, stepName(step), qint64(step) + 1, RestoreSteps);
                });
                return Ok{};
            };
            Result<RestoreResult> restored = Backup::restore(path, livePath, dataDir, restoreOptions);
            ReplaceOutcome outcome;
            if (restored) {
                outcome.replaced = true;
                outcome.result = *restored;
            } else {
                outcome.error = restored.error().message;
            }
            return outcome;
        },
        [this, options](ReplaceOutcome outcome) { finishReplace(outcome, options); });
}

void EngineDataMaintenance::finishReplace(const ReplaceOutcome &outcome, const EngineOptions &options)
{
    removeDecrypted();
    if (m_engine)
        m_engine->start(options); // on whatever is there now: the new file, or the unchanged old one
    emit replaced(outcome);
}

void EngineDataMaintenance::planImport(const QString &source)
{
    emit progress(Operation::ImportPlan, QStringLiteral("read"), 0, 0);
    runOnWorker(
        m_mailbox, [source] { return Importer::plan(source); },
        [this, source](ImportPlan plan) { emit importPlanned(source, plan); });
}

void EngineDataMaintenance::buildImport(const QString &source, const QString &workFolder)
{
    const QString dataDir = m_engine ? m_engine->options().dataDir : QString();
    std::shared_ptr<Mailbox> mailbox = m_mailbox;
    emit progress(Operation::ImportBuild, QStringLiteral("read"), 1, 2);
    runOnWorker(
        m_mailbox,
        [source, workFolder, dataDir, mailbox, this] {
            ImportBuild build;
            // The source may have changed since the preview: build only what is checked now.
            build.plan = Importer::plan(source);
            if (!build.plan.canImport()) {
                build.kind = ImportBuild::Kind::CannotImport;
                return build;
            }
            mailbox->post([this] { emit progress(Operation::ImportBuild, QStringLiteral("build"), 2, 2); });
            Result<QString> built = makeError(ErrorCode::Io, QString());
            if (!workFolder.isEmpty() || dataDir.isEmpty()) {
                built = Importer::buildTemporary(build.plan, workFolder.isEmpty() ? QDir::tempPath() : workFolder);
            } else {
                // It holds the imported secret key: the private scratch folder, named for this process.
                Result<QString> path = ScratchFolder::newFilePath(dataDir, QStringLiteral("import"));
                if (!path)
                    built = path.error();
                else if (Status written = Importer::build(build.plan, *path + QStringLiteral(".db")); !written)
                    built = written.error();
                else
                    built = QString(*path + QStringLiteral(".db"));
            }
            if (built) {
                build.kind = ImportBuild::Kind::Built;
                build.path = *built;
            } else {
                build.error = built.error().message;
            }
            return build;
        },
        [this](ImportBuild build) { emit importBuilt(build); });
}

void EngineDataMaintenance::requestApiToken(const QString &dataDir)
{
    const QString folder = !dataDir.isEmpty() ? dataDir : m_engine ? m_engine->options().dataDir : QString();
    runOnWorker(
        m_mailbox,
        [folder] {
            QString token;
            if (folder.isEmpty())
                return token;
            QFile file(QDir(folder).filePath(QStringLiteral("authtoken.secret")));
            if (file.open(QIODevice::ReadOnly))
                token = QString::fromUtf8(file.read(4096)).trimmed();
            return token;
        },
        [this, dataDir](QString token) { emit apiToken(dataDir, token); });
}

} // namespace tier
