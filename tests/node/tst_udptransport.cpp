// SPDX-License-Identifier: GPL-3.0-or-later
// UdpTransport on loopback: port 0, a taken port is a clear error, IPv4 and IPv6 datagrams with
// InetAddress endpoints (IPv4-mapped sources reported as IPv4), address conversions.

#include "core/node/udptransport.h"

#include <QNetworkDatagram>
#include <QSignalSpy>
#include <QTest>
#include <QUdpSocket>

using namespace tier;

class TestUdpTransport final : public QObject
{
    Q_OBJECT

private slots:
    void conversions()
    {
        const InetAddress v4 = UdpTransport::toInetAddress(QHostAddress(QStringLiteral("10.1.2.3")), 9993);
        QCOMPARE(v4.toString(), QStringLiteral("10.1.2.3/9993"));
        const InetAddress mapped = UdpTransport::toInetAddress(QHostAddress(QStringLiteral("::ffff:127.0.0.1")), 5);
        QVERIFY(mapped.isIPv4());
        QCOMPARE(mapped.toString(), QStringLiteral("127.0.0.1/5"));
        const InetAddress v6 = UdpTransport::toInetAddress(QHostAddress(QStringLiteral("fd00::1")), 7);
        QVERIFY(v6.isIPv6());
        QCOMPARE(v6.toString(), QStringLiteral("fd00::1/7"));
        QCOMPARE(UdpTransport::toHostAddress(v6), QHostAddress(QStringLiteral("fd00::1")));
        QCOMPARE(UdpTransport::toHostAddress(v4), QHostAddress(QStringLiteral("10.1.2.3")));
        QVERIFY(UdpTransport::toHostAddress(InetAddress()).isNull());
    }

    void portInUseIsAnError()
    {
        UdpTransport first;
        QVERIFY(first.bind(0, QHostAddress(QHostAddress::LocalHost)).ok());
        QVERIFY(first.localPort() != 0);
        UdpTransport second;
        const Status s = second.bind(first.localPort(), QHostAddress(QHostAddress::LocalHost));
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, ErrorCode::Io);
        QVERIFY(s.error().message.contains(QString::number(first.localPort())));
        QVERIFY(s.error().message.contains(QStringLiteral("in use")));
        QVERIFY(!second.isBound());
    }

    void ipv4RoundTrip()
    {
        UdpTransport t;
        QSignalSpy spy(&t, &UdpTransport::datagramReceived);
        QVERIFY(t.bind(0, QHostAddress(QHostAddress::LocalHost)).ok());
        QUdpSocket peer;
        QVERIFY(peer.bind(QHostAddress(QHostAddress::LocalHost), 0));
        QCOMPARE(peer.writeDatagram("abc", QHostAddress(QHostAddress::LocalHost), t.localPort()), 3);
        QTRY_COMPARE(spy.size(), 1);
        const InetAddress from = spy.first().at(0).value<InetAddress>();
        QCOMPARE(from, InetAddress::fromIPv4(0x7f000001, peer.localPort()));
        QCOMPARE(spy.first().at(1).toByteArray(), QByteArray("abc"));
        QVERIFY(t.send(from, "reply"));
        QTRY_VERIFY(peer.hasPendingDatagrams());
        QCOMPARE(peer.receiveDatagram().data(), QByteArray("reply"));
        QVERIFY(!t.send(InetAddress(), "x"));
    }

    void burstIsReadThenTheTransportRests()
    {
        // More than one batch arrives before the first read: all of it is delivered, and once the
        // socket is empty the transport stops asking to be called again (no queued calls keep coming).
        UdpTransport t;
        QSignalSpy spy(&t, &UdpTransport::datagramReceived);
        QVERIFY(t.bind(0, QHostAddress(QHostAddress::LocalHost)).ok());
        QUdpSocket peer;
        QVERIFY(peer.bind(QHostAddress(QHostAddress::LocalHost), 0));
        constexpr int Burst = 512; // two whole wake-ups of 256 (four batches of 64 each): a re-read finds nothing
        for (int i = 0; i < Burst; ++i)
            QCOMPARE(peer.writeDatagram(QByteArray::number(i), QHostAddress(QHostAddress::LocalHost), t.localPort()),
                     qint64(QByteArray::number(i).size()));
        QTRY_COMPARE(spy.size(), Burst);
        struct CallCounter final : QObject
        {
            int calls = 0;
            bool eventFilter(QObject *, QEvent *e) override
            {
                if (e->type() == QEvent::MetaCall)
                    ++calls;
                return false;
            }
        } counter;
        t.installEventFilter(&counter);
        for (int i = 0; i < 50; ++i)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        QCOMPARE(counter.calls, 0);
        QCOMPARE(spy.size(), Burst);
    }

    void dualStackServesBothFamilies()
    {
        UdpTransport t;
        QSignalSpy spy(&t, &UdpTransport::datagramReceived);
        QVERIFY(t.bind(0, QHostAddress(QHostAddress::Any)).ok());
        QUdpSocket v4;
        QVERIFY(v4.bind(QHostAddress(QHostAddress::LocalHost), 0));
        v4.writeDatagram("four", QHostAddress(QHostAddress::LocalHost), t.localPort());
        QTRY_COMPARE(spy.size(), 1);
        QVERIFY(spy.first().at(0).value<InetAddress>().isIPv4()); // not ::ffff:127.0.0.1
        QUdpSocket v6;
        if (!v6.bind(QHostAddress(QHostAddress::LocalHostIPv6), 0))
            QSKIP("no IPv6 loopback here");
        v6.writeDatagram("six", QHostAddress(QHostAddress::LocalHostIPv6), t.localPort());
        QTRY_COMPARE(spy.size(), 2);
        const InetAddress from6 = spy.at(1).at(0).value<InetAddress>();
        QVERIFY(from6.isIPv6());
        QVERIFY(from6.isLoopback());
        QVERIFY(t.send(from6, "back"));
        QTRY_VERIFY(v6.hasPendingDatagrams());
        QCOMPARE(v6.receiveDatagram().data(), QByteArray("back"));
    }
};

QTEST_GUILESS_MAIN(TestUdpTransport)
#include "tst_udptransport.moc"
