// SPDX-License-Identifier: GPL-3.0-or-later
// Runs the built tiermaster-idtool on the ZeroTier 1.14 vectors.
#include "common/vectors.h"
#include "core/crypto/identity.h"
#include "core/crypto/primitives.h"
#include "core/protocol/world.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QVariant>

using namespace tier;

class TestIdTool final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void validateAcceptsVectorIdentities();
    void validateRejects();
    void getPublic();
    void signMatchesVectors();
    void verify();
    void generate();
    void initMoon();
    void genMoonFromVectorInputs();
    void initMoonThenGenMoon();
    void decodeArmoredPackets();
    void usageErrors();

private:
    struct Run
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    Run run(const QStringList &args);
    QString writeTemp(const QString &name, const QByteArray &data);

    QString m_tool;
    QTemporaryDir m_dir;
    QJsonArray m_identities;
};

TestIdTool::Run TestIdTool::run(const QStringList &args)
{
    QProcess p;
    p.setWorkingDirectory(m_dir.path());
    p.start(m_tool, args);
    Run r;
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit)
        return r;
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

QString TestIdTool::writeTemp(const QString &name, const QByteArray &data)
{
    const QString path = m_dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(data) != data.size())
        return {};
    return path;
}

void TestIdTool::initTestCase()
{
    QVERIFY(crypto::initialize());
    QVERIFY(m_dir.isValid());
    m_tool = test::binaryDir() + QStringLiteral("/bin/tiermaster-idtool");
    QVERIFY2(QFileInfo(m_tool).isExecutable(), qPrintable(m_tool + QStringLiteral(" not built")));
    m_identities = test::loadVectorJson(QStringLiteral("identities.json")).value(u"identities").toArray();
    QCOMPARE(m_identities.size(), 6);
}

void TestIdTool::validateAcceptsVectorIdentities()
{
    for (int i = 0; i < 5; ++i) {
        const QJsonObject v = m_identities[i].toObject();
        for (const QString &text : {v.value(u"secret_string").toString(), v.value(u"public_string").toString()}) {
            // Literal argument.
            Run r = run({QStringLiteral("validate"), text});
            QCOMPARE(r.exitCode, 0);
            QCOMPARE(r.out, QByteArray(text.toLatin1() + " is a valid identity\n"));
            // File argument (ZT writes no trailing newline; a newline is tolerated too).
            const QString file = writeTemp(QStringLiteral("id%1").arg(i), text.toLatin1() + '\n');
            r = run({QStringLiteral("validate"), file});
            QCOMPARE(r.exitCode, 0);
            QCOMPARE(r.out, QByteArray(file.toLocal8Bit() + " is a valid identity\n"));
        }
    }
}

void TestIdTool::validateRejects()
{
    const QString tampered = m_identities[5].toObject().value(u"public_string").toString();
    Run r = run({QStringLiteral("validate"), tampered});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.out.isEmpty());
    QCOMPARE(r.err, QByteArray(tampered.toLatin1() + " FAILED validation.\n"));

    // A one-bit flip in the address.
    QString flipped = m_identities[0].toObject().value(u"public_string").toString();
    flipped[9] = flipped[9] == u'7' ? u'6' : u'7';
    r = run({QStringLiteral("validate"), flipped});
    QCOMPARE(r.exitCode, 1);

    r = run({QStringLiteral("validate"), m_dir.filePath(QStringLiteral("does-not-exist"))});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.startsWith("Identity argument invalid or file unreadable: "));
}

void TestIdTool::getPublic()
{
    const QJsonObject v = m_identities[2].toObject();
    const QString file = writeTemp(QStringLiteral("identity.secret"), v.value(u"secret_string").toString().toLatin1());
    const Run r = run({QStringLiteral("getpublic"), file});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, v.value(u"public_string").toString().toLatin1()); // no newline, as ZT
}

void TestIdTool::signMatchesVectors()
{
    const QJsonArray vectors = test::loadVectorJson(QStringLiteral("signatures.json")).value(u"vectors").toArray();
    QCOMPARE(vectors.size(), 8);
    int i = 0;
    for (const QJsonValue &value : vectors) {
        const QJsonObject v = value.toObject();
        const QString secret =
            writeTemp(QStringLiteral("signer%1.secret").arg(i), v.value(u"signer_secret").toString().toLatin1());
        const QString message = writeTemp(QStringLiteral("message%1").arg(i++), test::hexValue(v.value(u"message")));
        const Run r = run({QStringLiteral("sign"), secret, message});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, v.value(u"signature_96").toString().toLatin1());
    }
    // Signing needs the secret.
    const QString pub = writeTemp(QStringLiteral("only.public"),
                                  m_identities[0].toObject().value(u"public_string").toString().toLatin1());
    const Run r = run({QStringLiteral("sign"), pub, pub});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.out.isEmpty());
}

void TestIdTool::verify()
{
    const QJsonObject v =
        test::loadVectorJson(QStringLiteral("signatures.json")).value(u"vectors").toArray()[5].toObject();
    const QByteArray signerPublic =
        Identity::fromString(v.value(u"signer_secret").toString())->toString(false).toLatin1();
    const QString identityFile = writeTemp(QStringLiteral("signer.public"), signerPublic);
    const QString message = writeTemp(QStringLiteral("signed-message"), test::hexValue(v.value(u"message")));
    const QString signature = v.value(u"signature_96").toString();

    Run r = run({QStringLiteral("verify"), identityFile, message, signature});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QByteArray(message.toLocal8Bit() + " signature valid\n"));
    // The signature may come from a file too; the identity may be literal.
    const QString sigFile = writeTemp(QStringLiteral("sig.hex"), signature.toLatin1() + '\n');
    r = run({QStringLiteral("verify"), QString::fromLatin1(signerPublic), message, sigFile});
    QCOMPARE(r.exitCode, 0);

    const QString other = writeTemp(QStringLiteral("other-message"), "not the message");
    r = run({QStringLiteral("verify"), identityFile, other, signature});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err, QByteArray(other.toLocal8Bit() + " signature check FAILED\n"));
    QString badSig = signature;
    badSig[0] = badSig[0] == u'0' ? u'1' : u'0';
    r = run({QStringLiteral("verify"), identityFile, message, badSig});
    QCOMPARE(r.exitCode, 1);
}

void TestIdTool::generate()
{
    const QString secretFile = m_dir.filePath(QStringLiteral("gen.secret"));
    const QString publicFile = m_dir.filePath(QStringLiteral("gen.public"));
    Run r = run({QStringLiteral("generate"), secretFile, publicFile});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QByteArray(secretFile.toLocal8Bit() + " written\n" + publicFile.toLocal8Bit() + " written\n"));
    QFile s(secretFile), p(publicFile);
    QVERIFY(s.open(QIODevice::ReadOnly));
    QVERIFY(p.open(QIODevice::ReadOnly));
    const QByteArray secretText = s.readAll();
    const QByteArray publicText = p.readAll();
    QVERIFY(!secretText.endsWith('\n'));
    auto id = Identity::fromString(QString::fromLatin1(secretText));
    QVERIFY(id.ok());
    QVERIFY(id->hasSecret());
    QVERIFY(id->locallyValidate());
    QCOMPARE(id->toString(false).toLatin1(), publicText);

    // Without files: the secret form on stdout.
    r = run({QStringLiteral("generate")});
    QCOMPARE(r.exitCode, 0);
    auto printed = Identity::fromString(QString::fromLatin1(r.out));
    QVERIFY(printed.ok());
    QVERIFY(printed->hasSecret());
    QVERIFY(printed->locallyValidate());

    r = run({QStringLiteral("generate"), m_dir.filePath(QStringLiteral("no/such/dir/x.secret"))});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.startsWith("Error writing to "));
}

void TestIdTool::initMoon()
{
    const QJsonObject v = m_identities[3].toObject();
    const QString pub = writeTemp(QStringLiteral("seed.public"), v.value(u"public_string").toString().toLatin1());
    const Run r = run({QStringLiteral("initmoon"), pub});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.startsWith(
        "{\n \"id\": \"5a65b83951\",\n \"objtype\": \"world\",\n \"roots\": [\n  {\n   \"identity\": "));
    const QJsonObject moon = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(moon.value(u"id").toString(), v.value(u"address").toString());
    QCOMPARE(moon.value(u"worldType").toString(), QStringLiteral("moon"));
    QCOMPARE(moon.value(u"objtype").toString(), QStringLiteral("world"));
    const QJsonObject root = moon.value(u"roots").toArray().first().toObject();
    QCOMPARE(root.value(u"identity").toString(), v.value(u"public_string").toString());
    QVERIFY(root.value(u"stableEndpoints").toArray().isEmpty());
    const QByteArray signingKey = QByteArray::fromHex(moon.value(u"signingKey").toString().toLatin1());
    QCOMPARE(signingKey.size(), 64);
    QCOMPARE(moon.value(u"updatesMustBeSignedBy").toString(), moon.value(u"signingKey").toString());
    QCOMPARE(moon.value(u"signingKey_SECRET").toString().size(), 128);
    QVERIFY(r.out.contains("\"stableEndpoints\": []"));
}

void TestIdTool::genMoonFromVectorInputs()
{
    // The inputs behind worlds.json's moon: its id, key 1, and its roots with their endpoints.
    const QJsonObject doc = test::loadVectorJson(QStringLiteral("worlds.json"));
    const QJsonObject keys = doc.value(u"keys").toObject();
    QJsonObject vector;
    for (const QJsonValue &w : doc.value(u"worlds").toArray())
        if (w.toObject().value(u"name").toString() == u"moon")
            vector = w.toObject();
    auto reference = World::fromBytes(test::hexValue(vector.value(u"serialized")));
    QVERIFY(reference.ok());

    QJsonArray roots;
    for (const World::Root &root : reference->roots()) {
        QJsonArray endpoints;
        for (const InetAddress &e : root.stableEndpoints)
            endpoints.append(e.toString());
        roots.append(QJsonObject{{QStringLiteral("identity"), root.identity.toString()},
                                 {QStringLiteral("stableEndpoints"), endpoints}});
    }
    const QString keyPublic = keys.value(u"world_key_1_public").toString();
    QJsonObject json{
        {QStringLiteral("id"), vector.value(u"id").toString()},
        {QStringLiteral("objtype"), QStringLiteral("world")},
        {QStringLiteral("roots"), roots},
        {QStringLiteral("signingKey"), keyPublic},
        {QStringLiteral("signingKey_SECRET"), keys.value(u"world_key_1_private").toString()},
        {QStringLiteral("updatesMustBeSignedBy"), keyPublic},
        {QStringLiteral("worldType"), QStringLiteral("moon")},
    };
    const QString jsonFile = writeTemp(QStringLiteral("moon.json"), QJsonDocument(json).toJson());
    const Run r = run({QStringLiteral("genmoon"), jsonFile});
    QCOMPARE(r.exitCode, 0);
    const QString moonName = vector.value(u"id").toString() + QStringLiteral(".moon");
    QVERIFY(r.out.startsWith(QByteArray("wrote " + moonName.toLatin1() + " (signed world with timestamp ")));

    QFile moonFile(m_dir.filePath(moonName));
    QVERIFY(moonFile.open(QIODevice::ReadOnly));
    auto moon = World::fromBytes(moonFile.readAll());
    QVERIFY(moon.ok());
    QCOMPARE(moon->type(), World::Type::Moon);
    QCOMPARE(moon->id(), reference->id());
    QCOMPARE(moon->updatesMustBeSignedBy(), reference->updatesMustBeSignedBy());
    QVERIFY(moon->verifySignature());
    QVERIFY(moon->isSignedBy(test::hexValue(keys.value(u"world_key_1_public"))));
    QVERIFY(r.out.contains(QByteArray::number(moon->timestamp())));
    // Same roots, sorted by address as genmoon does; the vector's moon accepts it as an update.
    QCOMPARE(moon->roots().size(), reference->roots().size());
    QVERIFY(moon->roots()[0].identity.address() < moon->roots()[1].identity.address());
    for (const World::Root &root : reference->roots())
        QVERIFY(moon->roots().contains(root));
    QVERIFY(reference->acceptsUpdate(moon.value()));

    // A signing key that does not match its secret is refused.
    json.insert(QStringLiteral("signingKey"), keys.value(u"world_key_2_public"));
    const Run bad =
        run({QStringLiteral("genmoon"), writeTemp(QStringLiteral("bad.json"), QJsonDocument(json).toJson())});
    QCOMPARE(bad.exitCode, 1);
}

void TestIdTool::initMoonThenGenMoon()
{
    // The documented workflow: initmoon, add endpoints and a second root, genmoon; also as a planet.
    const QJsonObject seed = m_identities[4].toObject();
    const Run init = run({QStringLiteral("initmoon"), seed.value(u"public_string").toString()});
    QCOMPARE(init.exitCode, 0);
    QJsonObject moon = QJsonDocument::fromJson(init.out).object();
    QJsonArray roots = moon.value(u"roots").toArray();
    QJsonObject first = roots[0].toObject();
    first.insert(QStringLiteral("stableEndpoints"),
                 QJsonArray{QStringLiteral("10.0.0.9/9993"), QStringLiteral("10.0.0.1/9993")});
    roots[0] = first;
    roots.append(QJsonObject{{QStringLiteral("identity"), m_identities[1].toObject().value(u"public_string")},
                             {QStringLiteral("stableEndpoints"), QJsonArray{QStringLiteral("fd00::1/9993")}}});
    moon.insert(QStringLiteral("roots"), roots);

    for (const QString &type : {QStringLiteral("moon"), QStringLiteral("planet")}) {
        moon.insert(QStringLiteral("worldType"), type);
        const QString jsonFile =
            writeTemp(QStringLiteral("edited-") + type + QStringLiteral(".json"), QJsonDocument(moon).toJson());
        const Run gen = run({QStringLiteral("genmoon"), jsonFile});
        QCOMPARE(gen.exitCode, 0);
        QFile f(m_dir.filePath(QStringLiteral("0000007e34958642.moon")));
        QVERIFY(f.open(QIODevice::ReadOnly));
        auto world = World::fromBytes(f.readAll());
        QVERIFY(world.ok());
        QCOMPARE(world->type(), type == u"moon" ? World::Type::Moon : World::Type::Planet);
        QCOMPARE(world->id(), quint64(0x7e34958642));
        QVERIFY(world->verifySignature());
        QCOMPARE(world->updatesMustBeSignedBy().toHex(), moon.value(u"signingKey").toString().toLatin1());
        // Roots sorted by address (59fd74da49 before 7e34958642), endpoints sorted.
        QCOMPARE(world->roots().size(), 2);
        QCOMPARE(world->roots()[0].identity.address().toString(), QStringLiteral("59fd74da49"));
        QCOMPARE(world->roots()[1].identity.address().toString(), QStringLiteral("7e34958642"));
        QCOMPARE(world->roots()[1].stableEndpoints.size(), 2);
        QCOMPARE(world->roots()[1].stableEndpoints[0].toString(), QStringLiteral("10.0.0.1/9993"));
        QCOMPARE(world->roots()[1].stableEndpoints[1].toString(), QStringLiteral("10.0.0.9/9993"));
        QCOMPARE(world->roots()[0].stableEndpoints[0].toString(), QStringLiteral("fd00::1/9993"));
    }

    // A malformed endpoint or identity is refused with a message.
    roots[1] = QJsonObject{{QStringLiteral("identity"), m_identities[1].toObject().value(u"public_string")},
                           {QStringLiteral("stableEndpoints"), QJsonArray{QStringLiteral("not-an-address")}}};
    moon.insert(QStringLiteral("roots"), roots);
    Run bad =
        run({QStringLiteral("genmoon"), writeTemp(QStringLiteral("bad-endpoint.json"), QJsonDocument(moon).toJson())});
    QCOMPARE(bad.exitCode, 1);
    QVERIFY(bad.err.contains("not-an-address"));
    roots[1] = QJsonObject{{QStringLiteral("identity"), m_identities[5].toObject().value(u"public_string")},
                           {QStringLiteral("stableEndpoints"), QJsonArray()}};
    moon.insert(QStringLiteral("roots"), roots);
    bad = run({QStringLiteral("genmoon"), writeTemp(QStringLiteral("bad-root.json"), QJsonDocument(moon).toJson())});
    QCOMPARE(bad.exitCode, 1);
}

void TestIdTool::decodeArmoredPackets()
{
    const QString receiver = m_identities[1].toObject().value(u"secret_string").toString();
    const QString sender = m_identities[0].toObject().value(u"public_string").toString();
    const QJsonArray cases = test::loadVectorJson(QStringLiteral("armor.json")).value(u"cases").toArray();
    int decoded = 0;
    for (const QJsonValue &value : cases) {
        const QJsonObject c = value.toObject();
        const QString suite = c.value(u"cipher_suite").toVariant().toString();
        if (suite != u"0" && suite != u"1")
            continue;
        const Run r = run({QStringLiteral("decode"), receiver, sender, c.value(u"wire").toString()});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value(u"packet_id").toString(), c.value(u"packet_id").toString());
        QCOMPARE(o.value(u"zt_src").toString(), c.value(u"sender").toString());
        QCOMPARE(o.value(u"zt_dst").toString(), c.value(u"receiver").toString());
        QCOMPARE(o.value(u"verb_name").toString(), c.value(u"verb_name").toString());
        QCOMPARE(o.value(u"payload_hex").toString(), c.value(u"payload").toString());
        QCOMPARE(QString::number(o.value(u"cipher_suite").toInt()), suite);
        QCOMPARE(o.value(u"mac_ok").toBool(), true);
        QVERIFY(!o.contains(u"error"));
        ++decoded;

        // A flipped last byte fails authentication.
        QByteArray wire = test::hexValue(c.value(u"wire"));
        wire[wire.size() - 1] = char(wire[wire.size() - 1] ^ 0x01);
        const Run bad = run({QStringLiteral("decode"), receiver, sender, QString::fromLatin1(wire.toHex())});
        QCOMPARE(bad.exitCode, 1);
        QCOMPARE(QJsonDocument::fromJson(bad.out).object().value(u"mac_ok").toBool(true), false);
    }
    QVERIFY(decoded >= 2);

    // A real HELLO from the capture, with the peer left open ("-"): its identity comes from the packet.
    const QJsonObject conversation = test::loadVectorJson(QStringLiteral("join-conversation.json"));
    const QJsonObject identities = conversation.value(u"identities").toObject();
    for (const QJsonValue &value : conversation.value(u"packets").toArray()) {
        const QJsonObject packet = value.toObject();
        if (packet.value(u"verb_name").toString() != u"HELLO" || packet.value(u"zt_dst").toString().isEmpty())
            continue;
        // Pick a HELLO addressed to the controller, whose secret we have.
        const QString controller = identities.value(u"C").toObject().value(u"secret").toString();
        if (!controller.startsWith(packet.value(u"zt_dst").toString()))
            continue;
        const Run r =
            run({QStringLiteral("decode"), controller, QStringLiteral("-"), packet.value(u"wire_hex").toString()});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value(u"verb_name").toString(), QStringLiteral("HELLO"));
        QCOMPARE(o.value(u"payload_hex").toString(), packet.value(u"payload_hex").toString());
        return;
    }
    QFAIL("no HELLO to the controller in join-conversation.json");
}

void TestIdTool::usageErrors()
{
    QCOMPARE(run({}).exitCode, 1);
    QCOMPARE(run({QStringLiteral("frobnicate")}).exitCode, 1);
    QCOMPARE(run({QStringLiteral("validate")}).exitCode, 1);
    QCOMPARE(run({QStringLiteral("sign"), QStringLiteral("x")}).exitCode, 1);
}

QTEST_GUILESS_MAIN(TestIdTool)
#include "tst_idtool.moc"
