// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/service/engineclient.h"
#include "core/service/networkinfo.h"

#include <QAbstractTableModel>
#include <QList>
#include <QPointer>

namespace tier {

/// The controller's networks as a table, kept in step with the engine's signals. Rows are updated
/// in place (dataChanged / row inserts / row removals) so views keep their selection and scroll
/// position; only a full refresh from the engine (networksReset) resets the model.
class NetworkListModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NetworkListModel)

public:
    enum Column { NameColumn, IdColumn, MembersColumn, OnlineColumn, PendingColumn, ColumnCount };
    Q_ENUM(Column)

    enum Role {
        RawDataRole = Qt::UserRole, ///< unformatted value of the cell (QString, quint64 or int), for sorting
        NetworkIdRole,              ///< the row's network ID (quint64), in every column
    };
    Q_ENUM(Role)

    explicit NetworkListModel(QObject *parent = nullptr);

    /// Follows the engine's network signals from now on (nullptr detaches). Does not fetch: the
    /// engine sends networksReset when it has its list (or call EngineClient::refreshNetworks()).
    void setEngine(EngineClient *engine);
    EngineClient *engine() const { return m_engine; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    /// The name is editable in place: a new name goes to the engine (EngineClient::renameNetwork); the row
    /// changes when the engine's answer arrives. An invalid name is refused (editRejected).
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

    /// Row of the network with this ID, or -1.
    int rowOfNetwork(quint64 networkId) const;
    /// The network in a row (row must be valid).
    const NetworkInfo &networkAt(int row) const { return m_networks.at(row); }
    /// The network ID as shown in the ID column: 16 lowercase hex digits.
    static QString formatNetworkId(quint64 networkId);

signals:
    /// A rename was refused before reaching the engine (the message says why).
    void editRejected(const QString &message);

public slots:
    /// Replaces every row (the only operation that resets the model). Duplicate IDs keep the last.
    void resetNetworks(const QList<tier::NetworkInfo> &networks);
    /// Updates the row of this network in place, or appends it if it is new.
    void updateNetwork(const tier::NetworkInfo &network);
    /// Removes the row of this network, if there is one.
    void removeNetwork(quint64 networkId);

private:
    QVariant displayData(const NetworkInfo &network, int column) const;
    QVariant rawData(const NetworkInfo &network, int column) const;

    QList<NetworkInfo> m_networks;
    QPointer<EngineClient> m_engine;
    QList<QMetaObject::Connection> m_connections;
};

} // namespace tier
