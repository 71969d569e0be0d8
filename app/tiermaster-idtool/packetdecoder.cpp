// SPDX-License-Identifier: GPL-3.0-or-later
#include "packetdecoder.h"

#include "core/protocol/errorpayload.h"
#include "core/protocol/hello.h"
#include "core/protocol/networkconfigrequest.h"
#include "core/protocol/okpayload.h"
#include "core/protocol/packet.h"
#include "core/protocol/whois.h"

#include <QJsonArray>

namespace tier::idtool {

namespace {

QString hex64(quint64 v)
{
    return QStringLiteral("%1").arg(v, 16, 16, QLatin1Char('0'));
}

QString hex(QByteArrayView bytes)
{
    return QString::fromLatin1(bytes.toByteArray().toHex());
}

QJsonObject describeHello(const Packet &packet, QByteArrayView key)
{
    QJsonObject o;
    auto hello = HelloPayload::fromPacket(packet, key);
    if (!hello.ok()) {
        o.insert(QStringLiteral("error"), hello.error().message);
        return o;
    }
    o.insert(QStringLiteral("protocolVersion"), hello->protocolVersion);
    o.insert(QStringLiteral("softwareVersion"), hello->versionString());
    o.insert(QStringLiteral("timestamp"), qint64(hello->timestamp));
    o.insert(QStringLiteral("identity"), hello->identity.toString());
    if (hello->destination)
        o.insert(QStringLiteral("destination"), hello->destination->toString());
    if (hello->worldId)
        o.insert(QStringLiteral("worldId"), hex64(*hello->worldId));
    if (hello->worldTimestamp)
        o.insert(QStringLiteral("worldTimestamp"), qint64(*hello->worldTimestamp));
    if (hello->moons) {
        QJsonArray moons;
        for (const MoonReference &m : *hello->moons)
            moons.append(QJsonObject{{QStringLiteral("type"), m.type},
                                     {QStringLiteral("id"), hex64(m.id)},
                                     {QStringLiteral("timestamp"), qint64(m.timestamp)}});
        o.insert(QStringLiteral("moons"), moons);
    }
    return o;
}

QJsonObject describePayload(Verb verb, QByteArrayView payload)
{
    QJsonObject o;
    switch (verb) {
    case Verb::Ok: {
        auto ok = OkPayload::decode(payload);
        if (!ok.ok())
            return {{QStringLiteral("error"), ok.error().message}};
        o.insert(QStringLiteral("inReVerb"), verbName(ok->inReVerb));
        o.insert(QStringLiteral("inRePacketId"), hex64(ok->inRePacketId));
        o.insert(QStringLiteral("bodyHex"), hex(ok->body));
        if (ok->inReVerb == Verb::Whois) {
            auto whois = OkWhoisPayload::decode(payload);
            if (whois.ok()) {
                QJsonArray ids;
                for (const Identity &id : whois->identities)
                    ids.append(id.toString());
                o.insert(QStringLiteral("identities"), ids);
            }
        }
        return o;
    }
    case Verb::Error: {
        auto error = ErrorPayload::decode(payload);
        if (!error.ok())
            return {{QStringLiteral("error"), error.error().message}};
        o.insert(QStringLiteral("inReVerb"), verbName(error->inReVerb));
        o.insert(QStringLiteral("inRePacketId"), hex64(error->inRePacketId));
        o.insert(QStringLiteral("errorCode"), protocolErrorName(error->code));
        if (error->networkId)
            o.insert(QStringLiteral("networkId"), hex64(*error->networkId));
        return o;
    }
    case Verb::Whois: {
        auto whois = WhoisPayload::decode(payload);
        if (!whois.ok())
            return {{QStringLiteral("error"), whois.error().message}};
        QJsonArray addresses;
        for (Address a : whois->addresses)
            addresses.append(a.toString());
        o.insert(QStringLiteral("addresses"), addresses);
        return o;
    }
    case Verb::NetworkConfigRequest: {
        auto request = NetworkConfigRequestPayload::decode(payload);
        if (!request.ok())
            return {{QStringLiteral("error"), request.error().message}};
        o.insert(QStringLiteral("networkId"), hex64(request->networkId));
        o.insert(QStringLiteral("metadataText"), QString::fromLatin1(request->metadata));
        if (request->haveRevision)
            o.insert(QStringLiteral("haveRevision"), qint64(*request->haveRevision));
        if (request->haveTimestamp)
            o.insert(QStringLiteral("haveTimestamp"), qint64(*request->haveTimestamp));
        return o;
    }
    default:
        return o;
    }
}

} // namespace

Result<QJsonObject> PacketDecoder::decode(const Identity &ours, const Identity &peer, QByteArrayView wire)
{
    if (!ours.hasSecret())
        return makeError(ErrorCode::Malformed, QStringLiteral("our identity needs its secret key"));
    if (wire.size() > protocol::FragmentIndicatorOffset && quint8(wire[protocol::FragmentIndicatorOffset]) == 0xff)
        return makeError(ErrorCode::Unsupported, QStringLiteral("this is a fragment; decode the assembled packet"));
    auto parsed = Packet::fromBytes(wire);
    if (!parsed.ok())
        return parsed.error();
    Packet packet = parsed.value();
    const auto key = ours.agree(peer);
    if (!key)
        return makeError(ErrorCode::InvalidIdentity, QStringLiteral("no key agreement with the peer identity"));

    QJsonObject o;
    o.insert(QStringLiteral("packetId"), hex(packet.packetIdBytes()));
    o.insert(QStringLiteral("destination"), packet.destination().toString());
    o.insert(QStringLiteral("source"), packet.source().toString());
    o.insert(QStringLiteral("flags"), packet.flags());
    o.insert(QStringLiteral("hops"), packet.hops());
    o.insert(QStringLiteral("fragmented"), packet.isFragmented());
    o.insert(QStringLiteral("cipherSuite"), int(packet.cipherSuite()));
    o.insert(QStringLiteral("cipherSuiteName"), cipherSuiteName(packet.cipherSuite()));
    o.insert(QStringLiteral("mac"), hex(packet.mac()));
    o.insert(QStringLiteral("length"), packet.size());

    const Status dearmored = packet.dearmor(*key);
    if (!dearmored.ok())
        return makeError(dearmored.error().code, QStringLiteral("dearmor failed: ") + dearmored.error().message);
    o.insert(QStringLiteral("authenticated"), true);
    o.insert(QStringLiteral("compressed"), packet.isCompressed());
    const Status decompressed = packet.decompress();
    if (!decompressed.ok())
        return makeError(decompressed.error().code,
                         QStringLiteral("decompression failed: ") + decompressed.error().message);
    o.insert(QStringLiteral("verb"), verbName(packet.verb()));
    o.insert(QStringLiteral("verbByte"), packet.verbByte());
    o.insert(QStringLiteral("payloadLength"), packet.payload().size());
    o.insert(QStringLiteral("payloadHex"), hex(packet.payload()));
    const QJsonObject fields =
        packet.verb() == Verb::Hello ? describeHello(packet, *key) : describePayload(packet.verb(), packet.payload());
    if (!fields.isEmpty())
        o.insert(QStringLiteral("parsed"), fields);
    return o;
}

} // namespace tier::idtool
