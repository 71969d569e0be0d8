// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/newnetworkdialog.h"

#include "core/controller/networkvalidation.h"
#include "core/models/networksettingsvalidator.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardItemModel>
#include <QVBoxLayout>

namespace tier {

namespace {

constexpr int ChoiceRole = Qt::UserRole;
constexpr int SubnetRole = Qt::UserRole + 1;

QString subnetText(const InetAddress &subnet)
{
    return QStringLiteral("%1/%2").arg(subnet.toIpString()).arg(subnet.prefixLength());
}

} // namespace

NewNetworkDialog::NewNetworkDialog(const QList<NetworkSettings> &existing, QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("newNetworkDialog"));
    setWindowTitle(tr("Create Network"));

    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("newNetworkName"));
    m_name->setPlaceholderText(tr("e.g. office"));
    // One line is enough here; Network Settings gives the description more room later.
    m_description = new QLineEdit(this);
    m_description->setObjectName(QStringLiteral("newNetworkDescription"));
    m_description->setPlaceholderText(tr("optional, e.g. printers and file server, 2nd floor"));

    m_ipv4 = new QComboBox(this);
    m_ipv4->setObjectName(QStringLiteral("newNetworkIpv4"));
    fillIpv4Choices(existing);
    m_customSubnetLabel = new QLabel(tr("Subnet:"), this);
    m_customSubnet = new QLineEdit(this);
    m_customSubnet->setObjectName(QStringLiteral("newNetworkCustomSubnet"));
    m_customSubnet->setPlaceholderText(QStringLiteral("10.147.17.0/24"));

    m_ipv6 = new QComboBox(this);
    m_ipv6->setObjectName(QStringLiteral("newNetworkIpv6"));
    m_ipv6->addItem(tr("None"), int(NetworkAddressPlan::Ipv6Mode::None));
    m_ipv6->addItem(tr("RFC 4193 (one address per member, from the network ID)"),
                    int(NetworkAddressPlan::Ipv6Mode::Rfc4193));
    m_ipv6->addItem(tr("6PLANE (a /80 for each member, from the network ID)"),
                    int(NetworkAddressPlan::Ipv6Mode::SixPlane));
    m_ipv6->addItem(tr("Pool from a subnet"), int(NetworkAddressPlan::Ipv6Mode::Pool));
    m_ipv6SubnetLabel = new QLabel(tr("IPv6 subnet:"), this);
    m_ipv6Subnet = new QLineEdit(subnetText(NetworkAddressPlan::randomUniqueLocalSubnet()), this);
    m_ipv6Subnet->setObjectName(QStringLiteral("newNetworkIpv6Subnet"));

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("newNetworkSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setEnabled(false); // an explanation, not a field

    // The error line keeps its room (one blank line when there is no error): the dialog does not jump.
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("newNetworkError"));
    m_error->setWordWrap(true);
    m_error->setTextFormat(Qt::PlainText);
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #b3261e; }"));
    m_error->setMinimumHeight(fontMetrics().lineSpacing() * 2);
    m_error->setAlignment(Qt::AlignLeft | Qt::AlignTop);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Create"));
    m_buttons->button(QDialogButtonBox::Ok)->setDefault(true);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &NewNetworkDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &NewNetworkDialog::reject);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Description:"), m_description);
    form->addRow(tr("IPv&4 addresses:"), m_ipv4);
    form->addRow(m_customSubnetLabel, m_customSubnet);
    form->addRow(tr("IPv&6 addresses:"), m_ipv6);
    form->addRow(m_ipv6SubnetLabel, m_ipv6Subnet);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_summary);
    layout->addWidget(m_error);
    layout->addStretch();
    layout->addWidget(m_buttons);

    for (QComboBox *combo : {m_ipv4, m_ipv6})
        connect(combo, &QComboBox::currentIndexChanged, this, &NewNetworkDialog::updateFields);
    for (QLineEdit *edit : {m_name, m_description, m_customSubnet, m_ipv6Subnet})
        connect(edit, &QLineEdit::textChanged, this, [this] {
            m_error->clear();
            updateFields();
        });
    updateFields();
    m_name->setFocus();
    setMinimumWidth(fontMetrics().averageCharWidth() * 60);
}

NewNetworkDialog::~NewNetworkDialog() = default;

void NewNetworkDialog::fillIpv4Choices(const QList<NetworkSettings> &existing)
{
    auto *model = new QStandardItemModel(m_ipv4);
    const std::optional<InetAddress> free = NetworkAddressPlan::freeSubnet(existing);
    QList<InetAddress> subnets = NetworkAddressPlan::presetSubnets();
    if (free && !subnets.contains(*free))
        subnets.prepend(*free);
    int selected = -1;
    for (const InetAddress &subnet : std::as_const(subnets)) {
        const bool inUse = NetworkAddressPlan::subnetInUse(subnet, existing);
        auto *item = new QStandardItem(inUse ? tr("%1 (in use)").arg(subnetText(subnet)) : subnetText(subnet));
        item->setData(int(SubnetChoice), ChoiceRole);
        item->setData(subnetText(subnet), SubnetRole);
        if (inUse)
            item->setFlags(item->flags() & ~Qt::ItemIsEnabled);
        if (free && subnet == *free)
            selected = model->rowCount();
        model->appendRow(item);
    }
    auto *custom = new QStandardItem(tr("Custom subnet…"));
    custom->setData(int(CustomChoice), ChoiceRole);
    model->appendRow(custom);
    auto *none = new QStandardItem(tr("None (no managed IPv4 addresses)"));
    none->setData(int(NoneChoice), ChoiceRole);
    model->appendRow(none);
    m_ipv4->setModel(model);
    // Every subnet taken: the user types one.
    m_ipv4->setCurrentIndex(selected >= 0 ? selected : model->rowCount() - 2);
}

void NewNetworkDialog::updateFields()
{
    const int choice = m_ipv4->currentData(ChoiceRole).toInt();
    m_customSubnetLabel->setVisible(choice == CustomChoice);
    m_customSubnet->setVisible(choice == CustomChoice);
    const bool v6Pool = m_ipv6->currentData().toInt() == int(NetworkAddressPlan::Ipv6Mode::Pool);
    m_ipv6SubnetLabel->setVisible(v6Pool);
    m_ipv6Subnet->setVisible(v6Pool);

    QString summary;
    QString ignored;
    if (const std::optional<InetAddress> subnet = chosenIpv4Subnet(&ignored); subnet && subnet->isIPv4()) {
        const IpPool hosts = NetworkAddressPlan::hostRange(*subnet);
        summary = tr("Members get an address from %1 to %2 automatically, with the route %3 on the ZeroTier "
                     "interface.")
                      .arg(hosts.start.toIpString(), hosts.end.toIpString(), subnetText(*subnet));
    } else if (choice == NoneChoice) {
        summary = tr("Members get no IPv4 address unless you give them one.");
    }
    m_summary->setText(summary);
}

std::optional<InetAddress> NewNetworkDialog::chosenIpv4Subnet(QString *error) const
{
    switch (m_ipv4->currentData(ChoiceRole).toInt()) {
    case SubnetChoice:
        return NetworkAddressPlan::parseSubnet(m_ipv4->currentData(SubnetRole).toString(), error);
    case CustomChoice: {
        const std::optional<InetAddress> subnet = NetworkAddressPlan::parseSubnet(m_customSubnet->text(), error);
        if (subnet && !subnet->isIPv4()) {
            *error = tr("IPv4 subnet: %1 is an IPv6 subnet.").arg(m_customSubnet->text().trimmed());
            return std::nullopt;
        }
        return subnet;
    }
    default:
        return InetAddress();
    }
}

std::optional<NetworkSettings> NewNetworkDialog::collectSettings(QString *error) const
{
    NetworkSettings base;
    base.name = m_name->text().trimmed();
    if (const QString nameError = NetworkSettingsValidator::nameError(base.name); !nameError.isEmpty()) {
        *error = nameError;
        return std::nullopt;
    }
    base.description = m_description->text().trimmed();
    if (const auto invalid = NetworkValidator::descriptionError(base.description)) {
        *error = invalid->text();
        return std::nullopt;
    }
    const std::optional<InetAddress> ipv4 = chosenIpv4Subnet(error);
    if (!ipv4)
        return std::nullopt;
    const auto mode = NetworkAddressPlan::Ipv6Mode(m_ipv6->currentData().toInt());
    InetAddress ipv6;
    if (mode == NetworkAddressPlan::Ipv6Mode::Pool) {
        const std::optional<InetAddress> subnet = NetworkAddressPlan::parseSubnet(m_ipv6Subnet->text(), error);
        if (!subnet)
            return std::nullopt;
        if (!subnet->isIPv6()) {
            *error = tr("IPv6 subnet: %1 is an IPv4 subnet.").arg(m_ipv6Subnet->text().trimmed());
            return std::nullopt;
        }
        ipv6 = *subnet;
    }
    return NetworkAddressPlan::apply(base, *ipv4, mode, ipv6);
}

QString NewNetworkDialog::errorText() const
{
    return m_error->text();
}

void NewNetworkDialog::accept()
{
    QString error;
    const std::optional<NetworkSettings> settings = collectSettings(&error);
    if (!settings) {
        m_error->setText(error);
        return;
    }
    m_result = *settings;
    QDialog::accept();
}

} // namespace tier
