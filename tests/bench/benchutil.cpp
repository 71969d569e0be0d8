// SPDX-License-Identifier: GPL-3.0-or-later
#include "benchutil.h"

#include "common/procstat.h"
#include "common/vectors.h"
#include "core/crypto/primitives.h"

#include <QFile>
#include <QMetaObject>
#include <QThread>

#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <ctime>

namespace tier::bench {

qint64 threadCpuUs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}

qint64 processCpuUs()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}

qint64 residentBytes()
{
    return test::processStatusBytes(0, "VmRSS");
}

double quantile(QList<double> &samples, double q)
{
    if (samples.isEmpty())
        return std::nan("");
    std::sort(samples.begin(), samples.end());
    const qsizetype index = std::min(samples.size() - 1, qsizetype(std::floor(q * double(samples.size()))));
    return samples[index];
}

QList<Identity> loadIdentities(int count, int offset)
{
    QList<Identity> out;
    QFile file(test::vectorPath(QStringLiteral("identities.txt")));
    if (!file.open(QIODevice::ReadOnly))
        return out;
    int index = 0;
    while (!file.atEnd() && out.size() < count) {
        const QByteArray line = file.readLine().trimmed();
        if (line.isEmpty() || index++ < offset)
            continue;
        if (Result<Identity> id = Identity::fromString(QString::fromLatin1(line)))
            out.append(*id);
    }
    return out;
}

void runOn(QObject *context, const std::function<void()> &work)
{
    if (context->thread() == QThread::currentThread())
        work();
    else
        QMetaObject::invokeMethod(context, work, Qt::BlockingQueuedConnection);
}

} // namespace tier::bench
