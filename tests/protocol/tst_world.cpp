// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/vectors.h"
#include "core/crypto/primitives.h"
#include "core/crypto/signing.h"
#include "core/protocol/world.h"

#include <QTest>

using namespace tier;

class TestWorld final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void vectors_data();
    void vectors();
    void rebuildVectorsByteForByte_data();
    void rebuildVectorsByteForByte();
    void updateRules();
    void labPlanet();
    void defaultPlanet();
    void rejectsMalformed();
    void createRejectsBadInput();

private:
    QJsonObject m_keys;
    QJsonArray m_worlds;
    QByteArray key1Public, key1Secret, key2Public, key2Secret;
    World worldNamed(const QString &name);
    QJsonObject vectorNamed(const QString &name);
};

QJsonObject TestWorld::vectorNamed(const QString &name)
{
    for (const QJsonValue &w : m_worlds)
        if (w.toObject().value(u"name").toString() == name)
            return w.toObject();
    return {};
}

World TestWorld::worldNamed(const QString &name)
{
    auto parsed = World::fromBytes(test::hexValue(vectorNamed(name).value(u"serialized")));
    return parsed.ok() ? parsed.value() : World();
}

void TestWorld::initTestCase()
{
    QVERIFY(crypto::initialize());
    const QJsonObject doc = test::loadVectorJson(QStringLiteral("worlds.json"));
    m_keys = doc.value(u"keys").toObject();
    m_worlds = doc.value(u"worlds").toArray();
    QCOMPARE(m_worlds.size(), 3);
    key1Public = test::hexValue(m_keys.value(u"world_key_1_public"));
    key1Secret = test::hexValue(m_keys.value(u"world_key_1_private"));
    key2Public = test::hexValue(m_keys.value(u"world_key_2_public"));
    key2Secret = test::hexValue(m_keys.value(u"world_key_2_private"));
    QCOMPARE(key1Public.size(), 64);
    QCOMPARE(key1Secret.size(), 64);
    // The world keys are ordinary ZT key pairs.
    QCOMPARE(crypto::publicKeyFromSecret(key1Secret).value(), key1Public);
    QCOMPARE(crypto::publicKeyFromSecret(key2Secret).value(), key2Public);
}

void TestWorld::vectors_data()
{
    QTest::addColumn<QJsonObject>("v");
    for (const QJsonValue &w : m_worlds)
        QTest::newRow(qPrintable(w.toObject().value(u"name").toString())) << w.toObject();
}

void TestWorld::vectors()
{
    QFETCH(QJsonObject, v);
    const QByteArray serialized = test::hexValue(v.value(u"serialized"));
    QCOMPARE(serialized.size(), v.value(u"serialized_len").toInt());
    auto parsed = World::fromBytes(serialized);
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message));
    const World &world = parsed.value();

    QCOMPARE(int(world.type()), v.value(u"type").toInt());
    QCOMPARE(world.idString(), v.value(u"id").toString());
    QCOMPARE(world.timestamp(), quint64(v.value(u"timestamp").toInteger()));
    QCOMPARE(world.updatesMustBeSignedBy(), test::hexValue(v.value(u"updates_must_be_signed_by")));
    QCOMPARE(world.signature(), test::hexValue(v.value(u"signature")));
    QCOMPARE(world.signingMessage(), test::hexValue(v.value(u"signing_message")));
    QCOMPARE(world.toBytes(), serialized);
    QVERIFY(world.moonDictionary().isEmpty());
    QVERIFY(!world.roots().isEmpty());
    QVERIFY(world.rootsValidate());

    // Every vector world was signed by key 1 (the update names key 2 for the next one).
    QVERIFY(world.isSignedBy(key1Public));
    QVERIFY(!world.isSignedBy(key2Public));
    QCOMPARE(world.verifySignature(), world.updatesMustBeSignedBy() == key1Public);

    // A flipped byte in the signed part breaks the signature.
    QByteArray tampered = serialized;
    tampered[serialized.size() - 3] = char(tampered[serialized.size() - 3] ^ 0x01);
    auto t = World::fromBytes(tampered);
    if (t.ok())
        QVERIFY(!t->isSignedBy(key1Public));
}

void TestWorld::rebuildVectorsByteForByte_data()
{
    vectors_data();
}

void TestWorld::rebuildVectorsByteForByte()
{
    QFETCH(QJsonObject, v);
    const World parsed = worldNamed(v.value(u"name").toString());
    QVERIFY(!parsed.isNull());
    auto built = World::create(parsed.type(), parsed.id(), parsed.timestamp(), parsed.updatesMustBeSignedBy(),
                               parsed.roots(), key1Secret);
    QVERIFY(built.ok());
    QCOMPARE(built->toBytes().toHex(), v.value(u"serialized").toString().toLatin1());
    QCOMPARE(built->signingMessage().toHex(), v.value(u"signing_message").toString().toLatin1());
    QVERIFY(built.value() == parsed);
}

void TestWorld::updateRules()
{
    const World v1 = worldNamed(QStringLiteral("planet_v1"));
    const World v2 = worldNamed(QStringLiteral("planet_v2_update"));
    const World moon = worldNamed(QStringLiteral("moon"));
    QVERIFY(!v1.isNull() && !v2.isNull() && !moon.isNull());
    QCOMPARE(m_keys.value(u"planet_v1_accepts_v2_update").toBool(), true);
    QVERIFY(v1.acceptsUpdate(v2));
    QVERIFY(!v2.acceptsUpdate(v1));   // older, and v2 wants key 2
    QVERIFY(!v1.acceptsUpdate(v1));   // not newer
    QVERIFY(!v1.acceptsUpdate(moon)); // other type and id
    QVERIFY(!v1.acceptsUpdate(World()));
    QVERIFY(World().acceptsUpdate(v1));  // first world: self-signed is enough
    QVERIFY(!World().acceptsUpdate(v2)); // its own key did not sign it

    // v3 signed with key 2 (as v2 demands) is accepted by v2 but not by v1.
    auto v3 = World::create(World::Type::Planet, v2.id(), v2.timestamp() + 1000, key2Public, v2.roots(), key2Secret);
    QVERIFY(v3.ok());
    QVERIFY(v2.acceptsUpdate(v3.value()));
    QVERIFY(!v1.acceptsUpdate(v3.value()));
    // Same content, signed with the wrong key: refused.
    auto forged =
        World::create(World::Type::Planet, v2.id(), v2.timestamp() + 1000, key2Public, v2.roots(), key1Secret);
    QVERIFY(forged.ok());
    QVERIFY(!v2.acceptsUpdate(forged.value()));
    // Another ID: refused even when properly signed.
    auto otherId =
        World::create(World::Type::Planet, v2.id() + 1, v2.timestamp() + 1000, key2Public, v2.roots(), key2Secret);
    QVERIFY(otherId.ok());
    QVERIFY(!v2.acceptsUpdate(otherId.value()));
}

void TestWorld::labPlanet()
{
    const QByteArray bytes = test::readVectorFile(QStringLiteral("lab/lab-planet.bin"));
    QVERIFY(!bytes.isEmpty());
    auto parsed = World::fromBytes(bytes);
    QVERIFY(parsed.ok());
    const World &planet = parsed.value();
    QCOMPARE(planet.type(), World::Type::Planet);
    QCOMPARE(planet.id(), quint64(0x7a7a7a7a));
    QCOMPARE(planet.timestamp(), quint64(1700000000000));
    QCOMPARE(planet.toBytes(), bytes);

    const QByteArray keyHex = test::readVectorFile(QStringLiteral("lab/lab-planet-signing-key.hex")).trimmed();
    QCOMPARE(keyHex.size(), 256);
    const QByteArray keyPublic = QByteArray::fromHex(keyHex.left(128));
    const QByteArray keySecret = QByteArray::fromHex(keyHex.mid(128));
    QCOMPARE(planet.updatesMustBeSignedBy(), keyPublic);
    QVERIFY(planet.verifySignature());

    auto root = Identity::fromString(QString::fromLatin1(test::readVectorFile(QStringLiteral("lab/lab-root.secret"))));
    QVERIFY(root.ok());
    QCOMPARE(planet.roots().size(), 1);
    QVERIFY(planet.roots()[0].identity == root->publicOnly());
    QCOMPARE(planet.roots()[0].stableEndpoints.size(), 1);
    QCOMPARE(planet.roots()[0].stableEndpoints[0].toString(), QStringLiteral("127.0.0.1/19993"));

    auto rebuilt =
        World::create(World::Type::Planet, planet.id(), planet.timestamp(), keyPublic, planet.roots(), keySecret);
    QVERIFY(rebuilt.ok());
    QCOMPARE(rebuilt->toBytes(), bytes);
}

void TestWorld::defaultPlanet()
{
    QCOMPARE(World::defaultPlanetBytes().size(), 570);
    const World &planet = World::defaultPlanet();
    QVERIFY(!planet.isNull());
    QCOMPARE(planet.type(), World::Type::Planet);
    QCOMPARE(planet.id(), World::DefaultPlanetId);
    QCOMPARE(planet.id(), quint64(0x0000000008EAC90AULL));
    QCOMPARE(planet.timestamp(), quint64(1644592324813));
    QCOMPARE(planet.updatesMustBeSignedBy().toHex(),
             QByteArray("b8b388a469221491aa9acd66cc764cdefd56039f1067ae15e69c6fb42d7b5533"
                        "0e3fdaac529c0792fd7340a6aa21aba8a489fdaea44a39bf2d00659ac9c818eb"));
    QCOMPARE(planet.signature().toHex(),
             QByteArray("3600927637ef4d1404a44d544684851379751faa79b4c4ea85040175ea065860482402e1eb342052000e6290061a9"
                        "be0cd293c8b55f1c3d2524808afc54922080e3539a75addc3cef0f6ad260d588293bb7786e71efa4b9057dad9867af"
                        "e12dd"));
    QVERIFY(planet.verifySignature());
    QCOMPARE(planet.toBytes(), World::defaultPlanetBytes().toByteArray());

    const QStringList addresses = {QStringLiteral("cafe9efeb9"), QStringLiteral("778cde7190"),
                                   QStringLiteral("62f865ae71"), QStringLiteral("cafe04eba9")};
    const QList<QStringList> endpoints = {
        {QStringLiteral("104.194.8.134/9993"), QStringLiteral("2605:9880:200:1200:30:571:e34:51/9993")},
        {QStringLiteral("103.195.103.66/9993"), QStringLiteral("2605:9880:400:c3:254:f2bc:a1f7:19/9993")},
        {QStringLiteral("50.7.252.138/9993"), QStringLiteral("2001:49f0:d0db:2::2/9993")},
        {QStringLiteral("84.17.53.155/9993"), QStringLiteral("2a02:6ea0:d405::9993/9993")},
    };
    QCOMPARE(planet.roots().size(), 4);
    for (int i = 0; i < 4; ++i) {
        const World::Root &root = planet.roots()[i];
        QCOMPARE(root.identity.address().toString(), addresses[i]);
        QStringList texts;
        for (const InetAddress &e : root.stableEndpoints)
            texts << e.toString();
        QCOMPARE(texts, endpoints[i]);
    }
    QCOMPARE(planet.roots()[0].identity.toString(),
             QStringLiteral("cafe9efeb9:0:ccdef76bc7b97ded904eabc5df09886d9c1514a610036cb9139cc214001a2958978efcec"
                            "15712dd3948c6e6b3a8e893df01ff493d1f8d9806a860c5420571bf0"));
    QVERIFY(planet.rootsValidate());
}

void TestWorld::rejectsMalformed()
{
    const QByteArray planet = test::hexValue(vectorNamed(QStringLiteral("planet_v1")).value(u"serialized"));
    const QByteArray moon = test::hexValue(vectorNamed(QStringLiteral("moon")).value(u"serialized"));
    QVERIFY(World::fromBytes(planet).ok());
    QVERIFY(World::fromBytes(moon).ok());
    // Every truncation fails cleanly.
    for (const QByteArray &full : {planet, moon})
        for (qsizetype n = 0; n < full.size(); ++n)
            QVERIFY2(!World::fromBytes(QByteArrayView(full).first(n)).ok(), qPrintable(QString::number(n)));
    // Trailing garbage in a file.
    QVERIFY(!World::fromBytes(QByteArray(planet + '\0')).ok());
    // read() leaves trailing bytes alone.
    {
        const QByteArray withTail = QByteArray(planet + "xy");
        ByteReader r(withTail);
        QVERIFY(World::read(r).ok());
        QCOMPARE(r.remaining(), qsizetype(2));
    }
    // Unknown types.
    for (char type : {char(0), char(2), char(126), char(0xff)}) {
        QByteArray bad = planet;
        bad[0] = type;
        QVERIFY(!World::fromBytes(bad).ok());
    }
    // Too many roots (the count byte sits after type, id, ts, key and signature).
    const int rootCountAt = 1 + 8 + 8 + 64 + 96;
    QByteArray tooMany = planet;
    tooMany[rootCountAt] = char(World::MaxRoots + 1);
    QCOMPARE(World::fromBytes(tooMany).error().code, ErrorCode::TooLarge);
    // Too many endpoints for root 0.
    QByteArray tooManyEndpoints = planet;
    tooManyEndpoints[rootCountAt + 1 + Identity::BinaryPublicLength] = char(World::MaxEndpointsPerRoot + 1);
    QVERIFY(!World::fromBytes(tooManyEndpoints).ok());
    // A moon whose dictionary length overruns the input.
    QByteArray longDictionary = moon;
    longDictionary[longDictionary.size() - 1] = 5;
    QCOMPARE(World::fromBytes(longDictionary).error().code, ErrorCode::Truncated);
    // Oversized input.
    QCOMPARE(World::fromBytes(QByteArray(World::MaxSerializedLength + 1, '\x01')).error().code, ErrorCode::TooLarge);
}

void TestWorld::createRejectsBadInput()
{
    const World v1 = worldNamed(QStringLiteral("planet_v1"));
    QVERIFY(!World::create(World::Type::Null, 1, 1, key1Public, v1.roots(), key1Secret).ok());
    QVERIFY(!World::create(World::Type::Planet, 1, 1, key1Public.left(32), v1.roots(), key1Secret).ok());
    QVERIFY(!World::create(World::Type::Planet, 1, 1, key1Public, v1.roots(), key1Secret.left(63)).ok());
    QList<World::Root> five(5, v1.roots()[0]);
    QVERIFY(!World::create(World::Type::Planet, 1, 1, key1Public, five, key1Secret).ok());
    QVERIFY(!World::create(World::Type::Planet, 1, 1, key1Public, v1.roots(), key1Secret, "x").ok());
    // A moon with a dictionary round-trips.
    auto moon = World::create(World::Type::Moon, 7, 9, key1Public, v1.roots(), key1Secret, "k=v");
    QVERIFY(moon.ok());
    auto back = World::fromBytes(moon->toBytes());
    QVERIFY(back.ok());
    QCOMPARE(back->moonDictionary(), QByteArray("k=v"));
    QVERIFY(back->verifySignature());
    QVERIFY(back.value() == moon.value());
}

QTEST_APPLESS_MAIN(TestWorld)
#include "tst_world.moc"
