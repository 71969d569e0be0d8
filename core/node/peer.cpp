// SPDX-License-Identifier: GPL-3.0-or-later
#include "peer.h"

#include <algorithm>

namespace tier {

const PeerPath *Peer::path(const InetAddress &address) const
{
    for (const PeerPath &p : m_paths) {
        if (p.address == address)
            return &p;
    }
    return nullptr;
}

PeerPath &Peer::touch(const InetAddress &address, qint64 now)
{
    for (PeerPath &p : m_paths) {
        if (p.address == address)
            return p;
    }
    if (m_paths.size() >= MaxPaths) {
        // Forget the path heard from least recently; a peer has few real addresses.
        const auto oldest = std::min_element(m_paths.begin(), m_paths.end(), [](const PeerPath &a, const PeerPath &b) {
            return std::max(a.lastReceive, a.lastSend) < std::max(b.lastReceive, b.lastSend);
        });
        m_paths.erase(oldest);
    }
    PeerPath p;
    p.address = address;
    Q_UNUSED(now)
    m_paths.append(p);
    return m_paths.last();
}

void Peer::received(const InetAddress &address, qint64 now, bool direct)
{
    lastReceive = now;
    lastSource = address;
    if (direct)
        touch(address, now).lastReceive = now;
}

void Peer::sent(const InetAddress &address, qint64 now, bool expectsAnswer)
{
    for (PeerPath &p : m_paths) {
        if (p.address == address) {
            p.lastSend = now;
            if (expectsAnswer && (p.unansweredSince == 0 || p.lastReceive >= p.unansweredSince))
                p.unansweredSince = p.lastReceive >= now ? 0 : now;
            return;
        }
    }
}

bool Peer::isStale(const PeerPath &path, qint64 now)
{
    return path.unansweredSince != 0 && path.lastReceive < path.unansweredSince &&
           now - path.unansweredSince > StaleAfterMs;
}

void Peer::confirmPath(const InetAddress &address, qint64 now)
{
    PeerPath &p = touch(address, now);
    p.lastReceive = now;
    p.confirmed = true;
    p.confirmedAt = now;
}

std::optional<InetAddress> Peer::confirmedPath(qint64 now) const
{
    const PeerPath *best = nullptr;
    for (const PeerPath &p : m_paths) {
        if (!p.confirmed || now - p.lastReceive > PathExpiryMs || isStale(p, now))
            continue;
        if (!best || p.lastReceive > best->lastReceive)
            best = &p;
    }
    if (!best)
        return std::nullopt;
    return best->address;
}

std::optional<InetAddress> Peer::bestPath(qint64 now) const
{
    const PeerPath *best = nullptr;
    for (const PeerPath &p : m_paths) {
        if (p.lastReceive == 0 || now - p.lastReceive > PathExpiryMs || isStale(p, now))
            continue;
        if (!best || p.lastReceive > best->lastReceive ||
            (p.lastReceive == best->lastReceive && p.confirmed && !best->confirmed))
            best = &p;
    }
    if (!best)
        return std::nullopt;
    return best->address;
}

} // namespace tier
