// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/vectors.h"
#include "core/crypto/identity.h"
#include "core/crypto/primitives.h"
#include "core/crypto/signing.h"

#include <QTest>

#include <sodium.h>

using namespace tier;

class TestSignatures final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void vectors_data();
    void vectors();
    void rawKeyHelpers();
    void rejectsMalformedSignatures();
};

void TestSignatures::initTestCase()
{
    QVERIFY(crypto::initialize());
}

void TestSignatures::vectors_data()
{
    QTest::addColumn<QJsonObject>("v");
    const QJsonArray vectors = test::loadVectorJson(QStringLiteral("signatures.json")).value(u"vectors").toArray();
    QCOMPARE(vectors.size(), 8);
    int i = 0;
    for (const QJsonValue &value : vectors) {
        const QJsonObject o = value.toObject();
        QTest::newRow(qPrintable(QStringLiteral("%1:signer%2:len%3")
                                     .arg(i++)
                                     .arg(o.value(u"signer").toInt())
                                     .arg(o.value(u"message_len").toInt())))
            << o;
    }
}

void TestSignatures::vectors()
{
    QFETCH(QJsonObject, v);
    auto parsed = Identity::fromString(v.value(u"signer_secret").toString());
    QVERIFY(parsed.ok());
    const Identity signer = parsed.value();
    const QByteArray message = test::hexValue(v.value(u"message"));
    QCOMPARE(message.size(), v.value(u"message_len").toInt());
    QCOMPARE(crypto::sha512(message), test::hexValue(v.value(u"sha512_of_message")));
    const QByteArray expected = test::hexValue(v.value(u"signature_96"));
    QCOMPARE(expected.size(), Identity::SignatureLength);

    // Ours is byte-identical (Ed25519 is deterministic), through the identity and the raw helpers.
    QCOMPARE(signer.sign(message), expected);
    QCOMPARE(signer.sign(message), signer.sign(message));
    QCOMPARE(crypto::sign(signer.secretKey(), message), expected);
    QCOMPARE(expected.mid(64), crypto::sha512(message).left(32));

    // Theirs verifies, with and without the secret, and through the raw helper.
    QCOMPARE(v.value(u"verifies").toBool(), true);
    QVERIFY(signer.verify(message, expected));
    QVERIFY(signer.publicOnly().verify(message, expected));
    QVERIFY(crypto::verify(signer.publicKey(), message, expected));
    // The first 64 bytes are a standard Ed25519 signature of the 32-byte hash prefix.
    QCOMPARE(crypto_sign_verify_detached(reinterpret_cast<const unsigned char *>(expected.constData()),
                                         reinterpret_cast<const unsigned char *>(expected.constData()) + 64, 32,
                                         reinterpret_cast<const unsigned char *>(signer.publicKey().constData()) + 32),
             0);

    // Another message fails.
    QCOMPARE(v.value(u"verifies_with_other_message").toBool(true), false);
    QVERIFY(!signer.verify(QByteArray(message + 'x'), expected));
    QVERIFY(!signer.verify(QByteArray("other"), expected));
    // A flipped bit anywhere in the signature fails.
    for (int byte : {0, 31, 32, 63, 64, 95}) {
        QByteArray bad = expected;
        bad[byte] = char(bad[byte] ^ 0x01);
        QVERIFY2(!signer.verify(message, bad), qPrintable(QString::number(byte)));
    }
    // Another signer's key fails.
    QVERIFY(!crypto::verify(crypto::generateKeyPair().publicKey, message, expected));
}

void TestSignatures::rawKeyHelpers()
{
    const crypto::C25519KeyPair pair = crypto::generateKeyPair();
    QCOMPARE(pair.publicKey.size(), 64);
    QCOMPARE(pair.secretKey.size(), 64);
    QCOMPARE(crypto::publicKeyFromSecret(pair.secretKey).value(), pair.publicKey);
    const QByteArray sig = crypto::sign(pair.secretKey, "world");
    QCOMPARE(sig.size(), 96);
    QVERIFY(crypto::verify(pair.publicKey, "world", sig));
    QVERIFY(!crypto::verify(pair.publicKey, "World", sig));
    const QByteArray expanded = crypto::expandSigningKey(pair.secretKey);
    QCOMPARE(expanded.size(), 64);
    QCOMPARE(expanded.mid(32), pair.publicKey.mid(32));
    QCOMPARE(crypto::signWithExpandedKey(expanded, "world"), sig);

    // The signing halves of an identity's keys derive as ZT derives them.
    const QJsonObject id0 =
        test::loadVectorJson(QStringLiteral("identities.json")).value(u"identities").toArray()[0].toObject();
    QCOMPARE(crypto::publicKeyFromSecret(test::hexValue(id0.value(u"private_key"))).value(),
             test::hexValue(id0.value(u"public_key")));

    // Wrong key lengths: nothing signed, nothing verified, no crash.
    QVERIFY(crypto::sign(pair.secretKey.left(63), "x").isEmpty());
    QVERIFY(!crypto::publicKeyFromSecret(QByteArray(10, 'a')).has_value());
    QVERIFY(!crypto::verify(pair.publicKey.left(32), "world", sig));
    QVERIFY(crypto::signWithExpandedKey(QByteArray(), "x").isEmpty());
}

void TestSignatures::rejectsMalformedSignatures()
{
    const Identity id = Identity::generate();
    const QByteArray sig = id.sign("abc");
    QVERIFY(id.verify("abc", sig));
    QVERIFY(!id.verify("abc", sig.left(95)));
    QVERIFY(!id.verify("abc", QByteArray(sig + '\0')));
    QVERIFY(!id.verify("abc", QByteArray()));
    QVERIFY(!id.verify("abc", QByteArray(96, '\0')));
    QVERIFY(id.publicOnly().sign("abc").isEmpty());
    QVERIFY(!Identity().verify("abc", sig));
}

QTEST_APPLESS_MAIN(TestSignatures)
#include "tst_signatures.moc"
