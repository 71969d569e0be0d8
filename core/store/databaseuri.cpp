// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/databaseuri.h"

#include <QDir>
#include <QFileInfo>
#include <QUrl>
#include <QUrlQuery>

namespace tier {

namespace {

Result<int> parsePort(const QString &text)
{
    bool ok = false;
    const int port = text.toInt(&ok);
    if (!ok || port < 1 || port > 65535)
        return makeError(ErrorCode::Malformed, QStringLiteral("\"%1\" is not a port number (1–65535)").arg(text));
    return port;
}

Result<DatabaseUri> parsePostgres(const QString &text)
{
    auto malformed = [&](const QString &why) -> Error {
        return makeError(ErrorCode::Malformed,
                         QStringLiteral("cannot use the PostgreSQL URI: %1; expected "
                                        "postgresql://user[:pw]@host[:port]/db[?host=/socket/dir&port=N]")
                             .arg(why));
    };
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid())
        return malformed(url.errorString());
    DatabaseUri uri;
    uri.dialect = SqlDialect::Postgres;
    uri.user = url.userName(QUrl::FullyDecoded);
    uri.password = url.password(QUrl::FullyDecoded);
    uri.host = url.host(QUrl::FullyDecoded);
    if (url.port() != -1)
        uri.port = url.port();
    QString database = url.path(QUrl::FullyDecoded);
    if (database.startsWith(u'/'))
        database.remove(0, 1);
    if (database.isEmpty())
        return malformed(QStringLiteral("no database name (…/DATABASE)"));
    if (database.contains(u'/'))
        return malformed(QStringLiteral("\"%1\" is not a database name").arg(database));
    uri.databaseName = database;

    const QUrlQuery query(url);
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (key == QLatin1String("host")) {
            if (value.isEmpty())
                return malformed(QStringLiteral("empty host="));
            uri.host = value;
        } else if (key == QLatin1String("port")) {
            auto port = parsePort(value);
            if (!port)
                return malformed(port.error().message);
            uri.port = *port;
        } else if (key == QLatin1String("user")) {
            uri.user = value;
        } else if (key == QLatin1String("password")) {
            uri.password = value;
        } else {
            return malformed(QStringLiteral("unknown parameter \"%1\" (known: host, port, user, password)").arg(key));
        }
    }
    if (uri.host.contains(u'/') && !QDir::isAbsolutePath(uri.host))
        return malformed(QStringLiteral("the socket folder %1 is not an absolute path").arg(uri.host));
    return uri;
}

} // namespace

Result<DatabaseUri> DatabaseUri::parse(QStringView text, const QString &dataDir)
{
    const QStringView trimmed = text.trimmed();
    if (trimmed.isEmpty()) {
        if (dataDir.isEmpty())
            return makeError(ErrorCode::Malformed, QStringLiteral("no data directory and no database given"));
        return sqliteFile(QDir(dataDir).filePath(defaultFileName()));
    }
    if (trimmed.startsWith(u"postgresql://", Qt::CaseInsensitive) ||
        trimmed.startsWith(u"postgres://", Qt::CaseInsensitive))
        return parsePostgres(trimmed.toString());
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
    if (dialect == SqlDialect::Sqlite)
        return QStringLiteral("sqlite:") + path;
    QUrl url;
    url.setScheme(QStringLiteral("postgresql"));
    url.setUserName(user);
    const bool socket = host.startsWith(u'/');
    if (!socket)
        url.setHost(host);
    url.setPath(u'/' + databaseName);
    QUrlQuery query;
    if (socket)
        query.addQueryItem(QStringLiteral("host"), host);
    if (port != -1) {
        if (socket)
            query.addQueryItem(QStringLiteral("port"), QString::number(port));
        else
            url.setPort(port);
    }
    url.setQuery(query);
    return url.toString(QUrl::FullyEncoded);
}

bool DatabaseUri::sameDatabase(const DatabaseUri &other) const
{
    if (dialect != other.dialect)
        return false;
    if (dialect == SqlDialect::Sqlite)
        return path == other.path;
    return host == other.host && port == other.port && user == other.user && databaseName == other.databaseName;
}

} // namespace tier
