// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/store/backup.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>
#include <optional>

class QTemporaryDir;
class QWidget;

namespace tier {

class EngineClient;

/// The one place where the live controller database is replaced by another file (File → Restore backup,
/// File → Import): decrypt if needed, validate (off the UI thread), show what the file holds and ask,
/// then stop the engine, let Backup::restore() keep the current database as an automatic backup and swap
/// the file atomically, and start the engine again with the same options. Any failure leaves the current
/// database as it was and says why.
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

    RestoreFlow(EngineClient *engine, QWidget *dialogParent);
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
    /// replaced: the live database is now the file's content (the engine is starting on it).
    void finished(bool replaced, const QString &message);

private:
    void validate(const QString &path, const QByteArray &passphrase);
    void confirmAndReplace(const BackupSummary &summary);
    void replace(const QString &path);
    void fail(const QString &message);
    void setBusy(bool busy);

    QPointer<EngineClient> m_engine;
    QPointer<QWidget> m_dialogParent;
    PassphrasePrompt m_passphrasePrompt;
    ConfirmPrompt m_confirm;
    ErrorPresenter m_errorPresenter;
    Source m_source = Source::Backup;
    QString m_originalPath;
    std::shared_ptr<QTemporaryDir> m_decrypted; ///< plain copy of an encrypted backup, removed at the end
    bool m_busy = false;
};

} // namespace tier
