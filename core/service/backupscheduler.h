// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <functional>

namespace tier {

/// Automatic backups of the live SQLite database into `<dataDir>/backups/controller-YYYYMMDD-HHMMSS.db`
/// (Backup::createAutomaticFromFile, 0600) with retention pruning. A backup is due when the newest automatic
/// backup is older than the interval (or there is none). The copy runs on a worker thread with its own
/// connection (VACUUM INTO is online and consistent), so the engine keeps serving meanwhile. Lives on the
/// thread that owns EngineClient; works the same with and without a window.
class BackupScheduler final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BackupScheduler)

public:
    using Clock = std::function<QDateTime()>;

    explicit BackupScheduler(QObject *parent = nullptr);
    /// Stops the checks; a copy still running finishes on its own (it holds no pointer to this object).
    ~BackupScheduler() override;

    /// Starts checking: first after initialDelay(), then every checkInterval(). intervalHours 0 = off.
    void start(const QString &databasePath, const QString &dataDir, int intervalHours, int retentionDays);
    /// Stops the checks and returns at once. A backup in progress finishes on its worker: isBusy() stays
    /// true until then, and idle() reports it (whoever replaces the database next waits for that).
    void stop();

    void setClock(Clock clock);    ///< default: current UTC time
    void setInitialDelay(int ms);  ///< default 60 s (the engine's start comes first)
    void setCheckInterval(int ms); ///< default 10 min

    bool isActive() const { return m_timer.isActive(); }
    bool isBusy() const { return m_busy; }
    int intervalHours() const { return m_intervalHours; }
    int retentionDays() const { return m_retentionDays; }
    /// Time of the newest automatic backup in the folder (by its name); invalid if there is none.
    QDateTime newestBackup() const;
    /// When the next backup is due (clock() if one is due now); invalid while off.
    QDateTime nextDue() const;

    /// Starts a backup if one is due and none is running; true if it started.
    bool checkNow();
    /// Starts a backup now (unless one is running); true if it started.
    bool backupNow();

signals:
    /// pruned: automatic backups deleted because they were older than the retention window.
    void backupCreated(const QString &path, const QStringList &pruned);
    void backupFailed(const QString &message);
    /// A backup that was running has ended (after backupCreated() or backupFailed()); isBusy() is false.
    void idle();

private:
    QString m_databasePath;
    QString m_dataDir;
    int m_intervalHours = 0;
    int m_retentionDays = 7;
    int m_initialDelayMs = 60 * 1000;
    int m_checkIntervalMs = 10 * 60 * 1000;
    bool m_busy = false;
    Clock m_clock;
    QTimer m_timer;
};

} // namespace tier
