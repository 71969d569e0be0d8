// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/controllerfile.h"
#include "core/store/database.h"
#include "core/store/sqlitesnapshot.h"

#include <QDir>
#include <QFile>
#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QtTest>

using namespace tier;

class TestSqliteSnapshot : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    /// A Tiermaster database with one network, closed again (no -wal left).
    QString closedDatabase(const QString &name)
    {
        const QString file = path(name);
        Database db(QStringLiteral("setup"));
        if (!db.open(DatabaseUri::sqliteFile(file)))
            return {};
        auto inserted = db.exec(QStringLiteral("INSERT INTO networks (id, name, creation_time, revision, "
                                               "last_modified) VALUES ('8056c2e21c000001', 'lab', 1, 1, 1)"));
        if (!inserted)
            qWarning("%s", qPrintable(inserted.error().message));
        db.close();
        return file;
    }

private slots:
    void init() { QVERIFY(m_dir.isValid()); }

    void immutableReadLeavesNothingBehind()
    {
        const QString file = closedDatabase(QStringLiteral("a.db"));
        QVERIFY(!file.isEmpty());
        QVERIFY(!QFile::exists(file + QStringLiteral("-wal")));
        {
            SqliteSnapshot snapshot(file, SqliteSnapshot::Mode::Quiet);
            QVERIFY(snapshot.open());
            auto rows = snapshot.rows(QStringLiteral("SELECT name FROM networks WHERE id = ?"),
                                      {QStringLiteral("8056c2e21c000001")});
            QVERIFY(rows);
            QCOMPARE(rows->size(), 1);
            QCOMPARE(rows->constFirst().value(0).toString(), QStringLiteral("lab"));
            QVERIFY(!QFile::exists(file + QStringLiteral("-wal")));
            QVERIFY(!QFile::exists(file + QStringLiteral("-shm")));
        }
        QVERIFY(QSqlDatabase::connectionNames().isEmpty());
        QVERIFY(!QFile::exists(file + QStringLiteral("-wal")));
        QVERIFY(!QFile::exists(file + QStringLiteral("-shm")));
    }

    void readsBesideALiveWriter()
    {
        const QString file = path(QStringLiteral("live.db"));
        Database writer(QStringLiteral("writer"));
        QVERIFY(writer.open(DatabaseUri::sqliteFile(file)));
        QVERIFY(writer.exec(QStringLiteral("INSERT INTO networks (id, name, creation_time, revision, last_modified) "
                                           "VALUES ('8056c2e21c000002', 'live', 1, 1, 1)")));
        QVERIFY(QFile::exists(file + QStringLiteral("-wal")));
        const Result<ControllerFileSummary> summary = ControllerFile::summarize(file);
        QVERIFY2(summary, summary ? "" : qPrintable(summary.error().message));
        QCOMPARE(summary->networkCount, 1);
        QVERIFY(ControllerFile::holdsTiermasterSchema(file));
    }

    void vacuumIntoMakesAConsistentCopy()
    {
        const QString file = closedDatabase(QStringLiteral("b.db"));
        const QString copy = path(QStringLiteral("copy.db"));
        {
            SqliteSnapshot snapshot(file, SqliteSnapshot::Mode::Immutable);
            QVERIFY(snapshot.open());
            QVERIFY(snapshot.vacuumInto(copy));
        }
        const Result<ControllerFileSummary> summary = ControllerFile::summarize(copy);
        QVERIFY(summary);
        QCOMPARE(summary->networkCount, 1);
        QVERIFY(summary->controllerAddress.isEmpty()); // no identity stored in this one
    }

    void errorsNameTheFile()
    {
        const QString missing = path(QStringLiteral("missing.db"));
        SqliteSnapshot snapshot(missing, SqliteSnapshot::Mode::ReadOnly);
        const Status opened = snapshot.open();
        QVERIFY(!opened);
        QVERIFY(opened.error().message.contains(missing));
        QVERIFY(!QFile::exists(missing));

        QFile text(path(QStringLiteral("text.db")));
        QVERIFY(text.open(QIODevice::WriteOnly));
        text.write("not a database at all");
        text.close();
        QVERIFY(!ControllerFile::holdsTiermasterSchema(text.fileName()));
        QVERIFY(!ControllerFile::summarize(text.fileName()));
    }

    void scratchDatabaseInMemory()
    {
        SqliteSnapshot scratch(QStringLiteral(":memory:"), SqliteSnapshot::Mode::Live);
        QVERIFY(scratch.open());
        QVERIFY(scratch.rows(QStringLiteral("CREATE TABLE t (v INTEGER)")));
        QVERIFY(scratch.rows(QStringLiteral("INSERT INTO t VALUES (?)"), {42}));
        auto q = scratch.query(QStringLiteral("SELECT v FROM t"));
        QVERIFY(q);
        QVERIFY(q->next());
        QCOMPARE(q->value(0).toInt(), 42);
        const auto bad = scratch.rows(QStringLiteral("SELECT nothing FROM nowhere"), {}, QStringLiteral("reading"));
        QVERIFY(!bad);
        QVERIFY(bad.error().message.startsWith(QStringLiteral("reading: ")));
    }
};

QTEST_GUILESS_MAIN(TestSqliteSnapshot)
#include "tst_sqlitesnapshot.moc"
