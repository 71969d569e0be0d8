// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/controller/memberinfo.h"
#include "core/controller/networkcontroller.h"
#include "core/controller/networksettings.h"

#include <QWidget>

#include <functional>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;

namespace tier {

/// A member's tags and capabilities (the tags-and-capabilities part of the member details): each tag
/// of the network chosen by its enum name or its flags, each capability ticked by name. Names come
/// from the network's rules source; rules set without a source show the IDs.
class MemberCredentialsEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MemberCredentialsEditor)

public:
    explicit MemberCredentialsEditor(QWidget *parent = nullptr);
    ~MemberCredentialsEditor() override;

    /// The network's tag and capability definitions (discards edits).
    void setNetwork(const NetworkSettings &settings);
    /// The member's current values (discards edits).
    void setMember(const MemberInfo &member);
    /// The tags and capabilities as edited (only those two fields set).
    MemberUpdate update() const;
    bool hasDefinitions() const;

    /// For tests: the control of a tag (by id) and of a capability (by id); nullptr if none.
    QComboBox *tagCombo(quint32 id) const;
    QCheckBox *tagFlag(quint32 id, const QString &flag) const;
    QCheckBox *capabilityCheck(quint32 id) const;

signals:
    void edited();

private:
    struct TagRow;
    struct CapabilityRow;
    void rebuild();

    NetworkSettings m_settings;
    MemberInfo m_member;
    QFormLayout *m_form = nullptr;
    QLabel *m_empty = nullptr;
    std::vector<std::unique_ptr<TagRow>> m_tags;
    std::vector<std::unique_ptr<CapabilityRow>> m_caps;
};

} // namespace tier
