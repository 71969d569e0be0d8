// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QSortFilterProxyModel>

namespace tier {

/// Sorting and filtering over a MemberListModel: any combination of Pending / Online / Authorized
/// (all must hold; none = All), optionally "offline for more than N days", plus a case-insensitive
/// text search over address, name, description and managed IPs. Sorts by the source's RawDataRole.
/// QtCore only.
class MemberFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MemberFilterModel)

public:
    enum class Filter { All, Pending, Online, Authorized };
    Q_ENUM(Filter)

    explicit MemberFilterModel(QObject *parent = nullptr);

    /// Exactly this condition (All: none).
    void setFilter(Filter filter);
    /// The single condition set, All when none is, Pending/Online/Authorized when combined (first set).
    Filter filter() const;
    /// Adds or removes one condition; set conditions must all hold.
    void setCondition(Filter condition, bool on);
    bool hasCondition(Filter condition) const;
    /// Only members whose last request (or, never seen, their creation) is more than days old; 0 = off.
    void setOfflineForDays(int days);
    int offlineForDays() const { return m_offlineDays; }
    /// Whether a member's last request (or, never seen, its creation) is more than days before now.
    static bool offlineLongerThan(qint64 lastRequestTime, qint64 creationTime, int days, qint64 now);
    /// Every whitespace-separated word must occur (a member's text is lower-cased by the source).
    void setSearchText(const QString &text);
    QString searchText() const { return m_searchText; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    void refilter();

    QList<Filter> m_conditions;
    int m_offlineDays = 0;
    QString m_searchText;
    QStringList m_words;
};

} // namespace tier
