// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/controller/controllersender.h"

#include <QLoggingCategory>

namespace tier {

class Node;

Q_DECLARE_LOGGING_CATEGORY(lcContacts)

/// The controller's answers, sent by the engine's Node (armor, fragments, path or relay). Logs one
/// contact line per answer on the tiermaster.contacts category (addresses and IDs only, never keys):
/// pushes, errors and revocations at info; the routine answer to a member's re-request only at debug
/// (every member asks every minute: at info it would cost a formatted line and a write per request).
class NodeControllerSender final : public ControllerSender
{
public:
    explicit NodeControllerSender(Node *node) : m_node(node) {}

    void sendConfig(Address member, quint64 inRePacketId, const QList<QByteArray> &chunks) override;
    void sendError(Address member, quint64 inRePacketId, ProtocolErrorCode code, quint64 networkId) override;
    void sendRevocation(Address member, const Revocation &revocation) override;

private:
    Node *m_node;
};

} // namespace tier
