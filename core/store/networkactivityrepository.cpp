// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/networkactivityrepository.h"

#include "core/base/address.h"
#include "core/store/database.h"

#include <QSqlQuery>
#include <QVariant>

namespace tier {

NetworkActivityRepository::NetworkActivityRepository(Database &database) : m_database(database) {}

Status NetworkActivityRepository::record(const QList<Sample> &samples, qint64 at)
{
    const qint64 bucket = bucketStart(at);
    return m_database.transaction([&]() -> Status {
        for (const Sample &sample : samples) {
            // Portable upsert (SQLite ≥ 3.24, PostgreSQL ≥ 9.5): the bucket accumulates its minutes.
            auto upserted = m_database.exec(
                QStringLiteral("INSERT INTO network_activity (network_id, bucket, online_max, requests, minutes)"
                               " VALUES (?, ?, ?, ?, 1)"
                               " ON CONFLICT (network_id, bucket) DO UPDATE SET"
                               " online_max = CASE WHEN excluded.online_max > network_activity.online_max"
                               "  THEN excluded.online_max ELSE network_activity.online_max END,"
                               " requests = network_activity.requests + excluded.requests,"
                               " minutes = network_activity.minutes + 1"),
                {networkIdToString(sample.networkId), bucket, sample.online, sample.requests},
                QStringLiteral("recording network activity"));
            if (!upserted)
                return upserted.error();
        }
        auto pruned = m_database.exec(QStringLiteral("DELETE FROM network_activity WHERE bucket < ?"),
                                      {bucket - KeptMs}, QStringLiteral("pruning network activity"));
        if (!pruned)
            return pruned.error();
        return Ok{};
    });
}

Result<QList<ActivityBucket>> NetworkActivityRepository::buckets(quint64 networkId, qint64 since)
{
    auto query = m_database.exec(QStringLiteral("SELECT bucket, online_max, requests, minutes FROM network_activity"
                                                " WHERE network_id = ? AND bucket >= ? ORDER BY bucket"),
                                 {networkIdToString(networkId), bucketStart(since)},
                                 QStringLiteral("reading network activity"));
    if (!query)
        return query.error();
    QList<ActivityBucket> out;
    while (query->next()) {
        ActivityBucket b;
        b.networkId = networkId;
        b.start = query->value(0).toLongLong();
        b.onlineMax = query->value(1).toInt();
        b.requests = query->value(2).toLongLong();
        b.minutes = query->value(3).toInt();
        out.append(b);
    }
    return out;
}

} // namespace tier
