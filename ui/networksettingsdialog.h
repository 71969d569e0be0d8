// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/controller/networksettings.h"
#include "core/controller/networkvalidation.h"

#include <QDialog>

#include <optional>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QSpinBox;
class QTabWidget;
class QTableWidget;

namespace tier {

class RulesSourceEditor;

/// A network's detail view: tabs for general settings, IP pools, managed routes, DNS and rules.
/// Everything typed is validated before anything leaves the dialog; a valid edit is announced as
/// updateRequested() with a full NetworkSettings value (the caller forwards it to the engine), an
/// invalid one is refused with a message naming the field, and the offending tab is shown.
class NetworkSettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NetworkSettingsDialog)

public:
    enum Tab { SettingsTab = 0, PoolsTab, RoutesTab, DnsTab, RulesTab };
    Q_ENUM(Tab)

    explicit NetworkSettingsDialog(QWidget *parent = nullptr);
    ~NetworkSettingsDialog() override;

    /// Fills every tab from the engine's view of the network (discarding unsent edits).
    void setDetails(const NetworkDetails &details);
    quint64 networkId() const { return m_details.id; }
    const NetworkDetails &details() const { return m_details; }

    /// The settings the tabs describe, or nullopt with *error naming the field (and *tab the tab).
    std::optional<NetworkSettings> collectSettings(QString *error, Tab *tab = nullptr) const;
    /// The message shown for the last refused edit or engine error (empty when none).
    QString errorText() const;
    /// NetworkValidator's warnings for what the tabs show now (kept current while editing): host
    /// bits, pools without auto-assign and the reverse, pools outside every route or overlapping,
    /// and, with the context, member addresses outside every route and other networks' pools
    /// (without members in the context, the engine's word on them from setDetails()).
    QStringList warnings() const;
    /// The members and other networks the warnings are judged against (MainWindow fills it).
    void setWarningContext(const NetworkValidator::Context &context);
    QLabel *warningsLabel() const { return m_warnings; }

    void addPoolRow(const QString &start = QString(), const QString &end = QString());
    void addRouteRow(const QString &target = QString(), const QString &via = QString());

    // Widgets, for tests.
    QTabWidget *tabs() const { return m_tabs; }
    QLineEdit *nameEdit() const { return m_name; }
    QPlainTextEdit *descriptionEdit() const { return m_description; }
    QCheckBox *privateCheck() const { return m_private; }
    QCheckBox *broadcastCheck() const { return m_broadcast; }
    QSpinBox *multicastLimitSpin() const { return m_multicastLimit; }
    QSpinBox *mtuSpin() const { return m_mtu; }
    QTableWidget *poolTable() const { return m_pools; }
    QCheckBox *v4AssignCheck() const { return m_v4Assign; }
    QCheckBox *v6AssignCheck() const { return m_v6Assign; }
    QCheckBox *rfc4193Check() const { return m_rfc4193; }
    QCheckBox *sixPlaneCheck() const { return m_6plane; }
    QTableWidget *routeTable() const { return m_routes; }
    QLineEdit *domainEdit() const { return m_domain; }
    QPlainTextEdit *dnsServersEdit() const { return m_dnsServers; }
    QPlainTextEdit *rulesEdit() const { return m_rules; }
    RulesSourceEditor *rulesSourceEditor() const { return m_rulesSource; }
    QTabWidget *rulesViews() const { return m_rulesViews; }
    QListWidget *rulesList() const { return m_rulesList; }
    QDialogButtonBox *buttons() const { return m_buttons; }

signals:
    /// A validated edit; forward to EngineClient::updateNetwork().
    void updateRequested(quint64 networkId, const tier::NetworkSettings &settings);

public slots:
    /// Validates and emits updateRequested(); false (and a message) when refused.
    bool apply();
    void accept() override;
    /// Shows an error (e.g. the engine's engineError) in the dialog.
    void showError(const QString &message);

private:
    QWidget *createSettingsTab();
    QWidget *createPoolsTab();
    QWidget *createRoutesTab();
    QWidget *createDnsTab();
    QWidget *createRulesTab();
    void updateRulesList();
    void updateWarnings();
    /// What the tabs show, read leniently (rows that do not parse left out), for the warnings.
    NetworkSettings currentSettingsForWarnings() const;
    /// Compiles the source into s (rules, capabilities, tags, rulesSource); false with *error if it does not compile.
    bool applyRulesSource(const QString &source, NetworkSettings &s, QString *error) const;

    NetworkDetails m_details;
    QString m_loadedRulesText; ///< the rules as shown after setDetails(); unchanged text keeps the stored JSON
    QString m_loadedSource;    ///< the rules source as loaded; an unchanged source is not recompiled

    QTabWidget *m_tabs = nullptr;
    QLabel *m_idLabel = nullptr;
    QLineEdit *m_name = nullptr;
    QPlainTextEdit *m_description = nullptr;
    QCheckBox *m_private = nullptr;
    QCheckBox *m_broadcast = nullptr;
    QSpinBox *m_multicastLimit = nullptr;
    QSpinBox *m_mtu = nullptr;
    QTableWidget *m_pools = nullptr;
    QCheckBox *m_v4Assign = nullptr;
    QCheckBox *m_v6Assign = nullptr;
    QCheckBox *m_rfc4193 = nullptr;
    QCheckBox *m_6plane = nullptr;
    QTableWidget *m_routes = nullptr;
    QLineEdit *m_domain = nullptr;
    QPlainTextEdit *m_dnsServers = nullptr;
    QTabWidget *m_rulesViews = nullptr;
    RulesSourceEditor *m_rulesSource = nullptr;
    QPlainTextEdit *m_rules = nullptr;
    QListWidget *m_rulesList = nullptr;
    QLabel *m_rulesStatus = nullptr;
    QLabel *m_warnings = nullptr;
    QLabel *m_error = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    NetworkValidator::Context m_warningContext;
};

} // namespace tier
