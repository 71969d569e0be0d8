// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/migrate/importplan.h"
#include "core/service/datamaintenance.h"

#include <QDialog>
#include <QPointer>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTreeWidget;

namespace tier {

/// File → Import…: choose a zerotier-one home folder (identity.secret + controller.d/) or a 2015-era
/// controller.db, see the dry run (networks, members, problems with their file/row and reason), and on
/// Import build a complete new Tiermaster controller.db. Reading and building go through DataMaintenance
/// (planImport(), buildImport(): off the UI thread); meanwhile the dialog is disabled, shows the step, and
/// the window keeps turning. previewReady() follows each setSourcePath(); accepted() follows Import once the
/// database is built (importedDatabase(); by default in the data directory's private scratch folder).
///
/// MainWindow opens it with open() and, on accepted(), feeds importedDatabase() through the same
/// "replace the current database" flow as Restore backup (RestoreFlow), then removes the file.
/// After Accepted the caller owns the built file. If the dialog is rejected nothing is left behind.
/// The Import button is enabled only when the dry run found no blocking problem.
class ImportDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportDialog)

public:
    /// workFolder: where the new database is built (empty = the engine's scratch folder, or the system's
    /// temporary folder without an engine).
    explicit ImportDialog(DataMaintenance *maintenance, QWidget *parent = nullptr, const QString &workFolder = QString());
    ~ImportDialog() override;

    /// Selects a source (folder or file) and starts its dry run (previewReady() when shown); also used by
    /// the Browse buttons.
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
    /// A dry run or a build is in progress (the dialog is disabled meanwhile).
    bool isBusy() const { return m_busy; }

signals:
    /// The dry run of the current source is shown (also for an empty source).
    void previewReady();
    /// Import did not build (errorText() says why).
    void importFailed(const QString &message);

public slots:
    void accept() override;
    void reject() override;

private:
    void chooseFolder();
    void chooseFile();
    void refresh();
    void showPlan();
    void showError(const QString &message);
    void setBusy(bool busy, const QString &status = QString());
    void onPlanned(const QString &source, const tier::ImportPlan &plan);
    void onBuilt(const tier::ImportBuild &build);

    QPointer<DataMaintenance> m_maintenance;
    QString m_workFolder;
    QString m_pendingSource; ///< the source whose dry run is awaited
    bool m_busy = false;
    bool m_building = false;
    bool m_cancelledBuild = false; ///< rejected while building: the built file is removed on arrival
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
