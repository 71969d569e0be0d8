// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/vectors.h"
#include "core/crypto/primitives.h"
#include "core/protocol/compression.h"
#include "core/protocol/packet.h"

#include <QtTest>

using namespace tier;

class TestCompression final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void compressibleVector();
    void smallPayloadNeverCompressed();
    void incompressibleKeptAsIs();
    void decompressionBounded();
    void corruptBlocksRefused();

private:
    QJsonArray m_cases;
};

void TestCompression::initTestCase()
{
    QVERIFY(crypto::initialize());
    m_cases = test::loadVectorJson(QStringLiteral("compression.json"))[u"cases"].toArray();
    QCOMPARE(m_cases.size(), 2);
}

void TestCompression::compressibleVector()
{
    const QJsonObject c = m_cases[0].toObject();
    QVERIFY(c[u"compressed"].toBool());
    const QByteArray before = test::hexValue(c[u"packet_before_compress"]);
    const QByteArray after = test::hexValue(c[u"packet_after_compress"]);
    const QByteArray key = test::hexValue(c[u"key_48"]);

    auto p = Packet::fromBytes(before);
    QVERIFY(p.ok());
    QVERIFY(p->compress());
    QVERIFY(p->isCompressed());
    QCOMPARE(p->verbByte(), quint8(test::hexValue(c[u"verb_byte_after_compress"])[0]));
    QCOMPARE(p->payload().toByteArray().toHex(), c[u"lz4_block"].toString().toLatin1());
    QCOMPARE(p->bytes().toHex(), after.toHex());
    QVERIFY(!p->compress()); // already compressed

    // Compression happens before armor: armoring the compressed packet gives the suite-1 wire.
    QVERIFY(p->armor(key, CipherSuite::Poly1305Salsa2012).ok());
    QCOMPARE(p->bytes().toHex(), c[u"wire_suite1"].toString().toLatin1());

    // Receiving: dearmor, decompress, original payload back.
    auto r = Packet::fromBytes(test::hexValue(c[u"wire_suite1"]));
    QVERIFY(r->dearmor(key).ok());
    QCOMPARE(r->bytes().mid(protocol::VerbOffset).toHex(), after.mid(protocol::VerbOffset).toHex());
    QVERIFY(r->decompress().ok());
    QVERIFY(!r->isCompressed());
    QCOMPARE(r->bytes().mid(protocol::VerbOffset).toHex(), before.mid(protocol::VerbOffset).toHex());
    QCOMPARE(r->payload().toByteArray(), c[u"payload_text"].toString().toLatin1());
    QVERIFY(r->decompress().ok()); // no-op when not compressed
}

void TestCompression::smallPayloadNeverCompressed()
{
    const QJsonObject c = m_cases[1].toObject();
    QVERIFY(!c[u"compressed"].toBool());
    const QByteArray packet = test::hexValue(c[u"packet_after_compress_call"]);
    QVERIFY(packet.size() - protocol::PayloadOffset <= protocol::CompressionMinPayload);
    auto p = Packet::fromBytes(packet);
    QVERIFY(!p->compress());
    QCOMPARE(p->bytes(), packet);
    // ...even though LZ4 itself could shrink it.
    QVERIFY(Lz4::compressIfSmaller(p->payload()).has_value());

    // 65 bytes of the same letter: now it is compressed.
    Packet q(1, Address(2), Address(3), Verb::MulticastLike, QByteArray(65, 'a'));
    QVERIFY(q.compress());
}

void TestCompression::incompressibleKeptAsIs()
{
    const QByteArray noise = crypto::randomBytes(500);
    Packet p(1, Address(2), Address(3), Verb::NetworkConfig, noise);
    QVERIFY(!p.compress());
    QCOMPARE(p.payload().toByteArray(), noise);
    QVERIFY(!p.isCompressed());
}

void TestCompression::decompressionBounded()
{
    // 20,000 zero bytes compress into a tiny block whose output exceeds the packet limit.
    const auto block = Lz4::compressIfSmaller(QByteArray(20000, '\0'));
    QVERIFY(block.has_value());
    QVERIFY(block->size() < 200);
    QCOMPARE(Lz4::decompress(*block, protocol::MaxPayloadLength).error().code, ErrorCode::Malformed);
    QCOMPARE(Lz4::decompress(*block, 20000).value().size(), 20000);

    Packet p(1, Address(2), Address(3), Verb::NetworkConfig);
    p.setPayload(*block);
    QByteArray bytes = p.bytes();
    bytes[protocol::VerbOffset] = char(quint8(bytes[protocol::VerbOffset]) | protocol::VerbCompressedFlag);
    auto r = Packet::fromBytes(bytes);
    QVERIFY(!r->decompress().ok());
    QCOMPARE(r->bytes(), bytes);

    // Exactly at the limit is fine.
    const auto atLimit = Lz4::compressIfSmaller(QByteArray(protocol::MaxPayloadLength, 'z'));
    QCOMPARE(Lz4::decompress(*atLimit, protocol::MaxPayloadLength).value().size(), protocol::MaxPayloadLength);
}

void TestCompression::corruptBlocksRefused()
{
    QVERIFY(!Lz4::decompress(QByteArray(), 100).ok());
    QVERIFY(!Lz4::decompress(QByteArray::fromHex("ff"), 100).ok());
    QVERIFY(!Lz4::decompress(QByteArray::fromHex("f0ffffff"), 100).ok());
    const QByteArray good = test::hexValue(m_cases[0].toObject()[u"lz4_block"]);
    for (qsizetype n = 1; n < good.size(); ++n) // every truncation: error or bounded output, no crash
        (void)Lz4::decompress(QByteArrayView(good).first(n), protocol::MaxPayloadLength);
    QVERIFY(!Lz4::decompress(QByteArrayView(good).first(good.size() - 3), protocol::MaxPayloadLength).ok());
}

QTEST_APPLESS_MAIN(TestCompression)
#include "tst_compression.moc"
