// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QCoreApplication;

namespace tier {

/// Installs the translators for the language chosen in the preferences, else the default locale (QLocale()):
/// Tiermaster's own catalogue from
/// ":/i18n/tiermaster_<locale>.qm" and Qt's "qtbase_<locale>" from QLibraryInfo::TranslationsPath.
/// A missing catalogue is not an error (English is built in). Call before creating any widget.
void installTranslations(QCoreApplication &app);

} // namespace tier
