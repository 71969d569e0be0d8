// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/vectors.h"
#include "core/controller/controllersender.h"
#include "core/controller/networkcontroller.h"
#include "core/crypto/primitives.h"
#include "core/protocol/configchunk.h"
#include "core/protocol/networkconfig.h"
#include "core/store/database.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QtTest>

using namespace tier;

// Two controllers on one database stand for two instances on one PostgreSQL: B (a standby, no
// sender) writes, A (active) reloads and must send what it would have sent for a local change.
namespace {

constexpr qint64 kStart = 1795462893564;

struct SentError
{
    Address member;
    ProtocolErrorCode code = ProtocolErrorCode::None;
    quint64 networkId = 0;
};

class FakeSender final : public ControllerSender
{
public:
    void sendConfig(Address member, quint64, const QList<QByteArray> &chunks) override
    {
        configs.append({member, chunks});
    }
    void sendError(Address member, quint64, ProtocolErrorCode code, quint64 networkId) override
    {
        errors.append({member, code, networkId});
    }
    void sendRevocation(Address member, const Revocation &revocation) override
    {
        revocations.append({member, revocation});
    }
    void clear()
    {
        configs.clear();
        errors.clear();
        revocations.clear();
    }
    QList<QPair<Address, QList<QByteArray>>> configs;
    QList<SentError> errors;
    QList<QPair<Address, Revocation>> revocations;
};

Identity identityFrom(const QString &text)
{
    auto id = Identity::fromString(text);
    if (!id)
        qFatal("bad identity in vectors");
    return *id;
}

Identity captureIdentity(const char *who, bool secret)
{
    const QJsonObject ids =
        test::loadVectorJson(QStringLiteral("join-conversation.json")).value(QStringLiteral("identities")).toObject();
    return identityFrom(ids.value(QLatin1String(who))
                            .toObject()
                            .value(secret ? QStringLiteral("secret") : QStringLiteral("public"))
                            .toString());
}

Identity vectorIdentity(int index)
{
    const QJsonObject json = test::loadVectorJson(QStringLiteral("identities.json"));
    return identityFrom(json.value(QStringLiteral("identities"))
                            .toArray()
                            .at(index)
                            .toObject()
                            .value(QStringLiteral("public_string"))
                            .toString());
}

InetAddress ip(const char *text)
{
    return InetAddress::fromString(QString::fromLatin1(text)).value_or(InetAddress());
}

std::optional<NetworkConfig> decodeConfig(const QList<QByteArray> &chunks, const Identity &controller)
{
    ConfigReassembler reassembler;
    for (const QByteArray &bytes : chunks) {
        auto chunk = ConfigChunk::decode(bytes);
        if (!chunk || !chunk->verify(controller))
            return std::nullopt;
        auto complete = reassembler.add(*chunk);
        if (!complete)
            return std::nullopt;
        if (!complete->isEmpty()) {
            auto config = NetworkConfig::fromBytes(*complete);
            if (!config)
                return std::nullopt;
            return *config;
        }
    }
    return std::nullopt;
}

} // namespace

class TestControllerReload : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<NetworkController> m_active;
    FakeSender m_sender;
    qint64 m_now = kStart;
    quint64 m_packet = 0x1000;
    Identity m_c;
    Identity m_m;
    Identity m_other;
    quint64 m_nwid = 0;

    std::unique_ptr<NetworkController> makeController(ControllerSender *sender)
    {
        auto c = std::make_unique<NetworkController>(*m_db, m_c, sender, [this] { return m_now; });
        c->setStatusFlushInterval(3600000);
        const Status loaded = c->load();
        if (!loaded)
            qWarning() << loaded.error().message;
        return c;
    }

    void ask(const Identity &member)
    {
        m_now += 5000;
        ConfigRequest r;
        r.member = member.publicOnly();
        r.networkId = m_nwid;
        r.packetId = ++m_packet;
        r.metadata = RequestMetadata::zeroTier114();
        r.physicalAddress = ip("127.0.0.1/19995");
        r.receivedAt = m_now;
        m_active->handleConfigRequest(r);
    }

    /// The standby: a fresh controller reading what the active one flushed.
    std::unique_ptr<NetworkController> standby()
    {
        if (Status flushed = m_active->flushStatus(); !flushed)
            qWarning() << flushed.error().message;
        return makeController(nullptr);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(crypto::initialize());
        m_c = captureIdentity("C", true);
        m_m = captureIdentity("M", false);
        m_other = vectorIdentity(2);
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_db = std::make_unique<Database>(QStringLiteral("reload-test"));
        QVERIFY(m_db->open(DatabaseUri::sqliteFile(QDir(m_dir->path()).filePath(QStringLiteral("c.db")))).ok());
        m_now = kStart;
        m_active = makeController(&m_sender);
        NetworkSettings s;
        s.name = QStringLiteral("lab");
        s.isPrivate = true;
        s.v4AssignZt = true;
        s.pools = {IpPool{ip("10.99.0.10"), ip("10.99.0.250")}};
        NetworkConfig::Route r;
        r.target = ip("10.99.0.0/24");
        s.routes = {r};
        auto created = m_active->createNetwork(s);
        QVERIFY(created.ok());
        m_nwid = created->id;
        // Both members online at the active instance; "other" is authorized, M is pending.
        ask(m_m);
        ask(m_other);
        QVERIFY(m_active->setAuthorized(m_nwid, m_other.address(), true).ok());
        m_sender.clear();
    }

    void cleanup()
    {
        m_active.reset();
        m_db.reset();
        m_dir.reset();
        QVERIFY(QSqlDatabase::connectionNames().isEmpty());
    }

    void unchangedReloadSendsNothing()
    {
        QSignalSpy changed(m_active.get(), &NetworkController::memberChanged);
        QVERIFY(m_active->reloadFromDatabase().ok());
        QVERIFY(m_sender.configs.isEmpty());
        QVERIFY(m_sender.errors.isEmpty());
        QVERIFY(m_sender.revocations.isEmpty());
        QCOMPARE(changed.size(), 0);
        QVERIFY(m_active->isOnline(m_nwid, m_m.address())); // live status survives the reload
    }

    void authorizationElsewhereIsPushed()
    {
        auto b = standby();
        QVERIFY(b->setAuthorized(m_nwid, m_m.address(), true).ok());
        QVERIFY(!m_active->member(m_nwid, m_m.address())->authorized);
        QSignalSpy changed(m_active.get(), &NetworkController::memberChanged);
        QVERIFY(m_active->reloadFromDatabase().ok());
        QVERIFY(m_active->member(m_nwid, m_m.address())->authorized);
        QVERIFY(changed.size() >= 1);
        QCOMPARE(m_sender.configs.size(), 1);
        QCOMPARE(m_sender.configs[0].first, m_m.address());
        const auto config = decodeConfig(m_sender.configs[0].second, m_c.publicOnly());
        QVERIFY(config.has_value());
        QCOMPARE(config->networkId, m_nwid);
        QVERIFY(!config->staticIps.isEmpty()); // the address assigned on the push
        QVERIFY(m_sender.errors.isEmpty());
    }

    // Another instance pre-authorizes a member this one has never seen; its first request reaches this
    // instance before the change notice. The pending record this instance would write from memory must
    // not replace the authorization: the write is refused as a conflict, the request decided again.
    void firstRequestDoesNotUndoAnAuthorizationElsewhere()
    {
        const Identity newcomer = vectorIdentity(3);
        auto b = standby();
        QVERIFY(b->setAuthorized(m_nwid, newcomer.address(), true).ok());
        QVERIFY(!m_active->member(m_nwid, newcomer.address()).has_value()); // no notice yet

        ask(newcomer);
        QVERIFY(m_active->member(m_nwid, newcomer.address())->authorized);
        QCOMPARE(m_sender.configs.size(), 1);
        QCOMPARE(m_sender.configs[0].first, newcomer.address());
        QVERIFY(decodeConfig(m_sender.configs[0].second, m_c.publicOnly()).has_value());
        QVERIFY(m_sender.errors.isEmpty());

        auto check = standby(); // what is stored
        QVERIFY(check->member(m_nwid, newcomer.address())->authorized);
        QCOMPARE(check->member(m_nwid, newcomer.address())->identity, newcomer.publicOnly().toString(false));
    }

    void ipChangeElsewhereIsPushed()
    {
        auto b = standby();
        MemberUpdate u;
        u.ipAssignments = QList<InetAddress>{ip("10.99.0.77")};
        QVERIFY(b->updateMember(m_nwid, m_other.address(), u).ok());
        QVERIFY(m_active->reloadFromDatabase().ok());
        QCOMPARE(m_sender.configs.size(), 1);
        QCOMPARE(m_sender.configs[0].first, m_other.address());
        const auto config = decodeConfig(m_sender.configs[0].second, m_c.publicOnly());
        QVERIFY(config.has_value());
        QCOMPARE(config->staticIps.size(), 1);
        QCOMPARE(config->staticIps[0].toIpString(), QStringLiteral("10.99.0.77"));
    }

    void networkEditElsewhereIsPushedToAuthorizedMembers()
    {
        auto b = standby();
        NetworkSettings s = b->network(m_nwid)->settings;
        s.name = QStringLiteral("renamed");
        QVERIFY(b->updateNetwork(m_nwid, s).ok());
        QSignalSpy changed(m_active.get(), &NetworkController::networkChanged);
        QVERIFY(m_active->reloadFromDatabase().ok());
        QCOMPARE(changed.size(), 1);
        QCOMPARE(m_sender.configs.size(), 1); // M is not authorized
        QCOMPARE(m_sender.configs[0].first, m_other.address());
        QCOMPARE(decodeConfig(m_sender.configs[0].second, m_c.publicOnly())->name, QStringLiteral("renamed"));
    }

    void deauthorizationElsewhereRevokesAndDenies()
    {
        auto b = standby();
        QVERIFY(b->setAuthorized(m_nwid, m_other.address(), false).ok());
        QVERIFY(m_active->reloadFromDatabase().ok());
        QVERIFY(m_sender.configs.isEmpty());
        QCOMPARE(m_sender.revocations.size(), 2); // every online member
        for (const auto &r : std::as_const(m_sender.revocations)) {
            QCOMPARE(r.second.target(), m_other.address());
            QVERIFY(r.second.verify(m_c.publicOnly()));
        }
        QCOMPARE(m_sender.errors.size(), 1);
        QCOMPARE(m_sender.errors[0].member, m_other.address());
        QCOMPARE(m_sender.errors[0].code, ProtocolErrorCode::NetworkAccessDenied);
    }

    void memberDeletedElsewhereIsDenied()
    {
        auto b = standby();
        QVERIFY(b->deleteMember(m_nwid, m_other.address()).ok());
        QSignalSpy removed(m_active.get(), &NetworkController::memberRemoved);
        QVERIFY(m_active->reloadFromDatabase().ok());
        QCOMPARE(removed.size(), 1);
        QVERIFY(!m_active->member(m_nwid, m_other.address()));
        QCOMPARE(m_sender.revocations.size(), 2);
        QCOMPARE(m_sender.errors.size(), 1);
        QCOMPARE(m_sender.errors[0].member, m_other.address());
        QCOMPARE(m_sender.errors[0].code, ProtocolErrorCode::NetworkAccessDenied);
    }

    void networkDeletedElsewhereIsNotFound()
    {
        auto b = standby();
        QVERIFY(b->deleteNetwork(m_nwid).ok());
        QSignalSpy removed(m_active.get(), &NetworkController::networkRemoved);
        QVERIFY(m_active->reloadFromDatabase().ok());
        QCOMPARE(removed.size(), 1);
        QVERIFY(!m_active->network(m_nwid));
        QCOMPARE(m_sender.revocations.size(), 2); // the authorized member, to both online members
        QCOMPARE(m_sender.errors.size(), 2);
        for (const SentError &e : std::as_const(m_sender.errors)) {
            QCOMPARE(e.code, ProtocolErrorCode::ObjectNotFound);
            QCOMPARE(e.networkId, m_nwid);
        }
    }

    void standbySeesStatusTheActiveFlushed()
    {
        auto b = standby();
        QVERIFY(b->flushStatus().ok()); // reports who is online as loaded; nothing new after this
        QSignalSpy status(b.get(), &NetworkController::memberStatusChanged);
        QVERIFY(b->reloadFromDatabase().ok());
        QCOMPARE(status.size(), 0);
        ask(m_m);
        QVERIFY(m_active->flushStatus().ok());
        QVERIFY(b->reloadFromDatabase().ok());
        QCOMPARE(status.size(), 1);
        const auto members = status.at(0).at(0).value<QList<MemberInfo>>();
        QCOMPARE(members.size(), 1);
        QCOMPARE(members[0].address, m_m.address());
        QCOMPARE(members[0].lastRequestTime, m_now);
        QVERIFY(b->isOnline(m_nwid, m_m.address()));
    }
};

QTEST_GUILESS_MAIN(TestControllerReload)
#include "tst_controllerreload.moc"
