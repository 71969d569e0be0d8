// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/mainwindow.h"

#include "core/models/joinnotifier.h"
#include "core/models/memberlistmodel.h"
#include "core/models/networklistmodel.h"
#include "core/service/enginedatamaintenance.h"
#include "ui/exportbackupdialog.h"
#include "ui/importdialog.h"
#include "ui/memberspage.h"
#include "ui/networksettingsdialog.h"
#include "ui/newnetworkdialog.h"
#include "ui/preferences.h"
#include "ui/preferencesdialog.h"
#include "ui/restoreflow.h"
#include "ui/screenfit.h"
#include "ui/trayicon.h"
#include "ui/uisettings.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFont>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QItemSelectionModel>
#include <QKeySequence>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTableView>
#include <QVBoxLayout>

#include <climits>

// The icon resources live in a static library; without an explicit init the linker may drop them.
static void initResources()
{
    Q_INIT_RESOURCE(tiermaster);
}

namespace tier {

namespace {

constexpr auto settingsGroup = "MainWindow";
constexpr auto geometryKey = "geometry";
constexpr auto stateKey = "windowState";
constexpr auto splitterKey = "splitter";
constexpr auto networkHeaderKey = "networkHeader";
constexpr auto memberHeaderKey = "memberHeader";

QIcon applicationIcon()
{
    QIcon icon;
    for (const int size : {48, 128, 256})
        icon.addFile(QStringLiteral(":/icons/org.tiermaster.Tiermaster-%1.png").arg(size), QSize(size, size));
    return icon;
}

QLabel *wrappedLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    label->setAlignment(Qt::AlignCenter);
    return label;
}

} // namespace

MainWindow::MainWindow(EngineClient *engine, QWidget *parent, DataMaintenance *maintenance)
    : QMainWindow(parent), m_engine(engine),
      m_maintenance(maintenance ? maintenance : new EngineDataMaintenance(engine, this))
{
    initResources();
    setObjectName(QStringLiteral("MainWindow"));
    setWindowIcon(applicationIcon());
    if (QApplication::windowIcon().isNull())
        QApplication::setWindowIcon(windowIcon());

    m_networkModel = new NetworkListModel(this);
    m_networkProxy = new QSortFilterProxyModel(this);
    m_networkProxy->setSourceModel(m_networkModel);
    m_networkProxy->setSortRole(NetworkListModel::RawDataRole);
    m_networkProxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_networkProxy->setSortLocaleAware(true);

    createActions();
    createMenus();

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(createNetworksArea());
    m_splitter->addWidget(createMembersArea());
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 1);
    setCentralWidget(m_splitter);

    createStatusBar();
    createNetworkActions();

    createRestoreFlow();
    m_openFilePrompt = [this](const QString &title) {
        // Where the automatic backups are, rather than wherever the program was started from.
        QString folder = m_engine ? m_engine->options().dataDir : QString();
        if (!folder.isEmpty() && QDir(folder).exists(QStringLiteral("backups")))
            folder = QDir(folder).filePath(QStringLiteral("backups"));
        if (folder.isEmpty())
            folder = QDir::homePath();
        return QFileDialog::getOpenFileName(this, title, folder, tr("Tiermaster backups (*.db);;All files (*)"));
    };

    m_joinNotifier = new JoinNotifier(this);
    m_joinNotifier->setEngine(m_engine);
    if (TrayIcon::isAvailable()) {
        m_trayIcon = new TrayIcon(m_joinNotifier, this, this);
        connect(m_trayIcon, &TrayIcon::quitRequested, this, &MainWindow::requestQuit);
    }

    retranslate();

    connect(m_networkModel, &QAbstractItemModel::modelReset, this, &MainWindow::updateNetworkPage);
    connect(m_networkModel, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateNetworkPage);
    connect(m_networkModel, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &, int first, int last) {
        updateNetworkPage();
        // Select the network this window asked for (matched by name: the API may add others meanwhile).
        for (int row = first; m_pendingNetworkName && row <= last; ++row) {
            if (m_networkModel->networkAt(row).name == *m_pendingNetworkName) {
                m_pendingNetworkName.reset();
                selectNetwork(m_networkModel->networkAt(row).id);
            }
        }
    });
    connect(m_networkModel, &QAbstractItemModel::dataChanged, this, &MainWindow::updateMembersArea);
    connect(m_networkTable->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::updateMembersArea);
    connect(m_networkTable->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        const bool selected = selectedNetworkId() != 0;
        m_networkSettingsAction->setEnabled(selected);
        m_deleteNetworkAction->setEnabled(selected);
    });
    m_networkSettingsAction->setEnabled(false);
    m_deleteNetworkAction->setEnabled(false);
    m_confirm = [this](const QString &title, const QString &text) {
        return QMessageBox::question(this, title, text, QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) ==
               QMessageBox::Yes;
    };
    if (m_engine) {
        connect(m_engine, &EngineClient::networkDetails, this, [this](const NetworkDetails &details) {
            if (details.id == 0 || details.id != m_settingsRequestedId)
                return;
            m_settingsRequestedId = 0;
            if (!m_settingsDialog) {
                m_settingsDialog = new NetworkSettingsDialog(this);
                m_settingsDialog->setAttribute(Qt::WA_DeleteOnClose);
                connect(m_settingsDialog, &NetworkSettingsDialog::updateRequested, this,
                        [this](quint64 networkId, const NetworkSettings &settings) {
                            if (!m_engine)
                                return;
                            // Refresh the dialog from the engine's answer (Apply keeps it open).
                            m_settingsRequestedId = networkId;
                            m_engine->updateNetwork(networkId, settings);
                        });
                // Closed (OK or Cancel): an answer still on its way must not reopen it.
                connect(m_settingsDialog, &QDialog::finished, this, [this] { m_settingsRequestedId = 0; });
            }
            m_settingsDialog->setDetails(details);
            m_settingsDialog->setWarningContext(warningContext(details.id));
            m_settingsDialog->show();
        });
        connect(m_engine, &EngineClient::engineError, this, [this](const QString &message) {
            if (m_settingsDialog && m_settingsDialog->isVisible())
                m_settingsDialog->showError(message);
        });
        connect(m_engine, &EngineClient::networkRemoved, this, [this](quint64 networkId) {
            if (m_settingsDialog && m_settingsDialog->networkId() == networkId)
                m_settingsDialog->close();
        });
    }

    m_errorPresenter = [this](const QString &message) {
        // Errors that arrive while the box is still open join it instead of stacking boxes.
        if (m_errorBox) {
            m_errorBox->setInformativeText(m_errorBox->informativeText() + u'\n' + message);
            return;
        }
        m_errorBox = new QMessageBox(QMessageBox::Critical, tr("Tiermaster"), tr("The engine reported an error."),
                                     QMessageBox::Ok, this);
        m_errorBox->setInformativeText(message);
        m_errorBox->setAttribute(Qt::WA_DeleteOnClose);
        m_errorBox->open();
    };
    if (m_engine) {
        m_networkModel->setEngine(m_engine);
        connect(m_engine, &EngineClient::stateChanged, this, &MainWindow::onEngineStateChanged);
        connect(m_engine, &EngineClient::standbyChanged, this, [this] { onEngineStateChanged(m_engine->state()); });
        connect(m_engine, &EngineClient::statsChanged, this, &MainWindow::updateStats);
        connect(m_engine, &EngineClient::engineError, this, &MainWindow::showEngineError);
        onEngineStateChanged(m_engine->state());
        // The engine sends networksReset when it reaches Running; a window created later missed it.
        if (m_engine->state() == EngineClient::State::Running)
            m_engine->refreshNetworks();
    } else {
        onEngineStateChanged(EngineClient::State::Stopped);
    }

    updateNetworkPage();
    restoreSettings();
    // A signal (quitWithoutAsking) or the session's end can leave the main loop without a closeEvent().
    connect(qApp, &QCoreApplication::aboutToQuit, this, &MainWindow::saveSettings);
}

MainWindow::~MainWindow() = default;

void MainWindow::setErrorPresenter(ErrorPresenter presenter)
{
    m_errorPresenter = std::move(presenter);
}

void MainWindow::setNamePrompt(NamePrompt prompt)
{
    m_namePrompt = std::move(prompt);
}

void MainWindow::setOpenFilePrompt(FilePrompt prompt)
{
    m_openFilePrompt = std::move(prompt);
}

void MainWindow::setConfirmPrompt(std::function<bool(const QString &title, const QString &text)> prompt)
{
    m_confirm = prompt;
    m_membersPage->setConfirmPrompt(std::move(prompt));
}

void MainWindow::createActions()
{
    m_createNetworkAction = new QAction(this);
    m_createNetworkAction->setObjectName(QStringLiteral("actionCreateNetwork"));
    m_createNetworkAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_N));
    m_createNetworkAction->setIcon(QIcon::fromTheme(QStringLiteral("list-add")));
    connect(m_createNetworkAction, &QAction::triggered, this, &MainWindow::createNetwork);

    m_quitAction = new QAction(this);
    m_quitAction->setObjectName(QStringLiteral("actionQuit"));
    m_quitAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    m_quitAction->setMenuRole(QAction::QuitRole);
    m_quitAction->setIcon(QIcon::fromTheme(QStringLiteral("application-exit")));
    connect(m_quitAction, &QAction::triggered, this, &MainWindow::requestQuit);

    m_networkSettingsAction = new QAction(this);
    m_networkSettingsAction->setObjectName(QStringLiteral("actionNetworkSettings"));
    m_networkSettingsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_networkSettingsAction->setIcon(QIcon::fromTheme(QStringLiteral("document-properties")));
    connect(m_networkSettingsAction, &QAction::triggered, this, &MainWindow::showNetworkSettings);

    m_deleteNetworkAction = new QAction(this);
    m_deleteNetworkAction->setObjectName(QStringLiteral("actionDeleteNetwork"));
    m_deleteNetworkAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Delete));
    m_deleteNetworkAction->setIcon(QIcon::fromTheme(QStringLiteral("edit-delete")));
    connect(m_deleteNetworkAction, &QAction::triggered, this, &MainWindow::deleteSelectedNetwork);

    m_exportBackupAction = new QAction(this);
    m_exportBackupAction->setObjectName(QStringLiteral("actionExportBackup"));
    m_exportBackupAction->setIcon(QIcon::fromTheme(QStringLiteral("document-save-as")));
    connect(m_exportBackupAction, &QAction::triggered, this, &MainWindow::exportBackup);

    m_restoreBackupAction = new QAction(this);
    m_restoreBackupAction->setObjectName(QStringLiteral("actionRestoreBackup"));
    m_restoreBackupAction->setIcon(QIcon::fromTheme(QStringLiteral("document-revert")));
    connect(m_restoreBackupAction, &QAction::triggered, this, &MainWindow::restoreBackup);

    m_importAction = new QAction(this);
    m_importAction->setObjectName(QStringLiteral("actionImport"));
    m_importAction->setIcon(QIcon::fromTheme(QStringLiteral("document-import")));
    connect(m_importAction, &QAction::triggered, this, &MainWindow::importController);

    m_preferencesAction = new QAction(this);
    m_preferencesAction->setObjectName(QStringLiteral("actionPreferences"));
    m_preferencesAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    m_preferencesAction->setMenuRole(QAction::PreferencesRole);
    m_preferencesAction->setIcon(QIcon::fromTheme(QStringLiteral("preferences-system")));
    connect(m_preferencesAction, &QAction::triggered, this, &MainWindow::showPreferences);

    m_aboutAction = new QAction(this);
    m_aboutAction->setObjectName(QStringLiteral("actionAbout"));
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);

    m_aboutQtAction = new QAction(this);
    m_aboutQtAction->setObjectName(QStringLiteral("actionAboutQt"));
    m_aboutQtAction->setMenuRole(QAction::AboutQtRole);
    connect(m_aboutQtAction, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::createMenus()
{
    m_fileMenu = menuBar()->addMenu(QString());
    m_fileMenu->setObjectName(QStringLiteral("fileMenu"));
    m_fileMenu->addAction(m_createNetworkAction);
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_exportBackupAction);
    m_fileMenu->addAction(m_restoreBackupAction);
    m_fileMenu->addAction(m_importAction);
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_quitAction);

    m_editMenu = menuBar()->addMenu(QString());
    m_editMenu->setObjectName(QStringLiteral("editMenu"));
    m_editMenu->addAction(m_preferencesAction);

    m_networkMenu = menuBar()->addMenu(QString());
    m_networkMenu->setObjectName(QStringLiteral("networkMenu"));
    m_networkMenu->addAction(m_networkSettingsAction);
    m_networkMenu->addSeparator();
    m_networkMenu->addAction(m_deleteNetworkAction);

    // Filled with the members page's actions once it exists (createMembersArea).
    m_membersMenu = menuBar()->addMenu(QString());
    m_membersMenu->setObjectName(QStringLiteral("membersMenu"));

    m_helpMenu = menuBar()->addMenu(QString());
    m_helpMenu->setObjectName(QStringLiteral("helpMenu"));
    m_helpMenu->addAction(m_aboutAction);
    m_helpMenu->addAction(m_aboutQtAction);
}

QWidget *MainWindow::createNetworksArea()
{
    m_networkStack = new QStackedWidget(this);
    m_networkStack->setObjectName(QStringLiteral("networkStack"));

    // Empty state: says what to do first instead of showing a bare table.
    m_emptyPage = new QWidget(m_networkStack);
    m_emptyPage->setObjectName(QStringLiteral("emptyPage"));
    auto *emptyLayout = new QVBoxLayout(m_emptyPage);
    auto *emptyIcon = new QLabel(m_emptyPage);
    emptyIcon->setPixmap(windowIcon().pixmap(96, 96));
    emptyIcon->setAlignment(Qt::AlignCenter);
    m_emptyTitle = wrappedLabel(m_emptyPage);
    QFont titleFont = m_emptyTitle->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    m_emptyTitle->setFont(titleFont);
    m_emptyText = wrappedLabel(m_emptyPage);
    m_emptyCreateButton = new QPushButton(m_emptyPage);
    m_emptyCreateButton->setObjectName(QStringLiteral("emptyCreateButton"));
    connect(m_emptyCreateButton, &QPushButton::clicked, m_createNetworkAction, &QAction::trigger);
    auto *buttonRow = new QHBoxLayout;
    buttonRow->addStretch();
    buttonRow->addWidget(m_emptyCreateButton);
    buttonRow->addStretch();
    emptyLayout->addStretch(2);
    emptyLayout->addWidget(emptyIcon);
    emptyLayout->addWidget(m_emptyTitle);
    emptyLayout->addWidget(m_emptyText);
    emptyLayout->addSpacing(12);
    emptyLayout->addLayout(buttonRow);
    emptyLayout->addStretch(3);

    m_networkTable = new QTableView(m_networkStack);
    m_networkTable->setObjectName(QStringLiteral("networkTable"));
    m_networkTable->setModel(m_networkProxy);
    m_networkTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_networkTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_networkTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_networkTable->setAlternatingRowColors(true);
    m_networkTable->setWordWrap(false);
    m_networkTable->verticalHeader()->hide();
    // The ID must never be elided (people copy it into their clients); counts stay narrow.
    m_networkTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_networkTable->horizontalHeader()->setSectionResizeMode(NetworkListModel::NameColumn, QHeaderView::Stretch);
    m_networkTable->horizontalHeader()->setHighlightSections(false);
    m_networkTable->setSortingEnabled(true);
    m_networkTable->sortByColumn(NetworkListModel::NameColumn, Qt::AscendingOrder);

    m_networkStack->addWidget(m_emptyPage);
    m_networkStack->addWidget(m_networkTable);
    return m_networkStack;
}

QWidget *MainWindow::createMembersArea()
{
    m_membersStack = new QStackedWidget(this);
    m_membersStack->setObjectName(QStringLiteral("membersStack"));

    m_membersPlaceholder = new QWidget(m_membersStack);
    m_membersPlaceholder->setObjectName(QStringLiteral("membersPlaceholder"));
    auto *placeholderLayout = new QVBoxLayout(m_membersPlaceholder);
    m_membersPlaceholderText = wrappedLabel(m_membersPlaceholder);
    m_membersPlaceholderText->setEnabled(false); // greyed: it is a hint, not content
    placeholderLayout->addWidget(m_membersPlaceholderText);

    m_membersPage = new MembersPage(m_engine, m_membersStack);
    m_membersMenu->addActions(m_membersPage->memberActions());
    m_membersPage->addHeaderAction(m_networkSettingsAction);

    m_membersStack->addWidget(m_membersPlaceholder);
    m_membersStack->addWidget(m_membersPage);
    return m_membersStack;
}

void MainWindow::createStatusBar()
{
    m_stateLabel = new QLabel(this);
    m_stateLabel->setObjectName(QStringLiteral("engineStateLabel"));
    m_addressLabel = new QLabel(this);
    m_addressLabel->setObjectName(QStringLiteral("controllerAddressLabel"));
    m_addressLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_portLabel = new QLabel(this);
    m_portLabel->setObjectName(QStringLiteral("udpPortLabel"));
    m_statsLabel = new QLabel(this);
    m_statsLabel->setObjectName(QStringLiteral("engineStatsLabel"));
    statusBar()->addWidget(m_stateLabel, 1);
    statusBar()->addPermanentWidget(m_statsLabel);
    statusBar()->addPermanentWidget(m_addressLabel);
    statusBar()->addPermanentWidget(m_portLabel);
    m_apiLabel = new QLabel(this);
    m_apiLabel->setObjectName(QStringLiteral("apiLabel"));
    m_apiLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addPermanentWidget(m_apiLabel);
    // In a narrow window the figures are clipped instead of holding the window wide open.
    for (QLabel *label : {m_stateLabel, m_statsLabel, m_addressLabel, m_portLabel, m_apiLabel})
        label->setMinimumWidth(1);
}

void MainWindow::retranslate()
{
    setWindowTitle(tr("Tiermaster"));
    m_fileMenu->setTitle(tr("&File"));
    m_editMenu->setTitle(tr("&Edit"));
    m_exportBackupAction->setText(tr("&Export Backup…"));
    m_exportBackupAction->setToolTip(tr("Write a backup of the whole controller (it holds the secret key)"));
    m_restoreBackupAction->setText(tr("&Restore Backup…"));
    m_restoreBackupAction->setToolTip(tr("Replace the controller's database with a backup"));
    m_preferencesAction->setText(tr("&Preferences…"));
    m_importAction->setText(tr("&Import…"));
    m_importAction->setToolTip(tr("Import a zerotier-one controller or a 2015 controller database"));
    m_membersMenu->setTitle(tr("&Members"));
    m_networkMenu->setTitle(tr("&Network"));
    m_networkSettingsAction->setText(tr("Network &Settings…"));
    m_networkSettingsAction->setToolTip(tr("Edit the selected network: settings, IP pools, routes, DNS and rules"));
    m_deleteNetworkAction->setText(tr("&Delete Network…"));
    m_renameNetworkAction->setText(tr("&Rename Network"));
    m_copyNetworkIdAction->setText(tr("&Copy Network ID"));
    m_helpMenu->setTitle(tr("&Help"));
    m_createNetworkAction->setText(tr("&Create Network…"));
    m_createNetworkAction->setToolTip(tr("Create a new virtual network on this controller"));
    m_quitAction->setText(tr("&Quit"));
    m_aboutAction->setText(tr("&About Tiermaster"));
    m_aboutQtAction->setText(tr("About &Qt"));

    m_emptyTitle->setText(tr("No networks yet"));
    m_emptyText->setText(tr("Create a network, then let devices join it with its network ID."));
    m_emptyCreateButton->setText(tr("Create network"));
    if (m_trayIcon)
        m_trayIcon->retranslate();

    onEngineStateChanged(m_engineState);
    updateMembersArea();
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::onEngineStateChanged(EngineClient::State state)
{
    m_engineState = state;

    QString text;
    switch (state) {
    case EngineClient::State::Stopped:
        text = tr("Engine stopped");
        break;
    case EngineClient::State::Starting:
        text = m_engine && m_engine->isStandby() ? tr("Standby — another instance is serving") : tr("Starting…");
        break;
    case EngineClient::State::Running:
        text = tr("Running");
        break;
    case EngineClient::State::Stopping:
        text = tr("Stopping…");
        break;
    case EngineClient::State::Failed: {
        const QString error = m_engine ? m_engine->lastError() : QString();
        text = error.isEmpty() ? tr("Failed") : tr("Failed: %1").arg(error);
        break;
    }
    }
    m_stateLabel->setText(text);

    const QString address = m_engine ? m_engine->controllerAddress() : QString();
    m_addressLabel->setText(address.isEmpty() ? tr("Controller: –") : tr("Controller: %1").arg(address));
    const quint16 port = m_engine && state == EngineClient::State::Running ? m_engine->udpPort() : 0;
    m_portLabel->setText(port == 0 ? tr("UDP: –") : tr("UDP: %1").arg(port));
    m_portLabel->setToolTip(tr("The UDP port members reach this controller on"));
    // A standby serves the API too (its edits reach the active instance through the database).
    const bool editable = state == EngineClient::State::Running || (m_engine && m_engine->isStandby());
    const QString api = m_engine && editable ? m_engine->apiEndpoint() : QString();
    m_apiLabel->setText(api.isEmpty() ? tr("API: off") : tr("API: %1").arg(api));
    updateStats();
    updateFileActions();

    m_createNetworkAction->setEnabled(editable);
    m_emptyCreateButton->setEnabled(editable);
}

void MainWindow::updateNetworkPage()
{
    m_networkStack->setCurrentWidget(m_networkModel->rowCount() == 0 ? m_emptyPage
                                                                     : static_cast<QWidget *>(m_networkTable));
    updateMembersArea();
}

void MainWindow::updateMembersArea()
{
    const quint64 id = selectedNetworkId();
    const int row = id ? m_networkModel->rowOfNetwork(id) : -1;
    if (row < 0) {
        m_membersPlaceholderText->setText(m_networkModel->rowCount() == 0 ? tr("The members of a network appear here.")
                                                                          : tr("Select a network"));
        m_membersStack->setCurrentWidget(m_membersPlaceholder);
        m_membersPage->setNetwork(NetworkInfo{}); // stop following the members of a removed network
        return;
    }
    m_membersPage->setNetwork(m_networkModel->networkAt(row));
    m_membersStack->setCurrentWidget(m_membersPage);
}

NetworkSettingsDialog *MainWindow::networkSettingsDialog() const
{
    return m_settingsDialog;
}

void MainWindow::updateStats()
{
    if (!m_statsLabel)
        return;
    if (!m_engine || m_engineState != EngineClient::State::Running) {
        m_statsLabel->clear();
        return;
    }
    const EngineStats stats = m_engine->stats();
    QString text = tr("Roots: %1/%2").arg(stats.rootsReachable).arg(stats.roots);
    if (stats.requestsPerMinute >= 0)
        text += QStringLiteral(" · ") + tr("%1 req/min").arg(qRound(stats.requestsPerMinute));
    if (stats.servingRoot)
        text += QStringLiteral(" · ") + tr("root: %1 peers").arg(stats.rootPeers);
    m_statsLabel->setText(text);
    m_statsLabel->setToolTip(tr("Roots reachable / roots of the planet and moons; network config requests per "
                                "minute (%n since the start)",
                                nullptr, int(qMin<quint64>(stats.requests, INT_MAX))));
}

void MainWindow::updateFileActions()
{
    // Export needs a database file (the engine has been started); restore also works after a failed start.
    const bool started = m_engine && !m_engine->options().dataDir.isEmpty();
    const bool busy = m_restoreFlow && m_restoreFlow->isBusy();
    const bool settled = m_engineState == EngineClient::State::Running || m_engineState == EngineClient::State::Failed;
    if (m_exportBackupAction)
        m_exportBackupAction->setEnabled(started && !busy && m_engineState == EngineClient::State::Running);
    if (m_restoreBackupAction)
        m_restoreBackupAction->setEnabled(started && !busy && settled);
    if (m_importAction)
        m_importAction->setEnabled(started && !busy && settled);
}

void MainWindow::createRestoreFlow()
{
    m_restoreFlow = new RestoreFlow(m_maintenance, this);
    connect(m_restoreFlow, &RestoreFlow::busyChanged, this, [this](bool busy) {
        // Validation and the swap run off the UI thread; the status bar says something is going on.
        if (busy)
            statusBar()->showMessage(tr("Checking the file…"));
        else
            statusBar()->clearMessage();
        updateFileActions();
    });
    connect(m_restoreFlow, &RestoreFlow::progress, this, [this](const QString &, qint64 done, qint64 total) {
        if (total > 0) // the replacement's steps; the window keeps turning meanwhile
            statusBar()->showMessage(tr("Replacing the database… step %1 of %2").arg(done).arg(total));
    });
    connect(m_restoreFlow, &RestoreFlow::finished, this, [this](bool replaced, const QString &message) {
        if (replaced)
            statusBar()->showMessage(message, 30000); // after busyChanged(false) cleared the progress text
        if (!m_importedFile.isEmpty()) {
            // Restore copied it (or refused it): the import's temporary database is no longer needed.
            QFile::remove(m_importedFile);
            m_importedFile.clear();
        }
        updateFileActions();
    });
}

ExportBackupDialog *MainWindow::exportBackupDialog() const
{
    return m_exportDialog;
}

PreferencesDialog *MainWindow::preferencesDialog() const
{
    return m_preferencesDialog;
}

void MainWindow::exportBackup()
{
    if (!m_engine)
        return;
    if (m_exportDialog) {
        m_exportDialog->raise();
        m_exportDialog->activateWindow();
        return;
    }
    m_exportDialog = new ExportBackupDialog(m_maintenance, this);
    m_exportDialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_exportDialog, &ExportBackupDialog::exported, this, [this](const QString &path, qint64 bytes) {
        statusBar()->showMessage(
            tr("Backup written to %1 (%2).").arg(QDir::toNativeSeparators(path), QLocale().formattedDataSize(bytes)),
            30000);
    });
    m_exportDialog->open();
}

void MainWindow::restoreBackup()
{
    if (!m_engine || (m_restoreFlow && m_restoreFlow->isBusy()))
        return;
    const QString path = m_openFilePrompt ? m_openFilePrompt(tr("Restore backup")) : QString();
    if (path.isEmpty())
        return;
    m_restoreFlow->replaceWith(path, RestoreFlow::Source::Backup);
}

ImportDialog *MainWindow::importDialog() const
{
    return m_importDialog;
}

void MainWindow::importController()
{
    if (!m_engine || (m_restoreFlow && m_restoreFlow->isBusy()))
        return;
    if (m_importDialog) {
        m_importDialog->raise();
        m_importDialog->activateWindow();
        return;
    }
    // Built in the data directory's private scratch folder, on the same file system as the live database.
    m_importDialog = new ImportDialog(m_maintenance, this);
    m_importDialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_importDialog, &QDialog::accepted, this, [this] {
        if (!m_importDialog || m_importDialog->importedDatabase().isEmpty())
            return;
        m_importedFile = m_importDialog->importedDatabase();
        m_restoreFlow->replaceWith(m_importedFile, RestoreFlow::Source::Import);
    });
    m_importDialog->open();
}

void MainWindow::showPreferences()
{
    if (m_preferencesDialog) {
        m_preferencesDialog->raise();
        m_preferencesDialog->activateWindow();
        return;
    }
    const QString dataDir = m_engine ? m_engine->options().dataDir : m_commandLineOptions.dataDir;
    m_preferencesDialog = new PreferencesDialog(Preferences::load(), dataDir, this);
    m_preferencesDialog->setDataMaintenance(m_maintenance);
    m_preferencesDialog->setAttribute(Qt::WA_DeleteOnClose);
    if (m_engine && m_launched)
        m_preferencesDialog->setInEffect(m_engine->options(), m_arguments);
    m_preferencesDialog->setEngine(m_engine);
    connect(m_preferencesDialog, &QDialog::accepted, this, [this] {
        if (m_preferencesDialog)
            applyPreferences(m_preferencesDialog->preferences(), m_preferencesDialog->worldsChanged());
    });
    m_preferencesDialog->open();
}

void MainWindow::launch(const EngineOptions &fromCommandLine, const QStringList &arguments)
{
    m_commandLineOptions = fromCommandLine;
    m_arguments = arguments;
    m_launched = true;
    const Preferences preferences = Preferences::load();
    if (preferences.startMinimized && m_trayIcon)
        hide(); // the tray icon brings it back
    else
        show();
    if (m_engine)
        m_engine->start(preferences.applyTo(fromCommandLine, arguments));
}

void MainWindow::applyPreferences(const Preferences &preferences, bool worldsChanged)
{
    preferences.save();
    if (!m_engine)
        return;
    const EngineOptions current = m_engine->options();
    const EngineOptions base = m_launched ? m_commandLineOptions : current;
    const EngineOptions wanted = preferences.applyTo(base, m_launched ? m_arguments : QStringList());
    const bool restart = worldsChanged || wanted.dataDir != current.dataDir || wanted.udpPort != current.udpPort ||
                         wanted.apiAddress != current.apiAddress || wanted.apiPort != current.apiPort ||
                         wanted.openRoot != current.openRoot;
    const EngineClient::State state = m_engine->state();
    const bool wasStarted = state != EngineClient::State::Stopped || !current.dataDir.isEmpty();
    if (restart && wasStarted) {
        statusBar()->showMessage(tr("Restarting the engine with the new settings…"), 10000);
        m_engine->stop();
        m_engine->start(wanted);
        return;
    }
    if (wanted.backupIntervalHours != current.backupIntervalHours ||
        wanted.backupRetentionDays != current.backupRetentionDays)
        m_engine->setBackupSchedule(wanted.backupIntervalHours, wanted.backupRetentionDays);
}

QString MainWindow::aboutText()
{
    QString version = QCoreApplication::applicationVersion();
    if (version.isEmpty())
        version = QStringLiteral(TIERMASTER_VERSION);
    return tr("<h3>Tiermaster %1</h3>"
              "<p>A self-hosted network controller for ZeroTier virtual networks.</p>"
              "<p>Licensed under the GNU General Public License, version 3 or later.</p>"
              "<p>Built with Qt %2.</p>")
        .arg(version.toHtmlEscaped(), QString::fromLatin1(qVersion()));
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Tiermaster"), aboutText());
}

void MainWindow::showEngineError(const QString &message)
{
    if (m_errorPresenter)
        m_errorPresenter(message);
}

void MainWindow::restoreSettings()
{
    const auto settings = openUiSettings();
    settings->beginGroup(QLatin1String(settingsGroup));
    const QByteArray geometry = settings->value(QLatin1String(geometryKey)).toByteArray();
    if (geometry.isEmpty() || !restoreGeometry(geometry))
        resizeWithinScreen(this, QSize(1200, 720));
    fitIntoScreen(this); // a geometry saved on a larger screen (or scale) must not overflow this one
    restoreState(settings->value(QLatin1String(stateKey)).toByteArray());
    const QByteArray splitter = settings->value(QLatin1String(splitterKey)).toByteArray();
    if (splitter.isEmpty() || !m_splitter->restoreState(splitter))
        m_splitter->setSizes({330, 870}); // the members table has more columns (latency shows at 1200 wide)
    const QByteArray header = settings->value(QLatin1String(networkHeaderKey)).toByteArray();
    if (!header.isEmpty())
        m_networkTable->horizontalHeader()->restoreState(header);
    m_membersPage->restoreHeaderState(settings->value(QLatin1String(memberHeaderKey)).toByteArray());
}

void MainWindow::saveSettings() const
{
    const auto settings = openUiSettings();
    settings->beginGroup(QLatin1String(settingsGroup));
    settings->setValue(QLatin1String(geometryKey), saveGeometry());
    settings->setValue(QLatin1String(stateKey), saveState());
    settings->setValue(QLatin1String(splitterKey), m_splitter->saveState());
    settings->setValue(QLatin1String(networkHeaderKey), m_networkTable->horizontalHeader()->saveState());
    settings->setValue(QLatin1String(memberHeaderKey), m_membersPage->saveHeaderState());
}

} // namespace tier
