// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

namespace tier::flowrules {

/// One rule object as the reference compiler writes it, fields in its order ("type", then "not" and
/// "or" for matches, then the type's own fields).
struct RuleEntry final
{
    QList<QPair<QString, QJsonValue>> fields;

    QString type() const;
    QJsonObject toJson() const;
    friend bool operator==(const RuleEntry &, const RuleEntry &) = default;
};

struct CapabilityDefinition final
{
    QString name; ///< lowercased
    qint64 id = 0;
    bool isDefault = false;
    QList<RuleEntry> rules;
};

struct TagDefinition final
{
    QString name; ///< lowercased
    qint64 id = 0;
    std::optional<qint64> defaultValue;
    QList<QPair<QString, qint64>> enums; ///< name → value, in definition order
    QList<QPair<QString, qint64>> flags; ///< name → mask, in definition order
};

/// What a program compiles to.
struct CompiledRules final
{
    QList<RuleEntry> rules;
    QList<CapabilityDefinition> capabilities;
    QList<TagDefinition> tags;

    QJsonArray rulesJson() const;
    QJsonArray capabilitiesJson() const; ///< [{"id","default","rules"}]
    QJsonArray tagsJson() const;         ///< [{"id","default"}]
    /// The object `node cli.js FILE` prints: {"config":{rules,capabilities,tags},
    /// "capabilitiesByName", "tagsByName"}, written like JSON.stringify(…, null, 1) with a final newline.
    QByteArray toCliJson() const;
};

/// Where and why a program was refused; line and column as the reference reports them.
struct CompileError final
{
    int line = 0;
    int column = 0;
    QString message;

    /// "line L column C: MESSAGE"
    QString toString() const;
};

} // namespace tier::flowrules
