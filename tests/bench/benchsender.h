// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/controller/controllersender.h"

#include <QByteArray>
#include <QHash>

namespace tier::bench {

/// A ControllerSender that does what the engine's node does with an answer up to the socket: wraps
/// each chunk in OK(NETWORK_CONFIG_REQUEST) (or NETWORK_CONFIG for a push), armors it with the
/// member's session key (Salsa20/12-Poly1305) and fragments it. The datagrams are counted, not sent.
class BenchSender final : public ControllerSender
{
public:
    explicit BenchSender(Address controller) : m_controller(controller) {}

    /// The key the node would have agreed with this member (a missing one uses a fixed key).
    void setKey(Address member, const QByteArray &key) { m_keys.insert(member.toInt(), key); }

    void sendConfig(Address member, quint64 inRePacketId, const QList<QByteArray> &chunks) override;
    void sendError(Address member, quint64 inRePacketId, ProtocolErrorCode code, quint64 networkId) override;
    void sendRevocation(Address member, const Revocation &revocation) override;

    quint64 configs = 0;
    quint64 errors = 0;
    quint64 revocations = 0;
    quint64 datagrams = 0;
    quint64 bytes = 0;
    int lastChunkCount = 0;
    QList<QByteArray> lastChunks;

private:
    void seal(Address member, int verb, const QByteArray &payload);

    Address m_controller;
    QHash<quint64, QByteArray> m_keys;
    QByteArray m_fallbackKey = QByteArray(48, '\x5a');
};

} // namespace tier::bench
