// SPDX-License-Identifier: GPL-3.0-or-later
#include "importer.h"

#include "core/controller/networkcontroller.h"
#include "core/crypto/primitives.h"
#include "core/migrate/importrows.h"
#include "core/migrate/legacycontrollerreader.h"
#include "core/migrate/zerotierhomereader.h"
#include "core/store/controlleridentityrepository.h"
#include "core/store/database.h"
#include "core/store/membereventrepository.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace tier {

namespace {

void removeWithSidecars(const QString &path)
{
    QFile::remove(path);
    QFile::remove(path + QStringLiteral("-wal"));
    QFile::remove(path + QStringLiteral("-shm"));
    QFile::remove(path + QStringLiteral("-journal"));
}

Status syncPath(const QString &path, bool directory)
{
    const int fd = ::open(QFile::encodeName(path).constData(), directory ? O_RDONLY | O_DIRECTORY : O_RDONLY);
    if (fd < 0)
        return makeError(ErrorCode::Io, QStringLiteral("cannot open %1 to sync it").arg(path));
    const int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0)
        return makeError(ErrorCode::Io, QStringLiteral("cannot sync %1").arg(path));
    return Ok{};
}

/// Loads the written database exactly as the engine does and compares it with the plan.
Status verify(Database &database, const ImportPlan &plan)
{
    NetworkController controller(database, plan.identity, nullptr, [] { return QDateTime::currentMSecsSinceEpoch(); });
    if (Status loaded = controller.load(); !loaded)
        return loaded;
    if (controller.networks().size() != plan.networks.size())
        return makeError(ErrorCode::Database, QStringLiteral("the new database holds %1 networks instead of %2")
                                                  .arg(controller.networks().size())
                                                  .arg(plan.networks.size()));
    for (const ImportedNetwork &net : plan.networks) {
        const quint64 id = net.network.record.id;
        const std::optional<NetworkDetails> loaded = controller.network(id);
        if (!loaded)
            return makeError(ErrorCode::Database, QStringLiteral("network %1 is missing").arg(networkIdToString(id)));
        // What the engine reads back must be what was planned (nothing silently dropped on the way).
        const QList<MemberInfo> members = controller.members(id);
        if (members.size() != net.members.size())
            return makeError(ErrorCode::Database, QStringLiteral("network %1 holds %2 members instead of %3")
                                                      .arg(networkIdToString(id))
                                                      .arg(members.size())
                                                      .arg(net.members.size()));
        const ControllerNetworkRow reread = ImportRows::networkRow(*loaded, net.network.record);
        QString lost;
        if (reread.routes.size() != net.network.routes.size())
            lost = QStringLiteral("routes");
        else if (reread.pools.size() != net.network.pools.size())
            lost = QStringLiteral("IP pools");
        else if (reread.record.dnsServersJson != net.network.record.dnsServersJson ||
                 reread.record.dnsDomain != net.network.record.dnsDomain)
            lost = QStringLiteral("DNS settings");
        else if (reread.record.rulesJson != net.network.record.rulesJson)
            lost = QStringLiteral("rules");
        else if (reread.record.authTokensJson != net.network.record.authTokensJson)
            lost = QStringLiteral("auth tokens");
        else if (reread.record.description != net.network.record.description)
            lost = QStringLiteral("description");
        if (!lost.isEmpty())
            return makeError(
                ErrorCode::Database,
                QStringLiteral("network %1: the %2 did not survive the write").arg(networkIdToString(id), lost));
        for (const MemberRow &planned : net.members) {
            const std::optional<MemberInfo> m = controller.member(id, planned.address);
            if (!m || m->authorized != planned.authorized || m->ipAssignments.size() != planned.ipAssignments.size())
                return makeError(ErrorCode::Database,
                                 QStringLiteral("member %1 of network %2 did not survive the write")
                                     .arg(planned.address.toString(), networkIdToString(id)));
        }
    }
    return Ok{};
}

Status writeInto(Database &database, const ImportPlan &plan)
{
    return database.transaction([&]() -> Status {
        if (Status saved =
                ControllerIdentityRepository(database).save(plan.identity, QDateTime::currentMSecsSinceEpoch());
            !saved)
            return saved;
        ControllerNetworkRepository networks(database);
        MemberRepository members(database);
        MemberEventRepository history(database);
        const qint64 importTime = QDateTime::currentMSecsSinceEpoch();
        for (const ImportedNetwork &net : plan.networks) {
            ControllerNetworkRow row = net.network;
            if (row.record.lastModified == 0)
                row.record.lastModified = QDateTime::currentMSecsSinceEpoch();
            if (Status inserted = networks.insert(row); !inserted)
                return makeError(
                    inserted.error().code,
                    QStringLiteral("network %1: %2").arg(networkIdToString(row.record.id), inserted.error().message));
            for (MemberRow member : net.members) {
                if (member.lastModified == 0)
                    member.lastModified = QDateTime::currentMSecsSinceEpoch();
                if (Status saved = members.save(member); !saved)
                    return makeError(saved.error().code,
                                     QStringLiteral("member %1 of network %2: %3")
                                         .arg(member.address.toString(), networkIdToString(member.networkId),
                                              saved.error().message));
                // The member's history starts here: what the import brought, and that it did.
                QList<MemberEventRow> events;
                if (member.authorized)
                    events.append({member.networkId, member.address, importTime, MemberEventRow::Authorized,
                                   MemberEventRow::ByImport, QString()});
                if (!member.ipAssignments.isEmpty())
                    events.append({member.networkId, member.address, importTime, MemberEventRow::IpsChanged,
                                   MemberEventRow::ByImport, member.ipAssignments.join(QLatin1String(", "))});
                if (Status recorded = history.appendFirst(events); !recorded)
                    return recorded;
            }
        }
        return Ok{};
    });
}

} // namespace

ImportPlan Importer::plan(const QString &path)
{
    if (!crypto::initialize()) {
        ImportPlan plan;
        plan.addProblem(path, QStringLiteral("the crypto library could not be initialised"));
        return plan;
    }
    const QFileInfo info(path);
    if (path.trimmed().isEmpty()) {
        ImportPlan plan;
        plan.addProblem(path, QStringLiteral("no source given"));
        return plan;
    }
    if (info.isDir()) {
        const QDir dir(info.absoluteFilePath());
        const QString legacy = dir.filePath(QStringLiteral("controller.db"));
        // zerotier-one 1.2+ keeps controller.d (it renamed an old controller.db when it converted it); a home
        // with only the 2015 database is read as that database.
        if (!dir.exists(QStringLiteral("controller.d")) && QFileInfo(legacy).isFile())
            return LegacyControllerReader::read(legacy);
        ImportPlan plan = ZeroTierHomeReader::read(info.absoluteFilePath());
        if (QFileInfo(legacy).isFile())
            plan.addProblem(legacy,
                            QStringLiteral("an older controller database beside controller.d: not read (import "
                                           "the file itself to use it instead)"),
                            false);
        return plan;
    }
    if (info.isFile())
        return LegacyControllerReader::read(info.absoluteFilePath());
    ImportPlan plan;
    plan.sourcePath = info.absoluteFilePath();
    plan.addProblem(plan.sourcePath, QStringLiteral("no such file or folder"));
    return plan;
}

Status Importer::build(const ImportPlan &plan, const QString &targetPath)
{
    if (!plan.canImport())
        return makeError(ErrorCode::Malformed,
                         QStringLiteral("the source has errors (see the report); nothing was imported"));
    const QFileInfo target(targetPath);
    const QString absolute = target.absoluteFilePath();
    if (target.exists() || QFileInfo::exists(absolute + QStringLiteral("-wal")))
        return makeError(ErrorCode::Conflict, QStringLiteral("%1 exists already").arg(absolute));
    if (!target.dir().exists())
        return makeError(ErrorCode::Io, QStringLiteral("folder %1 does not exist").arg(target.dir().path()));

    const QString temp =
        target.dir().filePath(QStringLiteral(".%1.import-%2.tmp")
                                  .arg(target.fileName())
                                  .arg(QRandomGenerator::global()->generate64(), 16, 16, QLatin1Char('0')));
    auto fail = [&](const Error &error) -> Status {
        removeWithSidecars(temp);
        return makeError(error.code, QStringLiteral("import cancelled, nothing was written: %1").arg(error.message));
    };
    {
        Database database(QStringLiteral("import"));
        if (Status opened = database.open(DatabaseUri::sqliteFile(temp)); !opened)
            return fail(opened.error());
        Status done = writeInto(database, plan);
        if (done)
            done = verify(database, plan);
        // Closed before anything is removed, so that SQLite never writes into files already deleted.
        database.close();
        if (!done)
            return fail(done.error());
    }
    if (QFileInfo::exists(temp + QStringLiteral("-wal")) && QFileInfo(temp + QStringLiteral("-wal")).size() > 0)
        return fail(makeError(ErrorCode::Database, QStringLiteral("the new database kept a write-ahead log")));
    QFile::remove(temp + QStringLiteral("-wal"));
    QFile::remove(temp + QStringLiteral("-shm"));
    if (Status synced = syncPath(temp, false); !synced)
        return fail(synced.error());
    // link() never replaces: if the target appeared meanwhile, it stays as it was.
    const QByteArray from = QFile::encodeName(temp);
    const QByteArray to = QFile::encodeName(absolute);
    if (::link(from.constData(), to.constData()) == 0) {
        QFile::remove(temp);
    } else {
        const int error = errno;
        // File systems without hard links: a rename after a last check (the window is tiny).
        const bool noLinks = error == EPERM || error == EOPNOTSUPP || error == ENOSYS || error == EMLINK;
        if (!noLinks || QFileInfo::exists(absolute) || ::rename(from.constData(), to.constData()) != 0)
            return fail(makeError(
                ErrorCode::Conflict,
                QStringLiteral("cannot create %1: %2").arg(absolute, QString::fromLocal8Bit(::strerror(error)))));
    }
    return syncPath(target.dir().absolutePath(), true);
}

Result<QString> Importer::buildTemporary(const ImportPlan &plan, const QString &folder)
{
    const QDir dir(folder);
    const QString path =
        dir.absoluteFilePath(QStringLiteral("tiermaster-import-%1-%2.db")
                                 .arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss")))
                                 .arg(QRandomGenerator::global()->bounded(1u << 30), 8, 16, QLatin1Char('0')));
    if (Status built = build(plan, path); !built)
        return built.error();
    return path;
}

} // namespace tier
