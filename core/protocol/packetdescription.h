// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Entry point for `tiermaster-idtool decode` (and debugging views):
//     tier::PacketDescription::describeDatagram(datagram, ourSecretIdentity, peerIdentity)
// returns a QJsonObject with the header and the verb's fields.

#include "constants.h"
#include "core/crypto/identity.h"

#include <QByteArrayView>
#include <QJsonObject>

namespace tier {

/// Human-readable JSON of packets for debugging. The keys of "parsed" follow the capture in
/// tests/data/vectors/join-conversation.json (in_re_verb, in_re_packet_id, network_id, …), so a
/// description can be compared with it directly. Never throws or asserts on bad input: problems
/// are reported in an "error" member.
class PacketDescription final
{
public:
    PacketDescription() = delete;

    /// One UDP datagram. `us` must hold its secret; `peer` is the other side's identity (may be
    /// null for a HELLO: its identity is read from the packet). Output members: kind ("packet",
    /// "fragment", "short"), packet_id, zt_dst, zt_src, flags_byte, hops, fragmented,
    /// cipher_suite, cipher_suite_name, mac_ok, verb, verb_name, compressed_on_wire, payload_hex,
    /// parsed, error. Suites other than 0/1 stop after the header (error says why); fragments and
    /// fragmented heads are described on their own (reassemble first to decode them).
    static QJsonObject describeDatagram(QByteArrayView datagram, const Identity &us, const Identity &peer);
    /// The "parsed" object for a plaintext, decompressed payload of the given verb (for HELLO the
    /// moon list must already be decrypted). Decoding failures give {"error": …}.
    static QJsonObject describePayload(Verb verb, QByteArrayView payload);
};

} // namespace tier
