// SPDX-License-Identifier: GPL-3.0-or-later
#include "importexport.h"

#include "core/migrate/exporter.h"
#include "core/migrate/importer.h"
#include "core/store/backup.h"
#include "core/store/controllerfile.h"
#include "core/store/database.h"
#include "core/store/databasecopy.h"
#include "core/store/databaseuri.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>
#include <cstdio>
#include <optional>

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

/// Counts the networks without leaving anything behind (ControllerFile reads it quietly).
TargetState inspectTarget(const QString &path)
{
    TargetState state;
    const bool hasWal = QFileInfo::exists(path + QStringLiteral("-wal"));
    state.exists = QFileInfo::exists(path) || hasWal;
    if (!state.exists)
        return state;
    const Result<ControllerFileSummary> summary = ControllerFile::summarize(path);
    if (!summary) {
        state.refusal = QStringLiteral("%1 exists and cannot be read as a Tiermaster database (%2); it was left "
                                       "alone. Import into an empty --data-dir instead.")
                            .arg(path, summary.error().message);
        return state;
    }
    const qint64 networks = summary->networkCount;
    const QString address = summary->controllerAddress;
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

/// A zerotier-one home's API token (`authtoken.secret`), so that the web UIs pointed at the old controller
/// keep working: carried over when the data dir has no token yet, never over an existing one.
struct TokenCarry
{
    QString source; ///< empty: the home has none
    QString target;
    bool targetHasOne = false;
    QByteArray token;
    QString problem; ///< unreadable or not a token

    static TokenCarry inspect(const ImportPlan &plan, const QString &dataDir)
    {
        TokenCarry carry;
        if (plan.kind != ImportPlan::SourceKind::ZeroTierHome)
            return carry;
        const QString source = QDir(plan.sourcePath).filePath(QStringLiteral("authtoken.secret"));
        if (!QFileInfo(source).isFile())
            return carry;
        carry.source = source;
        carry.target = QDir(dataDir).filePath(QStringLiteral("authtoken.secret"));
        carry.targetHasOne = QFileInfo::exists(carry.target);
        QFile file(source);
        if (!file.open(QIODevice::ReadOnly)) {
            carry.problem = file.errorString();
            return carry;
        }
        carry.token = file.read(4097).trimmed();
        const bool printable =
            std::all_of(carry.token.cbegin(), carry.token.cend(), [](char c) { return c > 0x20 && c < 0x7f; });
        if (carry.token.isEmpty() || carry.token.size() > 4096 || !printable)
            carry.problem = QStringLiteral("it does not hold a token (1–4096 printable characters)");
        return carry;
    }

    QString report(bool done) const
    {
        if (source.isEmpty())
            return {};
        if (!problem.isEmpty())
            return QStringLiteral("API token: %1 is not carried over (%2); the controller makes a new one.")
                .arg(source, problem);
        if (targetHasOne)
            return QStringLiteral("API token: %1 already exists and is kept; the old controller's token in %2 "
                                  "is not used (point web UIs at the existing one).")
                .arg(target, source);
        return QStringLiteral("API token: %1 %2 %3 (0600), so web UIs set up for the old controller keep "
                              "working with the same token.")
            .arg(source, done ? QStringLiteral("was copied to") : QStringLiteral("will be copied to"), target);
    }

    Status apply() const
    {
        if (source.isEmpty() || !problem.isEmpty() || targetHasOne)
            return Ok{};
        QFile file(target);
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner) ||
            file.write(token) != token.size() || !file.flush())
            return makeError(ErrorCode::Io, QStringLiteral("cannot create %1: %2").arg(target, file.errorString()));
        return Ok{};
    }
};

int runImport(const LaunchOptions &options, const QString &databasePath)
{
    const ImportPlan plan = Importer::plan(options.importPath);
    print(stdout, plan.report());
    const TokenCarry token = TokenCarry::inspect(plan, options.engine.dataDir);
    if (!plan.canImport())
        return failWith(QStringLiteral("cannot import %1: %2 error(s), listed above; nothing was written")
                            .arg(plan.sourcePath)
                            .arg(qMax<qsizetype>(1, plan.blockingProblems().size())));
    if (options.dryRun) {
        if (const QString line = token.report(false); !line.isEmpty())
            print(stdout, line);
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
    if (Status carried = token.apply(); !carried)
        print(stderr, QStringLiteral("tiermaster: warning: %1; the controller makes a new API token on start")
                          .arg(carried.error().message));
    else if (const QString line = token.report(true); !line.isEmpty())
        print(stdout, line);
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

/// A Tiermaster controller given to --import (a postgresql:// URI, or an SQLite file holding our schema): it
/// moves between back ends by copying every row, instead of going through the zerotier-one importer.
std::optional<DatabaseUri> tiermasterSource(const QString &path, const QString &dataDir)
{
    if (path.startsWith(u"postgresql:") || path.startsWith(u"postgres:")) {
        Result<DatabaseUri> uri = DatabaseUri::parse(path, dataDir);
        return uri ? std::optional<DatabaseUri>(*uri) : std::nullopt;
    }
    QString filePath = path;
    if (path.startsWith(u"sqlite:")) {
        Result<DatabaseUri> uri = DatabaseUri::parse(path, dataDir);
        if (!uri)
            return std::nullopt;
        filePath = uri->path;
    }
    QFile file(filePath);
    if (!file.open(QIODevice::ReadOnly) || file.read(16) != QByteArrayView("SQLite format 3\0", 16))
        return std::nullopt;
    file.close();
    const bool ours = ControllerFile::holdsTiermasterSchema(filePath);
    return ours ? std::optional<DatabaseUri>(DatabaseUri::sqliteFile(filePath)) : std::nullopt;
}

int runCopy(const LaunchOptions &options, const DatabaseUri &source, const DatabaseUri &target)
{
    if (options.dryRun) {
        Database from(QStringLiteral("copy-dry-run"));
        if (Status opened = from.open(source, Database::Access::ReadOnly); !opened)
            return failWith(opened.error().message);
        const auto rows = DatabaseCopy::countRows(from);
        if (!rows)
            return failWith(rows.error().message);
        QStringList counts;
        for (const auto &[table, count] : *rows)
            counts << QStringLiteral("%1 %2").arg(count).arg(table);
        print(stdout, QStringLiteral("Would copy the Tiermaster controller in %1 into %2: %3.")
                          .arg(source.toString(), target.toString(), counts.join(QStringLiteral(", "))));
        print(stdout, QStringLiteral("Dry run: nothing was written."));
        return 0;
    }
    if (target.dialect == SqlDialect::Sqlite && !QDir().mkpath(QFileInfo(target.path).absolutePath()))
        return failWith(QStringLiteral("cannot create the folder of %1").arg(target.path));
    Result<DatabaseCopy::Report> copied = DatabaseCopy::copy(source, target);
    if (!copied)
        return failWith(copied.error().message);
    QStringList counts;
    for (auto it = copied->rowsPerTable.cbegin(); it != copied->rowsPerTable.cend(); ++it)
        counts << QStringLiteral("%1 %2").arg(it.value()).arg(it.key());
    print(stdout, QStringLiteral("Copied the Tiermaster controller in %1 into %2, checked row by row: %3.")
                      .arg(source.toString(), target.toString(), counts.join(QStringLiteral(", "))));
    return 0;
}

} // namespace

int runImportExport(const LaunchOptions &options)
{
    const Result<DatabaseUri> uri = DatabaseUri::parse(options.engine.databaseUri, options.engine.dataDir);
    if (!uri)
        return failWith(QStringLiteral("--database: %1").arg(uri.error().message));
    if (!options.importPath.isEmpty()) {
        if (const std::optional<DatabaseUri> source = tiermasterSource(options.importPath, options.engine.dataDir))
            return runCopy(options, *source, *uri);
    }
    // The zerotier-one importer builds, and the exporter reads, an SQLite file.
    if (uri->dialect != SqlDialect::Sqlite)
        return failWith(QStringLiteral("--import of a zerotier-one controller and --export work on an SQLite "
                                       "database; import into one first (--database sqlite:PATH), then copy it "
                                       "with --import PATH --database postgresql://…"));
    if (!options.importPath.isEmpty())
        return runImport(options, uri->path);
    return runExport(options, uri->path);
}

} // namespace tier
