// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "constants.h"
#include "core/base/result.h"
#include "inetaddress.h"

#include <QByteArray>
#include <QByteArrayView>

namespace tier {

/// OK(HELLO) payload (docs/protocol/verbs.md §2), in-re fields included.
struct OkHelloPayload final
{
    quint64 inRePacketId = 0;
    quint64 timestamp = 0; ///< copied from the HELLO
    quint8 protocolVersion = protocol::ProtocolVersion;
    quint8 versionMajor = 0;
    quint8 versionMinor = 0;
    quint16 versionRevision = 0;
    /// The physical address the HELLO came from; null if the sender left it out.
    InetAddress yourAddress;
    /// Serialized worlds (roots only; a controller sends none).
    QByteArray worldUpdates;

    /// Refuses an in-re verb other than HELLO. The address and world fields are optional on input.
    static Result<OkHelloPayload> decode(QByteArrayView payload);
    /// Always writes the address and the world-update length (as 1.14 does).
    QByteArray encode() const;

    QString versionString() const;
};

} // namespace tier
