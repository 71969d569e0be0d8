// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/memberspage.h"

#include "core/models/memberfiltermodel.h"
#include "core/models/memberlistmodel.h"
#include "core/models/networklistmodel.h"
#include "ui/statusdotdelegate.h"

#include <QAction>
#include <QApplication>
#include <QButtonGroup>
#include <QClipboard>
#include <QEvent>
#include <QFont>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QItemSelectionModel>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
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

    // Header: the network summary.
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
    auto *idRow = new QHBoxLayout;
    idRow->addWidget(m_id);
    idRow->addWidget(m_copyIdButton);
    idRow->addStretch();
    m_idRow = idRow;

    // Filter bar.
    m_filterGroup = new QButtonGroup(this);
    m_filterGroup->setExclusive(true);
    m_allButton = filterButton(m_filterGroup, MemberFilterModel::Filter::All, "filterAll", this);
    m_pendingButton = filterButton(m_filterGroup, MemberFilterModel::Filter::Pending, "filterPending", this);
    m_onlineButton = filterButton(m_filterGroup, MemberFilterModel::Filter::Online, "filterOnline", this);
    m_authorizedButton = filterButton(m_filterGroup, MemberFilterModel::Filter::Authorized, "filterAuthorized", this);
    m_allButton->setChecked(true);
    connect(m_filterGroup, &QButtonGroup::idClicked, this, [this](int id) {
        m_proxy->setFilter(MemberFilterModel::Filter(id));
        updateHint();
    });
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("memberSearch"));
    m_search->setClearButtonEnabled(true);
    m_search->setMinimumWidth(120);
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setSearchText(text);
        updateHint();
    });
    auto *filterRow = new QHBoxLayout;
    filterRow->addWidget(m_allButton);
    filterRow->addWidget(m_pendingButton);
    filterRow->addWidget(m_onlineButton);
    filterRow->addWidget(m_authorizedButton);
    filterRow->addStretch();
    filterRow->addWidget(m_search, 1);

    // Actions on the selection; the shortcuts work while the page has focus.
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
    for (QAction *action : memberActions()) {
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(action);
    }

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
    m_table->addActions(memberActions());
    m_table->verticalHeader()->hide();
    m_table->setItemDelegateForColumn(MemberListModel::StatusColumn, new StatusDotDelegate(m_table));
    QHeaderView *header = m_table->horizontalHeader();
    header->setHighlightSections(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(MemberListModel::StatusColumn, QHeaderView::Fixed);
    header->resizeSection(MemberListModel::StatusColumn, fontMetrics().height() * 2);
    header->resizeSection(MemberListModel::AddressColumn, fontMetrics().horizontalAdvance(QStringLiteral("0")) * 13);
    // Fixed starting widths instead of ResizeToContents, which would measure rows of big networks.
    const int character = fontMetrics().averageCharWidth();
    header->resizeSection(MemberListModel::NameColumn, character * 16);
    header->resizeSection(MemberListModel::AuthorizedColumn, character * 12);
    header->resizeSection(MemberListModel::IpAssignmentsColumn, character * 22);
    // Sized for the longest usual text ("59 min ago"), measured: average widths elide it at 200% scaling.
    header->resizeSection(MemberListModel::LastSeenColumn,
                          fontMetrics().horizontalAdvance(MemberListModel::formatAge(1, 1 + 59 * 60 * 1000)) +
                              character * 3);
    header->resizeSection(MemberListModel::PhysicalAddressColumn, character * 24);
    header->resizeSection(MemberListModel::VersionColumn, character * 10);
    header->setStretchLastSection(true);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(MemberListModel::AddressColumn, Qt::AscendingOrder);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MembersPage::updateActions);
    // Rows that change under a selection (authorized by the engine) change what the actions can do.
    connect(m_proxy, &QAbstractItemModel::dataChanged, this, &MembersPage::updateActions);
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, this, &MembersPage::updateHint);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &MembersPage::updateHint);
    connect(m_model, &MemberListModel::loadingChanged, this, &MembersPage::updateHint);

    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("memberHint"));
    m_hint->setWordWrap(true);
    m_hint->setEnabled(false);
    m_hint->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_authorizeButton = actionButton(m_authorizeAction, this);
    m_deauthorizeButton = actionButton(m_deauthorizeAction, this);
    m_deleteButton = actionButton(m_deleteAction, this);
    auto *actionRow = new QHBoxLayout;
    actionRow->addWidget(m_authorizeButton);
    actionRow->addWidget(m_deauthorizeButton);
    actionRow->addStretch();
    actionRow->addWidget(m_deleteButton);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addLayout(idRow);
    layout->addWidget(m_counts);
    layout->addSpacing(6);
    layout->addLayout(filterRow);
    layout->addWidget(m_notice);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_hint);
    layout->addLayout(actionRow);

    m_confirm = [this](const QString &title, const QString &text) {
        return QMessageBox::question(this, title, text, QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) ==
               QMessageBox::Yes;
    };

    retranslate();
    updateActions();
}

MembersPage::~MembersPage() = default;

QList<QAction *> MembersPage::memberActions() const
{
    return {m_authorizeAction, m_deauthorizeAction, m_deleteAction};
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
    }
    updateHeader();
    updateHint();
    updateActions();
}

void MembersPage::updateHeader()
{
    m_title->setText(m_network.name.isEmpty() ? tr("(unnamed)") : m_network.name);
    m_id->setText(tr("Network ID: %1").arg(NetworkListModel::formatNetworkId(m_network.id)));
    m_counts->setText(tr("Members: %1 · Online: %2 · Pending: %3")
                          .arg(m_network.memberCount)
                          .arg(m_network.onlineCount)
                          .arg(m_network.pendingCount));
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
    m_allButton->setText(tr("All"));
    m_pendingButton->setText(tr("Pending"));
    m_pendingButton->setToolTip(tr("Members that asked to join and are not authorized"));
    m_onlineButton->setText(tr("Online"));
    m_authorizedButton->setText(tr("Authorized"));
    m_search->setPlaceholderText(tr("Search address, name or IP"));
    m_authorizeAction->setText(tr("&Authorize"));
    m_authorizeAction->setToolTip(tr("Authorize the selected members (%1)")
                                      .arg(m_authorizeAction->shortcut().toString(QKeySequence::NativeText)));
    m_deauthorizeAction->setText(tr("&Deauthorize"));
    m_deauthorizeAction->setToolTip(tr("Deauthorize the selected members (%1)")
                                        .arg(m_deauthorizeAction->shortcut().toString(QKeySequence::NativeText)));
    m_deleteAction->setText(tr("D&elete Member…"));
    m_deleteAction->setToolTip(
        tr("Delete the selected members (%1)").arg(m_deleteAction->shortcut().toString(QKeySequence::NativeText)));
    updateHeader();
    updateHint();
}

} // namespace tier
