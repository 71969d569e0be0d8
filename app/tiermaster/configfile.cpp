// SPDX-License-Identifier: GPL-3.0-or-later
#include "configfile.h"

#include <QFile>
#include <QSet>

#include <optional>

namespace tier {

namespace {

const QSet<QString> &valueKeys()
{
    static const QSet<QString> keys{QStringLiteral("data-dir"), QStringLiteral("port"), QStringLiteral("planet"),
                                    QStringLiteral("moon"),     QStringLiteral("api"),  QStringLiteral("database")};
    return keys;
}

const QSet<QString> &switchKeys()
{
    static const QSet<QString> keys{QStringLiteral("no-api"), QStringLiteral("open-root")};
    return keys;
}

const QSet<QString> &commandLineOnly()
{
    static const QSet<QString> keys{QStringLiteral("import"),    QStringLiteral("dry-run"),
                                    QStringLiteral("export"),    QStringLiteral("make-planet"),
                                    QStringLiteral("make-moon"), QStringLiteral("endpoint"),
                                    QStringLiteral("config"),    QStringLiteral("help"),
                                    QStringLiteral("headless"),  QStringLiteral("version")};
    return keys;
}

Error lineError(const QString &path, int line, const QString &message)
{
    return makeError(ErrorCode::Malformed, QStringLiteral("%1 line %2: %3").arg(path).arg(line).arg(message));
}

} // namespace

bool ConfigFile::isSwitch(const QString &key)
{
    return switchKeys().contains(key);
}

std::optional<bool> ConfigFile::switchValue(const QString &value)
{
    const QString v = value.trimmed().toLower();
    if (v == QLatin1String("true") || v == QLatin1String("yes") || v == QLatin1String("on") || v == QLatin1String("1"))
        return true;
    if (v == QLatin1String("false") || v == QLatin1String("no") || v == QLatin1String("off") || v == QLatin1String("0"))
        return false;
    return std::nullopt;
}

Result<QList<ConfigEntry>> ConfigFile::read(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    if (file.size() > 1024 * 1024)
        return makeError(ErrorCode::Malformed, QStringLiteral("%1 is over 1 MiB: not a config file").arg(path));
    const QString text = QString::fromUtf8(file.readAll());
    QList<ConfigEntry> entries;
    QSet<QString> seen;
    const QStringList lines = text.split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const int number = int(i + 1);
        const QString line = lines.at(i).trimmed();
        if (line.isEmpty() || line.startsWith(u'#') || line.startsWith(u';'))
            continue;
        if (line.startsWith(u'[') && line.endsWith(u']'))
            continue;
        const qsizetype equals = line.indexOf(u'=');
        if (equals <= 0)
            return lineError(path, number, QStringLiteral("expected key = value, found \"%1\"").arg(line));
        ConfigEntry entry{line.left(equals).trimmed(), line.mid(equals + 1).trimmed(), number};
        if (entry.key.startsWith(QLatin1String("--")))
            entry.key = entry.key.mid(2);
        if (commandLineOnly().contains(entry.key))
            return lineError(path, number,
                             QStringLiteral("'%1' belongs on the command line, not in a config file (the "
                                            "program reads the file only after choosing window or headless)")
                                 .arg(entry.key));
        if (!valueKeys().contains(entry.key) && !switchKeys().contains(entry.key))
            return lineError(path, number,
                             QStringLiteral("unknown key '%1' (known: data-dir, port, planet, moon, api, no-api, "
                                            "database, open-root)")
                                 .arg(entry.key));
        if (entry.value.isEmpty())
            continue; // a template line left blank
        if (isSwitch(entry.key) && !switchValue(entry.value))
            return lineError(path, number,
                             QStringLiteral("'%1' takes true or false, not \"%2\"").arg(entry.key, entry.value));
        if (entry.key != QLatin1String("moon") && seen.contains(entry.key))
            return lineError(path, number, QStringLiteral("'%1' is set twice").arg(entry.key));
        seen.insert(entry.key);
        entries.append(entry);
    }
    return entries;
}

} // namespace tier
