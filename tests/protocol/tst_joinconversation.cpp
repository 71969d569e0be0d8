// SPDX-License-Identifier: GPL-3.0-or-later
// Every packet of the real 1.14.1 root/controller/member capture (join-conversation.json) must
// decode with our codecs: suites 0/1 from the wire bytes with keys agreed from the capture's
// identities, suite 3 (not implemented) from the decrypted payload the capture provides.
#include "common/vectors.h"
#include "core/base/bytes.h"
#include "core/crypto/identity.h"
#include "core/crypto/primitives.h"
#include "core/protocol/dictionary.h"
#include "core/protocol/echo.h"
#include "core/protocol/errorpayload.h"
#include "core/protocol/hello.h"
#include "core/protocol/multicastgather.h"
#include "core/protocol/multicastlike.h"
#include "core/protocol/networkconfigframe.h"
#include "core/protocol/networkconfigrequest.h"
#include "core/protocol/networkcredentials.h"
#include "core/protocol/okhello.h"
#include "core/protocol/okpayload.h"
#include "core/protocol/packet.h"
#include "core/protocol/packetdescription.h"
#include "core/protocol/pushdirectpaths.h"
#include "core/protocol/reassembler.h"
#include "core/protocol/rendezvous.h"
#include "core/protocol/whois.h"

#include <QHash>
#include <QtTest>

using namespace tier;

namespace {

QString hex64(quint64 v)
{
    return QStringLiteral("%1").arg(v, 16, 16, QLatin1Char('0'));
}

QString hex(QByteArrayView v)
{
    return QString::fromLatin1(v.toByteArray().toHex());
}

QString macHex(quint64 mac)
{
    return QStringLiteral("%1").arg(mac, 12, 16, QLatin1Char('0'));
}

} // namespace

class TestJoinConversation final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void everyPacketDecodes_data();
    void everyPacketDecodes();
    void coverage();
    void descriptionsMatchCapture();
    void descriptionOfBadInput();

private:
    void checkParsed(Verb verb, const QByteArray &payload, const QJsonObject &parsed, const QJsonObject &packet);
    void checkConfigChunk(const QByteArray &chunk, const QJsonObject &expected);

    QJsonObject m_doc;
    QHash<QString, Identity> m_ids;
    QHash<QString, int> m_seen; // verb names (and "OK(in-re)") checked
    int m_wireDecoded = 0;
    int m_rearmored = 0;
    int m_reencoded = 0;
};

void TestJoinConversation::initTestCase()
{
    QVERIFY(crypto::initialize());
    m_doc = test::loadVectorJson(QStringLiteral("join-conversation.json"));
    QVERIFY(!m_doc.isEmpty());
    const QJsonObject ids = m_doc[u"identities"].toObject();
    for (const QString &role : {QStringLiteral("R"), QStringLiteral("C"), QStringLiteral("M")}) {
        Result<Identity> id = Identity::fromString(ids[role].toObject()[u"secret"].toString());
        QVERIFY2(id.ok(), qPrintable(role));
        QVERIFY(id->hasSecret());
        QCOMPARE(id->address().toString(), ids[role].toObject()[u"address"].toString());
        m_ids.insert(role, id.value());
    }
    QVERIFY(m_doc[u"packets"].toArray().size() > 300);
}

void TestJoinConversation::everyPacketDecodes_data()
{
    QTest::addColumn<QJsonObject>("packet");
    for (const QJsonValue &v : m_doc[u"packets"].toArray()) {
        const QJsonObject p = v.toObject();
        const QString name = QStringLiteral("#%1 %2 %3->%4 suite %5")
                                 .arg(p[u"index"].toInt())
                                 .arg(p[u"verb_name"].toString(p[u"kind"].toString()))
                                 .arg(p[u"src_node"].toString(), p[u"dst_node"].toString())
                                 .arg(p[u"cipher_suite"].toInt(-1));
        QTest::newRow(qPrintable(name)) << p;
    }
}

void TestJoinConversation::everyPacketDecodes()
{
    QFETCH(QJsonObject, packet);
    const QByteArray wire = test::hexValue(packet[u"wire_hex"]);
    if (packet[u"kind"].toString() != u"packet") {
        // The NAT junk datagram: neither a packet nor a fragment.
        QVERIFY(wire.size() < protocol::HeaderLength);
        QVERIFY(!Packet::fromBytes(wire).ok());
        QVERIFY(!Reassembler::isPartOfFragmentedPacket(wire));
        m_seen[QStringLiteral("junk")]++;
        return;
    }
    QCOMPARE(wire.size(), packet[u"udp_len"].toInt());

    // Header fields straight from the wire.
    Result<Packet> raw = Packet::fromBytes(wire);
    QVERIFY(raw.ok());
    QCOMPARE(hex(raw->packetIdBytes()), packet[u"packet_id"].toString());
    QCOMPARE(raw->source().toString(), packet[u"zt_src"].toString());
    QCOMPARE(raw->destination().toString(), packet[u"zt_dst"].toString());
    QCOMPARE(int(raw->flags()), packet[u"flags_byte"].toString().toInt(nullptr, 16));
    QCOMPARE(raw->hops(), packet[u"hops"].toInt());
    QCOMPARE(int(raw->cipherSuite()), packet[u"cipher_suite"].toInt());
    QCOMPARE(cipherSuiteName(raw->cipherSuite()), packet[u"cipher_suite_name"].toString());
    QVERIFY(!raw->isFragmented()); // the capture has no fragmented packet

    const Identity &receiver = m_ids[packet[u"dst_node"].toString()];
    const Identity &sender = m_ids[packet[u"src_node"].toString()];
    QCOMPARE(receiver.address(), raw->destination());
    QCOMPARE(sender.address(), raw->source());
    const auto key = receiver.agree(sender.publicOnly());
    QVERIFY(key.has_value());
    QCOMPARE(key->size(), 48);
    QCOMPARE(sender.agree(receiver.publicOnly()), key);

    const Verb verb = Verb(packet[u"verb"].toInt());
    QCOMPARE(verbName(verb), packet[u"verb_name"].toString());
    const QByteArray expectedPayload = test::hexValue(packet[u"payload_hex"]);
    QByteArray payload;

    if (raw->cipherSuite() == CipherSuite::AesGmacSiv) {
        // Not implemented (we advertise protocol 11): dearmor must refuse it cleanly.
        Packet copy = raw.value();
        QCOMPARE(copy.dearmor(*key).error().code, ErrorCode::Unsupported);
        payload = expectedPayload;
    } else {
        Packet p = raw.value();
        QVERIFY(p.dearmor(*key).ok());
        QCOMPARE(packet[u"mac_ok"].toBool(), true);
        QCOMPARE(p.verb(), verb);
        QCOMPARE(p.isCompressed(), packet[u"compressed_on_wire"].toBool());

        // Re-armor the authenticated plaintext (still compressed / field-encrypted as received)
        // with its packet ID: our armor must give the captured wire bytes (hops aside).
        Packet again = p;
        QVERIFY(again.armor(*key, p.cipherSuite(), 0).ok());
        QByteArray wireNoHops = wire;
        wireNoHops[protocol::FlagsOffset] = char(quint8(wire[protocol::FlagsOffset]) & ~protocol::HopsMask);
        QCOMPARE(again.bytes().toHex(), wireNoHops.toHex());
        ++m_rearmored;

        if (verb == Verb::Hello) {
            QCOMPARE(p.cipherSuite(), CipherSuite::Poly1305None);
            // The identity can be read before the key exists (that is how the key is found).
            Result<Identity> peeked = HelloPayload::peekIdentity(raw->payload());
            QVERIFY(peeked.ok());
            QCOMPARE(peeked.value(), sender.publicOnly());
            Result<HelloPayload> hello = HelloPayload::fromPacket(p, *key);
            QVERIFY2(hello.ok(), hello.ok() ? "" : qPrintable(hello.error().message));
            payload = hello->encode();
            // Our HELLO builder, fed the same fields and packet ID, reproduces the wire.
            Result<Packet> built = hello->toPacket(p.packetId(), p.destination(), *key);
            QVERIFY(built.ok());
            QCOMPARE(built->bytes().toHex(), wire.toHex());
            ++m_reencoded;
        } else {
            QVERIFY(p.decompress().ok());
            payload = p.payload().toByteArray();
        }
        ++m_wireDecoded;
    }
    QCOMPARE(payload.toHex(), expectedPayload.toHex());
    checkParsed(verb, payload, packet[u"parsed"].toObject(), packet);
}

void TestJoinConversation::checkConfigChunk(const QByteArray &chunk, const QJsonObject &expected)
{
    // The chunk's inner layout belongs to the netconf codecs; here we check that our framing hands
    // over exactly the chunk the capture shows, and that its signature is the controller's.
    ByteReader r(chunk);
    QCOMPARE(hex64(r.u64()), expected[u"network_id"].toString());
    const quint16 length = r.u16();
    QCOMPARE(int(length), expected[u"chunk_len"].toInt());
    QCOMPARE(hex(r.bytes(length)), expected[u"chunk_hex"].toString());
    QCOMPARE(int(r.u8()), expected[u"flags"].toInt());
    QCOMPARE(hex64(r.u64()), expected[u"update_id"].toString());
    QCOMPARE(qint64(r.u32()), qint64(expected[u"total_len"].toInt()));
    QCOMPARE(qint64(r.u32()), qint64(expected[u"chunk_index"].toInt()));
    const qsizetype signedEnd = r.position();
    QCOMPARE(int(r.u8()), expected[u"sig_type"].toInt());
    QCOMPARE(int(r.u16()), expected[u"sig_len"].toInt());
    const QByteArrayView signature = r.bytes(protocol::SignatureLength);
    QVERIFY(r.ok());
    QVERIFY(r.atEnd());
    QCOMPARE(hex(signature), expected[u"signature"].toString());
    QCOMPARE(hex(QByteArrayView(chunk).first(signedEnd)), expected[u"signed_bytes_hex"].toString());
    QVERIFY(m_ids[QStringLiteral("C")].verify(QByteArrayView(chunk).first(signedEnd), signature));
}

void TestJoinConversation::checkParsed(Verb verb, const QByteArray &payload, const QJsonObject &parsed,
                                       const QJsonObject &packet)
{
    QString seenKey = verbName(verb);
    switch (verb) {
    case Verb::Hello: {
        Result<HelloPayload> h = HelloPayload::decode(payload);
        QVERIFY(h.ok());
        QCOMPARE(int(h->protocolVersion), parsed[u"protocol_version"].toInt());
        QCOMPARE(h->versionString(), parsed[u"version"].toString());
        QCOMPARE(qint64(h->timestamp), qint64(parsed[u"timestamp"].toDouble()));
        QCOMPARE(h->identity.toString(), parsed[u"identity"].toString());
        QVERIFY(h->destination.has_value());
        QCOMPARE(h->destination->toString(), parsed[u"physical_destination"].toString());
        QCOMPARE(hex64(h->worldId.value_or(0)), parsed[u"planet_id"].toString());
        QCOMPARE(qint64(h->worldTimestamp.value_or(0)), qint64(parsed[u"planet_timestamp"].toDouble()));
        const qsizetype offset = HelloPayload::encryptedFieldOffset(payload);
        QCOMPARE(int(protocol::PayloadOffset + offset), parsed[u"encrypted_field_offset_in_packet"].toInt());
        QCOMPARE(hex(QByteArrayView(payload).sliced(offset)), parsed[u"encrypted_field_plain"].toString());
        QVERIFY(h->moons.has_value());
        QCOMPARE(h->moons->size(), parsed[u"moon_count"].toInt());
        QVERIFY(h->trailing.isEmpty());
        QCOMPARE(h->encode().toHex(), payload.toHex());
        break;
    }
    case Verb::Ok: {
        Result<OkPayload> ok = OkPayload::decode(payload);
        QVERIFY(ok.ok());
        QCOMPARE(verbName(ok->inReVerb), parsed[u"in_re_verb"].toString());
        QCOMPARE(hex64(ok->inRePacketId), parsed[u"in_re_packet_id"].toString());
        QCOMPARE(ok->encode(), payload);
        seenKey = QStringLiteral("OK(%1)").arg(verbName(ok->inReVerb));
        switch (ok->inReVerb) {
        case Verb::Hello: {
            Result<OkHelloPayload> h = OkHelloPayload::decode(payload);
            QVERIFY(h.ok());
            QCOMPARE(hex64(h->inRePacketId), parsed[u"in_re_packet_id"].toString());
            QCOMPARE(qint64(h->timestamp), qint64(parsed[u"timestamp_echo"].toDouble()));
            QCOMPARE(int(h->protocolVersion), parsed[u"protocol_version"].toInt());
            QCOMPARE(h->versionString(), parsed[u"version"].toString());
            QCOMPARE(h->yourAddress.toString(), parsed[u"your_physical_address"].toString());
            QCOMPARE(h->worldUpdates.size(), parsed[u"world_update_len"].toInt());
            QCOMPARE(h->encode().toHex(), payload.toHex());
            ++m_reencoded;
            break;
        }
        case Verb::Whois: {
            Result<OkWhoisPayload> w = OkWhoisPayload::decode(payload);
            QVERIFY(w.ok());
            const QJsonArray ids = parsed[u"identities"].toArray();
            QCOMPARE(w->identities.size(), ids.size());
            for (int i = 0; i < ids.size(); ++i)
                QCOMPARE(w->identities[i].toString(), ids[i].toString());
            QCOMPARE(w->encode().toHex(), payload.toHex());
            ++m_reencoded;
            break;
        }
        case Verb::Echo: {
            Result<OkEchoPayload> e = OkEchoPayload::decode(payload);
            QVERIFY(e.ok());
            QCOMPARE(hex(e->echoed), parsed[u"echo_payload"].toString());
            QCOMPARE(e->encode().toHex(), payload.toHex());
            if (e->configAck()) // the push acknowledgement quirk: network ID + update ID
                QCOMPARE(hex64(e->configAck()->networkId), m_doc[u"network_id"].toString());
            break;
        }
        case Verb::NetworkConfigRequest: {
            Result<OkNetworkConfigPayload> c = OkNetworkConfigPayload::decode(payload);
            QVERIFY(c.ok());
            QCOMPARE(hex64(c->networkId()), m_doc[u"network_id"].toString());
            checkConfigChunk(c->chunk, parsed[u"config_chunk"].toObject());
            QCOMPARE(packet[u"chunk_signature_valid"].toBool(), true);
            QCOMPARE(c->encode().toHex(), payload.toHex());
            break;
        }
        default:
            QFAIL("OK for an in-re verb the capture was not expected to have");
        }
        break;
    }
    case Verb::Error: {
        Result<ErrorPayload> e = ErrorPayload::decode(payload);
        QVERIFY(e.ok());
        QCOMPARE(verbName(e->inReVerb), parsed[u"in_re_verb"].toString());
        QCOMPARE(hex64(e->inRePacketId), parsed[u"in_re_packet_id"].toString());
        QCOMPARE(int(e->code), parsed[u"error_code"].toInt());
        QCOMPARE(protocolErrorName(e->code), parsed[u"error"].toString());
        QVERIFY(e->networkId.has_value());
        QCOMPARE(hex64(*e->networkId), parsed[u"network_id"].toString());
        QVERIFY(e->errorData.isEmpty());
        QVERIFY(e->extra.isEmpty());
        // What our controller would send for the same request reproduces the captured bytes.
        const ErrorPayload ours = ErrorPayload::forConfigRequest(e->inRePacketId, e->code, *e->networkId);
        QCOMPARE(ours.encode().toHex(), payload.toHex());
        ++m_reencoded;
        break;
    }
    case Verb::Whois: {
        Result<WhoisPayload> w = WhoisPayload::decode(payload);
        QVERIFY(w.ok());
        const QJsonArray addrs = parsed[u"addresses"].toArray();
        QCOMPARE(w->addresses.size(), addrs.size());
        for (int i = 0; i < addrs.size(); ++i)
            QCOMPARE(w->addresses[i].toString(), addrs[i].toString());
        QCOMPARE(w->encode(), payload);
        break;
    }
    case Verb::Rendezvous: {
        Result<RendezvousPayload> r = RendezvousPayload::decode(payload);
        QVERIFY(r.ok());
        QCOMPARE(int(r->flags), parsed[u"flags"].toInt());
        QCOMPARE(r->peer.toString(), parsed[u"with_address"].toString());
        QCOMPARE(int(r->address.port()), parsed[u"port"].toInt());
        QCOMPARE(r->address.toIpString(), parsed[u"ip"].toString());
        QCOMPARE(r->encode(), payload);
        break;
    }
    case Verb::Echo:
        QCOMPARE(hex(payload), parsed[u"echo_payload"].toString());
        break;
    case Verb::MulticastLike: {
        Result<MulticastLikePayload> l = MulticastLikePayload::decode(payload);
        QVERIFY(l.ok());
        const QJsonArray groups = parsed[u"groups"].toArray();
        QCOMPARE(l->groups.size(), groups.size());
        for (int i = 0; i < groups.size(); ++i) {
            const QJsonObject g = groups[i].toObject();
            QCOMPARE(hex64(l->groups[i].networkId), g[u"network_id"].toString());
            QCOMPARE(macHex(l->groups[i].mac), g[u"mac"].toString());
            QCOMPARE(QStringLiteral("%1").arg(l->groups[i].adi, 8, 16, QLatin1Char('0')), g[u"adi"].toString());
        }
        QCOMPARE(l->encode(), payload);
        break;
    }
    case Verb::NetworkConfigRequest: {
        Result<NetworkConfigRequestPayload> r = NetworkConfigRequestPayload::decode(payload);
        QVERIFY(r.ok());
        QCOMPARE(hex64(r->networkId), parsed[u"network_id"].toString());
        QCOMPARE(r->metadata.size(), parsed[u"metadata_len"].toInt());
        const Dictionary md = r->metadataDictionary();
        const QJsonArray entries = parsed[u"metadata"].toArray();
        QCOMPARE(md.size(), entries.size());
        for (int i = 0; i < entries.size(); ++i) {
            const QJsonObject e = entries[i].toObject();
            QCOMPARE(QString::fromLatin1(md.entries()[i].key), e[u"key"].toString());
            QCOMPARE(QString::fromLatin1(md.entries()[i].value), e[u"value"].toString());
        }
        QVERIFY(r->haveRevision.has_value());
        QVERIFY(r->haveTimestamp.has_value());
        QCOMPARE(qint64(*r->haveRevision), qint64(parsed[u"have_revision"].toDouble()));
        QCOMPARE(qint64(*r->haveTimestamp), qint64(parsed[u"have_timestamp"].toDouble()));
        QCOMPARE(r->encode().toHex(), payload.toHex());
        break;
    }
    case Verb::NetworkConfig: {
        Result<NetworkConfigPayload> c = NetworkConfigPayload::decode(payload);
        QVERIFY(c.ok());
        checkConfigChunk(c->chunk, parsed[u"config_chunk"].toObject());
        QCOMPARE(packet[u"chunk_signature_valid"].toBool(), true);
        QCOMPARE(c->encode(), payload);
        break;
    }
    case Verb::MulticastGather: {
        // The capture leaves this one unparsed; the layout is docs/protocol/verbs.md §12 with a COM attached.
        Result<MulticastGatherPayload> g = MulticastGatherPayload::decode(payload);
        QVERIFY(g.ok());
        QCOMPARE(hex64(g->group.networkId), m_doc[u"network_id"].toString());
        QCOMPARE(int(g->flags), 1);
        QCOMPARE(g->com.size(), 1 + 2 + 7 * 24 + 5 + 96); // the 7-qualifier COM ZT issues
        QCOMPARE(payload.size(), 23 + g->com.size());
        QCOMPARE(g->com.mid(1 + 2 + 7 * 24, 5).toHex(), m_doc[u"network_id"].toString().left(10).toLatin1());
        QCOMPARE(g->encode().toHex(), payload.toHex());
        break;
    }
    case Verb::NetworkCredentials: {
        Result<NetworkCredentialsPayload> c = NetworkCredentialsPayload::decode(payload);
        QVERIFY(c.ok());
        QVERIFY(c->coms.isEmpty());
        QCOMPARE(c->capabilities.size(), parsed[u"capability_count"].toInt());
        QCOMPARE(c->tags.size(), parsed[u"tag_count"].toInt());
        QCOMPARE(c->coos.size(), parsed[u"coo_count"].toInt());
        const QJsonArray revs = parsed[u"revocations"].toArray();
        QCOMPARE(c->revocations.size(), revs.size());
        for (int i = 0; i < revs.size(); ++i) {
            QCOMPARE(hex(c->revocations[i]), revs[i].toObject()[u"serialized_hex"].toString());
            QCOMPARE(c->revocations[i].size(), 152);
        }
        QCOMPARE(c->encode().toHex(), payload.toHex());
        ++m_reencoded;
        break;
    }
    case Verb::PushDirectPaths: {
        Result<PushDirectPathsPayload> d = PushDirectPathsPayload::decode(payload);
        QVERIFY(d.ok());
        QCOMPARE(d->paths.size(), 1);
        QCOMPARE(d->paths[0].address.toIpString(), QStringLiteral("127.0.0.1"));
        QVERIFY(d->paths[0].address.port() != 0);
        QCOMPARE(d->encode().toHex(), payload.toHex());
        break;
    }
    default:
        QFAIL(qPrintable(QStringLiteral("verb %1 was not expected in the capture").arg(verbName(verb))));
    }
    m_seen[seenKey]++;
}

void TestJoinConversation::coverage()
{
    // Runs after the data-driven test: every verb the controller meets was actually exercised.
    const QStringList expected = {
        QStringLiteral("HELLO"),
        QStringLiteral("OK(HELLO)"),
        QStringLiteral("WHOIS"),
        QStringLiteral("OK(WHOIS)"),
        QStringLiteral("ERROR"),
        QStringLiteral("NETWORK_CONFIG_REQUEST"),
        QStringLiteral("OK(NETWORK_CONFIG_REQUEST)"),
        QStringLiteral("NETWORK_CONFIG"),
        QStringLiteral("ECHO"),
        QStringLiteral("OK(ECHO)"),
        QStringLiteral("RENDEZVOUS"),
        QStringLiteral("MULTICAST_LIKE"),
        QStringLiteral("MULTICAST_GATHER"),
        QStringLiteral("NETWORK_CREDENTIALS"),
        QStringLiteral("PUSH_DIRECT_PATHS"),
        QStringLiteral("junk"),
    };
    for (const QString &k : expected)
        QVERIFY2(m_seen.value(k) > 0, qPrintable(k));
    int total = 0;
    for (int n : std::as_const(m_seen))
        total += n;
    QCOMPARE(total, m_doc[u"packets"].toArray().size());
    QCOMPARE(m_wireDecoded, 30); // every suite 0/1 packet, from the wire
    QCOMPARE(m_rearmored, 30);
    QVERIFY(m_reencoded > 100);
}

namespace {

// Every member of expected must be in actual with the same value (actual may have more).
bool containsAll(const QJsonObject &actual, const QJsonObject &expected, QString *where)
{
    for (auto it = expected.begin(); it != expected.end(); ++it) {
        const QJsonValue a = actual.value(it.key());
        const QJsonValue e = it.value();
        if (e.isObject() && a.isObject()) {
            if (!containsAll(a.toObject(), e.toObject(), where)) {
                *where = it.key() + u'.' + *where;
                return false;
            }
            continue;
        }
        if (e.isArray() && a.isArray() && e.toArray().size() == a.toArray().size()) {
            const QJsonArray ea = e.toArray();
            const QJsonArray aa = a.toArray();
            for (qsizetype i = 0; i < ea.size(); ++i) {
                if (ea[i].isObject() && aa[i].isObject()) {
                    if (!containsAll(aa[i].toObject(), ea[i].toObject(), where)) {
                        *where = QStringLiteral("%1[%2].").arg(it.key()).arg(i) + *where;
                        return false;
                    }
                } else if (ea[i] != aa[i]) {
                    *where = QStringLiteral("%1[%2]").arg(it.key()).arg(i);
                    return false;
                }
            }
            continue;
        }
        if (a != e) {
            *where = it.key();
            return false;
        }
    }
    return true;
}

} // namespace

void TestJoinConversation::descriptionsMatchCapture()
{
    int described = 0;
    const QStringList headerKeys = {
        QStringLiteral("packet_id"),         QStringLiteral("zt_src"), QStringLiteral("zt_dst"),
        QStringLiteral("flags_byte"),        QStringLiteral("hops"),   QStringLiteral("cipher_suite"),
        QStringLiteral("cipher_suite_name"), QStringLiteral("udp_len")};
    for (const QJsonValue &v : m_doc[u"packets"].toArray()) {
        const QJsonObject packet = v.toObject();
        const QString index = QString::number(packet[u"index"].toInt());
        const QByteArray wire = test::hexValue(packet[u"wire_hex"]);
        if (packet[u"kind"].toString() != u"packet") {
            const QJsonObject d = PacketDescription::describeDatagram(wire, m_ids[QStringLiteral("C")], Identity());
            QCOMPARE(d[u"kind"].toString(), QStringLiteral("short"));
            continue;
        }
        const Identity &us = m_ids[packet[u"dst_node"].toString()];
        const Identity peer = m_ids[packet[u"src_node"].toString()].publicOnly();
        // HELLOs are described without knowing the peer: its identity is in the packet.
        const bool hello = packet[u"verb_name"].toString() == u"HELLO";
        const QJsonObject d = PacketDescription::describeDatagram(wire, us, hello ? Identity() : peer);
        for (const QString &k : headerKeys)
            QVERIFY2(d[k] == packet[k], qPrintable(index + u' ' + k));
        QString where;
        if (packet[u"cipher_suite"].toInt() == 3) {
            QVERIFY(d.contains(u"error"));
            const QJsonObject parsed = PacketDescription::describePayload(Verb(packet[u"verb"].toInt()),
                                                                          test::hexValue(packet[u"payload_hex"]));
            QVERIFY2(containsAll(parsed, packet[u"parsed"].toObject(), &where), qPrintable(index + u' ' + where));
        } else {
            QVERIFY2(!d.contains(u"error"), qPrintable(index + u' ' + d[u"error"].toString()));
            for (const QString &k : {QStringLiteral("mac_ok"), QStringLiteral("verb"), QStringLiteral("verb_name"),
                                     QStringLiteral("compressed_on_wire"), QStringLiteral("payload_hex")})
                QVERIFY2(d[k] == packet[k], qPrintable(index + u' ' + k));
            QVERIFY2(containsAll(d[u"parsed"].toObject(), packet[u"parsed"].toObject(), &where),
                     qPrintable(index + u' ' + where));
        }
        ++described;
    }
    QCOMPARE(described, m_doc[u"packets"].toArray().size() - 1);
}

void TestJoinConversation::descriptionOfBadInput()
{
    const Identity &c = m_ids[QStringLiteral("C")];
    const Identity m = m_ids[QStringLiteral("M")].publicOnly();
    QByteArray wire;
    for (const QJsonValue &v : m_doc[u"packets"].toArray()) {
        if (v.toObject()[u"index"].toInt() == 22)
            wire = test::hexValue(v.toObject()[u"wire_hex"]);
    }
    QVERIFY(!wire.isEmpty());
    QCOMPARE(PacketDescription::describeDatagram(wire, c, m)[u"verb_name"].toString(),
             QStringLiteral("NETWORK_CONFIG_REQUEST"));
    QByteArray tampered = wire;
    tampered[40] = char(tampered[40] ^ 1);
    const QJsonObject bad = PacketDescription::describeDatagram(tampered, c, m);
    QCOMPARE(bad[u"mac_ok"].toBool(), false);
    QVERIFY(bad.contains(u"error"));
    QVERIFY(!bad.contains(u"parsed"));
    // Without our secret nothing is decrypted.
    QVERIFY(PacketDescription::describeDatagram(wire, c.publicOnly(), m).contains(u"error"));
    // Every truncation is described without crashing.
    for (qsizetype n = 0; n < wire.size(); ++n)
        QVERIFY(!PacketDescription::describeDatagram(QByteArrayView(wire).first(n), c, m).isEmpty());
    const QJsonObject fragment =
        PacketDescription::describeDatagram(QByteArray::fromHex("0102030405060708aabbccddeeff2100"
                                                                "99"),
                                            c, m);
    QCOMPARE(fragment[u"kind"].toString(), QStringLiteral("fragment"));
    QCOMPARE(fragment[u"fragment_total"].toInt(), 2);
    QCOMPARE(PacketDescription::describePayload(Verb::Whois, QByteArray("abc"))[u"error"].isString(), true);

    // The comparison used above does notice differences.
    QString where;
    const QJsonObject one{{QStringLiteral("a"), QJsonObject{{QStringLiteral("b"), 1}}}};
    const QJsonObject two{{QStringLiteral("a"), QJsonObject{{QStringLiteral("b"), 2}}}};
    QVERIFY(!containsAll(one, two, &where));
    QCOMPARE(where, QStringLiteral("a.b"));
    QVERIFY(!containsAll(QJsonObject(), one, &where));
    QVERIFY(containsAll(one, QJsonObject(), &where));
}

QTEST_APPLESS_MAIN(TestJoinConversation)
#include "tst_joinconversation.moc"
