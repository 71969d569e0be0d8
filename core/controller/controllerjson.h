// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/result.h"
#include "core/controller/memberinfo.h"
#include "core/controller/networkcontroller.h"
#include "core/controller/networksettings.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QtGlobal>

namespace tier {

/// The reference controller's JSON objects (docs/protocol/controller-logic.md §8.1 network, §8.2 member, §8.4
/// rules) <-> our values. One mapping for the HTTP API (core/api) and for zerotier-one's
/// `controller.d` files (core/migrate), so both speak exactly the same shapes.
///
/// Reading is strict where the reference is silent: every value form the reference accepts is
/// accepted (booleans as true/false, 0/1 or the strings "true"/"false"/"t"/"f"/"1"/"0"; integers as
/// numbers, numeric strings or booleans; the legacy assign-mode strings; "IP/bits" in
/// ipAssignments), but anything the reference would drop, clamp or default instead (an invalid
/// route, a string where a bool belongs, an array over MaxArrayItems, an unknown field) is an error
/// with a message naming the field, and nothing is applied. All functions are pure and thread-safe.
class ControllerJson final
{
public:
    /// The reference's cap on arrays in network and member objects (it cuts longer ones; we refuse).
    static constexpr int MaxArrayItems = 16384;
    /// API version reported by GET /controller.
    static constexpr int ApiVersion = 4;

    enum class Form {
        /// What the HTTP API returns: the stored fields plus computed ones (clock, member counts for
        /// networks; live status for members: online, lastSeen, physicalAddress, clientVersion, latency).
        Api,
        /// What the file backend stores in controller.d: computed fields left out (§8.1/§8.2 "stripped
        /// before saving").
        Stored,
    };

    // ---- to JSON ----

    /// Network object (§8.1): id, nwid, objtype, name, private, creationTime, revision,
    /// enableBroadcast, multicastLimit, mtu, v4AssignMode, v6AssignMode, routes, ipAssignmentPools,
    /// rules, rulesSource, capabilities, tags, authTokens, remoteTraceTarget, remoteTraceLevel, dns,
    /// ssoEnabled, clientId, authorizationEndpoint (+ certificateTimeoutWindowSize when set). Api form
    /// adds clock (= clockMs), authorizedMemberCount, activeMemberCount (online), totalMemberCount.
    static QJsonObject networkToJson(const NetworkDetails &network, Form form, qint64 clockMs = 0);
    /// Member object (§8.2). Api form adds clock and the live status: online (bool), lastSeen (ms, 0 =
    /// never), physicalAddress ("ip/port" or null), clientVersion ("1.14.1" or null), latency (ms, −1
    /// unknown). Tiermaster's own `description` is included when not empty.
    static QJsonObject memberToJson(const MemberInfo &member, Form form, qint64 clockMs = 0);

    // ---- from JSON: partial updates (API POST bodies) ----

    /// Applies a partial network object to `settings` (only the fields present change). Read-only
    /// fields (id, nwid, objtype, creationTime, revision, computed counts, clock, rulesSource, SSO
    /// fields, …) are accepted and ignored so that a client may post back what it read. On error
    /// `settings` is unchanged. A patch with `rulesSource` and no `rules` has the source compiled
    /// (core/flowrules) into rules, capabilities and tags; a compile error is "line L column C: …".
    /// Field values are checked with NetworkValidator (MTU range, pool order and family, route prefix
    /// and gateway family), in its words; settings-wide errors are NetworkController's, with the same
    /// validator. Routes with host bits set are kept as given (a warning, not an error).
    static Status applyNetworkPatch(NetworkSettings &settings, const QJsonObject &patch);
    /// The member edit a partial member object asks for (authorized, activeBridge, noAutoAssignIps,
    /// ipAssignments, tags, capabilities, name, description). Read-only fields are ignored; the
    /// SSO/trace fields are accepted only with their default values (Tiermaster does not keep them).
    static Result<MemberUpdate> memberUpdateFromJson(const QJsonObject &patch);

    // ---- from JSON: whole stored objects (controller.d import) ----

    /// A stored network object (§8.1, e.g. controller.d/network/<nwid>.json): its id (from "id" or
    /// "nwid", 16 hex), creationTime, revision and every settings field (missing fields take the
    /// §8.1 defaults). Member counts in the result are zero.
    static Result<NetworkDetails> networkFromJson(const QJsonObject &object);
    /// A stored member object (§8.2): networkId (from "nwid"), address (from "id" or "address"),
    /// identity, authorized, activeBridge, noAutoAssignIps, ipAssignments, tags, capabilities, name,
    /// creationTime, revision, lastAuthorizedTime, lastDeauthorizedTime and versions (vMajor/vMinor/
    /// vRev/vProto, −1 unknown). Live status stays empty.
    static Result<MemberInfo> memberFromJson(const QJsonObject &object);

    // ---- value forms (also used by the API for its own checks) ----

    /// A boolean in any form the reference accepts; error names `field`.
    static Result<bool> toBool(const QJsonValue &value, const QString &field);
    /// An integer in any form the reference accepts (number without fraction, numeric string, bool),
    /// inside [min, max]; error names `field`.
    static Result<qint64> toInteger(const QJsonValue &value, const QString &field, qint64 min, qint64 max);
};

} // namespace tier
