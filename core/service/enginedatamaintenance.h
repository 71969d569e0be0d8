// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/service/datamaintenance.h"
#include "core/service/engineoptions.h"

#include <QPointer>
#include <QStringList>
#include <QTimer>

#include <atomic>
#include <memory>

namespace tier {

class EngineClient;
class Mailbox;

/// The real DataMaintenance: works on the engine's data directory and live SQLite file (from
/// EngineClient::options()), runs every file operation on a pool thread (each with its own SQLite
/// connection) and answers through a Mailbox, so neither the caller's thread nor this object's
/// destruction ever waits for a worker. Plaintext copies of the database (encrypted export, decrypted
/// backup, built import) live only in ScratchFolder. engine may be null: then only planImport(),
/// buildImport() with a work folder, and requestApiToken() with a data directory can succeed.
class EngineDataMaintenance final : public DataMaintenance
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EngineDataMaintenance)

public:
    explicit EngineDataMaintenance(EngineClient *engine, QObject *parent = nullptr);
    ~EngineDataMaintenance() override;

    void exportBackup(const ExportRequest &request) override;
    void cancelExport() override;
    void inspectBackup(const QString &path, const QByteArray &passphrase = {}) override;
    void discardInspection() override;
    void replaceDatabase(const QString &path) override;
    void planImport(const QString &source) override;
    void buildImport(const QString &source, const QString &workFolder = {}) override;
    void requestApiToken(const QString &dataDir = {}) override;

    /// How often the bytes written by an export are reported (default 200 ms).
    void setProgressInterval(int ms) { m_progressTimer.setInterval(ms); }

private:
    void reportExportProgress();
    void runReplace(const QString &path, const EngineOptions &options);
    void finishReplace(const ReplaceOutcome &outcome, const EngineOptions &options);
    void removeDecrypted();

    QPointer<EngineClient> m_engine;
    std::shared_ptr<Mailbox> m_mailbox;
    std::shared_ptr<std::atomic_bool> m_exportCancelled;
    QStringList m_exportWatch; ///< "folder/.name." prefixes of the files a running export writes
    QString m_exportStage;
    QTimer m_progressTimer;
    QString m_decrypted; ///< plain copy of the last inspected encrypted backup (in the scratch folder)
};

} // namespace tier
