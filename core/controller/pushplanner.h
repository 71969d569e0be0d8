// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Private to core/controller.

#include "core/controller/controllerstate.h"
#include "core/controller/networkcontroller.h"

#include <functional>

namespace tier {

class ConfigBuilder;
class ControllerSender;
class Database;

/// What the controller sends without being asked (docs/protocol/controller-logic.md §7): config pushes
/// to online authorized members after a change, revocations after a deauthorization, and the unsolicited
/// errors that tell a member it lost access or its network is gone. Without a sender (a standby instance,
/// a tool) nothing is built or sent.
class PushPlanner final
{
public:
    PushPlanner(NetworkController &controller, ControllerState &state, ConfigBuilder &builder, Database &database,
                ControllerSender *sender, const Identity &identity, const std::function<quint64()> &random,
                const NetworkController::Clock &clock);

    void pushMember(quint64 nwid, Address member);
    /// Builds the configs of those `members` that are online and authorized; addresses they are assigned
    /// are stored for all of them in one transaction (memberChanged for each) before anything is sent.
    void pushMembers(quint64 nwid, const QList<Address> &members);
    /// Every online member of the network.
    void pushNetwork(quint64 nwid);
    /// One signed revocation of `target`'s credentials, sent to each of `recipients`.
    void revokeEverywhere(const NetworkState &net, Address target, const QList<Address> &recipients, qint64 at);
    /// Unsolicited ERROR ACCESS_DENIED to `member` if it is among `online`.
    void denyIfOnline(quint64 nwid, Address member, const QList<Address> &online);
    /// Unsolicited ERROR OBJ_NOT_FOUND to every one of `online`: the network is gone.
    void announceGone(quint64 nwid, const QList<Address> &online);

private:
    NetworkController &m_controller;
    ControllerState &m_state;
    ConfigBuilder &m_builder;
    Database &m_database;
    ControllerSender *m_sender;
    const Identity &m_identity;
    const std::function<quint64()> &m_random;
    const NetworkController::Clock &m_clock;
};

} // namespace tier
