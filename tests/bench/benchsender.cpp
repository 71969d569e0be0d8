// SPDX-License-Identifier: GPL-3.0-or-later
#include "benchsender.h"

#include "core/protocol/errorpayload.h"
#include "core/protocol/networkcredentials.h"
#include "core/protocol/okpayload.h"
#include "core/protocol/packet.h"

namespace tier::bench {

void BenchSender::seal(Address member, int verb, const QByteArray &payload)
{
    Packet packet(Packet::newPacketId(), member, m_controller, Verb(verb), payload);
    const QByteArray &key = m_keys.contains(member.toInt()) ? m_keys[member.toInt()] : m_fallbackKey;
    Result<QList<QByteArray>> sealed = packet.seal(key, CipherSuite::Poly1305Salsa2012, protocol::DefaultMtu, true);
    if (!sealed)
        return;
    datagrams += quint64(sealed->size());
    for (const QByteArray &d : std::as_const(*sealed))
        bytes += quint64(d.size());
}

void BenchSender::sendConfig(Address member, quint64 inRePacketId, const QList<QByteArray> &chunks)
{
    ++configs;
    lastChunkCount = int(chunks.size());
    lastChunks = chunks;
    for (const QByteArray &chunk : chunks) {
        if (inRePacketId != 0) {
            OkPayload ok;
            ok.inReVerb = Verb::NetworkConfigRequest;
            ok.inRePacketId = inRePacketId;
            ok.body = chunk;
            seal(member, int(Verb::Ok), ok.encode());
        } else {
            seal(member, int(Verb::NetworkConfig), chunk);
        }
    }
}

void BenchSender::sendError(Address member, quint64 inRePacketId, ProtocolErrorCode code, quint64 networkId)
{
    ++errors;
    seal(member, int(Verb::Error), ErrorPayload::forConfigRequest(inRePacketId, code, networkId).encode());
}

void BenchSender::sendRevocation(Address member, const Revocation &revocation)
{
    ++revocations;
    NetworkCredentialsPayload creds;
    creds.revocations.append(revocation.toBytes());
    seal(member, int(Verb::NetworkCredentials), creds.encode());
}

} // namespace tier::bench
