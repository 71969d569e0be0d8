// SPDX-License-Identifier: GPL-3.0-or-later
// A member's tags and capabilities chosen by name (MemberCredentialsEditor): enum names, flag boxes,
// capabilities by name, and a value set in the UI reaching the engine and the member's record.
#include "common/enginetesting.h"
#include "common/vectors.h"
#include "core/crypto/primitives.h"
#include "core/flowrules/compiler.h"
#include "core/service/engineclient.h"
#include "ui/membercredentialseditor.h"
#include "ui/memberdetailpanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace tier;

namespace {

NetworkSettings compiledSettings()
{
    NetworkSettings s;
    s.rulesSource = QStringLiteral("tag department id 1000 enum 100 sales enum 400 engineering default sales;\n"
                                   "tag perms id 7 flag 0 read flag 1 write flag read,write rw;\n"
                                   "cap ssh id 20 accept dport 22; ;\ncap web id 21 accept dport 80; ;\naccept;\n");
    const auto r = flowrules::compileRules(s.rulesSource);
    auto compact = [](const QJsonArray &a) { return QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact)); };
    s.rulesJson = compact(r.rules().rulesJson());
    s.capabilitiesJson = compact(r.rules().capabilitiesJson());
    s.tagsJson = compact(r.rules().tagsJson());
    return s;
}

} // namespace

class TestMemberCredentials final : public QObject
{
    Q_OBJECT

private slots:
    void choosesByName()
    {
        MemberCredentialsEditor editor;
        editor.setNetwork(compiledSettings());
        MemberInfo m;
        m.tags = {{7, 2}, {1000, 100}};
        m.capabilities = {21};
        editor.setMember(m);
        QVERIFY(editor.hasDefinitions());
        QComboBox *department = editor.tagCombo(1000);
        QVERIFY(department);
        QCOMPARE(department->currentText(), QStringLiteral("sales (100)"));
        QVERIFY(editor.tagFlag(7, QStringLiteral("write"))->isChecked());
        QVERIFY(!editor.tagFlag(7, QStringLiteral("read"))->isChecked());
        QVERIFY(!editor.tagFlag(7, QStringLiteral("rw"))); // a combination, not a box
        QVERIFY(editor.capabilityCheck(21)->isChecked());
        QVERIFY(editor.capabilityCheck(20)->text().contains(QStringLiteral("ssh")));

        QSignalSpy edited(&editor, &MemberCredentialsEditor::edited);
        department->setCurrentIndex(department->findText(QStringLiteral("engineering (400)")));
        editor.tagFlag(7, QStringLiteral("read"))->setChecked(true);
        editor.capabilityCheck(20)->setChecked(true);
        editor.capabilityCheck(21)->setChecked(false);
        QCOMPARE(edited.count(), 4);
        const MemberUpdate u = editor.update();
        QCOMPARE(*u.tags, (QList<QPair<quint32, quint32>>{{7, 3}, {1000, 400}}));
        QCOMPARE(*u.capabilities, QList<quint32>{20});
        QVERIFY(!u.authorized && !u.name);

        // "(not set)" leaves the tag out; a value outside the enums is kept and shown as a number.
        department->setCurrentIndex(0);
        QCOMPARE(*editor.update().tags, (QList<QPair<quint32, quint32>>{{7, 3}}));
        m.tags = {{1000, 999}};
        editor.setMember(m);
        QCOMPARE(editor.tagCombo(1000)->currentData().toLongLong(), 999);
    }

    void withoutSourceShowsIds()
    {
        NetworkSettings s;
        s.tagsJson = QStringLiteral(R"([{"id":5,"default":null}])");
        s.capabilitiesJson = QStringLiteral(R"([{"id":9,"default":false,"rules":[]}])");
        MemberCredentialsEditor editor;
        editor.setNetwork(s);
        QVERIFY(editor.tagCombo(5));
        QVERIFY(editor.capabilityCheck(9)->text().contains(QStringLiteral("9")));
        editor.setNetwork(NetworkSettings());
        QVERIFY(!editor.hasDefinitions());
    }

    void tagSetInTheUiReachesTheEngine()
    {
        QVERIFY(crypto::initialize());
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        EngineClient engine;
        EngineOptions options;
        options.dataDir = QDir(dir.path()).filePath(QStringLiteral("data"));
        options.udpPort = 0;
        options.udpBindAddress = QStringLiteral("127.0.0.1");
        options.planetFile = test::vectorPath(QStringLiteral("lab/lab-planet.bin")); // never the public roots
        QSignalSpy changed(&engine, &EngineClient::networkChanged);
        QSignalSpy memberChanged(&engine, &EngineClient::memberChanged);
        QSignalSpy detailsSpy(&engine, &EngineClient::networkDetails);
        engine.start(options);
        QTRY_VERIFY_WITH_TIMEOUT(engine.state() != EngineClient::State::Starting, 20000);
        QVERIFY2(engine.state() == EngineClient::State::Running, qPrintable(engine.lastError()));
        engine.createNetwork(QStringLiteral("tags"));
        QTRY_VERIFY_WITH_TIMEOUT(!changed.isEmpty(), 10000);
        const quint64 networkId = changed.last().at(0).value<NetworkInfo>().id;
        engine.updateNetwork(networkId, compiledSettings());
        QTRY_VERIFY_WITH_TIMEOUT(!detailsSpy.isEmpty(), 10000);
        const Address member = *Address::fromString(QStringLiteral("1122334455"));
        engine.setMemberAuthorized(networkId, member, true);
        QTRY_VERIFY_WITH_TIMEOUT(!memberChanged.isEmpty(), 10000);

        MemberCredentialsEditor editor;
        editor.setNetwork(detailsSpy.last().at(0).value<NetworkDetails>().settings);
        editor.setMember(memberChanged.last().at(0).value<MemberInfo>());
        QComboBox *department = editor.tagCombo(1000);
        QVERIFY(department);
        department->setCurrentIndex(department->findText(QStringLiteral("engineering (400)")));
        editor.capabilityCheck(20)->setChecked(true);
        memberChanged.clear();
        engine.updateMember(networkId, member, editor.update());
        QTRY_VERIFY_WITH_TIMEOUT(!memberChanged.isEmpty(), 10000);
        const MemberInfo stored = memberChanged.last().at(0).value<MemberInfo>();
        QCOMPARE(stored.address, member);
        QVERIFY(stored.tags.contains(QPair<quint32, quint32>(1000, 400)));
        QCOMPARE(stored.capabilities, QList<quint32>{20});

        // The same through the member detail panel, which asks the engine for the network's names itself.
        MemberDetailPanel panel(&engine);
        panel.setMember(stored);
        QTRY_VERIFY_WITH_TIMEOUT(panel.credentialsEditor()->tagCombo(1000), 10000);
        QCOMPARE(panel.credentialsEditor()->tagCombo(1000)->currentText(), QStringLiteral("engineering (400)"));
        QVERIFY(panel.credentialsEditor()->capabilityCheck(20)->isChecked());
        QVERIFY(!panel.applyButton()->isEnabled());
        QComboBox *panelDepartment = panel.credentialsEditor()->tagCombo(1000);
        panelDepartment->setCurrentIndex(panelDepartment->findText(QStringLiteral("sales (100)")));
        panel.credentialsEditor()->capabilityCheck(21)->setChecked(true);
        QVERIFY(panel.applyButton()->isEnabled());
        memberChanged.clear();
        QVERIFY(panel.apply());
        QTRY_VERIFY_WITH_TIMEOUT(!memberChanged.isEmpty(), 10000);
        const MemberInfo edited = memberChanged.last().at(0).value<MemberInfo>();
        QVERIFY(edited.tags.contains(QPair<quint32, quint32>(1000, 100)));
        QCOMPARE(edited.capabilities, (QList<quint32>{20, 21}));
        panel.setMember(edited);
        QCOMPARE(panel.credentialsEditor()->tagCombo(1000)->currentText(), QStringLiteral("sales (100)"));
        QVERIFY(!panel.applyButton()->isEnabled());
        tier::test::stopEngine(engine);
    }
};

QTEST_MAIN(TestMemberCredentials)
#include "tst_membercredentials.moc"
