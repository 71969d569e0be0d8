// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/vectors.h"
#include "core/protocol/inetaddress.h"

#include <QtTest>

using namespace tier;

class TestInetAddress final : public QObject
{
    Q_OBJECT

private slots:
    void vectors_data();
    void vectors();
    void nullForm();
    void reservedTypesSkipped();
    void malformedWire();
    void malformedText_data();
    void malformedText();
    void ipv6Text_data();
    void ipv6Text();
    void networkAndContains();
};

void TestInetAddress::vectors_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QByteArray>("serialized");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("ipText");
    QTest::addColumn<int>("port");

    const QJsonArray cases = test::loadVectorJson(QStringLiteral("inetaddress.json"))[u"cases"].toArray();
    QVERIFY(cases.size() >= 10);
    for (const QJsonValue &v : cases) {
        const QJsonObject c = v.toObject();
        if (!c.contains(u"toString"))
            continue; // the null case, tested separately
        const QString input = c[u"input"].toString();
        QTest::newRow(qPrintable(input)) << input << test::hexValue(c[u"serialized"]) << c[u"toString"].toString()
                                         << c[u"toIpString"].toString() << c[u"port_or_bits"].toInt();
    }
}

void TestInetAddress::vectors()
{
    QFETCH(QString, input);
    QFETCH(QByteArray, serialized);
    QFETCH(QString, text);
    QFETCH(QString, ipText);
    QFETCH(int, port);

    const auto parsed = InetAddress::fromString(input);
    QVERIFY(parsed.has_value());
    QCOMPARE(parsed->toBytes().toHex(), serialized.toHex());
    QCOMPARE(parsed->toString(), text);
    QCOMPARE(parsed->toIpString(), ipText);
    QCOMPARE(int(parsed->port()), port);
    QCOMPARE(parsed->prefixLength(), port);

    const Result<InetAddress> decoded = InetAddress::fromBytes(serialized);
    QVERIFY(decoded.ok());
    QCOMPARE(decoded.value(), *parsed);
    QCOMPARE(decoded->toString(), text);

    // Reading from a longer buffer leaves the reader right after the address.
    QByteArray longer = serialized + QByteArray("\xaa\xbb", 2);
    ByteReader reader(longer);
    const Result<InetAddress> fromReader = InetAddress::read(reader);
    QVERIFY(fromReader.ok());
    QCOMPARE(reader.remaining(), 2);

    // Every truncation of the wire form is refused.
    for (qsizetype n = 0; n < serialized.size(); ++n)
        QVERIFY(!InetAddress::fromBytes(QByteArrayView(serialized).first(n)).ok());
}

void TestInetAddress::nullForm()
{
    const QJsonArray cases = test::loadVectorJson(QStringLiteral("inetaddress.json"))[u"cases"].toArray();
    QByteArray nullWire;
    for (const QJsonValue &v : cases) {
        if (!v.toObject().contains(u"toString"))
            nullWire = test::hexValue(v.toObject()[u"serialized"]);
    }
    QCOMPARE(nullWire, QByteArray(1, '\0'));
    QCOMPARE(InetAddress().toBytes(), nullWire);
    const auto decoded = InetAddress::fromBytes(nullWire);
    QVERIFY(decoded.ok());
    QVERIFY(decoded->isNull());
    QVERIFY(decoded->toString().isEmpty());
}

void TestInetAddress::reservedTypesSkipped()
{
    const QByteArray wire = QByteArray::fromHex("01112233445566"
                                                "02112233445566"
                                                "030003aabbcc"
                                                "047f00000104d2");
    ByteReader reader(wire);
    for (int i = 0; i < 3; ++i) {
        const auto a = InetAddress::read(reader);
        QVERIFY(a.ok());
        QVERIFY(a->isNull());
    }
    const auto last = InetAddress::read(reader);
    QVERIFY(last.ok());
    QCOMPARE(last->toString(), QStringLiteral("127.0.0.1/1234"));
    QVERIFY(reader.atEnd());
}

void TestInetAddress::malformedWire()
{
    QCOMPARE(InetAddress::fromBytes(QByteArray::fromHex("05")).error().code, ErrorCode::Malformed);
    QCOMPARE(InetAddress::fromBytes(QByteArray::fromHex("ff0102030405")).error().code, ErrorCode::Malformed);
    QCOMPARE(InetAddress::fromBytes(QByteArray()).error().code, ErrorCode::Truncated);
    QCOMPARE(InetAddress::fromBytes(QByteArray::fromHex("03ffff00")).error().code, ErrorCode::Truncated);
    QCOMPARE(InetAddress::fromBytes(QByteArray::fromHex("047f0000010000ee")).error().code, ErrorCode::Malformed);
}

void TestInetAddress::malformedText_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << QString();
    QTest::newRow("three octets") << QStringLiteral("10.1.2/24");
    QTest::newRow("octet too big") << QStringLiteral("10.1.2.256/24");
    QTest::newRow("port too big") << QStringLiteral("10.1.2.3/65536");
    QTest::newRow("port not a number") << QStringLiteral("10.1.2.3/x");
    QTest::newRow("empty port") << QStringLiteral("10.1.2.3/");
    QTest::newRow("two gaps") << QStringLiteral("fd00::1::2/1");
    QTest::newRow("nine groups") << QStringLiteral("1:2:3:4:5:6:7:8:9");
    QTest::newRow("group too long") << QStringLiteral("12345::1");
    QTest::newRow("letters") << QStringLiteral("hello");
    QTest::newRow("negative") << QStringLiteral("-1.2.3.4");
}

void TestInetAddress::malformedText()
{
    QFETCH(QString, text);
    QVERIFY(!InetAddress::fromString(text).has_value());
}

void TestInetAddress::ipv6Text_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("canonical");
    QTest::newRow("full") << QStringLiteral("2001:0db8:0000:0000:0000:0000:0000:0001") << QStringLiteral("2001:db8::1");
    QTest::newRow("first longest run") << QStringLiteral("1:0:0:2:0:0:0:3") << QStringLiteral("1:0:0:2::3");
    QTest::newRow("tie picks first") << QStringLiteral("1:0:0:2:3:0:0:4") << QStringLiteral("1::2:3:0:0:4");
    QTest::newRow("single zero kept") << QStringLiteral("1:0:2:3:4:5:6:7") << QStringLiteral("1:0:2:3:4:5:6:7");
    QTest::newRow("mapped v4") << QStringLiteral("::ffff:10.1.2.3") << QStringLiteral("::ffff:a01:203");
    QTest::newRow("upper case") << QStringLiteral("FD00::ABCD") << QStringLiteral("fd00::abcd");
}

void TestInetAddress::ipv6Text()
{
    QFETCH(QString, input);
    QFETCH(QString, canonical);
    const auto a = InetAddress::fromIpString(input, 7);
    QVERIFY(a.has_value());
    QCOMPARE(a->toIpString(), canonical);
    QCOMPARE(a->toString(), canonical + QStringLiteral("/7"));
}

void TestInetAddress::networkAndContains()
{
    const auto route = InetAddress::fromString(u"10.147.17.0/24");
    QVERIFY(route);
    QVERIFY(route->containsIp(*InetAddress::fromString(u"10.147.17.5/0")));
    QVERIFY(!route->containsIp(*InetAddress::fromString(u"10.147.18.5/0")));
    QCOMPARE(InetAddress::fromString(u"10.147.17.5/20")->network().toString(), QStringLiteral("10.147.16.0/20"));
    const auto v6 = InetAddress::fromString(u"fd00:1234::/88");
    QVERIFY(v6->containsIp(*InetAddress::fromString(u"fd00:1234::99:9999:1")));
    QVERIFY(!v6->containsIp(*InetAddress::fromString(u"fd00:1235::1")));
    QVERIFY(!v6->containsIp(*InetAddress::fromString(u"10.0.0.1")));
    QVERIFY(InetAddress::fromString(u"127.3.4.5/1")->isLoopback());
    QVERIFY(InetAddress::fromString(u"::1/1")->isLoopback());
    QVERIFY(!InetAddress::fromString(u"10.0.0.1/1")->isLoopback());
    QCOMPARE(InetAddress::fromIPv4(0x0a010203, 9993).toString(), QStringLiteral("10.1.2.3/9993"));
    QCOMPARE(InetAddress::fromIPv4(0x0a010203).ipv4(), 0x0a010203u);
}

QTEST_APPLESS_MAIN(TestInetAddress)
#include "tst_inetaddress.moc"
