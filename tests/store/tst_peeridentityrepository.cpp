// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/vectors.h"
#include "core/crypto/primitives.h"
#include "core/store/database.h"
#include "core/store/peeridentityrepository.h"
#include "store/storebackend.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QtTest>

using namespace tier;

class TestPeerIdentityRepository : public QObject
{
    Q_OBJECT

private:
    test::TestDatabaseLocation m_location;
    std::unique_ptr<Database> m_db;

    static Identity vectorIdentity(int index, bool secret)
    {
        const QJsonObject json = test::loadVectorJson(QStringLiteral("identities.json"));
        const QJsonObject o = json.value(QStringLiteral("identities")).toArray().at(index).toObject();
        return Identity::fromString(
                   o.value(secret ? QStringLiteral("secret_string") : QStringLiteral("public_string")).toString())
            .value();
    }

private slots:
    void initTestCase() { QVERIFY(crypto::initialize()); }
    void initTestCase_data() { test::addBackendRows(); }
    void init()
    {
        TIER_INIT_BACKEND(m_location);
        m_db = std::make_unique<Database>(QStringLiteral("peers"));
        QVERIFY(m_db->open(m_location.uri()).ok());
    }
    void cleanup()
    {
        m_db.reset();
        m_location.drop();
        QVERIFY(QSqlDatabase::connectionNames().isEmpty());
    }

    void remembersPublicPartAcrossRestarts()
    {
        const Identity withSecret = vectorIdentity(0, true);
        QVERIFY(withSecret.hasSecret());
        {
            PeerIdentityRepository repo(*m_db);
            QVERIFY(!repo.lookup(withSecret.address()).has_value());
            QVERIFY(repo.remember(withSecret, 1234).ok());
            const auto found = repo.lookup(withSecret.address());
            QVERIFY(found.has_value());
            QVERIFY(!found->hasSecret()); // the secret is never stored
            QCOMPARE(found->toString(false), vectorIdentity(0, false).toString(false));
        }
        auto q = m_db->exec(QStringLiteral("SELECT identity, first_seen FROM peer_identities"));
        QVERIFY(q.ok() && q->next());
        QCOMPARE(q->value(0).toString(), vectorIdentity(0, false).toString(false));
        QCOMPARE(q->value(1).toLongLong(), qint64(1234));
        q->finish();
        m_db.reset();
        m_db = std::make_unique<Database>(QStringLiteral("peers2"));
        QVERIFY(m_db->open(m_location.uri()).ok());
        PeerIdentityRepository again(*m_db);
        QCOMPARE(again.lookup(withSecret.address())->publicKey(), withSecret.publicKey());
    }

    void firstKeyWins()
    {
        PeerIdentityRepository repo(*m_db);
        const Identity real = vectorIdentity(1, false);
        QVERIFY(repo.remember(real).ok());
        const Identity other = vectorIdentity(2, false);
        const QString text =
            real.address().toString() + QStringLiteral(":0:") + QString::fromLatin1(other.publicKey().toHex());
        const Identity impostor = Identity::fromString(text).value();
        QVERIFY(repo.remember(impostor).ok());
        QCOMPARE(repo.lookup(real.address())->publicKey(), real.publicKey());
        QVERIFY(!repo.remember(Identity()).ok());
    }

    void manyInOneTransaction()
    {
        PeerIdentityRepository repo(*m_db);
        const QList<Identity> ids{vectorIdentity(2, false), vectorIdentity(3, false), vectorIdentity(4, false)};
        // All or nothing: a null identity among them stores none.
        QVERIFY(!repo.rememberAll({ids[0], Identity(), ids[1]}, 7).ok());
        for (const Identity &id : ids)
            QVERIFY(!repo.lookup(id.address()).has_value());
        QVERIFY(repo.rememberAll(ids, 7).ok());
        for (const Identity &id : ids)
            QCOMPARE(repo.lookup(id.address())->publicKey(), id.publicKey());
        // Again with one of them under another key: the stored (first) key stays.
        const QString text = ids[0].address().toString() + QStringLiteral(":0:") +
                             QString::fromLatin1(vectorIdentity(5, false).publicKey().toHex());
        QVERIFY(repo.rememberAll({Identity::fromString(text).value()}, 8).ok());
        QCOMPARE(repo.lookup(ids[0].address())->publicKey(), ids[0].publicKey());
    }
};

QTEST_GUILESS_MAIN(TestPeerIdentityRepository)
#include "tst_peeridentityrepository.moc"
