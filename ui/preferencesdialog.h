// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/preferences.h"

#include <QDialog>
#include <QPointer>

#include <functional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;
class QTabWidget;

namespace tier {

class EngineClient;
class PrivateRootPage;
class DataMaintenance;

/// Edit → Preferences: data directory, UDP port, private planet and moons, the local API and its token,
/// automatic backups, language, start minimised, and being the root of a private planet (PrivateRootPage). Planet and
/// moon files are installed into (or removed from) the current data directory right away, after they were checked;
/// everything else is returned by preferences() when the dialog is accepted. The dialog says which changes restart the
/// engine.
class PreferencesDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PreferencesDialog)

public:
    /// Asks for a file to open (default: QFileDialog); empty = cancelled.
    using FilePrompt = std::function<QString(const QString &title)>;

    PreferencesDialog(const Preferences &preferences, const QString &currentDataDir, QWidget *parent = nullptr);
    ~PreferencesDialog() override;

    /// The values in the fields (a value the command line set for this run keeps its saved preference).
    Preferences preferences() const;
    /// Shows the values this run really uses: a field the command line set (--data-dir, --port, --api,
    /// --no-api, --planet, --moon) shows the value in effect, cannot be edited here, and says so.
    void setInEffect(const EngineOptions &inEffect, const QStringList &arguments);
    /// The command-line flags that set values shown here ("--port" …), in the order of the fields.
    QStringList overriddenFlags() const { return m_overridden; }
    QLabel *overrideBanner() const { return m_overrideBanner; }
    /// A planet or moon was installed or removed (the engine must restart to use it).
    bool worldsChanged() const { return m_worldsChanged; }
    void setFilePrompt(FilePrompt prompt);
    /// The running engine (not owned; may be null): the Private root page makes planets through it.
    void setEngine(EngineClient *engine);
    PrivateRootPage *privateRootPage() const { return m_rootPage; }
    /// Where the API token comes from (DataMaintenance::requestApiToken); without one no token is shown.
    void setDataMaintenance(DataMaintenance *maintenance);
    /// The last message about a planet/moon/token action ("" if none).
    QString messageText() const;

    QTabWidget *tabs() const { return m_tabs; }
    QLineEdit *dataDirEdit() const { return m_dataDir; }
    QSpinBox *portSpin() const { return m_port; }
    QCheckBox *apiCheck() const { return m_api; }
    QLineEdit *apiAddressEdit() const { return m_apiAddress; }
    QSpinBox *apiPortSpin() const { return m_apiPort; }
    QLineEdit *tokenEdit() const { return m_token; }
    QComboBox *backupIntervalCombo() const { return m_backupInterval; }
    QSpinBox *retentionSpin() const { return m_retention; }
    QComboBox *languageCombo() const { return m_language; }
    QCheckBox *startMinimizedCheck() const { return m_startMinimized; }
    QLabel *planetLabel() const { return m_planetLabel; }
    QListWidget *moonList() const { return m_moons; }

public slots:
    void installPlanet();
    void removePlanet();
    void addMoon();
    void removeSelectedMoon();
    void copyToken();
    void accept() override;

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    QWidget *createGeneralTab();
    QWidget *createNetworkTab();
    QWidget *createApiTab();
    QWidget *createBackupTab();
    void retranslate();
    void refreshWorlds();
    void refreshToken();
    void showMessage(const QString &message, bool error);
    void setFields(const Preferences &preferences);

    void markOverridden(QWidget *field, QLabel *rowLabel, const QString &flag);

    QString m_currentDataDir;
    Preferences m_stored;     ///< as loaded: what overridden fields keep
    QStringList m_overridden; ///< flags of the fields the command line set
    QLabel *m_overrideBanner = nullptr;
    bool m_worldsChanged = false;
    bool m_fittedOnShow = false;
    FilePrompt m_filePrompt;

    QTabWidget *m_tabs = nullptr;
    // General
    QLabel *m_dataDirLabel = nullptr;
    QLineEdit *m_dataDir = nullptr;
    QPushButton *m_browseDataDir = nullptr;
    QLabel *m_dataDirHint = nullptr;
    QLabel *m_languageLabel = nullptr;
    QComboBox *m_language = nullptr;
    QCheckBox *m_startMinimized = nullptr;
    QCheckBox *m_closeToTray = nullptr;
    // Network
    QLabel *m_portLabel = nullptr;
    QSpinBox *m_port = nullptr;
    QLabel *m_planetTitle = nullptr;
    QLabel *m_planetLabel = nullptr;
    QPushButton *m_installPlanet = nullptr;
    QPushButton *m_removePlanet = nullptr;
    QLabel *m_moonsTitle = nullptr;
    QListWidget *m_moons = nullptr;
    QPushButton *m_addMoon = nullptr;
    QPushButton *m_removeMoon = nullptr;
    // API
    QCheckBox *m_api = nullptr;
    QLabel *m_apiAddressLabel = nullptr;
    QLineEdit *m_apiAddress = nullptr;
    QLabel *m_apiPortLabel = nullptr;
    QSpinBox *m_apiPort = nullptr;
    QLabel *m_tokenLabel = nullptr;
    QLineEdit *m_token = nullptr;
    QPointer<DataMaintenance> m_maintenance;
    QPushButton *m_showToken = nullptr;
    QPushButton *m_copyToken = nullptr;
    // Backups
    QLabel *m_intervalLabel = nullptr;
    QComboBox *m_backupInterval = nullptr;
    QLabel *m_retentionLabel = nullptr;
    QSpinBox *m_retention = nullptr;
    QLabel *m_backupHint = nullptr;

    // Private root
    PrivateRootPage *m_rootPage = nullptr;

    QLabel *m_restartHint = nullptr;
    QLabel *m_message = nullptr;
};

} // namespace tier
