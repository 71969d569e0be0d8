// SPDX-License-Identifier: GPL-3.0-or-later
#include "importdialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace tier {

ImportDialog::ImportDialog(DataMaintenance *maintenance, QWidget *parent, const QString &workFolder)
    : QDialog(parent), m_maintenance(maintenance), m_workFolder(workFolder)
{
    setWindowTitle(tr("Import a controller"));
    auto *layout = new QVBoxLayout(this);

    auto *intro = new QLabel(tr("Choose the home folder of a zerotier-one controller (with identity.secret and "
                                "controller.d) or a controller.db of the 2015 controller. Nothing is changed "
                                "until you click Import; the current database is kept as a backup."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *row = new QHBoxLayout;
    m_path = new QLineEdit(this);
    m_path->setPlaceholderText(tr("Folder or controller.db file"));
    m_path->setAccessibleName(tr("Import source"));
    auto *folderButton = new QPushButton(tr("&Folder…"), this);
    auto *fileButton = new QPushButton(tr("&Database file…"), this);
    row->addWidget(m_path, 1);
    row->addWidget(folderButton);
    row->addWidget(fileButton);
    layout->addLayout(row);

    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    layout->addWidget(m_summary);

    m_networks = new QTreeWidget(this);
    m_networks->setColumnCount(4);
    m_networks->setHeaderLabels({tr("Network"), tr("Name"), tr("Members"), tr("Authorized")});
    m_networks->setRootIsDecorated(false);
    m_networks->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    layout->addWidget(m_networks, 2);

    layout->addWidget(new QLabel(tr("Problems:"), this));
    m_problems = new QPlainTextEdit(this);
    m_problems->setReadOnly(true);
    m_problems->setAccessibleName(tr("Problems"));
    layout->addWidget(m_problems, 1);

    m_errorLabel = new QLabel(this);
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setTextFormat(Qt::PlainText);
    m_errorLabel->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_errorLabel->hide();
    layout->addWidget(m_errorLabel);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_import = m_buttons->addButton(tr("&Import"), QDialogButtonBox::AcceptRole);
    m_import->setEnabled(false);
    layout->addWidget(m_buttons);

    connect(folderButton, &QPushButton::clicked, this, &ImportDialog::chooseFolder);
    connect(fileButton, &QPushButton::clicked, this, &ImportDialog::chooseFile);
    connect(m_path, &QLineEdit::editingFinished, this, &ImportDialog::refresh);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ImportDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ImportDialog::reject);
    if (m_maintenance) {
        connect(m_maintenance, &DataMaintenance::importPlanned, this, &ImportDialog::onPlanned);
        connect(m_maintenance, &DataMaintenance::importBuilt, this, &ImportDialog::onBuilt);
        connect(m_maintenance, &DataMaintenance::progress, this,
                [this](DataMaintenance::Operation operation, const QString &stage, qint64, qint64) {
                    if (m_building && operation == DataMaintenance::Operation::ImportBuild && stage == u"build")
                        m_summary->setText(tr("Building the new database…"));
                });
    }
    resize(720, 520);
    refresh();
}

ImportDialog::~ImportDialog() = default;

QString ImportDialog::sourcePath() const
{
    return m_path->text().trimmed();
}

QString ImportDialog::controllerAddress() const
{
    return m_plan.identity.isNull() ? QString() : m_plan.identity.address().toString();
}

QString ImportDialog::errorText() const
{
    return m_error;
}

void ImportDialog::setSourcePath(const QString &path)
{
    m_path->setText(path);
    refresh();
}

void ImportDialog::chooseFolder()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("zerotier-one home folder"), sourcePath());
    if (!folder.isEmpty())
        setSourcePath(folder);
}

void ImportDialog::chooseFile()
{
    const QString file = QFileDialog::getOpenFileName(this, tr("2015 controller database"), sourcePath(),
                                                      tr("Controller database (*.db);;All files (*)"));
    if (!file.isEmpty())
        setSourcePath(file);
}

void ImportDialog::refresh()
{
    showError(QString());
    m_networks->clear();
    m_problems->clear();
    const QString path = sourcePath();
    if (path.isEmpty() || !m_maintenance) {
        m_plan = ImportPlan();
        m_pendingSource.clear();
        m_summary->setText(tr("No source chosen yet."));
        m_import->setEnabled(false);
        setBusy(false);
        emit previewReady();
        return;
    }
    // Reading a large tree validates every member identity (~20 ms each): off the UI thread.
    m_pendingSource = path;
    setBusy(true, tr("Reading %1…").arg(path));
    m_maintenance->planImport(path); // importPlanned() follows
}

void ImportDialog::onPlanned(const QString &source, const ImportPlan &plan)
{
    if (m_building || source != m_pendingSource)
        return; // an older source, or not asked by this dialog
    m_pendingSource.clear();
    m_plan = plan;
    setBusy(false);
    showPlan();
    emit previewReady();
}

void ImportDialog::showPlan()
{
    m_networks->clear();
    for (const ImportedNetwork &net : std::as_const(m_plan.networks)) {
        int authorized = 0;
        for (const MemberRow &m : net.members)
            authorized += m.authorized ? 1 : 0;
        auto *item = new QTreeWidgetItem(m_networks);
        item->setText(0, networkIdToString(net.network.record.id));
        item->setText(1, net.network.record.name);
        item->setToolTip(1, net.network.record.description);
        item->setText(2, QString::number(net.members.size()));
        item->setText(3, QString::number(authorized));
    }
    QStringList lines;
    for (const ImportProblem &p : std::as_const(m_plan.problems)) {
        const QString kind = p.blocking ? tr("error") : tr("left out");
        lines.append(tr("%1: %2: %3").arg(kind, p.source, p.reason));
    }
    for (const ImportProblem &w : std::as_const(m_plan.warnings))
        lines.append(tr("%1: %2: %3").arg(tr("warning"), w.source, w.reason));
    m_problems->setPlainText(lines.isEmpty() ? tr("None.") : lines.join(u'\n'));

    const QString kindText = m_plan.kind == ImportPlan::SourceKind::ZeroTierHome ? tr("zerotier-one home folder")
                                                                                 : tr("2015 controller database");
    const QString address = controllerAddress().isEmpty() ? tr("unknown") : controllerAddress();
    QString summary =
        tr("%1, controller %2: %n network(s)", nullptr, int(m_plan.networks.size())).arg(kindText, address) +
        tr(", %n member(s)", nullptr, m_plan.memberCount()) + u'.';
    if (m_plan.canImport())
        summary += u' ' + tr("Ready to import.");
    else
        summary += u' ' + tr("Cannot be imported: fix the errors listed below first.");
    m_summary->setText(summary);
    m_import->setEnabled(m_plan.canImport());
}

void ImportDialog::showError(const QString &message)
{
    m_error = message;
    m_errorLabel->setText(message);
    m_errorLabel->setVisible(!message.isEmpty());
}

void ImportDialog::setBusy(bool busy, const QString &status)
{
    // The window keeps turning meanwhile; this dialog takes no input until the answer is there.
    m_busy = busy;
    if (busy)
        m_summary->setText(status);
    m_path->setEnabled(!busy);
    m_networks->setEnabled(!busy);
    for (QPushButton *button : findChildren<QPushButton *>())
        if (button != m_buttons->button(QDialogButtonBox::Cancel))
            button->setEnabled(!busy && (button != m_import || m_plan.canImport()));
    if (busy)
        setCursor(Qt::BusyCursor);
    else
        unsetCursor();
}

void ImportDialog::accept()
{
    if (m_busy)
        return;
    if (!m_maintenance) {
        showError(tr("Import failed, nothing was changed: %1").arg(tr("no engine")));
        emit importFailed(m_error);
        return;
    }
    // The source may have changed since the preview: the service reads it again and builds only what
    // it checked now.
    m_building = true;
    showError(QString());
    setBusy(true, tr("Reading %1…").arg(sourcePath()));
    m_maintenance->buildImport(sourcePath(), m_workFolder); // importBuilt() follows
}

void ImportDialog::onBuilt(const ImportBuild &build)
{
    if (!m_building)
        return;
    m_building = false;
    if (m_cancelledBuild) {
        m_cancelledBuild = false;
        if (build.kind == ImportBuild::Kind::Built)
            QFile::remove(build.path); // cancelled meanwhile: nobody takes it
        return;
    }
    m_plan = build.plan;
    setBusy(false);
    if (build.kind == ImportBuild::Kind::CannotImport) {
        showPlan();
        showError(tr("The source changed and can no longer be imported; see the problems listed."));
        emit importFailed(m_error);
        return;
    }
    if (build.kind != ImportBuild::Kind::Built) {
        showPlan();
        showError(tr("Import failed, nothing was changed: %1").arg(build.error));
        emit importFailed(m_error);
        return;
    }
    m_built = build.path;
    QDialog::accept();
}

void ImportDialog::reject()
{
    m_built.clear();
    m_cancelledBuild = m_building;
    QDialog::reject();
}

} // namespace tier
