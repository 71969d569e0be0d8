// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/result.h"

#include <QList>
#include <QMetaType>

namespace tier {

class Database;

/// One bucket of a network's activity (table `network_activity`): the most members online at a
/// sample in it, and the config requests counted over the minutes sampled in it.
struct ActivityBucket
{
    quint64 networkId = 0;
    qint64 start = 0; ///< ms since epoch, a multiple of BucketMs
    int onlineMax = 0;
    qint64 requests = 0;
    int minutes = 0; ///< one-minute samples that went into it
    double requestsPerMinute() const { return minutes > 0 ? double(requests) / minutes : 0.0; }

    friend bool operator==(const ActivityBucket &a, const ActivityBucket &b) = default;
};

/// What the activity chart shows, kept across restarts and bounded: one-minute samples are folded
/// into BucketMs buckets (downsampled on the way in), and buckets older than KeptMs are removed.
/// Writes are single transactions on the database's thread.
class NetworkActivityRepository final
{
public:
    static constexpr qint64 BucketMs = 5 * 60 * 1000;
    static constexpr qint64 KeptMs = 24 * 60 * 60 * 1000;

    explicit NetworkActivityRepository(Database &database);

    struct Sample
    {
        quint64 networkId = 0;
        int online = 0;
        qint64 requests = 0; ///< config requests since the previous sample
    };
    /// Folds one sample per network (taken at `at`) into its bucket and removes buckets older than KeptMs.
    Status record(const QList<Sample> &samples, qint64 at);
    /// The network's buckets from `since` on, oldest first.
    Result<QList<ActivityBucket>> buckets(quint64 networkId, qint64 since);

    static qint64 bucketStart(qint64 ms) { return ms - ms % BucketMs; }

private:
    Database &m_database;
};

} // namespace tier

Q_DECLARE_METATYPE(tier::ActivityBucket)
