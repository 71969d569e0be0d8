// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/vectors.h"
#include "core/base/bytes.h"
#include "core/crypto/primitives.h"
#include "core/protocol/fragment.h"
#include "core/protocol/packet.h"
#include "core/protocol/reassembler.h"

#include <QtTest>

#include <algorithm>

using namespace tier;
using Status_ = Reassembler::Outcome::Status;

class TestFragment final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void vectorSuite1Send();
    void vectorReassembly_data();
    void vectorReassembly();
    void duplicatesAndOrder();
    void bogusTotals();
    void oversize();
    void expiry();
    void inFlightLimits();
    void sevenFragmentLimit();
    void fragmentCodec();
    void sealAndOpen();

private:
    QJsonObject caseFor(int suite) const;
    QList<QByteArray> datagrams(const QJsonObject &c) const;
    QJsonArray m_cases;
};

void TestFragment::initTestCase()
{
    QVERIFY(crypto::initialize());
    m_cases = test::loadVectorJson(QStringLiteral("fragmentation.json"))[u"cases"].toArray();
    QCOMPARE(m_cases.size(), 2);
}

QJsonObject TestFragment::caseFor(int suite) const
{
    for (const QJsonValue &v : m_cases) {
        if (v.toObject()[u"cipher_suite"].toInt() == suite)
            return v.toObject();
    }
    return {};
}

QList<QByteArray> TestFragment::datagrams(const QJsonObject &c) const
{
    QList<QByteArray> out;
    for (const QJsonValue &v : c[u"datagrams"].toArray())
        out.append(test::hexValue(v));
    return out;
}

void TestFragment::vectorSuite1Send()
{
    const QJsonObject c = caseFor(1);
    const QByteArray key = test::hexValue(c[u"key_48"]);
    const QByteArray plain = test::hexValue(c[u"plaintext_packet"]);
    const int mtu = c[u"mtu"].toInt();
    QCOMPARE(plain.size(), c[u"plaintext_len"].toInt());

    auto p = Packet::fromBytes(plain);
    QVERIFY(p.ok());
    QVERIFY(p->armor(key, CipherSuite::Poly1305Salsa2012, mtu).ok());
    QCOMPARE(p->bytes().toHex(), c[u"full_armored_packet"].toString().toLatin1());
    const auto split = Fragment::split(p->bytes(), mtu);
    QVERIFY(split.ok());
    const QList<QByteArray> expected = datagrams(c);
    QCOMPARE(split->size(), c[u"total_fragments_including_head"].toInt());
    QCOMPARE(split->size(), expected.size());
    for (int i = 0; i < expected.size(); ++i)
        QCOMPARE(split->at(i).toHex(), expected[i].toHex());
}

void TestFragment::vectorReassembly_data()
{
    QTest::addColumn<int>("suite");
    QTest::addColumn<QList<int>>("order");
    QTest::newRow("suite1 in order") << 1 << QList<int>{0, 1, 2};
    QTest::newRow("suite1 head last") << 1 << QList<int>{2, 1, 0};
    QTest::newRow("suite1 mixed") << 1 << QList<int>{1, 0, 2};
    QTest::newRow("suite3 in order") << 3 << QList<int>{0, 1, 2};
    QTest::newRow("suite3 mixed") << 3 << QList<int>{2, 0, 1};
}

void TestFragment::vectorReassembly()
{
    QFETCH(int, suite);
    QFETCH(QList<int>, order);
    const QJsonObject c = caseFor(suite);
    const QList<QByteArray> parts = datagrams(c);
    Reassembler r;
    Reassembler::Outcome last;
    for (int i = 0; i < order.size(); ++i) {
        QVERIFY(Reassembler::isPartOfFragmentedPacket(parts[order[i]]));
        last = r.add(parts[order[i]], 1000 + i);
        if (i + 1 < order.size())
            QCOMPARE(last.status, Status_::Pending);
    }
    QCOMPARE(last.status, Status_::Complete);
    QCOMPARE(last.packet.toHex(), c[u"full_armored_packet"].toString().toLatin1());
    QCOMPARE(r.inFlight(), 0);
    QCOMPARE(r.bufferedBytes(), 0);

    if (suite == 1) {
        auto p = Packet::fromBytes(last.packet);
        QVERIFY(p->isFragmented());
        QVERIFY(p->dearmor(test::hexValue(c[u"key_48"])).ok());
        QCOMPARE(p->bytes().mid(protocol::VerbOffset).toHex(),
                 test::hexValue(c[u"plaintext_packet"]).mid(protocol::VerbOffset).toHex());
    }
}

void TestFragment::duplicatesAndOrder()
{
    const QList<QByteArray> parts = datagrams(caseFor(1));
    Reassembler r;
    QCOMPARE(r.add(parts[1], 0).status, Status_::Pending);
    QCOMPARE(r.add(parts[1], 1).status, Status_::Duplicate);
    QCOMPARE(r.add(parts[0], 2).status, Status_::Pending);
    QCOMPARE(r.add(parts[0], 3).status, Status_::Duplicate);
    QCOMPARE(r.inFlight(), 1);
    QCOMPARE(r.add(parts[2], 4).status, Status_::Complete);
    // A late duplicate starts a new entry that never completes and expires.
    QCOMPARE(r.add(parts[2], 5).status, Status_::Pending);
    QCOMPARE(r.inFlight(), 1);
    r.expire(10000);
    QCOMPARE(r.inFlight(), 0);
    // An unfragmented datagram is not for the reassembler.
    QCOMPARE(r.add(QByteArray(40, '\0'), 0).status, Status_::Rejected);
    QCOMPARE(r.add(QByteArray(10, '\xff'), 0).status, Status_::Rejected);
}

void TestFragment::bogusTotals()
{
    const QList<QByteArray> parts = datagrams(caseFor(1));
    const auto withCounts = [&](quint8 counts) {
        QByteArray d = parts[1];
        d[14] = char(counts);
        return d;
    };
    Reassembler r;
    QCOMPARE(r.add(withCounts(0x11), 0).status, Status_::Rejected); // total 1
    QCOMPARE(r.add(withCounts(0x81), 0).status, Status_::Rejected); // total 8 > 7
    QCOMPARE(r.add(withCounts(0xf1), 0).status, Status_::Rejected); // total 15
    QCOMPARE(r.add(withCounts(0x30), 0).status, Status_::Rejected); // number 0
    QCOMPARE(r.add(withCounts(0x33), 0).status, Status_::Rejected); // number == total
    QCOMPARE(r.add(withCounts(0x37), 0).status, Status_::Rejected); // number > total
    QCOMPARE(r.inFlight(), 0);

    // Fragments of one packet that disagree on the total drop the packet.
    QCOMPARE(r.add(parts[1], 0).status, Status_::Pending);
    QCOMPARE(r.add(withCounts(0x42), 0).status, Status_::Rejected);
    QCOMPARE(r.inFlight(), 0);

    // A fragment naming another destination than the head.
    QByteArray otherDest = parts[1];
    otherDest[9] = char(otherDest[9] ^ 1);
    QCOMPARE(r.add(parts[0], 0).status, Status_::Pending);
    QCOMPARE(r.add(otherDest, 0).status, Status_::Rejected);
    QCOMPARE(r.inFlight(), 0);
    QCOMPARE(r.bufferedBytes(), 0);
}

void TestFragment::oversize()
{
    Reassembler::Limits limits;
    limits.maxPacketBytes = 3000; // the vector packet is 3028 bytes
    Reassembler r(limits);
    const QList<QByteArray> parts = datagrams(caseFor(1));
    QCOMPARE(r.add(parts[0], 0).status, Status_::Pending);
    QCOMPARE(r.add(parts[1], 0).status, Status_::Pending);
    QCOMPARE(r.add(parts[2], 0).status, Status_::Rejected);
    QCOMPARE(r.inFlight(), 0);
    QCOMPARE(r.bufferedBytes(), 0);

    // With the real limit: 7 fragments of a 1500-byte "MTU" exceed 10,024 bytes.
    Reassembler real;
    const QByteArray head = [] {
        QByteArray h(1500, '\x01');
        h[protocol::FlagsOffset] = char(0xc8);
        h[13] = 0x22;
        return h;
    }();
    QCOMPARE(real.add(head, 0).status, Status_::Pending);
    Reassembler::Outcome o;
    for (int i = 1; i < 7; ++i) {
        Fragment f;
        f.packetId = ByteReader(head).u64();
        f.destination = Address(ByteReader(QByteArrayView(head).sliced(8)).u40());
        f.total = 7;
        f.number = i;
        f.piece = QByteArray(1484, 'x');
        o = real.add(f.encode(), 0);
        if (o.status == Status_::Rejected)
            break;
    }
    QCOMPARE(o.status, Status_::Rejected);
    QVERIFY(o.reason.contains(u"exceed"));
    QCOMPARE(real.bufferedBytes(), 0);
}

void TestFragment::expiry()
{
    const QList<QByteArray> parts = datagrams(caseFor(1));
    Reassembler r; // 5 s
    QCOMPARE(r.add(parts[0], 1000).status, Status_::Pending);
    QCOMPARE(r.add(parts[1], 6000).status, Status_::Pending); // exactly 5 s: still alive
    QCOMPARE(r.add(parts[2], 6001).status, Status_::Pending); // 5.001 s: dropped, new entry
    QCOMPARE(r.inFlight(), 1);
    r.expire(20000);
    QCOMPARE(r.inFlight(), 0);
    QCOMPARE(r.bufferedBytes(), 0);
}

void TestFragment::inFlightLimits()
{
    Reassembler::Limits limits;
    limits.maxInFlight = 4;
    limits.maxInFlightPerSource = 2;
    limits.maxTotalBytes = 5000;
    Reassembler r(limits);
    const auto fragment = [](quint64 id, int bytes) {
        Fragment f;
        f.packetId = id;
        f.destination = Address(0x1122334455);
        f.total = 3;
        f.number = 1;
        f.piece = QByteArray(bytes, 'p');
        return f.encode();
    };
    // Per source: a third packet from source 7 evicts that source's oldest.
    QCOMPARE(r.add(fragment(1, 10), 0, 7).status, Status_::Pending);
    QCOMPARE(r.add(fragment(2, 10), 1, 7).status, Status_::Pending);
    QCOMPARE(r.add(fragment(3, 10), 2, 7).status, Status_::Pending);
    QCOMPARE(r.inFlight(), 2);
    // The evicted packet 1 is gone: its fragment is new again, not a duplicate.
    QCOMPARE(r.add(fragment(1, 10), 3, 8).status, Status_::Pending);
    // Global: at most 4 entries.
    QCOMPARE(r.add(fragment(4, 10), 4, 9).status, Status_::Pending);
    QCOMPARE(r.add(fragment(5, 10), 5, 10).status, Status_::Pending);
    QCOMPARE(r.inFlight(), 4);
    // Total bytes: a big part pushes out older entries.
    QCOMPARE(r.add(fragment(6, 4000), 6, 11).status, Status_::Pending);
    QVERIFY(r.bufferedBytes() <= limits.maxTotalBytes);
    QVERIFY(r.inFlight() <= 4);
}

void TestFragment::sevenFragmentLimit()
{
    const QByteArray key = crypto::randomBytes(48);
    Packet fits(7, Address(0x1111111111), Address(0x2222222222), Verb::NetworkConfig,
                QByteArray(protocol::MaxSendablePacketLength - protocol::HeaderLength, 'c'));
    QVERIFY(fits.armor(key, CipherSuite::Poly1305Salsa2012).ok());
    const auto seven = Fragment::split(fits.bytes());
    QVERIFY(seven.ok());
    QCOMPARE(seven->size(), 7);
    for (const QByteArray &d : *seven)
        QVERIFY(d.size() <= protocol::DefaultMtu);

    Reassembler r;
    Reassembler::Outcome o;
    for (const QByteArray &d : *seven)
        o = r.add(d, 0);
    QCOMPARE(o.status, Status_::Complete);
    QCOMPARE(o.packet, fits.bytes());

    Packet tooBig(8, Address(0x1111111111), Address(0x2222222222), Verb::NetworkConfig,
                  QByteArray(protocol::MaxSendablePacketLength - protocol::HeaderLength + 1, 'c'));
    QVERIFY(tooBig.armor(key, CipherSuite::Poly1305Salsa2012).ok());
    QCOMPARE(Fragment::split(tooBig.bytes()).error().code, ErrorCode::TooLarge);

    // The flag must be set before armor.
    Packet unflagged(9, Address(0x1111111111), Address(0x2222222222), Verb::NetworkConfig, QByteArray(2000, 'c'));
    QVERIFY(unflagged.armor(key, CipherSuite::Poly1305Salsa2012, 0).ok());
    QVERIFY(!Fragment::split(unflagged.bytes()).ok());
    // Small packets go out whole.
    Packet small(10, Address(0x1111111111), Address(0x2222222222), Verb::Echo);
    QVERIFY(small.armor(key, CipherSuite::Poly1305Salsa2012).ok());
    QCOMPARE(Fragment::split(small.bytes())->size(), 1);
}

void TestFragment::fragmentCodec()
{
    const QList<QByteArray> parts = datagrams(caseFor(1));
    const auto f = Fragment::decode(parts[2]);
    QVERIFY(f.ok());
    QCOMPARE(f->packetId, 0x7172737475767778ULL);
    QCOMPARE(f->total, 3);
    QCOMPARE(f->number, 2);
    QCOMPARE(f->hops, 0);
    QCOMPARE(f->destination.toString(), QStringLiteral("59fd74da49"));
    QCOMPARE(f->encode(), parts[2]);
    QVERIFY(!Fragment::isFragment(parts[0]));
    QVERIFY(!Fragment::decode(parts[0]).ok());
    QVERIFY(!Fragment::decode(parts[2].first(16)).ok());
    for (qsizetype n = 0; n < 17; ++n)
        QVERIFY(!Fragment::decode(parts[2].first(n)).ok());
}

void TestFragment::sealAndOpen()
{
    // The whole pipeline on the vector packet (sent uncompressed there): same datagrams.
    const QJsonObject c = caseFor(1);
    const QByteArray key = test::hexValue(c[u"key_48"]);
    const QByteArray plain = test::hexValue(c[u"plaintext_packet"]);
    auto p = Packet::fromBytes(plain);
    const auto sealed = p->seal(key, CipherSuite::Poly1305Salsa2012, c[u"mtu"].toInt(), false);
    QVERIFY(sealed.ok());
    QCOMPARE(*sealed, datagrams(c));
    // Compression allowed: fewer datagrams, same payload after reassembly and open().
    auto q = Packet::fromBytes(plain);
    const auto compressed = q->seal(key, CipherSuite::Poly1305Salsa2012, c[u"mtu"].toInt());
    QVERIFY(compressed.ok());
    QVERIFY(compressed->size() < sealed->size());
    Reassembler r;
    Reassembler::Outcome o;
    for (const QByteArray &d : *compressed)
        o = Reassembler::isPartOfFragmentedPacket(d) ? r.add(d, 0) : Reassembler::Outcome{Status_::Complete, d, {}};
    QCOMPARE(o.status, Status_::Complete);
    auto opened = Packet::fromBytes(o.packet);
    QVERIFY(opened->open(key).ok());
    QCOMPARE(opened->payload().toByteArray(), plain.mid(protocol::PayloadOffset));

    // A compressible config chunk: sealed compressed, reassembled, opened.
    const QByteArray chunk = QByteArray(protocol::MaxPayloadLength, 'x').replace(100, 5, "hello");
    Packet big(Packet::newPacketId(), Address(0x59fd74da49), Address(0x2cdef7b417), Verb::NetworkConfig, chunk);
    const auto parts = big.seal(key, CipherSuite::Poly1305Salsa2012);
    QVERIFY(parts.ok());
    QCOMPARE(parts->size(), 1); // 10 kB of 'x' compresses into one datagram
    auto received = Packet::fromBytes(parts->first());
    QVERIFY(received->open(key).ok());
    QCOMPARE(received->payload().toByteArray(), chunk);
    // One byte more could not be decompressed by a node: refused even though it would compress.
    Packet bigger(Packet::newPacketId(), Address(0x59fd74da49), Address(0x2cdef7b417), Verb::NetworkConfig,
                  QByteArray(protocol::MaxPayloadLength + 1, 'x'));
    QCOMPARE(bigger.seal(key, CipherSuite::Poly1305Salsa2012).error().code, ErrorCode::TooLarge);

    // Too big even compressed: refused.
    Packet noise(Packet::newPacketId(), Address(0x59fd74da49), Address(0x2cdef7b417), Verb::NetworkConfig,
                 crypto::randomBytes(protocol::MaxSendablePacketLength));
    QCOMPARE(noise.seal(key, CipherSuite::Poly1305Salsa2012).error().code, ErrorCode::TooLarge);
    QVERIFY(Packet::newPacketId() != Packet::newPacketId());
}

QTEST_APPLESS_MAIN(TestFragment)
#include "tst_fragment.moc"
