// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/models/memberfiltermodel.h"

#include "core/models/memberlistmodel.h"

namespace tier {

MemberFilterModel::MemberFilterModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(MemberListModel::RawDataRole);
    // filterAcceptsRow reads its own roles; naming one here lets the proxy skip re-filtering on the
    // display-only "last seen" ticks (dataChanged with roles that are neither sort nor filter role).
    setFilterRole(MemberListModel::SearchTextRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setSortLocaleAware(true);
    setDynamicSortFilter(true);
}

void MemberFilterModel::setFilter(Filter filter)
{
    const QList<Filter> conditions = filter == Filter::All ? QList<Filter>() : QList<Filter>{filter};
    if (conditions == m_conditions)
        return;
    m_conditions = conditions;
    refilter();
}

MemberFilterModel::Filter MemberFilterModel::filter() const
{
    return m_conditions.isEmpty() ? Filter::All : m_conditions.first();
}

void MemberFilterModel::setCondition(Filter condition, bool on)
{
    if (condition == Filter::All) {
        if (on)
            setFilter(Filter::All);
        return;
    }
    if (on == m_conditions.contains(condition))
        return;
    if (on)
        m_conditions.append(condition);
    else
        m_conditions.removeAll(condition);
    refilter();
}

bool MemberFilterModel::hasCondition(Filter condition) const
{
    return condition == Filter::All ? m_conditions.isEmpty() : m_conditions.contains(condition);
}

void MemberFilterModel::setOfflineForDays(int days)
{
    days = qMax(0, days);
    if (days == m_offlineDays)
        return;
    m_offlineDays = days;
    refilter();
}

bool MemberFilterModel::offlineLongerThan(qint64 lastRequestTime, qint64 creationTime, int days, qint64 now)
{
    const qint64 since = lastRequestTime > 0 ? lastRequestTime : creationTime;
    return now - since > qint64(days) * 86400000;
}

void MemberFilterModel::setSearchText(const QString &text)
{
    if (text == m_searchText)
        return;
    m_searchText = text;
    m_words = text.toLower().split(u' ', Qt::SkipEmptyParts);
    refilter();
}

void MemberFilterModel::refilter()
{
    // invalidateRowsFilter() removes rows range by range: with 100,000 members and every tenth one
    // kept that is tens of thousands of signals (seconds). A layout change rebuilds the mapping in
    // one go and still keeps persistent indexes (selection, current row) of the rows that stay.
    invalidate();
}

bool MemberFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    for (const Filter condition : m_conditions) {
        switch (condition) {
        case Filter::All:
            break;
        case Filter::Pending:
            if (!index.data(MemberListModel::PendingRole).toBool())
                return false;
            break;
        case Filter::Online:
            if (index.data(MemberListModel::StatusRole).toInt() != int(MemberListModel::MemberStatus::Online))
                return false;
            break;
        case Filter::Authorized:
            if (!index.data(MemberListModel::AuthorizedRole).toBool())
                return false;
            break;
        }
    }
    if (m_offlineDays > 0) {
        const auto *members = qobject_cast<const MemberListModel *>(sourceModel());
        if (!members)
            return false;
        const MemberInfo &member = members->memberAt(sourceRow);
        if (member.online ||
            !offlineLongerThan(member.lastRequestTime, member.creationTime, m_offlineDays, members->now()))
            return false;
    }
    if (m_words.isEmpty())
        return true;
    const QString text = index.data(MemberListModel::SearchTextRole).toString();
    for (const QString &word : m_words) {
        if (!text.contains(word))
            return false;
    }
    return true;
}

} // namespace tier
