// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSortFilterProxyModel>

namespace tier {

/// Sorting and filtering over a MemberListModel: one of All / Pending / Online / Authorized plus a
/// case-insensitive text search over address, name, description and managed IPs. Sorts by the
/// source's RawDataRole. QtCore only.
class MemberFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MemberFilterModel)

public:
    enum class Filter { All, Pending, Online, Authorized };
    Q_ENUM(Filter)

    explicit MemberFilterModel(QObject *parent = nullptr);

    void setFilter(Filter filter);
    Filter filter() const { return m_filter; }
    /// Every whitespace-separated word must occur (a member's text is lower-cased by the source).
    void setSearchText(const QString &text);
    QString searchText() const { return m_searchText; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    void refilter();

    Filter m_filter = Filter::All;
    QString m_searchText;
    QStringList m_words;
};

} // namespace tier
