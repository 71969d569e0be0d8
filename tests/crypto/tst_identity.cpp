// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/vectors.h"
#include "core/crypto/identity.h"
#include "core/crypto/primitives.h"

#include <QFile>
#include <QTest>

#include <atomic>
#include <thread>
#include <vector>

using namespace tier;

class TestIdentity final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void vectors_data();
    void vectors();
    void tamperedIdentityFails();
    void bitFlipsFail();
    void parserRejectsMalformed();
    void binaryRejectsMalformed();
    void secretMismatchFails();
    void generateMakesValidIdentity();
    void identitiesTxtSample();
    void digestIsThreadSafe();

private:
    QJsonArray m_identities;
};

void TestIdentity::initTestCase()
{
    QVERIFY(crypto::initialize());
    m_identities = test::loadVectorJson(QStringLiteral("identities.json")).value(u"identities").toArray();
    QCOMPARE(m_identities.size(), 6);
}

void TestIdentity::vectors_data()
{
    QTest::addColumn<QJsonObject>("v");
    for (const QJsonValue &value : m_identities) {
        const QJsonObject v = value.toObject();
        if (v.contains(u"secret_string"))
            QTest::newRow(qPrintable(v.value(u"address").toString())) << v;
    }
}

void TestIdentity::vectors()
{
    QFETCH(QJsonObject, v);
    const QString secretText = v.value(u"secret_string").toString();
    const QString publicText = v.value(u"public_string").toString();

    auto parsed = Identity::fromString(secretText);
    QVERIFY(parsed.ok());
    const Identity id = parsed.value();
    QVERIFY(id.hasSecret());
    QCOMPARE(id.address().toString(), v.value(u"address").toString());
    QCOMPARE(id.publicKey(), test::hexValue(v.value(u"public_key")));
    QCOMPARE(id.secretKey(), test::hexValue(v.value(u"private_key")));
    QVERIFY(id.locallyValidate());

    // Text forms are byte-identical to ZT's.
    QCOMPARE(id.toString(true), secretText);
    QCOMPARE(id.toString(false), publicText);
    QCOMPARE(id.publicOnly().toString(true), publicText);

    // Binary forms.
    const QByteArray binPublic = test::hexValue(v.value(u"binary_public"));
    const QByteArray binSecret = test::hexValue(v.value(u"binary_with_private"));
    QCOMPARE(binPublic.size(), Identity::BinaryPublicLength);
    QCOMPARE(id.toBinary(false), binPublic);
    QCOMPARE(id.toBinary(true), binSecret);
    {
        ByteReader r(binSecret);
        auto fromBin = Identity::fromBinary(r);
        QVERIFY(fromBin.ok());
        QVERIFY(r.atEnd());
        QCOMPARE(fromBin->toString(true), secretText);
    }
    {
        // A public binary identity followed by other bytes: the reader stops right after it.
        const QByteArray withTail = binPublic + QByteArray("\x01\x02", 2);
        ByteReader r(withTail);
        auto fromBin = Identity::fromBinary(r);
        QVERIFY(fromBin.ok());
        QCOMPARE(r.position(), qsizetype(Identity::BinaryPublicLength));
        QVERIFY(!fromBin->hasSecret());
        QCOMPARE(fromBin->toString(), publicText);
        QVERIFY(fromBin->locallyValidate());
    }

    // The public form alone also validates.
    auto pub = Identity::fromString(publicText);
    QVERIFY(pub.ok());
    QVERIFY(!pub->hasSecret());
    QVERIFY(pub->locallyValidate());
    QVERIFY(pub.value() == id);

    // Memory-hard digest and address derivation.
    const QByteArray digest = Identity::memoryHardDigest(id.publicKey());
    QCOMPARE(digest.toHex(), v.value(u"memory_hard_digest").toString().toLatin1());
    QCOMPARE(int(quint8(digest[0])), v.value(u"digest_first_byte").toInt());
    QVERIFY(quint8(digest[0]) < 17);
    QCOMPARE(digest.mid(59, 5).toHex(), v.value(u"address_from_digest_bytes_59_63").toString().toLatin1());
    const auto derived = Identity::deriveAddress(id.publicKey());
    QVERIFY(derived.has_value());
    QCOMPARE(derived->toString(), v.value(u"address").toString());

    QCOMPARE(id.publicKeyHash384(), test::hexValue(v.value(u"public_key_hash_sha384")));
    QCOMPARE(id.publicKeyHash384().size(), 48);

    // Whitespace around the text is ignored; upper-case hex is accepted.
    auto spaced = Identity::fromString(QString(u"  \n" + secretText.toUpper() + u"\n"));
    QVERIFY(spaced.ok());
    QCOMPARE(spaced->toString(true), secretText);
}

void TestIdentity::tamperedIdentityFails()
{
    const QJsonObject v = m_identities.last().toObject();
    QCOMPARE(v.value(u"locally_validates").toBool(true), false);
    auto parsed = Identity::fromString(v.value(u"public_string").toString());
    QVERIFY(parsed.ok()); // well-formed, just not valid
    QVERIFY(!parsed->locallyValidate());
}

void TestIdentity::bitFlipsFail()
{
    const Identity id = Identity::fromString(m_identities[0].toObject().value(u"public_string").toString()).value();
    QVERIFY(id.locallyValidate());
    const QByteArray bin = id.toBinary();
    // One bit flipped in the address bytes or in various key bytes.
    for (int byte : {0, 2, 4, 6, 20, 37, 38, 60, 69}) {
        for (int bit : {0, 7}) {
            QByteArray flipped = bin;
            flipped[byte] = char(flipped[byte] ^ (1 << bit));
            ByteReader r(flipped);
            auto parsed = Identity::fromBinary(r);
            if (!parsed.ok())
                continue; // a flip can make the address reserved; rejection is also correct
            QVERIFY2(!parsed->locallyValidate(), qPrintable(QStringLiteral("byte %1 bit %2").arg(byte).arg(bit)));
        }
    }
}

void TestIdentity::parserRejectsMalformed()
{
    const QString good = m_identities[0].toObject().value(u"public_string").toString();
    const QString addr = good.left(10);
    const QString pub = good.mid(13);
    QVERIFY(Identity::fromString(good).ok());
    const QStringList bad = {
        QString(),
        QStringLiteral("garbage"),
        addr + u":0",
        addr + u":1:" + pub,
        addr + u":00:" + pub,
        addr + u":0:" + pub.left(126),
        addr + u":0:" + pub + u"00",
        addr + u":0:" + pub.left(127) + u"g",
        addr + u":0:" + pub + u":" + pub + u":" + pub,
        addr + u":0:" + pub + u":" + pub.left(100),
        QStringLiteral("0000000000:0:") + pub,
        QStringLiteral("ff00000001:0:") + pub,
        addr.left(9) + u":0:" + pub,
    };
    for (const QString &text : bad)
        QVERIFY2(!Identity::fromString(text).ok(), qPrintable(text));
}

void TestIdentity::binaryRejectsMalformed()
{
    const QByteArray good = test::hexValue(m_identities[0].toObject().value(u"binary_public"));
    for (qsizetype n = 0; n < good.size(); ++n) {
        ByteReader r(QByteArrayView(good).first(n));
        QVERIFY(!Identity::fromBinary(r).ok());
    }
    QByteArray badType = good;
    badType[5] = 1;
    ByteReader r1(badType);
    QVERIFY(!Identity::fromBinary(r1).ok());
    QByteArray badLength = good;
    badLength[70] = 0x20;
    ByteReader r2(badLength);
    QVERIFY(!Identity::fromBinary(r2).ok());
    QByteArray claimsSecret = good;
    claimsSecret[70] = 0x40; // but no secret follows
    ByteReader r3(claimsSecret);
    QVERIFY(!Identity::fromBinary(r3).ok());
    QByteArray reserved = good;
    reserved[0] = char(0xff);
    ByteReader r4(reserved);
    QVERIFY(!Identity::fromBinary(r4).ok());
}

void TestIdentity::secretMismatchFails()
{
    const QJsonObject a = m_identities[0].toObject();
    const QJsonObject b = m_identities[1].toObject();
    // Identity 0's public part with identity 1's secret.
    const QString mixed = a.value(u"public_string").toString() + u':' + b.value(u"private_key").toString();
    auto parsed = Identity::fromString(mixed);
    QVERIFY(parsed.ok());
    QVERIFY(!parsed->locallyValidate());
    // And its signatures do not verify under the stated public key.
    const QByteArray sig = parsed->sign("hello");
    QVERIFY(!parsed->verify("hello", sig));
}

void TestIdentity::generateMakesValidIdentity()
{
    const Identity id = Identity::generate();
    QVERIFY(!id.isNull());
    QVERIFY(id.hasSecret());
    QVERIFY(!id.address().isReserved());
    QVERIFY(id.locallyValidate());
    QCOMPARE(id.publicKey().size(), 64);
    QCOMPARE(id.secretKey().size(), 64);
    auto again = Identity::fromString(id.toString(true));
    QVERIFY(again.ok());
    QVERIFY(again.value() == id);
    QCOMPARE(again->secretKey(), id.secretKey());
    const QByteArray sig = id.sign("message");
    QCOMPARE(sig.size(), 96);
    QVERIFY(again->verify("message", sig));
    QVERIFY(Identity::generate().address() != id.address());
}

void TestIdentity::identitiesTxtSample()
{
    QFile file(test::vectorPath(QStringLiteral("identities.txt")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    QList<QByteArray> nonEmpty;
    for (const QByteArray &line : lines)
        if (!line.trimmed().isEmpty())
            nonEmpty.append(line);
    QCOMPARE(nonEmpty.size(), 4000);
    // 100 lines spread over the file, first and last included.
    for (int i = 0; i < 100; ++i) {
        const qsizetype index = i * (nonEmpty.size() - 1) / 99;
        const QString text = QString::fromLatin1(nonEmpty[index]);
        auto parsed = Identity::fromString(text);
        QVERIFY2(parsed.ok(), qPrintable(text));
        QVERIFY(parsed->hasSecret());
        QVERIFY2(parsed->locallyValidate(), qPrintable(text));
        QCOMPARE(parsed->toString(true), text.trimmed());
    }
}

void TestIdentity::digestIsThreadSafe()
{
    // Each thread has its own work area: concurrent digests must all match the vectors.
    QList<QByteArray> keys, expected;
    for (int i = 0; i < 5; ++i) {
        const QJsonObject v = m_identities[i].toObject();
        keys << test::hexValue(v.value(u"public_key"));
        expected << test::hexValue(v.value(u"memory_hard_digest"));
    }
    std::atomic<int> mismatches{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int round = 0; round < 3; ++round) {
                const int i = (t + round) % 5;
                if (Identity::memoryHardDigest(keys[i]) != expected[i])
                    ++mismatches;
            }
        });
    }
    for (std::thread &thread : threads)
        thread.join();
    QCOMPARE(mismatches.load(), 0);
    QVERIFY(Identity::memoryHardDigest(QByteArray(63, 'x')).isEmpty());
    QVERIFY(!Identity::deriveAddress(QByteArray()).has_value());
}

QTEST_APPLESS_MAIN(TestIdentity)
#include "tst_identity.moc"
