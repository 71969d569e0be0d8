// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/address.h"
#include "core/base/result.h"
#include "core/controller/memberinfo.h"
#include "core/controller/networkcontroller.h"
#include "core/controller/networksettings.h"
#include "core/crypto/identity.h"
#include "core/service/engineoptions.h"
#include "core/service/networkinfo.h"

#include <QList>
#include <QObject>

#include <memory>

namespace tier {

class Database;
class NetworkRepository;
struct NetworkRecord;

/// The engine itself. Lives on the engine thread (EngineClient moves it there); every public
/// method must be called on that thread (EngineClient queues them). It owns the database
/// connection: all writes happen here, each in a transaction, and every outcome is a signal.
class EngineService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EngineService)

public:
    explicit EngineService(EngineOptions options, QObject *parent = nullptr);
    ~EngineService() override;

    /// Creates the data directory, opens (and migrates) the database, loads or creates the
    /// controller identity, writes identity.public; then started() and networksReset(), or
    /// startFailed() with the reason (nothing half-open is left behind).
    void start();
    /// Closes the database (removing its named connection). Idempotent.
    void shutdown();

    void refreshNetworks();
    void createNetwork(const QString &name);
    void renameNetwork(quint64 networkId, const QString &name);
    void deleteNetwork(quint64 networkId);

    void refreshMembers(quint64 networkId);
    void setMemberAuthorized(quint64 networkId, Address member, bool authorized);
    void updateMember(quint64 networkId, Address member, const MemberUpdate &update);
    void deleteMember(quint64 networkId, Address member);
    void requestNetworkDetails(quint64 networkId);
    void updateNetwork(quint64 networkId, const NetworkSettings &settings);

    bool isRunning() const;
    Address controllerAddress() const { return m_identity.address(); }

    static NetworkInfo toInfo(const NetworkRecord &record);

signals:
    void started(const QString &controllerAddress);
    void startFailed(const QString &message);
    void requestFailed(const QString &message);
    void networksReset(const QList<tier::NetworkInfo> &networks);
    void networkChanged(const tier::NetworkInfo &network);
    void networkRemoved(quint64 networkId);
    void membersReset(quint64 networkId, const QList<tier::MemberInfo> &members);
    void memberChanged(const tier::MemberInfo &member);
    void memberRemoved(quint64 networkId, tier::Address member);
    void memberStatusChanged(const QList<tier::MemberInfo> &members);
    void joinRequested(const tier::MemberInfo &member);
    void networkDetails(const tier::NetworkDetails &details);

private:
    Status prepareDataDir();
    Status loadOrCreateIdentity();
    Status writePublicIdentity();
    bool checkRunning();

    EngineOptions m_options;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<NetworkRepository> m_networks;
    Identity m_identity;
};

} // namespace tier
