// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/addmemberdialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace tier {

AddMemberDialog::AddMemberDialog(Address controller, QWidget *parent) : QDialog(parent), m_controller(controller)
{
    setObjectName(QStringLiteral("addMemberDialog"));
    setWindowTitle(tr("Add Member by ID"));
    m_address = new QLineEdit(this);
    m_address->setObjectName(QStringLiteral("addMemberAddress"));
    m_address->setPlaceholderText(tr("10 hex digits, e.g. 89e92ceee5"));
    m_address->setMaxLength(32); // room for pasted text with spaces; checked on accept
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("addMemberName"));
    m_name->setPlaceholderText(tr("optional"));
    m_authorize = new QCheckBox(tr("&Authorize now (the device is let in when it joins)"), this);
    m_authorize->setObjectName(QStringLiteral("addMemberAuthorize"));
    m_authorize->setChecked(true);
    auto *hint = new QLabel(tr("The address is what \"zerotier-cli info\" prints on the device."), this);
    hint->setWordWrap(true);
    hint->setEnabled(false);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("addMemberError"));
    m_error->setWordWrap(true);
    m_error->setTextFormat(Qt::PlainText);
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #b3261e; }"));
    m_error->setMinimumHeight(fontMetrics().lineSpacing() * 2); // keeps the layout when a message appears
    m_error->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Add"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &AddMemberDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &AddMemberDialog::reject);
    connect(m_address, &QLineEdit::textChanged, m_error, &QLabel::clear);

    auto *form = new QFormLayout;
    form->addRow(tr("&Member address:"), m_address);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(QString(), m_authorize);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(hint);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    m_address->setFocus();
}

AddMemberDialog::~AddMemberDialog() = default;

std::optional<Address> AddMemberDialog::address(QString *error) const
{
    QString text = m_address->text().trimmed().toLower();
    text.remove(u' ');
    const std::optional<Address> parsed =
        text.size() == 2 * Address::Length ? Address::fromString(text) : std::optional<Address>();
    if (!parsed) {
        *error = tr("\"%1\" is not a member address: it has exactly 10 hexadecimal digits (0-9, a-f).")
                     .arg(m_address->text().trimmed());
        return std::nullopt;
    }
    if (parsed->isReserved()) {
        *error = tr("%1 is a reserved address that no device can have.").arg(parsed->toString());
        return std::nullopt;
    }
    if (*parsed == m_controller) {
        *error = tr("%1 is this controller's own address, not a member's.").arg(parsed->toString());
        return std::nullopt;
    }
    return parsed;
}

MemberUpdate AddMemberDialog::update() const
{
    MemberUpdate update;
    update.authorized = m_authorize->isChecked();
    if (!m_name->text().trimmed().isEmpty())
        update.name = m_name->text().trimmed();
    return update;
}

QString AddMemberDialog::errorText() const
{
    return m_error->text();
}

void AddMemberDialog::accept()
{
    QString error;
    const std::optional<Address> parsed = address(&error);
    if (!parsed) {
        m_error->setText(error);
        m_address->setFocus();
        return;
    }
    m_member = *parsed;
    QDialog::accept();
}

} // namespace tier
