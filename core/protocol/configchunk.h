// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/bytes.h"
#include "core/base/result.h"
#include "core/protocol/dictionary.h"

#include <QByteArray>
#include <QList>

namespace tier {

class Identity;

/// One chunk of a signed network config (docs/protocol/verbs.md §10–11): the payload of NETWORK_CONFIG, or of
/// OK(NETWORK_CONFIG_REQUEST) after its `0B ‖ request packet ID` in-re fields:
/// `nwid 8 | chunk length 2 | chunk | flags 1 | update ID 8 | total length 4 | chunk offset 4 |
///  01 | 0060 | signature 96`, signed by the controller over nwid … chunk offset.
/// The legacy form (`nwid | length | whole dictionary` and nothing after) decodes with legacy set.
struct ConfigChunk final
{
    /// ZT's dictionary bytes per chunk.
    static constexpr int DefaultMaxData = 9740;
    /// Bytes a chunk adds around its data (nwid … signature).
    static constexpr int Overhead = 8 + 2 + 1 + 8 + 4 + 4 + 1 + 2 + 96;
    /// Largest packet that fits 7 fragments at MTU 1432 (docs/protocol/packets.md §5, Trap 5).
    static constexpr int MaxPacketLength = 1432 + 6 * (1432 - 16);
    static_assert(28 + 1 + 8 + Overhead + DefaultMaxData <= MaxPacketLength,
                  "an OK carrying a full chunk must fit 7 fragments");
    static constexpr quint8 FlagFastPropagate = 0x01; ///< never set by a controller

    quint64 networkId = 0;
    QByteArray data; ///< bytes [offset, offset + size) of the serialized dictionary
    quint8 flags = 0;
    quint64 updateId = 0; ///< random, non-zero, the same for every chunk of one config
    quint32 totalLength = 0;
    quint32 offset = 0;
    QByteArray signature; ///< 96 bytes; empty for the legacy form
    bool legacy = false;

    /// The signed part: nwid … chunk offset.
    QByteArray signedBytes() const;
    /// Signs with the controller identity; false without a secret.
    bool sign(const Identity &controller);
    /// True if controller is the network's controller (`nwid >> 24`) and the signature verifies.
    /// Legacy chunks carry no signature and never verify.
    bool verify(const Identity &controller) const;

    void write(ByteWriter &writer) const;
    QByteArray toBytes() const;
    /// Decodes a chunk payload (bytes after the signature are ignored, as a node does).
    static Result<ConfigChunk> decode(QByteArrayView payload);

    /// Cuts a serialized dictionary into signed chunks of at most maxData bytes. updateId 0 picks a
    /// random non-zero one. Fails without a signing secret, on an empty dictionary, or one that
    /// does not fit a node's config capacity.
    static Result<QList<ConfigChunk>> split(quint64 networkId, QByteArrayView dictionary, const Identity &controller,
                                            quint64 updateId = 0, int maxData = DefaultMaxData);
};

/// Collects config chunks by update ID until one update is complete (member side, e.g. the member
/// simulator). Enforces what a node enforces: offset + length ≤ total, total below the config
/// capacity, one total per update, no overlapping chunks; duplicates (same signature) are ignored;
/// only the newest maxPending partial updates are kept. Verify chunks before adding them.
class ConfigReassembler final
{
public:
    explicit ConfigReassembler(int maxPending = 3, qsizetype capacity = Dictionary::NetworkConfigCapacity)
        : m_maxPending(maxPending), m_capacity(capacity)
    {}

    /// The complete dictionary when this chunk completes its update (the update is then
    /// forgotten), an empty QByteArray while it is still partial, or an error for a bad chunk.
    Result<QByteArray> add(const ConfigChunk &chunk);
    int pendingCount() const { return int(m_pending.size()); }
    void clear() { m_pending.clear(); }

private:
    struct Pending
    {
        quint64 updateId = 0;
        quint32 totalLength = 0;
        qsizetype received = 0;
        QByteArray buffer;
        QList<QPair<quint32, quint32>> ranges; // [offset, end)
        QList<QByteArray> signatures;
    };

    int m_maxPending;
    qsizetype m_capacity;
    QList<Pending> m_pending; // oldest first
};

} // namespace tier
