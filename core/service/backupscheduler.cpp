// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/service/backupscheduler.h"

#include "core/store/backup.h"

#include <QDir>
#include <QLoggingCategory>
#include <QPointer>
#include <QThreadPool>

namespace tier {

namespace {

Q_LOGGING_CATEGORY(lcBackup, "tiermaster.backup", QtInfoMsg)

} // namespace

BackupScheduler::BackupScheduler(QObject *parent) : QObject(parent)
{
    m_clock = [] { return QDateTime::currentDateTimeUtc(); };
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        checkNow();
        m_timer.start(m_checkIntervalMs);
    });
}

BackupScheduler::~BackupScheduler()
{
    m_timer.stop();
}

void BackupScheduler::setClock(Clock clock)
{
    m_clock = std::move(clock);
}

void BackupScheduler::setInitialDelay(int ms)
{
    m_initialDelayMs = qMax(0, ms);
}

void BackupScheduler::setCheckInterval(int ms)
{
    m_checkIntervalMs = qMax(1000, ms);
}

void BackupScheduler::start(const QString &databasePath, const QString &dataDir, int intervalHours, int retentionDays)
{
    stop();
    m_databasePath = databasePath;
    m_dataDir = dataDir;
    m_intervalHours = qMax(0, intervalHours);
    m_retentionDays = qMax(1, retentionDays);
    if (m_intervalHours > 0 && !m_databasePath.isEmpty())
        m_timer.start(m_initialDelayMs);
}

void BackupScheduler::stop()
{
    // Nothing waits here: a backup that is still copying finishes on its worker, and idle() says so
    // (EngineClient reports stopped() only after that, since whoever stops it may replace the file next).
    m_timer.stop();
}

QDateTime BackupScheduler::newestBackup() const
{
    QDateTime newest;
    if (m_dataDir.isEmpty())
        return newest;
    const QDir folder(Backup::backupsFolder(m_dataDir));
    for (const QString &name : folder.entryList(QDir::Files | QDir::NoSymLinks | QDir::Hidden)) {
        const QDateTime time = Backup::timeFromFileName(name);
        if (time.isValid() && (!newest.isValid() || time > newest))
            newest = time;
    }
    return newest;
}

QDateTime BackupScheduler::nextDue() const
{
    if (m_intervalHours <= 0 || m_databasePath.isEmpty())
        return {};
    const QDateTime now = m_clock();
    const QDateTime newest = newestBackup();
    // A backup "from the future" (clock turned back) must not stop the schedule for good.
    if (!newest.isValid() || newest > now)
        return now;
    const QDateTime due = newest.addSecs(qint64(m_intervalHours) * 3600);
    return due < now ? now : due;
}

bool BackupScheduler::checkNow()
{
    const QDateTime due = nextDue();
    if (!due.isValid() || due > m_clock())
        return false;
    return backupNow();
}

bool BackupScheduler::backupNow()
{
    if (m_busy || m_databasePath.isEmpty() || m_dataDir.isEmpty())
        return false;
    m_busy = true;
    const QString databasePath = m_databasePath;
    const QString dataDir = m_dataDir;
    const int retentionDays = m_retentionDays;
    const QDateTime now = m_clock();
    QPointer<BackupScheduler> self(this);
    QThreadPool::globalInstance()->start([self, databasePath, dataDir, retentionDays, now] {
        // Own connection on this worker thread (inside createAutomaticFromFile); pruning separately so
        // the removed files can be reported.
        Result<QString> created = Backup::createAutomaticFromFile(databasePath, dataDir, 0, now);
        QStringList pruned;
        QString error;
        if (created) {
            auto removed = Backup::prune(dataDir, retentionDays, now);
            if (removed)
                pruned = *removed;
            else
                error = removed.error().message;
        } else {
            error = created.error().message;
        }
        const QString path = created ? *created : QString();
        if (!self)
            return;
        QMetaObject::invokeMethod(
            self.data(),
            [self, path, pruned, error] {
                if (!self)
                    return;
                self->m_busy = false;
                if (path.isEmpty()) {
                    qCWarning(lcBackup).noquote() << "automatic backup failed:" << error;
                    emit self->backupFailed(error);
                    if (self)
                        emit self->idle();
                    return;
                }
                qCInfo(lcBackup).noquote()
                    << "automatic backup" << path << "written;" << pruned.size() << "old backup(s) removed";
                if (!error.isEmpty())
                    qCWarning(lcBackup).noquote() << error;
                emit self->backupCreated(path, pruned);
                if (self)
                    emit self->idle();
            },
            Qt::QueuedConnection);
    });
    return true;
}

} // namespace tier
