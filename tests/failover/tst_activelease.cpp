// SPDX-License-Identifier: GPL-3.0-or-later
// ActiveLease on a real PostgreSQL: exactly one holder, hand-over when it goes, loss noticed when
// the server cuts its connection, and change notices from other instances only. Needs
// TIERMASTER_TEST_PG_URI (skipped otherwise).

#include "core/service/activelease.h"
#include "core/store/database.h"
#include "core/store/settingsrepository.h"
#include "store/storebackend.h"

#include <QSignalSpy>
#include <QtTest>

using namespace tier;

namespace {
constexpr int kTimeoutMs = 20000;
}

class TestActiveLease : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        if (test::pgServerUri().isEmpty())
            QSKIP(qPrintable(test::pgSkipMessage()));
        const QString created = m_location.create(QStringLiteral("postgresql"));
        QVERIFY2(created.isEmpty(), qPrintable(created));
    }
    void cleanup()
    {
        m_location.drop();
        QVERIFY(QSqlDatabase::connectionNames().isEmpty());
    }

    void oneHolderThenHandOver()
    {
        auto first = std::make_unique<ActiveLease>(m_location.uri());
        ActiveLease second(m_location.uri());
        QVERIFY(first->start().ok());
        QVERIFY(first->isHeld());
        QSignalSpy acquired(&second, &ActiveLease::acquired);
        QVERIFY(second.start().ok());
        QVERIFY(!second.isHeld());
        // Several retry rounds pass without a second holder.
        QTest::qWait(3 * ActiveLease::RetryIntervalMs);
        QVERIFY(!second.isHeld());
        QCOMPARE(acquired.size(), 0);

        QElapsedTimer timer;
        timer.start();
        first.reset(); // the holder goes away
        QTRY_COMPARE_WITH_TIMEOUT(acquired.size(), 1, kTimeoutMs);
        QVERIFY(second.isHeld());
        qInfo("hand-over after the holder left: %lld ms", timer.elapsed());
    }

    void lossIsNoticedWhenTheServerCutsTheConnection()
    {
        ActiveLease lease(m_location.uri());
        QVERIFY(lease.start().ok());
        QVERIFY(lease.isHeld());
        QSignalSpy lost(&lease, &ActiveLease::lost);
        const QString error = test::pgAdmin(
            QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '%1' AND "
                           "application_name = 'tiermaster-lease'")
                .arg(m_location.uri().databaseName),
            m_location.uri());
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(lost.size(), 1, kTimeoutMs);
        QVERIFY(!lease.isHeld());
    }

    void changesFromOthersOnly()
    {
        ActiveLease lease(m_location.uri());
        QVERIFY(lease.start().ok());
        QVERIFY(lease.isHeld());
        QSignalSpy changed(&lease, &ActiveLease::changed);

        Database own(QStringLiteral("own"));
        QVERIFY(own.open(m_location.uri()).ok());
        own.setNotifyChanges(true, lease.instanceTag());
        Database other(QStringLiteral("other"));
        QVERIFY(other.open(m_location.uri()).ok());
        other.setNotifyChanges(true, QStringLiteral("someone-else"));

        QVERIFY(SettingsRepository(own).setValue(QStringLiteral("a"), QStringLiteral("1")).ok());
        QVERIFY(SettingsRepository(other).setValue(QStringLiteral("b"), QStringLiteral("2")).ok());
        QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 1, kTimeoutMs);
        // Our own change came first and was not announced to ourselves.
        QVERIFY(SettingsRepository(other).setValue(QStringLiteral("c"), QStringLiteral("3")).ok());
        QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 2, kTimeoutMs);
    }

    void unreachableServerIsAnError()
    {
        auto uri = DatabaseUri::parse(u"postgresql://nobody@127.0.0.1:1/nothing", QString());
        QVERIFY(uri.ok());
        ActiveLease lease(*uri);
        const Status started = lease.start();
        QVERIFY(!started.ok());
        QVERIFY2(started.error().message.contains(QStringLiteral("cannot connect to PostgreSQL")),
                 qPrintable(started.error().message));
        QVERIFY(!lease.isHeld());
    }

private:
    test::TestDatabaseLocation m_location;
};

QTEST_GUILESS_MAIN(TestActiveLease)
#include "tst_activelease.moc"
