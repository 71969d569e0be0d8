// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/controller/networksettings.h"
#include "core/models/networkaddressplan.h"

#include <QDialog>
#include <QList>

#include <optional>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace tier {

/// File → Create Network: a name and an addressing choice made for the user, so that a name and
/// Enter give a network whose members receive addresses. The IPv4 choice (a free private /24 picked
/// from the subnets no other network of this controller uses, a preset, a custom subnet, or none)
/// fills the pool, the on-link route and IPv4 auto-assign together; IPv6 offers none, RFC 4193,
/// 6PLANE or a pool. The result is a full NetworkSettings value for EngineClient::createNetwork().
class NewNetworkDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NewNetworkDialog)

public:
    /// existing: the settings of this controller's networks (their pools and routes are "in use").
    explicit NewNetworkDialog(const QList<NetworkSettings> &existing, QWidget *parent = nullptr);
    ~NewNetworkDialog() override;

    /// The settings the fields describe, or nullopt with *error (the field's problem).
    std::optional<NetworkSettings> collectSettings(QString *error) const;
    /// Valid after accept().
    NetworkSettings settings() const { return m_result; }
    QString errorText() const;

    // Widgets, for tests.
    QLineEdit *nameEdit() const { return m_name; }
    QLineEdit *descriptionEdit() const { return m_description; }
    QComboBox *ipv4Combo() const { return m_ipv4; }
    QLineEdit *customSubnetEdit() const { return m_customSubnet; }
    QComboBox *ipv6Combo() const { return m_ipv6; }
    QLineEdit *ipv6SubnetEdit() const { return m_ipv6Subnet; }
    QLabel *summaryLabel() const { return m_summary; }
    QDialogButtonBox *buttons() const { return m_buttons; }

public slots:
    void accept() override;

private:
    enum Ipv4Choice { SubnetChoice, CustomChoice, NoneChoice };
    void fillIpv4Choices(const QList<NetworkSettings> &existing);
    void updateFields();
    std::optional<InetAddress> chosenIpv4Subnet(QString *error) const;

    QLineEdit *m_name = nullptr;
    QLineEdit *m_description = nullptr;
    QComboBox *m_ipv4 = nullptr;
    QLabel *m_customSubnetLabel = nullptr;
    QLineEdit *m_customSubnet = nullptr;
    QComboBox *m_ipv6 = nullptr;
    QLabel *m_ipv6SubnetLabel = nullptr;
    QLineEdit *m_ipv6Subnet = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_error = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    NetworkSettings m_result;
};

} // namespace tier
