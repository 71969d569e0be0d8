// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/controller/memberinfo.h"
#include "core/store/membereventrepository.h"

#include <QPointer>
#include <QWidget>

#include <utility>

class QCheckBox;
class QFormLayout;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTreeWidget;
class QVBoxLayout;

namespace tier {

class EngineClient;
class MemberCredentialsEditor;
struct NetworkDetails;

/// The side pane of the members page for one member: every field of its record, the editable ones
/// (name, description, authorized, managed IPs, active bridge, no auto-assign) applied together as
/// one update to the engine; read-only live status; identity with copy; creation and authorization
/// times; and its recent history (authorized, deauthorized, IP changes, and by whom). Not modal: the
/// table beside it keeps working. Live updates never overwrite a field the user is editing.
class MemberDetailPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MemberDetailPanel)

public:
    explicit MemberDetailPanel(EngineClient *engine, QWidget *parent = nullptr);
    ~MemberDetailPanel() override;

    /// Shows this member (a different one: fields reset and its history is asked for); the same one
    /// again: refreshes status and the fields the user has not touched.
    void setMember(const MemberInfo &member);
    /// No member (nothing or several rows selected).
    void clear();
    bool hasMember() const { return m_member.networkId != 0; }
    const MemberInfo &member() const { return m_member; }
    /// Clock for the relative times (tests).
    void setClock(std::function<qint64()> clock);

    /// The member's tags and capabilities, chosen by the names the network's rules give them.
    MemberCredentialsEditor *credentialsEditor() const { return m_credentials; }

    // Widgets, for tests.
    QLineEdit *nameEdit() const { return m_name; }
    QPlainTextEdit *descriptionEdit() const { return m_description; }
    QCheckBox *authorizedCheck() const { return m_authorized; }
    QCheckBox *activeBridgeCheck() const { return m_activeBridge; }
    QCheckBox *noAutoAssignCheck() const { return m_noAutoAssign; }
    QLineEdit *ipsEdit() const { return m_ips; }
    QPushButton *applyButton() const { return m_apply; }
    QLabel *statusLabel() const { return m_status; }
    QLabel *identityLabel() const { return m_identity; }
    QTreeWidget *historyView() const { return m_history; }
    QString errorText() const;

    /// "by the window", "through the API" … for a MemberEventRow source.
    static QString describeSource(const QString &source);
    /// One history line's text ("Authorized", "IP addresses: 10.1.1.2").
    static QString describeEvent(const MemberEventRow &event);

public slots:
    /// Sends the changed fields as one MemberUpdate; false (with a message here) when an IP is malformed.
    bool apply();
    /// Puts the member's stored values back into the fields.
    void revert();

signals:
    void closeRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    // The constructor's parts, in the order the panel shows them.
    QHBoxLayout *createTitleRow();
    std::pair<QHBoxLayout *, QHBoxLayout *> createIdentityRows();
    QHBoxLayout *createEditors();
    void connectEditors();
    void createCredentialsArea();
    void createStatusArea();
    void createHistory();
    void layOut(QHBoxLayout *titleRow, QHBoxLayout *addressRow, QHBoxLayout *identityRow, QHBoxLayout *buttonRow);
    void connectEngine();

    void retranslate();
    void fillEditors(const MemberInfo &member, bool onlyUntouched);
    void fillReadOnly();
    void showHistory(const QList<MemberEventRow> &events);
    void updateApplyState();
    QString formatTime(qint64 ms) const;

    QPointer<EngineClient> m_engine;
    std::function<qint64()> m_clock;
    MemberInfo m_member; ///< as last shown (editors compare against it to know what the user changed)

    QLabel *m_title = nullptr;
    QPushButton *m_close = nullptr;
    QLabel *m_address = nullptr;
    QPushButton *m_copyAddress = nullptr;
    QLabel *m_identity = nullptr;
    QPushButton *m_copyIdentity = nullptr;
    QLineEdit *m_name = nullptr;
    QPlainTextEdit *m_description = nullptr;
    QCheckBox *m_authorized = nullptr;
    QLineEdit *m_ips = nullptr;
    QCheckBox *m_activeBridge = nullptr;
    QCheckBox *m_noAutoAssign = nullptr;
    QPushButton *m_apply = nullptr;
    QPushButton *m_revert = nullptr;
    QLabel *m_error = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_lastRequest = nullptr;
    QLabel *m_physical = nullptr;
    QLabel *m_version = nullptr;
    QLabel *m_protocol = nullptr;
    QLabel *m_latency = nullptr;
    QLabel *m_created = nullptr;
    QLabel *m_lastAuthorized = nullptr;
    QLabel *m_lastDeauthorized = nullptr;
    QLabel *m_rulesSummary = nullptr;
    MemberCredentialsEditor *m_credentials = nullptr;
    /// The network whose tag and capability definitions the editor holds, and its revision.
    quint64 m_credentialsNetwork = 0;
    quint64 m_credentialsRevision = 0;
    /// The user changed a tag or capability: live updates leave the editor alone until Apply/Revert.
    bool m_credentialsTouched = false;
    QVBoxLayout *m_rulesLayout = nullptr;
    QTreeWidget *m_history = nullptr;
    QFormLayout *m_editForm = nullptr;
    QFormLayout *m_statusForm = nullptr;
    QList<QLabel *> m_sectionTitles;
};

} // namespace tier
