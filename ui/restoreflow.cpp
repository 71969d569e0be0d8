// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/restoreflow.h"

#include <QDir>
#include <QFileInfo>
#include <QInputDialog>
#include <QLocale>
#include <QMessageBox>

namespace tier {

RestoreFlow::RestoreFlow(DataMaintenance *maintenance, QWidget *dialogParent)
    : QObject(dialogParent), m_maintenance(maintenance), m_dialogParent(dialogParent)
{
    if (m_maintenance) {
        // The service answers whoever asked; only what this flow asked while busy is taken.
        connect(m_maintenance, &DataMaintenance::inspected, this, [this](const tier::BackupInspection &inspection) {
            if (m_busy && inspection.path == m_originalPath)
                onInspected(inspection);
        });
        connect(m_maintenance, &DataMaintenance::replaced, this, [this](const tier::ReplaceOutcome &outcome) {
            if (m_busy)
                onReplaced(outcome);
        });
        connect(m_maintenance, &DataMaintenance::progress, this,
                [this](DataMaintenance::Operation operation, const QString &stage, qint64 done, qint64 total) {
                    if (m_busy &&
                        (operation == DataMaintenance::Operation::Inspect ||
                         operation == DataMaintenance::Operation::Replace))
                        emit progress(stage, done, total);
                });
    }
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
    if (m_maintenance)
        m_maintenance->discardInspection();
    const QString title = m_source == Source::Import ? tr("Import failed") : tr("Restore failed");
    if (m_errorPresenter)
        m_errorPresenter(title, message);
    setBusy(false);
    emit finished(false, message);
}

void RestoreFlow::cancelled()
{
    if (m_maintenance)
        m_maintenance->discardInspection();
    setBusy(false);
    emit finished(false, tr("Cancelled."));
}

void RestoreFlow::replaceWith(const QString &path, Source source)
{
    if (m_busy)
        return;
    m_source = source;
    m_originalPath = path;
    m_askedPassphrase = false;
    setBusy(true);
    if (!m_maintenance)
        return fail(tr("The engine has not been started, so there is no database to replace."));
    m_maintenance->inspectBackup(path); // inspected() follows
}

void RestoreFlow::onInspected(const BackupInspection &inspection)
{
    using Kind = BackupInspection::Kind;
    const QString path = inspection.path;
    switch (inspection.kind) {
    case Kind::NotStarted:
        return fail(tr("The engine has not been started, so there is no database to replace."));
    case Kind::NotLocal:
        return fail(tr("Only a local SQLite database can be replaced by a file. Nothing was changed."));
    case Kind::NoSuchFile:
        return fail(tr("%1 does not exist or is not a file. Nothing was changed.").arg(QDir::toNativeSeparators(path)));
    case Kind::NeedsPassphrase: {
        const std::optional<QByteArray> answer =
            m_passphrasePrompt && !m_askedPassphrase ? m_passphrasePrompt(QFileInfo(path).fileName()) : std::nullopt;
        if (!answer)
            return cancelled();
        if (answer->isEmpty()) // no passphrase decrypts it
            return onInspected(BackupInspection{BackupInspection::Kind::WrongPassphrase, path, {}, {}, {}, {}});
        m_askedPassphrase = true;
        m_maintenance->inspectBackup(path, *answer);
        return;
    }
    case Kind::WrongPassphrase:
        // Said once, in the window's words (the store's message says the same in English).
        return fail(tr("%1 cannot be used: %2\n\nThe current database was not changed.")
                        .arg(QDir::toNativeSeparators(path),
                             tr("Wrong passphrase, or the file was modified or damaged.")));
    case Kind::Unusable:
        return fail(tr("%1 cannot be used: %2\n\nThe current database was not changed.")
                        .arg(QDir::toNativeSeparators(path), inspection.error));
    case Kind::Ready:
        return confirmAndReplace(inspection);
    }
}

void RestoreFlow::confirmAndReplace(const BackupInspection &inspection)
{
    const BackupSummary &summary = inspection.summary;
    BackupSummary shown = summary;
    shown.path = QFileInfo(m_originalPath).absoluteFilePath();
    QString text = m_source == Source::Import ? tr("Replace the current controller database with the imported data?")
                                              : tr("Replace the current controller database with this backup?");
    text += QStringLiteral("\n\n") + describe(shown) + QStringLiteral("\n\n");
    const QString current = inspection.runningController;
    if (!current.isEmpty() && current != summary.controller.toString())
        text += tr("This file belongs to controller %1, not to the running controller %2: afterwards this "
                   "controller has the file's identity and networks.")
                    .arg(summary.controller.toString(), current) +
                QStringLiteral("\n\n");
    text += tr("The current database is kept as an automatic backup in %1. The engine restarts.")
                .arg(QDir::toNativeSeparators(inspection.backupsFolder));
    const QString title = m_source == Source::Import ? tr("Import") : tr("Restore backup");
    if (m_confirm && !m_confirm(title, text))
        return cancelled();
    if (!m_maintenance)
        return fail(tr("The engine is gone."));
    // The engine stops and starts again inside the service; nothing here waits for it.
    m_maintenance->replaceDatabase(summary.path); // replaced() follows
}

void RestoreFlow::onReplaced(const ReplaceOutcome &outcome)
{
    if (!outcome.replaced)
        return fail(tr("Nothing was replaced: %1\n\nThe current database was not changed.").arg(outcome.error));
    QString message = m_source == Source::Import ? tr("The imported data is now the controller's database.")
                                                 : tr("The backup was restored.");
    if (!outcome.result.safetyBackupPath.isEmpty())
        message += u' ' + tr("The previous database was saved as %1.")
                              .arg(QDir::toNativeSeparators(outcome.result.safetyBackupPath));
    setBusy(false);
    emit finished(true, message);
}

} // namespace tier
