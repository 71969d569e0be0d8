// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/restoreflow.h"

#include "core/service/engineclient.h"
#include "core/store/backupcipher.h"
#include "ui/backgroundjob.h"

#include <QDir>
#include <QFileInfo>
#include <QInputDialog>
#include <QLocale>
#include <QMessageBox>
#include <QTemporaryDir>

namespace tier {

RestoreFlow::RestoreFlow(EngineClient *engine, QWidget *dialogParent)
    : QObject(dialogParent), m_engine(engine), m_dialogParent(dialogParent)
{
    m_passphrasePrompt = [this](const QString &fileName) -> std::optional<QByteArray> {
        bool ok = false;
        const QString text = QInputDialog::getText(m_dialogParent, tr("Encrypted backup"),
                                                   tr("%1 is encrypted. Passphrase:").arg(fileName),
                                                   QLineEdit::Password, QString(), &ok);
        if (!ok)
            return std::nullopt;
        return text.toUtf8();
    };
    m_confirm = [this](const QString &title, const QString &text) {
        return QMessageBox::question(m_dialogParent, title, text, QMessageBox::Yes | QMessageBox::Cancel,
                                     QMessageBox::Cancel) == QMessageBox::Yes;
    };
    m_errorPresenter = [this](const QString &title, const QString &text) {
        auto *box = new QMessageBox(QMessageBox::Critical, title, text, QMessageBox::Ok, m_dialogParent);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    };
}

RestoreFlow::~RestoreFlow() = default;

void RestoreFlow::setPassphrasePrompt(PassphrasePrompt prompt)
{
    m_passphrasePrompt = std::move(prompt);
}

void RestoreFlow::setConfirmPrompt(ConfirmPrompt prompt)
{
    m_confirm = std::move(prompt);
}

void RestoreFlow::setErrorPresenter(ErrorPresenter presenter)
{
    m_errorPresenter = std::move(presenter);
}

void RestoreFlow::setBusy(bool busy)
{
    if (m_busy == busy)
        return;
    m_busy = busy;
    emit busyChanged(busy);
}

QString RestoreFlow::describe(const BackupSummary &summary)
{
    const QLocale locale;
    QString text = tr("File: %1").arg(QDir::toNativeSeparators(summary.path));
    text += u'\n' + tr("Controller: %1").arg(summary.controller.toString());
    text += u'\n' + tr("Networks: %1").arg(summary.networkCount);
    text += u'\n' + tr("Members: %1").arg(summary.memberCount);
    if (summary.newestChange.isValid())
        text +=
            u'\n' + tr("Last change: %1").arg(locale.toString(summary.newestChange.toLocalTime(), QLocale::LongFormat));
    return text;
}

void RestoreFlow::fail(const QString &message)
{
    m_decrypted.reset();
    const QString title = m_source == Source::Import ? tr("Import failed") : tr("Restore failed");
    if (m_errorPresenter)
        m_errorPresenter(title, message);
    setBusy(false);
    emit finished(false, message);
}

void RestoreFlow::replaceWith(const QString &path, Source source)
{
    if (m_busy)
        return;
    m_source = source;
    m_originalPath = path;
    setBusy(true);
    if (!m_engine || m_engine->options().dataDir.isEmpty())
        return fail(tr("The engine has not been started, so there is no database to replace."));
    if (EngineClient::databaseFilePath(m_engine->options()).isEmpty())
        return fail(tr("Only a local SQLite database can be replaced by a file. Nothing was changed."));
    if (!QFileInfo(path).isFile())
        return fail(tr("%1 does not exist or is not a file. Nothing was changed.").arg(QDir::toNativeSeparators(path)));

    QByteArray passphrase;
    if (BackupCipher::isEncrypted(path)) {
        const std::optional<QByteArray> answer =
            m_passphrasePrompt ? m_passphrasePrompt(QFileInfo(path).fileName()) : std::nullopt;
        if (!answer) {
            setBusy(false);
            emit finished(false, tr("Cancelled."));
            return;
        }
        passphrase = *answer;
    }
    validate(path, passphrase);
}

void RestoreFlow::validate(const QString &path, const QByteArray &passphrase)
{
    QString plainPath = path;
    if (!passphrase.isNull()) {
        // The plain copy holds the secret key: a private folder inside the (private) data directory.
        m_decrypted = std::make_shared<QTemporaryDir>(
            QDir(m_engine->options().dataDir).filePath(QStringLiteral(".restore-XXXXXX")));
        if (!m_decrypted->isValid())
            return fail(tr("Cannot create a temporary folder in %1: %2")
                            .arg(m_engine->options().dataDir, m_decrypted->errorString()));
        plainPath = m_decrypted->filePath(QStringLiteral("decrypted.db"));
    }
    runInBackground(
        this,
        [path, plainPath, passphrase]() -> Result<BackupSummary> {
            if (plainPath != path) {
                if (Status decrypted = BackupCipher::decryptFile(path, plainPath, passphrase); !decrypted) {
                    // Said once, in the window's words (the store's message says the same in English).
                    if (decrypted.error().code == ErrorCode::BadSignature)
                        return makeError(ErrorCode::BadSignature,
                                         tr("Wrong passphrase, or the file was modified or damaged."));
                    return decrypted.error();
                }
            }
            return Backup::validate(plainPath);
        },
        [this, path](Result<BackupSummary> summary) {
            if (!summary)
                return fail(tr("%1 cannot be used: %2\n\nThe current database was not changed.")
                                .arg(QDir::toNativeSeparators(path), summary.error().message));
            confirmAndReplace(*summary);
        });
}

void RestoreFlow::confirmAndReplace(const BackupSummary &summary)
{
    if (!m_engine)
        return fail(tr("The engine is gone."));
    BackupSummary shown = summary;
    shown.path = QFileInfo(m_originalPath).absoluteFilePath();
    QString text = m_source == Source::Import ? tr("Replace the current controller database with the imported data?")
                                              : tr("Replace the current controller database with this backup?");
    text += QStringLiteral("\n\n") + describe(shown) + QStringLiteral("\n\n");
    const QString current = m_engine->controllerAddress();
    if (!current.isEmpty() && current != summary.controller.toString())
        text += tr("This file belongs to controller %1, not to the running controller %2: afterwards this "
                   "controller has the file's identity and networks.")
                    .arg(summary.controller.toString(), current) +
                QStringLiteral("\n\n");
    text += tr("The current database is kept as an automatic backup in %1. The engine restarts.")
                .arg(QDir::toNativeSeparators(Backup::backupsFolder(m_engine->options().dataDir)));
    const QString title = m_source == Source::Import ? tr("Import") : tr("Restore backup");
    if (m_confirm && !m_confirm(title, text)) {
        m_decrypted.reset();
        setBusy(false);
        emit finished(false, tr("Cancelled."));
        return;
    }
    replace(summary.path);
}

void RestoreFlow::replace(const QString &path)
{
    const EngineOptions options = m_engine->options();
    const QString livePath = EngineClient::databaseFilePath(options);
    // The engine and the backup scheduler hold the live file open: stop both first (the scheduler waits for
    // a copy in progress), then swap the file on a worker, then start again on whatever is there now.
    m_engine->stop();
    runInBackground(
        this, [path, livePath, dataDir = options.dataDir] { return Backup::restore(path, livePath, dataDir); },
        [this, options](Result<RestoreResult> result) {
            m_decrypted.reset();
            if (m_engine)
                m_engine->start(options);
            if (!result)
                return fail(tr("Nothing was replaced: %1\n\nThe current database was not changed.")
                                .arg(result.error().message));
            QString message = m_source == Source::Import ? tr("The imported data is now the controller's database.")
                                                         : tr("The backup was restored.");
            if (!result->safetyBackupPath.isEmpty())
                message += u' ' + tr("The previous database was saved as %1.")
                                      .arg(QDir::toNativeSeparators(result->safetyBackupPath));
            setBusy(false);
            emit finished(true, message);
        });
}

} // namespace tier
