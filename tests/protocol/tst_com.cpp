// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/vectors.h"
#include "core/crypto/identity.h"
#include "core/crypto/primitives.h"
#include "core/protocol/certificateofmembership.h"

#include <QtTest>

using namespace tier;

namespace {

Identity identityFrom(const QJsonValue &text)
{
    auto id = Identity::fromString(text.toString());
    return id ? id.value() : Identity();
}

} // namespace

class TestCom final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void unsignedMatchesVector();
    void signedMatchesVector();
    void decodeVector();
    void identityHashQualifiers();
    void labConfigComs();
    void agreement();
    void malformed();
};

void TestCom::initTestCase()
{
    QVERIFY(crypto::initialize());
}

void TestCom::unsignedMatchesVector()
{
    const QJsonObject v = test::loadVectorJson(QStringLiteral("com.json"));
    const Identity member = identityFrom(v[u"member_public"]);
    QVERIFY(!member.isNull());
    const quint64 nwid = v[u"network_id"].toString().toULongLong(nullptr, 16);
    const auto com = CertificateOfMembership::create(nwid, qint64(v[u"timestamp"].toDouble()),
                                                     quint64(v[u"timestamp_max_delta"].toDouble()), member);
    QCOMPARE(com.qualifiers().size(), qsizetype(7));
    QCOMPARE(com.toBytes().toHex(), test::hexValue(v[u"serialized_unsigned"]).toHex());
    QCOMPARE(com.signedMessage().toHex(), test::hexValue(v[u"signed_message"]).toHex());
    QCOMPARE(com.signedMessage().size(), qsizetype(168));
    QVERIFY(!com.isSigned());
}

void TestCom::signedMatchesVector()
{
    const QJsonObject v = test::loadVectorJson(QStringLiteral("com.json"));
    const Identity controller = identityFrom(v[u"controller_secret"]);
    const Identity member = identityFrom(v[u"member_public"]);
    QVERIFY(controller.hasSecret());
    const quint64 nwid = v[u"network_id"].toString().toULongLong(nullptr, 16);
    auto com = CertificateOfMembership::create(nwid, qint64(v[u"timestamp"].toDouble()),
                                               quint64(v[u"timestamp_max_delta"].toDouble()), member);
    QVERIFY(com.sign(controller));
    QCOMPARE(com.signedBy(), controller.address());
    const QByteArray expected = test::hexValue(v[u"serialized"]);
    QCOMPARE(com.toBytes().toHex(), expected.toHex());
    QCOMPARE(com.toBytes().size(), qsizetype(v[u"serialized_len"].toInt()));
    QCOMPARE(com.toBytes().size(), qsizetype(CertificateOfMembership::ZeroTierSignedLength));
    QVERIFY(com.verify(controller.publicOnly()));
    QVERIFY(!com.verify(member)); // wrong signer

    // Identity 0 from identities.json is the same controller.
    const QJsonArray ids = test::loadVectorJson(QStringLiteral("identities.json"))[u"identities"].toArray();
    QVERIFY(com.verify(identityFrom(ids[0].toObject()[u"public_string"])));
}

void TestCom::decodeVector()
{
    const QJsonObject v = test::loadVectorJson(QStringLiteral("com.json"));
    const Identity controller = identityFrom(v[u"controller_secret"]);
    const QByteArray bytes = test::hexValue(v[u"serialized"]);
    const auto com = CertificateOfMembership::fromBytes(bytes);
    QVERIFY(com.ok());
    QCOMPARE(com->networkId(), v[u"network_id"].toString().toULongLong(nullptr, 16));
    QCOMPARE(com->timestamp(), qint64(v[u"timestamp"].toDouble()));
    QCOMPARE(com->timestampMaxDelta(), quint64(v[u"timestamp_max_delta"].toDouble()));
    QCOMPARE(com->issuedTo(), identityFrom(v[u"member_public"]).address());
    QCOMPARE(com->signedBy(), controller.address());
    QCOMPARE(com->toBytes(), bytes);
    QVERIFY(com->verify(controller));

    // Any flipped byte in the signed part or the signature breaks verification.
    for (const int at : {12, 20, 170, 200, 271}) {
        QByteArray bad = bytes;
        bad[at] = char(bad[at] ^ 0x01);
        const auto tampered = CertificateOfMembership::fromBytes(bad);
        QVERIFY(tampered.ok());
        QVERIFY2(!tampered->verify(controller), qPrintable(QString::number(at)));
    }

    const auto unsignedCom = CertificateOfMembership::fromBytes(test::hexValue(v[u"serialized_unsigned"]));
    QVERIFY(unsignedCom.ok());
    QVERIFY(!unsignedCom->isSigned());
    QVERIFY(!unsignedCom->verify(controller));
}

void TestCom::identityHashQualifiers()
{
    const QJsonArray ids = test::loadVectorJson(QStringLiteral("identities.json"))[u"identities"].toArray();
    for (int i = 0; i < 5; ++i) {
        const QJsonObject o = ids[i].toObject();
        const Identity id = identityFrom(o[u"public_string"]);
        const auto com = CertificateOfMembership::create(0x1122334455667788ULL, 1, 2, id);
        const QByteArray hash = test::hexValue(o[u"public_key_hash_sha384"]);
        QCOMPARE(hash.size(), qsizetype(48));
        QByteArray words;
        for (quint64 q = 3; q <= 6; ++q) {
            const quint64 w = com.qualifier(q)->value;
            for (int b = 7; b >= 0; --b)
                words.append(char(w >> (8 * b)));
            QCOMPARE(com.qualifier(q)->maxDelta, ~quint64(0));
        }
        QCOMPARE(words.toHex(), hash.first(32).toHex());
    }
}

void TestCom::labConfigComs()
{
    // The COMs a real 1.14.1 controller issued in the capture: decode, verify with C's identity,
    // and re-sign with C's secret to the identical signature (signatures are deterministic).
    const QJsonObject conv = test::loadVectorJson(QStringLiteral("join-conversation.json"));
    const Identity c = identityFrom(conv[u"identities"][u"C"][u"secret"]);
    const Identity m = identityFrom(conv[u"identities"][u"M"][u"public"]);
    QVERIFY(c.hasSecret());
    const quint64 nwid = conv[u"network_id"].toString().toULongLong(nullptr, 16);
    int checked = 0;
    for (const QJsonValue &cfg : conv[u"assembled_configs"].toArray()) {
        for (const QJsonValue &e : cfg[u"entries"].toArray()) {
            if (e[u"key"].toString() != u"C")
                continue;
            const QByteArray bytes = test::hexValue(e[u"value_hex"]);
            const auto com = CertificateOfMembership::fromBytes(bytes);
            QVERIFY(com.ok());
            QVERIFY(com->verify(c.publicOnly()));
            QCOMPARE(com->networkId(), nwid);
            QCOMPARE(com->issuedTo(), m.address());
            QCOMPARE(com->timestampMaxDelta(), quint64(1800000));
            const QJsonArray quals = e[u"parsed"][u"qualifiers"].toArray();
            QCOMPARE(qsizetype(quals.size()), com->qualifiers().size());
            for (int i = 0; i < quals.size(); ++i) {
                QCOMPARE(com->qualifiers()[i].id, quint64(quals[i][u"id"].toInt()));
                QCOMPARE(com->qualifiers()[i].value, quals[i][u"value"].toString().toULongLong(nullptr, 16));
                QCOMPARE(com->qualifiers()[i].maxDelta, quals[i][u"max_delta"].toString().toULongLong(nullptr, 16));
            }
            auto mine = CertificateOfMembership::create(nwid, com->timestamp(), 1800000, m);
            QVERIFY(mine.sign(c));
            QCOMPARE(mine.toBytes().toHex(), bytes.toHex());
            ++checked;
        }
    }
    QCOMPARE(checked, 4);
}

void TestCom::agreement()
{
    const QJsonArray ids = test::loadVectorJson(QStringLiteral("identities.json"))[u"identities"].toArray();
    const Identity a = identityFrom(ids[1].toObject()[u"public_string"]);
    const Identity b = identityFrom(ids[2].toObject()[u"public_string"]);
    const quint64 nwid = 0x2cdef7b4175a5a5aULL;
    const auto comA = CertificateOfMembership::create(nwid, 1000000, 60000, a);
    const auto comB = CertificateOfMembership::create(nwid, 1050000, 60000, b);
    QVERIFY(comA.agreesWith(comB, b));
    QVERIFY(comB.agreesWith(comA, a));
    QVERIFY(!comA.agreesWith(comB, a)); // B's COM presented under A's identity
    const auto late = CertificateOfMembership::create(nwid, 1070001, 60000, b);
    QVERIFY(!comA.agreesWith(late, b)); // timestamps too far apart
    const auto otherNet = CertificateOfMembership::create(nwid + 1, 1000000, 60000, b);
    QVERIFY(!comA.agreesWith(otherNet, b));
}

void TestCom::malformed()
{
    const QByteArray good = test::hexValue(test::loadVectorJson(QStringLiteral("com.json"))[u"serialized"]);
    for (qsizetype n = 0; n < good.size(); ++n) {
        const auto r = CertificateOfMembership::fromBytes(good.first(n));
        QVERIFY2(!r.ok(), qPrintable(QString::number(n)));
    }
    QByteArray badFormat = good;
    badFormat[0] = 2;
    QCOMPARE(CertificateOfMembership::fromBytes(badFormat).error().code, ErrorCode::Unsupported);
    QByteArray tooMany = good;
    tooMany[2] = 9;
    QCOMPARE(CertificateOfMembership::fromBytes(tooMany).error().code, ErrorCode::TooLarge);
    QByteArray descending = good;
    descending[3 + 24 + 7] = 5; // qualifier 1 gets id 5, then id 2 follows
    QCOMPARE(CertificateOfMembership::fromBytes(descending).error().code, ErrorCode::Malformed);
    QCOMPARE(CertificateOfMembership::fromBytes(QByteArray(good + QByteArray(1, 0))).error().code,
             ErrorCode::Malformed);

    QVERIFY(!CertificateOfMembership::fromQualifiers({{1, 0, 0}, {1, 0, 0}}).has_value());
    const auto sorted = CertificateOfMembership::fromQualifiers({{2, 5, 0}, {0, 7, 0}});
    QVERIFY(sorted.has_value());
    QCOMPARE(sorted->qualifiers().first().id, quint64(0));
}

QTEST_APPLESS_MAIN(TestCom)
#include "tst_com.moc"
