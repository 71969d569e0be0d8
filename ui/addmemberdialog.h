// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/address.h"
#include "core/controller/networkcontroller.h"

#include <QDialog>

#include <optional>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace tier {

/// Members → Add Member by ID: a device's 10-hex-digit address, optionally a name, authorized at once
/// (the default) or only named, before the device ever joins. A malformed, reserved or the
/// controller's own address is refused in place with a clear message.
class AddMemberDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AddMemberDialog)

public:
    /// controller: this controller's address (refused as a member). An address already listed is fine:
    /// the update then names or authorizes that member.
    explicit AddMemberDialog(Address controller, QWidget *parent = nullptr);
    ~AddMemberDialog() override;

    /// The address typed, or nullopt with *error.
    std::optional<Address> address(QString *error) const;
    /// Valid after accept(): the member and the update that creates it.
    Address member() const { return m_member; }
    MemberUpdate update() const;
    QString errorText() const;

    QLineEdit *addressEdit() const { return m_address; }
    QLineEdit *nameEdit() const { return m_name; }
    QCheckBox *authorizeCheck() const { return m_authorize; }

public slots:
    void accept() override;

private:
    Address m_controller;
    Address m_member;
    QLineEdit *m_address = nullptr;
    QLineEdit *m_name = nullptr;
    QCheckBox *m_authorize = nullptr;
    QLabel *m_error = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace tier
