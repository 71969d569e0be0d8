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
    if (filter == m_filter)
        return;
    m_filter = filter;
    refilter();
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
    switch (m_filter) {
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
