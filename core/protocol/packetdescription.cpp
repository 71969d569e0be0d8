// SPDX-License-Identifier: GPL-3.0-or-later
#include "packetdescription.h"

#include "core/base/bytes.h"
#include "dictionary.h"
#include "echo.h"
#include "errorpayload.h"
#include "fragment.h"
#include "hello.h"
#include "multicastgather.h"
#include "multicastlike.h"
#include "networkconfigframe.h"
#include "networkconfigrequest.h"
#include "networkcredentials.h"
#include "okhello.h"
#include "okpayload.h"
#include "packet.h"
#include "pushdirectpaths.h"
#include "rendezvous.h"
#include "whois.h"

#include <QJsonArray>

namespace tier {

namespace {

QString hex64(quint64 v)
{
    return QStringLiteral("%1").arg(v, 16, 16, QLatin1Char('0'));
}

QString hex(QByteArrayView v)
{
    return QString::fromLatin1(v.toByteArray().toHex());
}

QJsonObject failure(const Error &e)
{
    return QJsonObject{{QStringLiteral("error"), e.message}};
}

QJsonValue number(quint64 v)
{
    // JSON numbers are doubles: exact up to 2^53, which covers timestamps and counters.
    return QJsonValue(qint64(v));
}

QJsonObject describeGroup(const MulticastSubscription &g)
{
    return QJsonObject{
        {QStringLiteral("network_id"), hex64(g.networkId)},
        {QStringLiteral("mac"), QStringLiteral("%1").arg(g.mac, 12, 16, QLatin1Char('0'))},
        {QStringLiteral("adi"), QStringLiteral("%1").arg(g.adi, 8, 16, QLatin1Char('0'))},
    };
}

// The config chunk's own layout belongs to the netconf codecs; this is only a read-only view.
QJsonObject describeChunk(QByteArrayView chunk)
{
    ByteReader r(chunk);
    QJsonObject o;
    o[QStringLiteral("network_id")] = hex64(r.u64());
    const quint16 length = r.u16();
    o[QStringLiteral("chunk_len")] = int(length);
    o[QStringLiteral("chunk_hex")] = hex(r.bytes(length));
    if (!r.ok())
        return failure(makeError(ErrorCode::Truncated, QStringLiteral("config chunk truncated")));
    if (r.atEnd()) {
        o[QStringLiteral("legacy_unsigned")] = true;
        return o;
    }
    o[QStringLiteral("flags")] = int(r.u8());
    o[QStringLiteral("update_id")] = hex64(r.u64());
    o[QStringLiteral("total_len")] = number(r.u32());
    o[QStringLiteral("chunk_index")] = number(r.u32());
    const qsizetype signedEnd = r.position();
    o[QStringLiteral("sig_type")] = int(r.u8());
    const quint16 sigLength = r.u16();
    o[QStringLiteral("sig_len")] = int(sigLength);
    o[QStringLiteral("signature")] = hex(r.bytes(sigLength));
    if (!r.ok())
        return failure(makeError(ErrorCode::Truncated, QStringLiteral("config chunk truncated")));
    o[QStringLiteral("signed_bytes_hex")] = hex(chunk.first(signedEnd));
    return o;
}

QJsonObject describeRevocation(const QByteArray &bytes)
{
    ByteReader r(bytes);
    QJsonObject o;
    r.skip(4);
    o[QStringLiteral("id")] = number(r.u32());
    o[QStringLiteral("network_id")] = hex64(r.u64());
    r.skip(4);
    o[QStringLiteral("credential_id")] = number(r.u32());
    o[QStringLiteral("threshold")] = number(r.u64());
    o[QStringLiteral("flags")] = number(r.u64());
    o[QStringLiteral("target")] = Address(r.u40()).toString();
    o[QStringLiteral("signed_by")] = Address(r.u40()).toString();
    o[QStringLiteral("credential_type")] = int(r.u8());
    o[QStringLiteral("sig_type")] = int(r.u8());
    o[QStringLiteral("signature")] = hex(r.bytes(r.u16()));
    o[QStringLiteral("serialized_hex")] = hex(bytes);
    return o;
}

QJsonObject describeHello(QByteArrayView payload)
{
    Result<HelloPayload> h = HelloPayload::decode(payload);
    if (!h)
        return failure(h.error());
    QJsonObject o{
        {QStringLiteral("protocol_version"), int(h->protocolVersion)},
        {QStringLiteral("version"), h->versionString()},
        {QStringLiteral("timestamp"), number(h->timestamp)},
        {QStringLiteral("identity"), h->identity.toString()},
    };
    if (h->destination)
        o[QStringLiteral("physical_destination")] = h->destination->toString();
    if (h->worldId) {
        o[QStringLiteral("planet_id")] = hex64(*h->worldId);
        o[QStringLiteral("planet_timestamp")] = number(h->worldTimestamp.value_or(0));
    }
    const qsizetype offset = HelloPayload::encryptedFieldOffset(payload);
    if (offset >= 0) {
        o[QStringLiteral("encrypted_field_offset_in_packet")] = int(protocol::PayloadOffset + offset);
        o[QStringLiteral("encrypted_field_plain")] = hex(payload.sliced(offset));
    }
    if (h->moons) {
        o[QStringLiteral("moon_count")] = int(h->moons->size());
        QJsonArray moons;
        for (const MoonReference &m : *h->moons)
            moons.append(QJsonObject{{QStringLiteral("type"), int(m.type)},
                                     {QStringLiteral("id"), hex64(m.id)},
                                     {QStringLiteral("timestamp"), number(m.timestamp)}});
        o[QStringLiteral("moons")] = moons;
    }
    return o;
}

QJsonObject describeOk(QByteArrayView payload)
{
    Result<OkPayload> ok = OkPayload::decode(payload);
    if (!ok)
        return failure(ok.error());
    QJsonObject o{
        {QStringLiteral("in_re_verb"), verbName(ok->inReVerb)},
        {QStringLiteral("in_re_packet_id"), hex64(ok->inRePacketId)},
    };
    switch (ok->inReVerb) {
    case Verb::Hello: {
        Result<OkHelloPayload> h = OkHelloPayload::decode(payload);
        if (!h)
            return failure(h.error());
        o[QStringLiteral("timestamp_echo")] = number(h->timestamp);
        o[QStringLiteral("protocol_version")] = int(h->protocolVersion);
        o[QStringLiteral("version")] = h->versionString();
        o[QStringLiteral("your_physical_address")] = h->yourAddress.toString();
        o[QStringLiteral("world_update_len")] = int(h->worldUpdates.size());
        break;
    }
    case Verb::Whois: {
        Result<OkWhoisPayload> w = OkWhoisPayload::decode(payload);
        if (!w)
            return failure(w.error());
        QJsonArray ids;
        for (const Identity &id : w->identities)
            ids.append(id.toString());
        o[QStringLiteral("identities")] = ids;
        break;
    }
    case Verb::Echo: {
        Result<OkEchoPayload> e = OkEchoPayload::decode(payload);
        if (!e)
            return failure(e.error());
        o[QStringLiteral("echo_payload")] = hex(e->echoed);
        break;
    }
    case Verb::NetworkConfigRequest:
        o[QStringLiteral("config_chunk")] = describeChunk(ok->body);
        break;
    case Verb::MulticastGather: {
        Result<OkMulticastGatherPayload> g = OkMulticastGatherPayload::decode(payload);
        if (!g)
            return failure(g.error());
        QJsonObject group = describeGroup(g->group);
        for (auto it = group.begin(); it != group.end(); ++it)
            o[it.key()] = it.value();
        o[QStringLiteral("total_known")] = number(g->totalKnown);
        QJsonArray members;
        for (Address a : g->members)
            members.append(a.toString());
        o[QStringLiteral("members")] = members;
        break;
    }
    default:
        o[QStringLiteral("body_hex")] = hex(ok->body);
        break;
    }
    return o;
}

} // namespace

QJsonObject PacketDescription::describePayload(Verb verb, QByteArrayView payload)
{
    switch (verb) {
    case Verb::Hello:
        return describeHello(payload);
    case Verb::Ok:
        return describeOk(payload);
    case Verb::Error: {
        Result<ErrorPayload> e = ErrorPayload::decode(payload);
        if (!e)
            return failure(e.error());
        QJsonObject o{
            {QStringLiteral("in_re_verb"), verbName(e->inReVerb)},
            {QStringLiteral("in_re_packet_id"), hex64(e->inRePacketId)},
            {QStringLiteral("error_code"), int(e->code)},
            {QStringLiteral("error"), protocolErrorName(e->code)},
        };
        if (e->networkId)
            o[QStringLiteral("network_id")] = hex64(*e->networkId);
        if (!e->errorData.isEmpty())
            o[QStringLiteral("error_data")] = QString::fromLatin1(e->errorData);
        if (!e->extra.isEmpty())
            o[QStringLiteral("extra_hex")] = hex(e->extra);
        return o;
    }
    case Verb::Whois: {
        Result<WhoisPayload> w = WhoisPayload::decode(payload);
        if (!w)
            return failure(w.error());
        QJsonArray addresses;
        for (Address a : w->addresses)
            addresses.append(a.toString());
        return QJsonObject{{QStringLiteral("addresses"), addresses}};
    }
    case Verb::Rendezvous: {
        Result<RendezvousPayload> r = RendezvousPayload::decode(payload);
        if (!r)
            return failure(r.error());
        return QJsonObject{
            {QStringLiteral("flags"), int(r->flags)},
            {QStringLiteral("with_address"), r->peer.toString()},
            {QStringLiteral("port"), int(r->address.port())},
            {QStringLiteral("ip"), r->address.toIpString()},
        };
    }
    case Verb::Echo:
        return QJsonObject{{QStringLiteral("echo_payload"), hex(payload)}};
    case Verb::MulticastLike: {
        Result<MulticastLikePayload> l = MulticastLikePayload::decode(payload);
        if (!l)
            return failure(l.error());
        QJsonArray groups;
        for (const MulticastSubscription &g : l->groups)
            groups.append(describeGroup(g));
        return QJsonObject{{QStringLiteral("groups"), groups}};
    }
    case Verb::NetworkConfigRequest: {
        Result<NetworkConfigRequestPayload> r = NetworkConfigRequestPayload::decode(payload);
        if (!r)
            return failure(r.error());
        QJsonArray entries;
        const Dictionary metadata = r->metadataDictionary();
        for (const Dictionary::Entry &e : metadata.entries())
            entries.append(QJsonObject{{QStringLiteral("key"), QString::fromLatin1(e.key)},
                                       {QStringLiteral("value"), QString::fromLatin1(e.value)}});
        QJsonObject o{
            {QStringLiteral("network_id"), hex64(r->networkId)},
            {QStringLiteral("metadata_len"), int(r->metadata.size())},
            {QStringLiteral("metadata"), entries},
        };
        if (r->haveRevision)
            o[QStringLiteral("have_revision")] = number(*r->haveRevision);
        if (r->haveTimestamp)
            o[QStringLiteral("have_timestamp")] = number(*r->haveTimestamp);
        return o;
    }
    case Verb::NetworkConfig: {
        Result<NetworkConfigPayload> c = NetworkConfigPayload::decode(payload);
        if (!c)
            return failure(c.error());
        return QJsonObject{{QStringLiteral("config_chunk"), describeChunk(c->chunk)}};
    }
    case Verb::NetworkCredentials: {
        Result<NetworkCredentialsPayload> c = NetworkCredentialsPayload::decode(payload);
        if (!c)
            return failure(c.error());
        QJsonArray revocations;
        for (const QByteArray &r : c->revocations)
            revocations.append(describeRevocation(r));
        QJsonArray coms;
        for (const QByteArray &com : c->coms)
            coms.append(hex(com));
        return QJsonObject{
            {QStringLiteral("coms_hex"), coms},
            {QStringLiteral("capability_count"), int(c->capabilities.size())},
            {QStringLiteral("tag_count"), int(c->tags.size())},
            {QStringLiteral("revocation_count"), int(c->revocations.size())},
            {QStringLiteral("revocations"), revocations},
            {QStringLiteral("coo_count"), int(c->coos.size())},
        };
    }
    case Verb::MulticastGather: {
        Result<MulticastGatherPayload> g = MulticastGatherPayload::decode(payload);
        if (!g)
            return failure(g.error());
        QJsonObject o = describeGroup(g->group);
        o[QStringLiteral("flags")] = int(g->flags);
        o[QStringLiteral("gather_limit")] = number(g->gatherLimit);
        if (!g->com.isEmpty())
            o[QStringLiteral("com_hex")] = hex(g->com);
        return o;
    }
    case Verb::PushDirectPaths: {
        Result<PushDirectPathsPayload> d = PushDirectPathsPayload::decode(payload);
        if (!d)
            return failure(d.error());
        QJsonArray paths;
        for (const PushDirectPathsPayload::Path &p : d->paths)
            paths.append(QJsonObject{{QStringLiteral("flags"), int(p.flags)},
                                     {QStringLiteral("address"), p.address.toString()},
                                     {QStringLiteral("extension_hex"), hex(p.extension)}});
        return QJsonObject{{QStringLiteral("paths"), paths}};
    }
    default:
        return QJsonObject{{QStringLiteral("payload_len"), int(payload.size())}};
    }
}

QJsonObject PacketDescription::describeDatagram(QByteArrayView datagram, const Identity &us, const Identity &peer)
{
    QJsonObject o;
    o[QStringLiteral("udp_len")] = int(datagram.size());
    if (Fragment::isFragment(datagram)) {
        o[QStringLiteral("kind")] = QStringLiteral("fragment");
        Result<Fragment> f = Fragment::decode(datagram);
        if (!f) {
            o[QStringLiteral("error")] = f.error().message;
            return o;
        }
        o[QStringLiteral("packet_id")] = hex64(f->packetId);
        o[QStringLiteral("zt_dst")] = f->destination.toString();
        o[QStringLiteral("fragment_number")] = f->number;
        o[QStringLiteral("fragment_total")] = f->total;
        o[QStringLiteral("hops")] = f->hops;
        o[QStringLiteral("piece_len")] = int(f->piece.size());
        return o;
    }
    Result<Packet> raw = Packet::fromBytes(datagram);
    if (!raw) {
        o[QStringLiteral("kind")] = QStringLiteral("short");
        o[QStringLiteral("error")] = raw.error().message;
        return o;
    }
    Packet p = raw.value();
    o[QStringLiteral("kind")] = QStringLiteral("packet");
    o[QStringLiteral("packet_id")] = hex(p.packetIdBytes());
    o[QStringLiteral("zt_dst")] = p.destination().toString();
    o[QStringLiteral("zt_src")] = p.source().toString();
    o[QStringLiteral("flags_byte")] = QStringLiteral("%1").arg(p.flags(), 2, 16, QLatin1Char('0'));
    o[QStringLiteral("hops")] = p.hops();
    o[QStringLiteral("fragmented")] = p.isFragmented();
    o[QStringLiteral("cipher_suite")] = int(p.cipherSuite());
    o[QStringLiteral("cipher_suite_name")] = cipherSuiteName(p.cipherSuite());
    if (p.isFragmented()) {
        o[QStringLiteral("error")] = QStringLiteral("head of a fragmented packet: reassemble before decoding");
        return o;
    }
    if (p.cipherSuite() != CipherSuite::Poly1305None && p.cipherSuite() != CipherSuite::Poly1305Salsa2012) {
        o[QStringLiteral("error")] = QStringLiteral("cipher suite %1 is not supported").arg(int(p.cipherSuite()));
        return o;
    }
    Identity other = peer;
    if (other.isNull() && p.cipherSuite() == CipherSuite::Poly1305None &&
        (quint8(datagram[protocol::VerbOffset]) & protocol::VerbMask) == quint8(Verb::Hello)) {
        Result<Identity> fromHello = HelloPayload::peekIdentity(p.payload());
        if (fromHello)
            other = fromHello.value();
    }
    if (!us.hasSecret() || other.isNull()) {
        o[QStringLiteral("error")] = QStringLiteral("need our secret identity and the peer's identity");
        return o;
    }
    const std::optional<QByteArray> key = us.agree(other);
    if (!key) {
        o[QStringLiteral("error")] = QStringLiteral("key agreement failed");
        return o;
    }
    const Status mac = p.dearmor(*key);
    o[QStringLiteral("mac_ok")] = mac.ok();
    if (!mac) {
        o[QStringLiteral("error")] = mac.error().message;
        return o;
    }
    o[QStringLiteral("verb")] = int(p.verb());
    o[QStringLiteral("verb_name")] = verbName(p.verb());
    o[QStringLiteral("compressed_on_wire")] = p.isCompressed();
    QByteArray payload;
    if (p.verb() == Verb::Hello) {
        const qsizetype offset = HelloPayload::encryptedFieldOffset(p.payload());
        if (offset >= 0) {
            if (const Status s = p.cryptField(*key, protocol::PayloadOffset + offset); !s) {
                o[QStringLiteral("error")] = s.error().message;
                return o;
            }
        }
        payload = p.payload().toByteArray();
    } else {
        const Status s = p.decompress();
        if (!s) {
            o[QStringLiteral("error")] = s.error().message;
            return o;
        }
        payload = p.payload().toByteArray();
    }
    o[QStringLiteral("payload_hex")] = hex(payload);
    o[QStringLiteral("parsed")] = describePayload(p.verb(), payload);
    return o;
}

} // namespace tier
