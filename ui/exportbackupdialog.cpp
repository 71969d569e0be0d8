// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/exportbackupdialog.h"


#include <QCheckBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace tier {

namespace {

constexpr int MinimumPassphraseLength = 8;

} // namespace

ExportBackupDialog::ExportBackupDialog(DataMaintenance *maintenance, QWidget *parent)
    : QDialog(parent), m_maintenance(maintenance)
{
    setObjectName(QStringLiteral("exportBackupDialog"));

    auto *noteIcon = new QLabel(this);
    const int iconSize = style()->pixelMetric(QStyle::PM_MessageBoxIconSize, nullptr, this);
    noteIcon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning, nullptr, this).pixmap(iconSize, iconSize));
    noteIcon->setAlignment(Qt::AlignTop);
    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("exportNote"));
    m_note->setWordWrap(true);
    auto *noteRow = new QHBoxLayout;
    noteRow->addWidget(noteIcon);
    noteRow->addWidget(m_note, 1);

    m_path = new QLineEdit(this);
    m_path->setObjectName(QStringLiteral("exportPath"));
    m_path->setMinimumWidth(fontMetrics().averageCharWidth() * 30);
    m_path->setText(QDir::home().filePath(
        // With the time: a second export on the same day does not collide with the first.
        QStringLiteral("tiermaster-backup-%1.db")
            .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")))));
    m_browse = new QPushButton(this);
    m_browse->setObjectName(QStringLiteral("exportBrowse"));
    connect(m_browse, &QPushButton::clicked, this, &ExportBackupDialog::browse);
    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(m_browse);

    m_encrypt = new QCheckBox(this);
    m_encrypt->setObjectName(QStringLiteral("exportEncrypt"));
    m_passphrase = new QLineEdit(this);
    m_passphrase->setObjectName(QStringLiteral("exportPassphrase"));
    m_passphrase->setEchoMode(QLineEdit::Password);
    m_repeat = new QLineEdit(this);
    m_repeat->setObjectName(QStringLiteral("exportPassphraseRepeat"));
    m_repeat->setEchoMode(QLineEdit::Password);
    auto updateEncryption = [this] {
        m_passphrase->setEnabled(m_encrypt->isChecked() && !m_running);
        m_repeat->setEnabled(m_encrypt->isChecked() && !m_running);
    };
    connect(m_encrypt, &QCheckBox::toggled, this, updateEncryption);

    auto *form = new QFormLayout;
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    m_pathLabel = new QLabel(this);
    m_passphraseLabel = new QLabel(this);
    m_repeatLabel = new QLabel(this);
    form->addRow(m_pathLabel, pathRow);
    form->addRow(m_encrypt);
    form->addRow(m_passphraseLabel, m_passphrase);
    form->addRow(m_repeatLabel, m_repeat);

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("exportProgress"));
    m_progress->setRange(0, 0); // VACUUM INTO reports no progress: a busy bar plus the bytes so far
    m_progress->setTextVisible(false);
    m_progress->hide();
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("exportStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("exportError"));
    m_error->setWordWrap(true);
    m_error->setTextFormat(Qt::PlainText);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #b3261e; }"));
    m_error->hide();

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_exportButton = m_buttons->addButton(QString(), QDialogButtonBox::AcceptRole);
    m_exportButton->setObjectName(QStringLiteral("exportButton"));
    m_exportButton->setDefault(true);
    disconnect(m_buttons, &QDialogButtonBox::accepted, this, nullptr);
    connect(m_exportButton, &QPushButton::clicked, this, &ExportBackupDialog::startExport);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ExportBackupDialog::reject);

    if (m_maintenance) {
        connect(m_maintenance, &DataMaintenance::progress, this,
                [this](DataMaintenance::Operation operation, const QString &, qint64 done, qint64) {
                    if (operation == DataMaintenance::Operation::Export && m_running)
                        showProgress(done);
                });
        connect(m_maintenance, &DataMaintenance::exported, this, [this](const tier::ExportOutcome &outcome) {
            if (m_running && outcome.path == m_target)
                finishExport(outcome);
        });
    }

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(noteRow);
    layout->addSpacing(8);
    layout->addLayout(form);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addWidget(m_error);
    layout->addStretch();
    layout->addWidget(m_buttons);

    retranslate();
    updateEncryption();
}

ExportBackupDialog::~ExportBackupDialog()
{
    // A copy still running finishes on its own and removes its file (nobody will take it any more).
    if (m_running && m_maintenance)
        m_maintenance->cancelExport();
}

void ExportBackupDialog::retranslate()
{
    setWindowTitle(tr("Export backup"));
    m_note->setText(tr("The backup is the whole controller: networks, members, settings and the controller's "
                       "secret key. Anyone who has the file can act as this controller, so keep it somewhere "
                       "safe, or protect it with a passphrase. The engine keeps running while the backup is "
                       "written."));
    m_pathLabel->setText(tr("&File:"));
    m_pathLabel->setBuddy(m_path);
    m_browse->setText(tr("&Browse…"));
    m_encrypt->setText(tr("&Encrypt with a passphrase"));
    m_passphraseLabel->setText(tr("&Passphrase:"));
    m_passphraseLabel->setBuddy(m_passphrase);
    m_repeatLabel->setText(tr("&Repeat:"));
    m_repeatLabel->setBuddy(m_repeat);
    m_exportButton->setText(m_done ? tr("Close") : tr("E&xport"));
}

void ExportBackupDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

QString ExportBackupDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void ExportBackupDialog::setCipherLimits(quint64 opsLimit, quint64 memLimit)
{
    m_opsLimit = opsLimit;
    m_memLimit = memLimit;
}

void ExportBackupDialog::browse()
{
    const QString chosen = QFileDialog::getSaveFileName(this, tr("Export backup"), m_path->text(),
                                                        tr("Tiermaster backups (*.db);;All files (*)"));
    if (!chosen.isEmpty())
        m_path->setText(chosen);
}

void ExportBackupDialog::showError(const QString &message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
    // The message takes room of its own: the dialog grows instead of squashing its fields.
    if (!message.isEmpty())
        resize(size().expandedTo(sizeHint()));
}

void ExportBackupDialog::setRunning(bool running)
{
    m_running = running;
    for (QWidget *widget : {static_cast<QWidget *>(m_path), static_cast<QWidget *>(m_browse),
                            static_cast<QWidget *>(m_encrypt), static_cast<QWidget *>(m_exportButton)})
        widget->setEnabled(!running);
    m_passphrase->setEnabled(!running && m_encrypt->isChecked());
    m_repeat->setEnabled(!running && m_encrypt->isChecked());
    m_progress->setVisible(running);
}

void ExportBackupDialog::showProgress(qint64 bytes)
{
    m_status->setText(tr("Writing the backup… %1 written").arg(QLocale().formattedDataSize(bytes)));
}

void ExportBackupDialog::startExport()
{
    if (m_done) {
        accept();
        return;
    }
    if (m_running)
        return;
    showError(QString());
    const QString path = m_path->text().trimmed();
    if (path.isEmpty())
        return showError(tr("Choose a file for the backup."));
    const QFileInfo target(path);
    if (target.exists() || target.isSymLink())
        return showError(tr("%1 already exists. Choose another name; an existing file is never replaced.")
                             .arg(QDir::toNativeSeparators(target.absoluteFilePath())));
    if (!target.dir().exists())
        return showError(tr("The folder %1 does not exist.").arg(QDir::toNativeSeparators(target.dir().path())));
    QByteArray passphrase;
    if (m_encrypt->isChecked()) {
        if (m_passphrase->text().size() < MinimumPassphraseLength)
            return showError(tr("The passphrase must have at least %1 characters.").arg(MinimumPassphraseLength));
        if (m_passphrase->text() != m_repeat->text())
            return showError(tr("The two passphrases differ."));
        passphrase = m_passphrase->text().toUtf8();
    }
    if (!m_maintenance)
        return showError(tr("There is no local SQLite database to back up (the engine has not been started, or "
                            "it uses another database)."));

    m_target = target.absoluteFilePath();
    setRunning(true);
    showProgress(0);
    ExportRequest request;
    request.targetPath = m_target;
    request.passphrase = passphrase;
    request.opsLimit = m_opsLimit;
    request.memLimit = m_memLimit;
    m_maintenance->exportBackup(request); // exported() follows; after Cancel the service removes the file
}

void ExportBackupDialog::finishExport(const tier::ExportOutcome &outcome)
{
    setRunning(false);
    if (outcome.kind == ExportOutcome::Kind::Cancelled)
        return;
    if (outcome.kind == ExportOutcome::Kind::NoLocalDatabase) {
        m_status->clear();
        return showError(tr("There is no local SQLite database to back up (the engine has not been started, or "
                            "it uses another database)."));
    }
    if (outcome.kind != ExportOutcome::Kind::Written) {
        const QString message = tr("The backup was not written: %1").arg(outcome.error);
        m_status->clear();
        showError(message);
        emit exportFailed(message);
        return;
    }
    m_done = true;
    m_status->setText(tr("Backup written to %1 (%2).")
                          .arg(QDir::toNativeSeparators(m_target), QLocale().formattedDataSize(outcome.bytes)));
    retranslate();
    m_exportButton->setEnabled(true);
    m_buttons->button(QDialogButtonBox::Cancel)->hide();
    emit exported(m_target, outcome.bytes);
}

void ExportBackupDialog::reject()
{
    if (m_running && m_maintenance)
        m_maintenance->cancelExport(); // the service removes the file when the copy returns
    m_running = false;
    QDialog::reject();
}

} // namespace tier
