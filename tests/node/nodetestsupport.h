// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Helpers shared by the node tests: real 1.14 identities from the vectors (no slow generation), a
// loopback planet naming one root, loopback node options, and a small in-process controller.

#include "common/vectors.h"
#include "core/crypto/identity.h"
#include "core/crypto/primitives.h"
#include "core/node/node.h"
#include "core/node/nodehandler.h"
#include "core/protocol/certificateofmembership.h"
#include "core/protocol/configchunk.h"
#include "core/protocol/networkconfig.h"
#include "core/protocol/revocation.h"
#include "core/protocol/world.h"

#include <QFile>
#include <QList>
#include <QSet>

namespace tier::test {

/// Identities made by zerotier-idtool 1.14.1 (vectors/identities.txt), with secrets.
inline QList<Identity> loadIdentities(int count, int offset = 0)
{
    QList<Identity> out;
    QFile file(vectorPath(QStringLiteral("identities.txt")));
    if (!file.open(QIODevice::ReadOnly))
        return out;
    int index = 0;
    while (!file.atEnd() && out.size() < count) {
        const QByteArray line = file.readLine().trimmed();
        if (line.isEmpty())
            continue;
        if (index++ < offset)
            continue;
        Result<Identity> id = Identity::fromString(QString::fromLatin1(line));
        if (id)
            out.append(*id);
    }
    return out;
}

inline InetAddress loopback(quint16 port)
{
    return InetAddress::fromIPv4(0x7f000001, port);
}

/// A planet naming `root` at 127.0.0.1:port, signed by `signer`.
inline World makePlanet(const Identity &root, quint16 port, const Identity &signer, quint64 id = 0x7a7a7a7a)
{
    World::Root r;
    r.identity = root.publicOnly();
    r.stableEndpoints.append(loopback(port));
    Result<World> w =
        World::create(World::Type::Planet, id, 1700000000000ULL, signer.publicKey(), {r}, signer.secretKey());
    return w ? *w : World();
}

inline NodeOptions loopbackOptions(NodeOptions::Role role = NodeOptions::Role::Ordinary)
{
    NodeOptions o;
    o.role = role;
    o.port = 0;
    o.bindAddress = QHostAddress(QHostAddress::LocalHost);
    o.tickIntervalMs = 50;
    o.rootHelloRetryMs = 200;
    return o;
}

/// A minimal controller for network `<controller>000001`: denies members until authorized, then
/// sends a signed config with a COM, one IP, a route and DNS.
class FakeController final : public NodeHandler
{
public:
    FakeController(Node *node, Identity identity) : m_node(node), m_identity(std::move(identity))
    {
        m_node->setHandler(this);
    }

    quint64 networkId() const { return (m_identity.address().toInt() << 24) | 1; }

    void networkConfigRequest(const Identity &peer, quint64 packetId, const NetworkConfigRequestPayload &request,
                              const InetAddress &from, int hops, const PeerVersion &version) override
    {
        Q_UNUSED(from)
        lastHops = hops;
        ++requests;
        lastVersion = version;
        lastMetadata = request.metadata;
        if (request.networkId != networkId()) {
            m_node->sendError(peer.address(), packetId, ProtocolErrorCode::ObjectNotFound, request.networkId);
            return;
        }
        if (!authorized.contains(peer.address())) {
            m_node->sendError(peer.address(), packetId, ProtocolErrorCode::NetworkAccessDenied, request.networkId);
            return;
        }
        m_node->sendConfig(peer.address(), packetId, chunksFor(peer));
    }

    void configPushAcknowledged(const Identity &peer, quint64 packetId, quint64 nwid, quint64 updateId) override
    {
        Q_UNUSED(peer)
        Q_UNUSED(packetId)
        Q_UNUSED(nwid)
        acks.append(updateId);
    }

    QList<QByteArray> chunksFor(const Identity &member, int padding = 0)
    {
        const qint64 now = m_node->now();
        NetworkConfig c;
        c.networkId = networkId();
        c.timestamp = now;
        c.credentialTimeMaxDelta = 7200000;
        c.revision = revision;
        c.issuedTo = member.address();
        c.name = padding > 0 ? QString(padding, QLatin1Char('n')).left(NetworkConfig::MaxNameLength)
                             : QStringLiteral("testnet");
        CertificateOfMembership com = CertificateOfMembership::create(c.networkId, now, 7200000, member);
        com.sign(m_identity);
        c.com = com;
        c.staticIps.append(InetAddress::fromIPv4(0x0a931100 | (member.address().toInt() & 0x7f), 24));
        c.routes.append(NetworkConfig::Route{InetAddress::fromIPv4(0x0a931100, 24), InetAddress(), 0, 0});
        c.dns.domain = QStringLiteral("example.lan");
        c.dns.servers.append(InetAddress::fromIPv4(0x0a931101));
        Result<QByteArray> bytes = c.toBytes();
        if (!bytes)
            return {};
        Result<QList<ConfigChunk>> chunks = ConfigChunk::split(c.networkId, *bytes, m_identity);
        QList<QByteArray> out;
        if (chunks) {
            for (const ConfigChunk &ch : std::as_const(*chunks))
                out.append(ch.toBytes());
        }
        return out;
    }

    QByteArray revocationFor(Address member)
    {
        Revocation r = Revocation::forDeauthorization(1234, networkId(), member, m_node->now());
        r.sign(m_identity);
        return r.toBytes();
    }

    QSet<Address> authorized;
    quint64 revision = 1;
    int requests = 0;
    PeerVersion lastVersion;
    int lastHops = -1;
    QByteArray lastMetadata;
    QList<quint64> acks;

private:
    Node *m_node;
    Identity m_identity;
};

} // namespace tier::test
