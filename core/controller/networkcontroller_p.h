// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Private to core/controller: NetworkController's parts, put together. Where to look:
//   controllerstate.h      what is kept in memory (networks, members, live status, issued credentials)
//                          and the rule that keeps it consistent with the database
//   networkcontrollerrequests.cpp  a member's config request, decided top-down (§2)
//   configbuilder.cpp      the config and credentials for one member; addressallocator.cpp its addresses
//   statustracker.cpp      live status, rate limit, history, the batched status write
//   pushplanner.cpp        pushes, revocations, unsolicited errors
//   reloaddiffer.cpp       what changed when another instance wrote the shared database
//   networkcontroller.cpp  load, network mutations, reads; networkcontrollermembers.cpp member mutations

#include "core/controller/configbuilder.h"
#include "core/controller/controllerstate.h"
#include "core/controller/networkcontroller.h"
#include "core/controller/pushplanner.h"
#include "core/controller/statustracker.h"
#include "core/store/membereventrepository.h"

#include <QLoggingCategory>
#include <QRandomGenerator>

Q_DECLARE_LOGGING_CATEGORY(lcController)

namespace tier {

struct NetworkController::Impl
{
    Impl(NetworkController &owner, Database &db, ControllerSender *answers)
        : q(owner), database(db), sender(answers), builder(state, owner.m_controller, random), status(state),
          pushes(owner, state, builder, db, answers, owner.m_controller, random, owner.m_clock)
    {}

    NetworkController &q;
    Database &database;
    ControllerSender *sender;
    std::function<quint64()> random = [] { return QRandomGenerator::system()->generate64(); };
    ControllerState state;
    ConfigBuilder builder;
    StatusTracker status;
    PushPlanner pushes;
    bool retryingAfterConflict = false; ///< handleConfigRequest() runs again after reloadFromDatabase()
    /// Who the member changes being saved come from (MemberEventRow source); the controller itself
    /// (auto-assigned addresses, token authorization) unless updateMember() says otherwise.
    QString changeSource = MemberEventRow::ByController;

    qint64 now() const { return q.m_clock(); }

    /// networkChanged for every other network whose pools meet `pools` (their overlap warnings).
    void announcePoolNeighbours(quint64 nwid, const QList<IpPool> &pools, qint64 at);

    // Member writes (networkcontrollermembers.cpp).
    /// IfUnchanged: only if the stored row is still the one in memory (Conflict otherwise), for writes
    /// nobody asked for (a member's request) that must not undo another instance's change.
    enum class Write { Always, IfUnchanged };
    /// One transaction (the record and its history events), then memory (ControllerState::commitMember).
    Status saveMember(NetworkState &net, const MemberRow &row, Write mode = Write::Always);
    /// Applies the fields `update` sets to `row` (times of an authorization change included).
    Status applyUpdate(const NetworkState &net, Address member, const MemberUpdate &update, MemberRow &row, qint64 at);

    // The config request's steps (networkcontrollerrequests.cpp), in the order they run.
    /// §2.2: false when the request is dropped (over the rate); records the genuine ones.
    bool admit(const ConfigRequest &request, MemberKey key, qint64 at);
    /// §2.6: false (and ACCESS_DENIED sent) when the member's pinned identity is not the requester's.
    bool identityMatches(const NetworkState &net, MemberRow &row, const ConfigRequest &request, MemberKey key,
                         qint64 at);
    /// §2.8: public networks and valid auth tokens authorize the member.
    void authorizeByCredential(const NetworkState &net, MemberRow &row, const ConfigRequest &request, qint64 at);
    /// §2.10: not authorized: the member is stored as pending, denied, never sent a config.
    void denyPending(NetworkState &net, MemberRow &row, const MemberRow &before, bool isNew,
                     const ConfigRequest &request, MemberKey key, qint64 at);
    /// §2.11–§2.13: the config, the record it changed stored first, then the answer.
    void serveConfig(NetworkState &net, MemberRow &row, const MemberRow &before, bool isNew,
                     const ConfigRequest &request, MemberKey key, qint64 at);
};

} // namespace tier
