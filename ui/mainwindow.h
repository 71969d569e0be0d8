// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/controller/networkvalidation.h"
#include "core/service/engineclient.h"

#include <QMainWindow>
#include <QPointer>

#include <functional>
#include <optional>

class QAction;
class QLabel;
class QMenu;
class QMessageBox;
class QPushButton;
class QSortFilterProxyModel;
class QSplitter;
class QStackedWidget;
class QTableView;

namespace tier {

class DataMaintenance;
class ExportBackupDialog;
class ImportDialog;
class JoinNotifier;
class MembersPage;
class PreferencesDialog;
class RestoreFlow;
struct Preferences;
class NetworkSettingsDialog;
class NewNetworkDialog;
class NetworkListModel;
class TrayIcon;

/// Tiermaster's main window: the networks list (or its empty state), the members area, and a status
/// bar with the engine's state and the controller's address. Talks to the engine only through
/// EngineClient's queued requests and signals.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    /// Shows an engine error to the user (default: a non-blocking QMessageBox).
    using ErrorPresenter = std::function<void(const QString &message)>;
    /// Asks for a new network's name; std::nullopt when the user cancels. Only a seam for tests that
    /// want the reference defaults: without one, File → Create Network opens the NewNetworkDialog.
    using NamePrompt = std::function<std::optional<QString>()>;
    /// Asks for a file to open; empty when the user cancels (default: QFileDialog).
    using FilePrompt = std::function<QString(const QString &title)>;

    /// maintenance: export, restore, import and the API token (null: an EngineDataMaintenance on engine).
    explicit MainWindow(EngineClient *engine, QWidget *parent = nullptr, DataMaintenance *maintenance = nullptr);
    ~MainWindow() override;

    NetworkListModel *networkModel() const { return m_networkModel; }
    QSortFilterProxyModel *networkProxy() const { return m_networkProxy; }
    MembersPage *membersPage() const { return m_membersPage; }
    JoinNotifier *joinNotifier() const { return m_joinNotifier; }
    QAction *networkSettingsAction() const { return m_networkSettingsAction; }
    QAction *deleteNetworkAction() const { return m_deleteNetworkAction; }
    QAction *renameNetworkAction() const { return m_renameNetworkAction; }
    QAction *copyNetworkIdAction() const { return m_copyNetworkIdAction; }
    QAction *quitAction() const { return m_quitAction; }
    QAction *exportBackupAction() const { return m_exportBackupAction; }
    QAction *restoreBackupAction() const { return m_restoreBackupAction; }
    QAction *preferencesAction() const { return m_preferencesAction; }
    QAction *importAction() const { return m_importAction; }
    /// The open import dialog (null when none is open).
    ImportDialog *importDialog() const;
    /// The one "replace the live database with this file" flow (restore and import use it).
    RestoreFlow *restoreFlow() const { return m_restoreFlow; }
    DataMaintenance *dataMaintenance() const { return m_maintenance; }
    /// The open export dialog (null when none is open).
    ExportBackupDialog *exportBackupDialog() const;
    /// The open preferences dialog (null when none is open).
    PreferencesDialog *preferencesDialog() const;

    /// Starts the engine with the command line's options plus the saved preferences (flags given in
    /// arguments win), and shows the window, or leaves it in the tray if the preferences say so.
    void launch(const EngineOptions &fromCommandLine, const QStringList &arguments);
    /// Saves these preferences and applies them: the backup schedule at once, anything else that the engine
    /// reads at start (data directory, port, API, planet and moons: worldsChanged) by restarting it.
    void applyPreferences(const Preferences &preferences, bool worldsChanged = false);
    /// The open network settings dialog (null when none is open).
    NetworkSettingsDialog *networkSettingsDialog() const;
    /// The open Create Network dialog (null when none is open).
    NewNetworkDialog *newNetworkDialog() const;
    /// Null when the desktop has no system tray.
    TrayIcon *trayIcon() const { return m_trayIcon; }

    // Seams for tests, which must not open modal dialogs.
    void setErrorPresenter(ErrorPresenter presenter);
    void setNamePrompt(NamePrompt prompt);
    void setOpenFilePrompt(FilePrompt prompt);
    /// Confirmation before destructive member actions (default: a QMessageBox question).
    void setConfirmPrompt(std::function<bool(const QString &title, const QString &text)> prompt);
    /// Asked before quitting while members are online (default: a QMessageBox with "Don't ask again");
    /// true = quit; *dontAskAgain set when the user wants no more questions.
    using QuitPrompt = std::function<bool(int onlineMembers, bool *dontAskAgain)>;
    void setQuitPrompt(QuitPrompt prompt);

    /// The About box's rich text (name, version, licence).
    static QString aboutText();

public slots:
    /// Opens the Create Network dialog (name and addressing); its result goes to the engine.
    void createNetwork();
    void showAbout();
    /// Opens the settings dialog of the selected network (once the engine sent its details).
    void showNetworkSettings();
    /// Deletes the selected network after a confirmation naming it and its member count.
    void deleteSelectedNetwork();
    void showEngineError(const QString &message);
    /// File → Export backup…: opens the export dialog.
    void exportBackup();
    /// File → Restore backup…: asks for the file, then the restore flow takes over.
    void restoreBackup();
    /// File → Import…: the import dialog builds a new database, which then goes through the restore flow.
    void importController();
    /// Edit → Preferences…
    void showPreferences();
    /// Quit (menu, tray): asks first while members are online (unless told not to), then quits the
    /// application, also when closing the window would only hide it to the tray.
    void requestQuit();
    /// SIGTERM, SIGINT: nobody is there to answer a question, and a service manager waits for the exit.
    /// Ends the main loop (and any dialog's) without asking, without hiding to the tray.
    void quitWithoutAsking();
    /// Starts editing the selected network's name in place.
    void renameSelectedNetwork();
    void copySelectedNetworkId();

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void createActions();
    void createMenus();
    QWidget *createNetworksArea();
    QWidget *createMembersArea();
    void createStatusBar();
    void retranslate();

    void onEngineStateChanged(EngineClient::State state);
    void updateFileActions();
    void updateStats();
    void updateNetworkPage();
    /// What the settings dialog judges warnings against: the network's members as the members page
    /// holds them (when it shows this network) and the other networks' pools.
    NetworkValidator::Context warningContext(quint64 networkId) const;
    void updateMembersArea();
    void selectNetwork(quint64 networkId);
    quint64 selectedNetworkId() const;
    void createNetworkActions();
    /// Nothing selected: selects the network selected last time, or the only one.
    void autoSelectNetwork();
    void rememberSelectedNetwork();
    int onlineMemberCount() const;
    bool confirmQuit();
    void createRestoreFlow(); ///< RestoreFlow on the DataMaintenance, its status-bar wiring

    void restoreSettings();
    void saveSettings() const;

    QPointer<EngineClient> m_engine;
    EngineClient::State m_engineState = EngineClient::State::Stopped;
    NetworkListModel *m_networkModel = nullptr;
    QSortFilterProxyModel *m_networkProxy = nullptr;

    QAction *m_createNetworkAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_aboutAction = nullptr;
    QAction *m_aboutQtAction = nullptr;
    QMenu *m_fileMenu = nullptr;
    QMenu *m_membersMenu = nullptr;
    QMenu *m_networkMenu = nullptr;
    QAction *m_networkSettingsAction = nullptr;
    QAction *m_deleteNetworkAction = nullptr;
    QAction *m_renameNetworkAction = nullptr;
    QAction *m_copyNetworkIdAction = nullptr;
    QuitPrompt m_quitPrompt;
    bool m_quitting = false;      ///< requestQuit() is closing the window: it must not only hide
    bool m_trayHintShown = false; ///< "still running in the tray" told once per run
    bool m_fittedOnShow = false;
    QMenu *m_helpMenu = nullptr;
    QMenu *m_editMenu = nullptr;
    QAction *m_exportBackupAction = nullptr;
    QAction *m_restoreBackupAction = nullptr;
    QAction *m_preferencesAction = nullptr;
    QAction *m_importAction = nullptr;
    QPointer<ImportDialog> m_importDialog;
    QString m_importedFile; ///< built by the import dialog; removed when the restore flow is done with it

    QSplitter *m_splitter = nullptr;
    QStackedWidget *m_networkStack = nullptr;
    QWidget *m_emptyPage = nullptr;
    QLabel *m_emptyTitle = nullptr;
    QLabel *m_emptyText = nullptr;
    QPushButton *m_emptyCreateButton = nullptr;
    QTableView *m_networkTable = nullptr;
    QStackedWidget *m_membersStack = nullptr;
    QWidget *m_membersPlaceholder = nullptr;
    QLabel *m_membersPlaceholderText = nullptr;
    MembersPage *m_membersPage = nullptr;
    JoinNotifier *m_joinNotifier = nullptr;
    TrayIcon *m_trayIcon = nullptr;
    QLabel *m_stateLabel = nullptr;
    QLabel *m_addressLabel = nullptr;
    QLabel *m_portLabel = nullptr;
    QLabel *m_apiLabel = nullptr;
    QLabel *m_statsLabel = nullptr;
    DataMaintenance *m_maintenance = nullptr;
    RestoreFlow *m_restoreFlow = nullptr;
    QPointer<ExportBackupDialog> m_exportDialog;
    QPointer<PreferencesDialog> m_preferencesDialog;
    FilePrompt m_openFilePrompt;
    EngineOptions m_commandLineOptions; ///< as given by launch(); preferences are applied over these
    QStringList m_arguments;
    bool m_launched = false;

    ErrorPresenter m_errorPresenter;
    NamePrompt m_namePrompt;
    QPointer<QMessageBox> m_errorBox;
    std::function<bool(const QString &title, const QString &text)> m_confirm;
    QPointer<NetworkSettingsDialog> m_settingsDialog;
    QPointer<NewNetworkDialog> m_newNetworkDialog;
    quint64 m_settingsRequestedId = 0;           ///< details asked for the settings dialog; 0 = none awaited
    std::optional<QString> m_pendingNetworkName; ///< requested here; selected when it arrives
};

} // namespace tier
