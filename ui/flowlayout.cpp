// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/flowlayout.h"

#include <QWidget>

namespace tier {

FlowLayout::FlowLayout(int spacing)
{
    setSpacing(spacing);
    setContentsMargins(0, 0, 0, 0);
}

FlowLayout::~FlowLayout()
{
    while (QLayoutItem *item = takeAt(0))
        delete item;
}

void FlowLayout::addItem(QLayoutItem *item)
{
    m_items.append(item);
}

int FlowLayout::count() const
{
    return int(m_items.size());
}

QLayoutItem *FlowLayout::itemAt(int index) const
{
    return index >= 0 && index < m_items.size() ? m_items.at(index) : nullptr;
}

QLayoutItem *FlowLayout::takeAt(int index)
{
    return index >= 0 && index < m_items.size() ? m_items.takeAt(index) : nullptr;
}

Qt::Orientations FlowLayout::expandingDirections() const
{
    return {};
}

bool FlowLayout::hasHeightForWidth() const
{
    return true;
}

int FlowLayout::heightForWidth(int width) const
{
    return arrange(QRect(0, 0, width, 0), false);
}

QSize FlowLayout::minimumSize() const
{
    QSize size;
    for (const QLayoutItem *item : m_items) {
        if (!item->isEmpty())
            size = size.expandedTo(item->minimumSize());
    }
    const QMargins margins = contentsMargins();
    return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom());
}

QSize FlowLayout::sizeHint() const
{
    int width = 0;
    int height = 0;
    for (const QLayoutItem *item : m_items) {
        if (item->isEmpty())
            continue;
        const QSize hint = item->sizeHint();
        width += (width > 0 ? spacing() : 0) + hint.width();
        height = qMax(height, hint.height());
    }
    const QMargins margins = contentsMargins();
    return {width + margins.left() + margins.right(), height + margins.top() + margins.bottom()};
}

void FlowLayout::setGeometry(const QRect &rect)
{
    QLayout::setGeometry(rect);
    arrange(rect, true);
}

int FlowLayout::arrange(const QRect &rect, bool apply) const
{
    const QRect area = rect.marginsRemoved(contentsMargins());
    const int gap = qMax(0, spacing());
    // Lines are laid out one at a time: an item's vertical place needs its line's height.
    QList<QLayoutItem *> line;
    int lineWidth = 0;
    int lineHeight = 0;
    int y = area.y();
    const auto placeLine = [&] {
        int x = area.x();
        for (qsizetype i = 0; i < line.size(); ++i) {
            QLayoutItem *item = line.at(i);
            // From the first right-aligned item on, the rest of the line sits at its right end.
            if (item->alignment() & Qt::AlignRight) {
                int rest = 0;
                for (qsizetype j = i; j < line.size(); ++j)
                    rest += (j > i ? gap : 0) + line.at(j)->sizeHint().width();
                x = qMax(x, area.x() + area.width() - rest);
            }
            const QSize hint = item->sizeHint().boundedTo(QSize(area.width(), lineHeight));
            if (apply)
                item->setGeometry(QRect(QPoint(x, y + (lineHeight - hint.height()) / 2), hint));
            x += hint.width() + gap;
        }
        y += lineHeight + gap;
        line.clear();
        lineWidth = 0;
        lineHeight = 0;
    };
    for (QLayoutItem *item : m_items) {
        if (item->isEmpty())
            continue;
        const QSize hint = item->sizeHint();
        if (!line.isEmpty() && lineWidth + gap + hint.width() > area.width())
            placeLine();
        lineWidth += (line.isEmpty() ? 0 : gap) + hint.width();
        lineHeight = qMax(lineHeight, hint.height());
        line.append(item);
    }
    if (!line.isEmpty())
        placeLine();
    const int used = y > area.y() ? y - gap - area.y() : 0;
    const QMargins margins = contentsMargins();
    return used + margins.top() + margins.bottom();
}

} // namespace tier
