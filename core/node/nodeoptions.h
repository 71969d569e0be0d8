// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/protocol/constants.h"

#include <QHostAddress>

namespace tier {

/// How a Node behaves. Defaults are those of a controller (docs/protocol/timing.md §3).
struct NodeOptions final
{
    enum class Role : quint8 {
        Ordinary, ///< controller or member: drops packets addressed to others
        Root,     ///< root for tests and tiermaster-node: answers WHOIS, relays for anyone, RENDEZVOUS
    };

    Role role = Role::Ordinary;
    quint16 port = 9993; ///< 0 = any free port
    QHostAddress bindAddress = QHostAddress::Any;

    /// Advertised in HELLO / OK(HELLO). 11 keeps 1.14 nodes on Salsa20/12-Poly1305 (Trap 1).
    quint8 protocolVersion = protocol::ProtocolVersion;
    quint8 versionMajor = 0;
    quint8 versionMinor = 1;
    quint16 versionRevision = 0;

    int mtu = protocol::DefaultMtu;
    /// Periodic work (root HELLOs, WHOIS retries, expiry). 0 = no timer: tests call Node::tick().
    int tickIntervalMs = 250;
    qint64 rootHelloIntervalMs = 60000;
    qint64 rootHelloRetryMs = 5000; ///< again this soon while a root has not answered
    qint64 whoisRetryMs = 500;
    /// WHOIS packets per second sent at first contact, and again for tick()'s batches (up to 32
    /// addresses each): what a flood from random addresses can make us send to a root.
    int whoisPerSecond = 50;
    qint64 holdTimeoutMs = 5000; ///< packets waiting for OK(WHOIS) (both directions)
    int maxHeldPerAddress = 16;
    int maxHeldTotal = 1024;
    /// Memory-hard identity validations allowed per second overall (each 10–20 ms of CPU, on worker
    /// threads): what a flood of fresh identities can cost at most. One source (IPv4 /24, IPv6 /64)
    /// may use an eighth of it (Admission).
    int validationsPerSecond = 100;
    /// Worker threads validating identities; 0 = one per core.
    int validationThreads = 0;
    qint64 replayWindowMs = 30000; ///< duplicate (source, packet ID) within this window is dropped
    int maxReplayEntries = 65536;
    qint64 rendezvousIntervalMs = 30000; ///< root mode: per pair of peers
    /// Serving as a root (Role::Root, or the planet/a moon names this identity): relay for any
    /// identity, not only members, this node and the other roots (Role::Root always does).
    bool openRoot = false;
    /// Root mode: datagrams relayed per second per sending path, and the burst allowed above it.
    int rootRelayPerSecond = 2000;
    int rootRelayBurst = 4000;
    /// Root mode: WHOIS packets answered per second per asking peer (burst twice that).
    int rootWhoisPerSecond = 100;
    /// Root mode: paths, budgets and introductions remembered (each map; the oldest go first).
    int rootMaxTracked = 65536;
    /// Peers held in memory; past it the one heard from least recently (not a root) is dropped.
    int maxPeers = 262144;
    /// Accept loopback physical paths (INTERFACE.md "Loopback"; stock 1.14 refuses them).
    bool acceptLoopbackPaths = true;
};

} // namespace tier
