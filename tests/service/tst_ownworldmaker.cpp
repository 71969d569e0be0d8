// SPDX-License-Identifier: GPL-3.0-or-later
// Planets and moons made by Tiermaster (issue 15): decoded by the ordinary world decoder, laid out
// like the real worlds in tests/data/vectors/worlds.json, updates accepted only when newer and
// signed by the key kept in the database.
#include "common/vectors.h"
#include "core/crypto/primitives.h"
#include "core/crypto/signing.h"
#include "core/service/ownworldmaker.h"
#include "core/store/database.h"
#include "core/store/ownworldrepository.h"
#include "store/storebackend.h"

#include <QFile>
#include <QSqlQuery>
#include <QtTest>

using namespace tier;

namespace {

QJsonObject worldVector(const QString &name)
{
    const QJsonArray worlds = test::loadVectorJson(QStringLiteral("worlds.json")).value(u"worlds").toArray();
    for (const QJsonValue &w : worlds)
        if (w.toObject().value(u"name").toString() == name)
            return w.toObject();
    return {};
}

QByteArray worldKey(const char *name)
{
    return test::hexValue(test::loadVectorJson(QStringLiteral("worlds.json")).value(u"keys").toObject().value(
        QLatin1String(name)));
}

// Offsets of world.md §2 (the vectors follow them too).
constexpr int TimestampOffset = 9;
constexpr int SignatureOffset = 1 + 8 + 8 + 64;
constexpr int RootCountOffset = SignatureOffset + 96;

QList<InetAddress> endpoints(const QStringList &texts)
{
    auto parsed = OwnWorldMaker::parseEndpoints(texts);
    return parsed ? *parsed : QList<InetAddress>();
}

} // namespace

class TestOwnWorldMaker : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data() { test::addBackendRows(); }
    void initTestCase() { QVERIFY(crypto::initialize()); }
    void init() { TIER_INIT_BACKEND(m_location); }

    void endpointValidation_data()
    {
        QTest::addColumn<QStringList>("texts");
        QTest::addColumn<bool>("ok");
        QTest::newRow("v4") << QStringList{QStringLiteral("203.0.113.5/9993")} << true;
        QTest::newRow("v4+v6") << QStringList{QStringLiteral("203.0.113.5/9993"), QStringLiteral("2001:db8::5/9993")}
                               << true;
        QTest::newRow("loopback") << QStringList{QStringLiteral("127.0.0.1/9993")} << true;
        QTest::newRow("none") << QStringList{} << false;
        QTest::newRow("no port") << QStringList{QStringLiteral("203.0.113.5")} << false;
        QTest::newRow("port 0") << QStringList{QStringLiteral("203.0.113.5/0")} << false;
        QTest::newRow("port too big") << QStringList{QStringLiteral("203.0.113.5/70000")} << false;
        QTest::newRow("host name") << QStringList{QStringLiteral("example.org/9993")} << false;
        QTest::newRow("colon port") << QStringList{QStringLiteral("203.0.113.5:9993")} << false;
        QTest::newRow("any v4") << QStringList{QStringLiteral("0.0.0.0/9993")} << false;
        QTest::newRow("any v6") << QStringList{QStringLiteral("::/9993")} << false;
        QTest::newRow("multicast") << QStringList{QStringLiteral("224.0.0.1/9993")} << false;
        QTest::newRow("twice") << QStringList{QStringLiteral("203.0.113.5/9993"), QStringLiteral(" 203.0.113.5/9993")}
                               << false;
        QStringList many;
        for (int i = 1; i <= World::MaxEndpointsPerRoot + 1; ++i)
            many.append(QStringLiteral("10.0.0.%1/9993").arg(i));
        QTest::newRow("33") << many << false;
        many.removeLast();
        QTest::newRow("32") << many << true;
    }
    void endpointValidation()
    {
        QFETCH(QStringList, texts);
        QFETCH(bool, ok);
        const auto parsed = OwnWorldMaker::parseEndpoints(texts);
        QCOMPARE(parsed.ok(), ok);
        if (ok)
            QCOMPARE(parsed->size(), texts.size());
        else
            QVERIFY(!parsed.error().message.isEmpty());
    }

    void firstPlanetAndItsUpdates()
    {
        Database db;
        QVERIFY(db.open(m_location.uri()).ok());
        const Identity self = Identity::generate();
        QVERIFY(OwnWorldMaker::current(db, World::Type::Planet)->isNull());

        const auto eps = endpoints({QStringLiteral("127.0.0.1/9993"), QStringLiteral("::1/9993")});
        auto v1 = OwnWorldMaker::make(db, self, World::Type::Planet, eps, 1'700'000'000'000);
        QVERIFY2(v1.ok(), qPrintable(v1.ok() ? QString() : v1.error().message));
        QCOMPARE(v1->type(), World::Type::Planet);
        QVERIFY(v1->id() != 0 && v1->id() != World::DefaultPlanetId);
        QCOMPARE(v1->timestamp(), quint64(1'700'000'000'000));
        QCOMPARE(v1->roots().size(), 1);
        QCOMPARE(v1->roots().first().identity, self.publicOnly());
        QCOMPARE(v1->roots().first().stableEndpoints, eps);
        QVERIFY(v1->verifySignature());
        QVERIFY(World().acceptsUpdate(*v1)); // a member installing it as its first planet

        // The existing decoder reads it back, byte for byte, and the layout is world.md §2's.
        const QByteArray bytes = v1->toBytes();
        auto decoded = World::fromBytes(bytes);
        QVERIFY(decoded.ok());
        QVERIFY(*decoded == *v1);
        QCOMPARE(bytes.size(), RootCountOffset + 1 + 71 + 1 + 7 + 19);
        QCOMPARE(quint8(bytes.at(0)), quint8(1));
        QCOMPARE(quint8(bytes.at(RootCountOffset)), quint8(1));
        QCOMPARE(bytes.mid(RootCountOffset + 1, 71), self.toBinary(false));

        // The next version: same ID and key, newer, signed by the stored key; the old one accepts it.
        const auto eps2 = endpoints({QStringLiteral("127.0.0.2/9993")});
        auto v2 = OwnWorldMaker::make(db, self, World::Type::Planet, eps2, 1'700'000'000'500);
        QVERIFY(v2.ok());
        QCOMPARE(v2->id(), v1->id());
        QCOMPARE(v2->updatesMustBeSignedBy(), v1->updatesMustBeSignedBy());
        QCOMPARE(v2->timestamp(), quint64(1'700'000'000'500));
        QCOMPARE(v2->roots().first().stableEndpoints, eps2);
        QVERIFY(v1->acceptsUpdate(*v2));
        QVERIFY(!v2->acceptsUpdate(*v1));

        // A clock that went back never yields an older or equal version.
        auto v3 = OwnWorldMaker::make(db, self, World::Type::Planet, eps2, 1'600'000'000'000);
        QVERIFY(v3.ok());
        QCOMPARE(v3->timestamp(), v2->timestamp() + 1);
        QVERIFY(v2->acceptsUpdate(*v3));
        QCOMPARE(OwnWorldMaker::current(db, World::Type::Planet).value(), v3.value());

        // Not accepted: signed by any other key, or not newer.
        const crypto::C25519KeyPair other = crypto::generateKeyPair();
        auto forged = World::create(World::Type::Planet, v3->id(), v3->timestamp() + 10, v3->updatesMustBeSignedBy(),
                                    v3->roots(), other.secretKey);
        QVERIFY(forged.ok());
        QVERIFY(!v3->acceptsUpdate(*forged));
        auto rekeyed = World::create(World::Type::Planet, v3->id(), v3->timestamp() + 10, other.publicKey,
                                     v3->roots(), other.secretKey);
        QVERIFY(rekeyed.ok());
        QVERIFY(!v3->acceptsUpdate(*rekeyed));
        OwnWorldRecord stored = OwnWorldRepository(db).load(World::Type::Planet)->value();
        auto older = World::create(World::Type::Planet, v3->id(), v3->timestamp(), v3->updatesMustBeSignedBy(),
                                   v3->roots(), stored.updateKeySecret);
        QVERIFY(older.ok());
        QVERIFY(!v3->acceptsUpdate(*older));

        // The repository refuses them as well and keeps v3.
        OwnWorldRecord bad = stored;
        bad.lastWorld = *older;
        QCOMPARE(OwnWorldRepository(db).save(bad, 1).error().code, ErrorCode::Conflict);
        bad.lastWorld = *forged;
        QVERIFY(!OwnWorldRepository(db).save(bad, 1).ok());
        bad = stored;
        bad.updateKeyPublic = other.publicKey;
        bad.updateKeySecret = other.secretKey;
        bad.lastWorld = *rekeyed;
        QCOMPARE(OwnWorldRepository(db).save(bad, 1).error().code, ErrorCode::Conflict);
        QCOMPARE(OwnWorldMaker::current(db, World::Type::Planet).value(), v3.value());

        // The moon is separate: its own key, ID = this controller's address.
        auto moon = OwnWorldMaker::make(db, self, World::Type::Moon, eps, 1'700'000'000'000);
        QVERIFY(moon.ok());
        QCOMPARE(moon->type(), World::Type::Moon);
        QCOMPARE(moon->id(), self.address().toInt());
        QVERIFY(moon->updatesMustBeSignedBy() != v3->updatesMustBeSignedBy());
        QVERIFY(World::fromBytes(moon->toBytes()).ok());
        QCOMPARE(moon->toBytes().right(2), QByteArray(2, '\0')); // empty moon dictionary
        QCOMPARE(OwnWorldMaker::current(db, World::Type::Planet).value(), v3.value());
    }

    // Continuing the real vector planet with its real key: the result is the vector's bytes with only
    // the timestamp and signature changed, and the vector accepts it as an update.
    void continuesTheVectorPlanet()
    {
        const QJsonObject v = worldVector(QStringLiteral("planet_v1"));
        const QByteArray original = test::hexValue(v.value(u"serialized"));
        auto v1 = World::fromBytes(original);
        QVERIFY(v1.ok());
        QCOMPARE(v1->roots().size(), 1);
        Database db;
        QVERIFY(db.open(m_location.uri()).ok());
        OwnWorldRecord record{World::Type::Planet, v1->id(), worldKey("world_key_1_public"),
                              worldKey("world_key_1_private"), *v1, 0, 0};
        QVERIFY(OwnWorldRepository(db).save(record, 1).ok());

        const World::Root root = v1->roots().first();
        auto next = OwnWorldMaker::make(db, root.identity, World::Type::Planet, root.stableEndpoints,
                                        qint64(v1->timestamp()) + 1000);
        QVERIFY2(next.ok(), qPrintable(next.ok() ? QString() : next.error().message));
        const QByteArray bytes = next->toBytes();
        QCOMPARE(bytes.size(), original.size());
        QByteArray expected = original;
        expected.replace(TimestampOffset, 8, bytes.mid(TimestampOffset, 8));
        expected.replace(SignatureOffset, 96, bytes.mid(SignatureOffset, 96));
        QCOMPARE(bytes.toHex(), expected.toHex());
        QCOMPARE(next->timestamp(), v1->timestamp() + 1000);
        QVERIFY(v1->acceptsUpdate(*next));
        QVERIFY(next->isSignedBy(worldKey("world_key_1_public")));
        QVERIFY(!next->isSignedBy(worldKey("world_key_2_public")));
    }

    // The vector moon has two roots; made again by its first root, the other root is kept.
    void continuesTheVectorMoonKeepingOtherRoots()
    {
        const QJsonObject v = worldVector(QStringLiteral("moon"));
        auto moon = World::fromBytes(test::hexValue(v.value(u"serialized")));
        QVERIFY(moon.ok());
        QCOMPARE(moon->roots().size(), 2);
        Database db;
        QVERIFY(db.open(m_location.uri()).ok());
        OwnWorldRecord record{World::Type::Moon, moon->id(), worldKey("world_key_1_public"),
                              worldKey("world_key_1_private"), *moon, 0, 0};
        QVERIFY(OwnWorldRepository(db).save(record, 1).ok());
        const World::Root self = moon->roots().at(0);
        const World::Root other = moon->roots().at(1);
        const auto eps = endpoints({QStringLiteral("127.0.0.9/9993")});
        auto next = OwnWorldMaker::make(db, self.identity, World::Type::Moon, eps, qint64(moon->timestamp()) + 1);
        QVERIFY(next.ok());
        QCOMPARE(next->roots().size(), 2);
        QCOMPARE(next->roots().at(0).stableEndpoints, eps);
        QVERIFY(next->roots().at(1) == other);
        QVERIFY(moon->acceptsUpdate(*next));
        qsizetype oldEndpointBytes = 0;
        for (const InetAddress &endpoint : self.stableEndpoints)
            oldEndpointBytes += endpoint.toBytes().size();
        QCOMPARE(next->toBytes().size(), test::hexValue(v.value(u"serialized")).size() - oldEndpointBytes + 7);

        // Replacing the other roots (a second instance) or dropping them is an explicit choice.
        auto alone = OwnWorldMaker::make(db, self.identity, World::Type::Moon, eps, qint64(moon->timestamp()) + 2,
                                         QList<World::Root>{});
        QVERIFY(alone.ok());
        QCOMPARE(alone->roots().size(), 1);
        auto tooMany = OwnWorldMaker::make(
            db, self.identity, World::Type::Moon, eps, qint64(moon->timestamp()) + 3,
            QList<World::Root>{other, other, other, other});
        QCOMPARE(tooMany.error().code, ErrorCode::TooLarge);
        QCOMPARE(OwnWorldMaker::current(db, World::Type::Moon).value(), alone.value());
    }

    void damagedRowIsReported()
    {
        Database db;
        QVERIFY(db.open(m_location.uri()).ok());
        const Identity self = Identity::generate();
        QVERIFY(OwnWorldMaker::make(db, self, World::Type::Planet, endpoints({QStringLiteral("127.0.0.1/1")}), 5).ok());
        QVERIFY(db.exec(QStringLiteral("UPDATE own_worlds SET update_key_public = ?"),
                        {QString(128, QLatin1Char('0'))})
                    .ok());
        const auto loaded = OwnWorldRepository(db).load(World::Type::Planet);
        QCOMPARE(loaded.error().code, ErrorCode::Malformed);
        QVERIFY(!OwnWorldMaker::make(db, self, World::Type::Planet, endpoints({QStringLiteral("127.0.0.1/1")}), 6).ok());
    }

    void writesTheFile()
    {
        QTemporaryDir dir;
        Database db;
        QVERIFY(db.open(m_location.uri()).ok());
        auto world = OwnWorldMaker::make(db, Identity::generate(), World::Type::Planet,
                                         endpoints({QStringLiteral("127.0.0.1/9993")}), 7);
        QVERIFY(world.ok());
        const QString path = dir.filePath(QStringLiteral("planet"));
        QVERIFY(OwnWorldMaker::writeFile(*world, path).ok());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), world->toBytes());
        QVERIFY(!OwnWorldMaker::writeFile(*world, dir.filePath(QStringLiteral("missing/planet"))).ok());
    }

private:
    test::TestDatabaseLocation m_location;
};

QTEST_GUILESS_MAIN(TestOwnWorldMaker)
#include "tst_ownworldmaker.moc"
