// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Runs store tests against both back ends: SQLite (a file in a temporary folder) and PostgreSQL (a
// database of its own on the server named by TIERMASTER_TEST_PG_URI, see scripts/pg-test-server.sh).
// Header-only so any test folder can include it ("store/storebackend.h").

#include "core/store/databaseuri.h"
#include "core/store/sqlconnection.h"

#include <QDir>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <memory>

namespace tier::test {

inline QString pgServerUri()
{
    return qEnvironmentVariable("TIERMASTER_TEST_PG_URI");
}

inline QString pgSkipMessage()
{
    return QStringLiteral("PostgreSQL tests need TIERMASTER_TEST_PG_URI (scripts/test.sh sets it; run "
                          "scripts/pg-test-server.sh ctest … to get a throw-away server)");
}

/// For initTestCase_data(): every test function runs once per back end ("backend" column).
inline void addBackendRows()
{
    QTest::addColumn<QString>("backend");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
    QTest::newRow("postgresql") << QStringLiteral("postgresql");
}

/// An administrative statement on the test server's maintenance database, outside any Database.
inline QString pgAdmin(const QString &sql, const DatabaseUri &server)
{
    static std::atomic<int> counter{0};
    const QString name = QStringLiteral("tm-test-admin-%1").arg(++counter);
    QString error;
    {
        Result<QSqlDatabase> added = addPostgresConnection(server, name);
        QSqlDatabase db = added ? *added : QSqlDatabase();
        if (!added) {
            error = added.error().message;
        } else if (!db.open()) {
            error = db.lastError().text();
        } else {
            QSqlQuery query(db);
            if (!query.exec(sql))
                error = query.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return error;
}

/// A fresh empty database of one back end; the PostgreSQL one is dropped again on destruction.
class TestDatabaseLocation final
{
    Q_DISABLE_COPY_MOVE(TestDatabaseLocation)

public:
    TestDatabaseLocation() = default;
    ~TestDatabaseLocation() { drop(); }

    /// Empty string when ready, else why not (PostgreSQL: the variable is unset → skipMessage()).
    QString create(const QString &backend)
    {
        drop();
        m_backend = backend;
        if (backend == QLatin1String("sqlite")) {
            m_dir = std::make_unique<QTemporaryDir>();
            m_uri = DatabaseUri::sqliteFile(QDir(m_dir->path()).filePath(QStringLiteral("controller.db")));
            return QString();
        }
        if (pgServerUri().isEmpty())
            return pgSkipMessage();
        auto server = DatabaseUri::parse(pgServerUri(), QString());
        if (!server)
            return server.error().message;
        m_server = *server;
        static std::atomic<int> counter{0};
        const QString name =
            QStringLiteral("tm_%1_%2_%3")
                .arg(QString::fromLatin1(QTest::currentAppName()).section(u'/', -1).toLower().replace(u'-', u'_'))
                .arg(QCoreApplication::applicationPid())
                .arg(++counter);
        if (const QString error = pgAdmin(QStringLiteral("CREATE DATABASE \"%1\"").arg(name), m_server);
            !error.isEmpty())
            return QStringLiteral("cannot create the test database %1: %2").arg(name, error);
        m_uri = m_server;
        m_uri.databaseName = name;
        m_created = true;
        return QString();
    }

    void drop()
    {
        if (m_created)
            pgAdmin(QStringLiteral("DROP DATABASE IF EXISTS \"%1\" WITH (FORCE)").arg(m_uri.databaseName), m_server);
        m_created = false;
        m_dir.reset();
    }

    bool isPostgres() const { return m_backend == QLatin1String("postgresql"); }
    const DatabaseUri &uri() const { return m_uri; }
    QString uriText() const
    {
        return m_uri.toString(); // the test server trusts loopback: no password to lose
    }

private:
    QString m_backend;
    DatabaseUri m_uri;
    DatabaseUri m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
    bool m_created = false;
};

} // namespace tier::test

/// In init(): prepares `location` for the current global row, skipping PostgreSQL rows without a server.
#define TIER_INIT_BACKEND(location)                                                                                    \
    do {                                                                                                               \
        QFETCH_GLOBAL(QString, backend);                                                                               \
        const QString notReady = (location).create(backend);                                                           \
        if (!notReady.isEmpty() && backend == QLatin1String("postgresql") && tier::test::pgServerUri().isEmpty())      \
            QSKIP(qPrintable(notReady));                                                                               \
        QVERIFY2(notReady.isEmpty(), qPrintable(notReady));                                                            \
    } while (false)
