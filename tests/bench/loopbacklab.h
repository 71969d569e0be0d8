// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/crypto/identity.h"
#include "core/node/memberevent.h"
#include "core/node/node.h"
#include "core/node/simulatedmember.h"
#include "core/protocol/world.h"
#include "core/service/engineclient.h"

#include <QElapsedTimer>
#include <QObject>

#include <memory>
#include <vector>

namespace tier::bench {

/// A private loopback world: a minimal root on 127.0.0.1 named by a planet written into the work
/// folder, the engine (EngineClient, its own thread) bound to 127.0.0.1 with that planet, and
/// simulated 1.14 members on this thread. Nothing ever leaves loopback.
class LoopbackLab final : public QObject
{
    Q_OBJECT

public:
    struct Member
    {
        std::unique_ptr<Node> node;
        std::unique_ptr<SimulatedMember> sim;
        int configs = 0;
        int denied = 0;
        qint64 sentAtNs = -1; ///< pending request (latency clock), −1 none
        QList<double> latencyMs;
    };

    LoopbackLab(const Identity &root, const Identity &planetSigner, QObject *parent = nullptr);
    ~LoopbackLab() override;

    /// Starts the root and writes the planet; false if the root cannot bind.
    bool prepare(const QString &workDir);
    /// Starts the engine on dataDir (controller.db there already holds the controller identity)
    /// and waits until it runs and its root knows it. Returns the start time in ms, −1 on failure.
    qint64 startEngine(const QString &dataDir, int timeoutMs);
    void stopEngine();
    EngineClient &client() { return m_client; }

    Member *addMember(const Identity &identity, quint64 networkId);
    std::vector<std::unique_ptr<Member>> &members() { return m_members; }

    /// Engine thread CPU time, µs (asked on the engine thread).
    qint64 engineCpuUs();
    /// Every member sends a request now (latency measured to its next config).
    void requestAll();
    /// Spins the event loop until done() or timeout; false on timeout.
    static bool waitUntil(const std::function<bool()> &done, int timeoutMs);

    QElapsedTimer clock; ///< latency time base

private:
    Identity m_root;
    Identity m_signer;
    std::unique_ptr<Node> m_rootNode;
    World m_planet;
    QString m_planetPath;
    EngineClient m_client;
    std::vector<std::unique_ptr<Member>> m_members;
};

} // namespace tier::bench
