// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/uisettings.h"

#include <QCoreApplication>

namespace tier {

std::unique_ptr<QSettings> openUiSettings()
{
    const QString application = QCoreApplication::applicationName();
    return std::make_unique<QSettings>(QSettings::NativeFormat, QSettings::UserScope, application, application);
}

} // namespace tier
