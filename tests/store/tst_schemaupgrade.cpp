// SPDX-License-Identifier: GPL-3.0-or-later
// Upgrades (issue 18): a newer program opens the database of every schema version released so far
// (tests/data/schema/controller-vN.db, one per version before the current one), keeps a copy of it as it was
// first, and migrates it without losing a row. TM_WRITE_SCHEMA_FIXTURES=DIR writes the fixtures again (made
// with the first N migrations exactly as that release created them; tests/data/schema/README.md).
#include "common/vectors.h"
#include "core/store/controlleridentityrepository.h"
#include "core/store/controllernetworkrepository.h"
#include "core/store/database.h"
#include "core/store/memberrepository.h"
#include "core/store/networkactivityrepository.h"
#include "core/store/schema.h"
#include "core/store/sqlitesnapshot.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace tier;

namespace {

constexpr char kNetwork[] = "21842fbe09662d8d";
constexpr char kMember[] = "1797d4487f";

QString fixturePath(int version)
{
    return test::sourceDir() + QStringLiteral("/tests/data/schema/controller-v%1.db").arg(version);
}

// The rows a release of that version wrote: the controller identity, one network with a pool and a route, one
// authorized member with an IP and its status; later versions add their own tables' rows.
QStringList fixtureRows(int version, const QString &secret, const QString &publicText, const QString &memberPublic)
{
    QStringList sql{
        QStringLiteral("INSERT INTO settings (name, value) VALUES ('fixture', 'v%1')").arg(version),
        QStringLiteral("INSERT INTO controller_identity (id, address, identity_secret, identity_public, created_at)"
                       " VALUES (1, '21842fbe09', '%1', '%2', 1796527320000)")
            .arg(secret, publicText),
        QStringLiteral("INSERT INTO networks (id, name, is_private, v4_assign_zt, creation_time, revision,"
                       " last_modified) VALUES ('%1', 'office', 1, 1, 1796527320748, 2, 1796527320748)")
            .arg(QLatin1String(kNetwork)),
        QStringLiteral("INSERT INTO ip_pools (network_id, position, range_start, range_end, ip_version)"
                       " VALUES ('%1', 0, '10.20.0.10', '10.20.0.99', 4)")
            .arg(QLatin1String(kNetwork)),
        QStringLiteral("INSERT INTO routes (network_id, position, target, target_bits, via, ip_version)"
                       " VALUES ('%1', 0, '10.20.0.0', 23, NULL, 4)")
            .arg(QLatin1String(kNetwork)),
        QStringLiteral("INSERT INTO members (network_id, address, authorized, name, creation_time, revision,"
                       " last_authorized_time, last_authorized_credential_type, last_modified)"
                       " VALUES ('%1', '%2', 1, 'lab-member M', 1796527321000, 4, 1796527321500, 'api',"
                       " 1796527321500)")
            .arg(QLatin1String(kNetwork), QLatin1String(kMember)),
        QStringLiteral("INSERT INTO member_ips (network_id, address, ip, ip_version) VALUES ('%1', '%2', "
                       "'10.20.0.58', 4)")
            .arg(QLatin1String(kNetwork), QLatin1String(kMember)),
        QStringLiteral("INSERT INTO member_status (network_id, address, last_seen, last_request_time,"
                       " request_count) VALUES ('%1', '%2', 1796527322000, 1796527322000, 3)")
            .arg(QLatin1String(kNetwork), QLatin1String(kMember)),
    };
    if (version >= 2)
        sql << QStringLiteral("INSERT INTO peer_identities (address, identity, first_seen) VALUES ('%1', '%2',"
                              " 1796527322000)")
                   .arg(QLatin1String(kMember), memberPublic);
    if (version >= 4)
        sql << QStringLiteral("INSERT INTO member_events (network_id, address, time, seq, kind, source, detail)"
                              " VALUES ('%1', '%2', 1796527321500, 0, 'authorized', 'api', '')")
                   .arg(QLatin1String(kNetwork), QLatin1String(kMember));
    if (version >= 5)
        sql << QStringLiteral("INSERT INTO network_activity (network_id, bucket, online_max, requests, minutes)"
                              " VALUES ('%1', 1796527200000, 1, 3, 5)")
                   .arg(QLatin1String(kNetwork));
    return sql;
}

Status writeFixture(int version, const QString &path)
{
    QList<Migration> migrations = schemaMigrations().mid(0, version);
    Database db(QStringLiteral("fixture"));
    db.setMigrations(migrations);
    if (Status opened = db.open(DatabaseUri::sqliteFile(path)); !opened)
        return opened;
    const QString secret =
        QString::fromLatin1(test::readVectorFile(QStringLiteral("lab/lab-controller.secret"))).trimmed();
    const QString publicText = secret.section(u':', 0, 2);
    const QString member = QString::fromLatin1(test::readVectorFile(QStringLiteral("lab/lab-member.secret")))
                               .trimmed()
                               .section(u':', 0, 2);
    for (const QString &statement : fixtureRows(version, secret, publicText, member)) {
        if (auto done = db.exec(statement); !done)
            return done.error();
    }
    // One self-contained file (no -wal) for the repository.
    if (auto checkpoint = db.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")); !checkpoint)
        return checkpoint.error();
    if (auto journal = db.exec(QStringLiteral("PRAGMA journal_mode = DELETE")); !journal)
        return journal.error();
    db.close();
    return Ok{};
}

int storedVersion(const QString &path)
{
    SqliteSnapshot snapshot(path, SqliteSnapshot::Mode::Quiet);
    if (!snapshot.open().ok())
        return -1;
    auto rows = snapshot.rows(QStringLiteral("SELECT MAX(version) FROM schema_migrations"));
    return rows && !rows->isEmpty() ? rows->constFirst().value(0).toInt() : -1;
}

} // namespace

class TestSchemaUpgrade : public QObject
{
    Q_OBJECT

private slots:
    void writeFixturesWhenAsked()
    {
        const QString dir = qEnvironmentVariable("TM_WRITE_SCHEMA_FIXTURES");
        if (dir.isEmpty())
            QSKIP("TM_WRITE_SCHEMA_FIXTURES not set: the committed fixtures are used");
        for (int version = 1; version < latestSchemaVersion(); ++version) {
            const QString path = QDir(dir).filePath(QStringLiteral("controller-v%1.db").arg(version));
            QFile::remove(path);
            const Status written = writeFixture(version, path);
            QVERIFY2(written.ok(), qPrintable(written.ok() ? QString() : written.error().message));
        }
    }

    void everyReleasedVersionUpgrades_data()
    {
        QTest::addColumn<int>("version");
        for (int version = 1; version < latestSchemaVersion(); ++version)
            QTest::addRow("v%d", version) << version;
    }

    void everyReleasedVersionUpgrades()
    {
        QFETCH(int, version);
        QVERIFY2(QFileInfo::exists(fixturePath(version)),
                 qPrintable(QStringLiteral("no fixture for schema version %1: write it with "
                                           "TM_WRITE_SCHEMA_FIXTURES=tests/data/schema")
                                .arg(version)));
        QCOMPARE(storedVersion(fixturePath(version)), version);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString live = dir.filePath(QStringLiteral("controller.db"));
        QVERIFY(QFile::copy(fixturePath(version), live));
        QFile::setPermissions(live, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QFile original(live);
        QVERIFY(original.open(QIODevice::ReadOnly));
        const QByteArray before = original.readAll();
        original.close();

        Database db(QStringLiteral("upgrade"));
        db.setUpgradeBackupFolder(dir.filePath(QStringLiteral("backups")));
        const Status opened = db.open(DatabaseUri::sqliteFile(live));
        QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().message));
        QCOMPARE(db.schemaVersion(), latestSchemaVersion());

        // The copy kept first is the old database as it was.
        const QString kept = db.upgradeBackupPath();
        QVERIFY(!kept.isEmpty());
        QVERIFY2(QFileInfo(kept).fileName().startsWith(QStringLiteral("controller-schema%1-").arg(version)),
                 qPrintable(kept));
        QCOMPARE(QFileInfo(kept).permissions() & 0x0077, QFileDevice::Permissions());
        QCOMPARE(storedVersion(kept), version);
        QVERIFY(!before.isEmpty());

        // Nothing lost on the way.
        auto identity = ControllerIdentityRepository(db).load();
        QVERIFY(identity && identity->has_value());
        QCOMPARE((*identity)->address().toString(), QStringLiteral("21842fbe09"));
        auto networks = ControllerNetworkRepository(db).loadAll();
        QVERIFY(networks && networks->size() == 1);
        QCOMPARE(networks->constFirst().record.name, QStringLiteral("office"));
        // Schema 6 gave networks a description: an older network has none.
        QCOMPARE(networks->constFirst().record.description, QStringLiteral(""));
        QCOMPARE(networks->constFirst().record.revision, quint64(2));
        QCOMPARE(networks->constFirst().pools.size(), 1);
        QCOMPARE(networks->constFirst().routes.size(), 1);
        auto members = MemberRepository(db).loadAll();
        QVERIFY(members && members->size() == 1);
        const MemberRow &m = members->constFirst();
        QCOMPARE(m.address.toString(), QLatin1String(kMember));
        QVERIFY(m.authorized);
        QCOMPARE(m.name, QStringLiteral("lab-member M"));
        QCOMPARE(m.ipAssignments, QStringList{QStringLiteral("10.20.0.58")});
        QCOMPARE(m.lastAuthorizedCredentialType, QStringLiteral("api"));
        auto status = MemberRepository(db).loadStatus();
        QVERIFY(status && status->size() == 1);
        QCOMPARE(status->constFirst().requestCount, quint64(3));
        if (version >= 5) {
            auto activity = NetworkActivityRepository(db).buckets(networks->constFirst().record.id, 0);
            QVERIFY(activity && activity->size() == 1);
            QCOMPARE(activity->constFirst().requests, qint64(3));
        }
        db.close();

        // Opened again: already current, no second copy.
        Database again(QStringLiteral("again"));
        again.setUpgradeBackupFolder(dir.filePath(QStringLiteral("backups")));
        QVERIFY(again.open(DatabaseUri::sqliteFile(live)).ok());
        QVERIFY(again.upgradeBackupPath().isEmpty());
        QCOMPARE(QDir(dir.filePath(QStringLiteral("backups"))).entryList(QDir::Files).size(), 1);
    }

    // Without a copy there is no upgrade: the file stays at its version.
    void noCopyNoUpgrade()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString live = dir.filePath(QStringLiteral("controller.db"));
        QVERIFY(QFile::copy(fixturePath(1), live));
        QFile::setPermissions(live, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QFile blocker(dir.filePath(QStringLiteral("backups")));
        QVERIFY(blocker.open(QIODevice::WriteOnly)); // a file where the folder should be
        blocker.close();
        Database db(QStringLiteral("blocked"));
        db.setUpgradeBackupFolder(dir.filePath(QStringLiteral("backups")));
        const Status opened = db.open(DatabaseUri::sqliteFile(live));
        QVERIFY(!opened.ok());
        QVERIFY2(opened.error().message.contains(QStringLiteral("not")), qPrintable(opened.error().message));
        QCOMPARE(storedVersion(live), 1);
    }
};

QTEST_GUILESS_MAIN(TestSchemaUpgrade)
#include "tst_schemaupgrade.moc"
