// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "benchsender.h"
#include "core/controller/networkcontroller.h"
#include "core/crypto/identity.h"
#include "core/store/database.h"
#include "core/store/databaseuri.h"

#include <QHash>

#include <memory>

namespace tier::bench {

/// The engine's request path without sockets: a NetworkController on a real database (SQLite or PostgreSQL), answers
/// through BenchSender (encode, sign, armor, fragment), requests arriving as armored
/// NETWORK_CONFIG_REQUEST packets that are opened and decoded as the node does. The clock is
/// simulated so that round-robin re-requests pass the 1 s rate limit at any speed.
class InProcessHarness final
{
public:
    InProcessHarness(const DatabaseUri &database, const Identity &controller);
    ~InProcessHarness();

    Status open();
    Result<quint64> createNetwork(const NetworkSettings &settings);
    NetworkController &controller() { return *m_controller; }
    BenchSender &sender() { return m_sender; }

    /// Registers a member that will talk: its session key and its armored request packet.
    void addMember(const Identity &member, quint64 networkId);
    int memberCount() const { return int(m_members.size()); }
    const Identity &member(int index) const { return m_members[index].identity; }

    /// One request of member `index` through the whole path (open, decode, decide, encode, sign, seal).
    void request(int index);

    qint64 now() const { return m_now; }
    void advance(qint64 ms) { m_now += ms; }

    /// The network settings the benchmarks use: one /16 pool and route, auto-assigned IPv4.
    static NetworkSettings benchSettings(const QString &name, bool isPrivate);

private:
    struct Member
    {
        Identity identity;
        QByteArray key;
        QByteArray requestDatagram;
    };

    Database m_database;
    DatabaseUri m_uri;
    Identity m_identity;
    BenchSender m_sender;
    std::unique_ptr<NetworkController> m_controller;
    QList<Member> m_members;
    qint64 m_now = 0;
    quint64 m_packetId = 1;
};

} // namespace tier::bench
