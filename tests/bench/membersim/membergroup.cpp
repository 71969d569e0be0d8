// SPDX-License-Identifier: GPL-3.0-or-later
#include "membergroup.h"

#include "core/node/node.h"
#include "core/node/simulatedmember.h"

#include <QTimer>

namespace tier::membersim {

namespace {

QHostAddress sourceAddress(int index)
{
    // One /24 per member (127.1.0.0/24, 127.1.1.0/24, …), so that no per-/24 admission gate of the
    // controller folds members together; the controller itself listens on 127.0.0.1.
    return QHostAddress(quint32((127u << 24) | (quint32(1 + index / 256) << 16) | (quint32(index % 256) << 8) | 1u));
}

} // namespace

MemberGroup::MemberGroup(QList<Spec> specs, World planet, quint64 networkId, const QElapsedTimer *clock)
    : m_specs(std::move(specs)), m_planet(std::move(planet)), m_networkId(networkId), m_clock(clock)
{
}

MemberGroup::~MemberGroup() = default;

void MemberGroup::start()
{
    const Address controller = controllerOf(m_networkId);
    m_stats.members = int(m_specs.size());
    for (const Spec &spec : std::as_const(m_specs)) {
        auto m = std::make_unique<Member>();
        m->index = spec.index;
        NodeOptions options;
        SimulatedMember::applyMemberDefaults(options);
        options.port = 0;
        options.bindAddress = sourceAddress(spec.index);
        options.tickIntervalMs = 1000; // thousands of nodes share this thread
        options.rootHelloRetryMs = 2000;
        m->node = std::make_unique<Node>(spec.identity, options);
        m->node->setWorlds(m_planet);
        m->sim = std::make_unique<SimulatedMember>(m->node.get(), m_networkId);
        Member *raw = m.get();
        connect(m->node.get(), &Node::peerContact, this, [this, raw, controller](Address peer) {
            if (peer != controller || raw->admitted)
                return;
            raw->admitted = true;
            m_stats.admittedNs.append(m_clock->nsecsElapsed());
            raw->sim->join(); // HELLO answered: ask for the config
        });
        connect(m->sim.get(), &SimulatedMember::event, this, [this, raw](const MemberEvent &e) { onEvent(*raw, e); });
        if (m->node->start().ok())
            ++m_stats.started;
        m_members.push_back(std::move(m));
    }
}

void MemberGroup::onEvent(Member &m, const MemberEvent &event)
{
    switch (event.kind) {
    case MemberEvent::Kind::Invalid:
        ++m_stats.invalid;
        return;
    case MemberEvent::Kind::Denied:
        ++m_stats.denied;
        return;
    case MemberEvent::Kind::Config:
        break;
    default:
        return;
    }
    const qint64 t = m_clock->nsecsElapsed();
    if (!m.configured) {
        m.configured = true;
        m_stats.configuredNs.append(t);
    }
    if (event.inRePacketId == 0)
        return;
    const auto it = m.pending.constFind(event.inRePacketId);
    if (it == m.pending.constEnd())
        return;
    ++m_stats.answered;
    m_stats.latencyMs.append(double(t - *it) / 1e6);
    m.pending.erase(it);
}

void MemberGroup::startLoad(qint64 periodNs, qint64 windowStartNs, qint64 windowEndNs)
{
    m_period = periodNs;
    m_windowStart = windowStartNs;
    m_windowEnd = windowEndNs;
    const qint64 now = m_clock->nsecsElapsed();
    const int n = int(m_members.size());
    for (int i = 0; i < n; ++i)
        m_schedule.push(Due{now + periodNs * i / std::max(1, n), i});
    if (!m_pacer) {
        m_pacer = new QTimer(this);
        m_pacer->setTimerType(Qt::PreciseTimer);
        connect(m_pacer, &QTimer::timeout, this, &MemberGroup::onPacer);
    }
    m_pacer->start(2);
}

void MemberGroup::stopLoad()
{
    if (m_pacer)
        m_pacer->stop();
    m_schedule = {};
}

void MemberGroup::onPacer()
{
    const qint64 now = m_clock->nsecsElapsed();
    while (!m_schedule.empty() && m_schedule.top().at <= now) {
        Due due = m_schedule.top();
        m_schedule.pop();
        Member &m = *m_members[size_t(due.member)];
        const quint64 id = m.sim->requestConfig();
        const qint64 sent = m_clock->nsecsElapsed();
        if (sent >= m_windowStart && sent < m_windowEnd) {
            if (id == 0) {
                ++m_stats.unsent;
            } else {
                ++m_stats.offered;
                m.pending.insert(id, sent);
            }
        }
        // The protocol's pace: the next request is due one period after this one was due, however
        // late this one's answer comes.
        due.at += m_period;
        m_schedule.push(due);
    }
}

GroupStats MemberGroup::stats() const
{
    return m_stats;
}

void MemberGroup::shutdown()
{
    stopLoad();
    for (auto &m : m_members) {
        m->sim.reset();
        m->node->stop();
    }
    m_members.clear();
}

} // namespace tier::membersim
