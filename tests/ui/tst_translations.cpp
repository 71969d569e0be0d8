// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/vectors.h"
#include "core/controller/networkvalidation.h"
#include "core/models/networklistmodel.h"
#include "core/service/engineclient.h"
#include "ui/mainwindow.h"
#include "ui/translations.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLibraryInfo>
#include <QMenu>
#include <QProcess>
#include <QSet>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

namespace {

struct Catalogue
{
    QSet<QString> keys;       // "context\nsource"
    QStringList untranslated; // sources without a finished translation
};

Catalogue readCatalogue(const QString &path)
{
    Catalogue catalogue;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return catalogue;
    QXmlStreamReader xml(&file);
    QString context;
    QString source;
    bool hasText = false;
    bool finished = true;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            if (xml.name() == u"name") {
                context = xml.readElementText();
            } else if (xml.name() == u"message") {
                source.clear();
                hasText = false;
                finished = true;
            } else if (xml.name() == u"source") {
                source = xml.readElementText();
            } else if (xml.name() == u"translation") {
                const QString type = xml.attributes().value(QLatin1String("type")).toString();
                finished = type.isEmpty();
                // Numerus forms are child elements; plain translations are text.
                hasText = !xml.readElementText(QXmlStreamReader::IncludeChildElements).trimmed().isEmpty();
            }
        } else if (xml.isEndElement() && xml.name() == u"message") {
            catalogue.keys.insert(context + u'\n' + source);
            if (!finished || !hasText)
                catalogue.untranslated << source;
        }
    }
    return catalogue;
}

QString germanCatalogue()
{
    return tier::test::sourceDir() + QStringLiteral("/translations/tiermaster_de.ts");
}

} // namespace

class TestTranslations final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void germanWindow();
    void germanCatalogueIsComplete();
    void germanCatalogueMatchesSources();
};

void TestTranslations::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setApplicationName(QStringLiteral("tiermaster-test-translations"));
}

void TestTranslations::germanWindow()
{
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    tier::installTranslations(*qApp);

    tier::EngineClient engine;
    tier::MainWindow window(&engine);
    auto *fileMenu = window.findChild<QMenu *>(QStringLiteral("fileMenu"));
    QVERIFY(fileMenu);
    QCOMPARE(fileMenu->title(), QStringLiteral("&Datei"));
    QCOMPARE(window.findChild<QMenu *>(QStringLiteral("helpMenu"))->title(), QStringLiteral("&Hilfe"));
    QCOMPARE(window.findChild<QLabel *>(QStringLiteral("engineStateLabel"))->text(),
             QStringLiteral("Engine angehalten"));
    // The models' texts come from the same catalogue.
    auto *table = window.findChild<QTableView *>(QStringLiteral("networkTable"));
    QCOMPARE(table->model()->headerData(tier::NetworkListModel::MembersColumn, Qt::Horizontal).toString(),
             QStringLiteral("Mitglieder"));
    QCOMPARE(tier::NetworkListModel::tr("%n member(s) waiting for authorization", nullptr, 3),
             QStringLiteral("3 Mitglieder warten auf Autorisierung"));
    QCOMPARE(tier::NetworkListModel::tr("%n member(s) waiting for authorization", nullptr, 1),
             QStringLiteral("1 Mitglied wartet auf Autorisierung"));
    // The validator's findings: the window translates them, the API and reports keep the English.
    tier::NetworkSettings settings;
    settings.v4AssignZt = true;
    const QList<tier::NetworkFinding> warnings = tier::NetworkValidator::warnings(settings);
    QCOMPARE(warnings.size(), 1);
    QCOMPARE(warnings.first().text(), QStringLiteral("Die automatische IPv4-Vergabe ist an, aber es gibt keinen "
                                                     "IPv4-Pool, aus dem Adressen vergeben werden können."));
    QCOMPARE(warnings.first().message(),
             QStringLiteral("IPv4 auto-assign is on, but there is no IPv4 pool to assign addresses from."));
}

void TestTranslations::germanCatalogueIsComplete()
{
    const Catalogue catalogue = readCatalogue(germanCatalogue());
    QVERIFY2(!catalogue.keys.isEmpty(), qPrintable(germanCatalogue()));
    QVERIFY2(catalogue.untranslated.isEmpty(), qPrintable(catalogue.untranslated.join(QStringLiteral(" | "))));
}

void TestTranslations::germanCatalogueMatchesSources()
{
    // Like a stale-.ts check in CI: extracting the strings again must give exactly the catalogue's.
    const QString lupdate = QLibraryInfo::path(QLibraryInfo::BinariesPath) + QStringLiteral("/lupdate");
    if (!QFileInfo(lupdate).isExecutable())
        QSKIP("lupdate not installed");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString fresh = dir.filePath(QStringLiteral("fresh_de.ts"));
    const QString root = tier::test::sourceDir();
    // -I lets lupdate see the class declarations, so contexts carry their namespace (tier::...).
    QStringList arguments{QStringLiteral("-silent"), QStringLiteral("-locations"), QStringLiteral("none"),
                          QStringLiteral("-I"), root};
    const QList<QPair<QString, QStringList>> folders{
        {QStringLiteral("ui"), {QStringLiteral("*.cpp"), QStringLiteral("*.h"), QStringLiteral("*.ui")}},
        {QStringLiteral("core/models"), {QStringLiteral("*.cpp"), QStringLiteral("*.h")}},
    };
    for (const auto &[folder, patterns] : folders) {
        const QDir source(root + u'/' + folder);
        for (const QString &name : source.entryList(patterns, QDir::Files, QDir::Name))
            arguments << source.filePath(name);
    }
    arguments << QStringLiteral("-ts") << fresh;
    QProcess process;
    process.start(lupdate, arguments);
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitCode(), 0);

    const Catalogue extracted = readCatalogue(fresh);
    const Catalogue committed = readCatalogue(germanCatalogue());
    QVERIFY(!extracted.keys.isEmpty());
    // Only the UI's and the models' contexts are compared: the app's wiring (also in the catalogue)
    // changes in other hands, and its completeness is checked by germanCatalogueIsComplete.
    QSet<QString> contexts;
    for (const QString &key : extracted.keys)
        contexts.insert(key.section(u'\n', 0, 0));
    QSet<QString> ours;
    for (const QString &key : committed.keys) {
        if (contexts.contains(key.section(u'\n', 0, 0)))
            ours.insert(key);
    }
    const QSet<QString> missing = extracted.keys - ours;
    const QSet<QString> stale = ours - extracted.keys;
    QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("run the update_translations target; new: ") +
                                           QStringList(missing.cbegin(), missing.cend()).join(u'|')));
    QVERIFY2(stale.isEmpty(), qPrintable(QStringLiteral("run the update_translations target; gone: ") +
                                         QStringList(stale.cbegin(), stale.cend()).join(u'|')));
}

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
