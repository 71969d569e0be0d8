// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/models/joinnotifier.h"

#include <QObject>
#include <QPointer>

class QAction;
class QMenu;
class QSystemTrayIcon;
class QWidget;

namespace tier {

/// The tray icon: shows JoinNotifier's "new member wants to join" messages; clicking the message or
/// the menu's Authorize entry runs the notifier's Authorize action. Create it only when
/// isAvailable(); the notifier's logic does not depend on it.
class TrayIcon final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrayIcon)

public:
    TrayIcon(JoinNotifier *notifier, QWidget *window, QObject *parent = nullptr);
    ~TrayIcon() override;

    static bool isAvailable();

    QSystemTrayIcon *trayIcon() const { return m_tray; }
    QAction *authorizeAction() const { return m_authorizeAction; }
    /// Shows a balloon message (e.g. "still running in the tray").
    void showMessage(const QString &title, const QString &message);

    void retranslate();

signals:
    /// The tray menu's Quit.
    void quitRequested();

private:
    void showNotification(const JoinNotifier::Notification &notification);
    void updateAuthorizeAction();
    void showWindow();

    QPointer<JoinNotifier> m_notifier;
    QPointer<QWidget> m_window;
    QSystemTrayIcon *m_tray = nullptr;
    QMenu *m_menu = nullptr;
    QAction *m_showAction = nullptr;
    QAction *m_authorizeAction = nullptr;
    QAction *m_quitAction = nullptr;
};

} // namespace tier
