// SPDX-License-Identifier: GPL-3.0-or-later
#include "importexport.h"

#include "core/migrate/exporter.h"
#include "core/migrate/importer.h"
#include "core/store/backup.h"
#include "core/store/databaseuri.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>

#include <cstdio>

namespace tier {

namespace {

void print(FILE *stream, const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fputs(bytes.constData(), stream);
    if (!bytes.endsWith('\n'))
        std::fputc('\n', stream);
    std::fflush(stream);
}

int failWith(const QString &message)
{
    print(stderr, QStringLiteral("tiermaster: ") + message);
    return 1;
}

/// What is at the target database path: nothing, a controller without networks (replaceable), or one that
/// must not be overwritten (the error says why).
struct TargetState
{
    bool exists = false;
    QString refusal;
};

/// Counts the networks without leaving anything behind: a plain read-only SQLite open of a WAL database creates
/// -wal/-shm files it cannot remove again. Without a -wal file no connection is open in WAL mode (an open one
/// keeps it), so the file is read as immutable; with one, the ordinary read-only way is right.
TargetState inspectTarget(const QString &path)
{
    TargetState state;
    const bool hasWal = QFileInfo::exists(path + QStringLiteral("-wal"));
    state.exists = QFileInfo::exists(path) || hasWal;
    if (!state.exists)
        return state;
    const QString name = QStringLiteral("tiermaster-import-check");
    qint64 networks = -1;
    QString address;
    QString error;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        if (hasWal) {
            db.setDatabaseName(path);
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
        } else {
            QUrl uri = QUrl::fromLocalFile(QFileInfo(path).absoluteFilePath());
            uri.setQuery(QStringLiteral("immutable=1"));
            db.setDatabaseName(uri.toString(QUrl::FullyEncoded));
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_OPEN_URI"));
        }
        if (!db.open()) {
            error = db.lastError().text();
        } else {
            QSqlQuery count(db);
            if (count.exec(QStringLiteral("SELECT COUNT(*) FROM networks")) && count.next())
                networks = count.value(0).toLongLong();
            else
                error = count.lastError().text();
            QSqlQuery identity(db);
            if (identity.exec(QStringLiteral("SELECT identity_secret FROM controller_identity")) && identity.next())
                address = identity.value(0).toString().left(10);
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    if (networks < 0) {
        state.refusal = QStringLiteral("%1 exists and cannot be read as a Tiermaster database (%2); it was left "
                                       "alone. Import into an empty --data-dir instead.")
                            .arg(path, error);
        return state;
    }
    if (networks > 0) {
        state.refusal =
            QStringLiteral("%1 already holds a controller with %2 network(s)%3; an import never replaces it. Import "
                           "into an empty --data-dir, or replace the database in the GUI (File → Import… or Restore "
                           "backup), which keeps the current one as a backup.")
                .arg(path)
                .arg(networks)
                .arg(address.isEmpty() ? QString() : QStringLiteral(" (controller %1)").arg(address));
    }
    return state;
}

int runImport(const LaunchOptions &options, const QString &databasePath)
{
    const ImportPlan plan = Importer::plan(options.importPath);
    print(stdout, plan.report());
    if (!plan.canImport())
        return failWith(QStringLiteral("cannot import %1: %2 error(s), listed above; nothing was written")
                            .arg(plan.sourcePath)
                            .arg(qMax<qsizetype>(1, plan.blockingProblems().size())));
    if (options.dryRun) {
        print(stdout, QStringLiteral("Dry run: nothing was written."));
        return 0;
    }

    const TargetState target = inspectTarget(databasePath);
    if (!target.refusal.isEmpty())
        return failWith(target.refusal);
    const QString dataDir = options.engine.dataDir;
    const QString targetFolder = QFileInfo(databasePath).absolutePath();
    if (!QDir().mkpath(dataDir) || !QDir().mkpath(targetFolder))
        return failWith(QStringLiteral("cannot create %1").arg(dataDir));

    QString safetyBackup;
    if (!target.exists) {
        if (Status built = Importer::build(plan, databasePath); !built)
            return failWith(built.error().message);
    } else {
        // A database with only a fresh identity (the engine made it on first start): replaced through the same
        // path as a backup restore, which keeps it under backups/ first.
        Result<QString> built = Importer::buildTemporary(plan, targetFolder);
        if (!built)
            return failWith(built.error().message);
        Result<RestoreResult> restored = Backup::restore(*built, databasePath, dataDir);
        QFile::remove(*built);
        if (!restored)
            return failWith(restored.error().message);
        safetyBackup = restored->safetyBackupPath;
    }

    // For convenience, as the engine writes it on start (the secret stays in the database only).
    QSaveFile publicFile(QDir(dataDir).filePath(QStringLiteral("identity.public")));
    if (publicFile.open(QIODevice::WriteOnly)) {
        publicFile.write(plan.identity.toString(false).toLatin1());
        publicFile.commit();
    }

    print(stdout, QStringLiteral("Imported %1 network(s) and %2 member(s) of controller %3 into %4.")
                      .arg(plan.networks.size())
                      .arg(plan.memberCount())
                      .arg(plan.identity.address().toString(), databasePath));
    if (!safetyBackup.isEmpty())
        print(stdout, QStringLiteral("The previous database (no networks) was kept as %1.").arg(safetyBackup));
    return 0;
}

int runExport(const LaunchOptions &options, const QString &databasePath)
{
    if (!QFileInfo::exists(databasePath))
        return failWith(QStringLiteral("there is no controller database at %1 to export").arg(databasePath));
    Result<ExportSummary> exported = Exporter::exportDatabase(databasePath, options.exportDir);
    if (!exported)
        return failWith(exported.error().message);
    print(stdout, QStringLiteral("Exported controller %1: %2 network(s) and %3 member(s) into %4 "
                                 "(identity.secret, identity.public, controller.d/).")
                      .arg(exported->controller.toString())
                      .arg(exported->networkCount)
                      .arg(exported->memberCount)
                      .arg(exported->folder));
    return 0;
}

} // namespace

int runImportExport(const LaunchOptions &options)
{
    const Result<DatabaseUri> uri = DatabaseUri::parse(options.engine.databaseUri, options.engine.dataDir);
    if (!uri)
        return failWith(QStringLiteral("--database: %1").arg(uri.error().message));
    if (!options.importPath.isEmpty())
        return runImport(options, uri->path);
    return runExport(options, uri->path);
}

} // namespace tier
