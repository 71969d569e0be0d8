// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/vectors.h"
#include "core/base/bytes.h"
#include "core/crypto/primitives.h"
#include "core/protocol/packet.h"

#include <QtTest>

using namespace tier;

class TestPacket final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void armorVectors_data();
    void armorVectors();
    void helloFieldCipher();
    void headerAccessors();
    void refusesShortAndHuge();
    void unsupportedSuites();
    void fragmentedFlagIsMaced();
    void roundTripSizes();
    void protocolVersionIs11();

private:
    QJsonObject armorCase(const QString &name) const;
    QJsonArray m_cases;
};

void TestPacket::initTestCase()
{
    QVERIFY(crypto::initialize());
    m_cases = test::loadVectorJson(QStringLiteral("armor.json"))[u"cases"].toArray();
    QVERIFY(m_cases.size() >= 5);
}

QJsonObject TestPacket::armorCase(const QString &name) const
{
    for (const QJsonValue &v : m_cases) {
        if (v.toObject()[u"name"].toString() == name)
            return v.toObject();
    }
    return {};
}

void TestPacket::armorVectors_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("suite0") << QStringLiteral("suite0_poly1305_none_hello_style");
    QTest::newRow("suite1") << QStringLiteral("suite1_poly1305_salsa2012");
    QTest::newRow("suite1 empty") << QStringLiteral("suite1_echo_empty_payload");
}

void TestPacket::armorVectors()
{
    QFETCH(QString, name);
    const QJsonObject c = armorCase(name);
    QVERIFY(!c.isEmpty());
    const QByteArray key = test::hexValue(c[u"key_sender_to_receiver_48"]);
    const QByteArray plain = test::hexValue(c[u"plaintext_packet_before_armor_flags0_mac0"]);
    const QByteArray wire = test::hexValue(c[u"wire"]);
    const auto suite = CipherSuite(c[u"cipher_suite"].toInt());

    // Building the plaintext from fields gives the vector's plaintext.
    const auto sender = Address::fromString(c[u"sender"].toString());
    const auto receiver = Address::fromString(c[u"receiver"].toString());
    const QByteArray idBytes = test::hexValue(c[u"packet_id"]);
    const quint64 id = ByteReader(idBytes).u64();
    Packet built(id, *receiver, *sender, Verb(c[u"verb"].toInt()), test::hexValue(c[u"payload"]));
    QCOMPARE(built.bytes().toHex(), plain.toHex());

    // The mangled key matches after the flags are set the way armor sets them.
    QByteArray withFlags = plain;
    withFlags[protocol::FlagsOffset] = char(test::hexValue(c[u"flags_byte_used_in_mangle"])[0]);
    QCOMPARE(Packet::mangledKey(key, withFlags).toHex(), c[u"mangled_salsa_key_32"].toString().toLatin1());

    QVERIFY(built.armor(key, suite).ok());
    QCOMPARE(built.bytes().toHex(), wire.toHex());
    QCOMPARE(built.size(), c[u"wire_len"].toInt());

    // Dearmor the wire bytes.
    auto received = Packet::fromBytes(wire);
    QVERIFY(received.ok());
    QCOMPARE(received->cipherSuite(), suite);
    QVERIFY(received->dearmor(key).ok());
    QCOMPARE(received->bytes().toHex(), c[u"dearmored"].toString().toLatin1());
    QCOMPARE(received->payload().toByteArray().toHex(), c[u"payload"].toString().toLatin1());
    QCOMPARE(int(received->verb()), c[u"verb"].toInt());

    // Flipping the last byte fails; a hop increment does not.
    QByteArray flipped = wire;
    flipped[flipped.size() - 1] = char(flipped[flipped.size() - 1] ^ 0x01);
    auto bad = Packet::fromBytes(flipped);
    const Status badStatus = bad->dearmor(key);
    QCOMPARE(badStatus.ok(), c[u"dearmor_ok_after_flipping_last_byte"].toBool());
    QCOMPARE(badStatus.error().code, ErrorCode::BadSignature);
    QCOMPARE(bad->bytes(), flipped); // unchanged on failure

    auto hopped = Packet::fromBytes(wire);
    hopped->setHops(3);
    QCOMPARE(hopped->hops(), 3);
    QCOMPARE(hopped->dearmor(key).ok(), c[u"dearmor_ok_after_hops_increment"].toBool());

    // Wrong key fails.
    QByteArray otherKey = key;
    otherKey[0] = char(otherKey[0] ^ 0x80);
    auto wrong = Packet::fromBytes(wire);
    QVERIFY(!wrong->dearmor(otherKey).ok());
}

void TestPacket::helloFieldCipher()
{
    const QJsonObject c = armorCase(QStringLiteral("hello_cryptField_example"));
    QVERIFY(!c.isEmpty());
    const QByteArray key = test::hexValue(c[u"key_sender_to_receiver_48"]);
    const int start = c[u"field_start"].toInt();
    auto p = Packet::fromBytes(test::hexValue(c[u"before_cryptField"]));
    QVERIFY(p.ok());
    QVERIFY(p->cryptField(key, start).ok());
    QCOMPARE(p->bytes().toHex(), c[u"after_cryptField"].toString().toLatin1());
    QVERIFY(p->armor(key, CipherSuite::Poly1305None).ok());
    QCOMPARE(p->bytes().toHex(), c[u"wire_after_armor_suite0"].toString().toLatin1());

    // Receiving: dearmor, then the same XOR restores the plaintext.
    auto r = Packet::fromBytes(test::hexValue(c[u"wire_after_armor_suite0"]));
    QVERIFY(r->dearmor(key).ok());
    QVERIFY(r->cryptField(key, start).ok());
    QCOMPARE(r->payload().toByteArray().toHex(),
             test::hexValue(c[u"before_cryptField"]).mid(protocol::PayloadOffset).toHex());
    QVERIFY(!r->cryptField(key, 5).ok());
    QVERIFY(!r->cryptField(key, r->size() + 1).ok());
}

void TestPacket::headerAccessors()
{
    const QJsonObject c = armorCase(QStringLiteral("suite1_poly1305_salsa2012"));
    auto p = Packet::fromBytes(test::hexValue(c[u"wire"]));
    QVERIFY(p.ok());
    QCOMPARE(p->packetId(), 0x1112131415161718ULL);
    QCOMPARE(p->packetIdBytes().toByteArray().toHex(), QByteArray("1112131415161718"));
    QCOMPARE(p->destination().toString(), QStringLiteral("59fd74da49"));
    QCOMPARE(p->source().toString(), QStringLiteral("2cdef7b417"));
    QCOMPARE(p->flags(), quint8(0x88));
    QCOMPARE(p->hops(), 0);
    QVERIFY(!p->isFragmented());
    QCOMPARE(p->mac().toByteArray().toHex(), QByteArray("b2d31189a674ff7e"));
}

void TestPacket::refusesShortAndHuge()
{
    QCOMPARE(Packet::fromBytes(QByteArray(27, 'x')).error().code, ErrorCode::Truncated);
    QVERIFY(Packet::fromBytes(QByteArray(28, 'x')).ok());
    QCOMPARE(Packet::fromBytes(QByteArray(protocol::MaxPacketLength + 1, 'x')).error().code, ErrorCode::TooLarge);
    Packet p;
    QCOMPARE(p.size(), 28);
    QCOMPARE(int(p.verb()), 0);
}

void TestPacket::unsupportedSuites()
{
    const QJsonObject c = armorCase(QStringLiteral("suite3_aes_gmac_siv"));
    const QByteArray key = test::hexValue(c[u"key_sender_to_receiver_48"]);
    auto p = Packet::fromBytes(test::hexValue(c[u"wire"]));
    QCOMPARE(p->cipherSuite(), CipherSuite::AesGmacSiv);
    QCOMPARE(p->dearmor(key).error().code, ErrorCode::Unsupported);
    QByteArray trusted = test::hexValue(c[u"wire"]);
    trusted[protocol::FlagsOffset] = char(0x10);
    QCOMPARE(Packet::fromBytes(trusted)->dearmor(key).error().code, ErrorCode::Unsupported);
    Packet out(1, Address(2), Address(3), Verb::Echo);
    QCOMPARE(out.armor(key, CipherSuite::AesGmacSiv).error().code, ErrorCode::Unsupported);
    QCOMPARE(out.armor(QByteArray(16, 'k'), CipherSuite::Poly1305Salsa2012).error().code, ErrorCode::Malformed);
}

void TestPacket::fragmentedFlagIsMaced()
{
    const QByteArray key =
        test::hexValue(armorCase(QStringLiteral("suite1_poly1305_salsa2012"))[u"key_sender_to_receiver_48"]);
    Packet p(42, Address(0x1122334455), Address(0x2233445566), Verb::NetworkConfig, QByteArray(2000, 'a'));
    QVERIFY(p.armor(key, CipherSuite::Poly1305Salsa2012).ok());
    QVERIFY(p.isFragmented());
    QCOMPARE(p.flags(), quint8(0xc8));
    QByteArray cleared = p.bytes();
    cleared[protocol::FlagsOffset] = char(0x88);
    QCOMPARE(Packet::fromBytes(cleared)->dearmor(key).error().code, ErrorCode::BadSignature);
    auto ok = Packet::fromBytes(p.bytes());
    QVERIFY(ok->dearmor(key).ok());
    QCOMPARE(ok->payload().toByteArray(), QByteArray(2000, 'a'));

    Packet small(43, Address(0x1122334455), Address(0x2233445566), Verb::Echo, QByteArray(10, 'b'));
    small.setFragmented(true);
    QVERIFY(small.armor(key, CipherSuite::Poly1305Salsa2012).ok());
    QVERIFY(!small.isFragmented()); // armor decides from the MTU
    QCOMPARE(small.flags(), quint8(0x88));
}

void TestPacket::roundTripSizes()
{
    const QByteArray key = crypto::randomBytes(48);
    for (int n : {0, 1, 63, 64, 65, 500, 1404, 1405, 4000, 9900}) {
        for (CipherSuite s : {CipherSuite::Poly1305None, CipherSuite::Poly1305Salsa2012}) {
            const QByteArray payload = crypto::randomBytes(n);
            Packet p(crypto::randomU64(), Address(0x0102030405), Address(0x0a0b0c0d0e), Verb::Frame, payload);
            QVERIFY(p.armor(key, s).ok());
            if (s == CipherSuite::Poly1305Salsa2012 && n > 8)
                QVERIFY(p.payload() != payload);
            auto r = Packet::fromBytes(p.bytes());
            QVERIFY(r->dearmor(key).ok());
            QCOMPARE(r->payload().toByteArray(), payload);
            QCOMPARE(r->verb(), Verb::Frame);
        }
    }
}

void TestPacket::protocolVersionIs11()
{
    QCOMPARE(protocol::ProtocolVersion, quint8(11));
    QCOMPARE(protocol::MaxSendablePacketLength, 9928);
    QCOMPARE(verbName(Verb::NetworkConfigRequest), QStringLiteral("NETWORK_CONFIG_REQUEST"));
    QCOMPARE(protocolErrorName(ProtocolErrorCode::NetworkAccessDenied), QStringLiteral("NETWORK_ACCESS_DENIED"));
}

QTEST_APPLESS_MAIN(TestPacket)
#include "tst_packet.moc"
