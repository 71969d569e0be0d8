// SPDX-License-Identifier: GPL-3.0-or-later
#include "makeworld.h"

#include "core/service/ownworldmaker.h"
#include "core/store/backup.h"
#include "core/store/controlleridentityrepository.h"
#include "core/store/database.h"
#include "core/store/databaseuri.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>

#include <cstdio>

namespace tier {

namespace {

void print(FILE *stream, const QString &text)
{
    const QByteArray bytes = (text + u'\n').toUtf8();
    std::fputs(bytes.constData(), stream);
    std::fflush(stream);
}

int failWith(const QString &message)
{
    print(stderr, QStringLiteral("tiermaster: ") + message);
    return 1;
}

} // namespace

int runMakeWorld(const LaunchOptions &options)
{
    const World::Type type = options.makeMoon ? World::Type::Moon : World::Type::Planet;
    const QString kind = options.makeMoon ? QStringLiteral("moon") : QStringLiteral("planet");
    const auto endpoints = OwnWorldMaker::parseEndpoints(options.rootEndpoints);
    if (!endpoints)
        return failWith(QStringLiteral("--endpoint: ") + endpoints.error().message);

    const QString dataDir = options.engine.dataDir;
    if (!QFileInfo::exists(dataDir)) {
        if (!QDir().mkpath(dataDir))
            return failWith(QStringLiteral("cannot create the data directory %1").arg(dataDir));
        // It will hold the controller's secret and the world-update key (controller.db).
        QFile::setPermissions(dataDir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    }
    const auto uri = DatabaseUri::parse(options.engine.databaseUri, dataDir);
    if (!uri)
        return failWith(uri.error().message);

    Database database(QStringLiteral("make-world"));
    if (uri->dialect == SqlDialect::Sqlite)
        database.setUpgradeBackupFolder(Backup::backupsFolder(dataDir));
    if (Status opened = database.open(*uri); !opened)
        return failWith(opened.error().message);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    bool created = false;
    auto identity = ControllerIdentityRepository(database).loadOrCreate(now, &created);
    if (!identity)
        return failWith(identity.error().message);
    if (created)
        print(stdout, QStringLiteral("created controller identity %1").arg(identity->address().toString()));

    auto world = OwnWorldMaker::make(database, *identity, type, *endpoints, now);
    if (!world)
        return failWith(QStringLiteral("cannot make the %1: %2").arg(kind, world.error().message));
    database.close();
    // Stored first: if the file cannot be written the next run still makes a newer version.
    if (Status written = OwnWorldMaker::writeFile(*world, options.makeWorldFile); !written)
        return failWith(written.error().message);

    QStringList where;
    for (const InetAddress &endpoint : *endpoints)
        where.append(endpoint.toString());
    print(stdout, QStringLiteral("wrote %1 (%2 %3, timestamp %4, %5 root(s); this controller %6 at %7)")
                      .arg(options.makeWorldFile, kind, world->idString())
                      .arg(world->timestamp())
                      .arg(world->roots().size())
                      .arg(identity->address().toString(), where.join(QStringLiteral(", "))));
    return 0;
}

} // namespace tier
