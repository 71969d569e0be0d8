// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/vectors.h"
#include "core/crypto/identity.h"
#include "core/crypto/primitives.h"

#include <QTest>

#include <sodium.h>

using namespace tier;

class TestKeyAgreement final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void pairs_data();
    void pairs();
    void needsSecretAndGoodPeerKey();

private:
    QJsonArray m_identities;
};

namespace {

Identity parse(const QString &text)
{
    auto r = Identity::fromString(text);
    return r.ok() ? r.value() : Identity();
}

// AES-GMAC-SIV sub-key derivation message (docs/protocol/crypto.md §8.2) for label '0' or '1'.
QByteArray kdfMessage(char label)
{
    return QByteArray::fromHex("000000005a54") + label + QByteArray::fromHex("000000000180");
}

} // namespace

void TestKeyAgreement::initTestCase()
{
    QVERIFY(crypto::initialize());
    m_identities = test::loadVectorJson(QStringLiteral("identities.json")).value(u"identities").toArray();
    QVERIFY(m_identities.size() >= 5);
}

void TestKeyAgreement::pairs_data()
{
    QTest::addColumn<QJsonObject>("v");
    const QJsonArray pairs = test::loadVectorJson(QStringLiteral("key-agreement.json")).value(u"pairs").toArray();
    QCOMPARE(pairs.size(), 5);
    for (const QJsonValue &p : pairs) {
        const QJsonObject o = p.toObject();
        QTest::newRow(qPrintable(QStringLiteral("%1-%2").arg(o.value(u"a").toInt()).arg(o.value(u"b").toInt()))) << o;
    }
}

void TestKeyAgreement::pairs()
{
    QFETCH(QJsonObject, v);
    const Identity a = parse(v.value(u"a_secret").toString());
    const Identity bPublic = parse(v.value(u"b_public").toString());
    QVERIFY(a.hasSecret());
    QVERIFY(!bPublic.isNull());
    QCOMPARE(a.address().toString(), v.value(u"a_address").toString());
    QCOMPARE(bPublic.address().toString(), v.value(u"b_address").toString());

    // Raw X25519 with libsodium over the stored halves (the primitive the key rests on).
    unsigned char raw[32];
    QCOMPARE(crypto_scalarmult_curve25519(raw, reinterpret_cast<const unsigned char *>(a.secretKey().constData()),
                                          reinterpret_cast<const unsigned char *>(bPublic.publicKey().constData())),
             0);
    const QByteArray rawShared(reinterpret_cast<const char *>(raw), 32);
    QCOMPARE(rawShared, test::hexValue(v.value(u"raw_x25519_shared")));
    QCOMPARE(crypto::sha512(rawShared), test::hexValue(v.value(u"sha512_of_raw")));

    const auto key = a.agree(bPublic);
    QVERIFY(key.has_value());
    QCOMPARE(key->size(), Identity::AgreedKeyLength);
    QCOMPARE(*key, test::hexValue(v.value(u"agreed_key_48")));
    QCOMPARE(key->left(32), test::hexValue(v.value(u"packet_key_32")));

    // Symmetry: b's secret (from identities.json) with a's public gives the same key.
    const QJsonObject bVector = m_identities[v.value(u"b").toInt()].toObject();
    const Identity b = parse(bVector.value(u"secret_string").toString());
    QVERIFY(b.hasSecret());
    QCOMPARE(b.address(), bPublic.address());
    const auto reverse = b.agree(a.publicOnly());
    QVERIFY(reverse.has_value());
    QCOMPARE(*reverse, *key);
    QCOMPARE(v.value(u"symmetric").toBool(), true);

    // The AES-GMAC-SIV sub-keys that hang off the 48-byte key.
    const QByteArray k0 = crypto::hmacSha384(*key, kdfMessage('0'));
    const QByteArray k1 = crypto::hmacSha384(*key, kdfMessage('1'));
    QCOMPARE(k0, test::hexValue(v.value(u"k0_full48")));
    QCOMPARE(k1, test::hexValue(v.value(u"k1_full48")));
    QCOMPARE(k0.left(32), test::hexValue(v.value(u"aes_gmac_siv_k0_label_0x30")));
    QCOMPARE(k1.left(32), test::hexValue(v.value(u"aes_gmac_siv_k1_label_0x31")));
}

void TestKeyAgreement::needsSecretAndGoodPeerKey()
{
    const Identity a = parse(m_identities[0].toObject().value(u"secret_string").toString());
    const Identity b = parse(m_identities[1].toObject().value(u"public_string").toString());
    QVERIFY(a.agree(b).has_value());
    // Without our secret there is no key.
    QVERIFY(!a.publicOnly().agree(b).has_value());
    QVERIFY(!Identity().agree(b).has_value());
    QVERIFY(!a.agree(Identity()).has_value());
    // A low-order (all-zero) X25519 peer key makes libsodium refuse: no key.
    QByteArray bin = b.toBinary();
    std::fill(bin.begin() + 6, bin.begin() + 6 + 32, '\0');
    ByteReader r(bin);
    auto weak = Identity::fromBinary(r);
    QVERIFY(weak.ok());
    QVERIFY(!a.agree(weak.value()).has_value());
}

QTEST_APPLESS_MAIN(TestKeyAgreement)
#include "tst_keyagreement.moc"
