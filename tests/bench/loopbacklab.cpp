// SPDX-License-Identifier: GPL-3.0-or-later
#include "loopbacklab.h"

#include "benchutil.h"
#include "core/service/engineservice.h"
#include "node/nodetestsupport.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QTimer>

namespace tier::bench {

LoopbackLab::LoopbackLab(const Identity &root, const Identity &planetSigner, QObject *parent)
    : QObject(parent), m_root(root), m_signer(planetSigner)
{
    clock.start();
}

LoopbackLab::~LoopbackLab()
{
    m_members.clear();
    stopEngine();
    m_rootNode.reset();
}

bool LoopbackLab::prepare(const QString &workDir)
{
    m_rootNode = std::make_unique<Node>(m_root, test::loopbackOptions(NodeOptions::Role::Root));
    if (!m_rootNode->start().ok())
        return false;
    m_planet = test::makePlanet(m_root, m_rootNode->localPort(), m_signer);
    m_planetPath = QDir(workDir).filePath(QStringLiteral("private.planet"));
    QFile file(m_planetPath);
    if (m_planet.isNull() || !file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    file.write(m_planet.toBytes());
    return true;
}

qint64 LoopbackLab::startEngine(const QString &dataDir, int timeoutMs)
{
    EngineOptions options;
    options.dataDir = dataDir;
    options.udpPort = 0;
    options.udpBindAddress = QStringLiteral("127.0.0.1");
    options.planetFile = m_planetPath;
    QElapsedTimer timer;
    timer.start();
    m_client.start(options);
    if (!waitUntil(
            [this] {
                return m_client.state() == EngineClient::State::Running ||
                       m_client.state() == EngineClient::State::Failed;
            },
            timeoutMs) ||
        m_client.state() != EngineClient::State::Running)
        return -1;
    const qint64 started = timer.elapsed();
    const Address controller = Address::fromString(m_client.controllerAddress()).value_or(Address());
    if (!waitUntil([&] { return m_rootNode->peer(controller) != nullptr; }, timeoutMs))
        return -1;
    return started;
}

void LoopbackLab::stopEngine()
{
    if (m_client.state() == EngineClient::State::Stopped)
        return;
    m_client.stop();
    waitUntil(
        [this] {
            return m_client.state() == EngineClient::State::Stopped || m_client.state() == EngineClient::State::Failed;
        },
        60000);
}

LoopbackLab::Member *LoopbackLab::addMember(const Identity &identity, quint64 networkId)
{
    auto m = std::make_unique<Member>();
    NodeOptions options = test::loopbackOptions();
    SimulatedMember::applyMemberDefaults(options);
    options.tickIntervalMs = 250; // many members share this thread
    options.rootHelloRetryMs = 1000;
    m->node = std::make_unique<Node>(identity, options);
    m->node->setWorlds(m_planet);
    m->sim = std::make_unique<SimulatedMember>(m->node.get(), networkId);
    Member *raw = m.get();
    connect(m->sim.get(), &SimulatedMember::event, this, [this, raw](const MemberEvent &event) {
        if (event.kind == MemberEvent::Kind::Denied)
            ++raw->denied;
        if (event.kind != MemberEvent::Kind::Config)
            return;
        ++raw->configs;
        if (raw->sentAtNs >= 0) {
            raw->latencyMs.append(double(clock.nsecsElapsed() - raw->sentAtNs) / 1e6);
            raw->sentAtNs = -1;
        }
    });
    if (!m->node->start().ok())
        return nullptr;
    m_members.push_back(std::move(m));
    return raw;
}

qint64 LoopbackLab::engineCpuUs()
{
    qint64 cpu = -1;
    if (EngineService *service = m_client.service())
        runOn(service, [&] { cpu = threadCpuUs(); });
    return cpu;
}

void LoopbackLab::requestAll()
{
    for (auto &m : m_members) {
        m->sentAtNs = clock.nsecsElapsed();
        m->sim->requestConfig();
    }
}

bool LoopbackLab::waitUntil(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        // Sleeps in the event loop (socket and timer events wake it) instead of spinning a core.
        QEventLoop loop;
        QTimer::singleShot(2, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return true;
}

} // namespace tier::bench
