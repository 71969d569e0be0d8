// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/vectors.h"
#include "core/protocol/dictionary.h"
#include "core/protocol/requestmetadata.h"

#include <QtTest>

using namespace tier;

class TestDictionary final : public QObject
{
    Q_OBJECT

private slots:
    void writersMatchVector();
    void readsMatchVector();
    void readingRulesVector();
    void escapingTable();
    void keyMatchingIsExact();
    void integerReading();
    void booleanReading();
    void capacity();
    void nulEndsData();
    void loneBackslash();
    void roundTrip();
    void requestMetadataFromCapture();
    void requestMetadataDefaults();
};

void TestDictionary::writersMatchVector()
{
    const QJsonObject c = test::loadVectorJson(QStringLiteral("dictionary.json"))[u"cases"].toArray()[0].toObject();
    Dictionary d;
    d.addString("s", u"plain string");
    d.addString("e", u"");
    d.addBytes("b", QByteArray::fromHex("6100620d630a645c653d66"));
    d.addU64("n", 0);
    d.addU64("u", 0x1234abcd);
    d.addU64("big", ~quint64(0));
    d.addI64("neg", -5);
    d.addBool("t", true);
    d.addBool("f", false);
    d.addU64("a", Address(0x89e92ceee5ULL).toInt()); // Address via the integer writer: 16 digits
    d.addBytes("bin", QByteArray::fromHex("00112233445566778899aabbccddeeff"));
    d.addString("eq", u"x=y");

    const QByteArray expected = test::hexValue(c[u"bytes"]);
    QVERIFY(!expected.isEmpty());
    QCOMPARE(d.toBytes().toHex(), expected.toHex());
    QCOMPARE(d.serializedSize(), qsizetype(c[u"sizeBytes"].toInt()));
    QCOMPARE(d.toBytes().size(), qsizetype(c[u"sizeBytes"].toInt()));
}

void TestDictionary::readsMatchVector()
{
    const QJsonObject c = test::loadVectorJson(QStringLiteral("dictionary.json"))[u"cases"].toArray()[0].toObject();
    const auto parsed = Dictionary::parse(test::hexValue(c[u"bytes"]));
    QVERIFY(parsed.ok());
    const QJsonArray gets = c[u"get_results"].toArray();
    QVERIFY(gets.size() >= 12);
    for (const QJsonValue &v : gets) {
        const QJsonObject g = v.toObject();
        const QByteArray key = g[u"key"].toString().toLatin1();
        const int len = g[u"get_len"].toInt();
        if (len < 0) {
            QVERIFY2(!parsed->contains(key), key.constData());
            continue;
        }
        const auto value = parsed->value(key);
        QVERIFY2(value.has_value(), key.constData());
        QCOMPARE(value->toHex(), test::hexValue(g[u"value_hex"]).toHex());
        QCOMPARE(value->size(), qsizetype(len));
    }
    QCOMPARE(parsed->u64("u"), quint64(0x1234abcd));
    QCOMPARE(parsed->u64("big"), ~quint64(0));
    QCOMPARE(parsed->i64("neg"), qint64(5)); // the minus sign was lost by the writer
    QCOMPARE(parsed->boolean("t"), true);
    QCOMPARE(parsed->boolean("f", true), false);
    QCOMPARE(parsed->address("a"), Address(0x89e92ceee5ULL));
    QCOMPARE(parsed->string("eq"), QStringLiteral("x=y"));
}

void TestDictionary::readingRulesVector()
{
    const QJsonObject c = test::loadVectorJson(QStringLiteral("dictionary.json"))[u"cases"].toArray()[1].toObject();
    const QByteArray loaded = test::hexValue(c[u"loaded_bytes"]);
    QVERIFY(!loaded.isEmpty());
    const auto parsed = Dictionary::parse(loaded);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed->bytes("k1"), c[u"k1"].toString().toLatin1()); // first occurrence wins
    QCOMPARE(parsed->bytes("k2").toHex(), test::hexValue(c[u"k2_hex"]).toHex());
    QVERIFY(parsed->contains("k3"));
    QCOMPARE(parsed->bytes("k3").size(), qsizetype(c[u"k3_len"].toInt()));
}

void TestDictionary::escapingTable()
{
    // docs/protocol/dictionary.md §2 and docs/protocol/netconf.md §1.8 (RT/I/R escaped forms).
    QCOMPARE(Dictionary::escape(QByteArray("\0\r\n\\=", 5)), QByteArray("\\0\\r\\n\\\\\\e"));
    QCOMPARE(Dictionary::escape(QByteArray::fromHex("040a931100001800000000")).toHex(),
             QByteArray("045c6e93115c305c30185c305c305c305c30"));
    QCOMPARE(Dictionary::escape(QByteArray::fromHex("0100")).toHex(), QByteArray("015c30"));
    // Other control bytes and high bytes are copied raw.
    QCOMPARE(Dictionary::escape(QByteArray::fromHex("01097fff")).toHex(), QByteArray("01097fff"));
}

void TestDictionary::keyMatchingIsExact()
{
    const auto d = Dictionary::parse("tt=0000000000\nCAP=x\nnoequals\nt=1");
    QVERIFY(d.ok());
    QCOMPARE(d->bytes("t"), QByteArray("1"));
    QVERIFY(!d->contains("C"));
    QVERIFY(!d->contains("noequals"));
    QCOMPARE(d->size(), qsizetype(3));
}

void TestDictionary::integerReading()
{
    const auto d = Dictionary::parse("a=1b\nb=\nc=0x10\nd=zz\ne=ffffffffffffffffff\nf=-1\ng=7g");
    QVERIFY(d.ok());
    QCOMPARE(d->u64("a"), quint64(0x1b));
    QCOMPARE(d->u64("b", 42), quint64(42)); // empty → default
    QCOMPARE(d->u64("c"), quint64(0x10));
    QCOMPARE(d->u64("d", 42), quint64(0)); // no digits → 0, like strtoull
    QCOMPARE(d->u64("e"), ~quint64(0));    // overflow saturates
    QCOMPARE(d->u64("missing", 9), quint64(9));
    QCOMPARE(d->i64("f"), qint64(-1));
    QCOMPARE(d->i64("e"), std::numeric_limits<qint64>::max());
    QCOMPARE(d->u64("g"), quint64(7));
}

void TestDictionary::booleanReading()
{
    const auto d = Dictionary::parse("a=1\nb=true\nc=T\nd=0\ne=yes\nf=");
    QVERIFY(d.ok());
    QVERIFY(d->boolean("a"));
    QVERIFY(d->boolean("b"));
    QVERIFY(d->boolean("c"));
    QVERIFY(!d->boolean("d", true));
    QVERIFY(!d->boolean("e", true));
    QVERIFY(d->boolean("f", true));
    QVERIFY(d->boolean("missing", true));
}

void TestDictionary::capacity()
{
    const QByteArray big(Dictionary::RequestMetadataCapacity, 'x');
    const auto refused = Dictionary::parse(big, Dictionary::RequestMetadataCapacity);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, ErrorCode::TooLarge);
    QVERIFY(Dictionary::parse(big.first(big.size() - 1), Dictionary::RequestMetadataCapacity).ok());

    QByteArray meta = "v=7\nlong=" + QByteArray(2000, 'y') + "\nafter=1";
    const Dictionary truncated = Dictionary::parseTruncated(meta, Dictionary::RequestMetadataCapacity);
    QCOMPARE(truncated.u64("v"), quint64(7));
    QCOMPARE(truncated.bytes("long").size(), qsizetype(Dictionary::RequestMetadataCapacity - 1 - 9));
    QVERIFY(!truncated.contains("after"));
}

void TestDictionary::nulEndsData()
{
    const auto d = Dictionary::parse(QByteArray("a=1\0b=2", 7));
    QVERIFY(d.ok());
    QVERIFY(d->contains("a"));
    QVERIFY(!d->contains("b"));
}

void TestDictionary::loneBackslash()
{
    const auto d = Dictionary::parse("a=xy\\\nb=\\");
    QVERIFY(d.ok());
    QCOMPARE(d->bytes("a"), QByteArray("xy"));
    QCOMPARE(d->bytes("b"), QByteArray());
}

void TestDictionary::roundTrip()
{
    QByteArray all;
    for (int i = 0; i < 256; ++i)
        all.append(char(i));
    Dictionary d;
    d.addBytes("bin", all);
    d.addAddress("id", Address(0x1797d4487fULL));
    d.addString("n", u"caf\u00e9");
    QCOMPARE(d.toBytes().count('\n'), qsizetype(2)); // no trailing LF; raw LFs in values are escaped
    QVERIFY(!d.toBytes().contains('\0'));
    const auto back = Dictionary::parse(d.toBytes());
    QVERIFY(back.ok());
    QCOMPARE(*back, d);
    QCOMPARE(back->bytes("id"), QByteArray("1797d4487f"));
    QCOMPARE(back->address("id"), Address(0x1797d4487fULL));
    QCOMPARE(back->string("n"), QStringLiteral("caf\u00e9"));

    d.set("n", "other");
    QCOMPARE(d.bytes("n"), QByteArray("other"));
    d.remove("bin");
    QVERIFY(!d.contains("bin"));
}

void TestDictionary::requestMetadataFromCapture()
{
    // The real request of a 1.14.1 member (join-conversation.json): nwid(8) | len(2) | metadata | rev | ts.
    const QJsonArray packets = test::loadVectorJson(QStringLiteral("join-conversation.json"))[u"packets"].toArray();
    int checked = 0;
    for (const QJsonValue &v : packets) {
        const QJsonObject p = v.toObject();
        if (p[u"verb_name"].toString() != u"NETWORK_CONFIG_REQUEST")
            continue;
        const QByteArray payload = test::hexValue(p[u"payload_hex"]);
        const QJsonObject parsedJson = p[u"parsed"].toObject();
        const int len = (quint8(payload[8]) << 8) | quint8(payload[9]);
        QCOMPARE(len, parsedJson[u"metadata_len"].toInt());
        const QByteArray metaBytes = payload.mid(10, len);

        const auto dict = Dictionary::parse(metaBytes, Dictionary::RequestMetadataCapacity);
        QVERIFY(dict.ok());
        const QJsonArray expected = parsedJson[u"metadata"].toArray();
        QCOMPARE(dict->size(), qsizetype(expected.size()));
        for (int i = 0; i < expected.size(); ++i) {
            const QJsonObject e = expected[i].toObject();
            QCOMPARE(dict->entries()[i].key, e[u"key"].toString().toLatin1());
            QCOMPARE(dict->entries()[i].value, e[u"value"].toString().toLatin1());
        }

        const RequestMetadata m = RequestMetadata::fromBytes(metaBytes);
        QCOMPARE(m.formatVersion, quint64(7));
        QCOMPARE(m.vendor, quint64(1));
        QCOMPARE(m.protocolVersion, qint64(12));
        QCOMPARE(m.majorVersion, qint64(1));
        QCOMPARE(m.minorVersion, qint64(14));
        QCOMPARE(m.revision, qint64(1));
        QCOMPARE(m.maxRules, quint64(1024));
        QCOMPARE(m.maxCapabilities, quint64(128));
        QCOMPARE(m.maxCapabilityRules, quint64(64));
        QCOMPARE(m.maxTags, quint64(128));
        QCOMPARE(m.flags, quint64(0));
        QCOMPARE(m.rulesEngineRevision, qint64(1));
        QCOMPARE(m.os, QStringLiteral("linux/x86_64"));
        QVERIFY(m.authToken.isEmpty());
        // Our writer (used by the member simulator) gives the node's exact bytes.
        QCOMPARE(m.toDictionary().toBytes(), metaBytes);
        QCOMPARE(RequestMetadata::zeroTier114().toDictionary().toBytes(), metaBytes);
        ++checked;
    }
    QVERIFY(checked >= 5);
}

void TestDictionary::requestMetadataDefaults()
{
    const RequestMetadata m = RequestMetadata::fromBytes("v=0000000000000006\na=token:abc\n");
    QCOMPARE(m.formatVersion, quint64(6));
    QCOMPARE(m.majorVersion, qint64(-1));
    QCOMPARE(m.rulesEngineRevision, qint64(0));
    QCOMPARE(m.authToken, QStringLiteral("abc"));
    QVERIFY(m.toDictionary().toBytes().contains("a=token:abc"));
    QVERIFY(!m.toDictionary().contains("majv"));
}

QTEST_APPLESS_MAIN(TestDictionary)
#include "tst_dictionary.moc"
