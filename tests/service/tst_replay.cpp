// SPDX-License-Identifier: GPL-3.0-or-later
// Replays every NETWORK_CONFIG_REQUEST of the real 1.14.1 capture (vectors/join-conversation.json)
// against the running engine over loopback, with the capture's identities: C is written into the
// engine's database as the controller, M is the member. Suite 1 requests go out as their captured
// wire bytes; the AES-GMAC-SIV (suite 3) ones are re-armored in suite 1 from their payload_hex.
// Every answer must pass a strict check: MAC, in-re framing, chunk signature by C, COM by C,
// the 1.14 dictionary keys.

#include "common/vectors.h"
#include "core/crypto/primitives.h"
#include "core/node/node.h"
#include "core/protocol/configchunk.h"
#include "core/protocol/dictionary.h"
#include "core/protocol/errorpayload.h"
#include "core/protocol/networkconfig.h"
#include "core/protocol/okpayload.h"
#include "core/protocol/packet.h"
#include "core/protocol/reassembler.h"
#include "core/service/engineservice.h"
#include "core/store/controlleridentityrepository.h"
#include "core/store/database.h"
#include "core/store/peeridentityrepository.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSet>
#include <QTemporaryDir>
#include <QUdpSocket>
#include <QtTest>

#include <memory>

using namespace tier;

namespace {

/// One answer of the engine to a request, opened and checked.
struct Answer
{
    bool isError = false;
    ErrorPayload error;
    QList<ConfigChunk> chunks;
};

QSet<QByteArray> keysOf(const Dictionary &dict)
{
    QSet<QByteArray> keys;
    for (const auto &entry : dict.entries())
        keys.insert(entry.key);
    return keys;
}

} // namespace

class TestReplay : public QObject
{
    Q_OBJECT

private:
    /// Waits for the engine's answer to request `packetId`; other packets (pushes) are skipped.
    std::optional<Answer> awaitAnswer(quint64 packetId, int timeoutMs)
    {
        QElapsedTimer timer;
        timer.start();
        Answer answer;
        while (timer.elapsed() < timeoutMs) {
            if (!m_socket->hasPendingDatagrams()) {
                QTest::qWait(5); // lets the engine (same thread) run
                continue;
            }
            QByteArray datagram(int(m_socket->pendingDatagramSize()), Qt::Uninitialized);
            m_socket->readDatagram(datagram.data(), datagram.size());
            QByteArray bytes = datagram;
            if (Reassembler::isPartOfFragmentedPacket(datagram)) {
                auto outcome = m_reassembler.add(datagram, QDateTime::currentMSecsSinceEpoch());
                if (outcome.status != Reassembler::Outcome::Status::Complete)
                    continue;
                bytes = outcome.packet;
            }
            auto packet = Packet::fromBytes(bytes);
            if (!packet) {
                qWarning() << "undecodable packet from the engine:" << packet.error().message;
                return std::nullopt;
            }
            if (packet->source() != m_controller.address() || packet->destination() != m_member.address()) {
                qWarning() << "packet with wrong addresses";
                return std::nullopt;
            }
            const CipherSuite suite = packet->cipherSuite();
            if (Status opened = packet->open(m_key); !opened) {
                qWarning() << "packet from the engine does not open (MAC):" << opened.error().message;
                return std::nullopt;
            }
            if (packet->verb() != Verb::Ok && packet->verb() != Verb::Error)
                continue; // HELLO (suite 0) to confirm the path, pushed NETWORK_CONFIG, ...
            if (suite != CipherSuite::Poly1305Salsa2012) {
                qWarning() << "answer not in suite 1";
                return std::nullopt;
            }
            if (packet->verb() == Verb::Error) {
                auto error = ErrorPayload::decode(packet->payload());
                if (!error || error->inRePacketId != packetId)
                    continue;
                answer.isError = true;
                answer.error = *error;
                return answer;
            }
            auto ok = OkPayload::decode(packet->payload());
            if (!ok || ok->inReVerb != Verb::NetworkConfigRequest || ok->inRePacketId != packetId)
                continue;
            auto chunk = ConfigChunk::decode(ok->body);
            if (!chunk) {
                qWarning() << "undecodable chunk:" << chunk.error().message;
                return std::nullopt;
            }
            answer.chunks.append(*chunk);
            auto assembled = m_chunks.add(*chunk);
            if (assembled && !assembled->isEmpty())
                return answer;
        }
        return std::nullopt;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(crypto::initialize());
        m_doc = test::loadVectorJson(QStringLiteral("join-conversation.json"));
        QVERIFY(!m_doc.isEmpty());
        const QJsonObject ids = m_doc.value(QStringLiteral("identities")).toObject();
        auto c =
            Identity::fromString(ids.value(QStringLiteral("C")).toObject().value(QStringLiteral("secret")).toString());
        auto m =
            Identity::fromString(ids.value(QStringLiteral("M")).toObject().value(QStringLiteral("secret")).toString());
        QVERIFY(c && c->hasSecret());
        QVERIFY(m && m->hasSecret());
        m_controller = *c;
        m_member = *m;
        const auto key = m_member.agree(m_controller);
        QVERIFY(key.has_value());
        m_key = *key;
        bool ok = false;
        m_networkId = m_doc.value(QStringLiteral("network_id")).toString().toULongLong(&ok, 16);
        QVERIFY(ok);

        QVERIFY(m_dir.isValid());
        const QString dataDir = QDir(m_dir.path()).filePath(QStringLiteral("data"));
        QVERIFY(QDir().mkpath(dataDir));
        {
            Database db(QStringLiteral("seed"));
            QVERIFY(db.open(DatabaseUri::sqliteFile(QDir(dataDir).filePath(QStringLiteral("controller.db")))).ok());
            QVERIFY(ControllerIdentityRepository(db).save(m_controller, 1).ok());
            // The member's identity as already validated: no root is running to WHOIS it from.
            QVERIFY(PeerIdentityRepository(db).remember(m_member.publicOnly(), 1).ok());
        }
        // The capture's own private planet (its root at 127.0.0.1:19993, loopback only).
        const QString planetPath = QDir(m_dir.path()).filePath(QStringLiteral("planet"));
        QFile planet(planetPath);
        QVERIFY(planet.open(QIODevice::WriteOnly));
        planet.write(test::hexValue(m_doc.value(QStringLiteral("planet_hex"))));
        planet.close();

        EngineOptions options;
        options.dataDir = dataDir;
        options.udpPort = 0;
        options.udpBindAddress = QStringLiteral("127.0.0.1");
        options.planetFile = planetPath;
        m_service = std::make_unique<EngineService>(options);
        m_service->start(); // on this thread: the engine runs in this test's event loop
        QVERIFY(m_service->isRunning());
        QCOMPARE(m_service->controllerAddress(), m_controller.address());

        // The capture's network ID, and a pool/route so that the config carries an address
        // (docs/protocol/controller-logic.md §5 worked example: same member, same pool).
        m_service->controller()->setRandomSource([this] { return m_networkId & 0xffffffULL; });
        NetworkSettings settings;
        settings.name = QStringLiteral("replay");
        settings.v4AssignZt = true;
        settings.pools = {IpPool{InetAddress::fromIPv4(0x0a63000a), InetAddress::fromIPv4(0x0a6300fa)}};
        settings.routes = {NetworkConfig::Route{InetAddress::fromIPv4(0x0a630000, 24), InetAddress(), 0, 0}};
        auto created = m_service->controller()->createNetwork(settings);
        QVERIFY(created);
        QCOMPARE(created->id, m_networkId);

        m_socket = std::make_unique<QUdpSocket>();
        QVERIFY(m_socket->bind(QHostAddress(QHostAddress::LocalHost), 0));
    }

    void cleanupTestCase()
    {
        m_socket.reset();
        if (m_service)
            m_service->shutdown();
        m_service.reset();
    }

    void everyRecordedRequestIsAnswered()
    {
        QList<QJsonObject> requests;
        for (const QJsonValue &v : m_doc.value(QStringLiteral("packets")).toArray()) {
            const QJsonObject p = v.toObject();
            if (p.value(QStringLiteral("verb_name")).toString() == QLatin1String("NETWORK_CONFIG_REQUEST"))
                requests.append(p);
        }
        QCOMPARE(requests.size(), 19);

        // The keys the real controller put into its configs (all four captured ones).
        QSet<QByteArray> capturedKeys;
        for (const QJsonValue &v : m_doc.value(QStringLiteral("assembled_configs")).toArray()) {
            auto dict = Dictionary::parse(test::hexValue(v.toObject().value(QStringLiteral("dictionary_hex"))));
            QVERIFY(dict);
            capturedKeys.unite(keysOf(*dict));
        }
        QVERIFY(capturedKeys.contains("C"));

        const InetAddress engine = InetAddress::fromIPv4(0x7f000001, m_service->node()->localPort());
        QSet<quint64> sent;
        int configs = 0;
        int denials = 0;
        int duplicates = 0;
        for (int i = 0; i < requests.size(); ++i) {
            const QJsonObject r = requests.at(i);
            const quint64 packetId = r.value(QStringLiteral("packet_id")).toString().toULongLong(nullptr, 16);
            const int suite = r.value(QStringLiteral("cipher_suite")).toInt();
            QByteArray datagram;
            if (suite == 1) {
                datagram = test::hexValue(r.value(QStringLiteral("wire_hex")));
            } else {
                Packet packet(packetId, m_controller.address(), m_member.address(), Verb::NetworkConfigRequest,
                              test::hexValue(r.value(QStringLiteral("payload_hex"))));
                QVERIFY(packet.armor(m_key, CipherSuite::Poly1305Salsa2012).ok());
                datagram = packet.bytes();
            }
            QVERIFY(!datagram.isEmpty());
            if (i == 1) {
                // From now on M is a member: everything after the first denial gets a config.
                QVERIFY(m_service->controller()->setAuthorized(m_networkId, m_member.address(), true));
            }
            // The controller drops genuine requests less than 1 s apart (as the reference does).
            QTest::qWait(1100);
            QCOMPARE(m_socket->writeDatagram(datagram, QHostAddress(QHostAddress::LocalHost), engine.port()),
                     qint64(datagram.size()));

            if (sent.contains(packetId)) {
                // The capture holds one request twice (M→R and the root's relayed copy, same packet
                // ID): the replay is dropped by the node, not answered twice.
                QVERIFY2(!awaitAnswer(packetId, 1000), "a replayed packet was answered");
                ++duplicates;
                continue;
            }
            sent.insert(packetId);
            const auto answer = awaitAnswer(packetId, 5000);
            QVERIFY2(answer, qPrintable(QStringLiteral("no valid answer to request #%1 (capture index %2)")
                                            .arg(i)
                                            .arg(r.value(QStringLiteral("index")).toInt())));
            if (i == 0) {
                QVERIFY(answer->isError);
                QCOMPARE(answer->error.inReVerb, Verb::NetworkConfigRequest);
                QCOMPARE(answer->error.code, ProtocolErrorCode::NetworkAccessDenied);
                QCOMPARE(answer->error.networkId.value_or(0), m_networkId);
                ++denials;
                continue;
            }
            QVERIFY(!answer->isError);
            QVERIFY(!answer->chunks.isEmpty());
            for (const ConfigChunk &chunk : answer->chunks)
                QVERIFY(chunk.verify(m_controller.publicOnly())); // signed by C
            ConfigReassembler reassembler;
            QByteArray dictionaryBytes;
            for (const ConfigChunk &chunk : answer->chunks) {
                auto assembled = reassembler.add(chunk);
                QVERIFY(assembled);
                if (!assembled->isEmpty())
                    dictionaryBytes = *assembled;
            }
            auto dict = Dictionary::parse(dictionaryBytes);
            QVERIFY(dict);
            const QSet<QByteArray> keys = keysOf(*dict);
            const QSet<QByteArray> unexpected = QSet<QByteArray>(keys).subtract(capturedKeys);
            QVERIFY2(unexpected.isEmpty(), qPrintable(QStringLiteral("keys a 1.14 controller never sends: %1")
                                                          .arg(QString::fromLatin1(unexpected.values().join(',')))));
            for (const char *key :
                 {"v", "nwid", "ts", "ctmd", "r", "id", "f", "ml", "t", "n", "mtu", "C", "I", "RT", "R", "DNS"})
                QVERIFY2(keys.contains(key), key);
            auto config = NetworkConfig::fromBytes(dictionaryBytes);
            QVERIFY(config);
            QCOMPARE(config->networkId, m_networkId);
            QCOMPARE(config->issuedTo, m_member.address());
            QVERIFY(config->com.has_value());
            QVERIFY(config->com->verify(m_controller.publicOnly()));
            QCOMPARE(config->staticIps.size(), 1);
            // §5 worked example: member 1797d4487f in 10.99.0.10–10.99.0.250 gets 10.99.0.10 + (c mod 240).
            const quint32 expected = 0x0a63000a + quint32((m_member.address().toInt() & 0xffffffffULL) % 240);
            QCOMPARE(config->staticIps.first().toString(), InetAddress::fromIPv4(expected, 24).toString());
            ++configs;
        }
        qInfo("replayed %lld requests: %d denial, %d configs, %d duplicate dropped", qlonglong(requests.size()),
              denials, configs, duplicates);
        QCOMPARE(denials, 1);
        QCOMPARE(duplicates, 1);
        QCOMPARE(configs, 17);
    }

private:
    QJsonObject m_doc;
    Identity m_controller;
    Identity m_member;
    QByteArray m_key;
    quint64 m_networkId = 0;
    QTemporaryDir m_dir;
    std::unique_ptr<EngineService> m_service;
    std::unique_ptr<QUdpSocket> m_socket;
    Reassembler m_reassembler;
    ConfigReassembler m_chunks;
};

QTEST_GUILESS_MAIN(TestReplay)
#include "tst_replay.moc"
