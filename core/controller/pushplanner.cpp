// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/controller/pushplanner.h"

#include "core/controller/configbuilder.h"
#include "core/controller/controllersender.h"
#include "core/protocol/revocation.h"
#include "core/store/database.h"

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcController)

namespace tier {

PushPlanner::PushPlanner(NetworkController &controller, ControllerState &state, ConfigBuilder &builder,
                         Database &database, ControllerSender *sender, const Identity &identity,
                         const std::function<quint64()> &random, const NetworkController::Clock &clock)
    : m_controller(controller), m_state(state), m_builder(builder), m_database(database), m_sender(sender),
      m_identity(identity), m_random(random), m_clock(clock)
{}

void PushPlanner::pushMember(quint64 nwid, Address address)
{
    pushMembers(nwid, {address});
}

void PushPlanner::pushMembers(quint64 nwid, const QList<Address> &targets)
{
    auto netIt = m_state.networks.find(nwid);
    // Without a sender (a standby instance, a tool) nobody is pushed to: no configs are built and no
    // addresses assigned; the serving instance does that when it reloads.
    if (netIt == m_state.networks.end() || targets.isEmpty() || !m_sender)
        return;
    const qint64 at = m_clock();
    // Configs are built against the network as it is; an address handed out earlier in this batch is
    // already taken in its allocation set, so two members never get the same one. Every changed record
    // is then written in ONE transaction, and only after it committed does memory take the records
    // (one at a time: no copy of the network's members) and is anything sent.
    NetworkState &net = *netIt;
    struct Prepared
    {
        Address address;
        QList<QByteArray> chunks;
        bool changed = false;
    };
    QList<Prepared> prepared;
    QList<MemberRow> changedRows;
    for (Address address : targets) {
        const std::optional<MemberBrief> brief = net.members.brief(address.toInt());
        const auto liveIt = m_state.live.constFind(MemberKey(nwid, address.toInt()));
        if (!brief || liveIt == m_state.live.constEnd())
            continue;
        if (!brief->authorized || !ControllerState::liveOnline(*liveIt, at) || !liveIt->hasMetadata)
            continue;
        MemberRow row = net.members.value(address.toInt());
        auto identity = Identity::fromString(row.identity);
        if (!identity)
            continue;
        const MemberRow before = row;
        Result<QList<QByteArray>> chunks = m_builder.build(net, row, *identity, liveIt->metadata, false, at);
        if (!chunks) {
            qCWarning(lcController) << "cannot build a config for" << address.toString() << chunks.error().message;
            continue;
        }
        const bool changed = row != before;
        if (changed) {
            row.revision += 1;
            row.lastModified = at;
            changedRows.append(row);
        }
        prepared.append(Prepared{address, *chunks, changed});
    }
    bool stored = true;
    if (!changedRows.isEmpty()) {
        MemberRepository repo(m_database);
        const Status saved = m_database.transaction([&]() -> Status {
            for (const MemberRow &row : std::as_const(changedRows)) {
                if (Status one = repo.save(row); !one)
                    return one;
            }
            return Ok{};
        });
        if (!saved) {
            qCWarning(lcController) << "cannot store members of" << networkIdToString(nwid) << saved.error().message;
            stored = false;           // configs that would hand out unstored addresses are not sent
            net.allocatedIps.reset(); // it holds the addresses this batch did not store
        } else {
            for (const MemberRow &row : std::as_const(changedRows)) {
                ControllerState::storeMember(net, row);
                emit m_controller.memberChanged(m_state.info(row, at));
            }
        }
    }
    for (const Prepared &p : std::as_const(prepared)) {
        if (stored || !p.changed)
            m_sender->sendConfig(p.address, 0, p.chunks);
    }
}

void PushPlanner::pushNetwork(quint64 nwid)
{
    auto netIt = m_state.networks.constFind(nwid);
    if (netIt == m_state.networks.constEnd())
        return;
    pushMembers(nwid, m_state.onlineMembers(*netIt, m_clock()));
}

void PushPlanner::revokeEverywhere(const NetworkState &net, Address target, const QList<Address> &recipients, qint64 at)
{
    if (!m_sender || recipients.isEmpty())
        return;
    Revocation revocation = Revocation::forDeauthorization(quint32(m_random()), net.id, target, at);
    if (!revocation.sign(m_identity)) {
        qCWarning(lcController) << "cannot sign a revocation";
        return;
    }
    for (Address r : recipients)
        m_sender->sendRevocation(r, revocation);
}

void PushPlanner::denyIfOnline(quint64 nwid, Address member, const QList<Address> &online)
{
    if (m_sender && online.contains(member))
        m_sender->sendError(member, 0, ProtocolErrorCode::NetworkAccessDenied, nwid);
}

void PushPlanner::announceGone(quint64 nwid, const QList<Address> &online)
{
    if (!m_sender)
        return;
    for (Address a : online)
        m_sender->sendError(a, 0, ProtocolErrorCode::ObjectNotFound, nwid);
}

} // namespace tier
