// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QRect>
#include <QSize>

class QWidget;
class QScrollArea;

namespace tier {

/// Window sizes that never exceed the screen: a restored or default geometry is shrunk and moved
/// into the available area (without a window manager nobody else would move it), e.g. at
/// QT_SCALE_FACTOR=2 on a 1440×900 screen, where the logical screen is 720×450.

/// The geometry inside available: as wanted where it fits, else shrunk (never below minimum, unless
/// the screen itself is smaller) and moved in.
QRect fitRect(const QRect &wanted, const QRect &available, const QSize &minimum = QSize());
/// Applies fitRect() to a top-level widget against the available geometry of its screen (or the
/// primary screen), allowing for the window frame where a window manager draws one.
void fitIntoScreen(QWidget *window);
/// Resizes a widget to wanted, or to what its screen has room for.
void resizeWithinScreen(QWidget *window, const QSize &wanted);
/// content inside a frameless, resizable scroll area: a tall dialog gets scroll bars instead of
/// pushing its buttons off a small screen.
QWidget *scrollable(QWidget *content, QWidget *parent);

} // namespace tier
