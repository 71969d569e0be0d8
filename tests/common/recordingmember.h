// SPDX-License-Identifier: GPL-3.0-or-later
// A simulated 1.14 member on its own loopback node that keeps the frames it receives: the private-root
// tests (node and service) run several of them against one root.
#pragma once

#include "core/node/simulatedmember.h"
#include "node/nodetestsupport.h"

#include <QByteArray>
#include <QList>
#include <QObject>

#include <memory>

namespace tier::test {

struct RecordingMember
{
    std::unique_ptr<Node> node;
    std::unique_ptr<SimulatedMember> sim;
    QList<QByteArray> frames;
    QList<int> hops;
};

/// A member's node options, with a full HELLO to its root every 300 ms: 1.14 sends one every 224 s,
/// which a test cannot wait for.
inline NodeOptions recordingMemberOptions()
{
    NodeOptions options = loopbackOptions();
    SimulatedMember::applyMemberDefaults(options);
    options.rootHelloIntervalMs = 300;
    return options;
}

/// A started member node on planet that will join networkId; null if the node does not start.
inline std::unique_ptr<RecordingMember> startRecordingMember(const Identity &identity, const World &planet,
                                                             quint64 networkId)
{
    auto m = std::make_unique<RecordingMember>();
    m->node = std::make_unique<Node>(identity, recordingMemberOptions());
    m->node->setWorlds(planet);
    m->sim = std::make_unique<SimulatedMember>(m->node.get(), networkId);
    RecordingMember *raw = m.get();
    QObject::connect(m->sim.get(), &SimulatedMember::frameReceived, m->sim.get(),
                     [raw](Address, quint16, const QByteArray &data, int hops) {
                         raw->frames.append(data);
                         raw->hops.append(hops);
                     });
    if (!m->node->start().ok())
        return nullptr;
    return m;
}

} // namespace tier::test
