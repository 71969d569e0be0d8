// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/stalemembersdialog.h"

#include "core/models/memberfiltermodel.h"
#include "core/models/memberlistmodel.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace tier {

StaleMembersDialog::StaleMembersDialog(QList<MemberInfo> members, qint64 now, QWidget *parent)
    : QDialog(parent), m_members(std::move(members)), m_now(now)
{
    setObjectName(QStringLiteral("staleMembersDialog"));
    setWindowTitle(tr("Delete Members Not Seen"));
    m_days = new QSpinBox(this);
    m_days->setObjectName(QStringLiteral("staleDays"));
    m_days->setRange(1, 3650);
    m_days->setValue(30);
    m_days->setSuffix(tr(" days"));
    auto *row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Not seen for more than"), this));
    row->addWidget(m_days);
    row->addStretch();
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("staleSummary"));
    m_summary->setWordWrap(true);
    m_preview = new QTreeWidget(this);
    m_preview->setObjectName(QStringLiteral("stalePreview"));
    m_preview->setRootIsDecorated(false);
    m_preview->setHeaderLabels({tr("Member"), tr("Last request"), tr("Authorized")});
    m_preview->header()->setStretchLastSection(true);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_days, &QSpinBox::valueChanged, this, &StaleMembersDialog::updatePreview);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(m_summary);
    layout->addWidget(m_preview, 1);
    layout->addWidget(m_buttons);
    updatePreview();
    resize(fontMetrics().averageCharWidth() * 70, fontMetrics().lineSpacing() * 24);
}

StaleMembersDialog::~StaleMembersDialog() = default;

void StaleMembersDialog::updatePreview()
{
    m_stale.clear();
    m_preview->clear();
    for (const MemberInfo &member : std::as_const(m_members)) {
        if (member.online ||
            !MemberFilterModel::offlineLongerThan(member.lastRequestTime, member.creationTime, m_days->value(), m_now))
            continue;
        m_stale.append(member.address);
        auto *item = new QTreeWidgetItem(m_preview);
        item->setText(0, MemberListModel::memberLabel(member));
        item->setText(1, MemberListModel::formatAge(member.lastRequestTime, m_now));
        item->setText(2, member.authorized ? tr("yes") : tr("no"));
    }
    m_preview->resizeColumnToContents(0);
    m_summary->setText(m_stale.isEmpty() ? tr("No member matches.")
                                         : tr("These %1 members lose access and their settings and managed IPs "
                                              "are removed. Devices that ask again show up as new members.")
                                               .arg(m_stale.size()));
    QPushButton *ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setText(tr("Delete %1 Members").arg(m_stale.size()));
    ok->setEnabled(!m_stale.isEmpty());
}

} // namespace tier
