// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/address.h"
#include "core/protocol/constants.h"
#include "core/protocol/revocation.h"

#include <QByteArray>
#include <QList>

namespace tier {

/// Where the controller's answers go. The controller never touches a socket: the node side
/// implements this (armor, fragment, pick the path, relay through a root if needed). Called on the
/// controller's thread, synchronously from handleConfigRequest() and the mutation methods.
class ControllerSender
{
public:
    virtual ~ControllerSender() = default;

    /// Sends a signed config. inRePacketId ≠ 0: as OK(NETWORK_CONFIG_REQUEST) chunks in reply to that
    /// request (each OK payload = `0B ‖ inRePacketId ‖ chunk`); 0: pushed as NETWORK_CONFIG packets.
    /// `chunks` are ConfigChunk::toBytes() of one update, in order.
    virtual void sendConfig(Address member, quint64 inRePacketId, const QList<QByteArray> &chunks) = 0;
    /// ERROR(NETWORK_CONFIG_REQUEST) with `code` and the 8-byte network ID as payload. inRePacketId 0:
    /// unsolicited (a node acts on an ERROR from its network's controller without having asked).
    virtual void sendError(Address member, quint64 inRePacketId, ProtocolErrorCode code, quint64 networkId) = 0;
    /// NETWORK_CREDENTIALS carrying this one signed revocation (no COM, caps, tags or COOs).
    virtual void sendRevocation(Address member, const Revocation &revocation) = 0;
};

} // namespace tier
