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
    void postgresIsRecognisedButNotSupportedYet()
    {
        const auto uri = DatabaseUri::parse(u"postgresql://tm:pw@localhost:5432/tm", QString());
        QVERIFY(!uri.ok());
        QCOMPARE(uri.error().code, ErrorCode::Unsupported);
        QVERIFY(uri.error().message.contains(QStringLiteral("not supported yet")));
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
