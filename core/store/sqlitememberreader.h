// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Private to core/store: MemberRepository::forEachMember on SQLite, through the connection's own
// sqlite3 handle.

#include "core/base/result.h"
#include "core/store/memberrepository.h"

#include <QHash>
#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <optional>

namespace tier {

/// Columns where a million members share a few values ('', '[]', 'api'): one string per value instead
/// of one allocation per member. Bounded, so that columns of distinct values cost no more than before.
class StringPool
{
public:
    QString operator()(const QString &value)
    {
        if (value.isNull() || value.size() > 64)
            return value;
        if (auto it = m_pool.constFind(value); it != m_pool.constEnd())
            return *it;
        if (m_pool.size() < 4096)
            m_pool.insert(value, value);
        return value;
    }

private:
    QHash<QString, QString> m_pool;
};

/// std::nullopt if `connection` is not a SQLite connection whose handle this program's SQLite can use
/// (the caller then reads through Qt SQL); else the result of reading every member with its IPs, in
/// (network, address) order. Qt SQL makes a QVariant per value and has SQLite convert every text
/// to UTF-16: for a million members that was most of the controller's start.
std::optional<Status> readMembersFromSqlite(const QSqlDatabase &connection,
                                            const std::function<void(MemberRow &&)> &take);

} // namespace tier
