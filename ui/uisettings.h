// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSettings>

#include <memory>

namespace tier {

/// The UI's own preferences (window geometry and the like), in ~/.config/tiermaster/tiermaster.conf.
/// The organization name is empty by design, for which QSettings() would pick "Unknown Organization".
std::unique_ptr<QSettings> openUiSettings();

} // namespace tier
