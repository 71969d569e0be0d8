// SPDX-License-Identifier: GPL-3.0-or-later
// Moving a real zerotier-one 1.14.1 controller in and back out (issue 18), with the program as a user runs
// it: tests/data/vectors/zerotier-home was written by the real embedded controller (its README lists what
// is in it). Import it, check every field against its JSON files, export it and compare the files with the
// originals (JSON semantics), import the export again, change something through the API and find it in the
// next export, and let the real member M (lab-member.secret) fetch its config from the imported data: it
// keeps its IP without a new authorization.
#include "apptestsupport.h"
#include "core/controller/controllerjson.h"
#include "core/controller/networkcontroller.h"
#include "core/node/simulatedmember.h"
#include "core/store/controlleridentityrepository.h"
#include "core/store/database.h"
#include "node/nodetestsupport.h"

#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace tier;

namespace {

constexpr quint64 kOffice = 0x21842fbe09662d8dULL;

QString home()
{
    return test::vectorsDir() + QStringLiteral("/zerotier-home");
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QJsonObject readJson(const QString &path)
{
    return QJsonDocument::fromJson(readAll(path)).object();
}

/// Every JSON file under <folder>/controller.d, by path relative to folder.
QMap<QString, QJsonObject> controllerFiles(const QString &folder)
{
    QMap<QString, QJsonObject> out;
    QDirIterator it(folder + QStringLiteral("/controller.d"), {QStringLiteral("*.json")}, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        out.insert(QDir(folder).relativeFilePath(path), readJson(path));
    }
    return out;
}

/// The controller in a database rendered as the files a zerotier-one home holds (ControllerJson's stored form,
/// independent of the exporter), by the same relative paths.
QMap<QString, QJsonObject> controllerAsFiles(const QString &databasePath)
{
    QMap<QString, QJsonObject> out;
    Database db(QStringLiteral("check"));
    if (!db.open(DatabaseUri::sqliteFile(databasePath)).ok())
        return out;
    auto identity = ControllerIdentityRepository(db).load();
    if (!identity || !identity->has_value())
        return out;
    NetworkController controller(db, **identity, nullptr, [] { return QDateTime::currentMSecsSinceEpoch(); });
    if (!controller.load().ok())
        return out;
    for (const NetworkDetails &network : controller.networks()) {
        const QString nwid = networkIdToString(network.id);
        out.insert(QStringLiteral("controller.d/network/%1.json").arg(nwid),
                   ControllerJson::networkToJson(network, ControllerJson::Form::Stored));
        for (const MemberInfo &m : controller.members(network.id))
            out.insert(QStringLiteral("controller.d/network/%1/member/%2.json").arg(nwid, m.address.toString()),
                       ControllerJson::memberToJson(m, ControllerJson::Form::Stored));
    }
    return out;
}

/// Differences between two sets of files, key by key: empty when equal in content.
QStringList differences(const QMap<QString, QJsonObject> &expected, const QMap<QString, QJsonObject> &actual)
{
    QStringList out;
    for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
        if (!actual.contains(it.key())) {
            out << QStringLiteral("%1: missing").arg(it.key());
            continue;
        }
        const QJsonObject a = actual.value(it.key());
        QSet<QString> keys;
        for (const QString &k : it.value().keys())
            keys.insert(k);
        for (const QString &k : a.keys())
            keys.insert(k);
        for (const QString &k : std::as_const(keys)) {
            if (it.value().value(k) == a.value(k))
                continue;
            const auto text = [](const QJsonObject &o, const QString &key) {
                if (!o.contains(key))
                    return QStringLiteral("<absent>");
                return QString::fromUtf8(QJsonDocument(QJsonArray{o.value(key)}).toJson(QJsonDocument::Compact));
            };
            out << QStringLiteral("%1 %2: expected %3, got %4").arg(it.key(), k, text(it.value(), k), text(a, k));
        }
    }
    for (auto it = actual.cbegin(); it != actual.cend(); ++it) {
        if (!expected.contains(it.key()))
            out << QStringLiteral("%1: not in the original").arg(it.key());
    }
    return out;
}

} // namespace

class TestZeroTierHome : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_temp;
    QList<Identity> m_ids;
    std::unique_ptr<Node> m_root;
    World m_planet;
    QString m_planetFile;
    QString m_imported; ///< data dir holding the import (made by importWritesEveryField)

    QString path(const QString &name) const { return m_temp.filePath(name); }

    void importInto(const QString &source, const QString &dataDir)
    {
        const test::ProgramRun run = test::runProgram(
            m_temp.path(), {QStringLiteral("--import"), source, QStringLiteral("--data-dir"), dataDir});
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(crypto::initialize());
        QVERIFY(m_temp.isValid());
        QVERIFY2(QFileInfo(test::tiermasterBinary()).isExecutable(), "tiermaster is not built");
        QVERIFY2(QFileInfo::exists(home() + QStringLiteral("/identity.secret")), qPrintable(home()));
        m_ids = test::loadIdentities(4);
        QCOMPARE(m_ids.size(), 4);
        m_root = std::make_unique<Node>(m_ids[0], test::loopbackOptions(NodeOptions::Role::Root));
        QVERIFY(m_root->start().ok());
        m_planet = test::makePlanet(m_ids[0], m_root->localPort(), m_ids[3]);
        m_planetFile = path(QStringLiteral("private.planet"));
        QFile planet(m_planetFile);
        QVERIFY(planet.open(QIODevice::WriteOnly));
        planet.write(m_planet.toBytes());
    }

    void dryRunReportsTheWholeHome()
    {
        const QString empty = path(QStringLiteral("dry"));
        const test::ProgramRun run =
            test::runProgram(m_temp.path(), {QStringLiteral("--import"), home(), QStringLiteral("--dry-run"),
                                             QStringLiteral("--data-dir"), empty});
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        QVERIFY2(run.out.contains(QStringLiteral("Controller: 21842fbe09")), qPrintable(run.out));
        QVERIFY2(run.out.contains(QStringLiteral("Networks: 6, members: 17 (13 authorized)")), qPrintable(run.out));
        QVERIFY2(!run.out.contains(QStringLiteral("Errors")), qPrintable(run.out));
        QVERIFY2(run.out.contains(QStringLiteral("Result: can be imported.")), qPrintable(run.out));
        QVERIFY(!QFileInfo::exists(empty + QStringLiteral("/controller.db")));
    }

    // Every network and member file, rendered back from the database, equals the original in content: every
    // field, including lastAuthorizedCredentialType ("public" for M on the public network), members without a
    // "name" key, authenticationExpiryTime, action rules without not/or, [null] authTokens and [] dns.
    void importWritesEveryField()
    {
        m_imported = path(QStringLiteral("imported"));
        importInto(home(), m_imported);
        const QString db = m_imported + QStringLiteral("/controller.db");
        const QMap<QString, QJsonObject> original = controllerFiles(home());
        QCOMPARE(original.size(), 6 + 17);
        const QStringList diff = differences(original, controllerAsFiles(db));
        QVERIFY2(diff.isEmpty(), qPrintable(diff.join(u'\n')));

        // The controller identity moved with its networks (every ID starts with its address).
        Database check(QStringLiteral("identity"));
        QVERIFY(check.open(DatabaseUri::sqliteFile(db)).ok());
        auto identity = ControllerIdentityRepository(check).load();
        QVERIFY(identity && identity->has_value());
        QCOMPARE((*identity)->toString(true),
                 QString::fromLatin1(readAll(home() + QStringLiteral("/identity.secret"))).trimmed());
    }

    // --export writes what the real 1.14 wrote: the same files with the same content, the identity included.
    void exportEqualsTheOriginals()
    {
        QVERIFY(!m_imported.isEmpty());
        const QString out = path(QStringLiteral("exported"));
        const test::ProgramRun run = test::runProgram(
            m_temp.path(), {QStringLiteral("--export"), out, QStringLiteral("--data-dir"), m_imported});
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        const QStringList diff = differences(controllerFiles(home()), controllerFiles(out));
        QVERIFY2(diff.isEmpty(), qPrintable(diff.join(u'\n')));
        for (const QString &name : {QStringLiteral("identity.secret"), QStringLiteral("identity.public")})
            QCOMPARE(readAll(out + u'/' + name).trimmed(), readAll(home() + u'/' + name).trimmed());
        QCOMPARE(QFile(out + QStringLiteral("/identity.secret")).permissions() & 0x0077, QFileDevice::Permissions());

        // Export → import gives back the same controller.
        const QString again = path(QStringLiteral("reimported"));
        importInto(out, again);
        const QStringList same = differences(controllerAsFiles(m_imported + QStringLiteral("/controller.db")),
                                             controllerAsFiles(again + QStringLiteral("/controller.db")));
        QVERIFY2(same.isEmpty(), qPrintable(same.join(u'\n')));
    }

    // Served from the imported data: the API shows the reference's values, a change made through it shows up
    // in the next export (and nothing else changes), and the real member M, authorized in the original, gets
    // its config with its old IP at once, without a new authorization.
    void servedImportKeepsMembersAndExportsApiChanges()
    {
        QVERIFY(!m_imported.isEmpty());
        const QString dataDir = path(QStringLiteral("served"));
        importInto(home(), dataDir);
        QProcess process;
        const auto ready =
            test::startHeadlessProgram(process, m_temp.path(),
                                       {QStringLiteral("--data-dir"), dataDir, QStringLiteral("--planet"), m_planetFile,
                                        QStringLiteral("--port"), QStringLiteral("0")});
        QVERIFY(ready.hasMatch());
        QCOMPARE(ready.captured(u"address"), QStringLiteral("21842fbe09"));
        const QString api = ready.captured(u"api");
        const QByteArray token = readAll(dataDir + QStringLiteral("/authtoken.secret")).trimmed();

        const auto publicMember =
            test::apiCall(api, QStringLiteral("/controller/network/21842fbe09b1f520/member/1797d4487f"), token);
        QCOMPARE(publicMember.first, 200);
        const QJsonObject m = QJsonDocument::fromJson(publicMember.second).object();
        QCOMPARE(m.value(QStringLiteral("lastAuthorizedCredentialType")).toString(), QStringLiteral("public"));
        QVERIFY(m.contains(QStringLiteral("authenticationExpiryTime")));

        const auto changed =
            test::apiCall(api, QStringLiteral("/controller/network/21842fbe09662d8d/member/e1e1e1e105"), token,
                          QByteArray(R"J({"authorized":true,"name":"tablet (approved)"})J"));
        QVERIFY2(changed.first == 200, changed.second.constData());

        // M (the lab member) asks for the office config through the test's root.
        const Identity member = *Identity::fromString(
            QString::fromLatin1(test::readVectorFile(QStringLiteral("lab/lab-member.secret"))).trimmed());
        QCOMPARE(member.address().toString(), QStringLiteral("1797d4487f"));
        const QJsonObject before =
            readJson(home() + QStringLiteral("/controller.d/network/21842fbe09662d8d/member/1797d4487f.json"));
        NodeOptions options = test::loopbackOptions();
        SimulatedMember::applyMemberDefaults(options);
        Node memberNode(member, options);
        memberNode.setWorlds(m_planet);
        SimulatedMember simulated(&memberNode, kOffice);
        QVERIFY(memberNode.start().ok());
        QTRY_VERIFY_WITH_TIMEOUT(m_root->peer(Address::fromString(QStringLiteral("21842fbe09")).value()) != nullptr,
                                 15000);
        simulated.join();
        QTRY_VERIFY_WITH_TIMEOUT(simulated.config().has_value(), 20000);
        QStringList ips;
        for (const InetAddress &ip : simulated.config()->staticIps)
            ips << ip.toString();
        QVERIFY2(ips.contains(QStringLiteral("10.20.0.58/23")), qPrintable(ips.join(u' ')));
        const auto office =
            test::apiCall(api, QStringLiteral("/controller/network/21842fbe09662d8d/member/1797d4487f"), token);
        const QJsonObject served = QJsonDocument::fromJson(office.second).object();
        QCOMPARE(served.value(QStringLiteral("lastAuthorizedTime")),
                 before.value(QStringLiteral("lastAuthorizedTime")));
        QCOMPARE(served.value(QStringLiteral("ipAssignments")), before.value(QStringLiteral("ipAssignments")));
        memberNode.stop();
        QCOMPARE(test::stopProgram(process), 0);

        const QString out = path(QStringLiteral("exported-after-api"));
        const test::ProgramRun run =
            test::runProgram(m_temp.path(), {QStringLiteral("--export"), out, QStringLiteral("--data-dir"), dataDir});
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        const QString tablet = QStringLiteral("controller.d/network/21842fbe09662d8d/member/e1e1e1e105.json");
        const QJsonObject exported = readJson(out + u'/' + tablet);
        QCOMPARE(exported.value(QStringLiteral("authorized")).toBool(), true);
        QCOMPARE(exported.value(QStringLiteral("name")).toString(), QStringLiteral("tablet (approved)"));
        QCOMPARE(exported.value(QStringLiteral("lastAuthorizedCredentialType")).toString(), QStringLiteral("api"));
        QVERIFY(exported.value(QStringLiteral("lastAuthorizedTime")).toDouble() > 0);
        // Every other file is still the original (M's version fields were already 1.14.1).
        QMap<QString, QJsonObject> originals = controllerFiles(home());
        QMap<QString, QJsonObject> now = controllerFiles(out);
        originals.remove(tablet);
        now.remove(tablet);
        const QString mOffice = QStringLiteral("controller.d/network/21842fbe09662d8d/member/1797d4487f.json");
        // M's request may be recorded (revision); everything a 1.14 reads back for it stays.
        for (const QString &key : {QStringLiteral("revision")}) {
            originals[mOffice].remove(key);
            now[mOffice].remove(key);
        }
        const QStringList diff = differences(originals, now);
        QVERIFY2(diff.isEmpty(), qPrintable(diff.join(u'\n')));
    }

    // The old controller's API token comes along when the target has none, so web UIs keep working; an
    // existing token is never replaced. Both are said in the output.
    void apiTokenIsCarriedOverOnlyIntoAnEmptyDataDir()
    {
        const QString withToken = path(QStringLiteral("home-with-token"));
        QVERIFY(QDir().mkpath(withToken));
        QDirIterator it(home(), QDir::AllEntries | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString from = it.next();
            const QString to = withToken + u'/' + QDir(home()).relativeFilePath(from);
            QVERIFY(it.fileInfo().isDir() ? QDir().mkpath(to) : QFile::copy(from, to));
        }
        QFile token(withToken + QStringLiteral("/authtoken.secret"));
        QVERIFY(token.open(QIODevice::WriteOnly));
        token.write("oldcontrollertoken0000001\n");
        token.close();

        const QString fresh = path(QStringLiteral("token-fresh"));
        const test::ProgramRun dry =
            test::runProgram(m_temp.path(), {QStringLiteral("--import"), withToken, QStringLiteral("--dry-run"),
                                             QStringLiteral("--data-dir"), fresh});
        QVERIFY2(dry.out.contains(QStringLiteral("will be copied to")), qPrintable(dry.out));
        QVERIFY(!QFileInfo::exists(fresh + QStringLiteral("/authtoken.secret")));
        const test::ProgramRun run = test::runProgram(
            m_temp.path(), {QStringLiteral("--import"), withToken, QStringLiteral("--data-dir"), fresh});
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        QVERIFY2(run.out.contains(QStringLiteral("was copied to")), qPrintable(run.out));
        QCOMPARE(readAll(fresh + QStringLiteral("/authtoken.secret")), QByteArray("oldcontrollertoken0000001"));
        QCOMPARE(QFile(fresh + QStringLiteral("/authtoken.secret")).permissions() & 0x0077, QFileDevice::Permissions());

        const QString kept = path(QStringLiteral("token-kept"));
        QVERIFY(QDir().mkpath(kept));
        QFile existing(kept + QStringLiteral("/authtoken.secret"));
        QVERIFY(existing.open(QIODevice::WriteOnly));
        existing.write("ownToken");
        existing.close();
        const test::ProgramRun second = test::runProgram(
            m_temp.path(), {QStringLiteral("--import"), withToken, QStringLiteral("--data-dir"), kept});
        QVERIFY2(second.exitCode == 0, qPrintable(second.out + second.err));
        QVERIFY2(second.out.contains(QStringLiteral("already exists and is kept")), qPrintable(second.out));
        QCOMPARE(readAll(kept + QStringLiteral("/authtoken.secret")), QByteArray("ownToken"));
    }
};

QTEST_GUILESS_MAIN(TestZeroTierHome)
#include "tst_zerotierhome.moc"
