// SPDX-License-Identifier: GPL-3.0-or-later
// Restore given bad files: truncated, corrupted, not SQLite, another application's database, a
// Tiermaster schema with a table missing or a column renamed, a newer schema, no or a forged
// identity, a huge blob where the identity belongs. Each is refused with a message naming the file
// and the live database, the data directory and its backups folder stay exactly as they were.
// A hostile but well-formed backup (SQL in network and member names, a table named with SQL) is
// restored as plain data: the text comes back verbatim and nothing in it is executed.
// (tests/store/tst_backup.cpp covers validate() on most of these; this is restore() end to end.)

#include "core/controller/networkcontroller.h"
#include "core/store/backup.h"
#include "resilience/resiliencesupport.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

using namespace tier;
using namespace tier::test;

namespace {

QByteArray fileBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeBytes(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

bool rawExec(const QString &path, const QStringList &statements)
{
    const QString name = QStringLiteral("tst-badfiles-raw");
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        ok = db.open();
        for (const QString &sql : statements) {
            QSqlQuery query(db);
            if (!query.exec(sql)) {
                qWarning("%s: %s", qPrintable(sql.left(80)), qPrintable(query.lastError().text()));
                ok = false;
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

/// Everything in the folder and below, with sizes and contents hashed.
QStringList snapshot(const QString &root)
{
    QStringList out;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::Dirs | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QFileInfo info(path);
        out.append(QDir(root).relativeFilePath(path) + QLatin1Char(' ') +
                   (info.isDir() ? QStringLiteral("dir")
                                 : QString::fromLatin1(
                                       QCryptographicHash::hash(fileBytes(path), QCryptographicHash::Sha256).toHex())));
    }
    out.sort();
    return out;
}

const QString kHostileName = QStringLiteral("x'); DROP TABLE members; --\"; DELETE FROM networks; /*");

} // namespace

class TestBadFiles final : public QObject
{
    Q_OBJECT

private:
    /// A controller database (identity, one network, three members) at path.
    bool makeController(const QString &path, const QString &networkName = QStringLiteral("live"))
    {
        {
            Database db(QStringLiteral("bad-seed-%1").arg(m_connections++));
            if (!db.open(DatabaseUri::sqliteFile(path)).ok() ||
                !ControllerIdentityRepository(db).save(m_controller, 1).ok())
                return false;
            NetworkController controller(db, m_controller, nullptr, [] { return QDateTime::currentMSecsSinceEpoch(); });
            if (!controller.load().ok())
                return false;
            NetworkSettings s;
            s.name = networkName;
            Result<NetworkDetails> created = controller.createNetwork(s);
            if (!created)
                return false;
            for (int i = 0; i < 3; ++i) {
                MemberUpdate u;
                u.name = networkName + QString::number(i);
                if (!controller.updateMember(created->id, Address(0x2000000000ULL + quint64(i)), u))
                    return false;
            }
        }
        return true;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(crypto::initialize());
        const QList<Identity> ids = loadIdentities(2, 950);
        QCOMPARE(ids.size(), 2);
        m_controller = ids[0];
        m_other = ids[1];
    }

    void restoreRefusesBadFiles_data()
    {
        QTest::addColumn<QString>("kind");
        for (const char *kind : {"empty", "random", "text", "truncated", "corrupt-header", "corrupt-pages", "other-app",
                                 "missing-table", "renamed-column", "newer-schema", "no-identity", "forged-identity",
                                 "huge-identity-blob", "sqlite-journal-only"})
            QTest::newRow(kind) << QString::fromLatin1(kind);
    }

    void restoreRefusesBadFiles()
    {
        QFETCH(QString, kind);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString data = QDir(dir.path()).filePath(QStringLiteral("data"));
        QVERIFY(QDir().mkpath(data));
        const QString live = QDir(data).filePath(QStringLiteral("controller.db"));
        QVERIFY(makeController(live));
        const QString bad = QDir(dir.path()).filePath(QStringLiteral("incoming.db"));
        const QString source = QDir(dir.path()).filePath(QStringLiteral("source.db"));
        QVERIFY(makeController(source, QStringLiteral("backup")));
        QVERIFY(Backup::exportFile(source, bad).ok());
        const QByteArray good = fileBytes(bad);
        QVERIFY(good.size() >= 4096);

        if (kind == u"empty") {
            QVERIFY(writeBytes(bad, {}));
        } else if (kind == u"random") {
            QVERIFY(writeBytes(bad, crypto::randomBytes(good.size())));
        } else if (kind == u"text") {
            QVERIFY(writeBytes(bad, QByteArray("{\"networks\": []}\n").repeated(500)));
        } else if (kind == u"truncated") {
            QVERIFY(writeBytes(bad, good.left(good.size() - 4096 - 17)));
        } else if (kind == u"corrupt-header") {
            QByteArray b = good;
            for (int i = 16; i < 100; ++i)
                b[i] = char(0xEE);
            QVERIFY(writeBytes(bad, b));
        } else if (kind == u"corrupt-pages") {
            QByteArray b = good;
            for (int i = 4096; i < b.size(); i += 13)
                b[i] = char(b[i] ^ 0x5A);
            QVERIFY(writeBytes(bad, b));
        } else if (kind == u"other-app") {
            QFile::remove(bad);
            QVERIFY(rawExec(bad, {QStringLiteral("CREATE TABLE accounts (name TEXT, balance INTEGER)"),
                                  QStringLiteral("INSERT INTO accounts VALUES ('a', 1)")}));
        } else if (kind == u"missing-table") {
            QVERIFY(rawExec(bad, {QStringLiteral("DROP TABLE members")}));
        } else if (kind == u"renamed-column") {
            QVERIFY(rawExec(bad, {QStringLiteral("ALTER TABLE members RENAME COLUMN address TO addr")}));
        } else if (kind == u"newer-schema") {
            QVERIFY(
                rawExec(bad, {QStringLiteral("INSERT INTO schema_migrations VALUES (9999, 'from the future', 0)")}));
        } else if (kind == u"no-identity") {
            QVERIFY(rawExec(bad, {QStringLiteral("DELETE FROM controller_identity")}));
        } else if (kind == u"forged-identity") {
            const QString forged = m_controller.address().toString() + m_other.toString(true).mid(10);
            QVERIFY(rawExec(bad, {QStringLiteral("UPDATE controller_identity SET identity_secret = '%1', "
                                                 "identity_public = '%2'")
                                      .arg(forged, forged.section(u':', 0, 2))}));
        } else if (kind == u"huge-identity-blob") {
            QVERIFY(rawExec(bad, {QStringLiteral("UPDATE controller_identity SET identity_secret = "
                                                 "hex(zeroblob(8000000)), identity_public = zeroblob(8000000)")}));
        } else if (kind == u"sqlite-journal-only") {
            QVERIFY(writeBytes(bad, QByteArray("\xd9\xd5\x05\xf9\x20\xa1\x63\xd7", 8) + QByteArray(4088, '\0')));
        }
        for (const QString &side : {QStringLiteral("-wal"), QStringLiteral("-shm"), QStringLiteral("-journal")})
            QFile::remove(bad + side);

        const QStringList before = snapshot(dir.path());
        const Result<RestoreResult> refused = Backup::restore(bad, live, data);
        QVERIFY2(!refused.ok(), qPrintable(kind + QStringLiteral(" was restored")));
        qInfo("%s: %s", qPrintable(kind), qPrintable(refused.error().message));
        QVERIFY(!refused.error().message.isEmpty());
        QVERIFY2(refused.error().message.contains(QStringLiteral("incoming.db")), qPrintable(refused.error().message));
        QCOMPARE(snapshot(dir.path()), before);
        QVERIFY(Backup::validate(live).ok());
    }

    void hostileButWellFormedIsPlainData()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString data = QDir(dir.path()).filePath(QStringLiteral("data"));
        QVERIFY(QDir().mkpath(data));
        const QString live = QDir(data).filePath(QStringLiteral("controller.db"));
        QVERIFY(makeController(live));
        const QString source = QDir(dir.path()).filePath(QStringLiteral("source.db"));
        QVERIFY(makeController(source, kHostileName));
        const QString bad = QDir(dir.path()).filePath(QStringLiteral("hostile.db"));
        QVERIFY(Backup::exportFile(source, bad).ok());
        // A table whose very name is SQL, and a trigger-free view: extra objects a restore must not run.
        QVERIFY(rawExec(bad,
                        {QStringLiteral("CREATE TABLE \"x; DROP TABLE networks; --\" (v TEXT)"),
                         QStringLiteral("INSERT INTO \"x; DROP TABLE networks; --\" VALUES ('DELETE FROM members')")}));

        const Result<RestoreResult> restored = Backup::restore(bad, live, data);
        if (!restored) {
            // Refusing a file with foreign objects is fine too, as long as nothing changed.
            qInfo("refused: %s", qPrintable(restored.error().message));
            QVERIFY(Backup::validate(live).ok());
            return;
        }
        Database db(QStringLiteral("bad-check"));
        QVERIFY(db.open(DatabaseUri::sqliteFile(live)).ok());
        NetworkController controller(db, m_controller, nullptr, [] { return QDateTime::currentMSecsSinceEpoch(); });
        QVERIFY(controller.load().ok());
        const QList<NetworkDetails> networks = controller.networks();
        QCOMPARE(networks.size(), 1);
        QCOMPARE(networks.first().settings.name, kHostileName);
        const QList<MemberInfo> members = controller.members(networks.first().id);
        QCOMPARE(members.size(), 3);
        for (const MemberInfo &m : members)
            QVERIFY(m.name.startsWith(kHostileName));
    }

private:
    Identity m_controller;
    Identity m_other;
    int m_connections = 0;
};

QTEST_GUILESS_MAIN(TestBadFiles)
#include "tst_badfiles.moc"
