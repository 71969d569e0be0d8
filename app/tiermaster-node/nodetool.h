// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/crypto/identity.h"
#include "core/node/memberevent.h"

#include <QList>
#include <QObject>
#include <QStringList>

#include <memory>
#include <optional>

namespace tier {

class MemoryIdentityCache;
class Node;
class SimulatedMember;

/// `tiermaster-node root|join ...` (see usage()). start() parses and sets up; it returns an exit
/// code when the tool is done already (help, errors) or -1 to run the event loop.
class NodeTool final : public QObject
{
    Q_OBJECT

public:
    NodeTool();
    ~NodeTool() override;

    int start(const QStringList &args);
    static QString usage();

private:
    int startRoot(const QStringList &args);
    int startJoin(const QStringList &args);
    void onEvent(const MemberEvent &event);
    void finish(int code);
    bool allReached() const;

    std::optional<Identity> loadOrCreateIdentity(const QString &path);
    std::optional<QList<Identity>> memberIdentities(const QString &path, int count);

    bool m_json = false;
    std::optional<MemberEvent::Kind> m_until;
    std::unique_ptr<MemoryIdentityCache> m_cache;
    QList<Node *> m_nodes;
    QList<SimulatedMember *> m_members;
};

} // namespace tier
