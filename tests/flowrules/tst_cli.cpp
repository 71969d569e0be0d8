// SPDX-License-Identifier: GPL-3.0-or-later
// Runs the built tiermaster-rules over every flow-rules vector: exit 0 and the reference's JSON for
// valid programs, exit 1 and "ERROR parsing FILE line L column C: …" on stderr for rejected ones.
#include "common/vectors.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

class TestRulesCli final : public QObject
{
    Q_OBJECT

private:
    struct Run
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    Run run(const QStringList &args)
    {
        QProcess p;
        p.start(m_tool, args);
        Run r;
        if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit)
            return r;
        r.exitCode = p.exitCode();
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

    QString m_tool;

private slots:
    void initTestCase()
    {
        m_tool = tier::test::binaryDir() + QStringLiteral("/bin/tiermaster-rules");
        QVERIFY2(QFileInfo(m_tool).isExecutable(), qPrintable(m_tool + QStringLiteral(" not built")));
    }

    void vector_data()
    {
        QTest::addColumn<QString>("name");
        QDir dir(tier::test::vectorPath(QStringLiteral("rules")));
        const QStringList files = dir.entryList({QStringLiteral("*.ztrules")}, QDir::Files, QDir::Name);
        QVERIFY(files.size() >= 66);
        for (const QString &f : files)
            QTest::newRow(qPrintable(f)) << f.chopped(8);
    }
    void vector()
    {
        QFETCH(QString, name);
        const QString file = tier::test::vectorPath(QStringLiteral("rules/%1.ztrules").arg(name));
        const QByteArray expectedBytes = tier::test::readVectorFile(QStringLiteral("rules/%1.expected.json").arg(name));
        const QJsonObject expected = QJsonDocument::fromJson(expectedBytes).object();
        const Run r = run({file});
        if (expected.contains(u"error")) {
            const QJsonObject e = expected.value(u"error").toObject();
            QCOMPARE(r.exitCode, 1);
            QVERIFY(r.out.isEmpty());
            const QString prefix = QStringLiteral("ERROR parsing %1 line %2 column %3: ")
                                       .arg(file)
                                       .arg(e.value(u"line").toInt())
                                       .arg(e.value(u"column").toInt());
            QVERIFY2(QString::fromUtf8(r.err).startsWith(prefix), r.err.constData());
            QVERIFY(r.err.endsWith('\n'));
            return;
        }
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.isEmpty(), r.err.constData());
        QCOMPARE(QJsonDocument::fromJson(r.out).object(), expected);
        QCOMPARE(r.out, expectedBytes);
    }

    void unreadableFile()
    {
        const Run r = run({QStringLiteral("/nonexistent/rules.ztrules")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.isEmpty());
        QVERIFY(r.err.startsWith("ERROR"));
    }

    void usage()
    {
        const Run r = run({});
        QVERIFY(r.exitCode != 0);
        QVERIFY(r.err.contains("Usage"));
    }
};

QTEST_GUILESS_MAIN(TestRulesCli)
#include "tst_cli.moc"
