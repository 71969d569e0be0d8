// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/vectors.h"
#include "core/controller/controllersender.h"
#include "core/controller/controllerstate.h"
#include "core/controller/ipassignment.h"
#include "core/controller/networkcontroller.h"
#include "core/controller/statustracker.h"
#include "core/crypto/primitives.h"
#include "core/protocol/configchunk.h"
#include "core/protocol/networkconfig.h"
#include "core/protocol/networkconfigrequest.h"
#include "core/store/database.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QtTest>

using namespace tier;

namespace {

constexpr qint64 kStart = 1795462893564; // the join-conversation capture's clock at t = 0

struct SentConfig
{
    Address member;
    quint64 inRe = 0;
    QList<QByteArray> chunks;
};
struct SentError
{
    Address member;
    quint64 inRe = 0;
    ProtocolErrorCode code = ProtocolErrorCode::None;
    quint64 networkId = 0;
};
struct SentRevocation
{
    Address member;
    Revocation revocation;
};

class FakeSender final : public ControllerSender
{
public:
    void sendConfig(Address member, quint64 inRe, const QList<QByteArray> &chunks) override
    {
        configs.append({member, inRe, chunks});
    }
    void sendError(Address member, quint64 inRe, ProtocolErrorCode code, quint64 networkId) override
    {
        errors.append({member, inRe, code, networkId});
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
    QList<SentConfig> configs;
    QList<SentError> errors;
    QList<SentRevocation> revocations;
};

Identity identityFrom(const QString &text)
{
    auto id = Identity::fromString(text);
    if (!id)
        qFatal("bad identity in vectors");
    return *id;
}

QJsonObject conversation()
{
    static const QJsonObject json = test::loadVectorJson(QStringLiteral("join-conversation.json"));
    return json;
}

Identity captureIdentity(const char *who, bool secret)
{
    const QJsonObject ids = conversation().value(QStringLiteral("identities")).toObject();
    return identityFrom(ids.value(QLatin1String(who))
                            .toObject()
                            .value(secret ? QStringLiteral("secret") : QStringLiteral("public"))
                            .toString());
}

Identity vectorIdentity(int index)
{
    static const QJsonObject json = test::loadVectorJson(QStringLiteral("identities.json"));
    return identityFrom(json.value(QStringLiteral("identities"))
                            .toArray()
                            .at(index)
                            .toObject()
                            .value(QStringLiteral("public_string"))
                            .toString());
}

/// Verifies every chunk with the controller, reassembles and decodes, as a member does.
std::optional<NetworkConfig> decodeConfig(const QList<QByteArray> &chunks, const Identity &controller,
                                          QByteArray *dictionary = nullptr)
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
            if (dictionary)
                *dictionary = *complete;
            auto config = NetworkConfig::fromBytes(*complete);
            if (!config)
                return std::nullopt;
            return *config;
        }
    }
    return std::nullopt;
}

InetAddress ip(const char *text)
{
    return InetAddress::fromString(QString::fromLatin1(text)).value_or(InetAddress());
}

NetworkConfig::Route route(const char *target, const char *via = nullptr)
{
    NetworkConfig::Route r;
    r.target = ip(target);
    if (via)
        r.via = ip(via);
    return r;
}

/// The network of the capture (api_snapshots/04-network-after-auth.json).
NetworkSettings labSettings()
{
    NetworkSettings s;
    s.name = QStringLiteral("ztlab-net");
    s.isPrivate = true;
    s.v4AssignZt = true;
    s.pools = {IpPool{ip("10.99.0.10"), ip("10.99.0.250")}};
    s.routes = {route("10.99.0.0/24")};
    return s;
}

QJsonObject capturedRevocation(const QJsonArray &packets)
{
    for (const QJsonValue &v : packets) {
        const QJsonObject p = v.toObject();
        if (p.value(QStringLiteral("verb_name")).toString() == QStringLiteral("NETWORK_CREDENTIALS"))
            return p.value(QStringLiteral("parsed"))
                .toObject()
                .value(QStringLiteral("revocations"))
                .toArray()
                .at(0)
                .toObject();
    }
    return {};
}

MemberUpdate ipsUpdate(const QList<InetAddress> &ips)
{
    MemberUpdate u;
    u.ipAssignments = ips;
    return u;
}

MemberUpdate noAutoUpdate()
{
    MemberUpdate u;
    u.noAutoAssignIps = true;
    return u;
}

} // namespace

class TestNetworkController : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<NetworkController> m_controller;
    FakeSender m_sender;
    qint64 m_now = kStart;
    Identity m_c;
    Identity m_m;
    quint64 m_packet = 0x1000;

    QString dbPath() const { return QDir(m_dir->path()).filePath(QStringLiteral("controller.db")); }

    std::unique_ptr<NetworkController> makeController()
    {
        auto c = std::make_unique<NetworkController>(*m_db, m_c, &m_sender, [this] { return m_now; });
        c->setStatusFlushInterval(3600000); // tests flush explicitly unless they test the timer
        const Status loaded = c->load();
        if (!loaded)
            qWarning() << loaded.error().message;
        return c;
    }

    ConfigRequest request(const Identity &member, quint64 networkId)
    {
        ConfigRequest r;
        r.member = member.publicOnly();
        r.networkId = networkId;
        r.packetId = ++m_packet;
        r.metadata = RequestMetadata::zeroTier114();
        r.physicalAddress = ip("127.0.0.1/19995");
        r.protocolVersion = 12;
        r.versionMajor = 1;
        r.versionMinor = 14;
        r.versionRevision = 1;
        r.receivedAt = m_now;
        return r;
    }

    /// A request 5 s later than the last one (as a denied node retries).
    void ask(const Identity &member, quint64 networkId)
    {
        m_now += 5000;
        m_controller->handleConfigRequest(request(member, networkId));
    }

    quint64 labNetwork(NetworkSettings settings = labSettings())
    {
        auto created = m_controller->createNetwork(settings);
        if (!created)
            qWarning() << created.error().message;
        return created ? created->id : 0;
    }

    NetworkConfig lastConfig()
    {
        if (m_sender.configs.isEmpty())
            return NetworkConfig();
        return decodeConfig(m_sender.configs.last().chunks, m_c.publicOnly()).value_or(NetworkConfig());
    }

private slots:
    void initTestCase()
    {
        QVERIFY(crypto::initialize());
        m_c = captureIdentity("C", true);
        m_m = captureIdentity("M", false);
        QVERIFY(m_c.hasSecret());
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_db = std::make_unique<Database>(QStringLiteral("controller-test"));
        QVERIFY(m_db->open(DatabaseUri::sqliteFile(dbPath())).ok());
        m_sender.clear();
        m_now = kStart;
        m_controller = makeController();
    }

    void cleanup()
    {
        m_controller.reset();
        m_db.reset();
        m_dir.reset();
        QVERIFY(QSqlDatabase::connectionNames().isEmpty());
    }

    void unknownNetworkIsNotFound()
    {
        const quint64 nwid = (m_c.address().toInt() << 24) | 0x123456;
        m_controller->handleConfigRequest(request(m_m, nwid));
        QCOMPARE(m_sender.errors.size(), 1);
        QCOMPARE(m_sender.errors[0].code, ProtocolErrorCode::ObjectNotFound);
        QCOMPARE(m_sender.errors[0].inRe, m_packet);
        QCOMPARE(m_sender.errors[0].networkId, nwid);
        QVERIFY(m_sender.configs.isEmpty());
        // Another controller's network: no answer at all.
        m_controller->handleConfigRequest(request(m_m, 0x1122334455000001ULL));
        QCOMPARE(m_sender.errors.size(), 1);
    }

    void firstRequestIsPendingAndDenied()
    {
        const quint64 nwid = labNetwork();
        QSignalSpy joins(m_controller.get(), &NetworkController::joinRequested);
        ask(m_m, nwid);
        QCOMPARE(m_sender.errors.size(), 1);
        QCOMPARE(m_sender.errors[0].code, ProtocolErrorCode::NetworkAccessDenied);
        QCOMPARE(m_sender.errors[0].inRe, m_packet);
        QVERIFY(m_sender.configs.isEmpty());
        QCOMPARE(joins.size(), 1);
        const auto pending = m_controller->pendingMembers();
        QCOMPARE(pending.size(), 1);
        QCOMPARE(pending[0].address, m_m.address());
        QVERIFY(pending[0].pending);
        QVERIFY(!pending[0].authorized);
        QCOMPARE(pending[0].identity, m_m.toString(false));
        QCOMPARE(m_controller->network(nwid)->pendingCount, 1);
        // Retries stay denied, are not new join requests, and never get a config.
        ask(m_m, nwid);
        ask(m_m, nwid);
        QCOMPARE(m_sender.errors.size(), 3);
        QCOMPARE(joins.size(), 1);
        QVERIFY(m_sender.configs.isEmpty());
        // Faster than once a second, beyond a burst of three: dropped silently.
        for (int i = 0; i < NetworkController::RequestBurst + 1; ++i) {
            m_now += 100;
            m_controller->handleConfigRequest(request(m_m, nwid));
        }
        // The allowance after a request is RequestBurst - 1 more: two answered, two dropped.
        QCOMPARE(m_sender.errors.size(), 3 + NetworkController::RequestBurst - 1);
        QCOMPARE(m_controller->changeCounters().requestsRateLimited, quint64(2));
        // The pending record survives a restart.
        m_controller = makeController();
        QCOMPARE(m_controller->pendingMembers().size(), 1);
    }

    void authorizePushesAtOnceWithPoolIpRoutesDnsAndCom()
    {
        NetworkSettings s = labSettings();
        s.dns.domain = QStringLiteral("lab.example");
        s.dns.servers = {ip("10.99.0.1")};
        s.routes.append(route("192.168.50.0/24", "10.99.0.1"));
        const quint64 nwid = labNetwork(s);
        ask(m_m, nwid);
        m_sender.clear();
        QSignalSpy changed(m_controller.get(), &NetworkController::memberChanged);

        auto authorized = m_controller->setAuthorized(nwid, m_m.address(), true);
        QVERIFY(authorized.ok());
        QVERIFY(authorized->authorized);
        QCOMPARE(m_sender.configs.size(), 1); // pushed without waiting for the next request
        QCOMPARE(m_sender.configs[0].inRe, quint64(0));
        QCOMPARE(m_sender.configs[0].member, m_m.address());
        QVERIFY(changed.size() >= 1);

        const auto config = decodeConfig(m_sender.configs[0].chunks, m_c.publicOnly());
        QVERIFY(config.has_value());
        QCOMPARE(config->networkId, nwid);
        QCOMPARE(config->issuedTo, m_m.address());
        QCOMPARE(config->timestamp, m_now);
        // The reference's worked example (docs/protocol/controller-logic.md §5): 1797d4487f in .10–.250 gets .137.
        QCOMPARE(config->staticIps, QList<InetAddress>{ip("10.99.0.137/24")});
        QCOMPARE(config->routes.size(), 2);
        QCOMPARE(config->routes[0], route("10.99.0.0/24"));
        QCOMPARE(config->routes[1], route("192.168.50.0/24", "10.99.0.1"));
        QCOMPARE(config->dns.domain, QStringLiteral("lab.example"));
        QCOMPARE(config->dns.servers, QList<InetAddress>{ip("10.99.0.1")});
        QCOMPARE(config->type, NetworkConfig::Type::Private);
        QCOMPARE(config->name, QStringLiteral("ztlab-net"));
        QCOMPARE(config->rules.size(), 1);
        QCOMPARE(config->rules[0].type(), RuleType::ActionAccept);
        QCOMPARE(config->credentialTimeMaxDelta, quint64(1800000));

        QVERIFY(config->com.has_value());
        QVERIFY(config->com->verify(m_c.publicOnly()));
        QCOMPARE(config->com->issuedTo(), m_m.address());
        QCOMPARE(config->com->networkId(), nwid);
        QCOMPARE(config->com->timestamp(), m_now);
        QCOMPARE(config->com->timestampMaxDelta(), quint64(1800000));
        QCOMPARE(config->certificatesOfOwnership.size(), 1);
        QVERIFY(config->certificatesOfOwnership[0].verify(m_c.publicOnly()));
        QCOMPARE(config->certificatesOfOwnership[0].ips(), QList<InetAddress>{ip("10.99.0.137")});

        // A second member's COM agrees with the first one's (and within the time window only).
        const Identity other = vectorIdentity(1);
        ask(other, nwid);
        QVERIFY(m_controller->setAuthorized(nwid, other.address(), true).ok());
        const NetworkConfig second = lastConfig();
        QVERIFY(second.com.has_value());
        QCOMPARE(second.issuedTo, other.address());
        QVERIFY(config->com->agreesWith(*second.com, other));
        QVERIFY(second.com->agreesWith(*config->com, m_m.publicOnly()));
        QVERIFY(!config->com->agreesWith(*second.com, m_m.publicOnly())); // wrong identity for that COM

        // The assignment is stored: the same address after a restart and on the next request.
        m_controller = makeController();
        QCOMPARE(m_controller->member(nwid, m_m.address())->ipAssignments, QList<InetAddress>{ip("10.99.0.137")});
        m_sender.clear();
        ask(m_m, nwid);
        QCOMPARE(m_sender.configs.size(), 1);
        QCOMPARE(m_sender.configs[0].inRe, m_packet);
        QCOMPARE(lastConfig().staticIps, QList<InetAddress>{ip("10.99.0.137/24")});
    }

    void routeChangePushesHigherRevision()
    {
        const quint64 nwid = labNetwork();
        ask(m_m, nwid);
        QVERIFY(m_controller->setAuthorized(nwid, m_m.address(), true).ok());
        const quint64 revision = lastConfig().revision;
        m_sender.clear();
        m_now += 2000;
        NetworkSettings s = m_controller->network(nwid)->settings;
        s.routes.append(route("172.16.0.0/16", "10.99.0.1"));
        auto updated = m_controller->updateNetwork(nwid, s);
        QVERIFY(updated.ok());
        QCOMPARE(updated->revision, revision + 1);
        QCOMPARE(m_sender.configs.size(), 1);
        QCOMPARE(m_sender.configs[0].inRe, quint64(0));
        const NetworkConfig pushed = lastConfig();
        QCOMPARE(pushed.revision, revision + 1);
        QCOMPARE(pushed.routes.size(), 2);
        QCOMPARE(pushed.routes[1], route("172.16.0.0/16", "10.99.0.1"));
        // Saving the same settings is no change: no revision, no push.
        m_sender.clear();
        QCOMPARE(m_controller->updateNetwork(nwid, s)->revision, revision + 1);
        QVERIFY(m_sender.configs.isEmpty());
        // An offline member (no request for 120 s) gets no push.
        m_now += 121000;
        s.mtu = 1400;
        QVERIFY(m_controller->updateNetwork(nwid, s).ok());
        QVERIFY(m_sender.configs.isEmpty());
    }

    void enablingAssignmentPushesDistinctAddressesToAllOnline()
    {
        NetworkSettings s = labSettings();
        s.v4AssignZt = false;
        s.pools = {IpPool{ip("10.99.0.10"), ip("10.99.0.12")}}; // small, so collisions are likely
        const quint64 nwid = labNetwork(s);
        const QList<Identity> members{vectorIdentity(0), vectorIdentity(1), vectorIdentity(2)};
        for (const Identity &id : members) {
            ask(id, nwid);
            QVERIFY(m_controller->setAuthorized(nwid, id.address(), true).ok());
            QVERIFY(lastConfig().staticIps.isEmpty());
        }
        m_sender.clear();
        QSignalSpy changed(m_controller.get(), &NetworkController::memberChanged);
        s.v4AssignZt = true;
        s.pools = {IpPool{ip("10.99.0.10"), ip("10.99.0.13")}}; // three usable: .13 is never chosen
        QVERIFY(m_controller->updateNetwork(nwid, s).ok());
        QCOMPARE(m_sender.configs.size(), 3);
        QCOMPARE(changed.size(), 3);
        QSet<InetAddress> seen;
        for (const SentConfig &sent : m_sender.configs) {
            const auto config = decodeConfig(sent.chunks, m_c.publicOnly());
            QVERIFY(config.has_value());
            QCOMPARE(config->staticIps.size(), 1);
            seen.insert(config->staticIps[0]);
        }
        QCOMPARE(seen, (QSet<InetAddress>{ip("10.99.0.10/24"), ip("10.99.0.11/24"), ip("10.99.0.12/24")}));
        m_controller = makeController();
        QSet<InetAddress> stored;
        for (const MemberInfo &m : m_controller->members(nwid))
            stored.insert(m.ipAssignments.value(0).withPort(24));
        QCOMPARE(stored, seen);
    }

    void invalidSettingsChangeNothing()
    {
        const quint64 nwid = labNetwork();
        const NetworkDetails before = *m_controller->network(nwid);
        NetworkSettings bad = before.settings;
        bad.mtu = 100;
        auto refused = m_controller->updateNetwork(nwid, bad);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().message.contains(QStringLiteral("1280…10000")), qPrintable(refused.error().message));
        bad = before.settings;
        bad.rulesJson = QStringLiteral("[{\"type\":\"NO_SUCH_RULE\"}]");
        QVERIFY(!m_controller->updateNetwork(nwid, bad).ok());
        bad = before.settings;
        bad.pools = {IpPool{ip("10.99.0.250"), ip("10.99.0.10")}};
        QVERIFY(!m_controller->updateNetwork(nwid, bad).ok());
        QCOMPARE(m_controller->network(nwid)->revision, before.revision);
        QCOMPARE(m_controller->network(nwid)->settings, before.settings);
        m_controller = makeController();
        QCOMPARE(m_controller->network(nwid)->settings, before.settings);
    }

    void routeWithHostBitsIsStoredAsGivenWithAWarning()
    {
        // As the reference controller: kept as given (an import must move in unchanged), warned about.
        const quint64 nwid = labNetwork();
        NetworkSettings s = m_controller->network(nwid)->settings;
        s.routes = {route("10.99.0.5/24")};
        QSignalSpy changed(m_controller.get(), &NetworkController::networkChanged);
        auto stored = m_controller->updateNetwork(nwid, s);
        QVERIFY2(stored.ok(), stored.ok() ? "" : qPrintable(stored.error().message));
        QCOMPARE(stored->settings.routes.first().target, ip("10.99.0.5/24"));
        QCOMPARE(stored->warnings.size(), 1);
        QCOMPARE(stored->warnings.first().kind, NetworkFinding::Kind::RouteHostBits);
        QVERIFY2(stored->warnings.first().message().contains(QStringLiteral("10.99.0.0/24")),
                 qPrintable(stored->warnings.first().message()));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().first().value<NetworkDetails>().warnings, stored->warnings);
        m_controller = makeController();
        QCOMPARE(m_controller->network(nwid)->settings.routes.first().target, ip("10.99.0.5/24"));
        QCOMPARE(m_controller->warnings(nwid), stored->warnings);
        s.routes = {route("10.99.0.0/24")};
        QVERIFY(m_controller->updateNetwork(nwid, s)->warnings.isEmpty());
    }

    void warningsFollowMembersAndOtherNetworks()
    {
        const quint64 nwid = labNetwork();
        QVERIFY(m_controller->warnings(nwid).isEmpty());
        QSignalSpy changed(m_controller.get(), &NetworkController::networkChanged);

        // A manual address outside every route: a warning, and networkChanged so that the window shows it.
        MemberUpdate outside;
        outside.ipAssignments = QList<InetAddress>{ip("192.168.7.7")};
        QVERIFY(m_controller->updateMember(nwid, m_m.address(), outside).ok());
        QCOMPARE(changed.size(), 1);
        const NetworkDetails withMember = changed.takeFirst().first().value<NetworkDetails>();
        QCOMPARE(withMember.id, nwid);
        QCOMPARE(withMember.warnings.size(), 1);
        QCOMPARE(withMember.warnings.first().kind, NetworkFinding::Kind::MemberIpOutsideRoutes);
        QVERIFY(withMember.warnings.first().message().contains(m_m.address().toString()));
        // Another edit that leaves the warnings as they are does not announce the network again.
        MemberUpdate named;
        named.name = QStringLiteral("pc");
        QVERIFY(m_controller->updateMember(nwid, m_m.address(), named).ok());
        QCOMPARE(changed.size(), 0);
        MemberUpdate inside;
        inside.ipAssignments = QList<InetAddress>{ip("10.99.0.7")};
        QVERIFY(m_controller->updateMember(nwid, m_m.address(), inside).ok());
        QCOMPARE(changed.size(), 1);
        QVERIFY(changed.takeFirst().first().value<NetworkDetails>().warnings.isEmpty());

        // A second network whose pool overlaps: both networks warn, and the first is announced.
        NetworkSettings second = labSettings();
        second.name = QStringLiteral("second");
        second.pools = {IpPool{ip("10.99.0.200"), ip("10.99.0.220")}};
        auto created = m_controller->createNetwork(second);
        QVERIFY(created.ok());
        QCOMPARE(created->warnings.size(), 1);
        QCOMPARE(created->warnings.first().kind, NetworkFinding::Kind::PoolsOverlapOtherNetwork);
        QCOMPARE(m_controller->warnings(nwid).size(), 1);
        bool firstAnnounced = false;
        for (const QList<QVariant> &signal : std::as_const(changed)) {
            const NetworkDetails d = signal.first().value<NetworkDetails>();
            if (d.id == nwid)
                firstAnnounced = d.warnings == m_controller->warnings(nwid);
        }
        QVERIFY(firstAnnounced);
        changed.clear();
        QVERIFY(m_controller->deleteNetwork(created->id).ok());
        QVERIFY(m_controller->warnings(nwid).isEmpty());
        QCOMPARE(changed.size(), 1);
        QVERIFY(changed.first().first().value<NetworkDetails>().warnings.isEmpty());

        // A member that joins and is given an address from the pool adds no warning; deleting a
        // member whose address was outside every route takes its warning along.
        QVERIFY(m_controller->updateMember(nwid, m_m.address(), outside).ok());
        QCOMPARE(m_controller->network(nwid)->warnings.size(), 1);
        ask(vectorIdentity(2), nwid);
        QVERIFY(m_controller->setAuthorized(nwid, vectorIdentity(2).address(), true).ok());
        QCOMPARE(m_controller->network(nwid)->warnings.size(), 1);
        changed.clear();
        QVERIFY(m_controller->deleteMember(nwid, m_m.address()).ok());
        QCOMPARE(changed.size(), 1);
        QVERIFY(m_controller->network(nwid)->warnings.isEmpty());

        // The members named are kept up to date member by member; a change of the routes judges every
        // member's addresses again. Named in ascending address order.
        const Identity low =
            vectorIdentity(3).address() < vectorIdentity(4).address() ? vectorIdentity(3) : vectorIdentity(4);
        const Identity high = low.address() == vectorIdentity(3).address() ? vectorIdentity(4) : vectorIdentity(3);
        MemberUpdate outsideToo;
        outsideToo.ipAssignments = QList<InetAddress>{ip("192.168.7.8")};
        QVERIFY(m_controller->updateMember(nwid, high.address(), outsideToo).ok());
        QVERIFY(m_controller->updateMember(nwid, low.address(), outside).ok());
        QList<NetworkFinding> findings = m_controller->warnings(nwid);
        QCOMPARE(findings.size(), 2);
        QVERIFY(findings[0].message().contains(low.address().toString()));
        QVERIFY(findings[1].message().contains(high.address().toString()));
        NetworkSettings wider = labSettings();
        wider.routes.append(route("192.168.7.0/24"));
        QVERIFY(m_controller->updateNetwork(nwid, wider).ok());
        QVERIFY(m_controller->warnings(nwid).isEmpty());
        QVERIFY(m_controller->updateNetwork(nwid, labSettings()).ok());
        QCOMPARE(m_controller->warnings(nwid).size(), 2);
        QVERIFY(m_controller->updateMember(nwid, high.address(), inside).ok());
        findings = m_controller->warnings(nwid);
        QCOMPARE(findings.size(), 1);
        QVERIFY(findings[0].message().contains(low.address().toString()));
    }

    void deauthorizeRevokesAndDenies()
    {
        const quint64 nwid = labNetwork();
        const Identity other = vectorIdentity(2);
        ask(m_m, nwid);
        ask(other, nwid);
        QVERIFY(m_controller->setAuthorized(nwid, m_m.address(), true).ok());
        QVERIFY(m_controller->setAuthorized(nwid, other.address(), true).ok());
        m_sender.clear();
        m_now += 1000;
        auto deauthorized = m_controller->setAuthorized(nwid, m_m.address(), false);
        QVERIFY(deauthorized.ok());
        QVERIFY(!deauthorized->authorized);
        QCOMPARE(deauthorized->lastDeauthorizedTime, m_now);

        QCOMPARE(m_sender.revocations.size(), 2); // every online member, the target included
        QSet<Address> recipients;
        for (const SentRevocation &r : m_sender.revocations) {
            recipients.insert(r.member);
            QVERIFY(r.revocation.verify(m_c.publicOnly()));
            QCOMPARE(r.revocation.target(), m_m.address());
            QCOMPARE(r.revocation.networkId(), nwid);
            QCOMPARE(r.revocation.threshold(), m_now);
            QCOMPARE(r.revocation.credentialType(), CredentialType::CertificateOfMembership);
            QCOMPARE(r.revocation.flags(), Revocation::FlagFastPropagate);
            QCOMPARE(r.revocation.credentialId(), quint32(0));
            // Round trip through the wire form still verifies.
            QVERIFY(Revocation::fromBytes(r.revocation.toBytes())->verify(m_c.publicOnly()));
        }
        QCOMPARE(recipients, (QSet<Address>{m_m.address(), other.address()}));
        QCOMPARE(m_sender.errors.size(), 1);
        QCOMPARE(m_sender.errors[0].member, m_m.address());
        QCOMPARE(m_sender.errors[0].inRe, quint64(0));
        QCOMPARE(m_sender.errors[0].code, ProtocolErrorCode::NetworkAccessDenied);
        QVERIFY(m_sender.configs.isEmpty());

        m_sender.clear();
        ask(m_m, nwid);
        QVERIFY(m_sender.configs.isEmpty());
        QCOMPARE(m_sender.errors.size(), 1);
        QCOMPARE(m_sender.errors[0].code, ProtocolErrorCode::NetworkAccessDenied);
        QCOMPARE(m_sender.errors[0].inRe, m_packet);
        // The other member is untouched.
        ask(other, nwid);
        QCOMPARE(m_sender.configs.size(), 1);
    }

    void networkCountsFollowEveryMemberChange()
    {
        const quint64 nwid = labNetwork();
        const Identity other = vectorIdentity(2);
        auto counts = [&] {
            const NetworkDetails d = *m_controller->network(nwid);
            return QList<int>{d.memberCount, d.authorizedCount, d.pendingCount, d.onlineCount};
        };
        QCOMPARE(counts(), (QList<int>{0, 0, 0, 0}));
        ask(m_m, nwid); // asks: pending, online
        QCOMPARE(counts(), (QList<int>{1, 0, 1, 1}));
        QVERIFY(m_controller->setAuthorized(nwid, other.address(), true).ok()); // never asked
        QCOMPARE(counts(), (QList<int>{2, 1, 1, 1}));
        QVERIFY(m_controller->setAuthorized(nwid, m_m.address(), true).ok());
        QCOMPARE(counts(), (QList<int>{2, 2, 0, 1}));
        QVERIFY(m_controller->setAuthorized(nwid, m_m.address(), false).ok());
        QCOMPARE(counts(), (QList<int>{2, 1, 1, 1}));
        m_now += NetworkController::OnlineWindowMs;
        QCOMPARE(counts(), (QList<int>{2, 1, 1, 0})); // online is a matter of time
        ask(other, nwid);
        QCOMPARE(counts(), (QList<int>{2, 1, 1, 1}));
        ask(m_m, nwid);
        QCOMPARE(counts(), (QList<int>{2, 1, 1, 2}));
        // After a restart the counts and who is online come from the database.
        QVERIFY(m_controller->flushStatus().ok());
        m_controller = makeController();
        QCOMPARE(counts(), (QList<int>{2, 1, 1, 2}));
        m_sender.clear();
        QVERIFY(m_controller->setAuthorized(nwid, other.address(), false).ok());
        QCOMPARE(counts(), (QList<int>{2, 0, 2, 2}));
        QCOMPARE(m_sender.revocations.size(), 2); // both online members learn of it
        QVERIFY(m_controller->deleteMember(nwid, m_m.address()).ok());
        QCOMPARE(counts(), (QList<int>{1, 0, 1, 1}));
        m_sender.clear();
        QVERIFY(m_controller->setAuthorized(nwid, other.address(), true).ok());
        QVERIFY(m_controller->setAuthorized(nwid, other.address(), false).ok());
        QCOMPARE(m_sender.revocations.size(), 1); // the deleted member is no longer told
        QCOMPARE(m_sender.revocations[0].member, other.address());
        QVERIFY(m_controller->deleteMember(nwid, other.address()).ok());
        QCOMPARE(counts(), (QList<int>{0, 0, 0, 0}));
        ask(m_m, nwid); // starts over as a new pending member
        QCOMPARE(counts(), (QList<int>{1, 0, 1, 1}));
    }

    void createWithGivenId()
    {
        const quint64 nwid = (m_c.address().toInt() << 24) | 0x00beef;
        NetworkSettings settings = labSettings();
        settings.name = QStringLiteral("exact");
        auto created = m_controller->createNetwork(nwid, settings);
        QVERIFY(created.ok());
        QCOMPARE(created->id, nwid);
        QCOMPARE(created->revision, quint64(1));
        // Taken, foreign or number 0: refused, nothing else created.
        QCOMPARE(m_controller->createNetwork(nwid, settings).error().code, ErrorCode::Conflict);
        QCOMPARE(m_controller->createNetwork(0x1122334455000001ULL, settings).error().code, ErrorCode::Malformed);
        QCOMPARE(m_controller->createNetwork(m_c.address().toInt() << 24, settings).error().code, ErrorCode::Malformed);
        QCOMPARE(m_controller->networks().size(), 1);
        // It survives a reload, and members can use it.
        m_controller = makeController();
        QCOMPARE(m_controller->network(nwid)->settings.name, QStringLiteral("exact"));
        QVERIFY(m_controller->setAuthorized(nwid, m_m.address(), true).ok());
        ask(m_m, nwid);
        QCOMPARE(m_sender.configs.size(), 1);
    }

    // The network number is random (low 24 bits of the source), never 0 and never one that is taken
    // (moved here from the removed NetworkRepository's tests: the choice is the controller's).
    void createNetworkSkipsZeroAndTakenNumbers()
    {
        QList<quint64> numbers{5, 5, 0, 0x1000000 /* wraps to 0 */, 7};
        m_controller->setRandomSource([&numbers] { return numbers.isEmpty() ? quint64(9) : numbers.takeFirst(); });
        NetworkSettings settings;
        settings.name = QStringLiteral("first");
        const auto first = m_controller->createNetwork(settings);
        settings.name = QStringLiteral("second");
        const auto second = m_controller->createNetwork(settings);
        QVERIFY(first.ok() && second.ok());
        QCOMPARE(first->id, (m_c.address().toInt() << 24) | 5);
        QCOMPARE(second->id, (m_c.address().toInt() << 24) | 7);
        QCOMPARE(controllerOf(first->id), m_c.address());
    }

    void createNetworkGivesUpWhenNoNumberIsFree()
    {
        m_controller->setRandomSource([] { return quint64(0); });
        const auto created = m_controller->createNetwork(labSettings());
        QVERIFY(!created.ok());
        QCOMPARE(created.error().code, ErrorCode::Conflict);
        QVERIFY(m_controller->networks().isEmpty());
        m_controller = makeController();
        QVERIFY(m_controller->networks().isEmpty());
    }

    // The API's member POST: authorization and other fields in one update, one revision.
    void updateMemberAuthorizesTogetherWithOtherFields()
    {
        const quint64 nwid = labNetwork();
        ask(m_m, nwid);
        const quint64 revision = m_controller->member(nwid, m_m.address())->revision;
        const auto before = m_controller->changeCounters();
        m_sender.clear();
        MemberUpdate update;
        update.authorized = true;
        update.name = QStringLiteral("both");
        update.ipAssignments = QList<InetAddress>{ip("10.99.0.77")};
        auto updated = m_controller->updateMember(nwid, m_m.address(), update);
        QVERIFY(updated.ok());
        QVERIFY(updated->authorized);
        QCOMPARE(updated->name, QStringLiteral("both"));
        QCOMPARE(updated->revision, revision + 1);
        QCOMPARE(updated->lastAuthorizedTime, m_now);
        QCOMPARE(m_sender.configs.size(), 1); // online: pushed at once
        QCOMPARE(m_controller->changeCounters().requestsDenied, before.requestsDenied);
        QCOMPARE(m_controller->changeCounters().configsServed, before.configsServed); // a push, not an answer
        QCOMPARE(lastConfig().staticIps.size(), 1);
        QCOMPARE(lastConfig().staticIps[0].toIpString(), QStringLiteral("10.99.0.77"));
        auto after = m_controller->changeCounters();
        QCOMPARE(after.memberAuthorizations, before.memberAuthorizations + 1);
        QCOMPARE(after.memberChanges, before.memberChanges + 1);

        // Deauthorizing through updateMember revokes like setAuthorized.
        m_sender.clear();
        MemberUpdate off;
        off.authorized = false;
        QVERIFY(m_controller->updateMember(nwid, m_m.address(), off).ok());
        QCOMPARE(m_sender.revocations.size(), 1);
        QCOMPARE(m_sender.errors.size(), 1);
        QCOMPARE(m_controller->changeCounters().memberDeauthorizations, after.memberDeauthorizations + 1);
        ask(m_m, nwid);
        QCOMPARE(m_controller->changeCounters().requestsDenied, before.requestsDenied + 1);
        // The same value again changes nothing and counts nothing.
        const auto steady = m_controller->changeCounters();
        QVERIFY(m_controller->updateMember(nwid, m_m.address(), off).ok());
        QCOMPARE(m_controller->changeCounters().memberChanges, steady.memberChanges);
    }

    // Fields the API and controller.d carry beyond what the dialog edits survive a reload.
    void compatibilityFieldsAreKept()
    {
        NetworkSettings settings = labSettings();
        settings.rulesSource = QStringLiteral("accept;");
        settings.remoteTraceTarget = QStringLiteral("1122334455");
        settings.remoteTraceLevel = 2;
        settings.authTokensJson = QStringLiteral("{\"abc\":0}");
        const quint64 nwid = labNetwork(settings);
        const auto before = m_controller->changeCounters().networkChanges;
        m_controller = makeController();
        const NetworkSettings loaded = m_controller->network(nwid)->settings;
        QCOMPARE(loaded.rulesSource, settings.rulesSource);
        QCOMPARE(loaded.remoteTraceTarget, settings.remoteTraceTarget);
        QCOMPARE(loaded.remoteTraceLevel, 2);
        QCOMPARE(loaded.authTokensJson, settings.authTokensJson);
        QVERIFY(before >= 1);
        QCOMPARE(m_controller->changeCounters().networkChanges, quint64(0)); // counted since load()
    }

    void deleteNetworkThenNotFound()
    {
        const quint64 nwid = labNetwork();
        ask(m_m, nwid);
        QVERIFY(m_controller->setAuthorized(nwid, m_m.address(), true).ok());
        m_sender.clear();
        QSignalSpy removed(m_controller.get(), &NetworkController::networkRemoved);
        QVERIFY(m_controller->deleteNetwork(nwid).ok());
        QCOMPARE(removed.size(), 1);
        QCOMPARE(m_sender.revocations.size(), 1);
        QVERIFY(m_sender.revocations[0].revocation.verify(m_c.publicOnly()));
        QCOMPARE(m_sender.errors.size(), 1);
        QCOMPARE(m_sender.errors[0].code, ProtocolErrorCode::ObjectNotFound);
        QCOMPARE(m_sender.errors[0].inRe, quint64(0));
        m_sender.clear();
        ask(m_m, nwid);
        QCOMPARE(m_sender.errors.size(), 1);
        QCOMPARE(m_sender.errors[0].code, ProtocolErrorCode::ObjectNotFound);
        QVERIFY(!m_controller->network(nwid).has_value());
        QVERIFY(!m_controller->deleteNetwork(nwid).ok());
        m_controller = makeController();
        QVERIFY(m_controller->networks().isEmpty());
    }

    void addressesFollowEditsAndDeletes()
    {
        // One address in the pool: who may have it depends on every change before (the network keeps
        // its set of taken addresses up to date instead of scanning its members).
        NetworkSettings s = labSettings();
        s.pools = {IpPool{ip("10.99.0.20"), ip("10.99.0.20")}};
        const quint64 nwid = labNetwork(s);
        const Identity a = vectorIdentity(0);
        const Identity b = vectorIdentity(1);
        const Identity c = vectorIdentity(2);
        ask(a, nwid);
        QVERIFY(m_controller->setAuthorized(nwid, a.address(), true).ok());
        QCOMPARE(lastConfig().staticIps, QList<InetAddress>{ip("10.99.0.20/24")});

        // Deleted: its address is free again for the next member.
        QVERIFY(m_controller->deleteMember(nwid, a.address()).ok());
        m_sender.clear();
        ask(b, nwid);
        QVERIFY(m_controller->setAuthorized(nwid, b.address(), true).ok());
        QCOMPARE(lastConfig().issuedTo, b.address());
        QCOMPARE(lastConfig().staticIps, QList<InetAddress>{ip("10.99.0.20/24")});

        // Given another address by hand: the pool's one is free again.
        MemberUpdate manual;
        manual.ipAssignments = QList<InetAddress>{ip("10.99.0.77")};
        QVERIFY(m_controller->updateMember(nwid, b.address(), manual).ok());
        m_sender.clear();
        ask(c, nwid);
        QVERIFY(m_controller->setAuthorized(nwid, c.address(), true).ok());
        QCOMPARE(lastConfig().issuedTo, c.address());
        QCOMPARE(lastConfig().staticIps, QList<InetAddress>{ip("10.99.0.20/24")});

        // Taken by hand: nobody else gets it.
        MemberUpdate takeIt;
        takeIt.ipAssignments = QList<InetAddress>{ip("10.99.0.77"), ip("10.99.0.20")};
        QVERIFY(!m_controller->updateMember(nwid, b.address(), takeIt).ok()); // c holds .20
        QVERIFY(m_controller->deleteMember(nwid, c.address()).ok());
        QVERIFY(m_controller->updateMember(nwid, b.address(), takeIt).ok());
        m_sender.clear();
        ask(a, nwid);
        QVERIFY(m_controller->setAuthorized(nwid, a.address(), true).ok());
        QCOMPARE(lastConfig().issuedTo, a.address());
        QVERIFY(lastConfig().staticIps.isEmpty());
    }

    void deleteMemberRevokesAndStartsOver()
    {
        const quint64 nwid = labNetwork();
        ask(m_m, nwid);
        QVERIFY(m_controller->setAuthorized(nwid, m_m.address(), true).ok());
        m_sender.clear();
        QVERIFY(m_controller->deleteMember(nwid, m_m.address()).ok());
        QCOMPARE(m_sender.revocations.size(), 1);
        QCOMPARE(m_sender.errors.size(), 1);
        QCOMPARE(m_sender.errors[0].code, ProtocolErrorCode::NetworkAccessDenied);
        QVERIFY(!m_controller->member(nwid, m_m.address()).has_value());
        QSignalSpy joins(m_controller.get(), &NetworkController::joinRequested);
        m_sender.clear();
        ask(m_m, nwid);
        QCOMPARE(joins.size(), 1);
        QCOMPARE(m_sender.errors.size(), 1);
        QVERIFY(m_controller->member(nwid, m_m.address())->pending);
    }

    void twoMembersGetDistinctIps()
    {
        NetworkSettings s = labSettings();
        const quint64 nwid = labNetwork(s);
        // Member 0 takes the address member 1 would pick first, to force a collision.
        const Identity a = vectorIdentity(0);
        const Identity b = vectorIdentity(1);
        const quint32 len = 240;
        const InetAddress bFirst = InetAddress::fromIPv4(0x0a63000a + quint32(b.address().toInt() & 0xffffffff) % len);
        QVERIFY(m_controller->updateMember(nwid, a.address(), ipsUpdate({bFirst})).ok());
        for (const Identity &id : {a, b}) {
            ask(id, nwid);
            QVERIFY(m_controller->setAuthorized(nwid, id.address(), true).ok());
        }
        const auto ipsA = m_controller->member(nwid, a.address())->ipAssignments;
        const auto ipsB = m_controller->member(nwid, b.address())->ipAssignments;
        QCOMPARE(ipsA, QList<InetAddress>{bFirst});
        QCOMPARE(ipsB.size(), 1);
        QVERIFY(ipsA[0] != ipsB[0]);
        QCOMPARE(ipsB[0], InetAddress::fromIPv4(bFirst.ipv4() + 1)); // the next trial of the counter
        // A manual IP already used by someone else is refused and changes nothing.
        auto refused = m_controller->updateMember(nwid, b.address(), ipsUpdate(ipsA));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, ErrorCode::Conflict);
        QCOMPARE(m_controller->member(nwid, b.address())->ipAssignments, ipsB);
    }

    void exhaustedPoolGivesConfigWithoutIp()
    {
        NetworkSettings s = labSettings();
        s.pools = {IpPool{ip("10.99.0.20"), ip("10.99.0.20")}}; // start = end: exactly one address
        const quint64 nwid = labNetwork(s);
        const Identity a = vectorIdentity(0);
        const Identity b = vectorIdentity(1);
        ask(a, nwid);
        QVERIFY(m_controller->setAuthorized(nwid, a.address(), true).ok());
        QCOMPARE(lastConfig().staticIps, QList<InetAddress>{ip("10.99.0.20/24")});
        m_sender.clear();
        ask(b, nwid);
        QVERIFY(m_controller->setAuthorized(nwid, b.address(), true).ok());
        QCOMPARE(m_sender.configs.size(), 1);
        const NetworkConfig config = lastConfig();
        QCOMPARE(config.issuedTo, b.address());
        QVERIFY(config.staticIps.isEmpty());
        QVERIFY(config.certificatesOfOwnership.isEmpty());
        QVERIFY(config.com.has_value());
        QVERIFY(m_controller->member(nwid, b.address())->ipAssignments.isEmpty());
    }

    void poolEndIsNeverChosen()
    {
        // Trap 10: with len = end − start the counter never reaches ipRangeEnd.
        ipassignment::Input in;
        in.networkId = 0x21842fbe0922d490ULL;
        in.v4AssignZt = true;
        in.pools = {IpPool{ip("10.1.0.1"), ip("10.1.0.3")}};
        in.routes = {route("10.1.0.0/24")};
        QSet<InetAddress> seen;
        for (quint64 a = 1; a < 64; ++a) {
            in.member = Address(a);
            const auto out = ipassignment::assign(in);
            QCOMPARE(out.newAssignments.size(), 1);
            seen.insert(out.newAssignments[0]);
        }
        QCOMPARE(seen, (QSet<InetAddress>{ip("10.1.0.1"), ip("10.1.0.2")}));
        // Manual IPs outside every route are not sent.
        in.member = Address(0x1797d4487fULL);
        in.memberIps = {ip("192.168.1.1")};
        in.v4AssignZt = false;
        QVERIFY(ipassignment::assign(in).staticIps.isEmpty());
    }

    void sixPlaneAndRfc4193MatchTheSpec()
    {
        // docs/protocol/controller-logic.md §5 worked examples.
        const quint64 n = 0x170f7e2295000001ULL;
        const Address a(0xb9ab47deedULL);
        QCOMPARE(ipassignment::rfc4193(n, a), ip("fd17:f7e:2295:0:199:93b9:ab47:deed/88"));
        QCOMPARE(ipassignment::rfc4193(n, a).toIpString(), QStringLiteral("fd17:f7e:2295:0:199:93b9:ab47:deed"));
        QCOMPARE(ipassignment::sixPlane(n, a), ip("fc82:f7e:23b9:ab47:deed::1/40"));

        // Through a config: both addresses, in that order, flag 0x04; noAutoAssignIps suppresses them.
        NetworkSettings s = labSettings();
        s.v4AssignZt = false;
        s.v6AssignRfc4193 = true;
        s.v6Assign6plane = true;
        const quint64 nwid = labNetwork(s);
        ask(m_m, nwid);
        QVERIFY(m_controller->setAuthorized(nwid, m_m.address(), true).ok());
        NetworkConfig config = lastConfig();
        QCOMPARE(config.staticIps.size(), 2);
        QCOMPARE(config.staticIps[0], ipassignment::rfc4193(nwid, m_m.address()));
        QCOMPARE(config.staticIps[1], ipassignment::sixPlane(nwid, m_m.address()));
        QVERIFY(config.flags & NetworkConfig::FlagIpv6NdpEmulation);
        QCOMPARE(config.certificatesOfOwnership.value(0).ips().size(), 2);
        m_sender.clear();
        QVERIFY(m_controller->updateMember(nwid, m_m.address(), noAutoUpdate()).ok());
        QCOMPARE(m_sender.configs.size(), 1);
        config = lastConfig();
        QVERIFY(config.staticIps.isEmpty());
        QVERIFY(!(config.flags & NetworkConfig::FlagIpv6NdpEmulation));
    }

    void ipv6PoolAssignsInsideRoute()
    {
        NetworkSettings s = labSettings();
        s.v4AssignZt = false;
        s.v6AssignZt = true;
        s.pools = {IpPool{ip("fd00:1::"), ip("fd00:1::ffff:ffff:ffff")}};
        s.routes = {route("fd00:1::/64")};
        const quint64 nwid = labNetwork(s);
        ask(m_m, nwid);
        QVERIFY(m_controller->setAuthorized(nwid, m_m.address(), true).ok());
        // Trial 0: start + member address (the range spans more than 2^40).
        QCOMPARE(lastConfig().staticIps, QList<InetAddress>{ip("fd00:1::17:97d4:487f/64")});
    }

    void identityMismatchIsDenied()
    {
        const quint64 nwid = labNetwork();
        ask(m_m, nwid);
        QVERIFY(m_controller->setAuthorized(nwid, m_m.address(), true).ok());
        // Same address, another key (a node would never validate it; the controller must not trust it).
        const Identity impostor = identityFrom(m_m.address().toString() + QStringLiteral(":0:") +
                                               QString::fromLatin1(vectorIdentity(3).publicKey().toHex()));
        QCOMPARE(impostor.address(), m_m.address());
        QVERIFY(!(impostor == m_m));
        m_sender.clear();
        ask(impostor, nwid);
        QVERIFY(m_sender.configs.isEmpty());
        QCOMPARE(m_sender.errors.size(), 1);
        QCOMPARE(m_sender.errors[0].code, ProtocolErrorCode::NetworkAccessDenied);
        QCOMPARE(m_controller->member(nwid, m_m.address())->identity, m_m.toString(false)); // still pinned
    }

    void preAuthorizedMemberGetsConfigOnFirstRequest()
    {
        const quint64 nwid = labNetwork();
        auto pre = m_controller->setAuthorized(nwid, m_m.address(), true);
        QVERIFY(pre.ok());
        QVERIFY(pre->identity.isEmpty());
        QVERIFY(!pre->pending);
        QVERIFY(m_sender.configs.isEmpty()); // never asked: nothing to push to
        QVERIFY(!m_controller->setAuthorized(nwid, Address(), true).ok());
        ask(m_m, nwid);
        QCOMPARE(m_sender.configs.size(), 1);
        QCOMPARE(m_sender.configs[0].inRe, m_packet);
        QCOMPARE(m_controller->member(nwid, m_m.address())->identity, m_m.toString(false)); // learned and pinned
    }

    void rulesCapabilitiesAndTags()
    {
        NetworkSettings s = labSettings();
        s.rulesJson = QStringLiteral("[{\"type\":\"MATCH_ETHERTYPE\",\"etherType\":2048,\"not\":true},"
                                     "{\"type\":\"ACTION_DROP\"},{\"type\":\"ACTION_ACCEPT\"}]");
        s.capabilitiesJson = QStringLiteral("[{\"id\":1,\"default\":true,\"rules\":[{\"type\":\"ACTION_ACCEPT\"}]},"
                                            "{\"id\":2,\"rules\":[{\"type\":\"ACTION_DROP\"}]}]");
        s.tagsJson = QStringLiteral("[{\"id\":5,\"default\":7},{\"id\":6}]");
        // Public, so that the member's first request already builds a config: default capabilities go
        // to members whose record is new at that moment (docs/protocol/controller-logic.md §4). In a private network
        // the first request only creates the pending record, so, as in the reference, defaults are
        // not granted there later.
        s.isPrivate = false;
        const quint64 nwid = labNetwork(s);
        ask(m_m, nwid);
        NetworkConfig config = lastConfig();
        QCOMPARE(config.rules.size(), 3);
        QCOMPARE(config.rules[0].type(), RuleType::MatchEthertype);
        QVERIFY(config.rules[0].invert);
        QCOMPARE(config.rules[1].type(), RuleType::ActionDrop);
        // The default capability was given to the new member, the other one was not.
        QCOMPARE(config.capabilities.size(), 1);
        QCOMPARE(config.capabilities[0].id(), quint32(1));
        QVERIFY(config.capabilities[0].verify(m_c.publicOnly()));
        QCOMPARE(config.capabilities[0].holder(), m_m.address());
        QCOMPARE(config.tags.size(), 1);
        QCOMPARE(config.tags[0].id(), quint32(5));
        QCOMPARE(config.tags[0].value(), quint32(7));
        QVERIFY(config.tags[0].verify(m_c.publicOnly()));
        const MemberInfo member = *m_controller->member(nwid, m_m.address());
        QCOMPARE(member.capabilities, QList<quint32>{1});
        QCOMPARE(member.tags, (QList<QPair<quint32, quint32>>{{5, 7}}));

        // A node without a rules engine gets accept-all and no credentials.
        m_now += 5000;
        ConfigRequest old = request(m_m, nwid);
        old.metadata.rulesEngineRevision = 0;
        m_sender.clear();
        m_controller->handleConfigRequest(old);
        config = lastConfig();
        QCOMPARE(config.rules.size(), 1);
        QCOMPARE(config.rules[0].type(), RuleType::ActionAccept);
        QVERIFY(config.capabilities.isEmpty());
        QVERIFY(config.tags.isEmpty());

        // Out-of-range numbers are refused, not converted.
        NetworkSettings bad = s;
        bad.tagsJson = QStringLiteral("[{\"id\":1e20}]");
        QVERIFY(!m_controller->updateNetwork(nwid, bad).ok());
        bad = s;
        bad.capabilitiesJson = QStringLiteral("[{\"id\":-1,\"rules\":[]}]");
        QVERIFY(!m_controller->updateNetwork(nwid, bad).ok());
    }

    void warmAnswersReuseCredentials()
    {
        NetworkSettings s = labSettings();
        s.capabilitiesJson = QStringLiteral("[{\"id\":1,\"default\":true,\"rules\":[{\"type\":\"ACTION_ACCEPT\"}]}]");
        s.tagsJson = QStringLiteral("[{\"id\":5,\"default\":7}]");
        s.isPrivate = false; // the first request authorizes, and grants the default capability
        const quint64 nwid = labNetwork(s);
        ask(m_m, nwid); // new record: IP, capability and tag assigned, so the record's revision moves on
        ask(m_m, nwid); // the first answer from the settled record
        const NetworkConfig first = lastConfig();
        QVERIFY(first.com && first.com->verify(m_c.publicOnly()));
        QCOMPARE(first.certificatesOfOwnership.size(), 1);
        QCOMPARE(first.capabilities.size(), 1);
        QCOMPARE(first.tags.size(), 1);
        const NetworkController::ChangeCounters before = m_controller->changeCounters();

        // A warm re-request: the same signed credentials, and no new credential signature.
        ask(m_m, nwid);
        const NetworkConfig warm = lastConfig();
        NetworkController::ChangeCounters after = m_controller->changeCounters();
        QCOMPARE(after.credentialSignatures, before.credentialSignatures);
        QCOMPARE(after.credentialsReused, before.credentialsReused + 1);
        QVERIFY(warm.com && warm.com->verify(m_c.publicOnly()));
        QCOMPARE(warm.com->timestamp(), first.com->timestamp());
        QCOMPARE(warm.certificatesOfOwnership[0].toBytes(), first.certificatesOfOwnership[0].toBytes());
        QCOMPARE(warm.capabilities[0].toBytes(), first.capabilities[0].toBytes());
        QCOMPARE(warm.tags[0].toBytes(), first.tags[0].toBytes());
        QCOMPARE(warm.staticIps, first.staticIps);
        QVERIFY(warm.timestamp > first.timestamp); // the config itself is new

        // A quarter of the credential window later they are issued afresh (COM, COO, capability, tag).
        m_now = first.com->timestamp() + qint64(first.credentialTimeMaxDelta / 4) - 5000;
        ask(m_m, nwid);
        const NetworkConfig renewed = lastConfig();
        QVERIFY(renewed.com && renewed.com->verify(m_c.publicOnly()));
        QCOMPARE(renewed.com->timestamp(), m_now);
        QCOMPARE(m_controller->changeCounters().credentialSignatures, after.credentialSignatures + 4);

        // A change of the member's record (its tag) makes new ones at once, carrying the change.
        MemberUpdate update;
        update.tags = QList<QPair<quint32, quint32>>{{5, 9}};
        QVERIFY(m_controller->updateMember(nwid, m_m.address(), update).ok());
        ask(m_m, nwid);
        const NetworkConfig changed = lastConfig();
        QCOMPARE(changed.tags.size(), 1);
        QCOMPARE(changed.tags[0].value(), quint32(9));
        QVERIFY(changed.tags[0].verify(m_c.publicOnly()));
        // Issued with the push of the change (at the time of the change), then re-used.
        QVERIFY(changed.com->timestamp() >= renewed.com->timestamp());

        // Deauthorized and authorized again: the revocation's threshold is the deauthorization time,
        // so a credential from before it must never be handed out again.
        m_now += 1000;
        QVERIFY(m_controller->setAuthorized(nwid, m_m.address(), false).ok());
        const qint64 threshold = m_now;
        QVERIFY(m_controller->setAuthorized(nwid, m_m.address(), true).ok());
        ask(m_m, nwid);
        const NetworkConfig again = lastConfig();
        QVERIFY(again.com && again.com->verify(m_c.publicOnly()));
        QVERIFY(again.com->timestamp() > threshold);
        QVERIFY(again.tags[0].timestamp() > threshold);
        QVERIFY(again.capabilities[0].timestamp() > threshold);
        QVERIFY(again.certificatesOfOwnership[0].timestamp() > threshold);
    }

    void warmAnswersReuseTheEncodedConfig()
    {
        // A member asking again with nothing changed gets the config encoded last time with only its `ts`
        // rewritten; whatever the config is made of makes a fresh one at once.
        NetworkSettings s = labSettings();
        s.isPrivate = false;
        s.pools = {IpPool{ip("10.99.0.20"), ip("10.99.0.20")}}; // room for one member
        s.rulesJson = QStringLiteral("[{\"type\":\"ACTION_DROP\"},{\"type\":\"ACTION_ACCEPT\"}]");
        const quint64 nwid = labNetwork(s);
        const Identity a = vectorIdentity(0);
        const Identity b = vectorIdentity(1);
        const Identity c = vectorIdentity(2);
        const auto reused = [this] { return m_controller->changeCounters().configsReused; };
        const auto dictionaryOfLast = [this] {
            QByteArray dictionary;
            decodeConfig(m_sender.configs.last().chunks, m_c.publicOnly(), &dictionary);
            return dictionary;
        };
        const auto tsDigits = [](qint64 ts) { return QByteArray::number(ts, 16).rightJustified(16, '0'); };

        ask(a, nwid); // new record: address assigned
        ask(a, nwid); // from the settled record: encoded and kept
        const QByteArray first = dictionaryOfLast();
        const qint64 firstTs = lastConfig().timestamp;
        const quint64 before = reused();
        ask(a, nwid);
        QCOMPARE(reused(), before + 1);
        const NetworkConfig warm = lastConfig();
        QCOMPARE(warm.timestamp, m_now);
        QCOMPARE(warm.staticIps, QList<InetAddress>{ip("10.99.0.20/24")});
        QByteArray same = dictionaryOfLast();
        QCOMPARE(same.count(tsDigits(m_now)), 1);
        QCOMPARE(same.replace(tsDigits(m_now), tsDigits(firstTs)), first); // only `ts` differs

        // b finds the pool full: its config depends on the other members, so it is never re-used…
        ask(b, nwid);
        ask(b, nwid);
        QVERIFY(lastConfig().staticIps.isEmpty());
        const quint64 beforeFull = reused();
        ask(b, nwid);
        QCOMPARE(reused(), beforeFull);
        // …and the address a frees is b's at its next request.
        QVERIFY(m_controller->deleteMember(nwid, a.address()).ok());
        ask(b, nwid);
        QCOMPARE(lastConfig().staticIps, QList<InetAddress>{ip("10.99.0.20/24")});
        ask(b, nwid);
        const quint64 settled = reused();
        ask(b, nwid);
        QCOMPARE(reused(), settled + 1);

        // Another member becoming an active bridge is in b's very next config.
        ask(c, nwid);
        MemberUpdate bridge;
        bridge.activeBridge = true;
        QVERIFY(m_controller->updateMember(nwid, c.address(), bridge).ok());
        ask(b, nwid);
        QCOMPARE(lastConfig().issuedTo, b.address());
        QVERIFY(lastConfig().specialists.contains(
            NetworkConfig::specialist(c.address(), NetworkConfig::SpecialistActiveBridge)));

        // A node without a rules engine gets its own config, not the one encoded for a rules engine.
        m_now += 5000;
        ConfigRequest old = request(b, nwid);
        old.metadata.rulesEngineRevision = 0;
        m_controller->handleConfigRequest(old);
        QCOMPARE(lastConfig().rules.size(), 1);
        QCOMPARE(lastConfig().rules[0].type(), RuleType::ActionAccept);
        ask(b, nwid);
        QCOMPARE(lastConfig().rules.size(), 2);
        QCOMPARE(lastConfig().rules[0].type(), RuleType::ActionDrop);

        // A change of the network: the new name at once.
        s.name = QStringLiteral("renamed");
        QVERIFY(m_controller->updateNetwork(nwid, s).ok());
        ask(b, nwid);
        QCOMPARE(lastConfig().name, QStringLiteral("renamed"));
    }

    void expiredCredentialsAreSwept()
    {
        // Credentials (and the configs encoded with them) too old to be handed out again are dropped, so
        // that they are held only for members that asked lately; the sweep runs at most once a minute.
        ControllerState state;
        const auto issuedAt = [](qint64 at) {
            IssuedCredentials c;
            c.issuedAt = at;
            c.credentialTimeMaxDelta = 1800000; // re-usable for 450 s
            return c;
        };
        state.issued.insert(MemberKey(1, 1), issuedAt(1000000)); // too old from 1,450,000 on
        state.issued.insert(MemberKey(1, 2), issuedAt(1010000)); // from 1,460,000 on
        state.issued.insert(MemberKey(1, 3), issuedAt(1400000));
        state.forgetExpiredCredentials(1450000);
        QCOMPARE(state.issued.size(), 2);
        QVERIFY(!state.issued.contains(MemberKey(1, 1)));
        state.forgetExpiredCredentials(1470000); // within a minute of the last sweep: not yet
        QCOMPARE(state.issued.size(), 2);
        state.forgetExpiredCredentials(1450000 + ControllerState::CredentialSweepMs);
        QCOMPARE(state.issued.keys(), QList<MemberKey>{MemberKey(1, 3)});
    }

    void wellPacedRequestsAreNeverDropped()
    {
        NetworkSettings s = labSettings();
        s.isPrivate = false;
        const quint64 nwid = labNetwork(s);
        ask(m_m, nwid);
        m_sender.clear();
        // Once a second on average, but as a queue delivers them: a late one right before an on-time one.
        const QList<qint64> gaps{1000, 1700, 300, 1020, 1900, 100, 1000, 1500, 500, 1000};
        for (const qint64 gap : gaps) {
            m_now += gap;
            m_controller->handleConfigRequest(request(m_m, nwid));
        }
        QCOMPARE(m_sender.configs.size(), gaps.size());
        QCOMPARE(m_controller->changeCounters().requestsRateLimited, quint64(0));

        // A member asking ten times a second is held to about one a second (after a short burst).
        m_now += 10000;
        m_sender.clear();
        for (int i = 0; i < 50; ++i) {
            m_now += 100;
            m_controller->handleConfigRequest(request(m_m, nwid));
        }
        QVERIFY(m_sender.configs.size() >= 5);
        QVERIFY(m_sender.configs.size() <= 5 + NetworkController::RequestBurst);
        QCOMPARE(m_controller->changeCounters().requestsRateLimited, quint64(50 - m_sender.configs.size()));
    }

    void publicNetworkAuthorizesAutomatically()
    {
        NetworkSettings s = labSettings();
        s.isPrivate = false;
        const quint64 nwid = labNetwork(s);
        ask(m_m, nwid);
        QCOMPARE(m_sender.configs.size(), 1);
        QCOMPARE(m_sender.configs[0].inRe, m_packet);
        QVERIFY(m_sender.errors.isEmpty());
        const NetworkConfig config = lastConfig();
        QCOMPARE(config.type, NetworkConfig::Type::Public);
        QVERIFY(m_controller->member(nwid, m_m.address())->authorized);
    }

    void failedWriteChangesNothing()
    {
        // Every mutation computes its new state as a copy, commits ONE transaction and only then
        // swaps the copy into memory; so a write that fails (or a crash before the commit) leaves
        // database and memory as they were, and a crash after the commit loses only memory, which
        // load() rebuilds. Here the database refuses the write.
        const quint64 nwid = labNetwork();
        ask(m_m, nwid);
        QVERIFY(m_db->exec(QStringLiteral("CREATE TRIGGER refuse BEFORE UPDATE ON members"
                                          " BEGIN SELECT RAISE(ABORT, 'refused by test'); END"))
                    .ok());
        QVERIFY(m_db->exec(QStringLiteral("CREATE TRIGGER refuse_net BEFORE UPDATE ON networks"
                                          " BEGIN SELECT RAISE(ABORT, 'refused by test'); END"))
                    .ok());
        m_sender.clear();
        QSignalSpy changed(m_controller.get(), &NetworkController::memberChanged);
        auto refused = m_controller->setAuthorized(nwid, m_m.address(), true);
        QVERIFY(!refused.ok());
        QVERIFY(!m_controller->member(nwid, m_m.address())->authorized);
        QVERIFY(m_sender.configs.isEmpty());
        QCOMPARE(changed.size(), 0);
        NetworkSettings s = labSettings();
        s.mtu = 1500;
        const quint64 revision = m_controller->network(nwid)->revision;
        QVERIFY(!m_controller->updateNetwork(nwid, s).ok());
        QCOMPARE(m_controller->network(nwid)->revision, revision);
        QCOMPARE(m_controller->network(nwid)->settings.mtu, 2800);
        // Memory and database agree.
        QVERIFY(m_db->exec(QStringLiteral("DROP TRIGGER refuse")).ok());
        QVERIFY(m_db->exec(QStringLiteral("DROP TRIGGER refuse_net")).ok());
        m_controller = makeController();
        QVERIFY(!m_controller->member(nwid, m_m.address())->authorized);
        QCOMPARE(m_controller->network(nwid)->revision, revision);
    }

    void statusIsFlushedInBatches()
    {
        const quint64 nwid = labNetwork();
        const Identity a = vectorIdentity(0);
        const Identity b = vectorIdentity(1);
        QSignalSpy status(m_controller.get(), &NetworkController::memberStatusChanged);
        ask(a, nwid);
        ask(b, nwid);
        ask(m_m, nwid);
        QCOMPARE(status.size(), 0); // nothing written or signalled per packet
        auto countRows = [this] {
            auto q = m_db->exec(QStringLiteral("SELECT COUNT(*) FROM member_status"));
            return q && q->next() ? q->value(0).toInt() : -1;
        };
        QCOMPARE(countRows(), 0);
        QVERIFY(m_controller->flushStatus().ok());
        QCOMPARE(status.size(), 1);
        QCOMPARE(status[0][0].value<QList<MemberInfo>>().size(), 3);
        QCOMPARE(countRows(), 3);
        const MemberInfo info = *m_controller->member(nwid, m_m.address());
        QVERIFY(info.online);
        QCOMPARE(info.lastRequestTime, m_now);
        QCOMPARE(info.physicalAddress, ip("127.0.0.1/19995"));
        QCOMPARE(info.clientVersion(), QStringLiteral("1.14.1"));
        QCOMPARE(info.protocolVersion, 12);
        QCOMPARE(info.recentHistory.size(), 1);
        QVERIFY(!info.recentHistory[0].authorized);
        // Nothing new: no write, no signal.
        QVERIFY(m_controller->flushStatus().ok());
        QCOMPARE(status.size(), 1);
        // History is a short ring, newest first.
        for (int i = 0; i < 12; ++i)
            ask(m_m, nwid);
        QCOMPARE(m_controller->member(nwid, m_m.address())->recentHistory.size(), NetworkController::HistoryLength);
        QCOMPARE(m_controller->member(nwid, m_m.address())->recentHistory[0].time, m_now);
        // Going offline is reported without any packet.
        m_now += NetworkController::OnlineWindowMs + 1;
        QVERIFY(m_controller->flushStatus().ok());
        const auto last = status.last()[0].value<QList<MemberInfo>>();
        QCOMPARE(last.size(), 3);
        QVERIFY(!last[0].online);
        // Status survives a restart.
        m_controller = makeController();
        QCOMPARE(m_controller->member(nwid, m_m.address())->recentHistory.size(), NetworkController::HistoryLength);
        QCOMPARE(m_controller->member(nwid, m_m.address())->physicalAddress, ip("127.0.0.1/19995"));
    }

    void manyMembersGetDistinctAddresses()
    {
        // 400 real identities join a public network with a /22 pool: every one gets a config with
        // its own address, and they all stay the same after a restart.
        const QList<QByteArray> lines = test::readVectorFile(QStringLiteral("identities.txt")).split('\n');
        NetworkSettings s = labSettings();
        s.isPrivate = false;
        s.pools = {IpPool{ip("10.20.0.1"), ip("10.20.3.254")}};
        s.routes = {route("10.20.0.0/22")};
        const quint64 nwid = labNetwork(s);
        QElapsedTimer timer;
        timer.start();
        int members = 0;
        for (const QByteArray &line : lines) {
            if (members == 400)
                break;
            auto id = Identity::fromString(QString::fromLatin1(line));
            if (!id)
                continue;
            ++members;
            m_controller->handleConfigRequest(request(*id, nwid));
        }
        const qint64 elapsed = timer.elapsed();
        qInfo("%d first requests (config + address assignment + write) in %lld ms", members, elapsed);
        QCOMPARE(members, 400);
        QCOMPARE(m_sender.configs.size(), 400);
        // Refresh requests change no record: no database write at all.
        m_now += 60000;
        timer.restart();
        for (const MemberInfo &m : m_controller->members(nwid))
            m_controller->handleConfigRequest(request(Identity::fromString(m.identity).value(), nwid));
        qInfo("%d refresh requests in %lld ms", members, timer.elapsed());
        QCOMPARE(m_sender.configs.size(), 800);
        QSet<InetAddress> seen;
        for (const MemberInfo &m : m_controller->members(nwid)) {
            QCOMPARE(m.ipAssignments.size(), 1);
            seen.insert(m.ipAssignments[0]);
        }
        QCOMPARE(seen.size(), 400);
        const auto before = m_controller->members(nwid);
        m_controller = makeController();
        const auto after = m_controller->members(nwid);
        QCOMPARE(after.size(), before.size());
        for (qsizetype i = 0; i < after.size(); ++i)
            QCOMPARE(after[i].ipAssignments, before[i].ipAssignments);
    }

    void routineRequestsAreWrittenEveryRewriteInterval()
    {
        const quint64 nwid = labNetwork();
        m_controller->setStatusFlushInterval(20);
        QSignalSpy status(m_controller.get(), &NetworkController::memberStatusChanged);
        auto storedRequestTime = [this] {
            auto q = m_db->exec(QStringLiteral("SELECT last_request_time FROM member_status"));
            return q && q->next() ? q->value(0).toLongLong() : -1;
        };
        ask(m_m, nwid); // the first request of a run is news: written by the next periodic flush
        const qint64 first = m_now;
        QTRY_COMPARE(status.size(), 1);
        QCOMPARE(storedRequestTime(), first);

        // The same member asking again with nothing new: the periodic flush leaves its row alone...
        ask(m_m, nwid);
        QTest::qWait(100);
        QCOMPARE(status.size(), 1);
        QCOMPARE(storedRequestTime(), first);
        QCOMPARE(m_controller->member(nwid, m_m.address())->lastRequestTime, m_now); // memory is current

        // ...until the row is RewriteMs old.
        m_now = first + StatusTracker::RewriteMs;
        ask(m_m, nwid);
        QTRY_COMPARE(status.size(), 2);
        QCOMPARE(storedRequestTime(), m_now);

        // News (another physical address) is written by the next periodic flush.
        ConfigRequest moved = request(m_m, nwid);
        moved.physicalAddress = ip("127.0.0.2/19995");
        m_now += 5000;
        m_controller->handleConfigRequest(moved);
        QTRY_COMPARE(status.size(), 3);
        QCOMPARE(storedRequestTime(), m_now);

        // A routine request is written by an explicit (full) flush, as at shutdown.
        m_controller->setStatusFlushInterval(3600000);
        m_now += 5000;
        m_controller->handleConfigRequest(moved);
        QCOMPARE(storedRequestTime(), m_now - 5000);
        QVERIFY(m_controller->flushStatus().ok());
        QCOMPARE(storedRequestTime(), m_now);
    }

    void statusTimerFlushes()
    {
        const quint64 nwid = labNetwork();
        m_controller->setStatusFlushInterval(20);
        QSignalSpy status(m_controller.get(), &NetworkController::memberStatusChanged);
        ask(m_m, nwid);
        ask(vectorIdentity(0), nwid);
        QTRY_COMPARE(status.size(), 1);
        QCOMPARE(status[0][0].value<QList<MemberInfo>>().size(), 2);
    }

    void replaysTheCapturedConversation()
    {
        // The capture's network: same controller identity, same ID, settings as its api_snapshots.
        const QJsonObject conv = conversation();
        const quint64 captured = networkIdFromString(conv.value(QStringLiteral("network_id")).toString()).value();
        m_controller->setRandomSource([&] { return captured & 0xffffff; });
        const quint64 nwid = labNetwork();
        m_controller->setRandomSource({});
        QCOMPARE(nwid, captured);
        m_controller->setRandomSource([] { return QRandomGenerator::global()->generate64(); });

        // What the real controller answered, by request packet ID.
        QHash<QString, QString> answers; // request id → "OK" or "ERROR:<code>"
        const QJsonArray packets = conv.value(QStringLiteral("packets")).toArray();
        for (const QJsonValue &v : packets) {
            const QJsonObject p = v.toObject();
            const QJsonObject parsed = p.value(QStringLiteral("parsed")).toObject();
            if (p.value(QStringLiteral("src_node")).toString() != QStringLiteral("C") ||
                parsed.value(QStringLiteral("in_re_verb")).toString() != QStringLiteral("NETWORK_CONFIG_REQUEST"))
                continue;
            const QString verb = p.value(QStringLiteral("verb_name")).toString();
            answers.insert(parsed.value(QStringLiteral("in_re_packet_id")).toString(),
                           verb == QStringLiteral("OK")
                               ? verb
                               : QStringLiteral("ERROR:%1").arg(parsed.value(QStringLiteral("error_code")).toInt()));
        }
        QVERIFY(answers.size() >= 10);

        QList<double> events;
        for (const QJsonValue &e : conv.value(QStringLiteral("timeline")).toArray()) {
            const QString name = e.toObject().value(QStringLiteral("event")).toString();
            if (name == QStringLiteral("authorize M") || name == QStringLiteral("deauthorize M"))
                events.append(e.toObject().value(QStringLiteral("t")).toDouble());
        }
        QCOMPARE(events.size(), 2);

        const QJsonObject reference = conv.value(QStringLiteral("assembled_configs")).toArray().at(0).toObject();
        auto referenceDict = Dictionary::parse(test::hexValue(reference.value(QStringLiteral("dictionary_hex"))));
        QVERIFY(referenceDict.ok());
        const auto referenceConfig = NetworkConfig::fromDictionary(*referenceDict);
        QVERIFY(referenceConfig.ok());

        int compared = 0;
        int checkedAnswers = 0;
        bool authorized = false;
        bool deauthorized = false;
        for (const QJsonValue &v : packets) {
            const QJsonObject p = v.toObject();
            if (p.value(QStringLiteral("verb_name")).toString() != QStringLiteral("NETWORK_CONFIG_REQUEST") ||
                p.value(QStringLiteral("udp_to_node")).toString() != QStringLiteral("C"))
                continue;
            const double t = p.value(QStringLiteral("t")).toDouble();
            if (!authorized && t > events[0]) {
                m_now = kStart + qint64(events[0] * 1000);
                m_sender.clear();
                QVERIFY(m_controller->setAuthorized(nwid, m_m.address(), true).ok());
                QCOMPARE(m_sender.configs.size(), 1); // pushed at once (the reference waits)
                authorized = true;
            }
            if (!deauthorized && t > events[1]) {
                // With the capture's revocation ID and threshold, ours is byte-identical to the one the
                // real controller sent (Ed25519 signatures are deterministic).
                const QJsonObject rev = capturedRevocation(packets);
                m_now = qint64(rev.value(QStringLiteral("threshold")).toDouble());
                const quint64 revocationId = quint64(rev.value(QStringLiteral("id")).toDouble());
                m_controller->setRandomSource([revocationId] { return revocationId; });
                m_sender.clear();
                QVERIFY(m_controller->setAuthorized(nwid, m_m.address(), false).ok());
                m_controller->setRandomSource([] { return QRandomGenerator::global()->generate64(); });
                QCOMPARE(m_sender.revocations.size(), 1);
                QCOMPARE(m_sender.revocations[0].revocation.toBytes().toHex(),
                         rev.value(QStringLiteral("serialized_hex")).toString().toLatin1());
                QCOMPARE(m_sender.errors.size(), 1);
                deauthorized = true;
            }
            auto payload = NetworkConfigRequestPayload::decode(test::hexValue(p.value(QStringLiteral("payload_hex"))));
            QVERIFY(payload.ok());
            QCOMPARE(payload->networkId, nwid);
            const QString packetIdText = p.value(QStringLiteral("packet_id")).toString();
            m_now = kStart + qint64(t * 1000);
            const ConfigRequest r =
                ConfigRequest::fromPayload(m_m, packetIdText.toULongLong(nullptr, 16), *payload, InetAddress(), m_now);
            QCOMPARE(r.metadata.majorVersion, qint64(1));
            QCOMPARE(r.metadata.minorVersion, qint64(14));
            QCOMPARE(r.metadata.protocolVersion, qint64(12));
            m_sender.clear();
            m_controller->handleConfigRequest(r);

            const QString expected = answers.value(packetIdText);
            QVERIFY2(!expected.isEmpty(), qPrintable(packetIdText));
            ++checkedAnswers;
            if (expected == QStringLiteral("OK")) {
                QCOMPARE(m_sender.configs.size(), 1);
                QCOMPARE(m_sender.configs[0].inRe, r.packetId);
                QByteArray dictBytes;
                const auto ours = decodeConfig(m_sender.configs[0].chunks, m_c.publicOnly(), &dictBytes);
                QVERIFY(ours.has_value());
                auto dict = Dictionary::parse(dictBytes);
                QVERIFY(dict.ok());
                // Same keys, same order; same values where they depend neither on time nor on chance.
                const auto keysOf = [](const Dictionary &d) {
                    QList<QByteArray> keys;
                    for (const auto &e : d.entries())
                        keys.append(e.key);
                    return keys;
                };
                QCOMPARE(keysOf(*dict), keysOf(*referenceDict));
                for (const char *key : {"v", "nwid", "ctmd", "r", "id", "tt", "tl", "f", "ml", "t", "n", "mtu", "RT",
                                        "I", "R", "DNS", "ssov", "ssoe"})
                    QVERIFY2(dict->bytes(key) == referenceDict->bytes(key), key);
                // COM: qualifiers other than the timestamp are identical; ours verifies.
                QVERIFY(ours->com->verify(m_c.publicOnly()));
                QCOMPARE(ours->com->qualifiers().mid(1), referenceConfig->com->qualifiers().mid(1));
                QCOMPARE(ours->com->timestampMaxDelta(), referenceConfig->com->timestampMaxDelta());
                QCOMPARE(ours->certificatesOfOwnership.value(0).things(),
                         referenceConfig->certificatesOfOwnership.value(0).things());
                ++compared;
            } else {
                QVERIFY(m_sender.configs.isEmpty());
                QCOMPARE(m_sender.errors.size(), 1);
                QCOMPARE(m_sender.errors[0].inRe, r.packetId);
                QCOMPARE(QStringLiteral("ERROR:%1").arg(int(m_sender.errors[0].code)), expected);
            }
        }
        QVERIFY(authorized && deauthorized);
        QCOMPARE(compared, 3);
        QVERIFY(checkedAnswers >= 15);
        // The auto-assigned address is the one the real controller chose (api_snapshots 04).
        const QJsonObject member = conv.value(QStringLiteral("api_snapshots"))
                                       .toObject()
                                       .value(QStringLiteral("04-member-after-auth.json"))
                                       .toObject();
        QCOMPARE(m_controller->member(nwid, m_m.address())->ipAssignments.value(0).toIpString(),
                 member.value(QStringLiteral("ipAssignments")).toArray().at(0).toString());
    }
};

QTEST_GUILESS_MAIN(TestNetworkController)
#include "tst_networkcontroller.moc"
