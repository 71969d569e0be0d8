// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/memberrowdelegate.h"

#include "core/models/memberlistmodel.h"

#include <QAbstractItemView>
#include <QLineEdit>
#include <QPointer>
#include <QTimer>

namespace tier {

MemberRowDelegate::MemberRowDelegate(QObject *parent) : QStyledItemDelegate(parent) {}

void MemberRowDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (!index.data(MemberListModel::PendingRole).toBool())
        return;
    // A warm tint that stays readable with the light and the dark palette's text colour.
    option->backgroundBrush = QColor(0xff, 0xc1, 0x07, 0x48);
    option->font.setBold(true);
}

void MemberRowDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    auto *line = qobject_cast<QLineEdit *>(editor);
    if (line && m_retryIndex.isValid() && m_retryIndex == index) {
        line->setText(m_retryText);
        m_retryIndex = QPersistentModelIndex();
        m_retryText.clear();
        return;
    }
    QStyledItemDelegate::setEditorData(editor, index);
}

void MemberRowDelegate::setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const
{
    auto *line = qobject_cast<QLineEdit *>(editor);
    if (!line) {
        QStyledItemDelegate::setModelData(editor, model, index);
        return;
    }
    const QString text = line->text();
    if (model->setData(index, text, Qt::EditRole) || text == index.data(Qt::EditRole).toString())
        return;
    // Refused: the model said why (the page shows it); the same cell opens again with this text once
    // the current editor has closed.
    m_retryIndex = QPersistentModelIndex(index);
    m_retryText = text;
    QPointer<QAbstractItemView> view = qobject_cast<QAbstractItemView *>(parent());
    const QPersistentModelIndex retry(index);
    QTimer::singleShot(0, view, [view, retry] {
        if (view && retry.isValid())
            view->edit(retry);
    });
}

} // namespace tier
