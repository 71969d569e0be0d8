// SPDX-License-Identifier: GPL-3.0-or-later
#include "identityfiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace tier {

namespace {

constexpr qint64 kMaxIdentityFileSize = 4096; // the text form is under 400 bytes

Result<QString> readSmallText(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot read it: %1").arg(file.errorString()));
    if (file.size() > kMaxIdentityFileSize)
        return makeError(ErrorCode::TooLarge, QStringLiteral("too large for an identity (%1 bytes)").arg(file.size()));
    return QString::fromUtf8(file.readAll()).trimmed();
}

Status writeFile(const QString &path, const QByteArray &content, QFileDevice::Permissions permissions)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot create %1: %2").arg(path, file.errorString()));
    // Permissions before the content: the secret is never readable by others, not even briefly.
    if (!file.setPermissions(permissions)) {
        file.remove();
        return makeError(ErrorCode::Io, QStringLiteral("cannot set the permissions of %1").arg(path));
    }
    if (file.write(content) != content.size() || !file.flush()) {
        const QString error = file.errorString();
        file.remove();
        return makeError(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(path, error));
    }
    file.close();
    return Ok{};
}

} // namespace

void IdentityFiles::readInto(const QString &folder, ImportPlan &plan)
{
    const QDir dir(folder);
    const QString secretPath = dir.filePath(QStringLiteral("identity.secret"));
    const QString publicPath = dir.filePath(QStringLiteral("identity.public"));
    if (!QFileInfo::exists(secretPath)) {
        plan.addProblem(secretPath, QStringLiteral("missing: the controller's secret identity is needed to keep its "
                                                   "address and network IDs"));
        return;
    }
    Result<QString> text = readSmallText(secretPath);
    if (!text) {
        plan.addProblem(secretPath, text.error().message);
        return;
    }
    Result<Identity> identity = Identity::fromString(*text);
    if (!identity) {
        plan.addProblem(secretPath, QStringLiteral("not an identity: %1").arg(identity.error().message));
        return;
    }
    if (!identity->hasSecret()) {
        plan.addProblem(secretPath, QStringLiteral("holds only a public identity (no secret part)"));
        return;
    }
    if (!identity->locallyValidate()) {
        plan.addProblem(secretPath, QStringLiteral("the identity does not validate (address, keys or secret do not "
                                                   "match)"));
        return;
    }
    if (QFileInfo::exists(publicPath)) {
        Result<QString> publicText = readSmallText(publicPath);
        if (!publicText) {
            plan.addProblem(publicPath, publicText.error().message);
            return;
        }
        Result<Identity> publicIdentity = Identity::fromString(*publicText);
        if (!publicIdentity) {
            plan.addProblem(publicPath, QStringLiteral("not an identity: %1").arg(publicIdentity.error().message));
            return;
        }
        if (!(*publicIdentity == *identity)) {
            plan.addProblem(publicPath, QStringLiteral("does not match identity.secret (%1 vs %2)")
                                            .arg(publicIdentity->address().toString(), identity->address().toString()));
            return;
        }
    }
    plan.identity = *identity;
    plan.identitySource = secretPath;
}

Status IdentityFiles::write(const Identity &identity, const QString &folder)
{
    if (!identity.hasSecret())
        return makeError(ErrorCode::Malformed, QStringLiteral("the identity has no secret"));
    const QDir dir(folder);
    if (Status s = writeFile(dir.filePath(QStringLiteral("identity.secret")), identity.toString(true).toLatin1(),
                             QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        !s)
        return s;
    return writeFile(dir.filePath(QStringLiteral("identity.public")), identity.toString(false).toLatin1(),
                     QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup |
                         QFileDevice::ReadOther);
}

} // namespace tier
