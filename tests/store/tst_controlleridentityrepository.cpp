// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/vectors.h"
#include "core/store/controlleridentityrepository.h"
#include "core/store/database.h"
#include "store/storebackend.h"

#include <QDir>
#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QtTest>

using namespace tier;

class TestControllerIdentityRepository : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data() { test::addBackendRows(); }
    void init() { TIER_INIT_BACKEND(m_location); }
    void storesAndLoadsTheVectorIdentity()
    {
        const QJsonObject vector = test::loadVectorJson(QStringLiteral("identities.json"))
                                       .value(QStringLiteral("identities"))
                                       .toArray()
                                       .at(0)
                                       .toObject();
        const QString secretText = vector.value(QStringLiteral("secret_string")).toString();
        QVERIFY(!secretText.isEmpty());
        const auto identity = Identity::fromString(secretText);
        QVERIFY(identity.ok());
        QVERIFY(identity->hasSecret());

        const DatabaseUri uri = m_location.uri();
        {
            Database db;
            QVERIFY(db.open(uri).ok());
            ControllerIdentityRepository repo(db);
            const auto empty = repo.load();
            QVERIFY(empty.ok());
            QVERIFY(!empty->has_value());
            QVERIFY(!repo.save(identity->publicOnly(), 1).ok()); // a controller needs its secret
            QVERIFY(repo.save(*identity, 1).ok());
            const Status again = repo.save(*identity, 2);
            QVERIFY(!again.ok());
            QCOMPARE(again.error().code, ErrorCode::Conflict);
        }
        Database db;
        QVERIFY(db.open(uri).ok());
        const auto loaded = ControllerIdentityRepository(db).load();
        QVERIFY(loaded.ok());
        QVERIFY(loaded->has_value());
        QCOMPARE(loaded->value().address().toString(), vector.value(QStringLiteral("address")).toString());
        QCOMPARE(loaded->value().toString(true), secretText);
        QCOMPARE(loaded->value().secretKey(), identity->secretKey());
        auto publicText = db.exec(QStringLiteral("SELECT identity_public FROM controller_identity"));
        QVERIFY(publicText.ok() && publicText->next());
        QCOMPARE(publicText->value(0).toString(), vector.value(QStringLiteral("public_string")).toString());
    }

    void damagedRowIsAnError()
    {
        Database db;
        QVERIFY(db.open(m_location.uri()).ok());
        QVERIFY(db.exec(QStringLiteral("INSERT INTO controller_identity VALUES (1, '2cdef7b417', 'garbage', 'x', 0)"))
                    .ok());
        const auto loaded = ControllerIdentityRepository(db).load();
        QVERIFY(!loaded.ok());
        QCOMPARE(loaded.error().code, ErrorCode::Malformed);
        QVERIFY(!loaded.error().message.contains(QStringLiteral("garbage"))); // never echo the secret column
    }

    void cleanup()
    {
        QVERIFY(QSqlDatabase::connectionNames().isEmpty());
        m_location.drop();
    }

private:
    test::TestDatabaseLocation m_location;
};

QTEST_GUILESS_MAIN(TestControllerIdentityRepository)
#include "tst_controlleridentityrepository.moc"
