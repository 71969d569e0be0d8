// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/databaseuri.h"

#include <QDir>
#include <QFileInfo>

namespace tier {

Result<DatabaseUri> DatabaseUri::parse(QStringView text, const QString &dataDir)
{
    const QStringView trimmed = text.trimmed();
    if (trimmed.isEmpty()) {
        if (dataDir.isEmpty())
            return makeError(ErrorCode::Malformed, QStringLiteral("no data directory and no database given"));
        return sqliteFile(QDir(dataDir).filePath(defaultFileName()));
    }
    if (trimmed.startsWith(u"postgresql:", Qt::CaseInsensitive) ||
        trimmed.startsWith(u"postgres:", Qt::CaseInsensitive))
        return makeError(ErrorCode::Unsupported,
                         QStringLiteral("PostgreSQL databases are not supported yet in this version of Tiermaster; "
                                        "use --database sqlite:PATH"));
    if (trimmed.startsWith(u"sqlite:", Qt::CaseInsensitive)) {
        QStringView path = trimmed.mid(7);
        // Tolerate the URL-ish spelling sqlite:///abs/path as well.
        if (path.startsWith(u"//"))
            path = path.mid(2);
        if (path.isEmpty())
            return makeError(ErrorCode::Malformed, QStringLiteral("--database sqlite: needs a file path"));
        return sqliteFile(path.toString());
    }
    return makeError(
        ErrorCode::Malformed,
        QStringLiteral("unknown database URI \"%1\": expected sqlite:PATH or postgresql://…").arg(trimmed.toString()));
}

DatabaseUri DatabaseUri::sqliteFile(const QString &path)
{
    DatabaseUri uri;
    uri.dialect = SqlDialect::Sqlite;
    uri.path = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    return uri;
}

QString DatabaseUri::toString() const
{
    return dialect == SqlDialect::Sqlite ? QStringLiteral("sqlite:") + path : QStringLiteral("postgresql://…");
}

} // namespace tier
