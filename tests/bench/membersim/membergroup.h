// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/crypto/identity.h"
#include "core/node/memberevent.h"
#include "core/protocol/world.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>

#include <memory>
#include <queue>
#include <vector>

class QTimer;

namespace tier {
class Node;
class SimulatedMember;
} // namespace tier

namespace tier::membersim {

/// What one group saw; merged over the groups by main.cpp.
struct GroupStats
{
    int members = 0;
    int started = 0;
    QList<qint64> admittedNs;   ///< per admitted member: first authenticated packet from the controller
    QList<qint64> configuredNs; ///< per member: first verified config
    qint64 offered = 0;         ///< requests sent inside the measuring window
    qint64 answered = 0;        ///< of those, answered by a verified config
    qint64 unsent = 0;          ///< requests the node could not send (not counted as offered)
    qint64 invalid = 0;         ///< configs or credentials that failed verification
    qint64 denied = 0;
    QList<double> latencyMs; ///< request → verified config, for answered window requests
};

/// Members on one thread (each a Node with its own UDP socket on its own loopback /24, driven by a
/// SimulatedMember). Admission: the node HELLOs its root (the controller) when started and asks for
/// its config once the controller has answered. Load: each member re-requests every period, paced
/// on its own schedule (due += period), never on the arrival of the previous answer.
class MemberGroup final : public QObject
{
    Q_OBJECT

public:
    struct Spec
    {
        Identity identity;
        int index = 0; ///< global member number: picks the source address 127.(1 + i/256).(i%256).1
    };

    MemberGroup(QList<Spec> specs, World planet, quint64 networkId, const QElapsedTimer *clock);
    ~MemberGroup() override;

    /// On the group's thread: creates and starts every node (HELLO to the controller).
    void start();
    /// On the group's thread: periodic requests from now on; phases spread evenly over one period.
    /// Requests sent between windowStartNs and windowEndNs (clock time) are counted.
    void startLoad(qint64 periodNs, qint64 windowStartNs, qint64 windowEndNs);
    void stopLoad();
    /// On the group's thread: a copy of the figures so far.
    GroupStats stats() const;
    /// On the group's thread: deletes the nodes (closes the sockets).
    void shutdown();

private:
    struct Member
    {
        std::unique_ptr<Node> node;
        std::unique_ptr<SimulatedMember> sim;
        int index = 0;
        bool admitted = false;
        bool configured = false;
        QHash<quint64, qint64> pending; ///< request packet ID -> send time (ns), window requests only
    };
    struct Due
    {
        qint64 at = 0;
        int member = 0;
        bool operator>(const Due &o) const { return at > o.at; }
    };

    void onEvent(Member &m, const MemberEvent &event);
    void onPacer();

    QList<Spec> m_specs;
    World m_planet;
    quint64 m_networkId;
    const QElapsedTimer *m_clock;
    std::vector<std::unique_ptr<Member>> m_members;
    std::priority_queue<Due, std::vector<Due>, std::greater<Due>> m_schedule;
    QTimer *m_pacer = nullptr;
    qint64 m_period = 0;
    qint64 m_windowStart = 0;
    qint64 m_windowEnd = 0;
    GroupStats m_stats;
};

} // namespace tier::membersim
