// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/address.h"
#include "core/service/engineclient.h"
#include "core/service/networkinfo.h"

#include <QPointer>
#include <QWidget>

#include <functional>

class QAction;
class QButtonGroup;
class QHBoxLayout;
class QLayout;
class QLabel;
class QLineEdit;
class QScrollArea;
class QSplitter;
class QSpinBox;
class QTableView;
class QTimer;
class QToolButton;

namespace tier {

class AddMemberDialog;
class ActivityChart;
class MemberDetailPanel;
class MemberFilterModel;
class StaleMembersDialog;
class MemberListModel;

/// The selected network's page: its summary header, a filter bar (All / Pending / Online /
/// Authorized with their counts, combinable, "offline for more than N days" and a search field), and the members table
/// with Authorize, Deauthorize and Delete acting on the whole selection. Every change is a request to the engine; the
/// table changes when the engine's answer arrives.
class MembersPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MembersPage)

public:
    /// Asks the user to confirm (default: a QMessageBox question); true = go ahead.
    using ConfirmPrompt = std::function<bool(const QString &title, const QString &text)>;

    /// Warnings shown one by one in the header; more are counted in one further line.
    static constexpr int MaxHeaderWarnings = 3;

    explicit MembersPage(EngineClient *engine, QWidget *parent = nullptr);
    ~MembersPage() override;

    /// Shows this network (header and members); a different ID switches the table to it.
    void setNetwork(const NetworkInfo &network);
    quint64 networkId() const;

    MemberListModel *memberModel() const { return m_model; }
    MemberFilterModel *memberProxy() const { return m_proxy; }
    QTableView *memberTable() const { return m_table; }
    QAction *authorizeAction() const { return m_authorizeAction; }
    QAction *deauthorizeAction() const { return m_deauthorizeAction; }
    QAction *deleteAction() const { return m_deleteAction; }
    QAction *findAction() const { return m_findAction; }
    QAction *addMemberAction() const { return m_addMemberAction; }
    QAction *deleteStaleAction() const { return m_deleteStaleAction; }
    QAction *detailsAction() const { return m_detailsAction; }
    MemberDetailPanel *detailPanel() const { return m_detail; }
    ActivityChart *activityChart() const { return m_chart; }
    /// The open Add Member / Delete Members Not Seen dialog (null when none is open).
    AddMemberDialog *addMemberDialog() const;
    StaleMembersDialog *staleMembersDialog() const;
    QLineEdit *searchEdit() const { return m_search; }
    /// The header's warnings about the network's settings (hidden when there are none).
    QLabel *warningsLabel() const { return m_warnings; }
    QList<QAction *> memberActions() const;

    void setConfirmPrompt(ConfirmPrompt prompt);
    /// Addresses of the selected rows, in view order.
    QList<Address> selectedMembers() const;

    /// Adds a button for this action to the header, next to the network ID (e.g. "Network settings…").
    void addHeaderAction(QAction *action);

    QByteArray saveHeaderState() const;
    void restoreHeaderState(const QByteArray &state);

public slots:
    void authorizeSelected();
    void deauthorizeSelected();
    void deleteSelected();
    /// Opens the Add Member by ID dialog; its result goes to the engine as one member update.
    void addMember();
    /// Opens the "delete members not seen for N days" preview.
    void deleteStaleMembers();
    /// An inline, non-blocking notice above the table (e.g. a refused edit); hides after a while.
    void showNotice(const QString &message);

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    /// The height the page's rows need at its width, with or without the activity chart.
    int heightNeeded(bool withChart) const;
    /// Shows the chart only where the rows fit with it (it goes first: rows squeezed below their
    /// minimum would overlap, as at 200% on a small screen with warnings in the header).
    void fitActivityChart();
    // The constructor's parts, in the order the page shows them (the table's connections after it).
    void createHeader();
    QLayout *createFilterBar();
    void createActions();
    void createNotice();
    void createTable();
    void connectTable();
    void createHint();
    QLayout *createActionRow();
    void createDetailPanel();
    void createActivityChart();
    void layOut(QLayout *filterRow, QLayout *actionRow);

    void retranslate();
    void setSelectedAuthorized(bool authorized);
    void updateActions();
    void updateHint();
    void updateHeader();
    void syncFilterButtons();
    void updateDetails();

    QPointer<EngineClient> m_engine;
    MemberListModel *m_model = nullptr;
    MemberFilterModel *m_proxy = nullptr;
    NetworkInfo m_network;

    QLabel *m_title = nullptr;
    QLabel *m_id = nullptr;
    QToolButton *m_copyIdButton = nullptr;
    QHBoxLayout *m_idRow = nullptr;
    QLabel *m_counts = nullptr;
    QLabel *m_warnings = nullptr; ///< the network's warnings (NetworkInfo::warnings), hidden when none
    QButtonGroup *m_filterGroup = nullptr;
    QToolButton *m_allButton = nullptr;
    QToolButton *m_pendingButton = nullptr;
    QToolButton *m_onlineButton = nullptr;
    QToolButton *m_authorizedButton = nullptr;
    QToolButton *m_offlineButton = nullptr;
    QSpinBox *m_offlineDays = nullptr;
    QAction *m_findAction = nullptr;
    QAction *m_addMemberAction = nullptr;
    QAction *m_deleteStaleAction = nullptr;
    QAction *m_detailsAction = nullptr;
    QToolButton *m_addMemberButton = nullptr;
    MemberDetailPanel *m_detail = nullptr;
    QScrollArea *m_detailScroll = nullptr;
    QSplitter *m_tableSplitter = nullptr;
    ActivityChart *m_chart = nullptr;
    QTimer *m_chartTimer = nullptr;
    QPointer<AddMemberDialog> m_addMemberDialog;
    QPointer<StaleMembersDialog> m_staleDialog;
    QLineEdit *m_search = nullptr;
    QLabel *m_notice = nullptr;
    QTimer *m_noticeTimer = nullptr;
    QLabel *m_hint = nullptr;
    QTableView *m_table = nullptr;
    QToolButton *m_authorizeButton = nullptr;
    QToolButton *m_deauthorizeButton = nullptr;
    QToolButton *m_deleteButton = nullptr;
    QAction *m_authorizeAction = nullptr;
    QAction *m_deauthorizeAction = nullptr;
    QAction *m_deleteAction = nullptr;
    ConfirmPrompt m_confirm;
};

} // namespace tier
