// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/worldfiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace tier {

namespace {

QString typeName(World::Type type)
{
    return type == World::Type::Planet ? QStringLiteral("planet") : QStringLiteral("moon");
}

Status writeAtomically(const QString &target, const QByteArray &bytes)
{
    QSaveFile file(target);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(target, file.errorString()));
    file.write(bytes);
    if (!file.commit())
        return makeError(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(target, file.errorString()));
    return Ok{};
}

} // namespace

QString WorldFiles::planetPath(const QString &dataDir)
{
    return QDir(dataDir).filePath(QStringLiteral("planet"));
}

QString WorldFiles::moonsFolder(const QString &dataDir)
{
    return QDir(dataDir).filePath(QStringLiteral("moons.d"));
}

Result<World> WorldFiles::read(const QString &path, World::Type expected)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    const QByteArray bytes = file.read(World::MaxSerializedLength + 1);
    auto world = World::fromBytes(bytes);
    if (!world)
        return makeError(
            ErrorCode::Malformed,
            QStringLiteral("%1 is not a valid %2 file: %3").arg(path, typeName(expected), world.error().message));
    if (world->type() != expected)
        return makeError(ErrorCode::Malformed,
                         QStringLiteral("%1 is a %2, not a %3").arg(path, typeName(world->type()), typeName(expected)));
    if (!world->verifySignature())
        return makeError(ErrorCode::BadSignature, QStringLiteral("%1: the signature does not verify").arg(path));
    return world;
}

Result<World> WorldFiles::installedPlanet(const QString &dataDir)
{
    const QString path = planetPath(dataDir);
    if (!QFileInfo::exists(path))
        return World();
    return read(path, World::Type::Planet);
}

Status WorldFiles::installPlanet(const QString &dataDir, const QString &sourceFile)
{
    auto world = read(sourceFile, World::Type::Planet);
    if (!world)
        return world.error();
    if (!QDir().mkpath(dataDir))
        return makeError(ErrorCode::Io, QStringLiteral("cannot create %1").arg(dataDir));
    return writeAtomically(planetPath(dataDir), world->toBytes());
}

Status WorldFiles::removePlanet(const QString &dataDir)
{
    const QString path = planetPath(dataDir);
    if (QFileInfo::exists(path) && !QFile::remove(path))
        return makeError(ErrorCode::Io, QStringLiteral("cannot remove %1").arg(path));
    return Ok{};
}

Result<QString> WorldFiles::addMoon(const QString &dataDir, const QString &sourceFile)
{
    auto world = read(sourceFile, World::Type::Moon);
    if (!world)
        return world.error();
    const QString folder = moonsFolder(dataDir);
    if (!QDir().mkpath(folder))
        return makeError(ErrorCode::Io, QStringLiteral("cannot create %1").arg(folder));
    const QString target = QDir(folder).filePath(QStringLiteral("%1.moon").arg(world->id(), 16, 16, QLatin1Char('0')));
    if (Status written = writeAtomically(target, world->toBytes()); !written)
        return written.error();
    return target;
}

Status WorldFiles::removeMoon(const QString &moonFile)
{
    if (QFileInfo::exists(moonFile) && !QFile::remove(moonFile))
        return makeError(ErrorCode::Io, QStringLiteral("cannot remove %1").arg(moonFile));
    return Ok{};
}

QStringList WorldFiles::moons(const QString &dataDir)
{
    const QDir folder(moonsFolder(dataDir));
    QStringList paths;
    for (const QString &name : folder.entryList({QStringLiteral("*.moon")}, QDir::Files, QDir::Name))
        paths << folder.filePath(name);
    return paths;
}

} // namespace tier
