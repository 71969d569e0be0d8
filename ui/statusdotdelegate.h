// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/memberrowdelegate.h"

namespace tier {

/// Paints MemberListModel's StatusRole as a coloured dot: green online, grey offline, a hollow
/// circle for never seen (the models are QtCore only and carry no colours).
class StatusDotDelegate final : public MemberRowDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatusDotDelegate)

public:
    explicit StatusDotDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace tier
