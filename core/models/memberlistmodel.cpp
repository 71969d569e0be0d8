// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/models/memberlistmodel.h"

#include "core/models/memberpagereader.h"
#include "core/service/engineclient.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <limits>

namespace tier {

namespace {

// Sort keys that compare the way people expect (10.0.0.9 before 10.0.0.10, IPv4 before IPv6).
QByteArray addressKey(const InetAddress &address)
{
    if (address.isNull())
        return {};
    QByteArray key;
    key.append(char(address.family()));
    key.append(address.ipBytes());
    key.append(char(address.port() >> 8));
    key.append(char(address.port() & 0xff));
    return key;
}

bool sameIps(const QList<InetAddress> &a, const QList<InetAddress> &b)
{
    return a == b;
}

// Everything a row shows or filters on; history and credentials do not repaint a row.
bool sameVisible(const MemberInfo &a, const MemberInfo &b)
{
    return a.name == b.name && a.description == b.description && a.authorized == b.authorized && a.online == b.online &&
           a.pending == b.pending && a.lastRequestTime == b.lastRequestTime && a.physicalAddress == b.physicalAddress &&
           a.versionMajor == b.versionMajor && a.versionMinor == b.versionMinor &&
           a.versionRevision == b.versionRevision && a.identity == b.identity && a.latencyMs == b.latencyMs &&
           sameIps(a.ipAssignments, b.ipAssignments);
}

} // namespace

MemberListModel::MemberListModel(QObject *parent)
    : QAbstractTableModel(parent), m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    m_tickTimer.setTimerType(Qt::CoarseTimer);
    connect(&m_tickTimer, &QTimer::timeout, this, &MemberListModel::tick);
}

MemberListModel::~MemberListModel() = default;

void MemberListModel::setEngine(EngineClient *engine)
{
    for (const auto &connection : std::as_const(m_connections))
        disconnect(connection);
    m_connections.clear();
    m_engine = engine;
    if (!engine)
        return;
    m_connections << connect(engine, &EngineClient::membersReset, this, &MemberListModel::resetMembers)
                  << connect(engine, &EngineClient::memberChanged, this, &MemberListModel::updateMember)
                  << connect(engine, &EngineClient::memberRemoved, this, &MemberListModel::removeMember)
                  << connect(engine, &EngineClient::memberStatusChanged, this, &MemberListModel::updateStatus)
                  // A join request may be the first the UI hears of a member: it shows up as pending.
                  << connect(engine, &EngineClient::joinRequested, this, &MemberListModel::updateMember)
                  << connect(engine, &EngineClient::stateChanged, this, [this](EngineClient::State state) {
                         // A (re)started engine has the current list (maybe of a restored database);
                         // a model created earlier asks again.
                         if (state == EngineClient::State::Running && m_networkId != 0)
                             refresh();
                         else if (state != EngineClient::State::Running)
                             stopLoading();
                     });
    if (m_networkId != 0 && engineAcceptsRequests())
        refresh();
}

MemberPageReader *MemberListModel::pageReader()
{
    if (!m_reader) {
        m_reader = new MemberPageReader(this);
        connect(m_reader, &MemberPageReader::pageReady, this, &MemberListModel::appendPage);
        connect(m_reader, &MemberPageReader::loadFailed, this, &MemberListModel::pageLoadFailed);
    }
    return m_reader;
}

void MemberListModel::refresh()
{
    if (m_networkId == 0 || !m_engine)
        return;
    const QString path = m_pagedLoading ? EngineClient::databaseFilePath(m_engine->options()) : QString();
    if (path.isEmpty()) {
        m_engine->refreshMembers(m_networkId);
        return;
    }
    // The file is migrated by the engine while it starts: read it once the engine runs.
    if (m_engine->state() == EngineClient::State::Running)
        loadPages(path);
}

void MemberListModel::loadPages(const QString &databaseFilePath)
{
    if (m_networkId == 0)
        return;
    const bool wasLoading = isLoading();
    beginResetModel();
    m_members.clear();
    m_rowByAddress.clear();
    endResetModel();
    m_removedWhileLoading.clear();
    m_loadId = pageReader()->load(databaseFilePath, m_networkId);
    updateTimer();
    if (!wasLoading)
        emit loadingChanged(true);
}

void MemberListModel::stopLoading()
{
    if (!isLoading())
        return;
    m_loadId = 0;
    m_removedWhileLoading.clear();
    if (m_reader)
        m_reader->cancel();
    emit loadingChanged(false);
}

void MemberListModel::appendPage(quint64 loadId, quint64 networkId, const QList<MemberInfo> &members, bool last)
{
    if (loadId != m_loadId || loadId == 0 || networkId != m_networkId)
        return; // a replaced load's page, still queued
    QList<MemberInfo> fresh;
    fresh.reserve(members.size());
    for (const MemberInfo &member : members) {
        // The engine's live signals are newer than any page: a row they made stays as it is, and a
        // member they removed does not come back.
        if (m_rowByAddress.contains(member.address) || m_removedWhileLoading.contains(member.address))
            continue;
        fresh.append(member);
    }
    if (!fresh.isEmpty()) {
        const int first = int(m_members.size());
        beginInsertRows({}, first, first + int(fresh.size()) - 1);
        m_members.append(fresh);
        rebuildIndex(first);
        endInsertRows();
        updateTimer();
    }
    if (last) {
        m_loadId = 0;
        m_removedWhileLoading.clear();
        emit loadingChanged(false);
    }
}

void MemberListModel::pageLoadFailed(quint64 loadId, quint64 networkId, const QString &message)
{
    if (loadId != m_loadId || loadId == 0 || networkId != m_networkId)
        return;
    qWarning("members of %s: reading the database failed (%s); asking the engine instead",
             qPrintable(networkIdToString(networkId)), qPrintable(message));
    m_loadId = 0;
    m_removedWhileLoading.clear();
    emit loadingChanged(false);
    if (m_engine && engineAcceptsRequests())
        m_engine->refreshMembers(m_networkId); // its membersReset replaces whatever pages arrived
}

void MemberListModel::setNetworkId(quint64 networkId)
{
    if (networkId == m_networkId)
        return;
    stopLoading();
    beginResetModel();
    m_networkId = networkId;
    m_members.clear();
    m_rowByAddress.clear();
    endResetModel();
    updateTimer();
    if (networkId != 0 && engineAcceptsRequests())
        refresh();
}

bool MemberListModel::engineAcceptsRequests() const
{
    // A stopped engine answers every request with engineError: not worth an error box for a read.
    return m_engine &&
           (m_engine->state() == EngineClient::State::Running || m_engine->state() == EngineClient::State::Starting);
}

void MemberListModel::setClock(Clock clock)
{
    m_clock = clock ? std::move(clock) : Clock([] { return QDateTime::currentMSecsSinceEpoch(); });
}

void MemberListModel::setTickInterval(int ms)
{
    m_tickInterval = std::max(0, ms);
    m_tickTimer.stop();
    updateTimer();
}

void MemberListModel::updateTimer()
{
    // An idle model (no rows) costs nothing; a running one repaints one column per second.
    const bool wanted = m_tickInterval > 0 && !m_members.isEmpty();
    if (wanted && !m_tickTimer.isActive())
        m_tickTimer.start(m_tickInterval);
    else if (!wanted)
        m_tickTimer.stop();
}

void MemberListModel::tick()
{
    if (m_members.isEmpty())
        return;
    // Display-only roles: a proxy sorting or filtering on other roles need not re-sort or re-filter.
    emit dataChanged(index(0, LastSeenColumn), index(int(m_members.size()) - 1, LastSeenColumn),
                     {Qt::DisplayRole, Qt::ToolTipRole});
}

bool MemberListModel::isMemberIndex(const QModelIndex &index) const
{
    // Views and QAbstractItemModelTester ask about the invalid root index on purpose: no warning.
    return index.isValid() && checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid);
}

int MemberListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_members.size());
}

int MemberListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

MemberListModel::MemberStatus MemberListModel::statusOf(const MemberInfo &member)
{
    if (member.online)
        return MemberStatus::Online;
    return member.lastRequestTime > 0 ? MemberStatus::Offline : MemberStatus::NeverSeen;
}

QString MemberListModel::memberLabel(const MemberInfo &member)
{
    if (member.name.isEmpty())
        return member.address.toString();
    return QStringLiteral("%1 (%2)").arg(member.name, member.address.toString());
}

QVariant MemberListModel::data(const QModelIndex &index, int role) const
{
    if (!isMemberIndex(index))
        return {};
    const MemberInfo &member = m_members.at(index.row());
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return displayData(member, column);
    case Qt::EditRole:
        if (column == NameColumn)
            return member.name;
        if (column == IpAssignmentsColumn)
            return displayData(member, column);
        return {};
    case Qt::CheckStateRole:
        if (column == AuthorizedColumn)
            return member.authorized ? Qt::Checked : Qt::Unchecked;
        return {};
    case Qt::ToolTipRole:
        switch (column) {
        case StatusColumn:
            switch (statusOf(member)) {
            case MemberStatus::Online:
                return tr("Online: a config request in the last two minutes");
            case MemberStatus::Offline:
                return tr("Offline");
            case MemberStatus::NeverSeen:
                return tr("Never seen");
            }
            return {};
        case NameColumn:
            return member.description.isEmpty() ? QVariant() : QVariant(member.description);
        case AuthorizedColumn:
            if (member.pending)
                return tr("Waiting for authorization");
            return member.authorized ? tr("Authorized") : tr("Not authorized");
        case LastSeenColumn:
            if (member.lastRequestTime <= 0)
                return {};
            return QDateTime::fromMSecsSinceEpoch(member.lastRequestTime).toString(Qt::ISODate);
        default:
            return {};
        }
    case Qt::TextAlignmentRole:
        if (column == StatusColumn || column == AuthorizedColumn)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignCenter));
        if (column == LatencyColumn)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return {};
    case RawDataRole:
        return rawData(member, column);
    case AddressRole:
        return QVariant::fromValue(member.address.toInt());
    case StatusRole:
        return int(statusOf(member));
    case AuthorizedRole:
        return member.authorized;
    case PendingRole:
        return member.pending;
    case SearchTextRole: {
        QStringList parts{member.address.toString(), member.name, member.description};
        for (const InetAddress &ip : member.ipAssignments)
            parts << ip.toIpString();
        return parts.join(u' ').toLower();
    }
    default:
        return {};
    }
}

QVariant MemberListModel::displayData(const MemberInfo &member, int column) const
{
    switch (column) {
    case StatusColumn:
        return {};
    case AddressColumn:
        return member.address.toString();
    case NameColumn:
        return member.name;
    case AuthorizedColumn:
        return {};
    case IpAssignmentsColumn: {
        QStringList ips;
        for (const InetAddress &ip : member.ipAssignments)
            ips << ip.toIpString();
        return ips.join(QLatin1String(", "));
    }
    case LastSeenColumn:
        return formatAge(member.lastRequestTime, m_clock());
    case PhysicalAddressColumn:
        return member.physicalAddress.toString();
    case VersionColumn:
        return member.clientVersion();
    case LatencyColumn:
        return formatLatency(member.latencyMs);
    default:
        return {};
    }
}

QVariant MemberListModel::rawData(const MemberInfo &member, int column) const
{
    switch (column) {
    case StatusColumn:
        return int(statusOf(member));
    case AddressColumn:
        return QVariant::fromValue(member.address.toInt());
    case NameColumn:
        return member.name;
    case AuthorizedColumn:
        // Pending members sort apart from those never heard of.
        return member.authorized ? 2 : (member.pending ? 1 : 0);
    case IpAssignmentsColumn:
        return member.ipAssignments.isEmpty() ? QByteArray() : addressKey(member.ipAssignments.first());
    case LastSeenColumn:
        return member.lastRequestTime;
    case PhysicalAddressColumn:
        return addressKey(member.physicalAddress);
    case VersionColumn:
        if (member.versionMajor < 0)
            return -1;
        return member.versionMajor * 1000000 + member.versionMinor * 1000 + member.versionRevision;
    case LatencyColumn:
        // Unknown sorts after every measured value.
        return member.latencyMs < 0 ? std::numeric_limits<qint64>::max() : member.latencyMs;
    default:
        return {};
    }
}

QString MemberListModel::formatLatency(qint64 latencyMs)
{
    if (latencyMs < 0)
        return QStringLiteral("\u2014");
    return tr("%1 ms").arg(latencyMs);
}

QString MemberListModel::formatAge(qint64 lastSeenMs, qint64 nowMs)
{
    if (lastSeenMs <= 0)
        return tr("never");
    const qint64 seconds = std::max<qint64>(0, (nowMs - lastSeenMs) / 1000);
    if (seconds < 60)
        return tr("%1 s ago").arg(seconds);
    if (seconds < 3600)
        return tr("%1 min ago").arg(seconds / 60);
    if (seconds < 86400)
        return tr("%1 h ago").arg(seconds / 3600);
    return tr("%1 d ago").arg(seconds / 86400);
}

std::optional<QList<InetAddress>> MemberListModel::parseIpList(const QString &text, QString *error)
{
    static const QRegularExpression separators(QStringLiteral("[,;\\s]+"));
    QList<InetAddress> ips;
    QSet<InetAddress> seen;
    const QStringList parts = text.split(separators, Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        const std::optional<InetAddress> ip = InetAddress::fromIpString(part);
        if (!ip || ip->isNull()) {
            if (error)
                *error = tr("“%1” is not an IP address. Enter IPv4 or IPv6 addresses separated by commas or spaces, "
                            "for example 10.147.17.5, fd00::5.")
                             .arg(part);
            return std::nullopt;
        }
        if (!seen.contains(*ip)) {
            seen.insert(*ip);
            ips << *ip;
        }
    }
    return ips;
}

bool MemberListModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!isMemberIndex(index))
        return false;
    const MemberInfo &member = m_members.at(index.row());
    if (index.column() == AuthorizedColumn && role == Qt::CheckStateRole) {
        const bool wanted = value.value<Qt::CheckState>() == Qt::Checked;
        if (wanted == member.authorized)
            return false;
        requestAuthorization(member.address, wanted);
        return true;
    }
    if (role != Qt::EditRole)
        return false;
    if (index.column() == NameColumn) {
        const QString name = value.toString().trimmed();
        if (name == member.name)
            return false;
        MemberUpdate update;
        update.name = name;
        requestUpdate(member.address, update);
        return true;
    }
    if (index.column() == IpAssignmentsColumn) {
        QString error;
        const std::optional<QList<InetAddress>> ips = parseIpList(value.toString(), &error);
        if (!ips) {
            emit editRejected(error);
            return false;
        }
        if (*ips == member.ipAssignments)
            return false;
        MemberUpdate update;
        update.ipAssignments = *ips;
        requestUpdate(member.address, update);
        return true;
    }
    return false;
}

Qt::ItemFlags MemberListModel::flags(const QModelIndex &index) const
{
    if (!isMemberIndex(index))
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    if (index.column() == AuthorizedColumn)
        flags |= Qt::ItemIsUserCheckable;
    if (index.column() == NameColumn || index.column() == IpAssignmentsColumn)
        flags |= Qt::ItemIsEditable;
    return flags;
}

QVariant MemberListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole && section == StatusColumn)
        return tr("Online status");
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case StatusColumn:
        return QString();
    case AddressColumn:
        return tr("Address");
    case NameColumn:
        return tr("Name");
    case AuthorizedColumn:
        return tr("Authorized");
    case IpAssignmentsColumn:
        return tr("Managed IPs");
    case LastSeenColumn:
        // The time of the last config request; "last seen" beside a green online dot read as a contradiction.
        return tr("Last request");
    case PhysicalAddressColumn:
        return tr("Physical address");
    case VersionColumn:
        return tr("Version");
    case LatencyColumn:
        return tr("Latency");
    default:
        return {};
    }
}

QHash<int, QByteArray> MemberListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(RawDataRole, QByteArrayLiteral("rawData"));
    names.insert(AddressRole, QByteArrayLiteral("address"));
    names.insert(StatusRole, QByteArrayLiteral("status"));
    names.insert(AuthorizedRole, QByteArrayLiteral("authorized"));
    names.insert(PendingRole, QByteArrayLiteral("pending"));
    names.insert(SearchTextRole, QByteArrayLiteral("searchText"));
    return names;
}

int MemberListModel::rowOfMember(Address address) const
{
    return m_rowByAddress.value(address, -1);
}

void MemberListModel::rebuildIndex(int fromRow)
{
    for (int row = fromRow; row < int(m_members.size()); ++row)
        m_rowByAddress.insert(m_members.at(row).address, row);
}

void MemberListModel::requestAuthorization(Address member, bool authorized)
{
    if (m_networkId == 0)
        return;
    emit authorizationRequested(m_networkId, member, authorized);
    if (m_engine)
        m_engine->setMemberAuthorized(m_networkId, member, authorized);
}

void MemberListModel::requestUpdate(Address member, const MemberUpdate &update)
{
    if (m_networkId == 0)
        return;
    emit updateRequested(m_networkId, member, update);
    if (m_engine)
        m_engine->updateMember(m_networkId, member, update);
}

void MemberListModel::requestDelete(Address member)
{
    if (m_networkId == 0)
        return;
    emit deleteRequested(m_networkId, member);
    if (m_engine)
        m_engine->deleteMember(m_networkId, member);
}

void MemberListModel::resetMembers(quint64 networkId, const QList<MemberInfo> &members)
{
    if (networkId != m_networkId || networkId == 0)
        return;
    stopLoading(); // the engine's complete list replaces any pages
    QList<MemberInfo> unique;
    unique.reserve(members.size());
    QHash<Address, int> rowByAddress;
    rowByAddress.reserve(members.size());
    for (const MemberInfo &member : members) {
        const auto found = rowByAddress.constFind(member.address);
        if (found != rowByAddress.cend()) {
            unique[*found] = member;
        } else {
            rowByAddress.insert(member.address, int(unique.size()));
            unique.append(member);
        }
    }
    beginResetModel();
    m_members = std::move(unique);
    m_rowByAddress = std::move(rowByAddress);
    endResetModel();
    updateTimer();
}

bool MemberListModel::replaceRow(int row, const MemberInfo &member)
{
    const bool changed = !sameVisible(m_members.at(row), member);
    m_members[row] = member;
    return changed;
}

void MemberListModel::updateMember(const MemberInfo &member)
{
    if (member.networkId != m_networkId || m_networkId == 0)
        return;
    m_removedWhileLoading.remove(member.address); // created again
    const int row = rowOfMember(member.address);
    if (row < 0) {
        const int newRow = int(m_members.size());
        beginInsertRows({}, newRow, newRow);
        m_members.append(member);
        m_rowByAddress.insert(member.address, newRow);
        endInsertRows();
        updateTimer();
        return;
    }
    if (replaceRow(row, member))
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void MemberListModel::removeMember(quint64 networkId, Address address)
{
    if (networkId != m_networkId || m_networkId == 0)
        return;
    if (isLoading())
        m_removedWhileLoading.insert(address); // its page may have been read before the removal
    const int row = rowOfMember(address);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_members.removeAt(row);
    m_rowByAddress.remove(address);
    rebuildIndex(row);
    endRemoveRows();
    updateTimer();
}

void MemberListModel::updateStatus(const QList<MemberInfo> &members)
{
    if (m_networkId == 0)
        return;
    QList<int> changedRows;
    QList<MemberInfo> added;
    for (const MemberInfo &member : members) {
        if (member.networkId != m_networkId)
            continue;
        m_removedWhileLoading.remove(member.address); // only members that exist report status
        const int row = rowOfMember(member.address);
        if (row < 0)
            added << member;
        else if (replaceRow(row, member))
            changedRows << row;
    }
    std::sort(changedRows.begin(), changedRows.end());
    changedRows.erase(std::unique(changedRows.begin(), changedRows.end()), changedRows.end());
    // Adjacent rows share one signal: a status flush touching hundreds of rows stays cheap for views.
    for (qsizetype i = 0; i < changedRows.size();) {
        qsizetype j = i;
        while (j + 1 < changedRows.size() && changedRows.at(j + 1) == changedRows.at(j) + 1)
            ++j;
        emit dataChanged(index(changedRows.at(i), 0), index(changedRows.at(j), ColumnCount - 1));
        i = j + 1;
    }
    if (!added.isEmpty()) {
        // Unknown members in a status batch: new since the last reset; append them in one insert.
        QList<MemberInfo> unique;
        QHash<Address, qsizetype> seen;
        for (const MemberInfo &member : std::as_const(added)) {
            if (const auto found = seen.constFind(member.address); found != seen.cend()) {
                unique[*found] = member; // the latest status wins
            } else {
                seen.insert(member.address, unique.size());
                unique << member;
            }
        }
        const int first = int(m_members.size());
        beginInsertRows({}, first, first + int(unique.size()) - 1);
        m_members.append(unique);
        rebuildIndex(first);
        endInsertRows();
        updateTimer();
    }
}

} // namespace tier
