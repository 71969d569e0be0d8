// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/migrate/importplan.h"

#include <QDialog>

#include <functional>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTreeWidget;

namespace tier {

/// File → Import…: choose a zerotier-one home folder (identity.secret + controller.d/) or a 2015-era
/// controller.db, see the dry run (networks, members, problems with their file/row and reason), and on
/// Import build a complete new Tiermaster controller.db at a temporary path.
///
/// How to use it (MainWindow):
/// @code
///   ImportDialog dialog(this);                       // or ImportDialog(this, dataDir) to build inside dataDir
///   if (dialog.exec() == QDialog::Accepted) {
///       const QString built = dialog.importedDatabase(); // closed, complete, checked controller.db (0600)
///       // feed `built` through the same "replace the current database" flow as Restore backup
///       // (stop engine, automatic backup, Backup::restore(built, live, dataDir), restart), then:
///       QFile::remove(built);
///   }
/// @endcode
/// After Accepted the caller owns the built file. If the dialog is rejected nothing is left behind.
/// The Import button is enabled only when the dry run found no blocking problem.
class ImportDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportDialog)

public:
    /// workFolder: where the new database is built (empty = the system's temporary folder).
    explicit ImportDialog(QWidget *parent = nullptr, const QString &workFolder = QString());
    ~ImportDialog() override;

    /// Selects a source (folder or file) and shows its dry run; also used by the Browse buttons.
    void setSourcePath(const QString &path);
    QString sourcePath() const;
    /// The dry run of the current source.
    const ImportPlan &plan() const { return m_plan; }
    /// Path of the database built by Import; empty until the dialog was accepted.
    QString importedDatabase() const { return m_built; }
    /// The controller address of the imported identity (10 hex digits; empty if none was read).
    QString controllerAddress() const;
    /// The error shown when building failed (empty if none).
    QString errorText() const;

    // Widgets, for tests.
    QLineEdit *pathEdit() const { return m_path; }
    QTreeWidget *networkTree() const { return m_networks; }
    QPlainTextEdit *problemsView() const { return m_problems; }
    QLabel *summaryLabel() const { return m_summary; }
    QPushButton *importButton() const { return m_import; }

public slots:
    void accept() override;
    void reject() override;

private:
    void chooseFolder();
    void chooseFile();
    void refresh();
    /// Runs work on a worker thread (reading a large tree validates every member identity, ~20 ms each) while
    /// the window stays responsive but disabled, and returns when it is done.
    void runInBackground(const std::function<void()> &work, const QString &status);

    QString m_workFolder;
    ImportPlan m_plan;
    QString m_built;
    QString m_error;
    QLineEdit *m_path = nullptr;
    QLabel *m_summary = nullptr;
    QTreeWidget *m_networks = nullptr;
    QPlainTextEdit *m_problems = nullptr;
    QLabel *m_errorLabel = nullptr;
    QPushButton *m_import = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace tier
