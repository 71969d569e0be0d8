// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/statusdotdelegate.h"

#include "core/models/memberlistmodel.h"

#include <QPainter>

namespace tier {

StatusDotDelegate::StatusDotDelegate(QObject *parent) : MemberRowDelegate(parent) {}

void StatusDotDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    MemberRowDelegate::paint(painter, option, index); // background (pending tint), selection, focus
    const auto status = MemberListModel::MemberStatus(index.data(MemberListModel::StatusRole).toInt());
    const int diameter = std::max(6, std::min(option.rect.height(), option.fontMetrics.height()) * 5 / 10);
    QRectF dot(0, 0, diameter, diameter);
    dot.moveCenter(QRectF(option.rect).center());

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    switch (status) {
    case MemberListModel::MemberStatus::Online:
        painter->setPen(QPen(QColor(0x1b, 0x7a, 0x35), 1));
        painter->setBrush(QColor(0x2e, 0xb8, 0x4f));
        break;
    case MemberListModel::MemberStatus::Offline:
        painter->setPen(QPen(QColor(0x70, 0x70, 0x70), 1));
        painter->setBrush(QColor(0xa0, 0xa0, 0xa0));
        break;
    case MemberListModel::MemberStatus::NeverSeen:
        painter->setPen(QPen(QColor(0x90, 0x90, 0x90), 1.2));
        painter->setBrush(Qt::NoBrush);
        break;
    }
    painter->drawEllipse(dot);
    painter->restore();
}

QSize StatusDotDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = MemberRowDelegate::sizeHint(option, index);
    size.setWidth(std::max(size.width(), option.fontMetrics.height() * 3 / 2));
    return size;
}

} // namespace tier
