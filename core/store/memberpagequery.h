// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/result.h"
#include "core/store/memberrepository.h"

#include <QList>
#include <QString>

#include <optional>

namespace tier {

class Database;

/// One member as a page of the member list shows it: the stored row (with its IPs, record order)
/// and the status the engine last flushed for it, if any.
struct MemberPageRow
{
    MemberRow member;
    std::optional<MemberStatusRow> status; ///< only the columns a page shows are filled
};

struct MemberPage
{
    QList<MemberPageRow> rows; ///< ascending address
    /// Address text of the last row read (pass it as `after` for the next page); rows whose stored
    /// address does not parse are skipped but still count here and in rowsRead.
    QString lastAddress;
    int rowsRead = 0;
};

/// Reads one network's members a page at a time for the member list (MemberPageReader runs it on
/// its own thread with its own read-only connection). Keyset paging (address > last one seen)
/// instead of OFFSET: every page costs the same, and a member added or removed between two pages
/// never shifts the rest (no row is read twice).
class MemberPageQuery final
{
public:
    explicit MemberPageQuery(Database &database) : m_database(database) {}

    /// Up to pageSize members of networkId with an address above `after` ("" = from the start).
    Result<MemberPage> read(quint64 networkId, const QString &after, int pageSize);

private:
    Database &m_database;
};

} // namespace tier
