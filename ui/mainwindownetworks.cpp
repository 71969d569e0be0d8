// SPDX-License-Identifier: GPL-3.0-or-later
// MainWindow: the networks pane's context menu and which network is selected; closing and quitting.
// (A second source file of MainWindow, so that each stays short.)
#include "core/models/memberlistmodel.h"
#include "core/models/networklistmodel.h"
#include "ui/mainwindow.h"
#include "ui/memberspage.h"
#include "ui/networksettingsdialog.h"
#include "ui/newnetworkdialog.h"
#include "ui/preferences.h"
#include "ui/screenfit.h"
#include "ui/trayicon.h"
#include "ui/uisettings.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QCloseEvent>
#include <QItemSelectionModel>
#include <QMenu>
#include <QMessageBox>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QTableView>

namespace tier {

namespace {

constexpr auto selectedNetworkKey = "MainWindow/selectedNetwork";
constexpr auto dontAskQuitKey = "MainWindow/quitWithOnlineMembersWithoutAsking";

} // namespace

void MainWindow::createNetworkActions()
{
    m_renameNetworkAction = new QAction(this);
    m_renameNetworkAction->setObjectName(QStringLiteral("actionRenameNetwork"));
    m_renameNetworkAction->setShortcut(QKeySequence(Qt::Key_F2));
    m_renameNetworkAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_renameNetworkAction, &QAction::triggered, this, &MainWindow::renameSelectedNetwork);
    m_copyNetworkIdAction = new QAction(this);
    m_copyNetworkIdAction->setObjectName(QStringLiteral("actionCopyNetworkId"));
    m_copyNetworkIdAction->setShortcut(QKeySequence::Copy);
    m_copyNetworkIdAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_copyNetworkIdAction->setIcon(QIcon::fromTheme(QStringLiteral("edit-copy")));
    connect(m_copyNetworkIdAction, &QAction::triggered, this, &MainWindow::copySelectedNetworkId);

    // Right-click on a network: the same actions as the Network menu, plus rename and copy.
    m_networkTable->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto *separator = new QAction(this);
    separator->setSeparator(true);
    m_networkTable->addActions(
        {m_renameNetworkAction, m_copyNetworkIdAction, m_networkSettingsAction, separator, m_deleteNetworkAction});
    m_networkTable->setEditTriggers(QAbstractItemView::EditKeyPressed);
    connect(m_networkModel, &NetworkListModel::editRejected, this,
            [this](const QString &message) { statusBar()->showMessage(message, 10000); });
    m_networkMenu->insertAction(m_networkSettingsAction, m_renameNetworkAction);
    m_networkMenu->insertAction(m_networkSettingsAction, m_copyNetworkIdAction);

    connect(m_networkTable->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        const bool selected = selectedNetworkId() != 0;
        m_renameNetworkAction->setEnabled(selected);
        m_copyNetworkIdAction->setEnabled(selected);
        rememberSelectedNetwork();
    });
    m_renameNetworkAction->setEnabled(false);
    m_copyNetworkIdAction->setEnabled(false);
    // At start, after a restore or a restart for new preferences the list arrives anew.
    connect(m_networkModel, &QAbstractItemModel::modelReset, this, &MainWindow::autoSelectNetwork);
    connect(m_networkModel, &QAbstractItemModel::rowsInserted, this, &MainWindow::autoSelectNetwork);
    connect(m_networkModel, &QAbstractItemModel::rowsRemoved, this, &MainWindow::autoSelectNetwork);
}

void MainWindow::deleteSelectedNetwork()
{
    const quint64 id = selectedNetworkId();
    const int row = id ? m_networkModel->rowOfNetwork(id) : -1;
    if (!m_engine || row < 0)
        return;
    const NetworkInfo network = m_networkModel->networkAt(row);
    const QString name = network.name.isEmpty() ? NetworkListModel::formatNetworkId(id) : network.name;
    const QString question = tr("Delete the network \"%1\" (%2)?").arg(name, NetworkListModel::formatNetworkId(id));
    QString consequence;
    if (network.memberCount == 0)
        consequence = tr("All of its settings are lost, and devices using this network ID lose access.");
    else if (network.memberCount == 1)
        consequence = tr("Its member record, its IP assignments and all of the network's settings are lost, and "
                         "devices using this network ID lose access.");
    else
        consequence = tr("Its %1 member records, their IP assignments and all of its settings are lost, and devices "
                         "using this network ID lose access.")
                          .arg(network.memberCount);
    const QString text = question + QStringLiteral("\n\n") + consequence;
    if (m_confirm && !m_confirm(tr("Delete network"), text))
        return;
    if (m_settingsDialog && m_settingsDialog->networkId() == id)
        m_settingsDialog->close();
    m_engine->deleteNetwork(id);
}

void MainWindow::createNetwork()
{
    if (!m_engine || (m_engineState != EngineClient::State::Running && !m_engine->isStandby())) {
        showEngineError(tr("The engine is not running, so no network can be created."));
        return;
    }
    if (m_namePrompt) {
        const std::optional<QString> answer = m_namePrompt();
        if (!answer)
            return;
        m_pendingNetworkName = answer->trimmed();
        m_engine->createNetwork(*m_pendingNetworkName);
        return;
    }
    if (m_newNetworkDialog) {
        m_newNetworkDialog->raise();
        m_newNetworkDialog->activateWindow();
        return;
    }
    // The subnets of the other networks are taken; the dialog offers a free one.
    QList<NetworkSettings> existing;
    for (int row = 0; row < m_networkModel->rowCount(); ++row) {
        NetworkSettings used;
        used.pools = m_networkModel->networkAt(row).pools;
        used.routes = m_networkModel->networkAt(row).routes;
        existing.append(used);
    }
    m_newNetworkDialog = new NewNetworkDialog(existing, this);
    m_newNetworkDialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_newNetworkDialog, &QDialog::accepted, this, [this] {
        if (!m_engine || !m_newNetworkDialog)
            return;
        const NetworkSettings settings = m_newNetworkDialog->settings();
        m_pendingNetworkName = settings.name;
        m_engine->createNetwork(settings);
    });
    m_newNetworkDialog->open();
}

quint64 MainWindow::selectedNetworkId() const
{
    const QModelIndexList rows = m_networkTable->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return 0;
    return rows.first().data(NetworkListModel::NetworkIdRole).value<quint64>();
}

void MainWindow::selectNetwork(quint64 networkId)
{
    const int sourceRow = m_networkModel->rowOfNetwork(networkId);
    if (sourceRow < 0)
        return;
    const QModelIndex index = m_networkProxy->mapFromSource(m_networkModel->index(sourceRow, 0));
    m_networkTable->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_networkTable->setCurrentIndex(index);
    m_networkTable->scrollTo(index);
}

void MainWindow::showNetworkSettings()
{
    const quint64 id = selectedNetworkId();
    if (!m_engine || id == 0)
        return;
    if (m_settingsDialog && m_settingsDialog->networkId() == id && m_settingsDialog->isVisible()) {
        m_settingsDialog->raise();
        m_settingsDialog->activateWindow();
        return;
    }
    if (m_settingsDialog)
        m_settingsDialog->close();
    // The dialog opens when the engine's details arrive (see the networkDetails connection).
    m_settingsRequestedId = id;
    m_engine->requestNetworkDetails(id);
}

NewNetworkDialog *MainWindow::newNetworkDialog() const
{
    return m_newNetworkDialog;
}

void MainWindow::renameSelectedNetwork()
{
    const quint64 id = selectedNetworkId();
    const int row = id ? m_networkModel->rowOfNetwork(id) : -1;
    if (row < 0)
        return;
    const QModelIndex index = m_networkProxy->mapFromSource(m_networkModel->index(row, NetworkListModel::NameColumn));
    m_networkTable->setCurrentIndex(index);
    m_networkTable->edit(index);
}

void MainWindow::copySelectedNetworkId()
{
    if (const quint64 id = selectedNetworkId())
        QApplication::clipboard()->setText(NetworkListModel::formatNetworkId(id));
}

void MainWindow::rememberSelectedNetwork()
{
    if (const quint64 id = selectedNetworkId())
        openUiSettings()->setValue(QLatin1String(selectedNetworkKey), NetworkListModel::formatNetworkId(id));
}

void MainWindow::autoSelectNetwork()
{
    if (selectedNetworkId() != 0 || m_networkModel->rowCount() == 0)
        return;
    bool ok = false;
    const quint64 remembered =
        openUiSettings()->value(QLatin1String(selectedNetworkKey)).toString().toULongLong(&ok, 16);
    if (ok && m_networkModel->rowOfNetwork(remembered) >= 0)
        selectNetwork(remembered);
    else if (m_networkModel->rowCount() == 1)
        selectNetwork(m_networkModel->networkAt(0).id);
}

int MainWindow::onlineMemberCount() const
{
    int online = 0;
    for (int row = 0; row < m_networkModel->rowCount(); ++row)
        online += m_networkModel->networkAt(row).onlineCount;
    return online;
}

void MainWindow::setQuitPrompt(QuitPrompt prompt)
{
    m_quitPrompt = std::move(prompt);
}

bool MainWindow::confirmQuit()
{
    const int online = m_engine && m_engineState == EngineClient::State::Running ? onlineMemberCount() : 0;
    if (online == 0 || openUiSettings()->value(QLatin1String(dontAskQuitKey), false).toBool())
        return true;
    bool dontAskAgain = false;
    bool quit = false;
    if (m_quitPrompt) {
        quit = m_quitPrompt(online, &dontAskAgain);
    } else {
        QMessageBox box(QMessageBox::Question, tr("Quit Tiermaster"),
                        online == 1 ? tr("One member is online.") : tr("%1 members are online.").arg(online),
                        QMessageBox::NoButton, this);
        box.setInformativeText(tr("While Tiermaster is not running, members get no configuration updates and "
                                  "devices that join are not answered. Quit anyway?"));
        box.addButton(tr("&Quit"), QMessageBox::AcceptRole);
        box.addButton(QMessageBox::Cancel);
        auto *check = new QCheckBox(tr("Don't ask again"), &box);
        box.setCheckBox(check);
        box.exec();
        quit = box.buttonRole(box.clickedButton()) == QMessageBox::AcceptRole;
        dontAskAgain = check->isChecked();
    }
    if (quit && dontAskAgain)
        openUiSettings()->setValue(QLatin1String(dontAskQuitKey), true);
    return quit;
}

void MainWindow::requestQuit()
{
    if (!confirmQuit())
        return;
    m_quitting = true;
    saveSettings();
    close();
    QCoreApplication::quit();
}

void MainWindow::quitWithoutAsking()
{
    m_quitting = true;
    saveSettings();
    // Not quit(): in Qt 6 that closes every window first, and closeEvent() asks while members are online
    // (a box no one answers) or hides to the tray; exit() leaves every event loop without a close event.
    QCoreApplication::exit(0);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    if (!m_quitting && m_trayIcon && Preferences::load().closeToTray) {
        // The controller keeps serving; the tray brings the window back.
        event->ignore();
        hide();
        if (!m_trayHintShown) {
            m_trayHintShown = true;
            m_trayIcon->showMessage(tr("Tiermaster is still running"),
                                    tr("The controller keeps serving its networks. Quit from the tray menu."));
        }
        return;
    }
    if (!m_quitting && !confirmQuit()) {
        event->ignore();
        return;
    }
    QMainWindow::closeEvent(event);
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    // Now the window manager's frame is known: the whole window, frame included, fits the screen.
    if (!m_fittedOnShow) {
        m_fittedOnShow = true;
        fitIntoScreen(this);
    }
}

NetworkValidator::Context MainWindow::warningContext(quint64 networkId) const
{
    NetworkValidator::Context context;
    for (int row = 0; row < m_networkModel->rowCount(); ++row) {
        const NetworkInfo &other = m_networkModel->networkAt(row);
        if (other.id != networkId && !other.pools.isEmpty())
            context.otherNetworks.append({other.id, other.name, other.pools});
    }
    const MemberListModel *members = m_membersPage->memberModel();
    if (members->networkId() == networkId) {
        for (int row = 0; row < members->rowCount(); ++row) {
            const MemberInfo &m = members->memberAt(row);
            if (!m.ipAssignments.isEmpty())
                context.members.append({m.address, m.ipAssignments});
        }
    }
    return context;
}

} // namespace tier
