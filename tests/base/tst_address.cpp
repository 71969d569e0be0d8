// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/base/address.h"
#include "core/base/bytes.h"

#include <QtTest>

using namespace tier;

class TestAddress : public QObject
{
    Q_OBJECT

private slots:
    void parsesAndPrints()
    {
        const auto a = Address::fromString(u"89E92CEEE5");
        QVERIFY(a);
        QCOMPARE(a->toInt(), 0x89e92ceee5ULL);
        QCOMPARE(a->toString(), QStringLiteral("89e92ceee5"));
        QCOMPARE(a->toBytes(), QByteArray::fromHex("89e92ceee5"));
        QCOMPARE(Address::fromBytes(QByteArray::fromHex("89e92ceee5"))->toInt(), a->toInt());
    }
    void refusesBadText()
    {
        QVERIFY(!Address::fromString(u"89e92ceee"));
        QVERIFY(!Address::fromString(u"89e92ceee5a"));
        QVERIFY(!Address::fromString(u"89e92ceeeg"));
        QVERIFY(!Address::fromBytes(QByteArray::fromHex("89e92cee")));
    }
    void reserved()
    {
        QVERIFY(Address(0).isReserved());
        QVERIFY(Address(0xff00000001ULL).isReserved());
        QVERIFY(!Address(0xfe00000001ULL).isReserved());
    }
    void networkIds()
    {
        QCOMPARE(networkIdToString(0x89e92ceee5000001ULL), QStringLiteral("89e92ceee5000001"));
        QCOMPARE(*networkIdFromString(u"89e92ceee5000001"), 0x89e92ceee5000001ULL);
        QCOMPARE(controllerOf(0x89e92ceee5000001ULL).toInt(), 0x89e92ceee5ULL);
        QVERIFY(!networkIdFromString(u"89e92ceee500001"));
    }
    void readerNeverReadsPastEnd()
    {
        const QByteArray data = QByteArray::fromHex("0102030405");
        ByteReader r(data);
        QCOMPARE(r.u16(), quint16(0x0102));
        QCOMPARE(r.u32(), 0u); // only 3 left
        QVERIFY(!r.ok());
        QCOMPARE(r.remaining(), 0);
        QVERIFY(r.bytes(1).isEmpty());

        ByteReader r2(data);
        QCOMPARE(r2.u40(), 0x0102030405ULL);
        QVERIFY(r2.ok());
        QVERIFY(r2.atEnd());
        QVERIFY(r2.bytes(-1).isEmpty());
        QVERIFY(!r2.ok());
    }
    void writer()
    {
        ByteWriter w;
        w.u8(1).u16(0x0203).u32(0x04050607).u40(0x08090a0b0cULL).u64(1);
        QCOMPARE(w.data(), QByteArray::fromHex("0102030405060708090a0b0c0000000000000001"));
        w.patchU16(1, 0xbeef);
        QCOMPARE(w.data().left(3), QByteArray::fromHex("01beef"));
    }
};

QTEST_APPLESS_MAIN(TestAddress)
#include "tst_address.moc"
