// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/store/networkactivityrepository.h"

#include <QChartView>

class QChart;
class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

namespace tier {

/// A network's activity over the last day at a glance: members online and config requests per
/// minute, from the engine's stored buckets (they survive restarts). Small enough for the members
/// page's header.
class ActivityChart final : public QChartView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ActivityChart)

public:
    explicit ActivityChart(QWidget *parent = nullptr);
    ~ActivityChart() override;

    /// Shows these buckets (oldest first) on a time axis ending at now.
    void setBuckets(const QList<ActivityBucket> &buckets, qint64 now);
    void clear();

    QLineSeries *onlineSeries() const { return m_online; }
    QLineSeries *requestSeries() const { return m_requests; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();

    QChart *m_chart = nullptr;
    QLineSeries *m_online = nullptr;
    QLineSeries *m_requests = nullptr;
    QDateTimeAxis *m_time = nullptr;
    QValueAxis *m_count = nullptr;
};

} // namespace tier
