// SPDX-License-Identifier: GPL-3.0-or-later
#include "exporter.h"

#include "core/controller/controllerjson.h"
#include "core/controller/networkcontroller.h"
#include "core/migrate/identityfiles.h"
#include "core/store/controlleridentityrepository.h"
#include "core/store/controllernetworkrepository.h"
#include "core/store/database.h"
#include "core/store/sqlitesnapshot.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace tier {

namespace {

constexpr QFileDevice::Permissions kPrivateFolder =
    QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner;
constexpr QFileDevice::Permissions kPrivateFile = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

Status makeFolder(const QString &path)
{
    if (!QDir().mkdir(path))
        return makeError(ErrorCode::Io, QStringLiteral("cannot create folder %1").arg(path));
    if (!QFile::setPermissions(path, kPrivateFolder))
        return makeError(ErrorCode::Io, QStringLiteral("cannot set the permissions of %1").arg(path));
    return Ok{};
}

Status writeJson(const QString &path, const QJsonObject &object)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot create %1: %2").arg(path, file.errorString()));
    file.setPermissions(kPrivateFile);
    const QByteArray bytes = QJsonDocument(object).toJson(QJsonDocument::Compact);
    if (file.write(bytes) != bytes.size() || !file.flush())
        return makeError(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    return Ok{};
}

/// A consistent copy of a database that no connection has open in WAL mode (no -wal file), made without leaving
/// anything beside it: a read-only SQLite open of a WAL database would create -wal/-shm files it cannot remove.
Status snapshotQuietly(const QString &source, const QString &target)
{
    SqliteSnapshot snapshot(source, SqliteSnapshot::Mode::Immutable);
    if (Status opened = snapshot.open(); !opened)
        return opened;
    return snapshot.vacuumInto(target);
}

Result<ExportSummary> writeLayout(Database &database, const QString &folder)
{
    auto identity = ControllerIdentityRepository(database).load();
    if (!identity)
        return identity.error();
    if (!identity->has_value())
        return makeError(ErrorCode::NotFound, QStringLiteral("the database holds no controller identity yet"));
    const Identity controllerIdentity = **identity;

    // Columns the engine keeps but NetworkDetails/MemberInfo do not carry.
    auto rows = ControllerNetworkRepository(database).loadAll();
    if (!rows)
        return rows.error();
    QHash<quint64, NetworkRecord> records;
    for (const ControllerNetworkRow &row : std::as_const(*rows))
        records.insert(row.record.id, row.record);

    NetworkController controller(database, controllerIdentity, nullptr,
                                 [] { return QDateTime::currentMSecsSinceEpoch(); });
    if (Status loaded = controller.load(); !loaded)
        return loaded.error();

    ExportSummary summary;
    summary.controller = controllerIdentity.address();
    if (Status written = IdentityFiles::write(controllerIdentity, folder); !written)
        return written.error();
    const QDir root(folder);
    const QString controllerDir = root.filePath(QStringLiteral("controller.d"));
    const QString networkDir = QDir(controllerDir).filePath(QStringLiteral("network"));
    if (Status s = makeFolder(controllerDir); !s)
        return s.error();
    if (Status s = makeFolder(networkDir); !s)
        return s.error();

    for (const NetworkDetails &network : controller.networks()) {
        const QString nwid = networkIdToString(network.id);
        QJsonObject object = ControllerJson::networkToJson(network, ControllerJson::Form::Stored);
        const NetworkRecord record = records.value(network.id);
        object.insert(QStringLiteral("ssoEnabled"), record.ssoEnabled);
        object.insert(QStringLiteral("clientId"), record.ssoClientId);
        object.insert(QStringLiteral("authorizationEndpoint"), record.ssoAuthorizationEndpoint);
        if (Status s = writeJson(QDir(networkDir).filePath(nwid + QStringLiteral(".json")), object); !s)
            return s.error();
        ++summary.networkCount;

        const QList<MemberInfo> members = controller.members(network.id);
        if (members.isEmpty())
            continue;
        const QString memberDir = QDir(networkDir).filePath(nwid);
        if (Status s = makeFolder(memberDir); !s)
            return s.error();
        const QString memberFiles = QDir(memberDir).filePath(QStringLiteral("member"));
        if (Status s = makeFolder(memberFiles); !s)
            return s.error();
        for (const MemberInfo &member : members) {
            const QJsonObject m = ControllerJson::memberToJson(member, ControllerJson::Form::Stored);
            const QString path = QDir(memberFiles).filePath(member.address.toString() + QStringLiteral(".json"));
            if (Status s = writeJson(path, m); !s)
                return s.error();
            ++summary.memberCount;
        }
    }
    return summary;
}

} // namespace

Result<ExportSummary> Exporter::exportDatabase(const QString &databasePath, const QString &folder)
{
    const QFileInfo target(folder);
    const QString absolute = QDir::cleanPath(target.absoluteFilePath());
    const bool existed = target.exists();
    if (existed) {
        if (!target.isDir())
            return makeError(ErrorCode::Conflict, QStringLiteral("%1 exists and is not a folder").arg(absolute));
        if (!QDir(absolute).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System))
            return makeError(ErrorCode::Conflict,
                             QStringLiteral("%1 is not empty: choose a new or empty folder (an export never "
                                            "overwrites a zerotier-one home)")
                                 .arg(absolute));
    }
    const QDir parent = QFileInfo(absolute).dir();
    if (!parent.exists())
        return makeError(ErrorCode::Io, QStringLiteral("folder %1 does not exist").arg(parent.path()));

    if (!QFileInfo(databasePath).isFile())
        return makeError(ErrorCode::NotFound, QStringLiteral("there is no database at %1").arg(databasePath));
    // With an engine running (a -wal file exists) the ordinary read-only open sees its committed state; without
    // one, a snapshot in a private temporary folder is read instead, so the data dir stays exactly as it was.
    QTemporaryDir snapshotDir;
    QString readPath = databasePath;
    Database::Access access = Database::Access::ReadOnly;
    if (!QFileInfo::exists(databasePath + QStringLiteral("-wal"))) {
        if (!snapshotDir.isValid())
            return makeError(ErrorCode::Io, QStringLiteral("cannot create a temporary folder"));
        readPath = snapshotDir.filePath(QStringLiteral("controller.db"));
        if (Status copied = snapshotQuietly(databasePath, readPath); !copied)
            return copied.error();
        access = Database::Access::ReadWrite; // the private copy may be migrated if it is older
    }
    Database database(QStringLiteral("export"));
    if (Status opened = database.open(DatabaseUri::sqliteFile(readPath), access); !opened)
        return opened.error();

    const QString temp = parent.filePath(QStringLiteral(".%1.export-%2")
                                             .arg(QFileInfo(absolute).fileName())
                                             .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0')));
    auto fail = [&](const Error &error) -> Result<ExportSummary> {
        QDir(temp).removeRecursively();
        return makeError(error.code, QStringLiteral("export cancelled, nothing was written: %1").arg(error.message));
    };
    if (Status made = makeFolder(temp); !made)
        return fail(made.error());
    Result<ExportSummary> written = writeLayout(database, temp);
    database.close();
    if (!written)
        return fail(written.error());
    if (existed && !QDir(parent).rmdir(QFileInfo(absolute).fileName()))
        return fail(makeError(ErrorCode::Io, QStringLiteral("cannot replace the empty folder %1").arg(absolute)));
    if (::rename(QFile::encodeName(temp).constData(), QFile::encodeName(absolute).constData()) != 0)
        return fail(
            makeError(ErrorCode::Io,
                      QStringLiteral("cannot create %1: %2").arg(absolute, QString::fromLocal8Bit(::strerror(errno)))));
    written->folder = absolute;
    return written;
}

} // namespace tier
