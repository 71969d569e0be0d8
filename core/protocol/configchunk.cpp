// SPDX-License-Identifier: GPL-3.0-or-later
#include "configchunk.h"

#include "core/base/address.h"
#include "core/crypto/identity.h"
#include "core/crypto/primitives.h"
#include "core/protocol/credential.h"

namespace tier {

QByteArray ConfigChunk::signedBytes() const
{
    ByteWriter w(data.size() + 35);
    w.u64(networkId).u16(quint16(data.size())).bytes(data).u8(flags).u64(updateId).u32(totalLength).u32(offset);
    return std::move(w).data();
}

bool ConfigChunk::sign(const Identity &controller)
{
    if (!controller.hasSecret())
        return false;
    signature = controller.sign(signedBytes());
    legacy = false;
    return signature.size() == credential::SignatureLength;
}

bool ConfigChunk::verify(const Identity &controller) const
{
    if (legacy || signature.size() != credential::SignatureLength || controllerOf(networkId) != controller.address())
        return false;
    return controller.verify(signedBytes(), signature);
}

void ConfigChunk::write(ByteWriter &w) const
{
    w.u64(networkId).u16(quint16(data.size())).bytes(data);
    if (legacy)
        return;
    w.u8(flags).u64(updateId).u32(totalLength).u32(offset);
    w.u8(credential::SignatureTypeEd25519).u16(credential::SignatureLength).bytes(signature);
}

QByteArray ConfigChunk::toBytes() const
{
    ByteWriter w(data.size() + Overhead);
    write(w);
    return std::move(w).data();
}

Result<ConfigChunk> ConfigChunk::decode(QByteArrayView payload)
{
    ByteReader r(payload);
    ConfigChunk c;
    c.networkId = r.u64();
    const quint16 length = r.u16();
    c.data = r.bytes(length).toByteArray();
    if (!r.ok())
        return makeError(ErrorCode::Truncated, QStringLiteral("config chunk truncated"));
    if (r.atEnd()) {
        // Legacy single unsigned chunk holding the whole dictionary.
        c.legacy = true;
        c.totalLength = length;
        return c;
    }
    c.flags = r.u8();
    c.updateId = r.u64();
    c.totalLength = r.u32();
    c.offset = r.u32();
    const quint8 sigType = r.u8();
    const quint16 sigLength = r.u16();
    if (!r.ok())
        return makeError(ErrorCode::Truncated, QStringLiteral("config chunk truncated"));
    if (sigType != credential::SignatureTypeEd25519 || sigLength != credential::SignatureLength)
        return makeError(
            ErrorCode::Unsupported,
            QStringLiteral("config chunk signature type %1 length %2 (1/96 expected)").arg(sigType).arg(sigLength));
    c.signature = r.bytes(sigLength).toByteArray();
    if (!r.ok())
        return makeError(ErrorCode::Truncated, QStringLiteral("config chunk signature truncated"));
    if (quint64(c.offset) + quint64(length) > quint64(c.totalLength))
        return makeError(ErrorCode::Malformed, QStringLiteral("config chunk [%1, +%2) exceeds total length %3")
                                                   .arg(c.offset)
                                                   .arg(length)
                                                   .arg(c.totalLength));
    return c;
}

Result<QList<ConfigChunk>> ConfigChunk::split(quint64 networkId, QByteArrayView dictionary, const Identity &controller,
                                              quint64 updateId, int maxData)
{
    if (!controller.hasSecret())
        return makeError(ErrorCode::Unsupported, QStringLiteral("config chunks need the controller's secret to sign"));
    if (dictionary.isEmpty())
        return makeError(ErrorCode::Malformed, QStringLiteral("empty network config"));
    if (dictionary.size() >= Dictionary::NetworkConfigCapacity)
        return makeError(ErrorCode::TooLarge,
                         QStringLiteral("network config of %1 bytes exceeds the node limit").arg(dictionary.size()));
    if (maxData < 1 || maxData > DefaultMaxData)
        maxData = DefaultMaxData;
    while (updateId == 0)
        updateId = crypto::randomU64();

    QList<ConfigChunk> chunks;
    for (qsizetype at = 0; at < dictionary.size(); at += maxData) {
        ConfigChunk c;
        c.networkId = networkId;
        c.data = dictionary.sliced(at, std::min<qsizetype>(maxData, dictionary.size() - at)).toByteArray();
        c.updateId = updateId;
        c.totalLength = quint32(dictionary.size());
        c.offset = quint32(at);
        if (!c.sign(controller))
            return makeError(ErrorCode::Unsupported, QStringLiteral("signing a config chunk failed"));
        chunks.append(std::move(c));
    }
    return chunks;
}

Result<QByteArray> ConfigReassembler::add(const ConfigChunk &chunk)
{
    if (chunk.legacy) {
        if (chunk.data.isEmpty() || chunk.data.size() >= m_capacity)
            return makeError(ErrorCode::Malformed, QStringLiteral("legacy config of %1 bytes").arg(chunk.data.size()));
        return chunk.data;
    }
    if (chunk.data.isEmpty())
        return makeError(ErrorCode::Malformed, QStringLiteral("empty config chunk"));
    if (chunk.totalLength == 0 || qsizetype(chunk.totalLength) >= m_capacity)
        return makeError(
            ErrorCode::TooLarge,
            QStringLiteral("config total length %1 outside 1…%2").arg(chunk.totalLength).arg(m_capacity - 1));
    const quint64 end = quint64(chunk.offset) + quint64(chunk.data.size());
    if (end > chunk.totalLength)
        return makeError(
            ErrorCode::Malformed,
            QStringLiteral("config chunk ends at %1, beyond total length %2").arg(end).arg(chunk.totalLength));

    qsizetype index = -1;
    for (qsizetype i = 0; i < m_pending.size(); ++i) {
        if (m_pending[i].updateId == chunk.updateId) {
            index = i;
            break;
        }
    }
    if (index < 0) {
        if (m_maxPending < 1)
            return makeError(ErrorCode::TooLarge, QStringLiteral("no room for config updates"));
        while (m_pending.size() >= m_maxPending)
            m_pending.removeFirst();
        Pending p;
        p.updateId = chunk.updateId;
        p.totalLength = chunk.totalLength;
        // Allocated only after the total was checked against the capacity.
        p.buffer = QByteArray(chunk.totalLength, '\0');
        m_pending.append(std::move(p));
        index = m_pending.size() - 1;
    }
    Pending &p = m_pending[index];
    if (p.totalLength != chunk.totalLength)
        return makeError(ErrorCode::Malformed,
                         QStringLiteral("config update %1: total length %2, earlier chunks said %3")
                             .arg(chunk.updateId, 16, 16, QLatin1Char('0'))
                             .arg(chunk.totalLength)
                             .arg(p.totalLength));
    if (p.signatures.contains(chunk.signature))
        return QByteArray(); // duplicate
    for (const auto &range : p.ranges) {
        if (chunk.offset < range.second && end > range.first)
            return makeError(
                ErrorCode::Malformed,
                QStringLiteral("config chunk [%1, %2) overlaps one already received").arg(chunk.offset).arg(end));
    }
    p.buffer.replace(chunk.offset, chunk.data.size(), chunk.data);
    p.ranges.append({chunk.offset, quint32(end)});
    p.signatures.append(chunk.signature);
    p.received += chunk.data.size();
    if (p.received < qsizetype(p.totalLength))
        return QByteArray();
    QByteArray complete = std::move(p.buffer);
    m_pending.removeAt(index);
    return complete;
}

} // namespace tier
