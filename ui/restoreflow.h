// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/service/datamaintenance.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>

class QWidget;

namespace tier {

/// The one place in the window where the live controller database is replaced by another file (File →
/// Restore backup, File → Import): asks DataMaintenance to inspect it (decrypt into the scratch folder if
/// needed, validate: off the UI thread), asks for a passphrase if the file needs one, shows what the file
/// holds and asks, then lets DataMaintenance replace it (the engine stops and starts again without the
/// window waiting; the current database is kept as an automatic backup). Any failure leaves the current
/// database as it was and says why. stage() follows DataMaintenance::progress().
class RestoreFlow final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RestoreFlow)

public:
    enum class Source { Backup, Import };
    Q_ENUM(Source)

    /// Asks for the passphrase of an encrypted backup; std::nullopt = cancelled.
    using PassphrasePrompt = std::function<std::optional<QByteArray>(const QString &fileName)>;
    /// true = go ahead.
    using ConfirmPrompt = std::function<bool(const QString &title, const QString &text)>;
    using ErrorPresenter = std::function<void(const QString &title, const QString &text)>;

    RestoreFlow(DataMaintenance *maintenance, QWidget *dialogParent);
    ~RestoreFlow() override;

    void setPassphrasePrompt(PassphrasePrompt prompt);
    void setConfirmPrompt(ConfirmPrompt prompt);
    void setErrorPresenter(ErrorPresenter presenter);

    bool isBusy() const { return m_busy; }

    /// Starts replacing the live database with the file at path. Returns at once; finished() follows.
    void replaceWith(const QString &path, Source source = Source::Backup);

    /// What a backup holds, for the confirmation (networks, members, date, controller address).
    static QString describe(const BackupSummary &summary);

signals:
    void busyChanged(bool busy);
    /// A step of the work in progress (DataMaintenance's stage name; done of total, total 0 = unknown).
    void progress(const QString &stage, qint64 done, qint64 total);
    /// replaced: the live database is now the file's content (the engine is starting on it).
    void finished(bool replaced, const QString &message);

private:
    void onInspected(const tier::BackupInspection &inspection);
    void confirmAndReplace(const tier::BackupInspection &inspection);
    void onReplaced(const tier::ReplaceOutcome &outcome);
    void fail(const QString &message);
    void cancelled();
    void setBusy(bool busy);

    QPointer<DataMaintenance> m_maintenance;
    QPointer<QWidget> m_dialogParent;
    PassphrasePrompt m_passphrasePrompt;
    ConfirmPrompt m_confirm;
    ErrorPresenter m_errorPresenter;
    Source m_source = Source::Backup;
    QString m_originalPath;
    bool m_busy = false;
    bool m_askedPassphrase = false;
};

} // namespace tier
