// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Shared by the resilience tests: a real engine (EngineClient, its own thread, SQLite in a
// temporary directory) behind a root Node on loopback named by a private planet, and simulated
// 1.14 members whose raw config traffic is counted below the simulator, so that a config that the
// simulator would refuse to apply still counts as "received".

#include "common/enginetesting.h"
#include "core/node/simulatedmember.h"
#include "core/protocol/configchunk.h"
#include "core/protocol/networkcredentials.h"
#include "core/protocol/okpayload.h"
#include "core/protocol/revocation.h"
#include "core/service/engineclient.h"
#include "core/service/engineservice.h"
#include "core/store/controlleridentityrepository.h"
#include "core/store/database.h"
#include "node/nodetestsupport.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

namespace tier::test {

constexpr int kStartTimeoutMs = 30000;
constexpr int kEventTimeoutMs = 20000; // generous: these tests run beside others on 2 loaded cores

/// Forwards everything to the SimulatedMember and records, below it, every config chunk and every
/// revocation that reached this node from its network's controller.
class WatchedMember final : public QObject, public NodeHandler
{
public:
    WatchedMember(const Identity &identity, quint64 networkId, const World &planet, const Identity &controller)
        : m_controller(controller.publicOnly())
    {
        NodeOptions options = loopbackOptions();
        SimulatedMember::applyMemberDefaults(options);
        node = std::make_unique<Node>(identity, options);
        node->setWorlds(planet);
        sim = std::make_unique<SimulatedMember>(node.get(), networkId);
        node->setHandler(this); // in front of the simulator, which still sees every packet
        connect(sim.get(), &SimulatedMember::event, this, [this](const MemberEvent &e) { events.append(e); });
    }
    ~WatchedMember() override { node->setHandler(nullptr); }

    bool start() { return node->start().ok(); }
    Address address() const { return node->address(); }

    int count(MemberEvent::Kind kind) const
    {
        int n = 0;
        for (const MemberEvent &e : events)
            n += e.kind == kind ? 1 : 0;
        return n;
    }
    std::optional<MemberEvent> last(MemberEvent::Kind kind) const
    {
        for (auto it = events.crbegin(); it != events.crend(); ++it) {
            if (it->kind == kind)
                return *it;
        }
        return std::nullopt;
    }

    void packetReceived(const Identity &peer, const Packet &packet, const InetAddress &from) override
    {
        if (packet.verb() == Verb::NetworkConfig) {
            recordChunk(packet.payload());
        } else if (packet.verb() == Verb::Ok) {
            Result<OkPayload> ok = OkPayload::decode(packet.payload());
            if (ok && ok->inReVerb == Verb::NetworkConfigRequest)
                recordChunk(ok->body);
        } else if (packet.verb() == Verb::Error) {
            ++errors;
        } else if (packet.verb() == Verb::NetworkCredentials) {
            Result<NetworkCredentialsPayload> creds = NetworkCredentialsPayload::decode(packet.payload());
            if (creds) {
                for (const QByteArray &bytes : std::as_const(creds->revocations)) {
                    Result<Revocation> r = Revocation::fromBytes(bytes);
                    if (r && r->verify(m_controller))
                        revocationsFor.append(r->target());
                }
            }
        }
        sim->packetReceived(peer, packet, from);
    }

    std::unique_ptr<Node> node;
    std::unique_ptr<SimulatedMember> sim;
    QList<MemberEvent> events;
    int configChunks = 0;          ///< every config chunk from anyone, verified or not
    QList<quint64> chunkNetworks;  ///< the network ID each chunk named
    QList<Address> revocationsFor; ///< targets of verified revocations received
    int errors = 0;                ///< ERROR packets (refusals) received

private:
    void recordChunk(QByteArrayView bytes)
    {
        ++configChunks;
        Result<ConfigChunk> c = ConfigChunk::decode(bytes);
        chunkNetworks.append(c ? c->networkId : 0);
    }

    Identity m_controller;
};

/// A root Node in this thread, a private planet naming it, and an engine on loopback with a known
/// controller identity.
class EngineFixture final
{
public:
    bool start(const Identity &rootIdentity, const Identity &planetSigner, const Identity &controller, bool api = false)
    {
        m_controller = controller;
        if (!m_dir.isValid())
            return false;
        root = std::make_unique<Node>(rootIdentity, loopbackOptions(NodeOptions::Role::Root));
        if (!root->start().ok())
            return false;
        planet = makePlanet(rootIdentity, root->localPort(), planetSigner);
        planetPath = QDir(m_dir.path()).filePath(QStringLiteral("private.planet"));
        QFile planetFile(planetPath);
        if (planet.isNull() || !planetFile.open(QIODevice::WriteOnly) || planetFile.write(planet.toBytes()) < 0)
            return false;
        planetFile.close();
        dataDir = QDir(m_dir.path()).filePath(QStringLiteral("data"));
        QDir().mkpath(dataDir);
        {
            Database db(QStringLiteral("seed-%1").arg(quintptr(this)));
            if (!db.open(DatabaseUri::sqliteFile(QDir(dataDir).filePath(QStringLiteral("controller.db")))).ok() ||
                !ControllerIdentityRepository(db).save(controller, 1).ok())
                return false;
        }
        EngineOptions options;
        options.dataDir = dataDir;
        options.udpPort = 0;
        options.udpBindAddress = QStringLiteral("127.0.0.1");
        options.planetFile = planetPath;
        if (api)
            options.apiAddress = QStringLiteral("127.0.0.1");
        client = std::make_unique<EngineClient>();
        client->start(options);
        QElapsedTimer t;
        t.start();
        while (client->state() != EngineClient::State::Running && t.elapsed() < kStartTimeoutMs)
            QTest::qWait(20);
        if (client->state() != EngineClient::State::Running) {
            qWarning("engine did not start: %s", qPrintable(client->lastError()));
            return false;
        }
        while (root->peer(controller.address()) == nullptr && t.elapsed() < kStartTimeoutMs)
            QTest::qWait(20);
        return root->peer(controller.address()) != nullptr;
    }

    void stop()
    {
        if (client)
            tier::test::stopEngine(*client);
        client.reset();
        root.reset();
    }

    std::unique_ptr<WatchedMember> member(const Identity &identity, quint64 networkId)
    {
        auto m = std::make_unique<WatchedMember>(identity, networkId, planet, m_controller);
        return m->start() ? std::move(m) : nullptr;
    }

    std::optional<NetworkDetails> createNetwork(const QString &name, qint64 credentialWindowMs = 0)
    {
        QSignalSpy details(client.get(), &EngineClient::networkDetails);
        client->createNetwork(name);
        if (!details.wait(kEventTimeoutMs))
            return std::nullopt;
        NetworkDetails created = details.constLast().at(0).value<NetworkDetails>();
        NetworkSettings s = created.settings;
        s.v4AssignZt = true;
        s.pools = {IpPool{InetAddress::fromIPv4(0x0a2a0001), InetAddress::fromIPv4(0x0a2a00fe)}};
        s.routes = {NetworkConfig::Route{InetAddress::fromIPv4(0x0a2a0000, 24), InetAddress(), 0, 0}};
        if (credentialWindowMs > 0)
            s.certificateTimeoutWindow = credentialWindowMs;
        QSignalSpy updated(client.get(), &EngineClient::networkDetails);
        client->updateNetwork(created.id, s);
        // Other networks report too when their warnings change (pools overlapping this one's): wait
        // for this network's own details.
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < kEventTimeoutMs) {
            for (const QList<QVariant> &args : std::as_const(updated)) {
                const auto d = args.at(0).value<NetworkDetails>();
                if (d.id == created.id && d.settings.v4AssignZt)
                    return d;
            }
            updated.wait(100);
        }
        return std::nullopt;
    }

    /// Waits for the engine's answer (memberChanged) so that the change is in force.
    bool authorize(quint64 networkId, Address member, bool authorized)
    {
        QSignalSpy changed(client.get(), &EngineClient::memberChanged);
        client->setMemberAuthorized(networkId, member, authorized);
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < kEventTimeoutMs) {
            for (const QList<QVariant> &args : std::as_const(changed)) {
                const auto info = args.at(0).value<MemberInfo>();
                if (info.networkId == networkId && info.address == member && info.authorized == authorized)
                    return true;
            }
            changed.wait(100);
        }
        return false;
    }

    QList<MemberInfo> members(quint64 networkId)
    {
        QSignalSpy resets(client.get(), &EngineClient::membersReset);
        client->refreshMembers(networkId);
        if (!resets.wait(kEventTimeoutMs))
            return {};
        return resets.constLast().at(1).value<QList<MemberInfo>>();
    }

    /// Runs f(Node&) on the engine thread and returns its result.
    template<typename F>
    auto onEngineNode(F f)
    {
        using R = decltype(f(std::declval<Node &>()));
        R result{};
        EngineService *service = client->service();
        QMetaObject::invokeMethod(
            service, [&] { result = f(*service->node()); }, Qt::BlockingQueuedConnection);
        return result;
    }

    NodeCounters engineCounters()
    {
        return onEngineNode([](Node &n) { return n.counters(); });
    }

    InetAddress engineEndpoint() const { return loopback(client->udpPort()); }

    std::unique_ptr<Node> root;
    World planet;
    QString planetPath;
    QString dataDir;
    std::unique_ptr<EngineClient> client;

private:
    QTemporaryDir m_dir;
    Identity m_controller;
};

/// Resident set size of this process in KiB (Linux), 0 if unknown.
inline qint64 residentKiB()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    // /proc files report size 0: read them whole instead of line by line.
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).simplified().split(' ').first().toLongLong();
    }
    return 0;
}

} // namespace tier::test
