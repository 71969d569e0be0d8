// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/vectors.h"
#include "core/crypto/identity.h"
#include "core/crypto/primitives.h"
#include "core/protocol/capability.h"
#include "core/protocol/certificateofownership.h"
#include "core/protocol/credential.h"
#include "core/protocol/revocation.h"
#include "core/protocol/tag.h"

#include <QtTest>

using namespace tier;

namespace {

Identity identityFrom(const QJsonValue &text)
{
    auto id = Identity::fromString(text.toString());
    return id ? id.value() : Identity();
}

QJsonObject conversation()
{
    static const QJsonObject conv = test::loadVectorJson(QStringLiteral("join-conversation.json"));
    return conv;
}

QByteArray envelopeOf(const QByteArray &body)
{
    return QByteArray(8, '\x7f') + body + QByteArray(2, '\0') + QByteArray(8, '\x7f');
}

} // namespace

class TestCredentials final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void revocationFromCapture();
    void revocationDeauthorizationMatchesCapture();
    void cooFromCapturedConfigs();
    void cooBuild();
    void tagLayoutAndSignature();
    void capabilityLayoutAndSignature();
    void capabilityCustodyChain();
    void truncatedInputs();

private:
    Identity m_controller; // C of the capture
    Identity m_member;     // M of the capture
};

void TestCredentials::initTestCase()
{
    QVERIFY(crypto::initialize());
    m_controller = identityFrom(conversation()[u"identities"][u"C"][u"secret"]);
    m_member = identityFrom(conversation()[u"identities"][u"M"][u"secret"]);
    QVERIFY(m_controller.hasSecret());
    QVERIFY(m_member.hasSecret());
}

void TestCredentials::revocationFromCapture()
{
    int checked = 0;
    for (const QJsonValue &p : conversation()[u"packets"].toArray()) {
        if (p[u"verb_name"].toString() != u"NETWORK_CREDENTIALS")
            continue;
        const QByteArray payload = test::hexValue(p[u"payload_hex"]);
        // 00 (no COMs) | 0000 caps | 0000 tags | 0001 revocations | <revocation> | 0000 COOs
        QCOMPARE(payload.first(7).toHex(), QByteArray("00000000000001"));
        const QJsonObject expected = p[u"parsed"][u"revocations"][0].toObject();
        const QByteArray serialized = test::hexValue(expected[u"serialized_hex"]);
        QCOMPARE(payload.mid(7, serialized.size()), serialized);
        QCOMPARE(payload.size(), 7 + serialized.size() + 2);

        ByteReader reader(QByteArrayView(payload).sliced(7));
        const auto rev = Revocation::read(reader);
        QVERIFY(rev.ok());
        QCOMPARE(reader.remaining(), qsizetype(2));
        QCOMPARE(rev->id(), quint32(expected[u"id"].toDouble()));
        QCOMPARE(rev->networkId(), expected[u"network_id"].toString().toULongLong(nullptr, 16));
        QCOMPARE(rev->credentialId(), quint32(expected[u"credential_id"].toInt()));
        QCOMPARE(rev->threshold(), qint64(expected[u"threshold"].toDouble()));
        QCOMPARE(rev->flags(), quint64(expected[u"flags"].toInt()));
        QCOMPARE(rev->target().toString(), expected[u"target"].toString());
        QCOMPARE(rev->signedBy().toString(), expected[u"signed_by"].toString());
        QCOMPARE(int(rev->credentialType()), expected[u"credential_type"].toInt());
        QCOMPARE(rev->signature().toHex(), expected[u"signature"].toString().toLatin1());
        QCOMPARE(rev->toBytes(), serialized);
        QCOMPARE(serialized.size(), qsizetype(Revocation::SignedLength));
        QVERIFY(rev->verify(m_controller.publicOnly()));
        QVERIFY(!rev->verify(m_member));

        Revocation resigned = *rev;
        QVERIFY(resigned.sign(m_controller));
        QCOMPARE(resigned.toBytes().toHex(), serialized.toHex());

        QByteArray tampered = serialized;
        tampered[20] = char(tampered[20] ^ 0x10); // the threshold
        QVERIFY(!Revocation::fromBytes(tampered)->verify(m_controller));
        ++checked;
    }
    QCOMPARE(checked, 1);
}

void TestCredentials::revocationDeauthorizationMatchesCapture()
{
    // Build what ZT's controller sends on de-authorization from the same inputs: identical bytes.
    const QJsonObject expected = [] {
        for (const QJsonValue &p : conversation()[u"packets"].toArray()) {
            if (p[u"verb_name"].toString() == u"NETWORK_CREDENTIALS")
                return p[u"parsed"][u"revocations"][0].toObject();
        }
        return QJsonObject();
    }();
    QVERIFY(!expected.isEmpty());
    auto rev = Revocation::forDeauthorization(quint32(expected[u"id"].toDouble()),
                                              conversation()[u"network_id"].toString().toULongLong(nullptr, 16),
                                              m_member.address(), qint64(expected[u"threshold"].toDouble()));
    QVERIFY(rev.sign(m_controller));
    QCOMPARE(rev.toBytes().toHex(), expected[u"serialized_hex"].toString().toLatin1());
    // The envelope: 7F×8 ‖ body without signature fields ‖ 0000 ‖ 7F×8.
    QCOMPARE(rev.signedMessage(), envelopeOf(rev.toBytes().first(51)));
}

void TestCredentials::cooFromCapturedConfigs()
{
    const quint64 nwid = conversation()[u"network_id"].toString().toULongLong(nullptr, 16);
    int checked = 0;
    for (const QJsonValue &cfg : conversation()[u"assembled_configs"].toArray()) {
        for (const QJsonValue &e : cfg[u"entries"].toArray()) {
            if (e[u"key"].toString() != u"COO")
                continue;
            const QByteArray bytes = test::hexValue(e[u"value_hex"]);
            QCOMPARE(bytes.size(), qsizetype(158));
            const auto coo = CertificateOfOwnership::fromBytes(bytes);
            QVERIFY(coo.ok());
            QCOMPARE(coo->networkId(), nwid);
            QCOMPARE(coo->id(), quint32(1));
            QCOMPARE(coo->flags(), quint64(0));
            QCOMPARE(coo->issuedTo(), m_member.address());
            QCOMPARE(coo->signedBy(), m_controller.address());
            QCOMPARE(coo->things().size(), qsizetype(1));
            QCOMPARE(coo->ips().size(), qsizetype(1));
            QCOMPARE(coo->ips().first().toIpString(), QStringLiteral("10.99.0.137"));
            QVERIFY(coo->verify(m_controller.publicOnly()));
            QCOMPARE(coo->toBytes(), bytes);

            // Rebuild from the typed values and sign with C's secret: identical bytes.
            CertificateOfOwnership mine(nwid, coo->timestamp(), m_member.address(), 1);
            QVERIFY(mine.addIp(*InetAddress::fromString(QStringLiteral("10.99.0.137/24"))));
            QVERIFY(mine.sign(m_controller));
            QCOMPARE(mine.toBytes().toHex(), bytes.toHex());
            QCOMPARE(mine.signedMessage(), envelopeOf(bytes.first(8 + 8 + 8 + 4 + 2 + 17 + 10)));
            ++checked;
        }
    }
    QCOMPARE(checked, 4);
}

void TestCredentials::cooBuild()
{
    CertificateOfOwnership coo(0x21842fbe0922d490ULL, 5, m_member.address(), 1);
    QVERIFY(coo.addIp(*InetAddress::fromIpString(QStringLiteral("fd00::1"))));
    QVERIFY(coo.addMac(QByteArray::fromHex("0a0b0c0d0e0f")));
    QVERIFY(!coo.addMac(QByteArray::fromHex("0a0b")));
    for (int i = 0; i < 14; ++i)
        QVERIFY(coo.addIp(InetAddress::fromIPv4(0x0a000001 + i)));
    QVERIFY(!coo.addIp(InetAddress::fromIPv4(0x0b000001))); // 16 is the limit
    QVERIFY(coo.sign(m_controller));
    const QByteArray bytes = coo.toBytes();
    QCOMPARE(bytes.size(), qsizetype(8 + 8 + 8 + 4 + 2 + 16 * 17 + 5 + 5 + 1 + 2 + 96 + 2));
    QCOMPARE(quint8(bytes[30]), quint8(3)); // IPv6 thing type
    QCOMPARE(quint8(bytes[47]), quint8(1)); // MAC thing type
    const auto back = CertificateOfOwnership::fromBytes(bytes);
    QVERIFY(back.ok());
    QCOMPARE(*back, coo);
    QVERIFY(back->verify(m_controller));
    QCOMPARE(back->ips().size(), qsizetype(15));
}

void TestCredentials::tagLayoutAndSignature()
{
    const quint64 nwid = 0x21842fbe0922d490ULL;
    Tag tag(nwid, 0x0000018bcfe56800LL, 100, 7, m_member.address());
    QVERIFY(tag.sign(m_controller));
    const QByteArray bytes = tag.toBytes();
    // docs/protocol/netconf.md §4, assembled independently here.
    const QByteArray expectedBody = QByteArray::fromHex("21842fbe0922d490"
                                                        "0000018bcfe56800"
                                                        "00000064"
                                                        "00000007") +
                                    m_member.address().toBytes() + m_controller.address().toBytes();
    QCOMPARE(bytes.size(), qsizetype(Tag::SignedLength));
    QCOMPARE(bytes.first(34).toHex(), expectedBody.toHex());
    QCOMPARE(bytes.mid(34, 3).toHex(), QByteArray("010060"));
    QCOMPARE(bytes.right(2).toHex(), QByteArray("0000"));
    QCOMPARE(tag.signedMessage(), envelopeOf(expectedBody));
    QCOMPARE(bytes.mid(37, 96), m_controller.sign(envelopeOf(expectedBody)));
    QVERIFY(tag.verify(m_controller.publicOnly()));
    QVERIFY(!tag.verify(m_member));

    const auto back = Tag::fromBytes(bytes);
    QVERIFY(back.ok());
    QCOMPARE(*back, tag);
    QCOMPARE(back->id(), quint32(100));
    QCOMPARE(back->value(), quint32(7));
    QVERIFY(back->verify(m_controller));

    QByteArray tampered = bytes;
    tampered[23] = 8; // value 7 -> 8
    QVERIFY(!Tag::fromBytes(tampered)->verify(m_controller));

    // A tag for a network the signer does not control never verifies.
    Tag foreign(0x1111111111000001ULL, 1, 1, 1, m_member.address());
    QVERIFY(foreign.sign(m_controller));
    QVERIFY(!foreign.verify(m_controller));
}

void TestCredentials::capabilityLayoutAndSignature()
{
    const quint64 nwid = 0x21842fbe0922d490ULL;
    const QList<Rule> rules{Rule::etherType(0x0800, true), Rule::action(RuleType::ActionAccept)};
    Capability cap(nwid, 0x0000018bcfe56800LL, 42, rules);
    QVERIFY(cap.sign(m_controller, m_member.address()));
    QVERIFY(!cap.sign(m_controller, m_member.address())); // max chain length 1
    const QByteArray bytes = cap.toBytes();

    // docs/protocol/netconf.md §3, assembled independently here.
    const QByteArray head = QByteArray::fromHex("21842fbe0922d490"
                                                "0000018bcfe56800"
                                                "0000002a"
                                                "0002"
                                                "a5020800"
                                                "0100"
                                                "01");
    QCOMPARE(bytes.first(head.size()).toHex(), head.toHex());
    QCOMPARE(cap.signedMessage(), envelopeOf(head));
    const QByteArray entry = m_member.address().toBytes() + m_controller.address().toBytes() +
                             QByteArray::fromHex("010060") + m_controller.sign(envelopeOf(head));
    QCOMPARE(bytes.mid(head.size(), entry.size()).toHex(), entry.toHex());
    QCOMPARE(bytes.mid(head.size() + entry.size()).toHex(), QByteArray("00000000000000"));

    const auto back = Capability::fromBytes(bytes);
    QVERIFY(back.ok());
    QCOMPARE(*back, cap);
    QCOMPARE(back->rules(), rules);
    QCOMPARE(back->holder(), m_member.address());
    QVERIFY(back->verify(m_controller.publicOnly()));
    QVERIFY(!back->verify(m_member));

    QByteArray tampered = bytes;
    tampered[24] = char(0x25); // drop the NOT bit of the first rule
    QVERIFY(!Capability::fromBytes(tampered)->verify(m_controller));
}

void TestCredentials::capabilityCustodyChain()
{
    const QJsonArray ids = test::loadVectorJson(QStringLiteral("identities.json"))[u"identities"].toArray();
    const Identity ctl = identityFrom(ids[0].toObject()[u"secret_string"]);
    const Identity a = identityFrom(ids[1].toObject()[u"secret_string"]);
    const Identity b = identityFrom(ids[2].toObject()[u"secret_string"]);
    const quint64 nwid = (ctl.address().toInt() << 24) | 0x000001;
    Capability cap(nwid, 1, 1, {Rule::action(RuleType::ActionAccept)}, 3);
    QVERIFY(!cap.sign(a, b.address())); // first entry must come from the controller
    QVERIFY(cap.sign(ctl, a.address()));
    QVERIFY(!cap.sign(b, a.address())); // b does not hold it
    QVERIFY(cap.sign(a, b.address()));
    const auto back = Capability::fromBytes(cap.toBytes());
    QVERIFY(back.ok());
    QCOMPARE(back->custodyChain().size(), qsizetype(2));
    const auto lookup = [&](Address addr) -> std::optional<Identity> {
        for (const Identity *id : {&ctl, &a, &b}) {
            if (id->address() == addr)
                return id->publicOnly();
        }
        return std::nullopt;
    };
    QVERIFY(back->verify(lookup));
    QVERIFY(!back->verify(ctl)); // the second signer is unknown to this lookup
}

void TestCredentials::truncatedInputs()
{
    Tag tag(0x21842fbe0922d490ULL, 1, 2, 3, m_member.address());
    QVERIFY(tag.sign(m_controller));
    Capability cap(0x21842fbe0922d490ULL, 1, 1, {Rule::action(RuleType::ActionDrop)});
    QVERIFY(cap.sign(m_controller, m_member.address()));
    CertificateOfOwnership coo(0x21842fbe0922d490ULL, 1, m_member.address(), 1);
    coo.addIp(InetAddress::fromIPv4(0x0a000001));
    QVERIFY(coo.sign(m_controller));
    auto rev = Revocation::forDeauthorization(1, 0x21842fbe0922d490ULL, m_member.address(), 5);
    QVERIFY(rev.sign(m_controller));

    const QByteArray all[] = {tag.toBytes(), cap.toBytes(), coo.toBytes(), rev.toBytes()};
    for (qsizetype n = 0; n < all[0].size(); ++n)
        QVERIFY(!Tag::fromBytes(all[0].first(n)).ok());
    for (qsizetype n = 0; n < all[1].size(); ++n)
        QVERIFY(!Capability::fromBytes(all[1].first(n)).ok());
    for (qsizetype n = 0; n < all[2].size(); ++n)
        QVERIFY(!CertificateOfOwnership::fromBytes(all[2].first(n)).ok());
    for (qsizetype n = 0; n < all[3].size(); ++n)
        QVERIFY(!Revocation::fromBytes(all[3].first(n)).ok());

    QByteArray badSigLength = all[0];
    badSigLength[36] = 0x50; // signature length 0x0050
    QCOMPARE(Tag::fromBytes(badSigLength).error().code, ErrorCode::Malformed);
    QByteArray tooManyThings = all[2];
    tooManyThings[29] = 17;
    QCOMPARE(CertificateOfOwnership::fromBytes(tooManyThings).error().code, ErrorCode::TooLarge);
    QByteArray badChain = all[1];
    badChain[8 + 8 + 4 + 2 + 2] = 9; // max custody chain length 9
    QVERIFY(!Capability::fromBytes(badChain).ok());
}

QTEST_APPLESS_MAIN(TestCredentials)
#include "tst_credentials.moc"
