// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/databaseuri.h"

#include <QDir>
#include <QtTest>

using namespace tier;

class TestDatabaseUri : public QObject
{
    Q_OBJECT

private slots:
    void defaultIsControllerDbInDataDir()
    {
        const auto uri = DatabaseUri::parse(u"", QStringLiteral("/var/lib/tm"));
        QVERIFY(uri.ok());
        QCOMPARE(uri->dialect, SqlDialect::Sqlite);
        QCOMPARE(uri->path, QStringLiteral("/var/lib/tm/controller.db"));
        QCOMPARE(uri->toString(), QStringLiteral("sqlite:/var/lib/tm/controller.db"));
    }
    void sqlitePaths()
    {
        QCOMPARE(DatabaseUri::parse(u"sqlite:/tmp/a.db", QString())->path, QStringLiteral("/tmp/a.db"));
        QCOMPARE(DatabaseUri::parse(u"sqlite:///tmp/b.db", QString())->path, QStringLiteral("/tmp/b.db"));
        QCOMPARE(DatabaseUri::parse(u"sqlite:rel/c.db", QString())->path,
                 QDir::current().filePath(QStringLiteral("rel/c.db")));
        QCOMPARE(DatabaseUri::parse(u"sqlite:", QString()).error().code, ErrorCode::Malformed);
    }
    void postgresTcp()
    {
        const auto uri = DatabaseUri::parse(u"postgresql://tm:p%40ss@db.example:6543/tier%20master", QString());
        QVERIFY2(uri.ok(), qPrintable(uri ? QString() : uri.error().message));
        QCOMPARE(uri->dialect, SqlDialect::Postgres);
        QCOMPARE(uri->user, QStringLiteral("tm"));
        QCOMPARE(uri->password, QStringLiteral("p@ss"));
        QCOMPARE(uri->host, QStringLiteral("db.example"));
        QCOMPARE(uri->port, 6543);
        QCOMPARE(uri->databaseName, QStringLiteral("tier master"));
        QVERIFY(!uri->toString().contains(QStringLiteral("p@ss")));
        QVERIFY(!uri->toString().contains(QStringLiteral("p%40ss")));
        // The printed form parses back to the same database.
        const auto again = DatabaseUri::parse(uri->toString(), QString());
        QVERIFY(again.ok());
        QVERIFY(again->sameDatabase(*uri));

        const auto shortScheme = DatabaseUri::parse(u"postgres://tm@localhost/tm", QString());
        QVERIFY(shortScheme.ok());
        QCOMPARE(shortScheme->port, -1);
        QCOMPARE(shortScheme->password, QString());
    }
    void postgresUnixSocket()
    {
        const auto uri = DatabaseUri::parse(u"postgresql://tm@/tm?host=/run/postgresql&port=5433", QString());
        QVERIFY2(uri.ok(), qPrintable(uri ? QString() : uri.error().message));
        QCOMPARE(uri->host, QStringLiteral("/run/postgresql"));
        QCOMPARE(uri->port, 5433);
        QCOMPARE(uri->databaseName, QStringLiteral("tm"));
        const auto again = DatabaseUri::parse(uri->toString(), QString());
        QVERIFY2(again.ok(), qPrintable(uri->toString()));
        QVERIFY(again->sameDatabase(*uri));
        QVERIFY(DatabaseUri::parse(u"postgresql:///tm?host=%2Fvar%2Frun%2Fpostgresql", QString()).ok());
    }
    void postgresMalformed_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("no database") << QStringLiteral("postgresql://tm@localhost");
        QTest::newRow("nested path") << QStringLiteral("postgresql://tm@localhost/a/b");
        QTest::newRow("bad port") << QStringLiteral("postgresql://tm@localhost/tm?port=99999");
        QTest::newRow("port text") << QStringLiteral("postgresql://tm@localhost/tm?port=abc");
        QTest::newRow("relative socket") << QStringLiteral("postgresql://tm@/tm?host=run/pg");
        QTest::newRow("unknown option") << QStringLiteral("postgresql://tm@localhost/tm?sslmode=disable");
    }
    void postgresMalformed()
    {
        QFETCH(QString, text);
        const auto uri = DatabaseUri::parse(text, QString());
        QVERIFY2(!uri.ok(), qPrintable(text));
        QCOMPARE(uri.error().code, ErrorCode::Malformed);
    }
    void unknownSchemeIsMalformed()
    {
        const auto uri = DatabaseUri::parse(u"mysql://x", QString());
        QVERIFY(!uri.ok());
        QCOMPARE(uri.error().code, ErrorCode::Malformed);
    }
};

QTEST_APPLESS_MAIN(TestDatabaseUri)
#include "tst_databaseuri.moc"
