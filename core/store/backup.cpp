// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/backup.h"

#include "core/crypto/identity.h"
#include "core/crypto/primitives.h"
#include "core/store/database.h"
#include "core/store/schema.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QUrl>
#include <QtEndian>

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

namespace tier {

namespace {

std::atomic<quint64> s_rawCounter{0};

constexpr QFileDevice::Permissions PrivateFile = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

QString errnoText()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

/// A short-lived connection of our own (not a Database: it must neither migrate nor switch journal modes).
class RawConnection final
{
    Q_DISABLE_COPY_MOVE(RawConnection)

public:
    RawConnection(const QString &databaseName, const QString &options)
        : m_name(QStringLiteral("tiermaster-backup-%1").arg(++s_rawCounter))
    {
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        m_db.setDatabaseName(databaseName);
        m_db.setConnectOptions(options);
    }
    ~RawConnection()
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }

    Status open(const QString &what)
    {
        if (!m_db.open())
            return makeError(ErrorCode::Database,
                             QStringLiteral("cannot open %1: %2").arg(what, m_db.lastError().text().trimmed()));
        return Ok{};
    }

    /// Runs sql and returns every row's columns (small results only).
    Result<QList<QVariantList>> rows(const QString &sql, const QString &context)
    {
        QSqlQuery query(m_db);
        query.setForwardOnly(true);
        if (!query.exec(sql)) {
            QString text = query.lastError().databaseText().trimmed();
            if (text.isEmpty())
                text = query.lastError().text().trimmed();
            return makeError(ErrorCode::Database, context + QStringLiteral(": ") + text);
        }
        QList<QVariantList> result;
        const int columns = query.record().count();
        while (query.next()) {
            QVariantList row;
            for (int i = 0; i < columns; ++i)
                row.append(query.value(i));
            result.append(row);
        }
        return result;
    }

private:
    QString m_name;
    QSqlDatabase m_db;
};

Status fsyncPath(const QString &path, bool directory)
{
    const QByteArray native = QFile::encodeName(path);
    const int fd = ::open(native.constData(), directory ? (O_RDONLY | O_DIRECTORY) : O_RDONLY);
    if (fd < 0)
        return makeError(ErrorCode::Io, QStringLiteral("cannot open %1 to sync it: %2").arg(path, errnoText()));
    const int rc = ::fsync(fd);
    const QString error = rc == 0 ? QString() : errnoText();
    ::close(fd);
    if (rc != 0)
        return makeError(ErrorCode::Io, QStringLiteral("cannot sync %1 to disk: %2").arg(path, error));
    return Ok{};
}

QString temporaryNameNextTo(const QString &finalPath, QStringView tag)
{
    const QFileInfo info(finalPath);
    return info.dir().filePath(QStringLiteral(".%1.%2-%3")
                                   .arg(info.fileName(), tag)
                                   .arg(QRandomGenerator::system()->generate64(), 16, 16, QLatin1Char('0')));
}

void removeWithSidecars(const QString &path)
{
    QFile::remove(path);
    QFile::remove(path + QStringLiteral("-journal"));
    QFile::remove(path + QStringLiteral("-wal"));
    QFile::remove(path + QStringLiteral("-shm"));
}

/// Moves temp to finalPath without ever replacing an existing file: link() fails on an existing name,
/// unlike rename().
Status publishNoReplace(const QString &temp, const QString &finalPath)
{
    const QByteArray from = QFile::encodeName(temp);
    const QByteArray to = QFile::encodeName(finalPath);
    if (::link(from.constData(), to.constData()) == 0) {
        ::unlink(from.constData());
        return Ok{};
    }
    if (errno == EEXIST)
        return makeError(ErrorCode::Conflict, QStringLiteral("%1 already exists; it was not replaced").arg(finalPath));
    // File systems without hard links: check, then rename (a tiny race, acceptable there).
    if (QFileInfo::exists(finalPath))
        return makeError(ErrorCode::Conflict, QStringLiteral("%1 already exists; it was not replaced").arg(finalPath));
    if (::rename(from.constData(), to.constData()) != 0)
        return makeError(ErrorCode::Io, QStringLiteral("cannot rename %1 to %2: %3").arg(temp, finalPath, errnoText()));
    return Ok{};
}

/// The common part of both exports: `run` executes one SQL statement on the source connection.
Result<qint64> snapshotInto(const std::function<Status(const QString &)> &run, const QString &targetPath)
{
    if (targetPath.isEmpty())
        return makeError(ErrorCode::Io, QStringLiteral("no backup file name given"));
    const QFileInfo target(targetPath);
    const QString finalPath = target.absoluteFilePath();
    if (target.exists() || target.isSymLink())
        return makeError(ErrorCode::Conflict,
                         QStringLiteral("%1 already exists; choose another name (it was not replaced)").arg(finalPath));
    if (!target.dir().exists())
        return makeError(ErrorCode::Io, QStringLiteral("folder %1 does not exist").arg(target.dir().path()));

    const QString temp = temporaryNameNextTo(finalPath, u"partial");
    if (temp.contains(QChar(0)))
        return makeError(ErrorCode::Io, QStringLiteral("invalid file name"));
    {
        // Empty and private before SQLite writes the secret key into it: VACUUM INTO accepts an empty file.
        QFile file(temp);
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly))
            return makeError(ErrorCode::Io, QStringLiteral("cannot create %1: %2").arg(temp, file.errorString()));
        file.setPermissions(PrivateFile);
    }
    auto fail = [&](const Error &error) -> Result<qint64> {
        removeWithSidecars(temp);
        return error;
    };
    // VACUUM INTO binds no parameters: the name goes in as an SQL string literal. temp is absolute
    // (starts with '/'), so it is never read as a `file:` URI either.
    QString literal = temp;
    literal.replace(QLatin1Char('\''), QStringLiteral("''"));
    if (Status done = run(QStringLiteral("VACUUM INTO '") + literal + QLatin1Char('\'')); !done)
        return fail(makeError(ErrorCode::Database,
                              QStringLiteral("cannot write the backup %1: %2").arg(finalPath, done.error().message)));
    if (!QFile::setPermissions(temp, PrivateFile))
        return fail(makeError(ErrorCode::Io, QStringLiteral("cannot make %1 private").arg(temp)));
    if (Status synced = fsyncPath(temp, false); !synced)
        return fail(synced.error());
    if (Status published = publishNoReplace(temp, finalPath); !published)
        return fail(published.error());
    if (Status synced = fsyncPath(target.dir().absolutePath(), true); !synced)
        return synced.error();
    return QFileInfo(finalPath).size();
}

Result<QString> automaticInto(const std::function<Result<qint64>(const QString &)> &exportTo, const QString &dataDir,
                              int retentionDays, const QDateTime &now)
{
    const QString folder = Backup::backupsFolder(dataDir);
    if (!QDir().mkpath(folder))
        return makeError(ErrorCode::Io, QStringLiteral("cannot create the backup folder %1").arg(folder));
    QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    const QDateTime start = (now.isValid() ? now : QDateTime::currentDateTimeUtc()).toUTC();
    // Two backups within one second (a scheduled one, then one before a restore) take the next free name.
    for (int offset = 0; offset < 120; ++offset) {
        const QString path = QDir(folder).filePath(Backup::fileNameFor(start.addSecs(offset)));
        if (QFileInfo::exists(path))
            continue;
        Result<qint64> written = exportTo(path);
        if (!written) {
            if (written.error().code == ErrorCode::Conflict)
                continue;
            return written.error();
        }
        if (retentionDays > 0) {
            auto pruned = Backup::prune(dataDir, retentionDays, start);
            Q_UNUSED(pruned); // a failed prune must not hide a successful backup
        }
        return path;
    }
    return makeError(ErrorCode::Conflict, QStringLiteral("no free backup name in %1").arg(folder));
}

Status copyPrivately(const QString &source, const QString &target)
{
    QFile in(source);
    if (!in.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot read %1: %2").arg(source, in.errorString()));
    QFile out(target);
    if (!out.open(QIODevice::WriteOnly | QIODevice::NewOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot create %1: %2").arg(target, out.errorString()));
    out.setPermissions(PrivateFile);
    while (!in.atEnd()) {
        const QByteArray chunk = in.read(1 << 20);
        if (chunk.isEmpty() && in.error() != QFileDevice::NoError)
            return makeError(ErrorCode::Io, QStringLiteral("cannot read %1: %2").arg(source, in.errorString()));
        if (out.write(chunk) != chunk.size())
            return makeError(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(target, out.errorString()));
    }
    if (!out.flush())
        return makeError(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(target, out.errorString()));
    if (::fsync(out.handle()) != 0)
        return makeError(ErrorCode::Io, QStringLiteral("cannot sync %1: %2").arg(target, errnoText()));
    return Ok{};
}

// --- the steps of Backup::validate(), in their order ---

Error notTiermaster(ErrorCode code, const QString &path, const QString &why)
{
    return makeError(code,
                     QStringLiteral("%1 is not a Tiermaster backup: %2. The file was not changed.").arg(path, why));
}

/// The SQLite file header: checked before SQLite opens the file, to tell a damaged or truncated copy
/// from another kind of file.
Status checkSqliteHeader(const QString &path, qint64 fileSize)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    const QByteArray header = file.read(100);
    static const QByteArray magic("SQLite format 3\0", 16);
    if (header.size() < 100)
        return notTiermaster(ErrorCode::Truncated, path, QStringLiteral("it is too short to be an SQLite database"));
    if (!header.startsWith(magic))
        return notTiermaster(ErrorCode::Malformed, path, QStringLiteral("it is not an SQLite database"));
    const auto *bytes = reinterpret_cast<const uchar *>(header.constData());
    const quint32 rawPageSize = qFromBigEndian<quint16>(bytes + 16);
    const qint64 pageSize = rawPageSize == 1 ? 65536 : rawPageSize;
    if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) != 0)
        return notTiermaster(ErrorCode::Malformed, path, QStringLiteral("its SQLite header is damaged"));
    const quint32 changeCounter = qFromBigEndian<quint32>(bytes + 24);
    const quint32 pages = qFromBigEndian<quint32>(bytes + 28);
    const quint32 validFor = qFromBigEndian<quint32>(bytes + 92);
    if (fileSize % pageSize != 0 || (changeCounter == validFor && pages > 0 && fileSize < qint64(pages) * pageSize))
        return notTiermaster(ErrorCode::Truncated, path, QStringLiteral("the file is truncated (incomplete copy?)"));
    return Ok{};
}

/// A backup is self-contained; changes still in a -wal next to it would be silently left out.
Status checkNoUnsavedChanges(const QString &path)
{
    if (QFileInfo(path + QStringLiteral("-wal")).size() > 0)
        return makeError(ErrorCode::Conflict,
                         QStringLiteral("%1 has unsaved changes in %1-wal (it is a live database, or a copy made while "
                                        "it was in use). Export a backup from it instead. The file was not changed.")
                             .arg(path));
    return Ok{};
}

Result<QVariant> scalar(RawConnection &connection, const QString &sql, const QString &context)
{
    auto rows = connection.rows(sql, context);
    if (!rows)
        return rows.error();
    if (rows->isEmpty() || rows->constFirst().isEmpty())
        return QVariant();
    return rows->constFirst().constFirst();
}

Status checkIntegrity(RawConnection &connection, const QString &path)
{
    auto check = connection.rows(QStringLiteral("PRAGMA integrity_check(10)"), QStringLiteral("integrity check"));
    if (!check)
        return notTiermaster(ErrorCode::Malformed, path,
                             QStringLiteral("SQLite cannot read it (%1)").arg(check.error().message));
    QStringList problems;
    for (const QVariantList &row : std::as_const(*check))
        problems.append(row.value(0).toString());
    if (problems != QStringList{QStringLiteral("ok")})
        return makeError(ErrorCode::Malformed,
                         QStringLiteral("%1 is damaged: the SQLite integrity check failed (%2). The file was not "
                                        "changed.")
                             .arg(path, problems.join(QStringLiteral("; "))));
    return Ok{};
}

/// The names of the tables, if they are those of a Tiermaster database (it records its migrations).
Result<QStringList> tiermasterTables(RawConnection &connection, const QString &path)
{
    QStringList tables;
    auto rows = connection.rows(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"),
                                QStringLiteral("listing tables"));
    if (!rows)
        return rows.error();
    for (const QVariantList &row : std::as_const(*rows))
        tables.append(row.value(0).toString());
    if (tables.isEmpty())
        return notTiermaster(ErrorCode::Malformed, path, QStringLiteral("the database is empty"));
    if (!tables.contains(QStringLiteral("schema_migrations")))
        return notTiermaster(ErrorCode::Malformed, path,
                             QStringLiteral("it is an SQLite database of another application (tables %1)")
                                 .arg(tables.join(QStringLiteral(", "))));
    return tables;
}

/// The schema version the backup records, if this build knows it.
Result<int> knownSchemaVersion(RawConnection &connection, const QString &path)
{
    auto version = scalar(connection, QStringLiteral("SELECT MAX(version) FROM schema_migrations"),
                          QStringLiteral("reading the schema version"));
    if (!version)
        return version.error();
    if (version->isNull() || version->toInt() < 1)
        return notTiermaster(ErrorCode::Malformed, path, QStringLiteral("it records no schema version"));
    const int schemaVersion = version->toInt();
    if (schemaVersion > latestSchemaVersion())
        return makeError(ErrorCode::Unsupported,
                         QStringLiteral("%1 was written by a newer Tiermaster (database schema version %2; this "
                                        "version knows up to %3). Restore it with that version or a newer one. The "
                                        "file was not changed.")
                             .arg(path)
                             .arg(schemaVersion)
                             .arg(latestSchemaVersion()));
    return schemaVersion;
}

/// Every table and column the schema at that version has must be there: a file with the right
/// table names but other columns would be restored and then fail the engine at every start.
Status checkTablesAndColumns(RawConnection &connection, const QStringList &tables, int schemaVersion,
                             const QString &path)
{
    for (const QString &needed :
         {QStringLiteral("controller_identity"), QStringLiteral("networks"), QStringLiteral("members")}) {
        if (!tables.contains(needed))
            return notTiermaster(ErrorCode::Malformed, path, QStringLiteral("the table %1 is missing").arg(needed));
    }
    RawConnection reference(QStringLiteral(":memory:"), QString());
    if (Status opened = reference.open(QStringLiteral("an in-memory reference schema")); !opened)
        return opened.error();
    for (const Migration &m : schemaMigrations()) {
        if (m.version > schemaVersion)
            break;
        for (const QString &statement : m.statements) {
            if (auto done = reference.rows(sqlForDialect(statement, SqlDialect::Sqlite),
                                           QStringLiteral("building the reference schema"));
                !done)
                return done.error();
        }
    }
    auto referenceTables = reference.rows(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table'"),
                                          QStringLiteral("listing reference tables"));
    if (!referenceTables)
        return referenceTables.error();
    for (const QVariantList &row : std::as_const(*referenceTables)) {
        const QString table = row.value(0).toString();
        if (!tables.contains(table))
            return notTiermaster(ErrorCode::Malformed, path, QStringLiteral("the table %1 is missing").arg(table));
        const QString columnsSql = QStringLiteral("SELECT name FROM pragma_table_info('%1')").arg(table);
        auto wanted = reference.rows(columnsSql, QStringLiteral("reading the reference columns"));
        auto present = connection.rows(columnsSql, QStringLiteral("reading the columns of %1").arg(table));
        if (!wanted)
            return wanted.error();
        if (!present)
            return present.error();
        QSet<QString> have;
        for (const QVariantList &c : std::as_const(*present))
            have.insert(c.value(0).toString());
        for (const QVariantList &c : std::as_const(*wanted)) {
            if (!have.contains(c.value(0).toString()))
                return notTiermaster(ErrorCode::Malformed, path,
                                     QStringLiteral("the column %1.%2 is missing").arg(table, c.value(0).toString()));
        }
    }
    return Ok{};
}

/// The controller's address, if the backup holds a valid controller identity with its secret.
Result<Address> controllerAddress(RawConnection &connection, const QString &path)
{
    auto rows = connection.rows(
        QStringLiteral("SELECT address, identity_secret, identity_public FROM controller_identity WHERE id = 1"),
        QStringLiteral("reading the controller identity"));
    if (!rows)
        return rows.error();
    if (rows->isEmpty())
        return makeError(ErrorCode::InvalidIdentity,
                         QStringLiteral("%1 has no controller identity: restoring it would not bring back any "
                                        "network. The file was not changed.")
                             .arg(path));
    const QVariantList &row = rows->constFirst();
    const QString address = row.value(0).toString();
    const Result<Identity> identity = Identity::fromString(row.value(1).toString());
    const bool valid = identity && identity->hasSecret() && identity->address().toString() == address &&
                       identity->toString(false) == row.value(2).toString().trimmed() && identity->locallyValidate();
    if (!valid)
        return makeError(ErrorCode::InvalidIdentity,
                         QStringLiteral("the controller identity in %1 (address %2) is damaged or invalid. The "
                                        "file was not changed.")
                             .arg(path, address));
    return identity->address();
}

/// The counts and the newest change a person sees before restoring.
Status readContents(RawConnection &connection, const QFileInfo &info, BackupSummary &summary)
{
    auto networks =
        scalar(connection, QStringLiteral("SELECT count(*) FROM networks"), QStringLiteral("counting networks"));
    if (!networks)
        return networks.error();
    summary.networkCount = networks->toLongLong();
    auto members =
        scalar(connection, QStringLiteral("SELECT count(*) FROM members"), QStringLiteral("counting members"));
    if (!members)
        return members.error();
    summary.memberCount = members->toLongLong();
    auto newest = scalar(connection,
                         QStringLiteral("SELECT MAX(t) FROM (SELECT MAX(last_modified) AS t FROM networks"
                                        " UNION ALL SELECT MAX(last_modified) FROM members)"),
                         QStringLiteral("reading the newest change"));
    if (!newest)
        return newest.error();
    if (!newest->isNull() && newest->toLongLong() > 0)
        summary.newestChange = QDateTime::fromMSecsSinceEpoch(newest->toLongLong(), Qt::UTC);
    else
        summary.newestChange = info.lastModified().toUTC();
    return Ok{};
}

} // namespace

QString Backup::backupsFolder(const QString &dataDir)
{
    return QDir(dataDir).filePath(QStringLiteral("backups"));
}

QString Backup::fileNameFor(const QDateTime &when)
{
    return QStringLiteral("controller-%1.db").arg(when.toUTC().toString(QStringLiteral("yyyyMMdd-HHmmss")));
}

QDateTime Backup::timeFromFileName(const QString &fileName)
{
    static const QRegularExpression pattern(QStringLiteral("^controller-(\\d{8}-\\d{6})\\.db$"));
    const QRegularExpressionMatch match = pattern.match(fileName);
    if (!match.hasMatch())
        return {};
    QDateTime time = QDateTime::fromString(match.captured(1), QStringLiteral("yyyyMMdd-HHmmss"));
    if (!time.isValid())
        return {};
    time.setTimeSpec(Qt::UTC);
    return time;
}

Result<qint64> Backup::exportTo(Database &database, const QString &targetPath)
{
    if (Status usable = database.checkUsable(); !usable)
        return usable.error();
    if (database.dialect() != SqlDialect::Sqlite)
        return makeError(ErrorCode::Unsupported, QStringLiteral("backups are only supported for SQLite databases"));
    return snapshotInto(
        [&](const QString &sql) -> Status {
            auto done = database.exec(sql);
            if (!done)
                return done.error();
            return Ok{};
        },
        targetPath);
}

Result<qint64> Backup::exportFile(const QString &sourcePath, const QString &targetPath)
{
    const QFileInfo source(sourcePath);
    if (!source.isFile())
        return makeError(ErrorCode::NotFound, QStringLiteral("database %1 does not exist").arg(sourcePath));
    // Read-write on purpose: a read-only connection cannot always open a WAL database. VACUUM INTO only reads.
    RawConnection connection(source.absoluteFilePath(),
                             QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(Database::BusyTimeoutMs));
    if (Status opened = connection.open(sourcePath); !opened)
        return opened.error();
    return snapshotInto(
        [&](const QString &sql) -> Status {
            auto done = connection.rows(sql, QStringLiteral("backup"));
            if (!done)
                return done.error();
            return Ok{};
        },
        targetPath);
}

Result<BackupSummary> Backup::validate(const QString &path)
{
    crypto::initialize();
    const QFileInfo info(path);
    if (!info.exists())
        return makeError(ErrorCode::NotFound, QStringLiteral("backup %1 does not exist").arg(path));
    if (!info.isFile())
        return makeError(ErrorCode::Io, QStringLiteral("%1 is not a regular file").arg(path));
    BackupSummary summary;
    summary.path = info.absoluteFilePath();
    summary.fileSize = info.size();
    if (Status header = checkSqliteHeader(path, summary.fileSize); !header)
        return header.error();
    if (Status complete = checkNoUnsavedChanges(path); !complete)
        return complete.error();

    // immutable=1: no locks, no -wal/-shm files created next to it, nothing written.
    const QString uri = QStringLiteral("file:") + QString::fromLatin1(QUrl::toPercentEncoding(summary.path, "/")) +
                        QStringLiteral("?immutable=1");
    RawConnection connection(uri, QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_OPEN_URI"));
    if (Status opened = connection.open(path); !opened)
        return opened.error();
    if (Status intact = checkIntegrity(connection, path); !intact)
        return intact.error();
    const Result<QStringList> tables = tiermasterTables(connection, path);
    if (!tables)
        return tables.error();
    const Result<int> version = knownSchemaVersion(connection, path);
    if (!version)
        return version.error();
    summary.schemaVersion = *version;
    if (Status schema = checkTablesAndColumns(connection, *tables, summary.schemaVersion, path); !schema)
        return schema.error();
    const Result<Address> controller = controllerAddress(connection, path);
    if (!controller)
        return controller.error();
    summary.controller = *controller;
    if (Status read = readContents(connection, info, summary); !read)
        return read.error();
    return summary;
}

Result<RestoreResult> Backup::restore(const QString &backupPath, const QString &livePath, const QString &dataDir,
                                      const RestoreOptions &options)
{
    auto step = [&](RestoreStep which) -> Status {
        if (options.beforeStep)
            return options.beforeStep(which);
        return Ok{};
    };
    const QFileInfo live(livePath);
    const QString liveAbsolute = live.absoluteFilePath();
    RestoreResult result;

    if (Status go = step(RestoreStep::Validate); !go)
        return go.error();
    if (live.exists() && QFileInfo(backupPath).canonicalFilePath() == live.canonicalFilePath())
        return makeError(ErrorCode::Conflict, QStringLiteral("%1 is the live database itself").arg(backupPath));
    Result<BackupSummary> validated = validate(backupPath);
    if (!validated)
        return validated.error();
    result.restored = *validated;
    if (!live.dir().exists())
        return makeError(ErrorCode::Io, QStringLiteral("folder %1 does not exist").arg(live.dir().path()));

    if (Status go = step(RestoreStep::SafetyBackup); !go)
        return go.error();
    if (live.exists()) {
        // Not pruned here: a restore must never delete an older backup the user may still want.
        // If SQLite cannot snapshot the current file (it is damaged: often the very reason for a restore),
        // its raw bytes are kept instead, so that nothing the user had is ever lost.
        Result<QString> safety = automaticInto(
            [&](const QString &target) -> Result<qint64> {
                Result<qint64> exported = exportFile(liveAbsolute, target);
                if (exported || exported.error().code == ErrorCode::Conflict)
                    return exported;
                removeWithSidecars(target);
                if (Status copied = copyPrivately(liveAbsolute, target); !copied) {
                    removeWithSidecars(target);
                    return copied.error();
                }
                const QString wal = liveAbsolute + QStringLiteral("-wal");
                if (QFileInfo(wal).size() > 0) {
                    if (Status copied = copyPrivately(wal, target + QStringLiteral("-wal")); !copied) {
                        removeWithSidecars(target);
                        return copied.error();
                    }
                }
                return QFileInfo(target).size();
            },
            dataDir, 0, options.now);
        if (!safety)
            return makeError(safety.error().code,
                             QStringLiteral("restore cancelled, the current database could not be backed up first: %1")
                                 .arg(safety.error().message));
        result.safetyBackupPath = *safety;
    }

    const QString temp = temporaryNameNextTo(liveAbsolute, u"restoring");
    auto fail = [&](const Error &error) -> Result<RestoreResult> {
        removeWithSidecars(temp);
        return makeError(
            error.code,
            QStringLiteral("restore cancelled, the current database was not changed: %1").arg(error.message));
    };

    if (Status go = step(RestoreStep::CopyToTemporary); !go)
        return fail(go.error());
    if (Status copied = copyPrivately(validated->path, temp); !copied)
        return fail(copied.error());
    // The copy is what goes live: check it rather than trusting that the source did not change meanwhile.
    if (Result<BackupSummary> copy = validate(temp); !copy)
        return fail(copy.error());

    if (Status go = step(RestoreStep::Migrate); !go)
        return fail(go.error());
    {
        Database database(QStringLiteral("restore"));
        if (Status opened = database.open(DatabaseUri::sqliteFile(temp)); !opened)
            return fail(opened.error());
        result.schemaVersion = database.schemaVersion();
        database.close();
    }
    if (QFileInfo::exists(temp + QStringLiteral("-wal")))
        return fail(makeError(ErrorCode::Database, QStringLiteral("the migrated copy kept a write-ahead log")));
    QFile::remove(temp + QStringLiteral("-shm"));
    if (Status synced = fsyncPath(temp, false); !synced)
        return fail(synced.error());

    if (Status go = step(RestoreStep::Checkpoint); !go)
        return fail(go.error());
    const QString liveWal = liveAbsolute + QStringLiteral("-wal");
    const QString liveShm = liveAbsolute + QStringLiteral("-shm");
    if (live.exists()) {
        // Moves every committed change of the old file out of its -wal, so that removing the -wal below
        // loses nothing if the rename then fails, and an old -wal is never replayed onto the restored file.
        RawConnection connection(liveAbsolute, QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(Database::BusyTimeoutMs));
        if (Status opened = connection.open(liveAbsolute); !opened)
            return fail(opened.error());
        auto checkpoint = connection.rows(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"),
                                          QStringLiteral("checkpointing the current database"));
        // A damaged current file cannot be checkpointed; that only matters if it has a log to lose
        // (its bytes are in the safety backup either way).
        if (!checkpoint && QFileInfo(liveWal).size() > 0)
            return fail(checkpoint.error());
        if (checkpoint && !checkpoint->isEmpty() && checkpoint->constFirst().value(0).toInt() != 0)
            return fail(makeError(ErrorCode::Conflict,
                                  QStringLiteral("the current database is in use (stop the engine first)")));
    }
    if (QFileInfo(liveWal).size() > 0)
        return fail(
            makeError(ErrorCode::Conflict, QStringLiteral("the current database is in use (stop the engine first)")));

    if (Status go = step(RestoreStep::Replace); !go)
        return fail(go.error());
    QFile::remove(liveWal);
    QFile::remove(liveShm);
    if (::rename(QFile::encodeName(temp).constData(), QFile::encodeName(liveAbsolute).constData()) != 0)
        return fail(makeError(ErrorCode::Io, QStringLiteral("cannot replace %1: %2").arg(liveAbsolute, errnoText())));
    if (Status synced = fsyncPath(live.dir().absolutePath(), true); !synced)
        return synced.error();
    return result;
}

Result<QString> Backup::createAutomatic(Database &database, const QString &dataDir, int retentionDays,
                                        const QDateTime &now)
{
    return automaticInto([&](const QString &target) { return exportTo(database, target); }, dataDir, retentionDays,
                         now);
}

Result<QString> Backup::createAutomaticFromFile(const QString &databasePath, const QString &dataDir, int retentionDays,
                                                const QDateTime &now)
{
    return automaticInto([&](const QString &target) { return exportFile(databasePath, target); }, dataDir,
                         retentionDays, now);
}

Result<QStringList> Backup::prune(const QString &dataDir, int retentionDays, const QDateTime &now)
{
    if (retentionDays < 1)
        return makeError(ErrorCode::Malformed, QStringLiteral("the backup retention must be at least one day"));
    const QDir folder(backupsFolder(dataDir));
    QStringList removed;
    if (!folder.exists())
        return removed;
    const QDateTime cutoff = (now.isValid() ? now : QDateTime::currentDateTimeUtc()).toUTC().addDays(-retentionDays);
    const QStringList names = folder.entryList(QDir::Files | QDir::NoSymLinks | QDir::Hidden, QDir::Name);
    QStringList failed;
    // What a killed export leaves: its hidden temporary (and SQLite's journal of it). One untouched for an
    // hour belongs to no running export (a 1,000,000-member database exports in seconds).
    static const QRegularExpression leftover(
        QStringLiteral("^\\.controller-\\d{8}-\\d{6}\\.db\\.partial-[0-9a-f]{16}(-journal|-wal|-shm)?$"));
    const QDateTime staleBefore = QDateTime::currentDateTimeUtc().addSecs(-3600);
    for (const QString &name : names) {
        if (!leftover.match(name).hasMatch())
            continue;
        const QString path = folder.filePath(name);
        if (QFileInfo(path).lastModified().toUTC() >= staleBefore)
            continue;
        if (QFile::remove(path))
            removed.append(path);
        else
            failed.append(path);
    }
    for (const QString &name : names) {
        const QDateTime time = timeFromFileName(name);
        if (!time.isValid() || time >= cutoff)
            continue;
        const QString path = folder.filePath(name);
        if (QFile::remove(path))
            removed.append(path);
        else
            failed.append(path);
    }
    if (!failed.isEmpty())
        return makeError(ErrorCode::Io,
                         QStringLiteral("cannot remove old backups: %1").arg(failed.join(QStringLiteral(", "))));
    return removed;
}

} // namespace tier
