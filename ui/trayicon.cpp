// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/trayicon.h"

#include <QAction>
#include <QApplication>
#include <QMenu>
#include <QSystemTrayIcon>
#include <QWidget>

namespace tier {

TrayIcon::TrayIcon(JoinNotifier *notifier, QWidget *window, QObject *parent)
    : QObject(parent), m_notifier(notifier), m_window(window)
{
    m_tray = new QSystemTrayIcon(this);
    m_tray->setObjectName(QStringLiteral("trayIcon"));
    m_tray->setIcon(window && !window->windowIcon().isNull() ? window->windowIcon() : QApplication::windowIcon());

    // The menu has no parent widget (a tray menu); this object owns it.
    m_menu = new QMenu;
    m_showAction = m_menu->addAction(QString(), this, &TrayIcon::showWindow);
    m_authorizeAction = m_menu->addAction(QString());
    m_authorizeAction->setObjectName(QStringLiteral("trayAuthorizeAction"));
    m_menu->addSeparator();
    // The window decides (it may ask first when members are online).
    m_quitAction = m_menu->addAction(QString(), this, &TrayIcon::quitRequested);
    m_tray->setContextMenu(m_menu);

    connect(m_authorizeAction, &QAction::triggered, notifier, &JoinNotifier::authorizeCurrent);
    connect(m_tray, &QSystemTrayIcon::messageClicked, notifier, &JoinNotifier::authorizeCurrent);
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
            showWindow();
    });
    connect(notifier, &JoinNotifier::notificationReady, this, &TrayIcon::showNotification);
    connect(notifier, &JoinNotifier::currentChanged, this, &TrayIcon::updateAuthorizeAction);

    retranslate();
    m_tray->show();
}

TrayIcon::~TrayIcon()
{
    delete m_menu;
}

bool TrayIcon::isAvailable()
{
    return QSystemTrayIcon::isSystemTrayAvailable();
}

void TrayIcon::retranslate()
{
    m_tray->setToolTip(tr("Tiermaster"));
    m_showAction->setText(tr("Show Tiermaster"));
    m_quitAction->setText(tr("Quit"));
    updateAuthorizeAction();
}

void TrayIcon::updateAuthorizeAction()
{
    const int waiting = m_notifier ? int(m_notifier->current().members.size()) : 0;
    m_authorizeAction->setEnabled(waiting > 0);
    if (waiting > 1)
        m_authorizeAction->setText(tr("Authorize %1 new members").arg(waiting));
    else
        m_authorizeAction->setText(tr("Authorize new member"));
}

void TrayIcon::showMessage(const QString &title, const QString &message)
{
    m_tray->showMessage(title, message, QSystemTrayIcon::Information, 8000);
}

void TrayIcon::showNotification(const JoinNotifier::Notification &notification)
{
    m_tray->showMessage(notification.title, notification.message, QSystemTrayIcon::Information, 15000);
}

void TrayIcon::showWindow()
{
    if (!m_window)
        return;
    m_window->show();
    m_window->raise();
    m_window->activateWindow();
}

} // namespace tier
