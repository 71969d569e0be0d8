// SPDX-License-Identifier: GPL-3.0-or-later
// tiermaster --make-planet / --make-moon as a script runs them (INTERFACE.md "Command line").
#include "common/vectors.h"
#include "core/protocol/world.h"
#include "core/store/controlleridentityrepository.h"
#include "core/store/database.h"
#include "core/store/databaseuri.h"
#include "core/store/ownworldrepository.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace tier;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

World readWorld(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    auto world = World::fromBytes(file.readAll());
    return world ? *world : World();
}

} // namespace

class TestMakeWorld : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;

    Run run(const QStringList &arguments)
    {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.path() + QStringLiteral("/xdg-data"));
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        process.setProcessEnvironment(env);
        process.start(test::binaryDir() + QStringLiteral("/bin/tiermaster"), arguments);
        Run result;
        if (!process.waitForFinished(60000))
            return result;
        result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        result.out = QString::fromUtf8(process.readAllStandardOutput());
        result.err = QString::fromUtf8(process.readAllStandardError());
        return result;
    }

    Identity storedIdentity(const QString &dataDir)
    {
        Database db;
        if (!db.open(DatabaseUri::sqliteFile(QDir(dataDir).filePath(QStringLiteral("controller.db")))).ok())
            return {};
        auto identity = ControllerIdentityRepository(db).load();
        return identity && identity->has_value() ? **identity : Identity();
    }

private slots:
    void planetThenNextPlanet()
    {
        QTemporaryDir dir;
        const QString data = dir.filePath(QStringLiteral("data"));
        const QString file = dir.filePath(QStringLiteral("planet"));
        Run first = run({QStringLiteral("--make-planet"), file, QStringLiteral("--endpoint"),
                         QStringLiteral("127.0.0.1/9993"), QStringLiteral("--endpoint"), QStringLiteral("::1/9993"),
                         QStringLiteral("--data-dir"), data});
        QVERIFY2(first.exitCode == 0, qPrintable(first.err));
        QVERIFY(first.out.contains(QStringLiteral("wrote ")));
        const Identity self = storedIdentity(data); // created because the data dir was new
        QVERIFY(!self.isNull());
        const World v1 = readWorld(file);
        QCOMPARE(v1.type(), World::Type::Planet);
        QVERIFY(v1.verifySignature());
        QCOMPARE(v1.roots().size(), 1);
        QCOMPARE(v1.roots().first().identity, self.publicOnly());
        QCOMPARE(v1.roots().first().stableEndpoints.size(), 2);
        QCOMPARE(v1.roots().first().stableEndpoints.at(0).toString(), QStringLiteral("127.0.0.1/9993"));
        QCOMPARE(v1.roots().first().stableEndpoints.at(1).toString(), QStringLiteral("::1/9993"));
        QVERIFY((QFile::permissions(data) & (QFileDevice::ReadOther | QFileDevice::ReadGroup)) == 0);

        // The update key stays in the database; the file holds only its public half.
        {
            Database db;
            QVERIFY(db.open(DatabaseUri::sqliteFile(QDir(data).filePath(QStringLiteral("controller.db")))).ok());
            auto record = OwnWorldRepository(db).load(World::Type::Planet);
            QVERIFY(record.ok() && record->has_value());
            QCOMPARE((*record)->lastWorld, v1);
            QFile planetFile(file);
            QVERIFY(planetFile.open(QIODevice::ReadOnly));
            QVERIFY(!planetFile.readAll().contains((*record)->updateKeySecret.left(32)));
        }

        Run second = run({QStringLiteral("--make-planet"), file, QStringLiteral("--endpoint"),
                          QStringLiteral("127.0.0.2/9994"), QStringLiteral("--data-dir"), data});
        QVERIFY2(second.exitCode == 0, qPrintable(second.err));
        const World v2 = readWorld(file);
        QCOMPARE(v2.id(), v1.id());
        QVERIFY(v2.timestamp() > v1.timestamp());
        QCOMPARE(v2.updatesMustBeSignedBy(), v1.updatesMustBeSignedBy());
        QCOMPARE(v2.roots().first().identity, self.publicOnly());
        QCOMPARE(v2.roots().first().stableEndpoints.size(), 1);
        QVERIFY(v1.acceptsUpdate(v2));
        QCOMPARE(storedIdentity(data), self);

        // A moon from the same controller: its address is the moon ID.
        const QString moonFile = dir.filePath(QStringLiteral("my.moon"));
        Run moon = run({QStringLiteral("--make-moon"), moonFile, QStringLiteral("--endpoint"),
                        QStringLiteral("127.0.0.1/9993"), QStringLiteral("--data-dir"), data});
        QVERIFY2(moon.exitCode == 0, qPrintable(moon.err));
        const World m = readWorld(moonFile);
        QCOMPARE(m.type(), World::Type::Moon);
        QCOMPARE(m.id(), self.address().toInt());
        QVERIFY(m.verifySignature());
    }

    void badCommandLinesChangeNothing_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("no endpoint") << QStringList{QStringLiteral("--make-planet"), QStringLiteral("P")};
        QTest::newRow("bad endpoint") << QStringList{QStringLiteral("--make-planet"), QStringLiteral("P"),
                                                     QStringLiteral("--endpoint"), QStringLiteral("1.2.3.4:9993")};
        QTest::newRow("port 0") << QStringList{QStringLiteral("--make-moon"), QStringLiteral("P"),
                                               QStringLiteral("--endpoint"), QStringLiteral("1.2.3.4/0")};
        QTest::newRow("both kinds") << QStringList{QStringLiteral("--make-planet"), QStringLiteral("P"),
                                                   QStringLiteral("--make-moon"), QStringLiteral("Q"),
                                                   QStringLiteral("--endpoint"), QStringLiteral("1.2.3.4/9993")};
        QTest::newRow("endpoint alone") << QStringList{QStringLiteral("--endpoint"), QStringLiteral("1.2.3.4/9993"),
                                                       QStringLiteral("--headless")};
    }
    void badCommandLinesChangeNothing()
    {
        QFETCH(QStringList, arguments);
        QTemporaryDir dir;
        const QString data = dir.filePath(QStringLiteral("data"));
        for (QString &argument : arguments)
            if (argument == u"P" || argument == u"Q")
                argument = dir.filePath(argument);
        Run result = run(arguments + QStringList{QStringLiteral("--data-dir"), data});
        QCOMPARE(result.exitCode, 1);
        QVERIFY(!result.err.trimmed().isEmpty());
        QVERIFY(!QFileInfo::exists(data));
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("P"))));
    }

    void unwritableFileFailsButKeepsTheVersion()
    {
        QTemporaryDir dir;
        const QString data = dir.filePath(QStringLiteral("data"));
        Run result = run({QStringLiteral("--make-planet"), dir.filePath(QStringLiteral("no/such/dir/planet")),
                          QStringLiteral("--endpoint"), QStringLiteral("127.0.0.1/9993"), QStringLiteral("--data-dir"),
                          data});
        QCOMPARE(result.exitCode, 1);
        QVERIFY(result.err.contains(QStringLiteral("cannot write")));
    }
};

QTEST_GUILESS_MAIN(TestMakeWorld)
#include "tst_makeworld.moc"
