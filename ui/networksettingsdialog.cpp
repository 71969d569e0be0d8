// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/networksettingsdialog.h"

#include "core/models/networksettingsvalidator.h"
#include "ui/rulessourceeditor.h"
#include "ui/screenfit.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextDocument>
#include <QVBoxLayout>

namespace tier {

namespace {

QTableWidget *makeTable(const QStringList &headers, QWidget *parent)
{
    auto *table = new QTableWidget(0, int(headers.size()), parent);
    table->setHorizontalHeaderLabels(headers);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    table->verticalHeader()->setVisible(false);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    return table;
}

QString cellText(const QTableWidget *table, int row, int column)
{
    const QTableWidgetItem *item = table->item(row, column);
    return item ? item->text().trimmed() : QString();
}

void appendRow(QTableWidget *table, const QString &a, const QString &b)
{
    const int row = table->rowCount();
    table->insertRow(row);
    table->setItem(row, 0, new QTableWidgetItem(a));
    table->setItem(row, 1, new QTableWidgetItem(b));
}

QWidget *addRemoveBar(QTableWidget *table, const std::function<void()> &add, QWidget *parent)
{
    auto *bar = new QWidget(parent);
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *addButton = new QPushButton(NetworkSettingsDialog::tr("Add"), bar);
    auto *removeButton = new QPushButton(NetworkSettingsDialog::tr("Remove"), bar);
    QObject::connect(addButton, &QPushButton::clicked, bar, [add] { add(); });
    QObject::connect(removeButton, &QPushButton::clicked, bar, [table] {
        QList<int> rows;
        for (const QModelIndex &index : table->selectionModel()->selectedRows())
            rows << index.row();
        std::sort(rows.begin(), rows.end(), std::greater<>());
        for (int row : rows)
            table->removeRow(row);
    });
    layout->addWidget(addButton);
    layout->addWidget(removeButton);
    layout->addStretch();
    return bar;
}

QString prettyRules(const QString &json)
{
    const QString text = json.trimmed().isEmpty() ? NetworkSettingsValidator::defaultRulesJson() : json;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8());
    if (!doc.isArray())
        return text;
    return QString::fromUtf8(doc.toJson(QJsonDocument::Indented)).trimmed();
}

} // namespace

NetworkSettingsDialog::NetworkSettingsDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Network settings"));
    m_tabs = new QTabWidget(this);
    m_tabs->addTab(createSettingsTab(), tr("Settings"));
    m_tabs->addTab(createPoolsTab(), tr("IP pools"));
    m_tabs->addTab(createRoutesTab(), tr("Routes"));
    m_tabs->addTab(createDnsTab(), tr("DNS"));
    m_tabs->addTab(createRulesTab(), tr("Rules"));

    // Warnings never block: they stay visible on every tab while the settings are edited.
    m_warnings = new QLabel(this);
    m_warnings->setObjectName(QStringLiteral("settingsWarnings"));
    m_warnings->setWordWrap(true);
    m_warnings->setTextFormat(Qt::PlainText);
    m_warnings->setStyleSheet(QStringLiteral("color: #9a5b00;"));
    m_warnings->hide();

    m_error = new QLabel(this);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c0392b;"));
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Apply | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &NetworkSettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &NetworkSettingsDialog::reject);
    connect(m_buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this, &NetworkSettingsDialog::apply);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(scrollable(m_tabs, this), 1);
    layout->addWidget(m_warnings);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    resizeWithinScreen(this, QSize(620, 480));
    updateRulesList();
}

NetworkSettingsDialog::~NetworkSettingsDialog() = default;

QWidget *NetworkSettingsDialog::createSettingsTab()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    m_idLabel = new QLabel(page);
    m_idLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_name = new QLineEdit(page);
    // Notes of a few lines: Tab moves on to the next field instead of typing a tab.
    m_description = new QPlainTextEdit(page);
    m_description->setObjectName(QStringLiteral("networkDescription"));
    m_description->setTabChangesFocus(true);
    m_description->setPlaceholderText(tr("What this network is for (optional; kept on the controller, never sent "
                                         "to members)"));
    // At least four lines; the room the tab has beyond its other rows goes here rather than between them.
    m_description->setMinimumHeight(m_description->fontMetrics().lineSpacing() * 4 + 2 * m_description->frameWidth() +
                                    int(m_description->document()->documentMargin() * 2));
    m_private = new QCheckBox(tr("Private (members need authorization)"), page);
    m_broadcast = new QCheckBox(tr("Allow Ethernet broadcast"), page);
    m_multicastLimit = new QSpinBox(page);
    m_multicastLimit->setRange(0, 1000000);
    m_mtu = new QSpinBox(page);
    m_mtu->setRange(NetworkValidator::MinMtu, NetworkValidator::MaxMtu);
    form->addRow(tr("Network ID:"), m_idLabel);
    form->addRow(tr("Name:"), m_name);
    form->addRow(tr("Description:"), m_description);
    form->addRow(QString(), m_private);
    form->addRow(QString(), m_broadcast);
    form->addRow(tr("Multicast recipient limit:"), m_multicastLimit);
    form->addRow(tr("MTU:"), m_mtu);
    return page;
}

QWidget *NetworkSettingsDialog::createPoolsTab()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    m_pools = makeTable({tr("First address"), tr("Last address")}, page);
    m_v4Assign = new QCheckBox(tr("Auto-assign IPv4 addresses from the pools"), page);
    m_v6Assign = new QCheckBox(tr("Auto-assign IPv6 addresses from the pools"), page);
    m_rfc4193 = new QCheckBox(tr("Give each member an RFC 4193 IPv6 address (/128)"), page);
    m_6plane = new QCheckBox(tr("Give each member a 6PLANE IPv6 prefix (/80)"), page);
    layout->addWidget(m_pools);
    layout->addWidget(addRemoveBar(
        m_pools, [this] { addPoolRow(); }, page));
    layout->addWidget(m_v4Assign);
    layout->addWidget(m_v6Assign);
    layout->addWidget(m_rfc4193);
    layout->addWidget(m_6plane);
    connect(m_pools, &QTableWidget::itemChanged, this, &NetworkSettingsDialog::updateWarnings);
    connect(m_pools->model(), &QAbstractItemModel::rowsRemoved, this, &NetworkSettingsDialog::updateWarnings);
    for (QCheckBox *check : {m_v4Assign, m_v6Assign})
        connect(check, &QCheckBox::toggled, this, &NetworkSettingsDialog::updateWarnings);
    return page;
}

QWidget *NetworkSettingsDialog::createRoutesTab()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    auto *hint = new QLabel(tr("Target is a network such as 10.1.0.0/16; leave Via empty for a route on the network "
                               "itself."),
                            page);
    hint->setWordWrap(true);
    m_routes = makeTable({tr("Target"), tr("Via")}, page);
    layout->addWidget(hint);
    layout->addWidget(m_routes);
    layout->addWidget(addRemoveBar(
        m_routes, [this] { addRouteRow(); }, page));
    connect(m_routes, &QTableWidget::itemChanged, this, &NetworkSettingsDialog::updateWarnings);
    connect(m_routes->model(), &QAbstractItemModel::rowsRemoved, this, &NetworkSettingsDialog::updateWarnings);
    return page;
}

QWidget *NetworkSettingsDialog::createDnsTab()
{
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    m_domain = new QLineEdit(page);
    m_domain->setPlaceholderText(tr("e.g. lab.example"));
    m_dnsServers = new QPlainTextEdit(page);
    m_dnsServers->setPlaceholderText(tr("One IP address per line (at most 4)"));
    form->addRow(tr("Search domain:"), m_domain);
    form->addRow(tr("Servers:"), m_dnsServers);
    return page;
}

QWidget *NetworkSettingsDialog::createRulesTab()
{
    m_rulesViews = new QTabWidget(this);
    m_rulesSource = new RulesSourceEditor(m_rulesViews);
    m_rulesViews->addTab(m_rulesSource, tr("Source"));

    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    m_rulesList = new QListWidget(page);
    m_rules = new QPlainTextEdit(page);
    m_rules->setPlaceholderText(tr("A JSON array of rule objects; empty = accept all"));
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    m_rules->setFont(mono);
    m_rulesStatus = new QLabel(page);
    m_rulesStatus->setWordWrap(true);
    auto *reset = new QPushButton(tr("Reset to default (accept all)"), page);
    connect(reset, &QPushButton::clicked, this, [this] { m_rules->setPlainText(prettyRules(QString())); });
    connect(m_rules, &QPlainTextEdit::textChanged, this, &NetworkSettingsDialog::updateRulesList);
    layout->addWidget(new QLabel(tr("For experts: the rules as the controller stores them. Editing them here "
                                    "drops the source."),
                                 page));
    layout->addWidget(new QLabel(tr("Rules, in order:"), page));
    layout->addWidget(m_rulesList, 1);
    layout->addWidget(new QLabel(tr("Rules as JSON:"), page));
    layout->addWidget(m_rules, 2);
    layout->addWidget(m_rulesStatus);
    layout->addWidget(reset, 0, Qt::AlignLeft);
    m_rulesViews->addTab(page, tr("JSON (advanced)"));
    // A compiled source is what the JSON view shows next.
    connect(m_rulesSource, &RulesSourceEditor::compiled, this, [this] {
        const auto &result = m_rulesSource->lastResult();
        const QString source = m_rulesSource->source();
        if (!result || !result->ok() || source.trimmed().isEmpty())
            return;
        const QSignalBlocker blocker(m_rules);
        m_rules->setPlainText(source == m_loadedSource
                                  ? m_loadedRulesText
                                  : prettyRules(QString::fromUtf8(
                                        QJsonDocument(result->rules().rulesJson()).toJson(QJsonDocument::Compact))));
        updateRulesList();
    });
    return m_rulesViews;
}

void NetworkSettingsDialog::setDetails(const NetworkDetails &details)
{
    m_details = details;
    const NetworkSettings &s = details.settings;
    setWindowTitle(tr("Network settings – %1").arg(s.name.isEmpty() ? tr("(unnamed)") : s.name));
    m_idLabel->setText(QStringLiteral("%1").arg(details.id, 16, 16, QLatin1Char('0')));
    m_name->setText(s.name);
    m_description->setPlainText(s.description);
    m_private->setChecked(s.isPrivate);
    m_broadcast->setChecked(s.enableBroadcast);
    m_multicastLimit->setValue(s.multicastLimit);
    m_mtu->setValue(s.mtu);

    const QSignalBlocker poolBlocker(m_pools);
    const QSignalBlocker routeBlocker(m_routes);
    m_pools->setRowCount(0);
    for (const IpPool &p : s.pools)
        appendRow(m_pools, p.start.toIpString(), p.end.toIpString());
    m_v4Assign->setChecked(s.v4AssignZt);
    m_v6Assign->setChecked(s.v6AssignZt);
    m_rfc4193->setChecked(s.v6AssignRfc4193);
    m_6plane->setChecked(s.v6Assign6plane);
    m_routes->setRowCount(0);
    for (const NetworkConfig::Route &r : s.routes)
        appendRow(m_routes, QStringLiteral("%1/%2").arg(r.target.toIpString()).arg(r.target.prefixLength()),
                  r.via.toIpString());

    m_domain->setText(s.dns.domain);
    QStringList servers;
    for (const InetAddress &server : s.dns.servers)
        servers << server.toIpString();
    m_dnsServers->setPlainText(servers.join(u'\n'));

    m_loadedRulesText = prettyRules(s.rulesJson);
    m_rules->setPlainText(m_loadedRulesText);
    m_loadedSource = s.rulesSource;
    m_rulesSource->setSource(s.rulesSource);
    // Rules set elsewhere without a source: show them as JSON and offer a template to start from.
    const bool noSource = s.rulesSource.trimmed().isEmpty() && !s.rulesJson.trimmed().isEmpty() &&
                          QJsonDocument::fromJson(s.rulesJson.toUtf8()) !=
                              QJsonDocument::fromJson(NetworkSettingsValidator::defaultRulesJson().toUtf8());
    m_rulesSource->setNoSourceNoteVisible(noSource);
    m_rulesViews->setCurrentIndex(noSource ? 1 : 0);
    m_error->clear();
    m_error->hide();
    updateWarnings();
    updateRulesList();
}

std::optional<NetworkSettings> NetworkSettingsDialog::collectSettings(QString *error, Tab *tab) const
{
    auto fail = [&](Tab where, const QString &message) -> std::optional<NetworkSettings> {
        *error = message;
        if (tab)
            *tab = where;
        return std::nullopt;
    };

    NetworkSettings s = m_details.settings; // keeps what this dialog does not edit (capabilities, tags…)
    s.name = m_name->text().trimmed();
    if (const QString e = NetworkSettingsValidator::nameError(s.name); !e.isEmpty())
        return fail(SettingsTab, e);
    // Surrounding blank lines and spaces are never meant; inner ones are kept as typed.
    s.description = m_description->toPlainText().trimmed();
    if (const auto invalid = NetworkValidator::descriptionError(s.description))
        return fail(SettingsTab, invalid->text());
    s.isPrivate = m_private->isChecked();
    s.enableBroadcast = m_broadcast->isChecked();
    s.multicastLimit = m_multicastLimit->value();
    s.mtu = m_mtu->value();

    s.pools.clear();
    for (int row = 0; row < m_pools->rowCount(); ++row) {
        const QString start = cellText(m_pools, row, 0);
        const QString end = cellText(m_pools, row, 1);
        if (start.isEmpty() && end.isEmpty())
            continue;
        QString e;
        const auto pool = NetworkSettingsValidator::parsePool(start, end, row + 1, &e);
        if (!pool)
            return fail(PoolsTab, e);
        s.pools << *pool;
    }
    s.v4AssignZt = m_v4Assign->isChecked();
    s.v6AssignZt = m_v6Assign->isChecked();
    s.v6AssignRfc4193 = m_rfc4193->isChecked();
    s.v6Assign6plane = m_6plane->isChecked();

    s.routes.clear();
    for (int row = 0; row < m_routes->rowCount(); ++row) {
        const QString target = cellText(m_routes, row, 0);
        const QString via = cellText(m_routes, row, 1);
        if (target.isEmpty() && via.isEmpty())
            continue;
        QString e;
        const auto route = NetworkSettingsValidator::parseRoute(target, via, row + 1, &e);
        if (!route)
            return fail(RoutesTab, e);
        s.routes << *route;
    }
    if (auto invalid = NetworkValidator::routeCountError(s.routes.size()))
        return fail(RoutesTab, invalid->text());

    s.dns.domain = m_domain->text().trimmed();
    if (const QString e = NetworkSettingsValidator::domainError(s.dns.domain); !e.isEmpty())
        return fail(DnsTab, e);
    s.dns.servers.clear();
    const QStringList lines = m_dnsServers->toPlainText().split(u'\n');
    int serverRow = 0;
    for (const QString &line : lines) {
        if (line.trimmed().isEmpty())
            continue;
        QString e;
        const auto server = NetworkSettingsValidator::parseDnsServer(line, ++serverRow, &e);
        if (!server)
            return fail(DnsTab, e);
        s.dns.servers << *server;
    }
    if (auto invalid = NetworkValidator::dnsServersError(s.dns.servers))
        return fail(DnsTab, invalid->text());

    const QString source = m_rulesSource->source();
    const QString rulesText = m_rules->toPlainText();
    if (source != m_loadedSource && !source.trimmed().isEmpty()) {
        // The source wins: its compiled rules, capabilities and tags replace the stored ones.
        if (!applyRulesSource(source, s, error))
            return fail(RulesTab, *error);
    } else if (rulesText != m_loadedRulesText || source != m_loadedSource) {
        s.rulesSource.clear(); // hand-edited JSON (or an emptied source): the JSON view is what counts
        if (const QString e = NetworkSettingsValidator::rulesError(rulesText); !e.isEmpty())
            return fail(RulesTab, e);
        if (rulesText.trimmed().isEmpty()) {
            s.rulesJson.clear();
        } else {
            s.rulesJson = QString::fromUtf8(QJsonDocument::fromJson(rulesText.toUtf8()).toJson(QJsonDocument::Compact));
        }
    }
    return s;
}

bool NetworkSettingsDialog::applyRulesSource(const QString &source, NetworkSettings &s, QString *error) const
{
    const flowrules::CompileResult result = flowrules::compileRules(source);
    if (!result.ok()) {
        const flowrules::CompileError &e = result.error();
        *error = tr("Rules: line %1, column %2: %3").arg(e.line).arg(e.column).arg(e.message);
        return false;
    }
    auto compact = [](const QJsonArray &a) {
        return QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact));
    };
    s.rulesSource = source;
    s.rulesJson = compact(result.rules().rulesJson());
    s.capabilitiesJson = compact(result.rules().capabilitiesJson());
    s.tagsJson = compact(result.rules().tagsJson());
    return true;
}

QString NetworkSettingsDialog::errorText() const
{
    return m_error->text();
}

NetworkSettings NetworkSettingsDialog::currentSettingsForWarnings() const
{
    NetworkSettings s = m_details.settings;
    s.pools.clear();
    for (int row = 0; row < m_pools->rowCount(); ++row) {
        QString ignored;
        if (auto p = NetworkSettingsValidator::parsePool(cellText(m_pools, row, 0), cellText(m_pools, row, 1), row + 1,
                                                         &ignored))
            s.pools << *p;
    }
    s.routes.clear();
    for (int row = 0; row < m_routes->rowCount(); ++row) {
        QString ignored;
        if (auto r = NetworkSettingsValidator::parseRoute(cellText(m_routes, row, 0), cellText(m_routes, row, 1),
                                                          row + 1, &ignored))
            s.routes << *r;
    }
    s.v4AssignZt = m_v4Assign->isChecked();
    s.v6AssignZt = m_v6Assign->isChecked();
    return s;
}

QStringList NetworkSettingsDialog::warnings() const
{
    QList<NetworkFinding> found = NetworkValidator::warnings(currentSettingsForWarnings(), m_warningContext);
    if (m_warningContext.members.isEmpty()) {
        // The members page does not hold this network's members: what the engine said about them
        // (current again after Apply) rather than nothing.
        for (const NetworkFinding &w : m_details.warnings) {
            if (w.kind == NetworkFinding::Kind::MemberIpOutsideRoutes)
                found << w;
        }
    }
    return NetworkValidator::texts(found);
}

void NetworkSettingsDialog::setWarningContext(const NetworkValidator::Context &context)
{
    m_warningContext = context;
    updateWarnings();
}

void NetworkSettingsDialog::addPoolRow(const QString &start, const QString &end)
{
    appendRow(m_pools, start, end);
    if (start.isEmpty())
        m_pools->editItem(m_pools->item(m_pools->rowCount() - 1, 0));
    updateWarnings();
}

void NetworkSettingsDialog::addRouteRow(const QString &target, const QString &via)
{
    appendRow(m_routes, target, via);
    if (target.isEmpty())
        m_routes->editItem(m_routes->item(m_routes->rowCount() - 1, 0));
    updateWarnings();
}

bool NetworkSettingsDialog::apply()
{
    QString error;
    Tab tab = SettingsTab;
    const auto settings = collectSettings(&error, &tab);
    if (!settings) {
        showError(error);
        m_tabs->setCurrentIndex(tab);
        return false;
    }
    m_error->clear();
    m_error->hide();
    emit updateRequested(m_details.id, *settings);
    return true;
}

void NetworkSettingsDialog::accept()
{
    if (apply())
        QDialog::accept();
}

void NetworkSettingsDialog::showError(const QString &message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

void NetworkSettingsDialog::updateRulesList()
{
    m_rulesList->clear();
    const QString text = m_rules->toPlainText();
    const QString error = NetworkSettingsValidator::rulesError(text);
    if (!error.isEmpty()) {
        m_rulesStatus->setText(error);
        m_rulesStatus->setStyleSheet(QStringLiteral("color: #c0392b;"));
        return;
    }
    m_rulesStatus->setText(text.trimmed().isEmpty() ? tr("Empty: the default rule set (accept all) is used.")
                                                    : QString());
    m_rulesStatus->setStyleSheet(QString());
    m_rulesList->addItems(NetworkSettingsValidator::describeRules(text));
}

void NetworkSettingsDialog::updateWarnings()
{
    if (!m_warnings)
        return; // a signal from a tab built before the label
    const QStringList list = warnings();
    QStringList lines;
    for (const QString &w : list)
        lines << QStringLiteral("⚠ ") + w;
    m_warnings->setText(lines.join(u'\n'));
    m_warnings->setVisible(!lines.isEmpty());
}

} // namespace tier
