// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/membercredentialseditor.h"

#include "core/flowrules/compiler.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>

namespace tier {

struct MemberCredentialsEditor::TagRow
{
    quint32 id = 0;
    QComboBox *combo = nullptr;                  ///< enum tags (and tags without names): the value
    QList<QPair<QString, QCheckBox *>> flags;    ///< flag tags: one box per single-bit flag
    QList<QPair<QString, qint64>> flagValues;
};

struct MemberCredentialsEditor::CapabilityRow
{
    quint32 id = 0;
    QCheckBox *check = nullptr;
};

namespace {

QJsonArray arrayOf(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).array();
}

bool singleBit(qint64 v)
{
    return v > 0 && (v & (v - 1)) == 0;
}

} // namespace

MemberCredentialsEditor::MemberCredentialsEditor(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_empty = new QLabel(tr("The network's rules define no tags or capabilities."), this);
    m_empty->setWordWrap(true);
    m_form = new QFormLayout;
    layout->addWidget(m_empty);
    layout->addLayout(m_form);
    layout->addStretch();
}

MemberCredentialsEditor::~MemberCredentialsEditor() = default;

void MemberCredentialsEditor::setNetwork(const NetworkSettings &settings)
{
    m_settings = settings;
    rebuild();
}

void MemberCredentialsEditor::setMember(const MemberInfo &member)
{
    m_member = member;
    rebuild();
}

bool MemberCredentialsEditor::hasDefinitions() const
{
    return !m_tags.empty() || !m_caps.empty();
}

void MemberCredentialsEditor::rebuild()
{
    while (m_form->rowCount() > 0)
        m_form->removeRow(0);
    m_tags.clear();
    m_caps.clear();
    // Names, enums and flags live only in the source; the stored objects carry the IDs.
    const flowrules::CompileResult compiled = flowrules::compileRules(m_settings.rulesSource);
    auto tagDefinition = [&](quint32 id) -> const flowrules::TagDefinition * {
        if (!compiled.ok())
            return nullptr;
        for (const auto &t : compiled.rules().tags) {
            if (t.id == id)
                return &t;
        }
        return nullptr;
    };
    auto capabilityName = [&](quint32 id) -> QString {
        if (compiled.ok()) {
            for (const auto &c : compiled.rules().capabilities) {
                if (c.id == id)
                    return c.name;
            }
        }
        return tr("capability %1").arg(id);
    };
    auto memberValue = [&](quint32 id) -> std::optional<quint32> {
        for (const auto &[tagId, value] : m_member.tags) {
            if (tagId == id)
                return value;
        }
        return std::nullopt;
    };

    for (const QJsonValue &v : arrayOf(m_settings.tagsJson)) {
        auto row = std::make_unique<TagRow>();
        row->id = quint32(v.toObject().value(QLatin1String("id")).toDouble());
        const flowrules::TagDefinition *def = tagDefinition(row->id);
        const std::optional<quint32> current = memberValue(row->id);
        const QString label = def ? def->name : tr("tag %1").arg(row->id);
        if (def && def->enums.isEmpty() && !def->flags.isEmpty()) {
            auto *box = new QWidget(this);
            auto *h = new QHBoxLayout(box);
            h->setContentsMargins(0, 0, 0, 0);
            for (const auto &[name, value] : def->flags) {
                if (!singleBit(value))
                    continue; // combinations (e.g. "rw") follow from their bits
                auto *check = new QCheckBox(name, box);
                check->setChecked(current && (*current & quint32(value)) != 0);
                connect(check, &QCheckBox::toggled, this, &MemberCredentialsEditor::edited);
                h->addWidget(check);
                row->flags.append({name, check});
                row->flagValues.append({name, value});
            }
            h->addStretch();
            m_form->addRow(label + u':', box);
        } else {
            row->combo = new QComboBox(this);
            row->combo->addItem(tr("(not set)"));
            if (def) {
                for (const auto &[name, value] : def->enums)
                    row->combo->addItem(QStringLiteral("%1 (%2)").arg(name).arg(value), QVariant(qint64(value)));
            }
            int index = 0;
            if (current) {
                index = row->combo->findData(QVariant(qint64(*current)));
                if (index < 0) {
                    row->combo->addItem(tr("value %1").arg(*current), QVariant(qint64(*current)));
                    index = row->combo->count() - 1;
                }
            }
            row->combo->setCurrentIndex(index);
            connect(row->combo, &QComboBox::currentIndexChanged, this, &MemberCredentialsEditor::edited);
            m_form->addRow(label + u':', row->combo);
        }
        m_tags.push_back(std::move(row));
    }
    for (const QJsonValue &v : arrayOf(m_settings.capabilitiesJson)) {
        auto row = std::make_unique<CapabilityRow>();
        row->id = quint32(v.toObject().value(QLatin1String("id")).toDouble());
        row->check = new QCheckBox(tr("%1 (id %2)").arg(capabilityName(row->id)).arg(row->id), this);
        row->check->setChecked(m_member.capabilities.contains(row->id));
        connect(row->check, &QCheckBox::toggled, this, &MemberCredentialsEditor::edited);
        m_form->addRow(m_caps.empty() ? tr("Capabilities:") : QString(), row->check);
        m_caps.push_back(std::move(row));
    }
    m_empty->setVisible(!hasDefinitions());
}

MemberUpdate MemberCredentialsEditor::update() const
{
    MemberUpdate u;
    QList<QPair<quint32, quint32>> tags;
    for (const auto &row : m_tags) {
        if (row->combo) {
            const QVariant value = row->combo->currentData();
            if (value.isValid())
                tags.append({row->id, quint32(value.toLongLong())});
        } else {
            quint32 mask = 0;
            for (qsizetype i = 0; i < row->flags.size(); ++i) {
                if (row->flags.at(i).second->isChecked())
                    mask |= quint32(row->flagValues.at(i).second);
            }
            tags.append({row->id, mask});
        }
    }
    std::sort(tags.begin(), tags.end());
    u.tags = tags;
    QList<quint32> caps;
    for (const auto &row : m_caps) {
        if (row->check->isChecked())
            caps.append(row->id);
    }
    u.capabilities = caps;
    return u;
}

QComboBox *MemberCredentialsEditor::tagCombo(quint32 id) const
{
    for (const auto &row : m_tags) {
        if (row->id == id)
            return row->combo;
    }
    return nullptr;
}

QCheckBox *MemberCredentialsEditor::tagFlag(quint32 id, const QString &flag) const
{
    for (const auto &row : m_tags) {
        if (row->id != id)
            continue;
        for (const auto &[name, check] : row->flags) {
            if (name == flag)
                return check;
        }
    }
    return nullptr;
}

QCheckBox *MemberCredentialsEditor::capabilityCheck(quint32 id) const
{
    for (const auto &row : m_caps) {
        if (row->id == id)
            return row->check;
    }
    return nullptr;
}

} // namespace tier
