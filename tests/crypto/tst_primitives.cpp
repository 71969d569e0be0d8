// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/vectors.h"
#include "core/crypto/primitives.h"

#include <QTest>

using namespace tier;

class TestPrimitives final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void salsa20_data();
    void salsa20();
    void poly1305_data();
    void poly1305();
    void hashes();
    void constantTimeEquals();
    void randomness();
};

void TestPrimitives::initTestCase()
{
    QVERIFY(crypto::initialize());
    QVERIFY(crypto::initialize()); // idempotent
}

void TestPrimitives::salsa20_data()
{
    QTest::addColumn<QJsonObject>("v");
    const QJsonArray list = test::loadVectorJson(QStringLiteral("salsa20-poly1305.json")).value(u"salsa20").toArray();
    QVERIFY(!list.isEmpty());
    int i = 0;
    for (const QJsonValue &value : list)
        QTest::newRow(qPrintable(QString::number(i++))) << value.toObject();
}

void TestPrimitives::salsa20()
{
    QFETCH(QJsonObject, v);
    const QByteArray key = test::hexValue(v.value(u"key"));
    const QByteArray iv = test::hexValue(v.value(u"iv"));
    QCOMPARE(key.size(), 32);
    QCOMPARE(iv.size(), 8);
    const QByteArray s12 = test::hexValue(v.value(u"salsa20_12_keystream_256"));
    const QByteArray s20 = test::hexValue(v.value(u"salsa20_20_keystream_256"));
    QCOMPARE(s12.size(), 256);
    QCOMPARE(crypto::salsa2012Stream(key, iv, 256), s12);
    QCOMPARE(crypto::salsa20Stream(key, iv, 256), s20);
    // Starting at a later block gives the tail of the same stream (the identity hash relies on it).
    QCOMPARE(crypto::salsa20Stream(key, iv, 128, 2), s20.mid(128));
    QCOMPARE(crypto::salsa2012Xor(key, iv, QByteArray(256, '\0')), s12);

    const QByteArray zero12 = test::hexValue(v.value(u"zero_key_zero_iv_salsa20_12_keystream_128"));
    QCOMPARE(crypto::salsa2012Stream(QByteArray(32, '\0'), QByteArray(8, '\0'), 128), zero12);

    const QByteArray plain = test::hexValue(v.value(u"plaintext"));
    const QByteArray cipher = test::hexValue(v.value(u"salsa20_12_ciphertext"));
    QCOMPARE(crypto::salsa2012Xor(key, iv, plain), cipher);
    QCOMPARE(crypto::salsa2012Xor(key, iv, cipher), plain);
}

void TestPrimitives::poly1305_data()
{
    QTest::addColumn<QJsonObject>("v");
    const QJsonArray list = test::loadVectorJson(QStringLiteral("salsa20-poly1305.json")).value(u"poly1305").toArray();
    QCOMPARE(list.size(), 5);
    int i = 0;
    for (const QJsonValue &value : list)
        QTest::newRow(qPrintable(QString::number(i++))) << value.toObject();
}

void TestPrimitives::poly1305()
{
    QFETCH(QJsonObject, v);
    const QByteArray tag = crypto::poly1305(test::hexValue(v.value(u"key")), test::hexValue(v.value(u"message")));
    QCOMPARE(tag, test::hexValue(v.value(u"tag16")));
    if (v.contains(u"zt_mac_is_first_8_bytes"))
        QCOMPARE(tag.left(8), test::hexValue(v.value(u"zt_mac_is_first_8_bytes")));
}

void TestPrimitives::hashes()
{
    // FIPS 180-2 "abc" examples.
    QCOMPARE(crypto::sha512("abc").toHex(),
             QByteArray("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                        "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"));
    QCOMPARE(crypto::sha384("abc").toHex(),
             QByteArray("cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
                        "8086072ba1e7cc2358baeca134c825a7"));
    // RFC 4231 test case 2 (HMAC-SHA-384).
    QCOMPARE(crypto::hmacSha384("Jefe", "what do ya want for nothing?").toHex(),
             QByteArray("af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e"
                        "8e2240ca5e69e2c78b3239ecfab21649"));
}

void TestPrimitives::constantTimeEquals()
{
    QVERIFY(crypto::constantTimeEquals("abc", "abc"));
    QVERIFY(!crypto::constantTimeEquals("abc", "abd"));
    QVERIFY(!crypto::constantTimeEquals("abc", "ab"));
    QVERIFY(crypto::constantTimeEquals(QByteArray(), QByteArray()));
}

void TestPrimitives::randomness()
{
    const QByteArray a = crypto::randomBytes(32);
    const QByteArray b = crypto::randomBytes(32);
    QCOMPARE(a.size(), 32);
    QVERIFY(a != b);
    QVERIFY(crypto::randomU64() != crypto::randomU64());
}

QTEST_APPLESS_MAIN(TestPrimitives)
#include "tst_primitives.moc"
