// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/models/networklistmodel.h"

#include "core/models/networksettingsvalidator.h"

#include <QHash>
#include <QSet>

namespace tier {

NetworkListModel::NetworkListModel(QObject *parent) : QAbstractTableModel(parent) {}

void NetworkListModel::setEngine(EngineClient *engine)
{
    for (const auto &connection : std::as_const(m_connections))
        disconnect(connection);
    m_connections.clear();
    m_engine = engine;
    if (!engine)
        return;
    m_connections << connect(engine, &EngineClient::networksReset, this, &NetworkListModel::resetNetworks)
                  << connect(engine, &EngineClient::networkChanged, this, &NetworkListModel::updateNetwork)
                  << connect(engine, &EngineClient::networkRemoved, this, &NetworkListModel::removeNetwork);
}

int NetworkListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_networks.size());
}

int NetworkListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant NetworkListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const NetworkInfo &network = m_networks.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayData(network, index.column());
    case Qt::EditRole:
        return index.column() == NameColumn ? QVariant(network.name) : QVariant();
    case RawDataRole:
        return rawData(network, index.column());
    case NetworkIdRole:
        return QVariant::fromValue(network.id);
    case Qt::TextAlignmentRole:
        if (index.column() >= MembersColumn)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return {};
    case Qt::ToolTipRole:
        if (index.column() == NameColumn && !network.description.isEmpty())
            return network.description;
        if (index.column() == MembersColumn)
            return tr("%n authorized", nullptr, network.authorizedCount);
        if (index.column() == PendingColumn && network.pendingCount > 0)
            return tr("%n member(s) waiting for authorization", nullptr, network.pendingCount);
        return {};
    default:
        return {};
    }
}

Qt::ItemFlags NetworkListModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == NameColumn && m_engine)
        flags |= Qt::ItemIsEditable;
    return flags;
}

bool NetworkListModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || index.column() != NameColumn ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) || !m_engine)
        return false;
    const NetworkInfo &network = m_networks.at(index.row());
    const QString name = value.toString().trimmed();
    if (name == network.name)
        return false;
    if (const QString error = NetworkSettingsValidator::nameError(name); !error.isEmpty()) {
        emit editRejected(error);
        return false;
    }
    m_engine->renameNetwork(network.id, name);
    return true; // shown when the engine's networkChanged arrives
}

QVariant NetworkListModel::displayData(const NetworkInfo &network, int column) const
{
    switch (column) {
    case NameColumn:
        return network.name.isEmpty() ? tr("(unnamed)") : network.name;
    case IdColumn:
        return formatNetworkId(network.id);
    case MembersColumn:
        return network.memberCount;
    case OnlineColumn:
        return network.onlineCount;
    case PendingColumn:
        return network.pendingCount;
    default:
        return {};
    }
}

QVariant NetworkListModel::rawData(const NetworkInfo &network, int column) const
{
    switch (column) {
    case NameColumn:
        return network.name;
    case IdColumn:
        return QVariant::fromValue(network.id);
    case MembersColumn:
        return network.memberCount;
    case OnlineColumn:
        return network.onlineCount;
    case PendingColumn:
        return network.pendingCount;
    default:
        return {};
    }
}

QVariant NetworkListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Name");
    case IdColumn:
        return tr("Network ID");
    case MembersColumn:
        return tr("Members");
    case OnlineColumn:
        return tr("Online");
    case PendingColumn:
        return tr("Pending");
    default:
        return {};
    }
}

QHash<int, QByteArray> NetworkListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(RawDataRole, QByteArrayLiteral("rawData"));
    names.insert(NetworkIdRole, QByteArrayLiteral("networkId"));
    return names;
}

int NetworkListModel::rowOfNetwork(quint64 networkId) const
{
    // A controller has tens of networks, not thousands: a linear scan beats keeping an index in step.
    for (qsizetype row = 0; row < m_networks.size(); ++row) {
        if (m_networks.at(row).id == networkId)
            return int(row);
    }
    return -1;
}

QString NetworkListModel::formatNetworkId(quint64 networkId)
{
    return QStringLiteral("%1").arg(networkId, 16, 16, QLatin1Char('0'));
}

void NetworkListModel::resetNetworks(const QList<NetworkInfo> &networks)
{
    QList<NetworkInfo> unique;
    unique.reserve(networks.size());
    QHash<quint64, qsizetype> rowById;
    for (const NetworkInfo &network : networks) {
        const auto found = rowById.constFind(network.id);
        if (found != rowById.cend()) {
            unique[*found] = network;
        } else {
            rowById.insert(network.id, unique.size());
            unique.append(network);
        }
    }
    beginResetModel();
    m_networks = std::move(unique);
    endResetModel();
}

static bool sameValues(const NetworkInfo &a, const NetworkInfo &b)
{
    return a.name == b.name && a.description == b.description && a.memberCount == b.memberCount &&
           a.authorizedCount == b.authorizedCount && a.onlineCount == b.onlineCount &&
           a.pendingCount == b.pendingCount && a.isPrivate == b.isPrivate && a.creationTime == b.creationTime &&
           a.revision == b.revision && a.pools == b.pools && a.routes == b.routes && a.v4AssignZt == b.v4AssignZt &&
           a.warnings == b.warnings;
}

void NetworkListModel::updateNetwork(const NetworkInfo &network)
{
    const int row = rowOfNetwork(network.id);
    if (row < 0) {
        const int newRow = int(m_networks.size());
        beginInsertRows({}, newRow, newRow);
        m_networks.append(network);
        endInsertRows();
        return;
    }
    // The engine re-sends a network on every member status change; an unchanged row must not make
    // views repaint or proxies re-sort.
    if (sameValues(m_networks.at(row), network))
        return;
    m_networks[row] = network;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void NetworkListModel::removeNetwork(quint64 networkId)
{
    const int row = rowOfNetwork(networkId);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_networks.removeAt(row);
    endRemoveRows();
}

} // namespace tier
