// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/preferences.h"

#include "ui/uisettings.h"

namespace tier {

namespace {

constexpr auto group = "Preferences";

} // namespace

QString Preferences::languageCode(Language language)
{
    switch (language) {
    case Language::English:
        return QStringLiteral("en");
    case Language::German:
        return QStringLiteral("de");
    case Language::System:
        break;
    }
    return QString();
}

Preferences::Language Preferences::languageFromCode(const QString &code)
{
    if (code == QLatin1String("en"))
        return Language::English;
    if (code == QLatin1String("de"))
        return Language::German;
    return Language::System;
}

Preferences Preferences::load()
{
    const auto settings = openUiSettings();
    settings->beginGroup(QLatin1String(group));
    Preferences p;
    p.dataDir = settings->value(QStringLiteral("dataDir"), p.dataDir).toString();
    const int port = settings->value(QStringLiteral("udpPort"), p.udpPort).toInt();
    if (port >= 0 && port <= 65535)
        p.udpPort = quint16(port);
    p.apiEnabled = settings->value(QStringLiteral("apiEnabled"), p.apiEnabled).toBool();
    p.apiAddress = settings->value(QStringLiteral("apiAddress"), p.apiAddress).toString();
    const int apiPort = settings->value(QStringLiteral("apiPort"), p.apiPort).toInt();
    if (apiPort >= 0 && apiPort <= 65535)
        p.apiPort = quint16(apiPort);
    p.backupIntervalHours =
        qMax(0, settings->value(QStringLiteral("backupIntervalHours"), p.backupIntervalHours).toInt());
    p.backupRetentionDays =
        qMax(1, settings->value(QStringLiteral("backupRetentionDays"), p.backupRetentionDays).toInt());
    p.language = languageFromCode(settings->value(QStringLiteral("language")).toString());
    p.startMinimized = settings->value(QStringLiteral("startMinimized"), p.startMinimized).toBool();
    p.closeToTray = settings->value(QStringLiteral("closeToTray"), p.closeToTray).toBool();
    p.openRoot = settings->value(QStringLiteral("openRoot"), p.openRoot).toBool();
    return p;
}

void Preferences::save() const
{
    const auto settings = openUiSettings();
    settings->beginGroup(QLatin1String(group));
    settings->setValue(QStringLiteral("dataDir"), dataDir);
    settings->setValue(QStringLiteral("udpPort"), udpPort);
    settings->setValue(QStringLiteral("apiEnabled"), apiEnabled);
    settings->setValue(QStringLiteral("apiAddress"), apiAddress);
    settings->setValue(QStringLiteral("apiPort"), apiPort);
    settings->setValue(QStringLiteral("backupIntervalHours"), backupIntervalHours);
    settings->setValue(QStringLiteral("backupRetentionDays"), backupRetentionDays);
    settings->setValue(QStringLiteral("language"), languageCode(language));
    settings->setValue(QStringLiteral("startMinimized"), startMinimized);
    settings->setValue(QStringLiteral("closeToTray"), closeToTray);
    settings->setValue(QStringLiteral("openRoot"), openRoot);
}

bool Preferences::hasFlag(const QStringList &arguments, const QString &flag)
{
    const QString withValue = flag + u'=';
    for (const QString &argument : arguments) {
        if (argument == QLatin1String("--"))
            break;
        if (argument == flag || argument.startsWith(withValue))
            return true;
    }
    return false;
}

EngineOptions Preferences::applyTo(EngineOptions options, const QStringList &arguments) const
{
    if (!hasFlag(arguments, QStringLiteral("--data-dir")) && !dataDir.isEmpty())
        options.dataDir = dataDir;
    if (!hasFlag(arguments, QStringLiteral("--port"))) {
        // The default port may fall back to 9994 beside a zerotier-one; a port chosen here may not.
        options.udpPortFallback = options.udpPortFallback && udpPort == Preferences().udpPort;
        options.udpPort = udpPort;
    }
    if (!hasFlag(arguments, QStringLiteral("--api")) && !hasFlag(arguments, QStringLiteral("--no-api"))) {
        if (apiEnabled) {
            options.apiAddress = apiAddress.isEmpty() ? QStringLiteral("127.0.0.1") : apiAddress;
            options.apiPort = apiPort != 0 ? apiPort : options.udpPort;
        } else {
            options.apiAddress.clear();
            options.apiPort = 0;
        }
    }
    if (!hasFlag(arguments, QStringLiteral("--open-root")))
        options.openRoot = openRoot;
    options.backupIntervalHours = backupIntervalHours;
    options.backupRetentionDays = backupRetentionDays;
    return options;
}

} // namespace tier
