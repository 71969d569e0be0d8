// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/service/datamaintenance.h"

#include <QDialog>
#include <QPointer>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace tier {

/// File → Export backup: where to write it, a note that the file holds the controller's secret key, an
/// optional passphrase. The export goes through DataMaintenance (snapshot and encryption off the UI
/// thread, plaintext only in the data directory's scratch folder); meanwhile a busy bar shows the bytes
/// written (its progress()) and Cancel abandons the export (the file is removed as soon as the copy
/// stops). The file is created 0600 and never replaces an existing one.
class ExportBackupDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportBackupDialog)

public:
    explicit ExportBackupDialog(DataMaintenance *maintenance, QWidget *parent = nullptr);
    ~ExportBackupDialog() override;

    QLineEdit *pathEdit() const { return m_path; }
    QCheckBox *encryptBox() const { return m_encrypt; }
    QLineEdit *passphraseEdit() const { return m_passphrase; }
    QLineEdit *repeatEdit() const { return m_repeat; }
    QPushButton *exportButton() const { return m_exportButton; }
    /// The inline error ("" when there is none).
    QString errorText() const;
    bool isRunning() const { return m_running; }
    /// Argon2id limits for the passphrase (tests use libsodium's minimum; 0 = BackupCipher's defaults).
    void setCipherLimits(quint64 opsLimit, quint64 memLimit);

public slots:
    /// Checks the fields and starts the export (what the Export button does).
    void startExport();
    /// Cancel: closes the dialog; an export in progress is abandoned and its file removed.
    void reject() override;

signals:
    void exported(const QString &path, qint64 bytes);
    void exportFailed(const QString &message);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void browse();
    void showError(const QString &message);
    void setRunning(bool running);
    void showProgress(qint64 bytes);
    void finishExport(const tier::ExportOutcome &outcome);

    QPointer<DataMaintenance> m_maintenance;
    QLabel *m_note = nullptr;
    QLabel *m_pathLabel = nullptr;
    QLineEdit *m_path = nullptr;
    QPushButton *m_browse = nullptr;
    QCheckBox *m_encrypt = nullptr;
    QLabel *m_passphraseLabel = nullptr;
    QLineEdit *m_passphrase = nullptr;
    QLabel *m_repeatLabel = nullptr;
    QLineEdit *m_repeat = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_error = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_exportButton = nullptr;
    QString m_target;
    bool m_running = false;
    bool m_done = false;
    quint64 m_opsLimit = 0;
    quint64 m_memLimit = 0;
};

} // namespace tier
