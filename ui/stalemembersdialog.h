// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/controller/memberinfo.h"

#include <QDialog>
#include <QList>

class QDialogButtonBox;
class QLabel;
class QSpinBox;
class QTreeWidget;

namespace tier {

/// Members → Delete Members Not Seen…: members whose last request (or, never seen, whose creation)
/// is more than N days old, listed before anything is deleted. Online members are never listed.
class StaleMembersDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StaleMembersDialog)

public:
    StaleMembersDialog(QList<MemberInfo> members, qint64 now, QWidget *parent = nullptr);
    ~StaleMembersDialog() override;

    /// The members the preview lists for the current number of days.
    QList<Address> staleMembers() const { return m_stale; }
    QSpinBox *daysSpin() const { return m_days; }
    QTreeWidget *preview() const { return m_preview; }
    QDialogButtonBox *buttons() const { return m_buttons; }

private:
    void updatePreview();

    QList<MemberInfo> m_members;
    qint64 m_now = 0;
    QList<Address> m_stale;
    QSpinBox *m_days = nullptr;
    QLabel *m_summary = nullptr;
    QTreeWidget *m_preview = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace tier
