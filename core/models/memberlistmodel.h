// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/controller/memberinfo.h"
#include "core/controller/networkcontroller.h"
#include "core/service/engineclient.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <functional>
#include <optional>

namespace tier {

class MemberPageReader;

/// The members of ONE network as a table, kept in step with the engine's member signals. Rows are
/// updated in place (dataChanged / row inserts / row removals); only a full member list from the
/// engine (membersReset) or switching the network resets the model, so views keep their selection
/// and scroll position. When the engine's database is a local SQLite file, the rows are not asked
/// of the engine but read in pages by a MemberPageReader (own thread, own read-only connection) and
/// appended page by page; the engine's live signals win over page rows (see loadPages()). Edits are requests: setData()
/// never changes a row itself, it asks the engine, and the row changes when the engine's memberChanged comes back.
/// QtCore only.
class MemberListModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MemberListModel)

public:
    enum Column {
        StatusColumn,          ///< online dot (StatusRole; no text)
        AddressColumn,         ///< 10 hex digits
        NameColumn,            ///< editable
        AuthorizedColumn,      ///< checkable
        IpAssignmentsColumn,   ///< editable: comma/space separated list
        LastSeenColumn,        ///< "12 s ago", relative to clock(); refreshed every second
        PhysicalAddressColumn, ///< "ip/port" of the last request
        VersionColumn,         ///< client version "1.14.2"
        LatencyColumn,         ///< measured round trip "23 ms", "—" unknown
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        RawDataRole = Qt::UserRole, ///< unformatted, comparable value of the cell, for sorting
        AddressRole,                ///< the row's member address (quint64), in every column
        StatusRole,                 ///< MemberStatus (int), in every column
        AuthorizedRole,             ///< bool, in every column
        PendingRole,                ///< bool: asked and not authorized, in every column
        SearchTextRole,             ///< lower-case address, name, description and IPs, for text filters
    };
    Q_ENUM(Role)

    enum class MemberStatus { NeverSeen, Offline, Online };
    Q_ENUM(MemberStatus)

    /// Milliseconds since the epoch; the "last seen" column is relative to it.
    using Clock = std::function<qint64()>;

    explicit MemberListModel(QObject *parent = nullptr);
    ~MemberListModel() override;

    /// Follows the engine's member signals for networkId() and sends edits to it (nullptr detaches).
    void setEngine(EngineClient *engine);
    EngineClient *engine() const { return m_engine; }

    /// Switches to another network: clears the rows (a reset) and, with an engine, asks it for the
    /// member list (refreshMembers). 0 = no network.
    void setNetworkId(quint64 networkId);
    quint64 networkId() const { return m_networkId; }

    /// Resets the rows and reads networkId()'s members from this SQLite file in pages (appended as they
    /// arrive, one row insert per page). Live changes meanwhile are applied at once: a member the
    /// engine reports before its page arrives is inserted then, and its stale page row is skipped; a
    /// member removed meanwhile is skipped too. If the file cannot be read, the engine is asked instead.
    void loadPages(const QString &databaseFilePath);
    /// Whether refreshes read pages from the engine's database file when it is a local SQLite file
    /// (default on); off: always the engine's membersReset.
    void setPagedLoading(bool on) { m_pagedLoading = on; }
    bool pagedLoading() const { return m_pagedLoading; }
    /// A paged load is running (rows are still arriving).
    bool isLoading() const { return m_loadId != 0; }
    /// The reader (created on first use; tests set its page size or look at its thread).
    MemberPageReader *pageReader();

    void setClock(Clock clock);
    qint64 now() const { return m_clock(); }
    /// The "last seen" refresh period (default 1000 ms; 0 stops the timer).
    void setTickInterval(int ms);
    int tickInterval() const { return m_tickInterval; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// Row of the member with this address, or -1.
    int rowOfMember(Address address) const;
    /// The member in a row (row must be valid).
    const MemberInfo &memberAt(int row) const { return m_members.at(row); }

    /// "12 s ago", "5 min ago", "3 h ago", "2 d ago", "never" (lastSeen 0).
    static QString formatAge(qint64 lastSeenMs, qint64 nowMs);
    /// Parses a comma/space separated list of bare IPs. On error: nullopt and *error says why.
    static std::optional<QList<InetAddress>> parseIpList(const QString &text, QString *error);
    /// "23 ms", or "—" when unknown (negative).
    static QString formatLatency(qint64 latencyMs);
    /// Shown in the address column and in messages: "name (address)" or the address alone.
    static QString memberLabel(const MemberInfo &member);

    // Requests (to the engine when one is set, always as signals below). Nothing changes here until
    // the engine answers.
    void requestAuthorization(Address member, bool authorized);
    void requestUpdate(Address member, const MemberUpdate &update);
    void requestDelete(Address member);

public slots:
    /// Replaces every row when networkId is this model's network (the only reset besides
    /// setNetworkId). Duplicate addresses keep the last.
    void resetMembers(quint64 networkId, const QList<tier::MemberInfo> &members);
    /// Updates this member's row in place or appends it (other networks are ignored).
    void updateMember(const tier::MemberInfo &member);
    /// Removes this member's row, if there is one.
    void removeMember(quint64 networkId, tier::Address address);
    /// Live status of many members at once: one dataChanged per run of adjacent changed rows.
    void updateStatus(const QList<tier::MemberInfo> &members);
    /// Emits dataChanged for the last-seen column (what the timer does every tickInterval()).
    void tick();

signals:
    void authorizationRequested(quint64 networkId, tier::Address member, bool authorized);
    void updateRequested(quint64 networkId, tier::Address member, const tier::MemberUpdate &update);
    void deleteRequested(quint64 networkId, tier::Address member);
    /// An edit was refused before anything was sent (e.g. invalid IP text); message is for the user.
    void editRejected(const QString &message);
    /// A paged load started (true) or ended (false: every page is in, or it was replaced or failed).
    void loadingChanged(bool loading);

private:
    QVariant displayData(const MemberInfo &member, int column) const;
    QVariant rawData(const MemberInfo &member, int column) const;
    static MemberStatus statusOf(const MemberInfo &member);
    void rebuildIndex(int fromRow);
    bool replaceRow(int row, const MemberInfo &member); // true if anything visible changed
    void updateTimer();
    bool engineAcceptsRequests() const;
    bool isMemberIndex(const QModelIndex &index) const;
    void refresh();
    void stopLoading();
    void appendPage(quint64 loadId, quint64 networkId, const QList<tier::MemberInfo> &members, bool last);
    void pageLoadFailed(quint64 loadId, quint64 networkId, const QString &message);

    quint64 m_networkId = 0;
    QList<MemberInfo> m_members;
    QHash<Address, int> m_rowByAddress;
    QPointer<EngineClient> m_engine;
    QList<QMetaObject::Connection> m_connections;
    Clock m_clock;
    QTimer m_tickTimer;
    int m_tickInterval = 1000;
    MemberPageReader *m_reader = nullptr;
    quint64 m_loadId = 0;                ///< the running paged load, 0 = none
    QSet<Address> m_removedWhileLoading; ///< pages read before the removal must not bring them back
    bool m_pagedLoading = true;
};

} // namespace tier
