// SPDX-License-Identifier: GPL-3.0-or-later
// Every flow-rules vector (tests/data/vectors/rules, made by ZeroTier 1.14.1's own compiler): valid
// programs compile to exactly the expected object, rejected ones fail at the same line and column.
// Then the property: compiled rules encode to the wire form and decode back equal.
#include "common/vectors.h"
#include "core/flowrules/compiler.h"
#include "core/protocol/rules.h"

#include <QDir>
#include <QStringDecoder>
#include <QTest>

using namespace tier;
using namespace tier::flowrules;

class TestFlowRulesVectors final : public QObject
{
    Q_OBJECT

private:
    static QStringList cases()
    {
        QDir dir(test::vectorPath(QStringLiteral("rules")));
        QStringList names;
        for (const QString &f : dir.entryList({QStringLiteral("*.ztrules")}, QDir::Files, QDir::Name))
            names.append(f.chopped(8));
        return names;
    }
    static QString source(const QString &name)
    {
        return QStringDecoder(QStringDecoder::Utf8)
            .decode(test::readVectorFile(QStringLiteral("rules/%1.ztrules").arg(name)));
    }

private slots:
    void allVectorsPresent() { QVERIFY2(cases().size() >= 66, qPrintable(QString::number(cases().size()))); }

    void vector_data()
    {
        QTest::addColumn<QString>("name");
        for (const QString &name : cases())
            QTest::newRow(qPrintable(name)) << name;
    }
    void vector()
    {
        QFETCH(QString, name);
        const QByteArray expectedBytes = test::readVectorFile(QStringLiteral("rules/%1.expected.json").arg(name));
        const QJsonObject expected = QJsonDocument::fromJson(expectedBytes).object();
        QVERIFY(!expected.isEmpty());
        const CompileResult result = compileRules(source(name));
        if (expected.contains(u"error")) {
            const QJsonObject e = expected.value(u"error").toObject();
            QVERIFY2(!result.ok(), "the reference compiler rejects this program");
            QCOMPARE(result.error().line, e.value(u"line").toInt());
            QCOMPARE(result.error().column, e.value(u"column").toInt());
            QVERIFY(!result.error().message.isEmpty());
            return;
        }
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().toString()));
        const QByteArray cli = result.rules().toCliJson();
        QCOMPARE(QJsonDocument::fromJson(cli).object(), expected);
        // The layout is the reference's too (JSON.stringify with one space of indent).
        QCOMPARE(cli, expectedBytes);
        // The object accessors agree with the CLI form.
        const QJsonObject config = expected.value(u"config").toObject();
        QCOMPARE(result.rules().rulesJson(), config.value(u"rules").toArray());
        QCOMPARE(result.rules().capabilitiesJson(), config.value(u"capabilities").toArray());
        QCOMPARE(result.rules().tagsJson(), config.value(u"tags").toArray());
    }

    // Property: what the compiler makes of every vector is a rule set the wire codec carries
    // unchanged. Entries the reference itself makes loosely (source text kept as an address,
    // length -1) are not wire rules; those rule sets are counted and must stay a minority.
    void compiledRulesSurviveTheWire()
    {
        int checked = 0;
        int loose = 0;
        for (const QString &name : cases()) {
            const CompileResult result = compileRules(source(name));
            if (!result.ok())
                continue;
            QList<QJsonArray> sets{result.rules().rulesJson()};
            for (const QJsonValue &cap : result.rules().capabilitiesJson())
                sets.append(cap.toObject().value(u"rules").toArray());
            for (const QJsonArray &set : sets) {
                const auto rules = rulesFromJson(set);
                if (!rules) {
                    ++loose;
                    continue;
                }
                QCOMPARE(rules->size(), set.size());
                const QByteArray wire = encodeRules(*rules);
                const auto decoded = decodeRules(wire);
                QVERIFY2(decoded.ok(), qPrintable(name));
                QCOMPARE(*decoded, *rules);
                // And the decoded rules say what the compiler said, field for field.
                for (qsizetype i = 0; i < set.size(); ++i) {
                    const QJsonObject compiled = set.at(i).toObject();
                    const QJsonObject back = decoded->at(i).toJson().value_or(QJsonObject());
                    for (auto it = compiled.begin(); it != compiled.end(); ++it) {
                        if (it.key() == u"ip")
                            continue; // the wire form normalises the address text
                        if (it.key() == u"length" && it.value() == QJsonValue(-1)) {
                            QCOMPARE(back.value(it.key()), QJsonValue(0xffff)); // "no limit" in 16 bits
                            continue;
                        }
                        QVERIFY2(back.value(it.key()) == it.value(),
                                 qPrintable(name + u": " + it.key()));
                    }
                }
                ++checked;
            }
        }
        qInfo("%d rule sets round-tripped, %d kept loose as the reference writes them", checked, loose);
        QVERIFY(checked > 3 * loose);
    }
};

QTEST_APPLESS_MAIN(TestFlowRulesVectors)
#include "tst_vectors.moc"
