// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/service/nodecontrollersender.h"

#include "core/node/node.h"

namespace tier {

Q_LOGGING_CATEGORY(lcContacts, "tiermaster.contacts", QtInfoMsg)

namespace {

QString errorName(ProtocolErrorCode code)
{
    switch (code) {
    case ProtocolErrorCode::NetworkAccessDenied:
        return QStringLiteral("access denied");
    case ProtocolErrorCode::ObjectNotFound:
        return QStringLiteral("not found");
    default:
        return QStringLiteral("error %1").arg(int(code));
    }
}

} // namespace

void NodeControllerSender::sendConfig(Address member, quint64 inRePacketId, const QList<QByteArray> &chunks)
{
    const bool sent = m_node && m_node->sendConfig(member, inRePacketId, chunks);
    qCInfo(lcContacts).noquote() << (inRePacketId ? "config served to" : "config pushed to") << member.toString()
                                 << QStringLiteral("(%1 chunk%2)").arg(chunks.size()).arg(chunks.size() == 1 ? QString() : QStringLiteral("s"))
                                 << (sent ? "" : "— could not be sent");
}

void NodeControllerSender::sendError(Address member, quint64 inRePacketId, ProtocolErrorCode code, quint64 networkId)
{
    const bool sent = m_node && m_node->sendError(member, inRePacketId, code, networkId);
    qCInfo(lcContacts).noquote() << errorName(code) << "sent to" << member.toString() << "for network"
                                 << networkIdToString(networkId) << (inRePacketId ? "" : "(unsolicited)")
                                 << (sent ? "" : "— could not be sent");
}

void NodeControllerSender::sendRevocation(Address member, const Revocation &revocation)
{
    const bool sent = m_node && m_node->sendCredentials(member, revocation.toBytes());
    qCInfo(lcContacts).noquote() << "revocation sent to" << member.toString() << (sent ? "" : "— could not be sent");
}

} // namespace tier
