// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "constants.h"
#include "core/base/address.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QString>

#include <array>

namespace tier {

/// Collects heads and fragments of fragmented packets until complete (docs/protocol/packets.md §5.3). Memory is
/// bounded by the limits; there is no clock inside: callers pass "now" in milliseconds.
class Reassembler final
{
public:
    struct Limits
    {
        int maxInFlight = 32;                           ///< incomplete packets kept (oldest evicted)
        int maxInFlightPerSource = 8;                   ///< per sourceKey (oldest of that source evicted)
        qint64 timeoutMs = 5000;                        ///< incomplete packets older than this are dropped
        int maxPacketBytes = protocol::MaxPacketLength; ///< assembled size limit per packet
        qint64 maxTotalBytes = 32 * qint64(protocol::MaxPacketLength); ///< all buffered bytes
    };

    struct Outcome
    {
        enum class Status {
            Pending,   ///< stored, packet not complete yet
            Complete,  ///< packet holds the assembled (still armored) packet
            Duplicate, ///< this part was already there; ignored
            Rejected,  ///< malformed, inconsistent or over a limit; reason says why
        };
        Status status = Status::Rejected;
        QByteArray packet;
        QString reason;
    };

    Reassembler() : Reassembler(Limits{}) {}
    explicit Reassembler(Limits limits) : m_limits(limits) {}

    /// True for a head (>= 28 bytes, fragmented flag, not a fragment) or a fragment datagram.
    static bool isPartOfFragmentedPacket(QByteArrayView datagram);

    /// Adds a head or fragment datagram. sourceKey identifies where it came from (e.g. a hash of
    /// the physical address); packets are tracked per (sourceKey, packet ID).
    Outcome add(QByteArrayView datagram, qint64 nowMs, size_t sourceKey = 0);
    /// Drops incomplete packets older than the timeout.
    void expire(qint64 nowMs);
    void clear();

    int inFlight() const { return int(m_entries.size()); }
    qint64 bufferedBytes() const { return m_totalBytes; }
    const Limits &limits() const { return m_limits; }

private:
    struct Key
    {
        size_t source = 0;
        quint64 packetId = 0;
        friend bool operator==(const Key &a, const Key &b) { return a.source == b.source && a.packetId == b.packetId; }
        friend size_t qHash(const Key &k, size_t seed = 0) noexcept { return qHashMulti(seed, k.source, k.packetId); }
    };
    struct Entry
    {
        qint64 createdMs = 0;
        quint64 order = 0; // insertion sequence, to find the oldest
        Address destination;
        int total = 0; // 0 until a fragment tells
        bool haveHead = false;
        std::array<QByteArray, protocol::MaxFragments> parts; // [0] = head
        std::array<bool, protocol::MaxFragments> have{};
        qint64 bytes = 0;
    };

    void erase(QHash<Key, Entry>::iterator it);
    void evictOldest(bool onlySource, size_t source, const Key &keep);
    static Outcome rejected(QString reason);

    Limits m_limits;
    QHash<Key, Entry> m_entries;
    qint64 m_totalBytes = 0;
    quint64 m_sequence = 0;
};

} // namespace tier
