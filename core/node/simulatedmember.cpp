// SPDX-License-Identifier: GPL-3.0-or-later
#include "simulatedmember.h"

#include "core/node/node.h"
#include "core/protocol/certificateofmembership.h"
#include "core/protocol/echo.h"
#include "core/protocol/errorpayload.h"
#include "core/protocol/networkconfigframe.h"
#include "core/protocol/networkconfigrequest.h"
#include "core/protocol/networkcredentials.h"
#include "core/protocol/okpayload.h"
#include "core/protocol/requestmetadata.h"
#include "core/protocol/revocation.h"

namespace tier {

SimulatedMember::SimulatedMember(Node *node, quint64 networkId, QObject *parent)
    : QObject(parent), m_node(node), m_networkId(networkId), m_controller(controllerOf(networkId))
{
    m_node->setHandler(this);
    connect(m_node, &Node::ticked, this, &SimulatedMember::onTick);
}

SimulatedMember::~SimulatedMember()
{
    m_node->setHandler(nullptr);
}

void SimulatedMember::applyMemberDefaults(NodeOptions &options)
{
    options.role = NodeOptions::Role::Ordinary;
    options.protocolVersion = 12;
    options.versionMajor = 1;
    options.versionMinor = 14;
    options.versionRevision = 1;
}

void SimulatedMember::join()
{
    m_joined = true;
    requestConfig();
}

quint64 SimulatedMember::requestConfig()
{
    NetworkConfigRequestPayload request;
    request.networkId = m_networkId;
    request.metadata = RequestMetadata::zeroTier114().toDictionary().toBytes();
    request.haveRevision = m_config ? m_config->revision : 0;
    request.haveTimestamp = m_config ? quint64(m_config->timestamp) : 0;
    m_lastRequest = m_node->now();
    quint64 packetId = 0;
    if (!m_node->sendPacket(m_controller, Verb::NetworkConfigRequest, request.encode(), {}, &packetId))
        return 0;
    return packetId;
}

void SimulatedMember::onTick(qint64 now)
{
    if (!m_joined)
        return;
    // 1.14: 60 s after the last applied config, every 5 s while it has none (or was refused).
    const bool haveConfig = m_config.has_value() && m_state == MemberEvent::Kind::Config;
    const qint64 due =
        haveConfig ? std::max(m_lastConfigAt, m_lastRequest) + RefreshIntervalMs : m_lastRequest + RetryIntervalMs;
    if (now >= due)
        requestConfig();
}

void SimulatedMember::report(MemberEvent::Kind kind, bool pushed, const QString &detail, quint64 inRePacketId)
{
    MemberEvent e;
    e.member = m_node->address();
    e.networkId = m_networkId;
    e.kind = kind;
    e.pushed = pushed;
    e.detail = detail;
    e.time = m_node->now();
    e.inRePacketId = inRePacketId;
    if (kind == MemberEvent::Kind::Config)
        e.config = m_config;
    m_state = kind;
    emit event(e);
}

void SimulatedMember::packetReceived(const Identity &peer, const Packet &packet, const InetAddress &from)
{
    Q_UNUSED(from)
    if (peer.address() != m_controller)
        return handlePeerPacket(peer, packet); // config traffic counts only from the network's controller
    switch (packet.verb()) {
    case Verb::Ok: {
        Result<OkPayload> ok = OkPayload::decode(packet.payload());
        if (!ok || ok->inReVerb != Verb::NetworkConfigRequest)
            return;
        Result<OkNetworkConfigPayload> frame = OkNetworkConfigPayload::decode(packet.payload());
        if (!frame)
            return;
        handleChunk(peer, frame->chunk, false, packet.packetId(), frame->inRePacketId);
        return;
    }
    case Verb::NetworkConfig:
        handleChunk(peer, packet.payload(), true, packet.packetId(), 0);
        return;
    case Verb::Error:
        handleError(peer, packet);
        return;
    case Verb::NetworkCredentials:
        handleCredentials(peer, packet);
        return;
    default:
        return;
    }
}

void SimulatedMember::handleChunk(const Identity &controller, QByteArrayView chunkBytes, bool pushed, quint64 packetId,
                                  quint64 inRePacketId)
{
    Result<ConfigChunk> chunk = ConfigChunk::decode(chunkBytes);
    if (!chunk || chunk->networkId != m_networkId)
        return;
    QByteArray dictionary;
    if (chunk->legacy) {
        dictionary = chunk->data;
    } else {
        if (!chunk->verify(controller)) {
            report(MemberEvent::Kind::Invalid, pushed, QStringLiteral("config chunk signature does not verify"));
            return;
        }
        Result<QByteArray> assembled = m_chunks.add(*chunk);
        if (!assembled) {
            report(MemberEvent::Kind::Invalid, pushed, assembled.error().message);
            return;
        }
        if (assembled->isEmpty())
            return; // more chunks to come
        dictionary = *assembled;
    }
    const quint64 updateId = chunk->legacy ? 0 : chunk->updateId;
    if (pushed) {
        // 1.14 acknowledges an applied push with OK in-re ECHO: network ID + update ID.
        OkEchoPayload ack;
        ack.inRePacketId = packetId;
        ByteWriter body;
        body.u64(m_networkId).u64(updateId);
        ack.echoed = body.data();
        m_node->sendPacket(m_controller, Verb::Ok, ack.encode());
    }
    if (updateId != 0 && updateId == m_lastUpdateId && m_state == MemberEvent::Kind::Config)
        return; // the same config again (OK followed by a pushed duplicate)
    Result<NetworkConfig> config = NetworkConfig::fromBytes(dictionary);
    if (!config) {
        report(MemberEvent::Kind::Invalid, pushed, config.error().message);
        return;
    }
    if (config->networkId != m_networkId || config->issuedTo != m_node->address()) {
        report(MemberEvent::Kind::Invalid, pushed, QStringLiteral("config issued for another network or member"));
        return;
    }
    if (config->com) {
        if (!config->com->verify(controller) || config->com->issuedTo() != m_node->address() ||
            config->com->networkId() != m_networkId) {
            report(MemberEvent::Kind::Invalid, pushed, QStringLiteral("certificate of membership does not verify"));
            return;
        }
    }
    for (const CertificateOfOwnership &coo : std::as_const(config->certificatesOfOwnership)) {
        if (!coo.verify(controller)) {
            report(MemberEvent::Kind::Invalid, pushed, QStringLiteral("certificate of ownership does not verify"));
            return;
        }
    }
    m_config = *config;
    m_lastUpdateId = updateId;
    m_lastConfigAt = m_node->now();
    ++m_configCount;
    report(MemberEvent::Kind::Config, pushed, {}, inRePacketId);
}

void SimulatedMember::handleError(const Identity &controller, const Packet &packet)
{
    Q_UNUSED(controller)
    Result<ErrorPayload> error = ErrorPayload::decode(packet.payload());
    if (!error || error->inReVerb != Verb::NetworkConfigRequest || error->networkId != m_networkId)
        return;
    MemberEvent::Kind kind;
    switch (error->code) {
    case ProtocolErrorCode::NetworkAccessDenied:
        kind = MemberEvent::Kind::Denied;
        break;
    case ProtocolErrorCode::ObjectNotFound:
        kind = MemberEvent::Kind::NotFound;
        break;
    default:
        return;
    }
    m_config.reset();
    m_lastUpdateId = 0;
    // Errors repeat every 5 s while refused: report changes only.
    if (m_state != kind)
        report(kind);
}

void SimulatedMember::handleCredentials(const Identity &controller, const Packet &packet)
{
    Result<NetworkCredentialsPayload> creds = NetworkCredentialsPayload::decode(packet.payload());
    if (!creds)
        return;
    for (const QByteArray &bytes : std::as_const(creds->revocations)) {
        Result<Revocation> rev = Revocation::fromBytes(bytes);
        if (!rev || rev->networkId() != m_networkId)
            continue;
        if (!rev->verify(controller)) {
            report(MemberEvent::Kind::Invalid, false, QStringLiteral("revocation does not verify"));
            continue;
        }
        if (rev->target() != m_node->address() || rev->credentialType() != CredentialType::CertificateOfMembership)
            continue;
        m_config.reset();
        m_lastUpdateId = 0;
        report(MemberEvent::Kind::Revoked);
    }
}

} // namespace tier

namespace tier {

bool SimulatedMember::sendFrame(Address to, quint16 etherType, const QByteArray &data)
{
    if (!m_config)
        return false;
    if (m_config->com && !m_comSentTo.contains(to)) {
        NetworkCredentialsPayload creds;
        creds.coms.append(m_config->com->toBytes());
        if (!m_node->sendPacket(to, Verb::NetworkCredentials, creds.encode()))
            return false;
        m_comSentTo.insert(to);
    }
    ByteWriter frame;
    frame.u64(m_networkId).u16(etherType);
    return m_node->sendPacket(to, Verb::Frame, frame.data() + data);
}

void SimulatedMember::handlePeerPacket(const Identity &peer, const Packet &packet)
{
    const Peer *controllerPeer = m_node->peer(m_controller);
    if (packet.verb() == Verb::NetworkCredentials) {
        Result<NetworkCredentialsPayload> creds = NetworkCredentialsPayload::decode(packet.payload());
        if (!creds || !controllerPeer || !m_config || !m_config->com)
            return;
        for (const QByteArray &bytes : std::as_const(creds->coms)) {
            Result<CertificateOfMembership> com = CertificateOfMembership::fromBytes(bytes);
            if (com && com->networkId() == m_networkId && com->issuedTo() == peer.address() &&
                com->verify(controllerPeer->identity()) && m_config->com->agreesWith(*com, peer))
                m_trustedPeers.insert(peer.address());
        }
        return;
    }
    if (packet.verb() != Verb::Frame)
        return;
    ByteReader reader(packet.payload());
    const quint64 networkId = reader.u64();
    const quint16 etherType = reader.u16();
    if (!reader.ok() || networkId != m_networkId)
        return;
    // A private network's frames count only from members that showed a COM agreeing with ours.
    if (!m_config || (m_config->com && !m_trustedPeers.contains(peer.address()))) {
        ++m_framesRefused;
        return;
    }
    emit frameReceived(peer.address(), etherType, reader.rest().toByteArray(), packet.hops());
}

} // namespace tier
