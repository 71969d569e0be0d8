// SPDX-License-Identifier: GPL-3.0-or-later
// The controller keeps the active bridges of a network (the `S` specialists of every config) as a
// cached list instead of walking all members per request (a speed fix found by tiermaster-bench).
// This checks that the cache follows every change: bridge on, off, a bridge deleted, and a reload.

#include "core/protocol/configchunk.h"
#include "core/protocol/networkconfig.h"
#include "inprocessharness.h"
#include "node/nodetestsupport.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace tier;
using namespace tier::bench;

namespace {

// Addresses in the `S` list of the last config the harness answered.
QList<Address> bridgesInLastConfig(const BenchSender &sender)
{
    ConfigReassembler reassembler;
    QByteArray dictionary;
    for (const QByteArray &bytes : sender.lastChunks) {
        auto chunk = ConfigChunk::decode(bytes);
        if (!chunk)
            return {Address(1)}; // never a valid answer: makes the comparison fail
        if (auto done = reassembler.add(*chunk); done && !done->isEmpty())
            dictionary = *done;
    }
    auto config = NetworkConfig::fromBytes(dictionary);
    if (!config)
        return {Address(1)};
    QList<Address> out;
    for (quint64 s : config->specialists) {
        if (s & NetworkConfig::SpecialistActiveBridge)
            out.append(Address(s & 0xffffffffffULL));
    }
    return out;
}

} // namespace

class TestBridgeCache final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(crypto::initialize()); }

    void bridgesFollowEveryChange()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QList<Identity> ids = test::loadIdentities(4);
        QCOMPARE(ids.size(), 4);
        const QString path = dir.filePath(QStringLiteral("controller.db"));
        quint64 nwid = 0;
        const Address a = ids[1].address();
        const Address b = ids[2].address();
        const Address c = ids[3].address();
        {
            InProcessHarness h(DatabaseUri::sqliteFile(path), ids[0]);
            QVERIFY(h.open().ok());
            auto created = h.createNetwork(InProcessHarness::benchSettings(QStringLiteral("bridges"), false));
            QVERIFY(created.ok());
            nwid = *created;
            for (int i = 1; i <= 3; ++i)
                h.addMember(ids[i], nwid);
            auto ask = [&](int index) {
                h.advance(1001); // past the per-member rate limit
                const quint64 before = h.sender().configs;
                h.request(index);
                return h.sender().configs == before + 1;
            };
            for (int i = 0; i < 3; ++i)
                QVERIFY(ask(i));
            QCOMPARE(bridgesInLastConfig(h.sender()), QList<Address>());

            MemberUpdate on;
            on.activeBridge = true;
            QVERIFY(h.controller().updateMember(nwid, c, on).ok());
            QVERIFY(ask(0));
            QCOMPARE(bridgesInLastConfig(h.sender()), QList<Address>{c});
            QVERIFY(h.controller().updateMember(nwid, b, on).ok());
            QVERIFY(ask(0));
            QCOMPARE(bridgesInLastConfig(h.sender()), (QList<Address>{std::min(b, c), std::max(b, c)}));

            MemberUpdate off;
            off.activeBridge = false;
            QVERIFY(h.controller().updateMember(nwid, b, off).ok());
            QVERIFY(ask(0));
            QCOMPARE(bridgesInLastConfig(h.sender()), QList<Address>{c});

            // A member's own re-request (which may store new versions) keeps the list as it is.
            QVERIFY(ask(2));
            QCOMPARE(bridgesInLastConfig(h.sender()), QList<Address>{c});

            QVERIFY(h.controller().updateMember(nwid, b, on).ok());
            QVERIFY(h.controller().deleteMember(nwid, c).ok());
            QVERIFY(ask(0));
            QCOMPARE(bridgesInLastConfig(h.sender()), QList<Address>{b});
        }
        // After a restart the list comes from the database.
        InProcessHarness h(DatabaseUri::sqliteFile(path), ids[0]);
        QVERIFY(h.open().ok());
        h.addMember(ids[1], nwid);
        h.advance(1001);
        h.request(0);
        QCOMPARE(bridgesInLastConfig(h.sender()), QList<Address>{b});
        Q_UNUSED(a);
    }
};

QTEST_GUILESS_MAIN(TestBridgeCache)
#include "tst_bridgecache.moc"
