// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Private to core/controller.

#include "core/base/result.h"
#include "core/controller/controllerstate.h"
#include "core/crypto/identity.h"
#include "core/protocol/networkconfig.h"

#include <QByteArray>
#include <QList>

#include <functional>
#include <optional>

namespace tier {

/// Builds one member's network config (docs/protocol/controller-logic.md §3–§6): the network's fields,
/// active bridges, rules, the member's capabilities and tags, its addresses (addressallocator), and its
/// signed credentials, which it re-uses from ControllerState::issued while nothing they are made of
/// changed. Answers in signed chunks, ready to send.
class ConfigBuilder final
{
public:
    /// `random` is read at each use (NetworkController::setRandomSource replaces it).
    ConfigBuilder(ControllerState &state, const Identity &controller, const std::function<quint64()> &random);

    /// The config for `member` as the chunks to send. What the config decides for the record is written
    /// into `member`: a new member's default capabilities and tags, auto-assigned addresses (the caller
    /// stores the record if it changed, before sending). BadSignature if a credential cannot be signed.
    Result<QList<QByteArray>> build(const NetworkState &net, MemberRow &member, const Identity &memberIdentity,
                                    const RequestMetadata &metadata, bool isNewMember, qint64 at);

private:
    /// The network's active bridges, ascending (kept by the network until its members change).
    static const QList<Address> &activeBridges(const NetworkState &net);
    /// The network's own fields and its active bridges (`S`).
    NetworkConfig networkFields(const NetworkState &net, const MemberRow &member, qint64 at) const;
    /// Rules, and the capabilities and tags the member holds (a new member gets the defaults), for nodes
    /// with a rules engine; the accept-everything rule for the others.
    void addRulesAndGrants(const NetworkState &net, MemberRow &member, const RequestMetadata &metadata,
                           bool isNewMember, NetworkConfig &config, IssuedCredentials &credentials) const;
    /// Signs `wanted`'s credentials (stamped wanted.issuedAt), or hands back the ones issued earlier from
    /// the same inputs while they are young enough at `at`. False when a signature could not be made.
    bool issueCredentials(const NetworkState &net, const MemberRow &member, const Identity &memberIdentity,
                          IssuedCredentials &wanted, qint64 at);
    /// The config encoded for `member` last time, with `ts` = `at`, if nothing it was made of changed since:
    /// the network and member revisions, the credentials' age, the node's rules engine and the active bridges.
    std::optional<QByteArray> encodedAgain(const NetworkState &net, const MemberRow &member, bool rulesEngine,
                                           qint64 at);
    /// Keeps `dictionary` with the member's credentials for encodedAgain().
    void rememberEncoded(const NetworkState &net, const MemberRow &member, const QByteArray &dictionary,
                         bool rulesEngine);
    Result<QList<QByteArray>> toChunks(const NetworkState &net, QByteArrayView dictionary) const;
    quint64 nonZeroRandom() const;

    ControllerState &m_state;
    const Identity &m_controller;
    const std::function<quint64()> &m_random;
};

} // namespace tier
