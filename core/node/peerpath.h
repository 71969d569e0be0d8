// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/protocol/inetaddress.h"

namespace tier {

/// One physical address (IP + UDP port) a peer was seen at or is reachable through.
struct PeerPath final
{
    InetAddress address;
    qint64 lastReceive = 0; ///< last authenticated packet that arrived directly (hops 0) from it
    qint64 lastSend = 0;
    /// First send after the last receive; 0 = everything sent so far was followed by a receive.
    /// A path that stays silent long after this (Peer::StaleAfterMs) is not used any more: the
    /// peer moved (e.g. restarted on another port) and a root must relay until it is heard again.
    qint64 unansweredSince = 0;
    /// An OK to our HELLO/ECHO arrived here directly: the path works both ways (what 1.14 requires
    /// before it uses a path).
    bool confirmed = false;
    qint64 confirmedAt = 0;
};

} // namespace tier
