// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/service/configrequestadapter.h"

#include "core/controller/configrequest.h"
#include "core/controller/networkcontroller.h"

namespace tier {

ConfigRequestAdapter::ConfigRequestAdapter(NetworkController *controller, Clock clock)
    : m_controller(controller), m_clock(std::move(clock))
{}

ConfigRequest ConfigRequestAdapter::toConfigRequest(const Identity &peer, quint64 packetId,
                                                    const NetworkConfigRequestPayload &request, const InetAddress &from,
                                                    int hops, const PeerVersion &version, qint64 now)
{
    ConfigRequest r;
    r.member = peer.publicOnly();
    r.networkId = request.networkId;
    r.packetId = packetId;
    r.metadata = RequestMetadata::fromBytes(request.metadata);
    r.haveRevision = request.haveRevision.value_or(0);
    r.haveTimestamp = request.haveTimestamp.value_or(0);
    if (hops == 0)
        r.physicalAddress = from;
    // The HELLO is authoritative for versions; the metadata fills in when no HELLO was seen yet.
    r.protocolVersion = version.protocolVersion >= 0 ? version.protocolVersion : int(r.metadata.protocolVersion);
    r.versionMajor = version.major >= 0 ? version.major : int(r.metadata.majorVersion);
    r.versionMinor = version.minor >= 0 ? version.minor : int(r.metadata.minorVersion);
    r.versionRevision = version.revision >= 0 ? version.revision : int(r.metadata.revision);
    r.receivedAt = now;
    return r;
}

void ConfigRequestAdapter::networkConfigRequest(const Identity &peer, quint64 packetId,
                                                const NetworkConfigRequestPayload &request, const InetAddress &from,
                                                int hops, const PeerVersion &version)
{
    if (!m_controller)
        return;
    ConfigRequest r = toConfigRequest(peer, packetId, request, from, hops, version, m_clock());
    if (m_latency)
        r.latencyMs = m_latency(peer.address());
    m_controller->handleConfigRequest(r);
}

} // namespace tier
