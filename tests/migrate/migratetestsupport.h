// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Helpers shared by the import/export tests: the controller.d fixture (a zerotier-one home with real 1.14
// identities from vectors/identities.txt), copies of it to break, and byte-exact snapshots of folders.

#include "common/vectors.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QString>

namespace tier::test {

/// The fixture: controller 97571f2b97 (identities.txt line 101), networks 97571f2b97000001 "office",
/// 97571f2b9700abcd "lab", 97571f2b970000ff "spare"; members a0638e3282 (authorized in both, 10.99.0.42 in
/// office), b6a3329191 (active bridge, 10.99.0.43), 86d1685d5c (asked, not authorized), 958d42f789
/// (pre-authorized, no identity yet, 10.99.0.44), dc2075ef8c (lab, not authorized).
inline QString fixtureHome()
{
    return sourceDir() + QStringLiteral("/tests/migrate/fixtures/zerotier-home");
}

inline constexpr int kFixtureControllerLine = 100; ///< 0-based line of identities.txt
inline constexpr quint64 kOffice = 0x97571f2b97000001ULL;
inline constexpr quint64 kLab = 0x97571f2b9700abcdULL;
inline constexpr quint64 kSpare = 0x97571f2b970000ffULL;

/// Copies a folder tree (files and folders); false on any failure.
inline bool copyTree(const QString &from, const QString &to)
{
    if (!QDir().mkpath(to))
        return false;
    QDirIterator it(from, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString target = QDir(to).filePath(QDir(from).relativeFilePath(path));
        if (it.fileInfo().isDir()) {
            if (!QDir().mkpath(target))
                return false;
        } else if (!QFile::copy(path, target)) {
            return false;
        }
    }
    return true;
}

/// Every entry under dir (relative path → content, "<dir>" for folders, plus permissions): two equal
/// snapshots mean the folder is byte-for-byte unchanged.
inline QMap<QString, QByteArray> snapshot(const QString &dir)
{
    QMap<QString, QByteArray> out;
    QDirIterator it(dir, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString key = QDir(dir).relativeFilePath(path);
        const QByteArray mode = QByteArray::number(int(it.fileInfo().permissions()), 8);
        if (it.fileInfo().isDir()) {
            out.insert(key, QByteArrayLiteral("<dir> ") + mode);
            continue;
        }
        QFile file(path);
        out.insert(key,
                   (file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArrayLiteral("<unreadable>")) + ' ' + mode);
    }
    return out;
}

inline bool writeText(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return file.write(bytes) == bytes.size();
}

inline QByteArray readText(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace tier::test
