// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/translations.h"

#include "ui/preferences.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace tier {

void installTranslations(QCoreApplication &app)
{
    // Preferences → Language: English means no catalogue at all (the source texts are English).
    QLocale locale;
    switch (Preferences::load().language) {
    case Preferences::Language::English:
        return;
    case Preferences::Language::German:
        locale = QLocale(QLocale::German, QLocale::Germany);
        break;
    case Preferences::Language::System:
        break;
    }
    // QTranslator::load(QLocale, ...) walks the locale's UI languages (de_DE, then de), so a
    // regional locale still finds the language's catalogue.
    auto *own = new QTranslator(&app);
    if (own->load(locale, QStringLiteral("tiermaster"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(own);
    else
        delete own;

    auto *qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
}

} // namespace tier
