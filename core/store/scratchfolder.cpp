// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/scratchfolder.h"

#include "core/store/backup.h"
#include "core/store/backupcipher.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>

namespace tier {

namespace {

constexpr auto PrivateFolder = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner;

QString ownTag()
{
    return QStringLiteral("-%1-").arg(QCoreApplication::applicationPid());
}

} // namespace

QString ScratchFolder::path(const QString &dataDir)
{
    return QDir(dataDir).filePath(QStringLiteral("scratch"));
}

Result<QString> ScratchFolder::ensure(const QString &dataDir)
{
    if (dataDir.isEmpty())
        return makeError(ErrorCode::Io, QStringLiteral("no data directory"));
    const QString folder = path(dataDir);
    const QFileInfo info(folder);
    if (info.isSymLink() || (info.exists() && !info.isDir()))
        return makeError(ErrorCode::Io, QStringLiteral("%1 exists and is not a folder").arg(folder));
    if (!info.exists() && !QDir().mkpath(folder))
        return makeError(ErrorCode::Io, QStringLiteral("cannot create %1").arg(folder));
    if (!QFile::setPermissions(folder, PrivateFolder))
        return makeError(ErrorCode::Io, QStringLiteral("cannot make %1 private").arg(folder));
    return folder;
}

Result<QString> ScratchFolder::newFilePath(const QString &dataDir, const QString &stem)
{
    Result<QString> folder = ensure(dataDir);
    if (!folder)
        return folder.error();
    for (int attempt = 0; attempt < 8; ++attempt) {
        const QString candidate = QDir(*folder).filePath(
            stem + ownTag() +
            QStringLiteral("%1").arg(QRandomGenerator::system()->generate64(), 16, 16, QLatin1Char('0')));
        if (!QFileInfo::exists(candidate))
            return candidate;
    }
    return makeError(ErrorCode::Io, QStringLiteral("no free name in %1").arg(*folder));
}

QStringList ScratchFolder::sweep(const QString &dataDir)
{
    QStringList removed;
    if (dataDir.isEmpty())
        return removed;
    QDir folder(path(dataDir));
    const QFileInfo info(folder.path());
    if (!info.isDir() || info.isSymLink())
        return removed;
    const QString own = ownTag();
    const auto entries = folder.entryInfoList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
    for (const QFileInfo &entry : entries) {
        if (entry.fileName().contains(own))
            continue; // this process is still using it
        const bool gone = entry.isDir() && !entry.isSymLink() ? QDir(entry.filePath()).removeRecursively()
                                                              : QFile::remove(entry.filePath());
        if (gone)
            removed << entry.fileName();
    }
    return removed;
}

Result<qint64> EncryptedExport::run() const
{
    Result<QString> plain = ScratchFolder::newFilePath(dataDir, QStringLiteral("export"));
    if (!plain)
        return plain.error();
    Result<qint64> written = Backup::exportFile(databasePath, *plain); // 0600 from its first byte
    if (written) {
        if (plainReady)
            plainReady(*plain);
        const Status encrypted = BackupCipher::encryptFile(*plain, targetPath, passphrase, opsLimit, memLimit);
        written = encrypted ? Result<qint64>(QFileInfo(targetPath).size()) : Result<qint64>(encrypted.error());
    }
    QFile::remove(*plain);
    return written;
}

} // namespace tier
