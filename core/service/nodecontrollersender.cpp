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
    const auto line = [&] {
        return QStringLiteral("config %1 %2 (%3 chunk%4)%5")
            .arg(inRePacketId ? QStringLiteral("served to") : QStringLiteral("pushed to"), member.toString())
            .arg(chunks.size())
            .arg(chunks.size() == 1 ? QString() : QStringLiteral("s"),
                 sent ? QString() : QStringLiteral(" — could not be sent"));
    };
    if (inRePacketId != 0 && sent)
        qCDebug(lcContacts).noquote() << line();
    else
        qCInfo(lcContacts).noquote() << line();
}

void NodeControllerSender::sendError(Address member, quint64 inRePacketId, ProtocolErrorCode code, quint64 networkId)
{
    const bool sent = m_node && m_node->sendError(member, inRePacketId, code, networkId);
    qCInfo(lcContacts).noquote() << QStringLiteral("%1 sent to %2 for network %3%4%5")
                                        .arg(errorName(code), member.toString(), networkIdToString(networkId),
                                             inRePacketId ? QString() : QStringLiteral(" (unsolicited)"),
                                             sent ? QString() : QStringLiteral(" — could not be sent"));
}

void NodeControllerSender::sendRevocation(Address member, const Revocation &revocation)
{
    const bool sent = m_node && m_node->sendCredentials(member, revocation.toBytes());
    qCInfo(lcContacts).noquote() << QStringLiteral("revocation sent to %1%2")
                                        .arg(member.toString(),
                                             sent ? QString() : QStringLiteral(" — could not be sent"));
}

} // namespace tier
