// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/memberspage.h"

#include "core/models/memberfiltermodel.h"
#include "core/models/memberlistmodel.h"
#include "core/models/networklistmodel.h"
#include "ui/activitychart.h"
#include "ui/addmemberdialog.h"
#include "ui/flowlayout.h"
#include "ui/memberdetailpanel.h"
#include "ui/memberrowdelegate.h"
#include "ui/stalemembersdialog.h"
#include "ui/statusdotdelegate.h"

#include <QAction>
#include <QApplication>
#include <QButtonGroup>
#include <QClipboard>
#include <QDateTime>
#include <QEvent>
#include <QFont>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QItemSelectionModel>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace tier {

namespace {

QToolButton *filterButton(QButtonGroup *group, MemberFilterModel::Filter filter, const char *name, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setObjectName(QLatin1String(name));
    button->setCheckable(true);
    button->setAutoRaise(true);
    group->addButton(button, int(filter));
    return button;
}

QToolButton *actionButton(QAction *action, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    return button;
}

} // namespace

MembersPage::MembersPage(EngineClient *engine, QWidget *parent) : QWidget(parent), m_engine(engine)
{
    setObjectName(QStringLiteral("membersPage"));
    m_model = new MemberListModel(this);
    m_model->setEngine(engine);
    m_proxy = new MemberFilterModel(this);
    m_proxy->setSourceModel(m_model);

    createHeader();
    QLayout *filterRow = createFilterBar();
    createActions();
    createNotice();
    createTable();
    connectTable();
    createHint();
    QLayout *actionRow = createActionRow();
    createDetailPanel();
    createActivityChart();
    layOut(filterRow, actionRow);

    m_confirm = [this](const QString &title, const QString &text) {
        return QMessageBox::question(this, title, text, QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) ==
               QMessageBox::Yes;
    };

    retranslate();
    updateActions();
}

// The network summary.
void MembersPage::createHeader()
{
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("summaryTitle"));
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setTextFormat(Qt::PlainText);
    m_id = new QLabel(this);
    m_id->setObjectName(QStringLiteral("summaryId"));
    m_id->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_copyIdButton = new QToolButton(this);
    m_copyIdButton->setObjectName(QStringLiteral("copyNetworkIdButton"));
    // Text beside the (theme) icon: without an icon theme an icon-only button would be invisible.
    m_copyIdButton->setIcon(QIcon::fromTheme(QStringLiteral("edit-copy")));
    m_copyIdButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    connect(m_copyIdButton, &QToolButton::clicked, this, [this] {
        if (m_network.id != 0)
            QApplication::clipboard()->setText(NetworkListModel::formatNetworkId(m_network.id));
    });
    m_counts = new QLabel(this);
    m_counts->setObjectName(QStringLiteral("summaryCounts"));
    m_warnings = new QLabel(this);
    m_warnings->setObjectName(QStringLiteral("networkWarnings"));
    m_warnings->setWordWrap(true);
    m_warnings->setTextFormat(Qt::PlainText);
    m_warnings->setStyleSheet(QStringLiteral("QLabel { color: #9a5b00; }"));
    m_warnings->hide();
    auto *idRow = new QHBoxLayout;
    idRow->addWidget(m_id);
    idRow->addWidget(m_copyIdButton);
    idRow->addStretch();
    m_idRow = idRow;
}

QLayout *MembersPage::createFilterBar()
{
    // Pending, Online and Authorized combine (all must hold); All clears them.
    m_filterGroup = new QButtonGroup(this);
    m_filterGroup->setExclusive(false);
    m_allButton = filterButton(m_filterGroup, MemberFilterModel::Filter::All, "filterAll", this);
    m_pendingButton = filterButton(m_filterGroup, MemberFilterModel::Filter::Pending, "filterPending", this);
    m_onlineButton = filterButton(m_filterGroup, MemberFilterModel::Filter::Online, "filterOnline", this);
    m_authorizedButton = filterButton(m_filterGroup, MemberFilterModel::Filter::Authorized, "filterAuthorized", this);
    m_allButton->setChecked(true);
    connect(m_filterGroup, &QButtonGroup::idClicked, this, [this](int id) {
        const auto filter = MemberFilterModel::Filter(id);
        if (filter == MemberFilterModel::Filter::All) {
            m_proxy->setFilter(filter);
            m_offlineButton->setChecked(false);
            m_proxy->setOfflineForDays(0);
        } else {
            m_proxy->setCondition(filter, m_filterGroup->button(id)->isChecked());
        }
        syncFilterButtons();
        updateHint();
    });
    m_offlineButton = new QToolButton(this);
    m_offlineButton->setObjectName(QStringLiteral("filterOffline"));
    m_offlineButton->setCheckable(true);
    m_offlineButton->setAutoRaise(true);
    m_offlineDays = new QSpinBox(this);
    m_offlineDays->setObjectName(QStringLiteral("filterOfflineDays"));
    m_offlineDays->setRange(1, 3650);
    m_offlineDays->setValue(30);
    auto applyOffline = [this] {
        m_proxy->setOfflineForDays(m_offlineButton->isChecked() ? m_offlineDays->value() : 0);
        syncFilterButtons();
        updateHint();
    };
    connect(m_offlineButton, &QToolButton::toggled, this, applyOffline);
    connect(m_offlineDays, &QSpinBox::valueChanged, this, applyOffline);
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("memberSearch"));
    m_search->setClearButtonEnabled(true);
    m_search->setMinimumWidth(80);
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setSearchText(text);
        updateHint();
    });
    // Search above the filter buttons: in one row they would hold the window wider than a small screen.
    // The buttons continue on a second line in a narrow window (squeezed, their counts would overlap).
    auto *filterRow = new FlowLayout(6);
    filterRow->addWidget(m_allButton);
    filterRow->addWidget(m_pendingButton);
    filterRow->addWidget(m_onlineButton);
    filterRow->addWidget(m_authorizedButton);
    filterRow->addWidget(m_offlineButton);
    filterRow->addWidget(m_offlineDays);
    return filterRow;
}

// Actions on the selection; the shortcuts work while the page has focus.
void MembersPage::createActions()
{
    m_authorizeAction = new QAction(this);
    m_authorizeAction->setObjectName(QStringLiteral("actionAuthorizeMembers"));
    m_authorizeAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    m_authorizeAction->setIcon(QIcon::fromTheme(QStringLiteral("dialog-ok-apply")));
    connect(m_authorizeAction, &QAction::triggered, this, &MembersPage::authorizeSelected);
    m_deauthorizeAction = new QAction(this);
    m_deauthorizeAction->setObjectName(QStringLiteral("actionDeauthorizeMembers"));
    m_deauthorizeAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Backspace));
    m_deauthorizeAction->setIcon(QIcon::fromTheme(QStringLiteral("dialog-cancel")));
    connect(m_deauthorizeAction, &QAction::triggered, this, &MembersPage::deauthorizeSelected);
    m_deleteAction = new QAction(this);
    m_deleteAction->setObjectName(QStringLiteral("actionDeleteMembers"));
    m_deleteAction->setShortcut(QKeySequence::Delete);
    m_deleteAction->setIcon(QIcon::fromTheme(QStringLiteral("edit-delete")));
    connect(m_deleteAction, &QAction::triggered, this, &MembersPage::deleteSelected);
    for (QAction *action : {m_authorizeAction, m_deauthorizeAction, m_deleteAction}) {
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(action);
    }
    m_addMemberAction = new QAction(this);
    m_addMemberAction->setObjectName(QStringLiteral("actionAddMember"));
    m_addMemberAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    m_addMemberAction->setShortcutContext(Qt::WindowShortcut);
    m_addMemberAction->setIcon(QIcon::fromTheme(QStringLiteral("list-add")));
    connect(m_addMemberAction, &QAction::triggered, this, &MembersPage::addMember);
    addAction(m_addMemberAction);
    m_deleteStaleAction = new QAction(this);
    m_deleteStaleAction->setObjectName(QStringLiteral("actionDeleteStaleMembers"));
    connect(m_deleteStaleAction, &QAction::triggered, this, &MembersPage::deleteStaleMembers);
    m_detailsAction = new QAction(this);
    m_detailsAction->setObjectName(QStringLiteral("actionMemberDetails"));
    m_detailsAction->setCheckable(true);
    m_detailsAction->setChecked(true);
    m_detailsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    m_detailsAction->setShortcutContext(Qt::WindowShortcut);
    connect(m_detailsAction, &QAction::toggled, this, &MembersPage::updateDetails);
    addAction(m_detailsAction);
    // Ctrl+F from anywhere in the window while the page is shown.
    m_findAction = new QAction(this);
    m_findAction->setObjectName(QStringLiteral("actionFindMembers"));
    m_findAction->setShortcut(QKeySequence::Find);
    m_findAction->setShortcutContext(Qt::WindowShortcut);
    connect(m_findAction, &QAction::triggered, this, [this] {
        m_search->setFocus(Qt::ShortcutFocusReason);
        m_search->selectAll();
    });
    addAction(m_findAction);
}

void MembersPage::createNotice()
{
    m_notice = new QLabel(this);
    m_notice->setObjectName(QStringLiteral("memberNotice"));
    m_notice->setWordWrap(true);
    m_notice->setTextFormat(Qt::PlainText);
    m_notice->setStyleSheet(QStringLiteral("QLabel { color: #b3261e; }"));
    m_notice->hide();
    m_noticeTimer = new QTimer(this);
    m_noticeTimer->setSingleShot(true);
    m_noticeTimer->setInterval(10000);
    connect(m_noticeTimer, &QTimer::timeout, m_notice, &QWidget::hide);
    connect(m_model, &MemberListModel::editRejected, this, &MembersPage::showNotice);
}

void MembersPage::createTable()
{
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("memberTable"));
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                             QAbstractItemView::SelectedClicked);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_table->addActions({m_authorizeAction, m_deauthorizeAction, m_detailsAction, m_deleteAction});
    m_table->verticalHeader()->hide();
    // Pending rows stand out in every column; a refused edit reopens with what was typed.
    m_table->setItemDelegate(new MemberRowDelegate(m_table));
    m_table->setItemDelegateForColumn(MemberListModel::StatusColumn, new StatusDotDelegate(m_table));
    QHeaderView *header = m_table->horizontalHeader();
    header->setHighlightSections(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(MemberListModel::StatusColumn, QHeaderView::Fixed);
    header->resizeSection(MemberListModel::StatusColumn, fontMetrics().height() * 2);
    header->resizeSection(MemberListModel::AddressColumn, fontMetrics().horizontalAdvance(QStringLiteral("0")) * 13);
    // Fixed starting widths instead of ResizeToContents, which would measure rows of big networks.
    const int character = fontMetrics().averageCharWidth();
    // Together narrow enough that the latency column shows at the window's default size.
    header->resizeSection(MemberListModel::NameColumn, character * 14);
    header->resizeSection(MemberListModel::AuthorizedColumn,
                          fontMetrics().horizontalAdvance(MemberListModel::tr("Authorized")) + character * 5);
    header->resizeSection(MemberListModel::IpAssignmentsColumn, character * 18);
    // Sized for the longest usual text ("59 min ago"), measured: average widths elide it at 200% scaling.
    header->resizeSection(MemberListModel::LastSeenColumn,
                          fontMetrics().horizontalAdvance(MemberListModel::formatAge(1, 1 + 59 * 60 * 1000)) +
                              character * 3);
    header->resizeSection(MemberListModel::PhysicalAddressColumn, character * 20);
    // Measured in bold: pending rows are bold, and "1.14.2" elided to "1.1…" in them.
    QFont bold = font();
    bold.setBold(true);
    header->resizeSection(MemberListModel::VersionColumn,
                          QFontMetrics(bold).horizontalAdvance(QStringLiteral("1.14.20")) + character * 2);
    header->setStretchLastSection(true);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(MemberListModel::AddressColumn, Qt::AscendingOrder);
}

void MembersPage::connectTable()
{
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MembersPage::updateActions);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MembersPage::updateDetails);
    // The shown member changed (status, an edit from anywhere) or went away.
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &first, const QModelIndex &last) {
        if (!m_detail->hasMember())
            return;
        const int row = m_model->rowOfMember(m_detail->member().address);
        if (row >= first.row() && row <= last.row())
            m_detail->setMember(m_model->memberAt(row));
    });
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &MembersPage::updateDetails);
    connect(m_model, &QAbstractItemModel::modelReset, this, &MembersPage::updateDetails);
    // Rows that change under a selection (authorized by the engine) change what the actions can do.
    connect(m_proxy, &QAbstractItemModel::dataChanged, this, &MembersPage::updateActions);
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, this, &MembersPage::updateHint);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &MembersPage::updateHint);
    connect(m_model, &MemberListModel::loadingChanged, this, &MembersPage::updateHint);
}

void MembersPage::createHint()
{
    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("memberHint"));
    m_hint->setWordWrap(true);
    m_hint->setEnabled(false);
    m_hint->setTextInteractionFlags(Qt::TextSelectableByMouse);
}

QLayout *MembersPage::createActionRow()
{
    m_authorizeButton = actionButton(m_authorizeAction, this);
    m_deauthorizeButton = actionButton(m_deauthorizeAction, this);
    m_deleteButton = actionButton(m_deleteAction, this);
    m_addMemberButton = actionButton(m_addMemberAction, this);
    // Delete apart at the right end; in a narrow window the buttons continue on a second line.
    auto *actionRow = new FlowLayout(6);
    actionRow->addWidget(m_authorizeButton);
    actionRow->addWidget(m_deauthorizeButton);
    actionRow->addWidget(m_addMemberButton);
    actionRow->addWidget(m_deleteButton);
    actionRow->setAlignment(m_deleteButton, Qt::AlignRight);
    return actionRow;
}

// The selected member's details beside the table (not a dialog: the table keeps working).
void MembersPage::createDetailPanel()
{
    m_detail = new MemberDetailPanel(m_engine, this);
    connect(m_detail, &MemberDetailPanel::closeRequested, this, [this] { m_detailsAction->setChecked(false); });
    m_detailScroll = new QScrollArea(this);
    m_detailScroll->setObjectName(QStringLiteral("memberDetailScroll"));
    m_detailScroll->setWidget(m_detail);
    m_detailScroll->setWidgetResizable(true);
    m_detailScroll->setFrameShape(QFrame::NoFrame);
    // As wide as the panel needs (no sideways scrolling), within reason on a narrow window.
    m_detailScroll->setMinimumWidth(
        qMin(m_detail->minimumSizeHint().width() + style()->pixelMetric(QStyle::PM_ScrollBarExtent) + 4,
             fontMetrics().averageCharWidth() * 56));
    m_tableSplitter = new QSplitter(Qt::Horizontal, this);
    m_tableSplitter->setObjectName(QStringLiteral("memberSplitter"));
    m_tableSplitter->setChildrenCollapsible(false);
    m_tableSplitter->addWidget(m_table);
    m_tableSplitter->addWidget(m_detailScroll);
    m_tableSplitter->setStretchFactor(0, 3);
    m_tableSplitter->setStretchFactor(1, 1);
    m_detailScroll->hide();
}

// Activity of the last day, refreshed every minute while the page shows a network.
void MembersPage::createActivityChart()
{
    m_chart = new ActivityChart(this);
    m_chartTimer = new QTimer(this);
    m_chartTimer->setInterval(60000);
    connect(m_chartTimer, &QTimer::timeout, this, [this] {
        if (m_engine && m_network.id != 0 && isVisible())
            m_engine->requestNetworkActivity(m_network.id);
    });
    m_chartTimer->start();
    if (m_engine) {
        connect(m_engine, &EngineClient::networkActivity, this,
                [this](quint64 networkId, const QList<ActivityBucket> &buckets) {
                    if (networkId == m_network.id)
                        m_chart->setBuckets(buckets, QDateTime::currentMSecsSinceEpoch());
                });
    }
}

void MembersPage::layOut(QLayout *filterRow, QLayout *actionRow)
{
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addLayout(m_idRow);
    layout->addWidget(m_counts);
    layout->addWidget(m_warnings);
    layout->addWidget(m_chart);
    layout->addSpacing(6);
    layout->addWidget(m_search);
    layout->addLayout(filterRow);
    layout->addWidget(m_notice);
    layout->addWidget(m_tableSplitter, 1);
    layout->addWidget(m_hint);
    layout->addLayout(actionRow);
}

MembersPage::~MembersPage() = default;

QList<QAction *> MembersPage::memberActions() const
{
    return {m_authorizeAction, m_deauthorizeAction, m_deleteAction, m_addMemberAction,
            m_detailsAction,   m_deleteStaleAction, m_findAction};
}

void MembersPage::updateDetails()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    const int row =
        rows.size() == 1
            ? m_model->rowOfMember(Address(rows.first().data(MemberListModel::AddressRole).value<quint64>()))
            : -1;
    if (row < 0) {
        m_detail->clear();
        m_detailScroll->hide();
        return;
    }
    m_detail->setMember(m_model->memberAt(row));
    m_detailScroll->setVisible(m_detailsAction->isChecked());
}

AddMemberDialog *MembersPage::addMemberDialog() const
{
    return m_addMemberDialog;
}

StaleMembersDialog *MembersPage::staleMembersDialog() const
{
    return m_staleDialog;
}

void MembersPage::addMember()
{
    if (!m_engine || m_network.id == 0)
        return;
    const auto controller = Address::fromString(m_engine->controllerAddress());
    auto *dialog = new AddMemberDialog(controller.value_or(Address()), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const quint64 networkId = m_network.id;
    connect(dialog, &QDialog::accepted, this, [this, dialog, networkId] {
        if (m_engine)
            m_engine->updateMember(networkId, dialog->member(), dialog->update());
    });
    m_addMemberDialog = dialog;
    dialog->open();
}

void MembersPage::deleteStaleMembers()
{
    if (!m_engine || m_network.id == 0)
        return;
    QList<MemberInfo> members;
    for (int row = 0; row < m_model->rowCount(); ++row)
        members.append(m_model->memberAt(row));
    auto *dialog = new StaleMembersDialog(members, m_model->now(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        for (const Address member : dialog->staleMembers())
            m_model->requestDelete(member);
    });
    m_staleDialog = dialog;
    dialog->open();
}

void MembersPage::addHeaderAction(QAction *action)
{
    auto *button = new QToolButton(this);
    button->setObjectName(action->objectName() + QStringLiteral("Button"));
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    button->setAutoRaise(true);
    m_idRow->addWidget(button);
}

void MembersPage::setConfirmPrompt(ConfirmPrompt prompt)
{
    m_confirm = std::move(prompt);
}

quint64 MembersPage::networkId() const
{
    return m_model->networkId();
}

void MembersPage::setNetwork(const NetworkInfo &network)
{
    const bool switched = network.id != m_model->networkId();
    m_network = network;
    if (switched) {
        m_notice->hide();
        m_model->setNetworkId(network.id);
        m_chart->clear();
        if (m_engine && network.id != 0)
            m_engine->requestNetworkActivity(network.id);
    }
    updateHeader();
    updateHint();
    updateActions();
}

void MembersPage::updateHeader()
{
    m_title->setText(m_network.name.isEmpty() ? tr("(unnamed)") : m_network.name);
    m_title->setToolTip(m_network.description);
    m_id->setText(tr("Network ID: %1").arg(NetworkListModel::formatNetworkId(m_network.id)));
    m_counts->setText(tr("Members: %1 · Online: %2 · Pending: %3")
                          .arg(m_network.memberCount)
                          .arg(m_network.onlineCount)
                          .arg(m_network.pendingCount));
    // What cannot work the way it reads: the first few, the rest counted (Network Settings lists all).
    QStringList warnings;
    for (const NetworkFinding &w :
         std::as_const(m_network.warnings).first(qMin(m_network.warnings.size(), qsizetype(MaxHeaderWarnings))))
        warnings << QStringLiteral("⚠ ") + w.text();
    if (m_network.warnings.size() > MaxHeaderWarnings)
        warnings << tr("… and %n more warning(s): see Network Settings.", nullptr,
                       int(m_network.warnings.size() - MaxHeaderWarnings));
    m_warnings->setText(warnings.join(u'\n'));
    m_warnings->setVisible(!warnings.isEmpty());
    fitActivityChart();
    m_allButton->setText(tr("All (%1)").arg(m_network.memberCount));
    m_pendingButton->setText(tr("Pending (%1)").arg(m_network.pendingCount));
    m_onlineButton->setText(tr("Online (%1)").arg(m_network.onlineCount));
    m_authorizedButton->setText(tr("Authorized (%1)").arg(m_network.authorizedCount));
    // Waiting members are what needs the user: their count stands out while there are any.
    QFont pendingFont = m_pendingButton->font();
    pendingFont.setBold(m_network.pendingCount > 0);
    m_pendingButton->setFont(pendingFont);
}

void MembersPage::syncFilterButtons()
{
    m_allButton->setChecked(m_proxy->hasCondition(MemberFilterModel::Filter::All) && m_proxy->offlineForDays() == 0);
    m_pendingButton->setChecked(m_proxy->hasCondition(MemberFilterModel::Filter::Pending));
    m_onlineButton->setChecked(m_proxy->hasCondition(MemberFilterModel::Filter::Online));
    m_authorizedButton->setChecked(m_proxy->hasCondition(MemberFilterModel::Filter::Authorized));
}

void MembersPage::updateHint()
{
    QString text;
    if (m_model->rowCount() == 0 && m_model->isLoading()) {
        // Paged from the database: the first page is on its way.
        text = tr("Loading members…");
    } else if (m_model->rowCount() == 0) {
        text = tr("No members yet. A device joins with: zerotier-cli join %1")
                   .arg(NetworkListModel::formatNetworkId(m_network.id));
    } else if (m_proxy->rowCount() == 0) {
        text = tr("No member matches the filter.");
    }
    m_hint->setText(text);
    m_hint->setVisible(!text.isEmpty());
}

QList<Address> MembersPage::selectedMembers() const
{
    QModelIndexList rows = m_table->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QList<Address> members;
    for (const QModelIndex &row : std::as_const(rows))
        members << Address(row.data(MemberListModel::AddressRole).value<quint64>());
    return members;
}

void MembersPage::updateActions()
{
    bool anyAuthorized = false;
    bool anyUnauthorized = false;
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    for (const QModelIndex &row : rows) {
        if (row.data(MemberListModel::AuthorizedRole).toBool())
            anyAuthorized = true;
        else
            anyUnauthorized = true;
    }
    m_authorizeAction->setEnabled(anyUnauthorized);
    m_deauthorizeAction->setEnabled(anyAuthorized);
    m_deleteAction->setEnabled(!rows.isEmpty());
    m_deleteAction->setText(rows.size() > 1 ? tr("D&elete %1 Members…").arg(rows.size()) : tr("D&elete Member…"));
}

void MembersPage::setSelectedAuthorized(bool authorized)
{
    const QList<Address> members = selectedMembers();
    for (const Address member : members) {
        const int row = m_model->rowOfMember(member);
        if (row >= 0 && m_model->memberAt(row).authorized != authorized)
            m_model->requestAuthorization(member, authorized);
    }
}

void MembersPage::authorizeSelected()
{
    setSelectedAuthorized(true);
}

void MembersPage::deauthorizeSelected()
{
    setSelectedAuthorized(false);
}

void MembersPage::deleteSelected()
{
    const QList<Address> members = selectedMembers();
    if (members.isEmpty())
        return;
    const QString network = m_network.name.isEmpty() ? NetworkListModel::formatNetworkId(m_network.id) : m_network.name;
    QString text;
    if (members.size() == 1) {
        const int row = m_model->rowOfMember(members.first());
        const QString label =
            row >= 0 ? MemberListModel::memberLabel(m_model->memberAt(row)) : members.first().toString();
        text = tr("Delete member %1 from network “%2”?\n\nIt loses access at once and its settings and managed IPs "
                  "are removed. If it asks again, it shows up as a new member waiting for authorization.")
                   .arg(label, network);
    } else {
        QStringList labels;
        for (const Address member : members.mid(0, 5)) {
            const int row = m_model->rowOfMember(member);
            labels << (row >= 0 ? MemberListModel::memberLabel(m_model->memberAt(row)) : member.toString());
        }
        if (members.size() > 5)
            labels << tr("and %1 more").arg(members.size() - 5);
        text = tr("Delete these %1 members from network “%2”?\n\n%3\n\nThey lose access at once and their settings "
                  "and managed IPs are removed.")
                   .arg(members.size())
                   .arg(network, labels.join(u'\n'));
    }
    if (m_confirm && !m_confirm(tr("Delete members"), text))
        return;
    for (const Address member : members)
        m_model->requestDelete(member);
}

void MembersPage::showNotice(const QString &message)
{
    m_notice->setText(message);
    m_notice->show();
    m_noticeTimer->start();
}

QByteArray MembersPage::saveHeaderState() const
{
    return m_table->horizontalHeader()->saveState();
}

void MembersPage::restoreHeaderState(const QByteArray &state)
{
    if (!state.isEmpty())
        m_table->horizontalHeader()->restoreState(state);
}

void MembersPage::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    fitActivityChart();
}

int MembersPage::heightNeeded(bool withChart) const
{
    QLayout *box = layout();
    const QMargins margins = box->contentsMargins();
    const int width = this->width() - margins.left() - margins.right();
    int needed = margins.top() + margins.bottom();
    int spaced = 0; // rows with spacing between them (a spacer item adds its own height only)
    for (int i = 0; i < box->count(); ++i) {
        QLayoutItem *item = box->itemAt(i);
        if (item->widget() == m_chart) {
            if (withChart) {
                needed += m_chart->minimumHeight();
                ++spaced;
            }
            continue;
        }
        // A word-wrapped label (the warnings) needs more lines the narrower the page is.
        needed += item->hasHeightForWidth() ? item->heightForWidth(width) : item->minimumSize().height();
        if (!item->isEmpty())
            ++spaced;
    }
    return needed + qMax(0, spaced - 1) * box->spacing();
}

void MembersPage::fitActivityChart()
{
    if (layout())
        m_chart->setVisible(height() >= heightNeeded(true));
}

void MembersPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void MembersPage::retranslate()
{
    m_copyIdButton->setText(tr("Copy"));
    m_copyIdButton->setToolTip(tr("Copy the network ID"));
    m_allButton->setToolTip(tr("Show every member (clears the other filters)"));
    m_pendingButton->setToolTip(tr("Members that asked to join and are not authorized (filters combine)"));
    m_onlineButton->setToolTip(tr("Members with a config request in the last two minutes (filters combine)"));
    m_authorizedButton->setToolTip(tr("Authorized members (filters combine)"));
    m_offlineButton->setText(tr("Offline >"));
    m_offlineButton->setToolTip(
        tr("Offline for more than this many days: the last request (or, never seen, the creation) is older"));
    m_offlineDays->setSuffix(tr(" days"));
    m_findAction->setText(tr("&Find Members"));
    m_addMemberAction->setText(tr("Add &Member by ID…"));
    m_addMemberAction->setToolTip(tr("Authorize or name a device by its address before it joins (%1)")
                                      .arg(m_addMemberAction->shortcut().toString(QKeySequence::NativeText)));
    m_deleteStaleAction->setText(tr("Delete Members &Not Seen…"));
    m_deleteStaleAction->setToolTip(tr("Delete the members not seen for a number of days, after a preview"));
    m_detailsAction->setText(tr("Member &Details"));
    m_detailsAction->setToolTip(tr("Show the selected member's details beside the table (%1)")
                                    .arg(m_detailsAction->shortcut().toString(QKeySequence::NativeText)));
    m_search->setPlaceholderText(tr("Search address, name or IP"));
    m_authorizeAction->setText(tr("&Authorize"));
    m_authorizeAction->setToolTip(tr("Authorize the selected members (%1)")
                                      .arg(m_authorizeAction->shortcut().toString(QKeySequence::NativeText)));
    m_deauthorizeAction->setText(tr("&Deauthorize"));
    m_deauthorizeAction->setToolTip(tr("Deauthorize the selected members (%1)")
                                        .arg(m_deauthorizeAction->shortcut().toString(QKeySequence::NativeText)));
    m_deleteAction->setToolTip(
        tr("Delete the selected members (%1)").arg(m_deleteAction->shortcut().toString(QKeySequence::NativeText)));
    updateHeader();
    updateHint();
    updateActions();
}

} // namespace tier
