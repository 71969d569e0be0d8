// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/models/networklistmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

using tier::NetworkInfo;
using tier::NetworkListModel;

namespace {

NetworkInfo makeNetwork(quint64 id, const QString &name, int members = 0, int online = 0, int pending = 0)
{
    NetworkInfo network;
    network.id = id;
    network.name = name;
    network.memberCount = members;
    network.authorizedCount = members - pending;
    network.onlineCount = online;
    network.pendingCount = pending;
    return network;
}

// Records every structural signal of a model, so a test can assert the exact sequence.
class ModelSignals final
{
public:
    explicit ModelSignals(QAbstractItemModel *model)
        : aboutToInsert(model, &QAbstractItemModel::rowsAboutToBeInserted),
          inserted(model, &QAbstractItemModel::rowsInserted),
          aboutToRemove(model, &QAbstractItemModel::rowsAboutToBeRemoved),
          removed(model, &QAbstractItemModel::rowsRemoved), changed(model, &QAbstractItemModel::dataChanged),
          aboutToReset(model, &QAbstractItemModel::modelAboutToBeReset), reset(model, &QAbstractItemModel::modelReset),
          layoutChanged(model, &QAbstractItemModel::layoutChanged)
    {}

    int total() const
    {
        return int(aboutToInsert.count() + inserted.count() + aboutToRemove.count() + removed.count() +
                   changed.count() + aboutToReset.count() + reset.count() + layoutChanged.count());
    }

    QSignalSpy aboutToInsert;
    QSignalSpy inserted;
    QSignalSpy aboutToRemove;
    QSignalSpy removed;
    QSignalSpy changed;
    QSignalSpy aboutToReset;
    QSignalSpy reset;
    QSignalSpy layoutChanged;
};

} // namespace

class TestNetworkListModel final : public QObject
{
    Q_OBJECT

private slots:
    void emptyModel();
    void headersAndColumns();
    void resetFillsRowsAndDropsDuplicates();
    void newNetworkInsertsOneRow();
    void changedNetworkEmitsDataChangedForItsRowOnly();
    void unchangedNetworkEmitsNothing();
    void removedNetworkRemovesItsRow();
    void removingUnknownNetworkEmitsNothing();
    void displayAndRawData();
    void proxySortsByRawData();
    void followsEngineSignals();
};

void TestNetworkListModel::emptyModel()
{
    NetworkListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.columnCount(), int(NetworkListModel::ColumnCount));
    QCOMPARE(model.rowOfNetwork(1), -1);
    QVERIFY(!model.data(model.index(0, 0)).isValid());
}

void TestNetworkListModel::headersAndColumns()
{
    NetworkListModel model;
    QCOMPARE(model.columnCount(), 5);
    QCOMPARE(model.headerData(NetworkListModel::NameColumn, Qt::Horizontal).toString(), QStringLiteral("Name"));
    QCOMPARE(model.headerData(NetworkListModel::IdColumn, Qt::Horizontal).toString(), QStringLiteral("Network ID"));
    QCOMPARE(model.headerData(NetworkListModel::MembersColumn, Qt::Horizontal).toString(), QStringLiteral("Members"));
    QCOMPARE(model.headerData(NetworkListModel::OnlineColumn, Qt::Horizontal).toString(), QStringLiteral("Online"));
    QCOMPARE(model.headerData(NetworkListModel::PendingColumn, Qt::Horizontal).toString(), QStringLiteral("Pending"));
}

void TestNetworkListModel::resetFillsRowsAndDropsDuplicates()
{
    NetworkListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    ModelSignals spy(&model);

    model.resetNetworks({makeNetwork(0x1111, QStringLiteral("a")), makeNetwork(0x2222, QStringLiteral("b")),
                         makeNetwork(0x1111, QStringLiteral("a2"))});

    QCOMPARE(spy.aboutToReset.count(), 1);
    QCOMPARE(spy.reset.count(), 1);
    QCOMPARE(spy.total(), 2);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.rowOfNetwork(0x1111), 0);
    QCOMPARE(model.rowOfNetwork(0x2222), 1);
    QCOMPARE(model.data(model.index(0, NetworkListModel::NameColumn)).toString(), QStringLiteral("a2"));

    model.resetNetworks({});
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(spy.reset.count(), 2);
}

void TestNetworkListModel::newNetworkInsertsOneRow()
{
    NetworkListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.resetNetworks({makeNetwork(0x1111, QStringLiteral("a"))});
    ModelSignals spy(&model);

    model.updateNetwork(makeNetwork(0x2222, QStringLiteral("b")));

    QCOMPARE(spy.aboutToInsert.count(), 1);
    QCOMPARE(spy.inserted.count(), 1);
    QCOMPARE(spy.total(), 2);
    const QList<QVariant> args = spy.inserted.takeFirst();
    QCOMPARE(args.at(0).value<QModelIndex>(), QModelIndex());
    QCOMPARE(args.at(1).toInt(), 1);
    QCOMPARE(args.at(2).toInt(), 1);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.rowOfNetwork(0x2222), 1);
}

void TestNetworkListModel::changedNetworkEmitsDataChangedForItsRowOnly()
{
    NetworkListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.resetNetworks({makeNetwork(0x1111, QStringLiteral("a")), makeNetwork(0x2222, QStringLiteral("b")),
                         makeNetwork(0x3333, QStringLiteral("c"))});
    ModelSignals spy(&model);

    model.updateNetwork(makeNetwork(0x2222, QStringLiteral("b"), 4, 2, 1));

    QCOMPARE(spy.changed.count(), 1);
    QCOMPARE(spy.total(), 1); // no reset, no insert/remove
    const QList<QVariant> args = spy.changed.takeFirst();
    const auto topLeft = args.at(0).value<QModelIndex>();
    const auto bottomRight = args.at(1).value<QModelIndex>();
    QCOMPARE(topLeft.row(), 1);
    QCOMPARE(bottomRight.row(), 1);
    QCOMPARE(topLeft.column(), 0);
    QCOMPARE(bottomRight.column(), NetworkListModel::ColumnCount - 1);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.data(model.index(1, NetworkListModel::MembersColumn)).toInt(), 4);
    QCOMPARE(model.data(model.index(1, NetworkListModel::OnlineColumn)).toInt(), 2);
    QCOMPARE(model.data(model.index(1, NetworkListModel::PendingColumn)).toInt(), 1);

    model.updateNetwork(makeNetwork(0x3333, QStringLiteral("renamed")));
    QCOMPARE(spy.changed.count(), 1);
    QCOMPARE(spy.changed.first().at(0).value<QModelIndex>().row(), 2);
    QCOMPARE(model.data(model.index(2, NetworkListModel::NameColumn)).toString(), QStringLiteral("renamed"));

    // A new description alone is a change too; it is the name's tooltip (none while there is none).
    QVERIFY(model.data(model.index(2, NetworkListModel::NameColumn), Qt::ToolTipRole).isNull());
    NetworkInfo described = makeNetwork(0x3333, QStringLiteral("renamed"));
    described.description = QStringLiteral("test bench\nsecond floor");
    spy.changed.clear();
    model.updateNetwork(described);
    QCOMPARE(spy.changed.count(), 1);
    QCOMPARE(model.data(model.index(2, NetworkListModel::NameColumn), Qt::ToolTipRole).toString(),
             QStringLiteral("test bench\nsecond floor"));
    QCOMPARE(model.data(model.index(2, NetworkListModel::NameColumn)).toString(), QStringLiteral("renamed"));
}

void TestNetworkListModel::unchangedNetworkEmitsNothing()
{
    NetworkListModel model;
    const NetworkInfo network = makeNetwork(0x1111, QStringLiteral("a"), 3, 1, 0);
    model.resetNetworks({network});
    ModelSignals spy(&model);
    model.updateNetwork(network);
    QCOMPARE(spy.total(), 0);
}

void TestNetworkListModel::removedNetworkRemovesItsRow()
{
    NetworkListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.resetNetworks({makeNetwork(0x1111, QStringLiteral("a")), makeNetwork(0x2222, QStringLiteral("b")),
                         makeNetwork(0x3333, QStringLiteral("c"))});
    ModelSignals spy(&model);

    model.removeNetwork(0x2222);

    QCOMPARE(spy.aboutToRemove.count(), 1);
    QCOMPARE(spy.removed.count(), 1);
    QCOMPARE(spy.total(), 2);
    const QList<QVariant> args = spy.removed.takeFirst();
    QCOMPARE(args.at(1).toInt(), 1);
    QCOMPARE(args.at(2).toInt(), 1);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.rowOfNetwork(0x2222), -1);
    QCOMPARE(model.rowOfNetwork(0x3333), 1);

    // Rows after the removed one are found at their new position and update there.
    model.updateNetwork(makeNetwork(0x3333, QStringLiteral("c"), 7));
    QCOMPARE(spy.changed.count(), 1);
    QCOMPARE(spy.changed.first().at(0).value<QModelIndex>().row(), 1);
}

void TestNetworkListModel::removingUnknownNetworkEmitsNothing()
{
    NetworkListModel model;
    model.resetNetworks({makeNetwork(0x1111, QStringLiteral("a"))});
    ModelSignals spy(&model);
    model.removeNetwork(0x9999);
    QCOMPARE(spy.total(), 0);
    QCOMPARE(model.rowCount(), 1);
}

void TestNetworkListModel::displayAndRawData()
{
    NetworkListModel model;
    model.resetNetworks(
        {makeNetwork(0x8056c2e21c000001ULL, QStringLiteral("office"), 12, 5, 2), makeNetwork(0xab, QString())});

    const QModelIndex id = model.index(0, NetworkListModel::IdColumn);
    QCOMPARE(model.data(id).toString(), QStringLiteral("8056c2e21c000001"));
    QCOMPARE(model.data(id, NetworkListModel::RawDataRole).value<quint64>(), 0x8056c2e21c000001ULL);
    QCOMPARE(model.data(model.index(1, NetworkListModel::IdColumn)).toString(), QStringLiteral("00000000000000ab"));
    QCOMPARE(model.data(model.index(0, NetworkListModel::NameColumn), NetworkListModel::NetworkIdRole).value<quint64>(),
             0x8056c2e21c000001ULL);
    QCOMPARE(model.data(model.index(0, NetworkListModel::MembersColumn), NetworkListModel::RawDataRole).toInt(), 12);
    QCOMPARE(model.data(model.index(0, NetworkListModel::OnlineColumn), NetworkListModel::RawDataRole).toInt(), 5);
    QCOMPARE(model.data(model.index(0, NetworkListModel::PendingColumn), NetworkListModel::RawDataRole).toInt(), 2);
    // An unnamed network shows a placeholder but sorts by its (empty) real name.
    QVERIFY(!model.data(model.index(1, NetworkListModel::NameColumn)).toString().isEmpty());
    QCOMPARE(model.data(model.index(1, NetworkListModel::NameColumn), NetworkListModel::RawDataRole).toString(),
             QString());
}

void TestNetworkListModel::proxySortsByRawData()
{
    NetworkListModel model;
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(NetworkListModel::RawDataRole);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    // Displayed as text, "9" > "10"; the raw role must sort numerically.
    model.resetNetworks({makeNetwork(1, QStringLiteral("x"), 9), makeNetwork(2, QStringLiteral("y"), 10),
                         makeNetwork(3, QStringLiteral("z"), 2)});
    proxy.sort(NetworkListModel::MembersColumn, Qt::AscendingOrder);
    QCOMPARE(proxy.index(0, NetworkListModel::MembersColumn).data().toInt(), 2);
    QCOMPARE(proxy.index(1, NetworkListModel::MembersColumn).data().toInt(), 9);
    QCOMPARE(proxy.index(2, NetworkListModel::MembersColumn).data().toInt(), 10);

    // A live update re-sorts the proxy without resetting the source.
    model.updateNetwork(makeNetwork(3, QStringLiteral("z"), 50));
    QCOMPARE(proxy.index(2, NetworkListModel::NameColumn).data().toString(), QStringLiteral("z"));

    proxy.sort(NetworkListModel::IdColumn, Qt::DescendingOrder);
    QCOMPARE(proxy.index(0, NetworkListModel::IdColumn).data(NetworkListModel::RawDataRole).value<quint64>(), 3U);
}

void TestNetworkListModel::followsEngineSignals()
{
    // The engine is never started: only its signals are used, emitted as the engine would.
    tier::EngineClient engine;
    NetworkListModel model;
    model.setEngine(&engine);
    QCOMPARE(model.engine(), &engine);
    ModelSignals spy(&model);

    emit engine.networksReset({makeNetwork(1, QStringLiteral("a")), makeNetwork(2, QStringLiteral("b"))});
    QCOMPARE(model.rowCount(), 2);
    emit engine.networkChanged(makeNetwork(3, QStringLiteral("c")));
    QCOMPARE(model.rowCount(), 3);
    emit engine.networkChanged(makeNetwork(1, QStringLiteral("a"), 1));
    QCOMPARE(spy.changed.count(), 1);
    emit engine.networkRemoved(2);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(spy.reset.count(), 1);
    QCOMPARE(spy.inserted.count(), 1);
    QCOMPARE(spy.removed.count(), 1);

    model.setEngine(nullptr);
    emit engine.networkRemoved(1);
    QCOMPARE(model.rowCount(), 2);
}

QTEST_GUILESS_MAIN(TestNetworkListModel)
#include "tst_networklistmodel.moc"
