// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/address.h"
#include "core/base/result.h"
#include "inetaddress.h"

#include <QByteArray>
#include <QByteArrayView>

namespace tier {

/// RENDEZVOUS from a root (docs/protocol/verbs.md §6): a peer and a physical address where it may be reachable.
struct RendezvousPayload final
{
    quint8 flags = 0;
    Address peer;
    InetAddress address; ///< IP and port

    /// Malformed unless the address length is 4 or 16.
    static Result<RendezvousPayload> decode(QByteArrayView payload);
    QByteArray encode() const;
};

} // namespace tier
