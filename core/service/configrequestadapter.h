// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/node/nodehandler.h"

#include <functional>

namespace tier {

class NetworkController;
struct ConfigRequest;

/// The engine node's handler: turns an authenticated NETWORK_CONFIG_REQUEST plus what the node
/// knows of the peer into a ConfigRequest for the NetworkController. Everything else the node
/// hands up is ignored (a controller is not a member of anything).
class ConfigRequestAdapter final : public NodeHandler
{
public:
    using Clock = std::function<qint64()>;

    ConfigRequestAdapter(NetworkController *controller, Clock clock);

    /// Builds the controller's view of one request (pure; tests use it too). A relayed request
    /// (hops > 0) has no physical address of the member's own.
    static ConfigRequest toConfigRequest(const Identity &peer, quint64 packetId,
                                         const NetworkConfigRequestPayload &request, const InetAddress &from, int hops,
                                         const PeerVersion &version, qint64 now);

    /// Where the latency of a peer comes from (the Node's measurements); unset = unknown.
    void setLatencySource(std::function<qint64(Address)> latency) { m_latency = std::move(latency); }

    void networkConfigRequest(const Identity &peer, quint64 packetId, const NetworkConfigRequestPayload &request,
                              const InetAddress &from, int hops, const PeerVersion &version) override;

private:
    NetworkController *m_controller;
    Clock m_clock;
    std::function<qint64(Address)> m_latency;
};

} // namespace tier
