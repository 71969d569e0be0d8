// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/controller/statustracker.h"

#include "core/controller/storedjson.h"
#include "core/store/database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <tuple>

namespace tier {

namespace {

QString historyToJson(const QList<MemberHistoryEntry> &history)
{
    QJsonArray array;
    for (const MemberHistoryEntry &h : history) {
        array.append(QJsonObject{{QStringLiteral("ts"), double(h.time)},
                                 {QStringLiteral("auth"), h.authorized},
                                 {QStringLiteral("fromAddr"), h.physicalAddress.toString()},
                                 {QStringLiteral("vProto"), h.protocolVersion},
                                 {QStringLiteral("vMajor"), h.versionMajor},
                                 {QStringLiteral("vMinor"), h.versionMinor},
                                 {QStringLiteral("vRev"), h.versionRevision}});
    }
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QList<MemberHistoryEntry> historyFromJson(const QString &text)
{
    QList<MemberHistoryEntry> out;
    if (auto array = parseJsonArrayText(text)) {
        for (const QJsonValue &v : *array) {
            const QJsonObject o = v.toObject();
            MemberHistoryEntry h;
            h.time = o.value(QStringLiteral("ts")).toInteger();
            h.authorized = o.value(QStringLiteral("auth")).toBool();
            h.physicalAddress =
                InetAddress::fromString(o.value(QStringLiteral("fromAddr")).toString()).value_or(InetAddress());
            h.protocolVersion = o.value(QStringLiteral("vProto")).toInt(-1);
            h.versionMajor = o.value(QStringLiteral("vMajor")).toInt(-1);
            h.versionMinor = o.value(QStringLiteral("vMinor")).toInt(-1);
            h.versionRevision = o.value(QStringLiteral("vRev")).toInt(-1);
            out.append(h);
        }
    }
    return out;
}

MemberStatusRow statusRow(MemberKey key, const LiveStatus &l)
{
    MemberStatusRow s;
    s.networkId = key.first;
    s.address = Address(key.second);
    s.lastSeen = l.lastSeen;
    s.lastRequestTime = l.lastRequestTime;
    s.physicalAddress = l.physicalAddress.toString();
    s.clientVersion = l.versionMajor >= 0
                          ? QStringLiteral("%1.%2.%3").arg(l.versionMajor).arg(l.versionMinor).arg(l.versionRevision)
                          : QString();
    s.requestCount = l.requestCount;
    s.lastRequestMetadata = l.hasMetadata ? l.metadata.toDictionary().toBytes() : QByteArray();
    s.protocolVersion = l.protocolVersion;
    s.vMajor = l.versionMajor;
    s.vMinor = l.versionMinor;
    s.vRev = l.versionRevision;
    s.recentHistoryJson = historyToJson(l.history);
    return s;
}

/// What a stored status row says beyond times, counts and history: a change here is written at the
/// next flush (the first request of a run included: no metadata yet).
auto substance(const LiveStatus &l)
{
    return std::tuple(l.hasMetadata, l.physicalAddress, l.protocolVersion, l.versionMajor, l.versionMinor,
                      l.versionRevision, l.metadata);
}

} // namespace

StatusTracker::StatusTracker(ControllerState &state) : m_state(state) {}

bool StatusTracker::takeRequestCredit(MemberKey key, qint64 at)
{
    constexpr qint64 cost = NetworkController::RequestRateLimitMs;
    constexpr qint64 full = NetworkController::RequestBurst * NetworkController::RequestRateLimitMs;
    LiveStatus &l = m_state.liveStatus(key);
    qint64 credit = l.requestCredit < 0 ? full : l.requestCredit;
    if (l.requestCredit >= 0 && at > l.requestCreditAt)
        credit = std::min(full, credit + (at - l.requestCreditAt));
    l.requestCreditAt = std::max(l.requestCreditAt, at);
    if (credit < cost) {
        l.requestCredit = credit;
        return false;
    }
    l.requestCredit = credit - cost;
    return true;
}

void StatusTracker::recordRequest(const ConfigRequest &r, qint64 at)
{
    const MemberKey key(r.networkId, r.member.address().toInt());
    LiveStatus &l = m_state.liveStatus(key);
    const auto before = substance(l);
    l.lastRequestTime = at;
    l.lastSeen = at;
    if (!r.physicalAddress.isNull())
        l.physicalAddress = r.physicalAddress;
    // HELLO versions if the node knew them; else what the request metadata says.
    l.protocolVersion = r.protocolVersion >= 0 ? r.protocolVersion : int(r.metadata.protocolVersion);
    l.versionMajor = r.versionMajor >= 0 ? r.versionMajor : int(r.metadata.majorVersion);
    l.versionMinor = r.versionMinor >= 0 ? r.versionMinor : int(r.metadata.minorVersion);
    l.versionRevision = r.versionRevision >= 0 ? r.versionRevision : int(r.metadata.revision);
    if (r.latencyMs >= 0)
        l.latencyMs = r.latencyMs;
    ++l.requestCount;
    if (!l.hasMetadata || !(l.metadata == r.metadata))
        l.metadata = r.metadata;
    l.hasMetadata = true;
    if (substance(l) != before)
        m_state.dirty.insert(key);
    else
        m_state.stale.insert(key);
}

void StatusTracker::addHistory(MemberKey key, const ConfigRequest &request, bool authorized, qint64 at)
{
    auto it = m_state.live.find(key);
    if (it == m_state.live.end() || request.packetId == 0)
        return;
    MemberHistoryEntry h;
    h.time = at;
    h.authorized = authorized;
    h.physicalAddress = request.physicalAddress;
    h.protocolVersion = request.protocolVersion;
    h.versionMajor = request.versionMajor;
    h.versionMinor = request.versionMinor;
    h.versionRevision = request.versionRevision;
    // Another entry like the last one is routine (written with the next due row); a first entry or a
    // changed outcome is news.
    const bool news = it->history.isEmpty() || it->history.first().authorized != authorized ||
                      !(it->history.first().physicalAddress == h.physicalAddress);
    it->history.prepend(h);
    while (it->history.size() > NetworkController::HistoryLength)
        it->history.removeLast();
    if (news)
        m_state.dirty.insert(key);
    else
        m_state.stale.insert(key);
}

QHash<MemberKey, LiveStatus> StatusTracker::fromRows(const QList<MemberStatusRow> &rows)
{
    QHash<MemberKey, LiveStatus> live;
    for (const MemberStatusRow &s : rows) {
        LiveStatus l;
        l.lastRequestTime = s.lastRequestTime;
        l.lastSeen = s.lastSeen;
        l.physicalAddress = InetAddress::fromString(s.physicalAddress).value_or(InetAddress());
        l.protocolVersion = s.protocolVersion;
        l.versionMajor = s.vMajor;
        l.versionMinor = s.vMinor;
        l.versionRevision = s.vRev;
        l.requestCount = s.requestCount;
        l.history = historyFromJson(s.recentHistoryJson);
        if (!s.lastRequestMetadata.isEmpty()) {
            l.metadata = RequestMetadata::fromBytes(s.lastRequestMetadata);
            l.hasMetadata = true;
        }
        live.insert(MemberKey(s.networkId, s.address.toInt()), l);
    }
    return live;
}

Result<QList<MemberInfo>> StatusTracker::flush(Database &database, qint64 at, Scope scope)
{
    ControllerState &d = m_state;
    QSet<MemberKey> toWrite = d.dirty;
    for (const MemberKey &key : std::as_const(d.stale)) {
        auto l = d.live.constFind(key);
        if (l != d.live.constEnd() && (scope == Scope::Everything || at - l->writtenAt >= RewriteMs))
            toWrite.insert(key);
    }
    // Online → offline happens without any packet: found here, reported without a write.
    QSet<MemberKey> changed = toWrite;
    for (auto it = d.live.begin(); it != d.live.end(); ++it) {
        if (ControllerState::liveOnline(*it, at) != it->reportedOnline)
            changed.insert(it.key());
    }
    if (changed.isEmpty())
        return QList<MemberInfo>();
    QList<MemberStatusRow> rows;
    for (const MemberKey &key : std::as_const(toWrite)) {
        auto netIt = d.networks.constFind(key.first);
        auto l = d.live.constFind(key);
        if (netIt == d.networks.constEnd() || !netIt->members.contains(key.second) || l == d.live.constEnd())
            continue;
        rows.append(statusRow(key, *l));
    }
    if (!rows.isEmpty()) {
        MemberRepository repo(database);
        if (Status saved = database.transaction([&]() -> Status { return repo.saveStatus(rows); }); !saved)
            return saved.error(); // stays unwritten; the next tick retries
    }
    for (const MemberKey &key : std::as_const(toWrite)) {
        d.dirty.remove(key);
        d.stale.remove(key);
        if (auto l = d.live.find(key); l != d.live.end())
            l->writtenAt = at;
    }
    QList<MemberInfo> infos;
    for (const MemberKey &key : std::as_const(changed)) {
        auto netIt = d.networks.constFind(key.first);
        auto l = d.live.find(key);
        if (l != d.live.end())
            l->reportedOnline = ControllerState::liveOnline(*l, at);
        if (netIt == d.networks.constEnd() || !netIt->members.contains(key.second))
            continue;
        infos.append(d.info(netIt->members.value(key.second), at));
    }
    std::sort(infos.begin(), infos.end(), [](const MemberInfo &a, const MemberInfo &b) {
        return a.networkId != b.networkId ? a.networkId < b.networkId : a.address < b.address;
    });
    return infos;
}

QHash<quint64, quint64> StatusTracker::requestCountsByNetwork() const
{
    QHash<quint64, quint64> counts;
    for (auto it = m_state.live.cbegin(); it != m_state.live.cend(); ++it)
        counts[it.key().first] += it->requestCount;
    return counts;
}

} // namespace tier
