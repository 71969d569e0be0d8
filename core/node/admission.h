// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/address.h"
#include "core/crypto/identity.h"
#include "core/node/nodeoptions.h"
#include "core/protocol/inetaddress.h"
#include "core/protocol/packet.h"

#include <QByteArray>
#include <QHash>

#include <functional>
#include <memory>
#include <optional>

class QObject;
class QThreadPool;

namespace tier {

/// Newcomers waiting for their identity's memory-hard validation (10–20 ms of CPU each), which runs
/// on worker threads so that a mass join neither stalls the node's thread nor is limited to one core.
///
/// A HELLO from an unknown identity that passed the cheap checks and its MAC waits here with its agreed
/// key while a worker validates the identity; a retried HELLO of a waiting identity costs a lookup and
/// a MAC check, never a second key agreement or validation. Besides the node's global budget
/// (NodeOptions::validationsPerSecond, in PeerTable) each source — an IPv4 /24 or an IPv6 /64 — has a
/// budget and a few places of its own, so one source sending fresh identities as fast as it can takes
/// only its share and the validations other sources need still happen.
class Admission final
{
public:
    struct Waiting
    {
        Identity identity;
        QByteArray key;    ///< agreed with identity; opens its retried HELLOs
        InetAddress from;  ///< where its latest HELLO came from
        Packet hello;      ///< its latest HELLO, already opened; answered once the identity is valid
        QByteArray source; ///< sourceOf(from) when it arrived
    };
    /// Called on the context's thread when a validation ended (the Waiting entry is still there).
    using Finished = std::function<void(Address address, bool valid)>;

    /// context: the QObject whose thread receives `finished` (the Node); it must outlive this object.
    Admission(const NodeOptions &options, QObject *context, Finished finished);
    /// Waits for validations still running (at most one per worker, a few ms each).
    ~Admission();
    Admission(const Admission &) = delete;
    Admission &operator=(const Admission &) = delete;

    /// What shares one budget: the /24 of an IPv4 source, the /64 of an IPv6 one.
    static QByteArray sourceOf(const InetAddress &from);

    /// The newcomer waiting under address, if any.
    Waiting *waiting(Address address);
    int waitingCount() const { return int(m_waiting.size()); }
    /// Whether a newcomer from source may wait now: room overall, room for the source, and a
    /// validation left in the source's budget (nothing consumed).
    bool hasRoom(const QByteArray &source, qint64 now) const;
    /// Takes one validation from the source's budget; starts validating w.identity on a worker now, or
    /// (start false: the node's budget is used up) queues it for startNext().
    void submit(Waiting w, qint64 now, bool start);
    /// Whether a newcomer waits for the node's budget.
    bool hasQueued() const { return !m_queue.isEmpty(); }
    /// Starts validating the newcomer queued longest (the node took one validation from its budget).
    /// False if none was left waiting.
    bool startNext();
    /// Validates an identity a root vouched for (OK(WHOIS)) on a worker; `done` runs on the context's
    /// thread with the result (dropped with the context's other posted events if it is gone). Takes
    /// nothing from any budget: the caller did.
    void validateVouched(const Identity &identity, std::function<void(bool valid)> done);
    /// Removes and returns the newcomer waiting under address.
    std::optional<Waiting> take(Address address);
    /// Forgets the budgets of sources quiet for a while (bounded memory under a flood).
    void expire(qint64 now);

private:
    struct Bucket
    {
        double tokens = 0;
        qint64 last = 0;
        int waiting = 0;
    };
    double sourceRate() const;
    double sourceBurst() const;
    double tokens(const Bucket &bucket, qint64 now) const;
    QThreadPool &pool();
    void validate(const Identity &identity);

    const NodeOptions &m_options;
    QObject *m_context;
    Finished m_finished;
    QHash<Address, Waiting> m_waiting;
    QHash<QByteArray, Bucket> m_sources;
    // Newcomers whose validation waits for the node's budget, oldest first. Members retrying together
    // (after a restart, or a simulator) would otherwise meet an empty budget on every retry and be
    // admitted a burst's worth per retry period.
    QList<Address> m_queue;
    // Made on the first newcomer (member nodes of the simulator rarely need one); declared last so
    // that it is destroyed, waiting for its workers, before what they report about.
    std::unique_ptr<QThreadPool> m_pool;
};

} // namespace tier
