// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/activitychart.h"

#include <QChart>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QEvent>
#include <QFontMetrics>
#include <QLegend>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace tier {

ActivityChart::ActivityChart(QWidget *parent) : QChartView(parent)
{
    setObjectName(QStringLiteral("activityChart"));
    m_chart = new QChart;
    m_chart->setMargins(QMargins(2, 2, 2, 2));
    m_chart->setBackgroundRoundness(0);
    m_chart->legend()->setAlignment(Qt::AlignRight);
    m_chart->legend()->setFont(font());
    m_online = new QLineSeries(m_chart);
    m_requests = new QLineSeries(m_chart);
    m_chart->addSeries(m_online);
    m_chart->addSeries(m_requests);
    m_time = new QDateTimeAxis(m_chart);
    m_time->setFormat(QStringLiteral("HH:mm"));
    m_time->setTickCount(5);
    m_time->setLabelsFont(font());
    m_count = new QValueAxis(m_chart);
    m_count->setLabelFormat(QStringLiteral("%d"));
    m_count->setTickCount(3);
    m_count->setLabelsFont(font());
    m_chart->addAxis(m_time, Qt::AlignBottom);
    m_chart->addAxis(m_count, Qt::AlignLeft);
    for (QLineSeries *series : {m_online, m_requests}) {
        series->attachAxis(m_time);
        series->attachAxis(m_count);
    }
    setChart(m_chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(fontMetrics().lineSpacing() * 7);
    setMaximumHeight(fontMetrics().lineSpacing() * 9);
    retranslate();
    clear();
}

ActivityChart::~ActivityChart() = default;

void ActivityChart::clear()
{
    setBuckets({}, QDateTime::currentMSecsSinceEpoch());
}

void ActivityChart::setBuckets(const QList<ActivityBucket> &buckets, qint64 now)
{
    QList<QPointF> online;
    QList<QPointF> requests;
    double top = 1;
    qint64 previousEnd = 0;
    for (const ActivityBucket &b : buckets) {
        // A gap (the controller was not running) shows as zero rather than a line across it.
        if (previousEnd != 0 && b.start > previousEnd) {
            online << QPointF(previousEnd, 0) << QPointF(b.start, 0);
            requests << QPointF(previousEnd, 0) << QPointF(b.start, 0);
        }
        online << QPointF(b.start, b.onlineMax);
        requests << QPointF(b.start, b.requestsPerMinute());
        top = std::max({top, double(b.onlineMax), b.requestsPerMinute()});
        previousEnd = b.start + NetworkActivityRepository::BucketMs;
    }
    m_online->replace(online);
    m_requests->replace(requests);
    m_time->setRange(QDateTime::fromMSecsSinceEpoch(now - NetworkActivityRepository::KeptMs),
                     QDateTime::fromMSecsSinceEpoch(now));
    m_count->setRange(0, std::ceil(top * 1.1));
}

void ActivityChart::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QChartView::changeEvent(event);
}

void ActivityChart::retranslate()
{
    m_online->setName(tr("Online members"));
    m_requests->setName(tr("Config requests/min"));
    // Room for the five times on the time axis and the longer legend entry beside the plot, plus the
    // margins Qt Charts keeps around them (measured); narrower, it elides them ("00:…", "Config requests…").
    const QFontMetrics metrics(font());
    const int legend =
        std::max(metrics.horizontalAdvance(m_online->name()), metrics.horizontalAdvance(m_requests->name()));
    setMinimumWidth(metrics.horizontalAdvance(QStringLiteral("00:00")) * 6 + legend + metrics.lineSpacing() * 9);
    setToolTip(tr("The last 24 hours: the most members online and the config requests per minute, in 5-minute steps"));
}

} // namespace tier
