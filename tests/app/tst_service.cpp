// SPDX-License-Identifier: GPL-3.0-or-later
// The program as the system service runs it (INTERFACE.md "System service"): `--config FILE` end to end,
// and life beside zerotier-one on one host: when no port was given anywhere and UDP 9993 is taken, it
// serves on 9994 and says so in the log and in /status; a port that was given and is taken stays an error.
#include "apptestsupport.h"
#include "node/nodetestsupport.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QUdpSocket>
#include <QtTest>

using namespace tier;

class TestService : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_temp;
    std::unique_ptr<Node> m_root;
    QString m_planetFile;

    QString writeConfig(const QString &name, const QByteArray &text)
    {
        const QString path = m_temp.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write(text);
        return path;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(crypto::initialize());
        QVERIFY(m_temp.isValid());
        QVERIFY2(QFileInfo(test::tiermasterBinary()).isExecutable(), "tiermaster is not built");
        const QList<Identity> ids = test::loadIdentities(4);
        QCOMPARE(ids.size(), 4);
        m_root = std::make_unique<Node>(ids[0], test::loopbackOptions(NodeOptions::Role::Root));
        QVERIFY(m_root->start().ok());
        m_planetFile = m_temp.filePath(QStringLiteral("private.planet"));
        QFile planet(m_planetFile);
        QVERIFY(planet.open(QIODevice::WriteOnly));
        planet.write(test::makePlanet(ids[0], m_root->localPort(), ids[3]).toBytes());
    }

    // The unit's way: settings from the file, the command line's own flags on top.
    void configFileSetsTheRun()
    {
        const QString dataDir = m_temp.filePath(QStringLiteral("configured"));
        const QString conf = writeConfig(QStringLiteral("tiermaster.conf"),
                                         "# as /etc/tiermaster/tiermaster.conf\nport=0\nno-api=true\nplanet=" +
                                             m_planetFile.toUtf8() + "\ndatabase=\n");
        QProcess process;
        const auto ready = test::startHeadlessProgram(
            process, m_temp.path(), {QStringLiteral("--config"), conf, QStringLiteral("--data-dir"), dataDir});
        QVERIFY(ready.hasMatch());
        QVERIFY(ready.captured(u"port").toUInt() != 0);
        QCOMPARE(ready.captured(u"api"), QStringLiteral("off"));
        QVERIFY(QFileInfo::exists(dataDir + QStringLiteral("/controller.db")));
        QCOMPARE(test::stopProgram(process), 0);

        const test::ProgramRun bad =
            test::runProgram(m_temp.path(), {QStringLiteral("--headless"), QStringLiteral("--config"),
                                             writeConfig(QStringLiteral("bad.conf"), "port=0\nlisten=1\n")});
        QCOMPARE(bad.exitCode, 1);
        QVERIFY2(bad.err.contains(QStringLiteral("bad.conf line 2: unknown key 'listen'")), qPrintable(bad.err));
    }

    void takenDefaultPortFallsBackTo9994()
    {
        // Another program (a zerotier-one member) holds UDP and TCP 9993. If something on this machine already
        // does, that serves as well.
        QUdpSocket udp;
        QTcpServer tcp;
        const bool heldUdp = udp.bind(QHostAddress::Any, 9993, QUdpSocket::DontShareAddress);
        const bool heldTcp = tcp.listen(QHostAddress::Any, 9993);
        QUdpSocket probe;
        QVERIFY2(!probe.bind(QHostAddress::Any, 9993, QUdpSocket::DontShareAddress), "UDP 9993 is not taken");
        {
            QUdpSocket free9994;
            if (!free9994.bind(QHostAddress::Any, 9994, QUdpSocket::DontShareAddress))
                QSKIP("UDP 9994 is taken on this machine: the fallback cannot be shown here");
        }
        qInfo() << "9993 held by this test: UDP" << heldUdp << "TCP" << heldTcp;

        const QString dataDir = m_temp.filePath(QStringLiteral("beside"));
        QProcess process;
        const auto ready = test::startHeadlessProgram(
            process, m_temp.path(),
            {QStringLiteral("--data-dir"), dataDir, QStringLiteral("--planet"), m_planetFile});
        QVERIFY(ready.hasMatch());
        QCOMPARE(ready.captured(u"port"), QStringLiteral("9994"));
        const QByteArray token = [&] {
            QFile file(dataDir + QStringLiteral("/authtoken.secret"));
            return file.open(QIODevice::ReadOnly) ? file.readAll().trimmed() : QByteArray();
        }();
        const auto status = test::apiCall(ready.captured(u"api"), QStringLiteral("/status"), token);
        QCOMPARE(status.first, 200);
        const QJsonObject o = QJsonDocument::fromJson(status.second).object();
        QCOMPARE(o.value(QStringLiteral("portFallback")).toBool(), true);
        QCOMPARE(o.value(QStringLiteral("config")).toObject().value(QStringLiteral("settings")).toObject().value(
                     QStringLiteral("primaryPort")),
                 QJsonValue(9994));
        QCOMPARE(test::stopProgram(process), 0);
        const QString log = QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(log.contains(QStringLiteral("UDP port 9993 is taken")) && log.contains(QStringLiteral("9994")),
                 qPrintable(log));

        // A port that was given (flag or config) and is taken stays an error.
        const test::ProgramRun flag = test::runProgram(
            m_temp.path(), {QStringLiteral("--headless"), QStringLiteral("--data-dir"), dataDir,
                            QStringLiteral("--planet"), m_planetFile, QStringLiteral("--port"), QStringLiteral("9993")});
        QCOMPARE(flag.exitCode, 1);
        QVERIFY2(flag.err.contains(QStringLiteral("9993")), qPrintable(flag.err));
        const QString conf = writeConfig(QStringLiteral("port.conf"), "port=9993\n");
        const test::ProgramRun config = test::runProgram(
            m_temp.path(), {QStringLiteral("--headless"), QStringLiteral("--config"), conf, QStringLiteral("--data-dir"),
                            dataDir, QStringLiteral("--planet"), m_planetFile});
        QCOMPARE(config.exitCode, 1);
        QVERIFY2(config.err.contains(QStringLiteral("cannot use UDP port 9993")), qPrintable(config.err));
    }
};

QTEST_GUILESS_MAIN(TestService)
#include "tst_service.moc"
