// SPDX-License-Identifier: GPL-3.0-or-later
// --config FILE (INTERFACE.md "System service"): INI keys named like the long flags give the defaults,
// flags on the command line win, bad lines are errors naming file and line, and the port fallback applies
// only when no port was given anywhere.
#include "app/tiermaster/commandline.h"
#include "app/tiermaster/configfile.h"

#include <QCoreApplication>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace tier;

class TestConfigFile : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString write(const QString &name, const QByteArray &text)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return {};
        file.write(text);
        return path;
    }

    CommandLineResult parse(const QStringList &arguments)
    {
        return parseCommandLine(QStringList{QStringLiteral("tiermaster")} + arguments);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(!write(QStringLiteral("planet"), "not read here").isEmpty());
    }

    void configGivesTheDefaults()
    {
        const QString planet = m_dir.filePath(QStringLiteral("planet"));
        const QString conf = write(QStringLiteral("a.conf"), "# Tiermaster\n[tiermaster]\n"
                                                             "port = 9995\n"
                                                             "api=0.0.0.0:9996\n"
                                                             "database=sqlite:/srv/tm/controller.db\n"
                                                             "planet=" + planet.toUtf8() + "\n"
                                                             "data-dir=/srv/tm\n"
                                                             "; comment\n"
                                                             "open-root=yes\n"
                                                             "moon=\n");
        const CommandLineResult r = parse({QStringLiteral("--headless"), QStringLiteral("--config"), conf});
        QVERIFY2(!r.exitNow, qPrintable(r.message));
        QCOMPARE(r.options.engine.udpPort, quint16(9995));
        QVERIFY(!r.options.engine.udpPortFallback); // a port was given (in the config)
        QCOMPARE(r.options.engine.apiAddress, QStringLiteral("0.0.0.0"));
        QCOMPARE(r.options.engine.apiPort, quint16(9996));
        QCOMPARE(r.options.engine.databaseUri, QStringLiteral("sqlite:/srv/tm/controller.db"));
        QCOMPARE(r.options.engine.planetFile, planet);
        QCOMPARE(r.options.engine.dataDir, QStringLiteral("/srv/tm"));
        QVERIFY(r.options.engine.openRoot);
        QVERIFY(r.options.engine.moonFiles.isEmpty()); // an empty value is as if absent
        QCOMPARE(r.options.configFile, conf);
    }

    void commandLineFlagsWin()
    {
        const QString conf = write(QStringLiteral("b.conf"), "port=9995\napi=9996\ndata-dir=/srv/tm\n");
        const CommandLineResult r =
            parse({QStringLiteral("--headless"), QStringLiteral("--config"), conf, QStringLiteral("--port"),
                   QStringLiteral("9997"), QStringLiteral("--no-api"), QStringLiteral("--data-dir"),
                   m_dir.filePath(QStringLiteral("d"))});
        QVERIFY2(!r.exitNow, qPrintable(r.message));
        QCOMPARE(r.options.engine.udpPort, quint16(9997));
        QVERIFY(r.options.engine.apiAddress.isEmpty()); // --no-api beats api=
        QCOMPARE(r.options.engine.dataDir, m_dir.filePath(QStringLiteral("d")));

        const QString noApi = write(QStringLiteral("c.conf"), "no-api=true\n");
        const CommandLineResult r2 = parse(
            {QStringLiteral("--headless"), QStringLiteral("--config"), noApi, QStringLiteral("--api"), QStringLiteral("9998")});
        QVERIFY2(!r2.exitNow, qPrintable(r2.message));
        QCOMPARE(r2.options.engine.apiPort, quint16(9998)); // --api beats no-api=
        const CommandLineResult r3 = parse({QStringLiteral("--headless"), QStringLiteral("--config"), noApi});
        QVERIFY(r3.options.engine.apiAddress.isEmpty());
    }

    void portFallbackOnlyWithoutAnyPort()
    {
        QVERIFY(parse({QStringLiteral("--headless")}).options.engine.udpPortFallback);
        QCOMPARE(parse({QStringLiteral("--headless")}).options.engine.udpPort, quint16(9993));
        QVERIFY(!parse({QStringLiteral("--headless"), QStringLiteral("--port"), QStringLiteral("9993")})
                     .options.engine.udpPortFallback);
        const QString empty = write(QStringLiteral("empty.conf"), "port=\n");
        QVERIFY(parse({QStringLiteral("--headless"), QStringLiteral("--config"), empty}).options.engine.udpPortFallback);
    }

    void noApiAndOpenRootParse()
    {
        const CommandLineResult headless = parse({QStringLiteral("--headless")});
        QCOMPARE(headless.options.engine.apiAddress, QStringLiteral("127.0.0.1"));
        QCOMPARE(headless.options.engine.apiPort, quint16(0));
        QVERIFY(!headless.options.engine.openRoot);
        const CommandLineResult off = parse({QStringLiteral("--headless"), QStringLiteral("--no-api")});
        QVERIFY(!off.exitNow);
        QVERIFY(off.options.engine.apiAddress.isEmpty());
        const CommandLineResult both =
            parse({QStringLiteral("--headless"), QStringLiteral("--no-api"), QStringLiteral("--api"), QStringLiteral("1")});
        QVERIFY(both.exitNow);
        QCOMPARE(both.exitCode, 1);
        QVERIFY(parse({QStringLiteral("--headless"), QStringLiteral("--open-root")}).options.engine.openRoot);
        // The window has no API unless asked (its preferences decide).
        QVERIFY(parse({}).options.engine.apiAddress.isEmpty());
    }

    void badConfigsNameFileAndLine_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown key") << QByteArray("port=1\nprot=2\n") << QStringLiteral("line 2: unknown key 'prot'");
        QTest::newRow("no equals") << QByteArray("port 9993\n") << QStringLiteral("line 1: expected key = value");
        QTest::newRow("action") << QByteArray("import=/x\n") << QStringLiteral("line 1: 'import' belongs on the command line");
        QTest::newRow("headless") << QByteArray("headless=true\n") << QStringLiteral("'headless' belongs on the command line");
        QTest::newRow("twice") << QByteArray("port=1\nport=2\n") << QStringLiteral("line 2: 'port' is set twice");
        QTest::newRow("switch value") << QByteArray("no-api=maybe\n") << QStringLiteral("line 1: 'no-api' takes true or false");
        QTest::newRow("bad port") << QByteArray("\nport=99999\n") << QStringLiteral("line 2: --port: \"99999\" is not a port");
        QTest::newRow("bad api") << QByteArray("api=nowhere:x\n") << QStringLiteral("line 1: --api:");
    }

    void badConfigsNameFileAndLine()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, expected);
        const QString conf = write(QStringLiteral("bad.conf"), text);
        const CommandLineResult r = parse({QStringLiteral("--headless"), QStringLiteral("--config"), conf});
        QVERIFY(r.exitNow);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.message.contains(conf), qPrintable(r.message));
        QVERIFY2(r.message.contains(expected), qPrintable(r.message));
    }

    void missingConfigIsAnError()
    {
        const CommandLineResult r = parse({QStringLiteral("--headless"), QStringLiteral("--config"),
                                           m_dir.filePath(QStringLiteral("absent.conf"))});
        QVERIFY(r.exitNow);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.message.contains(QStringLiteral("cannot read")), qPrintable(r.message));
    }
};

QTEST_GUILESS_MAIN(TestConfigFile)
#include "tst_configfile.moc"
