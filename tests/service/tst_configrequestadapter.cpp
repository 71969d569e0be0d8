// SPDX-License-Identifier: GPL-3.0-or-later
// The engine's node→controller adapter on the real 1.14.1 request of vectors/join-conversation:
// what the controller is told about the member (identity, network, metadata, versions, path).

#include "common/vectors.h"
#include "core/controller/configrequest.h"
#include "core/crypto/primitives.h"
#include "core/protocol/networkconfigrequest.h"
#include "core/service/configrequestadapter.h"

#include <QtTest>

using namespace tier;

class TestConfigRequestAdapter : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(crypto::initialize());
        const QJsonObject doc = test::loadVectorJson(QStringLiteral("join-conversation.json"));
        for (const QJsonValue &v : doc.value(QStringLiteral("packets")).toArray()) {
            const QJsonObject p = v.toObject();
            if (p.value(QStringLiteral("verb_name")).toString() == QLatin1String("NETWORK_CONFIG_REQUEST")) {
                m_request = p;
                break;
            }
        }
        QVERIFY(!m_request.isEmpty());
        auto member = Identity::fromString(doc.value(QStringLiteral("identities"))
                                               .toObject()
                                               .value(QStringLiteral("M"))
                                               .toObject()
                                               .value(QStringLiteral("secret"))
                                               .toString());
        QVERIFY(member);
        m_member = *member;
        auto payload =
            NetworkConfigRequestPayload::decode(test::hexValue(m_request.value(QStringLiteral("payload_hex"))));
        QVERIFY(payload);
        m_payload = *payload;
    }

    void directRequestCarriesPathAndHelloVersions()
    {
        const InetAddress from = InetAddress::fromIPv4(0x7f000001, 19995);
        const ConfigRequest r = ConfigRequestAdapter::toConfigRequest(m_member, 0x789e5acf152b1d32ULL, m_payload, from,
                                                                      0, PeerVersion{12, 1, 14, 1}, 1234);
        QCOMPARE(r.member, m_member.publicOnly());
        QVERIFY(!r.member.hasSecret()); // the controller never holds a member's secret
        QCOMPARE(networkIdToString(r.networkId),
                 m_request.value(QStringLiteral("parsed")).toObject().value(QStringLiteral("network_id")).toString());
        QCOMPARE(r.packetId, 0x789e5acf152b1d32ULL);
        QCOMPARE(r.physicalAddress, from);
        QCOMPARE(r.protocolVersion, 12);
        QCOMPARE(r.versionMajor, 1);
        QCOMPARE(r.versionMinor, 14);
        QCOMPARE(r.versionRevision, 1);
        QCOMPARE(r.receivedAt, qint64(1234));
        // The metadata as the capture's parsed form lists it.
        QCOMPARE(r.metadata.formatVersion, quint64(7));
        QCOMPARE(r.metadata.vendor, quint64(1));
        QCOMPARE(r.metadata.maxRules, quint64(0x400));
        QCOMPARE(r.metadata.rulesEngineRevision, qint64(1));
        QCOMPARE(r.metadata.os, QStringLiteral("linux/x86_64"));
        QCOMPARE(r.haveRevision, quint64(0));
    }

    void relayedRequestHasNoPathAndFallsBackToMetadataVersions()
    {
        const ConfigRequest r = ConfigRequestAdapter::toConfigRequest(
            m_member, 1, m_payload, InetAddress::fromIPv4(0x7f000001, 19993), 1, PeerVersion{}, 0);
        QVERIFY(r.physicalAddress.isNull()); // the root's address is not the member's
        QCOMPARE(r.protocolVersion, 12);     // from `pv`, no HELLO seen yet
        QCOMPARE(r.versionMajor, 1);
        QCOMPARE(r.versionMinor, 14);
        QCOMPARE(r.versionRevision, 1);
    }

private:
    QJsonObject m_request;
    Identity m_member;
    NetworkConfigRequestPayload m_payload;
};

QTEST_APPLESS_MAIN(TestConfigRequestAdapter)
#include "tst_configrequestadapter.moc"
