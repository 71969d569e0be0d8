// SPDX-License-Identifier: GPL-3.0-or-later
#include "vectors.h"

#include <QDir>
#include <QFile>
#include <QtTest>

namespace tier::test {

QString vectorsDir()
{
    const QByteArray fromEnv = qgetenv("TIERMASTER_VECTORS_DIR");
    return fromEnv.isEmpty() ? QStringLiteral(TIERMASTER_VECTORS_DIR) : QString::fromLocal8Bit(fromEnv);
}

QString vectorPath(const QString &name)
{
    return QDir(vectorsDir()).filePath(name);
}

QByteArray readVectorFile(const QString &name)
{
    QFile file(vectorPath(name));
    if (!file.open(QIODevice::ReadOnly)) {
        qWarning("cannot read vector file %s", qPrintable(file.fileName()));
        return {};
    }
    return file.readAll();
}

QJsonObject loadVectorJson(const QString &name)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(readVectorFile(name), &error);
    if (error.error != QJsonParseError::NoError)
        qWarning("vector file %s: %s", qPrintable(name), qPrintable(error.errorString()));
    return doc.object();
}

QByteArray hexValue(const QJsonValue &value)
{
    return QByteArray::fromHex(value.toString().toLatin1());
}

QString sourceDir()
{
    return QStringLiteral(TIERMASTER_SOURCE_DIR);
}

QString binaryDir()
{
    return QStringLiteral(TIERMASTER_BINARY_DIR);
}

} // namespace tier::test
