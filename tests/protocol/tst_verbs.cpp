// SPDX-License-Identifier: GPL-3.0-or-later
// Verb payload codecs: spec layouts, optional fields, and refusal of malformed input. The captured
// real packets are covered by tst_joinconversation; this file adds the forms the capture lacks.
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
#include "core/protocol/packetdescription.h"
#include "core/protocol/pushdirectpaths.h"
#include "core/protocol/reassembler.h"
#include "core/protocol/rendezvous.h"
#include "core/protocol/whois.h"

#include <QtTest>

using namespace tier;

namespace {

// Every prefix shorter than the full payload must be refused (or, for the forms whose tail is
// optional, at least decode without reading past the end — checked by ASan/UBSan builds).
template<typename T>
int refusedPrefixes(const QByteArray &payload)
{
    int refused = 0;
    for (qsizetype n = 0; n < payload.size(); ++n) {
        if (!T::decode(QByteArrayView(payload).first(n)).ok())
            ++refused;
    }
    return refused;
}

QJsonObject firstPacket(const QJsonObject &doc, const QString &verb, const QString &inRe = {})
{
    for (const QJsonValue &v : doc[u"packets"].toArray()) {
        const QJsonObject p = v.toObject();
        if (p[u"verb_name"].toString() != verb)
            continue;
        if (!inRe.isEmpty() && p[u"parsed"].toObject()[u"in_re_verb"].toString() != inRe)
            continue;
        return p;
    }
    return {};
}

} // namespace

class TestVerbs final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void helloOurForm();
    void helloWithMoons();
    void helloOptionalTail();
    void helloRefusals();
    void okFraming();
    void okHelloControllerForm();
    void errorForms();
    void whois();
    void rendezvous();
    void okEcho();
    void configRequest();
    void configFraming();
    void credentials();
    void pushDirectPaths();
    void multicast();
    void randomInputNeverCrashes();

private:
    QJsonObject m_conversation;
    Identity m_controller;
    Identity m_member;
    QByteArray m_key;
};

void TestVerbs::initTestCase()
{
    QVERIFY(crypto::initialize());
    m_conversation = test::loadVectorJson(QStringLiteral("join-conversation.json"));
    const QJsonObject ids = m_conversation[u"identities"].toObject();
    m_controller = Identity::fromString(ids[u"C"].toObject()[u"secret"].toString()).value();
    m_member = Identity::fromString(ids[u"M"].toObject()[u"secret"].toString()).value();
    m_key = m_controller.agree(m_member.publicOnly()).value();
}

void TestVerbs::helloOurForm()
{
    // What our controller sends: protocol 11, destination address, planet, empty moon list.
    HelloPayload h;
    h.versionMajor = 0;
    h.versionMinor = 1;
    h.versionRevision = 0;
    h.timestamp = 1795462893644;
    h.identity = m_controller.publicOnly();
    h.destination = InetAddress::fromString(u"127.0.0.1/19995");
    h.worldId = 0x7a7a7a7a;
    h.worldTimestamp = 1700000000000;
    h.moons = QList<MoonReference>{};
    const QByteArray payload = h.encode();
    QCOMPARE(payload.size(), 13 + 71 + 7 + 16 + 2);
    QCOMPARE(quint8(payload[0]), quint8(11));
    QCOMPARE(HelloPayload::encryptedFieldOffset(payload), 13 + 71 + 7 + 16);

    const Result<Packet> p = h.toPacket(0x0102030405060708ULL, m_member.address(), m_key);
    QVERIFY(p.ok());
    QCOMPARE(p->size(), 137); // the HELLO size seen in the capture
    QCOMPARE(p->flags(), quint8(0x00));
    QCOMPARE(p->source(), m_controller.address());
    // The moon count is encrypted on the wire.
    QVERIFY(p->bytes().right(2) != QByteArray(2, '\0'));

    // The member's side: peek identity, agree, dearmor, decode.
    Packet received = Packet::fromBytes(p->bytes()).value();
    const Identity peer = HelloPayload::peekIdentity(received.payload()).value();
    QCOMPARE(peer, m_controller.publicOnly());
    const QByteArray memberKey = m_member.agree(peer).value();
    QVERIFY(received.dearmor(memberKey).ok());
    const Result<HelloPayload> back = HelloPayload::fromPacket(received, memberKey);
    QVERIFY(back.ok());
    QCOMPARE(back->protocolVersion, quint8(11));
    QCOMPARE(back->identity, m_controller.publicOnly());
    QCOMPARE(*back->destination, *h.destination);
    QCOMPARE(back->moons->size(), 0);
    QCOMPARE(back->encode(), payload);

    // A HELLO whose identity is not its source is refused.
    Packet forged(1, m_member.address(), Address(0x1111111111), Verb::Hello, payload);
    QVERIFY(!HelloPayload::fromPacket(forged, m_key).ok());
}

void TestVerbs::helloWithMoons()
{
    HelloPayload h;
    h.protocolVersion = 12;
    h.timestamp = 42;
    h.identity = m_member.publicOnly();
    h.destination = InetAddress();
    h.worldId = 149604618;
    h.worldTimestamp = 1644592324813;
    h.moons = QList<MoonReference>{{0x7f, 0xdeadbeef01ULL, 0}, {0x7f, 0x1234, 99}};
    const QByteArray payload = h.encode();
    QCOMPARE(payload.size(), 13 + 71 + 1 + 16 + 2 + 34);
    const Result<HelloPayload> plain = HelloPayload::decode(payload);
    QVERIFY(plain.ok());
    QCOMPARE(*plain->moons, *h.moons);
    QVERIFY(plain->destination->isNull());

    const Result<Packet> p = h.toPacket(0xfffffffffffffff7ULL, m_controller.address(), m_key);
    Packet received = p.value();
    QVERIFY(received.dearmor(m_key).ok());
    // Without the field cipher the moon list is garbage: decoding the raw payload does not give it.
    const Result<HelloPayload> raw = HelloPayload::decode(received.payload());
    QVERIFY(!raw.ok() || !raw->moons || *raw->moons != *h.moons);
    const Result<HelloPayload> back = HelloPayload::fromPacket(received, m_key);
    QVERIFY(back.ok());
    QCOMPARE(*back->moons, *h.moons);
    QCOMPARE(refusedPrefixes<HelloPayload>(payload) >= 13 + 71, true);
}

void TestVerbs::helloOptionalTail()
{
    // Older peers end after the identity, or after the destination address.
    HelloPayload h;
    h.protocolVersion = 9;
    h.identity = m_member.publicOnly();
    const QByteArray bare = h.encode();
    QCOMPARE(bare.size(), 84);
    Result<HelloPayload> d = HelloPayload::decode(bare);
    QVERIFY(d.ok());
    QVERIFY(!d->destination && !d->worldId && !d->moons);
    QCOMPARE(HelloPayload::encryptedFieldOffset(bare), -1);

    h.destination = InetAddress::fromString(u"fd00::5/9993");
    const QByteArray withDest = h.encode();
    QCOMPARE(withDest.size(), 84 + 19);
    d = HelloPayload::decode(withDest);
    QVERIFY(d.ok());
    QCOMPARE(d->destination->toString(), QStringLiteral("fd00::5/9993"));
    QVERIFY(!d->worldId);

    // Fewer than 16 bytes after the address: no world fields; they are ignored.
    d = HelloPayload::decode(QByteArray(withDest + QByteArray(15, '\x01')));
    QVERIFY(d.ok());
    QVERIFY(!d->worldId);

    // World without a remainder.
    h.worldId = 1;
    h.worldTimestamp = 2;
    d = HelloPayload::decode(h.encode());
    QVERIFY(d.ok());
    QCOMPARE(*d->worldId, 1u);
    QVERIFY(!d->moons);
    // Extra bytes after the moon list are kept aside and ignored.
    h.moons = QList<MoonReference>{};
    h.trailing = QByteArray("xyz");
    d = HelloPayload::decode(h.encode());
    QVERIFY(d.ok());
    QCOMPARE(d->trailing, QByteArray("xyz"));
}

void TestVerbs::helloRefusals()
{
    // armor.json's HELLO-style payload is only 13 bytes: no identity.
    const QJsonArray cases = test::loadVectorJson(QStringLiteral("armor.json"))[u"cases"].toArray();
    const QByteArray stub = test::hexValue(cases[0].toObject()[u"payload"]);
    QCOMPARE(HelloPayload::decode(stub).error().code, ErrorCode::Truncated);

    HelloPayload h;
    h.identity = m_member.publicOnly();
    h.worldId = 1;
    h.worldTimestamp = 1;
    h.moons = QList<MoonReference>{{}};
    QByteArray payload = h.encode();
    // Protocol below 4.
    QByteArray old = payload;
    old[0] = 3;
    QCOMPARE(HelloPayload::decode(old).error().code, ErrorCode::Unsupported);
    // Moon count larger than the data.
    QByteArray lying = payload;
    lying[lying.size() - 17 - 1] = char(5);
    QCOMPARE(HelloPayload::decode(lying).error().code, ErrorCode::Truncated);
    // Bad address type.
    QByteArray badAddr = payload;
    badAddr[84] = char(0x09);
    QCOMPARE(HelloPayload::decode(badAddr).error().code, ErrorCode::Malformed);
    // An identity with a secret is not accepted on the wire.
    QByteArray secret = h.encode().left(13) + m_member.toBinary(true);
    QVERIFY(!HelloPayload::decode(secret).ok());
}

void TestVerbs::okFraming()
{
    OkPayload ok;
    ok.inReVerb = Verb::NetworkConfig;
    ok.inRePacketId = 0x1122334455667788ULL;
    ok.body = QByteArray::fromHex("aabb");
    QCOMPARE(ok.encode().toHex(), QByteArray("0c1122334455667788aabb"));
    QCOMPARE(OkPayload::decode(ok.encode())->body, ok.body);
    QCOMPARE(refusedPrefixes<OkPayload>(ok.encode()), 9);
}

void TestVerbs::okHelloControllerForm()
{
    OkHelloPayload ok;
    ok.inRePacketId = 0xfa19ba9f0a0589eeULL;
    ok.timestamp = 1795462893644;
    ok.versionMajor = 1;
    ok.versionMinor = 14;
    ok.versionRevision = 1;
    ok.yourAddress = *InetAddress::fromString(u"127.0.0.1/19994");
    ok.protocolVersion = 12;
    // The root's OK(HELLO) in the capture, byte for byte.
    const QJsonObject captured = firstPacket(m_conversation, QStringLiteral("OK"), QStringLiteral("HELLO"));
    QCOMPARE(ok.encode().toHex(), captured[u"payload_hex"].toString().toLatin1());
    // Ours: protocol 11, 37 payload bytes + 28 header = 59 ... with an IPv4 address.
    ok.protocolVersion = protocol::ProtocolVersion;
    QCOMPARE(ok.encode().size(), 31);

    // Older peers stop after the version or the address.
    const QByteArray full = ok.encode();
    QVERIFY(OkHelloPayload::decode(full.left(22)).ok());
    QVERIFY(OkHelloPayload::decode(full.left(22))->yourAddress.isNull());
    QVERIFY(OkHelloPayload::decode(full.left(29)).ok());
    QVERIFY(!OkHelloPayload::decode(full.left(21)).ok());
    QVERIFY(!OkHelloPayload::decode(full.left(25)).ok()); // half an address
    QVERIFY(!OkHelloPayload::decode(full.left(30)).ok()); // half a length
    QByteArray worlds = full;
    worlds[29] = char(0);
    worlds[30] = char(10); // 10 bytes of worlds announced, none there
    QCOMPARE(OkHelloPayload::decode(worlds).error().code, ErrorCode::Truncated);
    QByteArray notHello = full;
    notHello[0] = char(Verb::Echo);
    QCOMPARE(OkHelloPayload::decode(notHello).error().code, ErrorCode::Malformed);
}

void TestVerbs::errorForms()
{
    // Denied, as in the capture.
    const ErrorPayload denied = ErrorPayload::forConfigRequest(
        0x789e5acf152b1d32ULL, ProtocolErrorCode::NetworkAccessDenied, 0x21842fbe0922d490ULL);
    QCOMPARE(denied.encode().toHex(), QByteArray("0b789e5acf152b1d320721842fbe0922d490"));
    // Not found.
    QCOMPARE(ErrorPayload::forConfigRequest(1, ProtocolErrorCode::ObjectNotFound, 2).encode().toHex(),
             QByteArray("0b0000000000000001030000000000000002"));
    // Authentication required with an error dictionary.
    const QByteArray dict("aU=https://example/\nv=0000000000000002");
    const ErrorPayload auth =
        ErrorPayload::forConfigRequest(3, ProtocolErrorCode::NetworkAuthenticationRequired, 4, dict);
    const QByteArray wire = auth.encode();
    QCOMPARE(wire.size(), 18 + 2 + dict.size());
    Result<ErrorPayload> back = ErrorPayload::decode(wire);
    QVERIFY(back.ok());
    QCOMPARE(back->errorData, dict);
    QCOMPARE(*back->networkId, 4u);
    QCOMPARE(back->code, ProtocolErrorCode::NetworkAuthenticationRequired);
    QCOMPARE(ErrorPayload::decode(wire.left(wire.size() - 1)).error().code, ErrorCode::Truncated);

    // Errors about other verbs: no network ID unless the code carries one.
    ErrorPayload collision;
    collision.inReVerb = Verb::Hello;
    collision.inRePacketId = 9;
    collision.code = ProtocolErrorCode::IdentityCollision;
    back = ErrorPayload::decode(collision.encode());
    QVERIFY(back.ok());
    QVERIFY(!back->networkId);
    QCOMPARE(back->encode(), collision.encode());

    ErrorPayload unwanted;
    unwanted.inReVerb = Verb::MulticastFrame;
    unwanted.code = ProtocolErrorCode::UnwantedMulticast;
    unwanted.networkId = 0x1122;
    unwanted.extra = QByteArray::fromHex("ffffffffffff0a000001");
    back = ErrorPayload::decode(unwanted.encode());
    QVERIFY(back.ok());
    QCOMPARE(*back->networkId, 0x1122u);
    QCOMPARE(back->extra, unwanted.extra);
    QCOMPARE(refusedPrefixes<ErrorPayload>(denied.encode()), 10);
}

void TestVerbs::whois()
{
    WhoisPayload w;
    w.addresses = {Address(0x5a2e67fca7), Address(0x1797d4487f)};
    QCOMPARE(w.encode().toHex(), QByteArray("5a2e67fca71797d4487f"));
    QCOMPARE(WhoisPayload::decode(w.encode())->addresses, w.addresses);
    QCOMPARE(WhoisPayload::decode(QByteArray(w.encode() + "xy"))->addresses.size(), 2);
    QCOMPARE(refusedPrefixes<WhoisPayload>(w.encode()), 5);

    OkWhoisPayload ok;
    ok.inRePacketId = 77;
    ok.identities = {m_member.publicOnly(), m_controller.publicOnly()};
    const QByteArray wire = ok.encode();
    QCOMPARE(wire.size(), 9 + 2 * 71);
    Result<OkWhoisPayload> back = OkWhoisPayload::decode(wire);
    QVERIFY(back.ok());
    QCOMPARE(back->identities, ok.identities);
    QVERIFY(!OkWhoisPayload::decode(wire.left(9)).ok());
    QVERIFY(!OkWhoisPayload::decode(wire.left(9 + 70)).ok());
    QVERIFY(!OkWhoisPayload::decode(wire.left(9 + 71 + 1)).ok());
    QByteArray withSecret = wire.left(9) + m_member.toBinary(true);
    QVERIFY(!OkWhoisPayload::decode(withSecret).ok());
    QByteArray badType = wire;
    badType[9 + 5] = char(1); // identity type byte
    QVERIFY(!OkWhoisPayload::decode(badType).ok());
}

void TestVerbs::rendezvous()
{
    RendezvousPayload r;
    r.peer = Address(0x21842fbe09);
    r.address = *InetAddress::fromString(u"fd00::7/19994");
    const QByteArray wire = r.encode();
    QCOMPARE(wire.size(), 9 + 16);
    Result<RendezvousPayload> back = RendezvousPayload::decode(wire);
    QVERIFY(back.ok());
    QCOMPARE(back->address, r.address);
    QCOMPARE(back->peer, r.peer);
    QByteArray badLength = wire;
    badLength[8] = char(6);
    QCOMPARE(RendezvousPayload::decode(badLength).error().code, ErrorCode::Malformed);
    QCOMPARE(refusedPrefixes<RendezvousPayload>(wire), wire.size());
}

void TestVerbs::okEcho()
{
    OkEchoPayload ok;
    ok.inRePacketId = 5;
    QCOMPARE(ok.encode().toHex(), QByteArray("080000000000000005"));
    QVERIFY(!ok.configAck());
    ok.echoed = QByteArray::fromHex("21842fbe0922d490a0b1a4de27923bf8");
    QCOMPARE(ok.configAck()->networkId, 0x21842fbe0922d490ULL);
    QCOMPARE(ok.configAck()->configUpdateId, 0xa0b1a4de27923bf8ULL);
    QCOMPARE(OkEchoPayload::decode(ok.encode())->echoed, ok.echoed);
    QVERIFY(!OkEchoPayload::decode(QByteArray::fromHex("030000000000000005")).ok());
}

void TestVerbs::configRequest()
{
    NetworkConfigRequestPayload r;
    r.networkId = 0x21842fbe0922d490ULL;
    r.metadata = QByteArray("v=0000000000000007\npv=000000000000000b");
    const QByteArray noTail = r.encode();
    QCOMPARE(noTail.size(), 10 + r.metadata.size());
    Result<NetworkConfigRequestPayload> back = NetworkConfigRequestPayload::decode(noTail);
    QVERIFY(back.ok());
    QVERIFY(!back->haveRevision && !back->haveTimestamp);
    QCOMPARE(back->metadataDictionary().u64("pv"), 11u);

    r.haveRevision = 3;
    r.haveTimestamp = 1795462942859;
    back = NetworkConfigRequestPayload::decode(r.encode());
    QVERIFY(back.ok());
    QCOMPARE(*back->haveRevision, 3u);
    QCOMPARE(*back->haveTimestamp, 1795462942859u);
    QCOMPARE(back->encode(), r.encode());
    QCOMPARE(refusedPrefixes<NetworkConfigRequestPayload>(noTail), noTail.size());
    QByteArray lying = noTail;
    lying[8] = char(0xff); // metadata length far beyond the data
    QCOMPARE(NetworkConfigRequestPayload::decode(lying).error().code, ErrorCode::Truncated);

    // armor.json's suite-1 request payload: network ID + empty metadata.
    const QJsonArray cases = test::loadVectorJson(QStringLiteral("armor.json"))[u"cases"].toArray();
    back = NetworkConfigRequestPayload::decode(test::hexValue(cases[1].toObject()[u"payload"]));
    QVERIFY(back.ok());
    QCOMPARE(back->networkId, 0x8a1b2c3d4e000001ULL);
    QVERIFY(back->metadata.isEmpty());
}

void TestVerbs::configFraming()
{
    const QJsonObject captured =
        firstPacket(m_conversation, QStringLiteral("OK"), QStringLiteral("NETWORK_CONFIG_REQUEST"));
    const QByteArray payload = test::hexValue(captured[u"payload_hex"]);
    Result<OkNetworkConfigPayload> ok = OkNetworkConfigPayload::decode(payload);
    QVERIFY(ok.ok());
    QCOMPARE(ok->chunk, payload.mid(9));
    QCOMPARE(OkNetworkConfigPayload::decode(payload.left(9 + 10 + 5)).error().code, ErrorCode::Truncated);
    QByteArray wrongInRe = payload;
    wrongInRe[0] = char(Verb::Whois);
    QCOMPARE(OkNetworkConfigPayload::decode(wrongInRe).error().code, ErrorCode::Malformed);

    // The legacy unsigned form: network ID, length, dictionary and nothing else.
    NetworkConfigPayload legacy;
    legacy.chunk = QByteArray::fromHex("21842fbe0922d4900003") + QByteArray("v=7");
    QVERIFY(NetworkConfigPayload::decode(legacy.encode()).ok());
    QCOMPARE(NetworkConfigPayload::decode(legacy.encode())->networkId(), 0x21842fbe0922d490ULL);
    QCOMPARE(refusedPrefixes<NetworkConfigPayload>(legacy.encode()), legacy.chunk.size());
}

void TestVerbs::credentials()
{
    // The revocation push our controller sends: 00 | 0000 | 0000 | 0001 | <Revocation> | 0000.
    const QJsonObject captured = firstPacket(m_conversation, QStringLiteral("NETWORK_CREDENTIALS"));
    const QByteArray revocation =
        test::hexValue(captured[u"parsed"].toObject()[u"revocations"].toArray()[0].toObject()[u"serialized_hex"]);
    NetworkCredentialsPayload push;
    push.revocations = {revocation};
    const QByteArray wire = push.encode();
    QCOMPARE(wire.toHex(),
             QByteArray(QByteArray::fromHex("00000000000001") + revocation + QByteArray(2, '\0')).toHex());
    QCOMPARE(wire, test::hexValue(captured[u"payload_hex"]));

    // A COM (com.json, signed and unsigned), a real COO from the captured config, a Tag and a
    // Capability built from the documented layouts.
    const QJsonObject com = test::loadVectorJson(QStringLiteral("com.json"));
    const QByteArray signedCom = test::hexValue(com[u"serialized"]);
    const QByteArray unsignedCom = test::hexValue(com[u"serialized_unsigned"]);
    QCOMPARE(signedCom.size(), com[u"serialized_len"].toInt());
    QCOMPARE(NetworkCredentialsPayload::comLength(ByteReader(QByteArray(signedCom + "junk"))).value(),
             signedCom.size());
    QCOMPARE(NetworkCredentialsPayload::comLength(ByteReader(unsignedCom)).value(), unsignedCom.size());

    QByteArray coo;
    for (const QJsonValue &e : m_conversation[u"assembled_configs"].toArray()[0].toObject()[u"entries"].toArray()) {
        if (e.toObject()[u"key"].toString() == u"COO")
            coo = test::hexValue(e.toObject()[u"value_hex"]);
    }
    QVERIFY(!coo.isEmpty());
    QCOMPARE(NetworkCredentialsPayload::cooLength(ByteReader(coo)).value(), coo.size());

    const QByteArray sig96(96, '\x5a');
    ByteWriter tag;
    tag.u64(1).u64(2).u32(3).u32(4).u40(5).u40(6).u8(1).u16(96).bytes(sig96).u16(0);
    QCOMPARE(tag.size(), 135);
    ByteWriter cap;
    cap.u64(1).u64(2).u32(3).u16(2).u8(1).u8(0).u8(0x20).u8(5).bytes(QByteArray::fromHex("0a00000008"));
    cap.u8(1).u40(0x1797d4487f).u40(0x21842fbe09).u8(1).u16(96).bytes(sig96).u40(0).u16(0);
    QCOMPARE(NetworkCredentialsPayload::capabilityLength(ByteReader(cap.data())).value(), cap.size());

    NetworkCredentialsPayload all;
    all.coms = {signedCom};
    all.capabilities = {cap.data(), cap.data()};
    all.tags = {tag.data()};
    all.revocations = {revocation};
    all.coos = {coo};
    const QByteArray allWire = all.encode();
    Result<NetworkCredentialsPayload> back = NetworkCredentialsPayload::decode(allWire);
    QVERIFY(back.ok());
    QCOMPARE(back->coms, all.coms);
    QCOMPARE(back->capabilities, all.capabilities);
    QCOMPARE(back->tags, all.tags);
    QCOMPARE(back->revocations, all.revocations);
    QCOMPARE(back->coos, all.coos);
    QCOMPARE(back->encode(), allWire);
    int refused = refusedPrefixes<NetworkCredentialsPayload>(allWire);
    QVERIFY(refused > allWire.size() / 2); // section boundaries may end a valid shorter message

    // Older senders stop after the COM list.
    back = NetworkCredentialsPayload::decode(QByteArray(signedCom + QByteArray(1, '\0')));
    QVERIFY(back.ok());
    QCOMPARE(back->coms.size(), 1);
    // Malformed ones.
    QVERIFY(!NetworkCredentialsPayload::decode(QByteArray()).ok());
    QCOMPARE(NetworkCredentialsPayload::decode(QByteArray::fromHex("02")).error().code, ErrorCode::Malformed);
    QByteArray badSigLength = revocation;
    badSigLength[52] = char(0x61);
    QVERIFY(!NetworkCredentialsPayload::revocationLength(ByteReader(badSigLength)).ok());
    QByteArray manyQualifiers = signedCom;
    manyQualifiers[2] = char(9);
    QCOMPARE(NetworkCredentialsPayload::comLength(ByteReader(manyQualifiers)).error().code, ErrorCode::TooLarge);
    QVERIFY(!NetworkCredentialsPayload::decode(QByteArray::fromHex("00ffff")).ok());
}

void TestVerbs::pushDirectPaths()
{
    const QJsonObject captured = firstPacket(m_conversation, QStringLiteral("PUSH_DIRECT_PATHS"));
    const QByteArray payload = test::hexValue(captured[u"payload_hex"]);
    Result<PushDirectPathsPayload> d = PushDirectPathsPayload::decode(payload);
    QVERIFY(d.ok());
    QCOMPARE(d->paths[0].address.toString(), QStringLiteral("127.0.0.1/19995"));

    PushDirectPathsPayload p;
    p.paths.append({PushDirectPathsPayload::FlagForget, QByteArray("ext"), *InetAddress::fromString(u"fd00::1/5")});
    p.paths.append({0, {}, *InetAddress::fromString(u"10.0.0.1/9993")});
    const QByteArray wire = p.encode();
    d = PushDirectPathsPayload::decode(wire);
    QVERIFY(d.ok());
    QCOMPARE(d->paths.size(), 2);
    QCOMPARE(d->paths[0].flags, PushDirectPathsPayload::FlagForget);
    QCOMPARE(d->paths[0].extension, QByteArray("ext"));
    QCOMPARE(d->paths[0].address.toString(), QStringLiteral("fd00::1/5"));
    QCOMPARE(d->paths[1].address.toString(), QStringLiteral("10.0.0.1/9993"));
    QCOMPARE(refusedPrefixes<PushDirectPathsPayload>(wire), wire.size());
    // Unknown address types are skipped.
    d = PushDirectPathsPayload::decode(QByteArray::fromHex("0001000000050300aabbcc"));
    QVERIFY(d.ok());
    QVERIFY(d->paths[0].address.isNull());
}

void TestVerbs::multicast()
{
    MulticastLikePayload like;
    like.groups = {{0x21842fbe0922d490ULL, 0xffffffffffffULL, 0x0a630089},
                   {0x21842fbe0922d490ULL, 0x3333ff000001ULL, 0}};
    const QByteArray likeWire = like.encode();
    QCOMPARE(likeWire.size(), 36);
    QCOMPARE(likeWire.left(18).toHex(), QByteArray("21842fbe0922d490ffffffffffff0a630089"));
    QCOMPARE(MulticastLikePayload::decode(likeWire)->groups, like.groups);
    QCOMPARE(MulticastLikePayload::decode(QByteArray(likeWire + "abc"))->groups.size(), 2);
    QVERIFY(!MulticastLikePayload::decode(likeWire.left(17)).ok());

    MulticastGatherPayload gather;
    gather.group = like.groups[0];
    gather.gatherLimit = 32;
    const QByteArray plain = gather.encode();
    QCOMPARE(plain.size(), 23);
    QCOMPARE(MulticastGatherPayload::decode(plain)->group, gather.group);
    QVERIFY(MulticastGatherPayload::decode(plain)->com.isEmpty());
    QCOMPARE(refusedPrefixes<MulticastGatherPayload>(plain), 23);
    QByteArray comFlagNoCom = plain;
    comFlagNoCom[8] = char(1);
    QVERIFY(!MulticastGatherPayload::decode(comFlagNoCom).ok());

    OkMulticastGatherPayload ok;
    ok.inRePacketId = 0xabcdef;
    ok.group = like.groups[1];
    ok.totalKnown = 5;
    ok.members = {Address(0x1797d4487f), Address(0x0102030405)};
    const QByteArray okWire = ok.encode();
    QCOMPARE(okWire.size(), 9 + 24 + 10);
    QCOMPARE(okWire.left(9).toHex(), QByteArray("0d0000000000abcdef"));
    Result<OkMulticastGatherPayload> back = OkMulticastGatherPayload::decode(okWire);
    QVERIFY(back.ok());
    QCOMPARE(back->members, ok.members);
    QCOMPARE(back->group, ok.group);
    QCOMPARE(back->totalKnown, 5u);
    QCOMPARE(refusedPrefixes<OkMulticastGatherPayload>(okWire), okWire.size());
}

void TestVerbs::randomInputNeverCrashes()
{
    // Random bytes and random mutations of real payloads through every decoder. The point is
    // "no crash, no read past the end" (run under ASan/UBSan); results are only sanity-checked.
    QList<QByteArray> seeds;
    for (const QJsonValue &v : m_conversation[u"packets"].toArray())
        seeds.append(test::hexValue(v.toObject()[u"payload_hex"]));
    Reassembler reassembler;
    int decoded = 0;
    for (int round = 0; round < 3000; ++round) {
        QByteArray input;
        if (round % 2 == 0) {
            input = crypto::randomBytes(qsizetype(crypto::randomU64() % 300));
        } else {
            input = seeds[qsizetype(crypto::randomU64() % quint64(seeds.size()))];
            for (int flips = 0; flips < 3 && !input.isEmpty(); ++flips) {
                const qsizetype at = qsizetype(crypto::randomU64() % quint64(input.size()));
                input[at] = char(crypto::randomU64());
            }
            input.truncate(qsizetype(crypto::randomU64() % quint64(input.size() + 1)));
        }
        decoded += HelloPayload::decode(input).ok();
        decoded += OkPayload::decode(input).ok();
        decoded += OkHelloPayload::decode(input).ok();
        decoded += ErrorPayload::decode(input).ok();
        decoded += WhoisPayload::decode(input).ok();
        decoded += OkWhoisPayload::decode(input).ok();
        decoded += RendezvousPayload::decode(input).ok();
        decoded += OkEchoPayload::decode(input).ok();
        decoded += NetworkConfigRequestPayload::decode(input).ok();
        decoded += OkNetworkConfigPayload::decode(input).ok();
        decoded += NetworkConfigPayload::decode(input).ok();
        decoded += NetworkCredentialsPayload::decode(input).ok();
        decoded += PushDirectPathsPayload::decode(input).ok();
        decoded += MulticastLikePayload::decode(input).ok();
        decoded += MulticastGatherPayload::decode(input).ok();
        decoded += OkMulticastGatherPayload::decode(input).ok();
        (void)HelloPayload::encryptedFieldOffset(input);
        (void)InetAddress::fromBytes(input);
        for (int verb = 0; verb < 0x20; ++verb)
            (void)PacketDescription::describePayload(Verb(verb), input);
        (void)PacketDescription::describeDatagram(input, m_controller, m_member.publicOnly());
        (void)reassembler.add(input, round, size_t(round % 5));
        if (auto p = Packet::fromBytes(input); p.ok()) {
            (void)p->decompress();
            (void)p->dearmor(m_key);
        }
        QVERIFY(reassembler.inFlight() <= reassembler.limits().maxInFlight);
        QVERIFY(reassembler.bufferedBytes() <= reassembler.limits().maxTotalBytes);
    }
    QVERIFY(decoded > 0);
}

QTEST_APPLESS_MAIN(TestVerbs)
#include "tst_verbs.moc"
