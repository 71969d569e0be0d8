// SPDX-License-Identifier: GPL-3.0-or-later
#include "reassembler.h"

#include "core/base/bytes.h"
#include "fragment.h"

namespace tier {

using namespace protocol;

bool Reassembler::isPartOfFragmentedPacket(QByteArrayView datagram)
{
    if (Fragment::isFragment(datagram))
        return true;
    return datagram.size() >= HeaderLength && (quint8(datagram[FlagsOffset]) & FlagFragmented) != 0;
}

Reassembler::Outcome Reassembler::rejected(QString reason)
{
    Outcome o;
    o.status = Outcome::Status::Rejected;
    o.reason = std::move(reason);
    return o;
}

void Reassembler::erase(QHash<Key, Entry>::iterator it)
{
    m_totalBytes -= it->bytes;
    m_entries.erase(it);
}

void Reassembler::evictOldest(bool onlySource, size_t source, const Key &keep)
{
    auto oldest = m_entries.end();
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
        if (it.key() == keep || (onlySource && it.key().source != source))
            continue;
        if (oldest == m_entries.end() || it->order < oldest->order)
            oldest = it;
    }
    if (oldest != m_entries.end())
        erase(oldest);
}

void Reassembler::expire(qint64 nowMs)
{
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (nowMs - it->createdMs > m_limits.timeoutMs) {
            m_totalBytes -= it->bytes;
            it = m_entries.erase(it);
        } else {
            ++it;
        }
    }
}

void Reassembler::clear()
{
    m_entries.clear();
    m_totalBytes = 0;
}

Reassembler::Outcome Reassembler::add(QByteArrayView datagram, qint64 nowMs, size_t sourceKey)
{
    expire(nowMs);

    Key key;
    key.source = sourceKey;
    Address destination;
    int number = 0;
    int total = 0;
    QByteArray part;
    if (Fragment::isFragment(datagram)) {
        Result<Fragment> f = Fragment::decode(datagram);
        if (!f)
            return rejected(f.error().message);
        key.packetId = f->packetId;
        destination = f->destination;
        number = f->number;
        total = f->total;
        part = std::move(f->piece);
    } else if (datagram.size() >= HeaderLength && (quint8(datagram[FlagsOffset]) & FlagFragmented) != 0) {
        ByteReader r(datagram);
        key.packetId = r.u64();
        destination = Address(r.u40());
        part = datagram.toByteArray();
    } else {
        return rejected(QStringLiteral("neither a fragment nor the head of a fragmented packet"));
    }
    if (part.size() > m_limits.maxPacketBytes)
        return rejected(QStringLiteral("datagram larger than the packet limit"));

    auto it = m_entries.find(key);
    if (it == m_entries.end()) {
        if (m_limits.maxInFlightPerSource > 0) {
            int fromSource = 0;
            for (auto e = m_entries.cbegin(); e != m_entries.cend(); ++e)
                fromSource += e.key().source == sourceKey ? 1 : 0;
            if (fromSource >= m_limits.maxInFlightPerSource)
                evictOldest(true, sourceKey, key);
        }
        while (m_limits.maxInFlight > 0 && m_entries.size() >= m_limits.maxInFlight)
            evictOldest(false, 0, key);
        Entry e;
        e.createdMs = nowMs;
        e.order = ++m_sequence;
        e.destination = destination;
        it = m_entries.insert(key, std::move(e));
    }
    Entry &entry = *it;

    if (entry.destination != destination) {
        erase(it);
        return rejected(QStringLiteral("parts of one packet name different destinations"));
    }
    if (number > 0) {
        if (entry.total != 0 && entry.total != total) {
            erase(it);
            return rejected(QStringLiteral("fragments disagree on the fragment count"));
        }
        entry.total = total;
    }
    if (entry.have[size_t(number)]) {
        Outcome o;
        o.status = Outcome::Status::Duplicate;
        return o;
    }
    entry.have[size_t(number)] = true;
    entry.bytes += part.size();
    m_totalBytes += part.size();
    entry.parts[size_t(number)] = std::move(part);
    if (number == 0)
        entry.haveHead = true;

    if (entry.bytes > m_limits.maxPacketBytes) {
        erase(it);
        return rejected(QStringLiteral("assembled packet would exceed %1 bytes").arg(m_limits.maxPacketBytes));
    }
    while (m_limits.maxTotalBytes > 0 && m_totalBytes > m_limits.maxTotalBytes && m_entries.size() > 1)
        evictOldest(false, 0, key);

    it = m_entries.find(key);
    if (it == m_entries.end() || !it->haveHead || it->total == 0) {
        Outcome o;
        o.status = Outcome::Status::Pending;
        return o;
    }
    for (int i = 1; i < it->total; ++i) {
        if (!it->have[size_t(i)]) {
            Outcome o;
            o.status = Outcome::Status::Pending;
            return o;
        }
    }
    Outcome o;
    o.status = Outcome::Status::Complete;
    o.packet.reserve(it->bytes);
    for (int i = 0; i < it->total; ++i)
        o.packet.append(it->parts[size_t(i)]);
    erase(it);
    return o;
}

} // namespace tier
