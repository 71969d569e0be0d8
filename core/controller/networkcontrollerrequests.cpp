// SPDX-License-Identifier: GPL-3.0-or-later
// A member's config request (docs/protocol/controller-logic.md §2), decided top-down:
// handleConfigRequest → admit (rate limit, live status) → identityMatches (pinning) →
// authorizeByCredential (public network, auth token) → denyPending or serveConfig (ConfigBuilder, the
// record stored first, then the answer through ControllerSender).
#include "core/controller/controllersender.h"
#include "core/controller/networkcontroller.h"
#include "core/controller/networkcontroller_p.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace tier {

void NetworkController::handleConfigRequest(const ConfigRequest &request)
{
    Impl &d = *m_impl;
    // §2.1: not ours (or we cannot sign): no reply at all.
    if (!m_controller.hasSecret() || controllerOf(request.networkId) != m_controller.address() ||
        request.member.isNull())
        return;
    const qint64 at = d.now();
    const Address address = request.member.address();
    const MemberKey key(request.networkId, address.toInt());

    auto netIt = d.state.networks.find(request.networkId);
    if (netIt == d.state.networks.end()) {
        // Unknown network: answered without keeping any state (IDs are free for anyone to ask about).
        if (m_sender)
            m_sender->sendError(address, request.packetId, ProtocolErrorCode::ObjectNotFound, request.networkId);
        return;
    }
    NetworkState &net = *netIt;
    if (!d.admit(request, key, at))
        return;

    std::optional<MemberRow> stored = net.members.find(address.toInt());
    const bool isNew = !stored;
    MemberRow row;
    if (isNew) {
        row.networkId = net.id;
        row.address = address;
        row.creationTime = at;
        row.lastModified = at;
    } else {
        row = std::move(*stored);
    }
    const MemberRow before = row;
    if (!d.identityMatches(net, row, request, key, at))
        return;
    d.authorizeByCredential(net, row, request, at);
    if (!row.authorized)
        d.denyPending(net, row, before, isNew, request, key, at);
    else
        d.serveConfig(net, row, before, isNew, request, key, at);
}

bool NetworkController::retryAfterConflict(const ConfigRequest &request, const Status &failed)
{
    Impl &d = *m_impl;
    if (failed.error().code != ErrorCode::Conflict || d.retryingAfterConflict)
        return false;
    // Another instance changed this member since the last reload (its notice is still on the way):
    // decide again on the stored state instead of overwriting it from memory.
    d.retryingAfterConflict = true;
    if (Status reloaded = reloadFromDatabase(); !reloaded)
        qCWarning(lcController) << "reload after a conflicting write failed:" << reloaded.error().message;
    else
        handleConfigRequest(request);
    d.retryingAfterConflict = false;
    return true;
}

bool NetworkController::Impl::admit(const ConfigRequest &request, MemberKey key, qint64 at)
{
    if (request.packetId == 0 || retryingAfterConflict)
        return true; // an internal push, or the same request decided again: counted once
    // §2.2: a member asking more often than once a second is dropped silently.
    if (!status.takeRequestCredit(key, at)) {
        ++state.counters.requestsRateLimited;
        return false;
    }
    status.recordRequest(request, at);
    return true;
}

bool NetworkController::Impl::identityMatches(const NetworkState &net, MemberRow &row, const ConfigRequest &request,
                                              MemberKey key, qint64 at)
{
    // §2.6: identity pinning.
    if (row.identity.isEmpty()) {
        row.identity = request.member.publicOnly().toString(false);
        return true;
    }
    auto pinned = Identity::fromString(row.identity);
    if (pinned && *pinned == request.member)
        return true;
    status.addHistory(key, request, false, at);
    if (sender)
        sender->sendError(row.address, request.packetId, ProtocolErrorCode::NetworkAccessDenied, net.id);
    return false;
}

void NetworkController::Impl::authorizeByCredential(const NetworkState &net, MemberRow &row,
                                                    const ConfigRequest &request, qint64 at)
{
    // §2.8: authorization.
    if (row.authorized)
        return;
    QString credentialType;
    QString credential;
    if (!net.settings.isPrivate) {
        credentialType = QStringLiteral("public");
    } else if (request.metadata.authToken.size() > 0) {
        const QJsonObject tokens = QJsonDocument::fromJson(net.extra.authTokensJson.toUtf8()).object();
        const QJsonValue expiry = tokens.value(request.metadata.authToken);
        if (expiry.isDouble() && (expiry.toDouble() == 0 || expiry.toDouble() > double(at))) {
            credentialType = QStringLiteral("token");
            credential = request.metadata.authToken;
        }
    }
    if (!credentialType.isEmpty()) {
        row.authorized = true;
        row.lastAuthorizedTime = at;
        row.lastAuthorizedCredentialType = credentialType;
        row.lastAuthorizedCredential = credential;
    }
}

void NetworkController::Impl::denyPending(NetworkState &net, MemberRow &row, const MemberRow &before, bool isNew,
                                          const ConfigRequest &request, MemberKey key, qint64 at)
{
    // §2.10: listed as pending, denied, never a config.
    if (row != before) {
        if (!isNew)
            row.revision += 1;
        row.lastModified = at;
        if (Status saved = saveMember(net, row, Write::IfUnchanged); !saved) {
            if (q.retryAfterConflict(request, saved))
                return;
            qCWarning(lcController) << "cannot store pending member" << row.address.toString() << saved.error().message;
        } else {
            const MemberInfo info = state.info(row, at);
            emit q.memberChanged(info);
            if (before.identity.isEmpty())
                emit q.joinRequested(info);
        }
    }
    status.addHistory(key, request, false, at);
    if (request.packetId != 0)
        ++state.counters.requestsDenied;
    if (sender)
        sender->sendError(row.address, request.packetId, ProtocolErrorCode::NetworkAccessDenied, net.id);
}

void NetworkController::Impl::serveConfig(NetworkState &net, MemberRow &row, const MemberRow &before, bool isNew,
                                          const ConfigRequest &request, MemberKey key, qint64 at)
{
    const Address address = row.address;
    if (request.packetId != 0) {
        // §2.11: versions from the metadata go into the record.
        row.vMajor = int(request.metadata.majorVersion);
        row.vMinor = int(request.metadata.minorVersion);
        row.vRev = int(request.metadata.revision);
        row.vProto = int(request.metadata.protocolVersion);
    }

    Result<QList<QByteArray>> chunks = builder.build(net, row, request.member, request.metadata, isNew, at);
    if (!chunks) {
        // §2.13: an internal failure is answered like the reference (OBJ_NOT_FOUND).
        qCWarning(lcController) << "cannot build a config for" << address.toString() << chunks.error().message;
        if (sender)
            sender->sendError(address, request.packetId, ProtocolErrorCode::ObjectNotFound, net.id);
        return;
    }
    if (row != before) {
        if (!isNew)
            row.revision += 1;
        row.lastModified = at;
        if (Status saved = saveMember(net, row, Write::IfUnchanged); !saved) {
            net.allocatedIps.reset(); // it holds what this answer would have assigned
            if (q.retryAfterConflict(request, saved))
                return;
            // Never hand out an address that is not stored; the node asks again in 5 s.
            qCWarning(lcController) << "cannot store member" << address.toString() << saved.error().message;
            return;
        }
        emit q.memberChanged(state.info(row, at));
    }
    status.addHistory(key, request, true, at);
    if (request.packetId != 0)
        ++state.counters.configsServed;
    if (sender)
        sender->sendConfig(address, request.packetId, *chunks);
}

} // namespace tier
