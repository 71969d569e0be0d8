// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPersistentModelIndex>
#include <QStyledItemDelegate>

namespace tier {

/// The members table's cells: rows of members waiting for authorization are tinted and bold so they
/// stand out; an edit the model refuses (a malformed IP list) opens again with the text as typed,
/// next to the page's notice, instead of throwing the typing away.
class MemberRowDelegate : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MemberRowDelegate)

public:
    explicit MemberRowDelegate(QObject *parent = nullptr);

    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    mutable QPersistentModelIndex m_retryIndex; ///< reopened after a refused edit …
    mutable QString m_retryText;                ///< … with this text
};

} // namespace tier
