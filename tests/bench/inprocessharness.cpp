// SPDX-License-Identifier: GPL-3.0-or-later
#include "inprocessharness.h"

#include "core/controller/configrequest.h"
#include "core/protocol/networkconfigrequest.h"
#include "core/protocol/packet.h"
#include "core/protocol/requestmetadata.h"

#include <QDateTime>

namespace tier::bench {

InProcessHarness::InProcessHarness(const DatabaseUri &database, const Identity &controller)
    : m_database(QStringLiteral("bench-inprocess")), m_uri(database), m_identity(controller),
      m_sender(controller.address()), m_now(QDateTime::currentMSecsSinceEpoch())
{}

InProcessHarness::~InProcessHarness()
{
    m_controller.reset(); // flushes status into the database before it closes
    m_database.close();
}

Status InProcessHarness::open()
{
    if (Status opened = m_database.open(m_uri); !opened)
        return opened;
    m_controller = std::make_unique<NetworkController>(m_database, m_identity, &m_sender, [this] { return m_now; });
    return m_controller->load();
}

Result<quint64> InProcessHarness::createNetwork(const NetworkSettings &settings)
{
    auto created = m_controller->createNetwork(settings);
    if (!created)
        return created.error();
    return created->id;
}

NetworkSettings InProcessHarness::benchSettings(const QString &name, bool isPrivate)
{
    NetworkSettings s;
    s.name = name;
    s.isPrivate = isPrivate;
    s.v4AssignZt = true;
    s.pools = {IpPool{InetAddress::fromIPv4(0x0a140001), InetAddress::fromIPv4(0x0a14fffe)}};
    s.routes = {NetworkConfig::Route{InetAddress::fromIPv4(0x0a140000, 16), InetAddress(), 0, 0}};
    s.dns.domain = QStringLiteral("bench.lan");
    s.dns.servers = {InetAddress::fromIPv4(0x0a140001)};
    return s;
}

void InProcessHarness::addMember(const Identity &member, quint64 networkId)
{
    Member m;
    m.identity = member.publicOnly();
    m.key = m_identity.agree(member).value_or(QByteArray(48, '\0'));
    NetworkConfigRequestPayload payload;
    payload.networkId = networkId;
    payload.metadata = RequestMetadata::zeroTier114().toDictionary().toBytes();
    Packet packet(Packet::newPacketId(), m_identity.address(), member.address(), Verb::NetworkConfigRequest,
                  payload.encode());
    if (auto sealed = packet.seal(m.key, CipherSuite::Poly1305Salsa2012); sealed && !sealed->isEmpty())
        m.requestDatagram = sealed->constFirst();
    m_sender.setKey(member.address(), m.key);
    m_members.append(m);
}

void InProcessHarness::request(int index)
{
    const Member &m = m_members[index];
    auto packet = Packet::fromBytes(m.requestDatagram);
    if (!packet || !packet->open(m.key))
        return;
    auto payload = NetworkConfigRequestPayload::decode(packet->payload());
    if (!payload)
        return;
    ConfigRequest r = ConfigRequest::fromPayload(
        m.identity, m_packetId++, *payload, InetAddress::fromIPv4(0x7f000001, quint16(20000 + index % 40000)), m_now);
    r.protocolVersion = 12;
    r.versionMajor = 1;
    r.versionMinor = 14;
    r.versionRevision = 1;
    r.latencyMs = 1;
    m_controller->handleConfigRequest(r);
}

} // namespace tier::bench
