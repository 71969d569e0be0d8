// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/screenfit.h"

#include <QGuiApplication>
#include <QScreen>
#include <QScrollArea>
#include <QWidget>

namespace tier {

namespace {

QRect availableFor(const QWidget *window)
{
    QScreen *screen = window->screen();
    if (!screen)
        screen = QGuiApplication::primaryScreen();
    return screen ? screen->availableGeometry() : QRect();
}

// The frame a window manager adds (title bar, borders); zero before the window is shown or without one.
QMargins frameOf(const QWidget *window)
{
    const QRect frame = window->frameGeometry();
    const QRect inner = window->geometry();
    return {inner.left() - frame.left(), inner.top() - frame.top(), frame.right() - inner.right(),
            frame.bottom() - inner.bottom()};
}

} // namespace

QRect fitRect(const QRect &wanted, const QRect &available, const QSize &minimum)
{
    if (!available.isValid())
        return wanted;
    QSize size = wanted.size().boundedTo(available.size());
    size = size.expandedTo(minimum.boundedTo(available.size()));
    QRect fitted(wanted.topLeft(), size);
    if (fitted.right() > available.right())
        fitted.moveRight(available.right());
    if (fitted.bottom() > available.bottom())
        fitted.moveBottom(available.bottom());
    if (fitted.left() < available.left())
        fitted.moveLeft(available.left());
    if (fitted.top() < available.top())
        fitted.moveTop(available.top());
    return fitted;
}

void fitIntoScreen(QWidget *window)
{
    const QRect available = availableFor(window);
    if (!available.isValid())
        return;
    const QMargins frame = frameOf(window);
    const QRect inside = available.marginsRemoved(frame);
    const QRect fitted = fitRect(window->geometry(), inside, window->minimumSize());
    if (fitted.size() != window->size())
        window->resize(fitted.size());
    if (fitted.topLeft() != window->geometry().topLeft())
        window->move(fitted.topLeft() - QPoint(frame.left(), frame.top()));
}

QWidget *scrollable(QWidget *content, QWidget *parent)
{
    auto *area = new QScrollArea(parent);
    area->setObjectName(content->objectName() + QStringLiteral("Scroll"));
    area->setFrameShape(QFrame::NoFrame);
    area->setWidgetResizable(true);
    area->setWidget(content);
    // See-through, so a page keeps the look of what it sits in (a tab's pane is lighter than a dialog).
    area->viewport()->setAutoFillBackground(false);
    content->setAutoFillBackground(false);
    return area;
}

void resizeWithinScreen(QWidget *window, const QSize &wanted)
{
    const QRect available = availableFor(window);
    window->resize(available.isValid() ? wanted.boundedTo(available.size()) : wanted);
}

} // namespace tier
