// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/models/joinnotifier.h"

#include <QSignalSpy>
#include <QTest>

using tier::Address;
using tier::JoinNotifier;
using tier::MemberInfo;
using tier::NetworkInfo;

namespace {

constexpr quint64 Office = 0x8056c2e21c000001ULL;
constexpr quint64 Lab = 0x8056c2e21c000002ULL;

MemberInfo joining(quint64 address, quint64 networkId = Office, bool authorized = false)
{
    MemberInfo member;
    member.networkId = networkId;
    member.address = Address(address);
    member.identity = QStringLiteral("placeholder");
    member.authorized = authorized;
    member.pending = !authorized;
    member.lastRequestTime = 1763900000000;
    return member;
}

NetworkInfo network(quint64 id, const QString &name)
{
    NetworkInfo info;
    info.id = id;
    info.name = name;
    return info;
}

struct Fixture
{
    Fixture()
        : ready(&notifier, &JoinNotifier::notificationReady),
          authorize(&notifier, &JoinNotifier::authorizationRequested)
    {
        notifier.setCoalesceInterval(0);
        notifier.setNetworks({network(Office, QStringLiteral("office")), network(Lab, QStringLiteral("home-lab"))});
    }
    JoinNotifier::Notification notification(int i) const
    {
        return ready.at(i).at(0).value<JoinNotifier::Notification>();
    }
    JoinNotifier notifier;
    QSignalSpy ready;
    QSignalSpy authorize;
};

} // namespace

class TestJoinNotifier final : public QObject
{
    Q_OBJECT

private slots:
    void newMemberNotifiesWithNetworkName();
    void sameMemberNotifiedOncePerSession();
    void sameAddressInAnotherNetworkNotifiesAgain();
    void authorizedMemberDoesNotNotify();
    void burstIsCoalesced();
    void burstOverSeveralNetworks();
    void memberAuthorizedDuringBurstIsDropped();
    void authorizeActionAuthorizesEveryMemberOnce();
    void authorizedElsewhereClearsCurrent();
    void deletedMemberIsNotAuthorizedLater();
    void unknownNetworkShowsItsId();
    void renamedNetworkUsesNewName();
};

void TestJoinNotifier::newMemberNotifiesWithNetworkName()
{
    Fixture f;
    QSignalSpy current(&f.notifier, &JoinNotifier::currentChanged);
    QVERIFY(!f.notifier.hasPendingAuthorization());
    f.notifier.handleJoinRequest(joining(0x3a00001f0b));
    QCOMPARE(f.ready.count(), 1);
    QCOMPARE(f.notification(0).title, QStringLiteral("New member wants to join office"));
    QVERIFY(f.notification(0).message.contains(QStringLiteral("3a00001f0b")));
    QCOMPARE(f.notification(0).members.size(), 1);
    QCOMPARE(current.count(), 1);
    QVERIFY(f.notifier.hasPendingAuthorization());
    QCOMPARE(f.authorize.count(), 0); // notifying never authorizes by itself
}

void TestJoinNotifier::sameMemberNotifiedOncePerSession()
{
    Fixture f;
    // A waiting node asks again every few seconds.
    for (int i = 0; i < 5; ++i)
        f.notifier.handleJoinRequest(joining(0xa1));
    QCOMPARE(f.ready.count(), 1);
    // Even after the notification was handled (authorized, then deleted and asking again).
    f.notifier.authorizeCurrent();
    f.notifier.handleJoinRequest(joining(0xa1));
    QCOMPARE(f.ready.count(), 1);
}

void TestJoinNotifier::sameAddressInAnotherNetworkNotifiesAgain()
{
    Fixture f;
    f.notifier.handleJoinRequest(joining(0xa1, Office));
    f.notifier.handleJoinRequest(joining(0xa1, Lab));
    QCOMPARE(f.ready.count(), 2);
    QCOMPARE(f.notification(1).title, QStringLiteral("New member wants to join home-lab"));
}

void TestJoinNotifier::authorizedMemberDoesNotNotify()
{
    Fixture f;
    f.notifier.handleJoinRequest(joining(0xa1, Office, true));
    QCOMPARE(f.ready.count(), 0);
    QVERIFY(!f.notifier.hasPendingAuthorization());
}

void TestJoinNotifier::burstIsCoalesced()
{
    Fixture f;
    f.notifier.setCoalesceInterval(200);
    QCOMPARE(f.notifier.coalesceInterval(), 200);
    for (quint64 a = 1; a <= 4; ++a)
        f.notifier.handleJoinRequest(joining(0xa0 + a));
    f.notifier.handleJoinRequest(joining(0xa2)); // a retry inside the burst
    QCOMPARE(f.ready.count(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(f.ready.count(), 1, 2000);
    QCOMPARE(f.notification(0).title, QStringLiteral("4 new members want to join office"));
    QVERIFY(f.notification(0).message.contains(QStringLiteral("00000000a1, 00000000a2, 00000000a3, 00000000a4")));
    QCOMPARE(f.notification(0).members.size(), 4);
    QTest::qWait(300);
    QCOMPARE(f.ready.count(), 1);
}

void TestJoinNotifier::burstOverSeveralNetworks()
{
    Fixture f;
    f.notifier.setCoalesceInterval(10000);
    f.notifier.handleJoinRequest(joining(0xa1, Office));
    f.notifier.handleJoinRequest(joining(0xb1, Lab));
    f.notifier.flush();
    QCOMPARE(f.ready.count(), 1);
    QCOMPARE(f.notification(0).title, QStringLiteral("2 new members want to join your networks"));
    QVERIFY(f.notification(0).message.contains(QStringLiteral("00000000a1 → office")));
    QVERIFY(f.notification(0).message.contains(QStringLiteral("00000000b1 → home-lab")));
    f.notifier.flush(); // nothing left
    QCOMPARE(f.ready.count(), 1);
}

void TestJoinNotifier::memberAuthorizedDuringBurstIsDropped()
{
    Fixture f;
    f.notifier.setCoalesceInterval(10000);
    f.notifier.handleJoinRequest(joining(0xa1));
    f.notifier.handleJoinRequest(joining(0xa2));
    f.notifier.handleMemberChanged(joining(0xa1, Office, true)); // someone clicked the checkbox meanwhile
    f.notifier.handleMemberChanged(joining(0xa2, Lab, true));    // same address, other network: no effect
    f.notifier.flush();
    QCOMPARE(f.ready.count(), 1);
    QCOMPARE(f.notification(0).members.size(), 1);
    QCOMPARE(f.notification(0).members.first().address, Address(0xa2));

    // A batch whose every member got authorized is not shown at all.
    f.notifier.handleJoinRequest(joining(0xa3));
    f.notifier.handleMemberChanged(joining(0xa3, Office, true));
    f.notifier.flush();
    QCOMPARE(f.ready.count(), 1);
}

void TestJoinNotifier::authorizeActionAuthorizesEveryMemberOnce()
{
    Fixture f;
    f.notifier.setCoalesceInterval(10000);
    f.notifier.handleJoinRequest(joining(0xa1, Office));
    f.notifier.handleJoinRequest(joining(0xb1, Lab));
    f.notifier.flush();
    f.notifier.authorizeCurrent();
    QCOMPARE(f.authorize.count(), 2);
    QCOMPARE(f.authorize.at(0).at(0).value<quint64>(), Office);
    QCOMPARE(f.authorize.at(0).at(1).value<Address>(), Address(0xa1));
    QCOMPARE(f.authorize.at(0).at(2).toBool(), true);
    QCOMPARE(f.authorize.at(1).at(0).value<quint64>(), Lab);
    QCOMPARE(f.authorize.at(1).at(1).value<Address>(), Address(0xb1));
    QVERIFY(!f.notifier.hasPendingAuthorization());
    // A second click (tray menu after the message) does nothing more.
    f.notifier.authorizeCurrent();
    QCOMPARE(f.authorize.count(), 2);
}

void TestJoinNotifier::authorizedElsewhereClearsCurrent()
{
    Fixture f;
    f.notifier.handleJoinRequest(joining(0xa1));
    QVERIFY(f.notifier.hasPendingAuthorization());
    QSignalSpy current(&f.notifier, &JoinNotifier::currentChanged);
    f.notifier.handleMemberChanged(joining(0xa1, Office, false)); // a rename, still not authorized
    QCOMPARE(current.count(), 0);
    f.notifier.handleMemberChanged(joining(0xa1, Office, true));
    QCOMPARE(current.count(), 1);
    QVERIFY(!f.notifier.hasPendingAuthorization());
    f.notifier.authorizeCurrent();
    QCOMPARE(f.authorize.count(), 0);
}

void TestJoinNotifier::deletedMemberIsNotAuthorizedLater()
{
    Fixture f;
    f.notifier.setCoalesceInterval(10000);
    f.notifier.handleJoinRequest(joining(0xa1));
    f.notifier.handleJoinRequest(joining(0xa2));
    f.notifier.flush();
    // The admin deletes one of them in the window; the notification's Authorize must skip it.
    f.notifier.handleMemberRemoved(Office, Address(0xa1));
    f.notifier.handleMemberRemoved(Lab, Address(0xa2)); // other network: no effect
    f.notifier.authorizeCurrent();
    QCOMPARE(f.authorize.count(), 1);
    QCOMPARE(f.authorize.at(0).at(1).value<Address>(), Address(0xa2));
    // Deleted while still collecting: not announced at all.
    f.notifier.handleJoinRequest(joining(0xa3));
    f.notifier.handleMemberRemoved(Office, Address(0xa3));
    f.notifier.flush();
    QCOMPARE(f.ready.count(), 1);
}

void TestJoinNotifier::unknownNetworkShowsItsId()
{
    Fixture f;
    f.notifier.handleJoinRequest(joining(0xa1, 0x1122334455000003ULL));
    QCOMPARE(f.notification(0).title, QStringLiteral("New member wants to join 1122334455000003"));
}

void TestJoinNotifier::renamedNetworkUsesNewName()
{
    Fixture f;
    f.notifier.setNetwork(network(Office, QStringLiteral("hq")));
    f.notifier.handleJoinRequest(joining(0xa1));
    QCOMPARE(f.notification(0).title, QStringLiteral("New member wants to join hq"));
}

QTEST_GUILESS_MAIN(TestJoinNotifier)
#include "tst_joinnotifier.moc"
