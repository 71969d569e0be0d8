// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/vectors.h"
#include "core/crypto/identity.h"
#include "core/crypto/primitives.h"
#include "core/protocol/configchunk.h"

#include <QFile>
#include <QtTest>

#include <algorithm>
#include <random>

using namespace tier;

namespace {

Identity identityFrom(const QString &text)
{
    auto id = Identity::fromString(text);
    return id ? id.value() : Identity();
}

struct CapturedChunk
{
    QString verb;
    QByteArray payload; // chunk bytes (after the OK in-re fields for an OK)
    QJsonObject parsed;
};

QList<CapturedChunk> capturedChunks(const QJsonObject &conv)
{
    QList<CapturedChunk> out;
    for (const QJsonValue &v : conv[u"packets"].toArray()) {
        const QJsonObject p = v.toObject();
        const QJsonObject parsed = p[u"parsed"].toObject();
        if (!parsed.contains(u"config_chunk"))
            continue;
        QByteArray payload = test::hexValue(p[u"payload_hex"]);
        const QString verb = p[u"verb_name"].toString();
        if (verb == u"OK") {
            // OK payload: in-re verb 0x0B | in-re packet ID (8) | chunk.
            if (quint8(payload[0]) != 0x0b ||
                payload.mid(1, 8).toHex() != parsed[u"in_re_packet_id"].toString().toLatin1())
                return {};
            payload = payload.mid(9);
        } else if (verb != u"NETWORK_CONFIG") {
            return {};
        }
        out.append({verb, payload, parsed[u"config_chunk"].toObject()});
    }
    return out;
}

} // namespace

class TestConfigChunk final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void capturedChunksDecodeAndVerify();
    void capturedChunksResignIdentically();
    void capturedChunksReassemble();
    void splitReproducesCapture();
    void multiChunkRoundTrip();
    void reassemblerLimits();
    void legacyForm();
    void malformed();

private:
    QJsonObject m_conv;
    Identity m_controller;
    QList<CapturedChunk> m_chunks;
};

void TestConfigChunk::initTestCase()
{
    QVERIFY(crypto::initialize());
    m_conv = test::loadVectorJson(QStringLiteral("join-conversation.json"));
    m_controller = identityFrom(m_conv[u"identities"][u"C"][u"secret"].toString());
    QVERIFY(m_controller.hasSecret());
    // The lab secret file holds the same identity.
    QFile secretFile(test::vectorPath(QStringLiteral("lab/lab-controller.secret")));
    QVERIFY(secretFile.open(QIODevice::ReadOnly));
    const Identity fromFile = identityFrom(QString::fromLatin1(secretFile.readAll()));
    QVERIFY(fromFile.hasSecret());
    QCOMPARE(fromFile.secretKey(), m_controller.secretKey());
    m_chunks = capturedChunks(m_conv);
    QCOMPARE(m_chunks.size(), qsizetype(4)); // 3 OKs and 1 push
    QCOMPARE(std::count_if(m_chunks.begin(), m_chunks.end(),
                           [](const CapturedChunk &c) { return c.verb == u"NETWORK_CONFIG"; }),
             1);
}

void TestConfigChunk::capturedChunksDecodeAndVerify()
{
    const Identity pub = m_controller.publicOnly();
    const Identity member = identityFrom(m_conv[u"identities"][u"M"][u"public"].toString());
    for (const CapturedChunk &cc : m_chunks) {
        const auto chunk = ConfigChunk::decode(cc.payload);
        QVERIFY2(chunk.ok(), chunk.ok() ? "" : qPrintable(chunk.error().message));
        QVERIFY(!chunk->legacy);
        QCOMPARE(chunk->networkId, cc.parsed[u"network_id"].toString().toULongLong(nullptr, 16));
        QCOMPARE(chunk->data.size(), qsizetype(cc.parsed[u"chunk_len"].toInt()));
        QCOMPARE(chunk->data.toHex(), cc.parsed[u"chunk_hex"].toString().toLatin1());
        QCOMPARE(int(chunk->flags), cc.parsed[u"flags"].toInt());
        QCOMPARE(chunk->updateId, cc.parsed[u"update_id"].toString().toULongLong(nullptr, 16));
        QCOMPARE(qint64(chunk->totalLength), qint64(cc.parsed[u"total_len"].toInt()));
        QCOMPARE(qint64(chunk->offset), qint64(cc.parsed[u"chunk_index"].toInt()));
        QCOMPARE(chunk->signature.toHex(), cc.parsed[u"signature"].toString().toLatin1());
        QCOMPARE(chunk->signedBytes().toHex(), cc.parsed[u"signed_bytes_hex"].toString().toLatin1());
        QVERIFY(chunk->verify(pub));
        QVERIFY(!chunk->verify(member));
        QCOMPARE(chunk->toBytes().toHex(), cc.payload.toHex());

        ConfigChunk tampered = *chunk;
        tampered.data[20] = char(tampered.data[20] ^ 1);
        QVERIFY(!tampered.verify(pub));
        tampered = *chunk;
        tampered.updateId ^= 1;
        QVERIFY(!tampered.verify(pub));
    }
}

void TestConfigChunk::capturedChunksResignIdentically()
{
    for (const CapturedChunk &cc : m_chunks) {
        ConfigChunk chunk = ConfigChunk::decode(cc.payload).value();
        const QByteArray original = chunk.signature;
        chunk.signature.clear();
        QVERIFY(chunk.sign(m_controller));
        QCOMPARE(chunk.signature.toHex(), original.toHex());
        QCOMPARE(chunk.toBytes(), cc.payload);
    }
}

void TestConfigChunk::capturedChunksReassemble()
{
    ConfigReassembler reassembler;
    QHash<quint64, QByteArray> complete;
    for (const CapturedChunk &cc : m_chunks) {
        const ConfigChunk chunk = ConfigChunk::decode(cc.payload).value();
        QVERIFY(chunk.verify(m_controller));
        const auto r = reassembler.add(chunk);
        QVERIFY(r.ok());
        if (!r->isEmpty())
            complete.insert(chunk.updateId, *r);
    }
    const QJsonArray configs = m_conv[u"assembled_configs"].toArray();
    QCOMPARE(complete.size(), qsizetype(configs.size()));
    for (const QJsonValue &cfg : configs) {
        const quint64 id = cfg[u"update_id"].toString().toULongLong(nullptr, 16);
        QVERIFY(complete.contains(id));
        QCOMPARE(complete.value(id).toHex(), cfg[u"dictionary_hex"].toString().toLatin1());
    }
    QCOMPARE(reassembler.pendingCount(), 0);
}

void TestConfigChunk::splitReproducesCapture()
{
    // Our controller path: dictionary + update ID + C's secret → the exact payload the real one sent.
    for (const CapturedChunk &cc : m_chunks) {
        const QByteArray dict = QByteArray::fromHex(cc.parsed[u"chunk_hex"].toString().toLatin1());
        const quint64 updateId = cc.parsed[u"update_id"].toString().toULongLong(nullptr, 16);
        const quint64 nwid = cc.parsed[u"network_id"].toString().toULongLong(nullptr, 16);
        const auto chunks = ConfigChunk::split(nwid, dict, m_controller, updateId);
        QVERIFY(chunks.ok());
        QCOMPARE(chunks->size(), qsizetype(1));
        QCOMPARE(chunks->first().toBytes().toHex(), cc.payload.toHex());
    }
}

void TestConfigChunk::multiChunkRoundTrip()
{
    QByteArray dict;
    for (int i = 0; dict.size() < 25000; ++i)
        dict += "k" + QByteArray::number(i) + "=" + QByteArray(37, char('a' + i % 26)) + "\n";
    dict.chop(1);
    const quint64 nwid = (m_controller.address().toInt() << 24) | 0x22d490;
    const auto chunks = ConfigChunk::split(nwid, dict, m_controller);
    QVERIFY(chunks.ok());
    QCOMPARE(chunks->size(), qsizetype((dict.size() + ConfigChunk::DefaultMaxData - 1) / ConfigChunk::DefaultMaxData));
    const quint64 updateId = chunks->first().updateId;
    QVERIFY(updateId != 0);
    for (const ConfigChunk &c : *chunks) {
        QCOMPARE(c.updateId, updateId);
        QCOMPARE(qsizetype(c.totalLength), dict.size());
        QVERIFY(c.data.size() <= ConfigChunk::DefaultMaxData);
        // Packet header (28) + OK in-re fields (9) + chunk must fit 7 fragments at MTU 1432.
        QVERIFY(28 + 9 + c.toBytes().size() <= 9928);
        QVERIFY(c.verify(m_controller));
    }

    QList<ConfigChunk> shuffled = *chunks;
    shuffled.append(chunks->at(1)); // a duplicate is ignored
    std::mt19937 rng(7);
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    ConfigReassembler reassembler;
    QByteArray result;
    for (const ConfigChunk &c : shuffled) {
        const auto decoded = ConfigChunk::decode(c.toBytes());
        QVERIFY(decoded.ok());
        const auto r = reassembler.add(*decoded);
        QVERIFY(r.ok());
        if (!r->isEmpty()) {
            QVERIFY(result.isEmpty());
            result = *r;
        }
    }
    QCOMPARE(result, dict);

    // Small chunks work too.
    const auto small = ConfigChunk::split(nwid, dict.first(1000), m_controller, 42, 300);
    QCOMPARE(small->size(), qsizetype(4));
    QCOMPARE(small->last().offset, quint32(900));
    QCOMPARE(small->last().data.size(), qsizetype(100));
}

void TestConfigChunk::reassemblerLimits()
{
    const quint64 nwid = (m_controller.address().toInt() << 24) | 1;
    const QByteArray dict(3000, 'x');
    auto make = [&](quint64 updateId) { return ConfigChunk::split(nwid, dict, m_controller, updateId, 1000).value(); };

    // Overlap and inconsistent totals are refused.
    {
        ConfigReassembler r;
        QList<ConfigChunk> c = make(1);
        QVERIFY(r.add(c[0])->isEmpty());
        ConfigChunk overlap = c[1];
        overlap.offset = 500;
        QVERIFY(overlap.sign(m_controller));
        QCOMPARE(r.add(overlap).error().code, ErrorCode::Malformed);
        ConfigChunk otherTotal = c[1];
        otherTotal.totalLength = 4000;
        QVERIFY(otherTotal.sign(m_controller));
        QCOMPARE(r.add(otherTotal).error().code, ErrorCode::Malformed);
        ConfigChunk beyond = c[2];
        beyond.offset = 2500;
        QCOMPARE(r.add(beyond).error().code, ErrorCode::Malformed);
        ConfigChunk huge = c[2];
        huge.totalLength = quint32(Dictionary::NetworkConfigCapacity);
        QCOMPARE(r.add(huge).error().code, ErrorCode::TooLarge);
        QVERIFY(r.add(c[1])->isEmpty());
        QCOMPARE(*r.add(c[2]), dict);
    }
    // Only the newest 3 partial updates are kept.
    {
        ConfigReassembler r;
        const QList<ConfigChunk> a = make(11), b = make(12), c = make(13), d = make(14);
        QVERIFY(r.add(a[0])->isEmpty());
        QVERIFY(r.add(b[0])->isEmpty());
        QVERIFY(r.add(c[0])->isEmpty());
        QVERIFY(r.add(d[0])->isEmpty());
        QCOMPARE(r.pendingCount(), 3);
        // Update 11 was dropped: its remaining chunks start it afresh and do not complete it.
        QVERIFY(r.add(a[1])->isEmpty());
        QVERIFY(r.add(a[2])->isEmpty());
        // Update 14 completes.
        QVERIFY(r.add(d[1])->isEmpty());
        QCOMPARE(*r.add(d[2]), dict);
    }
}

void TestConfigChunk::legacyForm()
{
    const QByteArray dict = "v=0000000000000007\nnwid=21842fbe0922d490";
    ByteWriter w;
    w.u64(0x21842fbe0922d490ULL).u16(quint16(dict.size())).bytes(dict);
    const auto chunk = ConfigChunk::decode(w.data());
    QVERIFY(chunk.ok());
    QVERIFY(chunk->legacy);
    QCOMPARE(chunk->data, dict);
    QVERIFY(!chunk->verify(m_controller));
    QCOMPARE(chunk->toBytes(), w.data());
    ConfigReassembler r;
    QCOMPARE(*r.add(*chunk), dict);
}

void TestConfigChunk::malformed()
{
    const QByteArray good = m_chunks.first().payload;
    const qsizetype dataEnd = 10 + ConfigChunk::decode(good)->data.size();
    for (qsizetype n = 0; n < good.size(); ++n) {
        const auto r = ConfigChunk::decode(good.first(n));
        if (n == dataEnd)
            QVERIFY(r.ok() && r->legacy); // exactly the legacy form
        else
            QVERIFY2(!r.ok(), qPrintable(QString::number(n)));
    }
    QByteArray badSigType = good;
    badSigType[dataEnd + 17] = 2;
    QCOMPARE(ConfigChunk::decode(badSigType).error().code, ErrorCode::Unsupported);
    QByteArray badOffset = good;
    badOffset[dataEnd + 16] = 1; // offset 1 with a chunk as long as the total
    QCOMPARE(ConfigChunk::decode(badOffset).error().code, ErrorCode::Malformed);

    QVERIFY(!ConfigChunk::split(1, QByteArray(), m_controller).ok());
    QVERIFY(!ConfigChunk::split(1, "a=b", m_controller.publicOnly()).ok());
    QCOMPARE(ConfigChunk::split(1, QByteArray(Dictionary::NetworkConfigCapacity, 'x'), m_controller).error().code,
             ErrorCode::TooLarge);
}

QTEST_APPLESS_MAIN(TestConfigChunk)
#include "tst_configchunk.moc"
