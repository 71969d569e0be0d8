// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/memberdetailpanel.h"

#include "core/models/memberlistmodel.h"
#include "core/service/engineclient.h"
#include "ui/membercredentialseditor.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDateTime>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace tier {

namespace {

QLabel *valueLabel(QWidget *parent, const char *name)
{
    auto *label = new QLabel(parent);
    label->setObjectName(QLatin1String(name));
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    return label;
}

QLabel *sectionTitle(QWidget *parent)
{
    auto *label = new QLabel(parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

void setRowLabel(QFormLayout *form, QWidget *field, const QString &text)
{
    if (auto *label = qobject_cast<QLabel *>(form->labelForField(field))) {
        label->setText(text);
        label->setBuddy(field); // the & marks the field's shortcut instead of showing
    }
}

QString ipsText(const QList<InetAddress> &ips)
{
    QStringList texts;
    for (const InetAddress &ip : ips)
        texts << ip.toIpString();
    return texts.join(QLatin1String(", "));
}

} // namespace

MemberDetailPanel::MemberDetailPanel(EngineClient *engine, QWidget *parent) : QWidget(parent), m_engine(engine)
{
    setObjectName(QStringLiteral("memberDetailPanel"));
    m_clock = [] { return QDateTime::currentMSecsSinceEpoch(); };

    QHBoxLayout *titleRow = createTitleRow();
    const auto [addressRow, identityRow] = createIdentityRows();
    QHBoxLayout *buttonRow = createEditors();
    connectEditors();
    createCredentialsArea();
    createStatusArea();
    createHistory();
    layOut(titleRow, addressRow, identityRow, buttonRow);
    if (m_engine)
        connectEngine();
    retranslate();
    clear();
}

QHBoxLayout *MemberDetailPanel::createTitleRow()
{
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("memberDetailTitle"));
    m_title->setTextFormat(Qt::PlainText);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_close = new QPushButton(this);
    m_close->setObjectName(QStringLiteral("memberDetailClose"));
    m_close->setFlat(true);
    connect(m_close, &QPushButton::clicked, this, &MemberDetailPanel::closeRequested);
    auto *titleRow = new QHBoxLayout;
    titleRow->addWidget(m_title, 1);
    titleRow->addWidget(m_close);
    return titleRow;
}

// With copy buttons: people paste addresses into scripts and tickets.
std::pair<QHBoxLayout *, QHBoxLayout *> MemberDetailPanel::createIdentityRows()
{
    m_address = valueLabel(this, "memberDetailAddress");
    m_copyAddress = new QPushButton(this);
    m_copyAddress->setObjectName(QStringLiteral("memberDetailCopyAddress"));
    connect(m_copyAddress, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(m_member.address.toString()); });
    m_identity = valueLabel(this, "memberDetailIdentity");
    m_identity->setWordWrap(false);
    m_identity->setMinimumWidth(1);
    m_copyIdentity = new QPushButton(this);
    m_copyIdentity->setObjectName(QStringLiteral("memberDetailCopyIdentity"));
    connect(m_copyIdentity, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(m_member.identity); });
    auto *addressRow = new QHBoxLayout;
    addressRow->addWidget(m_address, 1);
    addressRow->addWidget(m_copyAddress);
    auto *identityRow = new QHBoxLayout;
    identityRow->addWidget(m_identity, 1);
    identityRow->addWidget(m_copyIdentity);
    return {addressRow, identityRow};
}

// What the API lets a person change; returns the Revert/Apply row.
QHBoxLayout *MemberDetailPanel::createEditors()
{
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("memberDetailName"));
    m_description = new QPlainTextEdit(this);
    m_description->setObjectName(QStringLiteral("memberDetailDescription"));
    m_description->setTabChangesFocus(true);
    m_description->setFixedHeight(fontMetrics().lineSpacing() * 3 + 12);
    m_authorized = new QCheckBox(this);
    m_authorized->setObjectName(QStringLiteral("memberDetailAuthorized"));
    m_ips = new QLineEdit(this);
    m_ips->setObjectName(QStringLiteral("memberDetailIps"));
    m_activeBridge = new QCheckBox(this);
    m_activeBridge->setObjectName(QStringLiteral("memberDetailActiveBridge"));
    m_noAutoAssign = new QCheckBox(this);
    m_noAutoAssign->setObjectName(QStringLiteral("memberDetailNoAutoAssign"));
    m_apply = new QPushButton(this);
    m_apply->setObjectName(QStringLiteral("memberDetailApply"));
    m_revert = new QPushButton(this);
    m_revert->setObjectName(QStringLiteral("memberDetailRevert"));
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("memberDetailError"));
    m_error->setWordWrap(true);
    m_error->setTextFormat(Qt::PlainText);
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #b3261e; }"));
    m_error->hide();

    m_editForm = new QFormLayout;
    m_editForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_editForm->addRow(new QLabel(this), m_name);
    m_editForm->addRow(new QLabel(this), m_description);
    m_editForm->addRow(new QLabel(this), m_ips);
    m_editForm->addRow(new QLabel(this), m_authorized);
    m_editForm->addRow(new QLabel(this), m_activeBridge);
    m_editForm->addRow(new QLabel(this), m_noAutoAssign);
    auto *buttonRow = new QHBoxLayout;
    buttonRow->addStretch();
    buttonRow->addWidget(m_revert);
    buttonRow->addWidget(m_apply);
    return buttonRow;
}

void MemberDetailPanel::connectEditors()
{
    connect(m_apply, &QPushButton::clicked, this, &MemberDetailPanel::apply);
    connect(m_revert, &QPushButton::clicked, this, &MemberDetailPanel::revert);
    connect(m_ips, &QLineEdit::returnPressed, this, &MemberDetailPanel::apply);
    connect(m_name, &QLineEdit::returnPressed, this, &MemberDetailPanel::apply);
    for (QLineEdit *edit : {m_name, m_ips})
        connect(edit, &QLineEdit::textChanged, this, &MemberDetailPanel::updateApplyState);
    connect(m_description, &QPlainTextEdit::textChanged, this, &MemberDetailPanel::updateApplyState);
    for (QCheckBox *check : {m_authorized, m_activeBridge, m_noAutoAssign})
        connect(check, &QCheckBox::toggled, this, &MemberDetailPanel::updateApplyState);
}

// Tags and capabilities: shown here; the rules-language work adds their editors to this layout.
void MemberDetailPanel::createCredentialsArea()
{
    m_rulesSummary = valueLabel(this, "memberDetailTagsCapabilities");
    m_rulesLayout = new QVBoxLayout;
    m_rulesLayout->setContentsMargins(0, 0, 0, 0);
    m_rulesLayout->addWidget(m_rulesSummary);
    m_credentials = new MemberCredentialsEditor(this);
    m_credentials->setObjectName(QStringLiteral("memberDetailCredentials"));
    m_rulesLayout->addWidget(m_credentials);
    connect(m_credentials, &MemberCredentialsEditor::edited, this, [this] {
        m_credentialsTouched = true;
        updateApplyState();
    });
}

// Live status and times: read-only.
void MemberDetailPanel::createStatusArea()
{
    m_status = valueLabel(this, "memberDetailStatus");
    m_lastRequest = valueLabel(this, "memberDetailLastRequest");
    m_physical = valueLabel(this, "memberDetailPhysical");
    m_version = valueLabel(this, "memberDetailVersion");
    m_protocol = valueLabel(this, "memberDetailProtocol");
    m_latency = valueLabel(this, "memberDetailLatency");
    m_created = valueLabel(this, "memberDetailCreated");
    m_lastAuthorized = valueLabel(this, "memberDetailLastAuthorized");
    m_lastDeauthorized = valueLabel(this, "memberDetailLastDeauthorized");
    m_statusForm = new QFormLayout;
    m_statusForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    for (QLabel *label : {m_status, m_lastRequest, m_physical, m_version, m_protocol, m_latency, m_created,
                          m_lastAuthorized, m_lastDeauthorized})
        m_statusForm->addRow(new QLabel(this), label);
}

void MemberDetailPanel::createHistory()
{
    m_history = new QTreeWidget(this);
    m_history->setObjectName(QStringLiteral("memberDetailHistory"));
    m_history->setColumnCount(3);
    m_history->setRootIsDecorated(false);
    m_history->setAlternatingRowColors(true);
    m_history->setUniformRowHeights(true);
    m_history->header()->setStretchLastSection(true);
    m_history->setMinimumHeight(fontMetrics().lineSpacing() * 6);
}

void MemberDetailPanel::layOut(QHBoxLayout *titleRow, QHBoxLayout *addressRow, QHBoxLayout *identityRow,
                               QHBoxLayout *buttonRow)
{
    for (int i = 0; i < 5; ++i)
        m_sectionTitles << sectionTitle(this);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(titleRow);
    layout->addWidget(m_sectionTitles[0]); // identity
    layout->addLayout(addressRow);
    layout->addLayout(identityRow);
    layout->addSpacing(6);
    layout->addWidget(m_sectionTitles[1]); // settings
    layout->addLayout(m_editForm);
    layout->addWidget(m_error);
    layout->addLayout(buttonRow);
    layout->addWidget(m_sectionTitles[2]); // tags and capabilities
    layout->addLayout(m_rulesLayout);
    layout->addSpacing(6);
    layout->addWidget(m_sectionTitles[3]); // status
    layout->addLayout(m_statusForm);
    layout->addSpacing(6);
    layout->addWidget(m_sectionTitles[4]); // history
    layout->addWidget(m_history, 1);
}

void MemberDetailPanel::connectEngine()
{
    // The tag and capability names live in the network's rules source: the editor follows the
    // network's settings as the engine reports them.
    connect(m_engine, &EngineClient::networkDetails, this, [this](const NetworkDetails &details) {
        if (details.id == 0 || details.id != m_member.networkId)
            return;
        m_credentialsNetwork = details.id;
        m_credentialsRevision = details.revision;
        m_credentials->setNetwork(details.settings);
        if (!m_credentialsTouched)
            m_credentials->setMember(m_member);
        fillReadOnly();
    });
    connect(m_engine, &EngineClient::networkChanged, this, [this](const NetworkInfo &network) {
        if (network.id == m_member.networkId && network.id == m_credentialsNetwork &&
            network.revision != m_credentialsRevision)
            m_engine->requestNetworkDetails(network.id);
    });
    connect(m_engine, &EngineClient::memberHistory, this,
            [this](quint64 networkId, Address member, const QList<MemberEventRow> &events) {
                if (networkId == m_member.networkId && member == m_member.address)
                    showHistory(events);
            });
}

MemberDetailPanel::~MemberDetailPanel() = default;

void MemberDetailPanel::setClock(std::function<qint64()> clock)
{
    m_clock = std::move(clock);
    fillReadOnly();
}

void MemberDetailPanel::clear()
{
    m_member = MemberInfo{};
    m_history->clear();
    m_credentialsTouched = false;
    m_credentials->setMember(m_member);
    fillEditors(m_member, false);
    fillReadOnly();
    m_error->hide();
    setEnabled(false);
}

void MemberDetailPanel::setMember(const MemberInfo &member)
{
    const bool other = member.networkId != m_member.networkId || member.address != m_member.address;
    const bool changedRecord = other || member.revision != m_member.revision ||
                               member.authorized != m_member.authorized ||
                               member.ipAssignments != m_member.ipAssignments;
    setEnabled(true);
    if (other) {
        m_error->hide();
        m_history->clear();
        m_credentialsTouched = false;
    }
    fillEditors(member, !other);
    m_member = member;
    if (!m_credentialsTouched)
        m_credentials->setMember(member);
    if (member.networkId != m_credentialsNetwork) {
        // Another network: its definitions are asked for; until they come the editor shows none.
        m_credentialsNetwork = 0;
        m_credentials->setNetwork(NetworkSettings{});
        if (m_engine)
            m_engine->requestNetworkDetails(member.networkId);
    }
    fillReadOnly();
    updateApplyState();
    // The record changed (here, through the API or by the controller): its history did too.
    if (changedRecord && m_engine)
        m_engine->requestMemberHistory(member.networkId, member.address);
}

void MemberDetailPanel::fillEditors(const MemberInfo &member, bool onlyUntouched)
{
    // A field the user changed (it differs from what was last shown) keeps the user's text.
    const MemberInfo &shown = m_member;
    if (!onlyUntouched || m_name->text() == shown.name)
        m_name->setText(member.name);
    if (!onlyUntouched || m_description->toPlainText() == shown.description)
        m_description->setPlainText(member.description);
    if ((!onlyUntouched || m_ips->text() == ipsText(shown.ipAssignments)) &&
        m_ips->text() != ipsText(member.ipAssignments)) {
        m_ips->setText(ipsText(member.ipAssignments));
        m_ips->setCursorPosition(0); // a list longer than the field shows its first address, not its last
    }
    if (!onlyUntouched || m_authorized->isChecked() == shown.authorized)
        m_authorized->setChecked(member.authorized);
    if (!onlyUntouched || m_activeBridge->isChecked() == shown.activeBridge)
        m_activeBridge->setChecked(member.activeBridge);
    if (!onlyUntouched || m_noAutoAssign->isChecked() == shown.noAutoAssignIps)
        m_noAutoAssign->setChecked(member.noAutoAssignIps);
}

QString MemberDetailPanel::formatTime(qint64 ms) const
{
    if (ms <= 0)
        return tr("never");
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(ms);
    return tr("%1 (%2)").arg(QLocale().toString(time, QLocale::ShortFormat), MemberListModel::formatAge(ms, m_clock()));
}

void MemberDetailPanel::fillReadOnly()
{
    const MemberInfo &m = m_member;
    if (m.networkId == 0) {
        m_title->setText(tr("No member selected"));
        for (QLabel *label : {m_address, m_identity, m_status, m_lastRequest, m_physical, m_version, m_protocol,
                              m_latency, m_created, m_lastAuthorized, m_lastDeauthorized, m_rulesSummary})
            label->clear();
        return;
    }
    m_title->setText(m.name.isEmpty() ? m.address.toString() : m.name);
    m_address->setText(m.address.toString());
    m_identity->setText(m.identity.isEmpty() ? tr("not known until the member first asks") : m.identity);
    m_identity->setToolTip(m.identity);
    m_copyIdentity->setEnabled(!m.identity.isEmpty());
    // One statement about being online, from the same fact as the table's dot: never "online" beside
    // "last seen an hour ago".
    if (m.online)
        m_status->setText(tr("Online"));
    else if (m.lastRequestTime > 0)
        m_status->setText(tr("Offline"));
    else
        m_status->setText(m.pending ? tr("Waiting for authorization") : tr("Never seen"));
    m_lastRequest->setText(formatTime(m.lastRequestTime));
    m_physical->setText(m.physicalAddress.isNull() ? QStringLiteral("\u2014") : m.physicalAddress.toString());
    m_version->setText(m.clientVersion().isEmpty() ? QStringLiteral("\u2014") : m.clientVersion());
    m_protocol->setText(m.protocolVersion < 0 ? QStringLiteral("\u2014") : QString::number(m.protocolVersion));
    m_latency->setText(MemberListModel::formatLatency(m.latencyMs));
    m_created->setText(formatTime(m.creationTime));
    m_lastAuthorized->setText(formatTime(m.lastAuthorizedTime));
    m_lastDeauthorized->setText(formatTime(m.lastDeauthorizedTime));
    QStringList tags;
    for (const auto &[id, value] : m.tags)
        tags << QStringLiteral("%1=%2").arg(id).arg(value);
    QStringList caps;
    for (const quint32 id : m.capabilities)
        caps << QString::number(id);
    // The editor names what the rules define; raw IDs are shown only for values it cannot name.
    m_rulesSummary->setVisible(!m_credentials->hasDefinitions() && (!tags.isEmpty() || !caps.isEmpty()));
    m_rulesSummary->setText(tr("Tags: %1 · Capabilities: %2")
                                .arg(tags.isEmpty() ? tr("none") : tags.join(QLatin1String(", ")),
                                     caps.isEmpty() ? tr("none") : caps.join(QLatin1String(", "))));
}

QString MemberDetailPanel::describeSource(const QString &source)
{
    if (source == MemberEventRow::ByWindow)
        return tr("in the window");
    if (source == MemberEventRow::ByApi)
        return tr("through the API");
    if (source == MemberEventRow::ByImport)
        return tr("by an import");
    if (source == MemberEventRow::ByController)
        return tr("by the controller");
    return source;
}

QString MemberDetailPanel::describeEvent(const MemberEventRow &event)
{
    if (event.kind == MemberEventRow::Authorized)
        return tr("Authorized");
    if (event.kind == MemberEventRow::Deauthorized)
        return tr("Deauthorized");
    if (event.kind == MemberEventRow::IpsChanged)
        return event.detail.isEmpty() ? tr("IP addresses removed") : tr("IP addresses: %1").arg(event.detail);
    return event.kind;
}

void MemberDetailPanel::showHistory(const QList<MemberEventRow> &events)
{
    m_history->clear();
    for (const MemberEventRow &event : events) {
        auto *item = new QTreeWidgetItem(m_history);
        item->setText(0, QLocale().toString(QDateTime::fromMSecsSinceEpoch(event.time), QLocale::ShortFormat));
        item->setText(1, describeEvent(event));
        item->setText(2, describeSource(event.source));
        item->setToolTip(1, describeEvent(event));
    }
    m_history->resizeColumnToContents(0);
    m_history->resizeColumnToContents(1);
}

void MemberDetailPanel::updateApplyState()
{
    const MemberInfo &m = m_member;
    const bool changed =
        m.networkId != 0 && (m_name->text() != m.name || m_description->toPlainText() != m.description ||
                             m_ips->text() != ipsText(m.ipAssignments) || m_authorized->isChecked() != m.authorized ||
                             m_activeBridge->isChecked() != m.activeBridge ||
                             m_noAutoAssign->isChecked() != m.noAutoAssignIps || m_credentialsTouched);
    m_apply->setEnabled(changed);
    m_revert->setEnabled(changed);
}

bool MemberDetailPanel::apply()
{
    const MemberInfo &m = m_member;
    if (m.networkId == 0 || !m_engine)
        return false;
    MemberUpdate update;
    if (m_name->text() != m.name)
        update.name = m_name->text();
    if (m_description->toPlainText() != m.description)
        update.description = m_description->toPlainText();
    if (m_ips->text() != ipsText(m.ipAssignments)) {
        QString error;
        const std::optional<QList<InetAddress>> ips = MemberListModel::parseIpList(m_ips->text(), &error);
        if (!ips) {
            // The typed text stays for correcting.
            m_error->setText(error);
            m_error->show();
            m_ips->setFocus();
            return false;
        }
        update.ipAssignments = *ips;
    }
    if (m_authorized->isChecked() != m.authorized)
        update.authorized = m_authorized->isChecked();
    if (m_activeBridge->isChecked() != m.activeBridge)
        update.activeBridge = m_activeBridge->isChecked();
    if (m_noAutoAssign->isChecked() != m.noAutoAssignIps)
        update.noAutoAssignIps = m_noAutoAssign->isChecked();
    if (m_credentialsTouched) {
        const MemberUpdate credentials = m_credentials->update();
        update.tags = credentials.tags;
        update.capabilities = credentials.capabilities;
        // The engine's answer (memberChanged) refreshes the editor with what was stored.
        m_credentialsTouched = false;
    }
    m_error->hide();
    m_engine->updateMember(m.networkId, m.address, update);
    return true;
}

void MemberDetailPanel::revert()
{
    fillEditors(m_member, false);
    m_credentialsTouched = false;
    m_credentials->setMember(m_member);
    m_error->hide();
    updateApplyState();
}

QString MemberDetailPanel::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void MemberDetailPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void MemberDetailPanel::retranslate()
{
    m_close->setText(tr("Close"));
    m_close->setToolTip(tr("Hide the member details"));
    m_copyAddress->setText(tr("Copy"));
    m_copyAddress->setToolTip(tr("Copy the member address"));
    m_copyIdentity->setText(tr("Copy"));
    m_copyIdentity->setToolTip(tr("Copy the member's public identity"));
    m_sectionTitles[0]->setText(tr("Identity"));
    m_sectionTitles[1]->setText(tr("Settings"));
    m_sectionTitles[2]->setText(tr("Tags and capabilities"));
    m_sectionTitles[3]->setText(tr("Status"));
    m_sectionTitles[4]->setText(tr("Recent changes"));
    setRowLabel(m_editForm, m_name, tr("&Name:"));
    setRowLabel(m_editForm, m_description, tr("&Description:"));
    setRowLabel(m_editForm, m_ips, tr("&IP addresses:"));
    m_ips->setPlaceholderText(tr("assigned automatically, or e.g. 10.147.17.5, fd00::5"));
    m_authorized->setText(tr("&Authorized"));
    m_activeBridge->setText(tr("Active &bridge"));
    m_activeBridge->setToolTip(tr("May bridge other Ethernet traffic into the network"));
    m_noAutoAssign->setText(tr("No automatic IP &assignment"));
    m_apply->setText(tr("A&pply"));
    m_revert->setText(tr("&Revert"));
    setRowLabel(m_statusForm, m_status, tr("Status:"));
    setRowLabel(m_statusForm, m_lastRequest, tr("Last config request:"));
    setRowLabel(m_statusForm, m_physical, tr("Physical address:"));
    setRowLabel(m_statusForm, m_version, tr("Client version:"));
    setRowLabel(m_statusForm, m_protocol, tr("Protocol:"));
    setRowLabel(m_statusForm, m_latency, tr("Latency:"));
    setRowLabel(m_statusForm, m_created, tr("Created:"));
    setRowLabel(m_statusForm, m_lastAuthorized, tr("Last authorized:"));
    setRowLabel(m_statusForm, m_lastDeauthorized, tr("Last deauthorized:"));
    m_history->setHeaderLabels({tr("When"), tr("Change"), tr("By")});
    fillReadOnly();
}

} // namespace tier
