// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/preferencesdialog.h"

#include "core/service/datamaintenance.h"
#include "ui/privaterootpage.h"
#include "ui/screenfit.h"
#include "ui/worldfiles.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHostAddress>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStyle>
#include <QTabWidget>
#include <QVBoxLayout>

namespace tier {

namespace {

constexpr int IntervalChoices[] = {0, 1, 6, 24, 168};

QLabel *hintLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    label->setEnabled(false); // greyed: explanation, not content
    return label;
}

} // namespace

PreferencesDialog::PreferencesDialog(const Preferences &preferences, const QString &currentDataDir, QWidget *parent)
    : QDialog(parent), m_currentDataDir(currentDataDir), m_stored(preferences)
{
    setObjectName(QStringLiteral("preferencesDialog"));
    m_overrideBanner = new QLabel(this);
    m_overrideBanner->setObjectName(QStringLiteral("preferencesOverrides"));
    m_overrideBanner->setWordWrap(true);
    m_overrideBanner->setTextFormat(Qt::PlainText);
    m_overrideBanner->hide();
    m_filePrompt = [this](const QString &title) { return QFileDialog::getOpenFileName(this, title); };

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("preferencesTabs"));
    // Each page scrolls on its own: the tall Private root page must not give the short ones a scroll bar.
    m_tabs->addTab(scrollable(createGeneralTab(), this), QString());
    m_tabs->addTab(scrollable(createNetworkTab(), this), QString());
    m_tabs->addTab(scrollable(createApiTab(), this), QString());
    m_tabs->addTab(scrollable(createBackupTab(), this), QString());
    m_rootPage = new PrivateRootPage(this);
    connect(m_rootPage, &PrivateRootPage::planetInstalled, this, &PreferencesDialog::refreshWorlds);
    m_tabs->addTab(scrollable(m_rootPage, this), QString());

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("preferencesMessage"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();
    m_restartHint = hintLabel(this);
    m_restartHint->setObjectName(QStringLiteral("restartHint"));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &PreferencesDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &PreferencesDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_overrideBanner);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_message);
    layout->addWidget(m_restartHint);
    layout->addWidget(buttons);

    // Wide enough for a data directory path without eliding it at once; still fits a narrow screen.
    resizeWithinScreen(this,
                       QSize(qMax(sizeHint().width(), fontMetrics().averageCharWidth() * 72), sizeHint().height()));
    retranslate();
    setFields(preferences);
    refreshWorlds();
    refreshToken();
}

PreferencesDialog::~PreferencesDialog() = default;

void PreferencesDialog::showEvent(QShowEvent *event)
{
    QDialog::showEvent(event);
    if (m_fittedOnShow)
        return;
    m_fittedOnShow = true;
    // A scroll area's size hint stops at 24 lines and takes a word-wrapped page's height at another width:
    // now that the pages have their width, grow (within the screen) until every page but the tall Private
    // root one shows whole, also at the width a scroll bar would leave (a page that had one keeps it else).
    const QWidget *current = m_tabs->currentWidget();
    const int width = current->width() - style()->pixelMetric(QStyle::PM_ScrollBarExtent);
    int missing = 0;
    for (int i = 0; i + 1 < m_tabs->count(); ++i) {
        const auto *area = qobject_cast<QScrollArea *>(m_tabs->widget(i));
        const QWidget *page = area ? area->widget() : nullptr;
        if (!page)
            continue;
        const int needed = page->hasHeightForWidth() ? page->heightForWidth(width) : page->sizeHint().height();
        missing = qMax(missing, needed - current->height());
    }
    if (missing > 0) {
        resizeWithinScreen(this, size() + QSize(0, missing));
        fitIntoScreen(this);
    }
}

QWidget *PreferencesDialog::createGeneralTab()
{
    auto *page = new QWidget(this);
    m_dataDir = new QLineEdit(page);
    m_dataDir->setObjectName(QStringLiteral("prefDataDir"));
    m_dataDir->setClearButtonEnabled(true);
    m_browseDataDir = new QPushButton(page);
    connect(m_browseDataDir, &QPushButton::clicked, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, m_dataDirLabel->text(), m_dataDir->text());
        if (!folder.isEmpty())
            m_dataDir->setText(folder);
    });
    auto *dataRow = new QHBoxLayout;
    dataRow->addWidget(m_dataDir, 1);
    dataRow->addWidget(m_browseDataDir);
    m_dataDirHint = hintLabel(page);
    m_language = new QComboBox(page);
    m_language->setObjectName(QStringLiteral("prefLanguage"));
    for (const auto language :
         {Preferences::Language::System, Preferences::Language::English, Preferences::Language::German})
        m_language->addItem(QString(), Preferences::languageCode(language));
    m_startMinimized = new QCheckBox(page);
    m_startMinimized->setObjectName(QStringLiteral("prefStartMinimized"));

    auto *form = new QFormLayout(page);
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    m_dataDirLabel = new QLabel(page);
    m_languageLabel = new QLabel(page);
    form->addRow(m_dataDirLabel, dataRow);
    form->addRow(m_dataDirHint);
    form->addRow(m_languageLabel, m_language);
    form->addRow(m_startMinimized);
    m_closeToTray = new QCheckBox(page);
    m_closeToTray->setObjectName(QStringLiteral("prefCloseToTray"));
    form->addRow(m_closeToTray);
    return page;
}

QWidget *PreferencesDialog::createNetworkTab()
{
    auto *page = new QWidget(this);
    m_port = new QSpinBox(page);
    m_port->setObjectName(QStringLiteral("prefUdpPort"));
    m_port->setRange(0, 65535);
    m_planetTitle = new QLabel(page);
    m_planetLabel = new QLabel(page);
    m_planetLabel->setObjectName(QStringLiteral("prefPlanet"));
    m_planetLabel->setWordWrap(true);
    m_installPlanet = new QPushButton(page);
    m_installPlanet->setObjectName(QStringLiteral("prefInstallPlanet"));
    connect(m_installPlanet, &QPushButton::clicked, this, &PreferencesDialog::installPlanet);
    m_removePlanet = new QPushButton(page);
    m_removePlanet->setObjectName(QStringLiteral("prefRemovePlanet"));
    connect(m_removePlanet, &QPushButton::clicked, this, &PreferencesDialog::removePlanet);
    auto *planetButtons = new QHBoxLayout;
    planetButtons->addWidget(m_installPlanet);
    planetButtons->addWidget(m_removePlanet);
    planetButtons->addStretch();

    m_moonsTitle = new QLabel(page);
    m_moons = new QListWidget(page);
    m_moons->setObjectName(QStringLiteral("prefMoons"));
    m_addMoon = new QPushButton(page);
    m_addMoon->setObjectName(QStringLiteral("prefAddMoon"));
    connect(m_addMoon, &QPushButton::clicked, this, &PreferencesDialog::addMoon);
    m_removeMoon = new QPushButton(page);
    m_removeMoon->setObjectName(QStringLiteral("prefRemoveMoon"));
    connect(m_removeMoon, &QPushButton::clicked, this, &PreferencesDialog::removeSelectedMoon);
    connect(m_moons, &QListWidget::currentRowChanged, this, [this](int row) { m_removeMoon->setEnabled(row >= 0); });
    auto *moonButtons = new QHBoxLayout;
    moonButtons->addWidget(m_addMoon);
    moonButtons->addWidget(m_removeMoon);
    moonButtons->addStretch();

    auto *form = new QFormLayout;
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    m_portLabel = new QLabel(page);
    form->addRow(m_portLabel, m_port);
    auto *layout = new QVBoxLayout(page);
    layout->addLayout(form);
    layout->addSpacing(6);
    layout->addWidget(m_planetTitle);
    layout->addWidget(m_planetLabel);
    layout->addLayout(planetButtons);
    layout->addSpacing(6);
    layout->addWidget(m_moonsTitle);
    layout->addWidget(m_moons, 1);
    layout->addLayout(moonButtons);
    return page;
}

QWidget *PreferencesDialog::createApiTab()
{
    auto *page = new QWidget(this);
    m_api = new QCheckBox(page);
    m_api->setObjectName(QStringLiteral("prefApi"));
    m_apiAddress = new QLineEdit(page);
    m_apiAddress->setObjectName(QStringLiteral("prefApiAddress"));
    m_apiPort = new QSpinBox(page);
    m_apiPort->setObjectName(QStringLiteral("prefApiPort"));
    m_apiPort->setRange(0, 65535);
    m_token = new QLineEdit(page);
    m_token->setObjectName(QStringLiteral("prefToken"));
    m_token->setReadOnly(true);
    m_token->setEchoMode(QLineEdit::Password);
    m_showToken = new QPushButton(page);
    m_showToken->setCheckable(true);
    connect(m_showToken, &QPushButton::toggled, this,
            [this](bool shown) { m_token->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password); });
    m_copyToken = new QPushButton(page);
    m_copyToken->setObjectName(QStringLiteral("prefCopyToken"));
    connect(m_copyToken, &QPushButton::clicked, this, &PreferencesDialog::copyToken);
    auto *tokenRow = new QHBoxLayout;
    tokenRow->addWidget(m_token, 1);
    tokenRow->addWidget(m_showToken);
    tokenRow->addWidget(m_copyToken);
    auto updateEnabled = [this] {
        m_apiAddress->setEnabled(m_api->isChecked());
        m_apiPort->setEnabled(m_api->isChecked());
    };
    connect(m_api, &QCheckBox::toggled, this, updateEnabled);

    auto *form = new QFormLayout(page);
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    m_apiAddressLabel = new QLabel(page);
    m_apiPortLabel = new QLabel(page);
    m_tokenLabel = new QLabel(page);
    form->addRow(m_api);
    form->addRow(m_apiAddressLabel, m_apiAddress);
    form->addRow(m_apiPortLabel, m_apiPort);
    form->addRow(m_tokenLabel, tokenRow);
    return page;
}

QWidget *PreferencesDialog::createBackupTab()
{
    auto *page = new QWidget(this);
    m_backupInterval = new QComboBox(page);
    m_backupInterval->setObjectName(QStringLiteral("prefBackupInterval"));
    for (const int hours : IntervalChoices)
        m_backupInterval->addItem(QString(), hours);
    m_retention = new QSpinBox(page);
    m_retention->setObjectName(QStringLiteral("prefRetention"));
    m_retention->setRange(1, 3650);
    m_backupHint = hintLabel(page);
    auto *form = new QFormLayout(page);
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    m_intervalLabel = new QLabel(page);
    m_retentionLabel = new QLabel(page);
    form->addRow(m_intervalLabel, m_backupInterval);
    form->addRow(m_retentionLabel, m_retention);
    form->addRow(m_backupHint);
    return page;
}

void PreferencesDialog::retranslate()
{
    setWindowTitle(tr("Preferences"));
    m_tabs->setTabText(0, tr("General"));
    m_tabs->setTabText(1, tr("Network"));
    m_tabs->setTabText(2, tr("API"));
    m_tabs->setTabText(3, tr("Backups"));
    m_tabs->setTabText(4, tr("Private root"));

    m_dataDirLabel->setText(tr("&Data directory:"));
    m_dataDirLabel->setBuddy(m_dataDir);
    m_dataDir->setPlaceholderText(
        tr("Default: %1")
            .arg(QDir::toNativeSeparators(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))));
    m_browseDataDir->setText(tr("Browse…"));
    m_dataDirHint->setText(tr("Another data directory is another controller, with its own identity and "
                              "networks. A --data-dir on the command line wins over this setting."));
    m_languageLabel->setText(tr("&Language:"));
    m_languageLabel->setBuddy(m_language);
    m_language->setItemText(0, tr("System default"));
    m_language->setItemText(1, QStringLiteral("English"));
    m_language->setItemText(2, QStringLiteral("Deutsch"));
    m_startMinimized->setText(tr("Start &minimised to the system tray"));
    m_closeToTray->setText(tr("&Closing the window keeps the controller running in the system tray"));

    m_portLabel->setText(tr("&UDP port:"));
    m_portLabel->setBuddy(m_port);
    m_port->setSpecialValueText(tr("Any free port"));
    m_planetTitle->setText(tr("<b>Planet</b> (the root servers members use to find this controller)"));
    m_installPlanet->setText(tr("Install private planet…"));
    m_removePlanet->setText(tr("Use the public planet"));
    m_moonsTitle->setText(tr("<b>Moons</b> (additional root servers)"));
    m_addMoon->setText(tr("Add moon…"));
    m_removeMoon->setText(tr("Remove moon"));

    m_api->setText(tr("Serve the local HTTP &API"));
    m_apiAddressLabel->setText(tr("Address:"));
    m_apiPortLabel->setText(tr("TCP port:"));
    m_apiPort->setSpecialValueText(tr("Same as the UDP port"));
    m_tokenLabel->setText(tr("Token:"));
    m_token->setPlaceholderText(tr("Created by the engine when the API is on"));
    m_showToken->setText(tr("Show"));
    m_copyToken->setText(tr("Copy"));

    m_intervalLabel->setText(tr("&Automatic backups:"));
    m_intervalLabel->setBuddy(m_backupInterval);
    m_backupInterval->setItemText(0, tr("Off"));
    m_backupInterval->setItemText(1, tr("Every hour"));
    m_backupInterval->setItemText(2, tr("Every 6 hours"));
    m_backupInterval->setItemText(3, tr("Daily"));
    m_backupInterval->setItemText(4, tr("Weekly"));
    m_retentionLabel->setText(tr("&Keep for:"));
    m_retentionLabel->setBuddy(m_retention);
    m_retention->setSuffix(tr(" days"));
    m_backupHint->setText(
        tr("Backups are written to %1 while the engine runs, also without a window.")
            .arg(QDir::toNativeSeparators(QDir(m_currentDataDir).filePath(QStringLiteral("backups")))));

    m_restartHint->setText(tr("Changes to the data directory, ports, API, planet, moons and the open-root switch "
                              "restart the engine when you press OK; members reconnect by themselves. The language "
                              "changes at the next start."));
    refreshWorlds();
}

void PreferencesDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

void PreferencesDialog::setFields(const Preferences &p)
{
    m_dataDir->setText(p.dataDir);
    m_language->setCurrentIndex(qMax(0, m_language->findData(Preferences::languageCode(p.language))));
    m_startMinimized->setChecked(p.startMinimized);
    m_closeToTray->setChecked(p.closeToTray);
    m_rootPage->setOpenRoot(p.openRoot);
    m_port->setValue(p.udpPort);
    m_api->setChecked(p.apiEnabled);
    m_apiAddress->setText(p.apiAddress);
    m_apiPort->setValue(p.apiPort);
    m_apiAddress->setEnabled(p.apiEnabled);
    m_apiPort->setEnabled(p.apiEnabled);
    int interval = m_backupInterval->findData(p.backupIntervalHours);
    if (interval < 0) {
        m_backupInterval->addItem(tr("Every %n hour(s)", nullptr, p.backupIntervalHours), p.backupIntervalHours);
        interval = m_backupInterval->count() - 1;
    }
    m_backupInterval->setCurrentIndex(interval);
    m_retention->setValue(p.backupRetentionDays);
}

Preferences PreferencesDialog::preferences() const
{
    Preferences p = m_stored;
    const auto overridden = [this](const char *flag) { return m_overridden.contains(QLatin1String(flag)); };
    if (!overridden("--data-dir"))
        p.dataDir = m_dataDir->text().trimmed();
    p.language = Preferences::languageFromCode(m_language->currentData().toString());
    p.startMinimized = m_startMinimized->isChecked();
    p.closeToTray = m_closeToTray->isChecked();
    if (!overridden("--port"))
        p.udpPort = quint16(m_port->value());
    if (!overridden("--api") && !overridden("--no-api")) {
        p.apiEnabled = m_api->isChecked();
        p.apiAddress = m_apiAddress->text().trimmed();
        p.apiPort = quint16(m_apiPort->value());
    }
    p.backupIntervalHours = m_backupInterval->currentData().toInt();
    p.backupRetentionDays = m_retention->value();
    if (!overridden("--open-root"))
        p.openRoot = m_rootPage->openRoot();
    return p;
}

void PreferencesDialog::markOverridden(QWidget *field, QLabel *rowLabel, const QString &flag)
{
    m_overridden.append(flag);
    field->setEnabled(false);
    field->setToolTip(tr("Set by %1 on the command line for this run; the saved preference applies when "
                         "Tiermaster starts without it.")
                          .arg(flag));
    if (rowLabel) {
        rowLabel->setText(tr("%1 (command line: %2)").arg(rowLabel->text(), flag));
        rowLabel->setToolTip(field->toolTip());
    }
}

void PreferencesDialog::setInEffect(const EngineOptions &inEffect, const QStringList &arguments)
{
    m_overridden.clear();
    const auto given = [&arguments](const char *flag) { return Preferences::hasFlag(arguments, QLatin1String(flag)); };
    // The directory in use, also when the preference is empty (the default one).
    if (m_dataDir->text().isEmpty())
        m_dataDir->setPlaceholderText(QDir::toNativeSeparators(inEffect.dataDir));
    if (given("--data-dir")) {
        m_dataDir->setText(QDir::toNativeSeparators(inEffect.dataDir));
        m_browseDataDir->setEnabled(false);
        markOverridden(m_dataDir, m_dataDirLabel, QStringLiteral("--data-dir"));
    }
    if (given("--port")) {
        m_port->setValue(inEffect.udpPort);
        markOverridden(m_port, m_portLabel, QStringLiteral("--port"));
    }
    for (const char *flag : {"--api", "--no-api"}) {
        if (!given(flag))
            continue;
        m_api->setChecked(!inEffect.apiAddress.isEmpty());
        m_apiAddress->setText(inEffect.apiAddress);
        m_apiPort->setValue(inEffect.apiPort);
        markOverridden(m_api, nullptr, QLatin1String(flag));
        markOverridden(m_apiAddress, m_apiAddressLabel, QLatin1String(flag));
        markOverridden(m_apiPort, m_apiPortLabel, QLatin1String(flag));
        m_overridden.removeDuplicates();
        break;
    }
    if (given("--open-root")) {
        m_rootPage->markOpenRootOverridden();
        m_overridden.append(QStringLiteral("--open-root"));
    }
    if (given("--planet")) {
        m_planetLabel->setText(tr("In effect for this run: %1 (command line: --planet)")
                                   .arg(QDir::toNativeSeparators(inEffect.planetFile)));
        m_overridden.append(QStringLiteral("--planet"));
    }
    if (given("--moon"))
        m_overridden.append(QStringLiteral("--moon"));
    m_overrideBanner->setText(tr("This run was started with %1 on the command line: those values are shown as in "
                                 "effect and cannot be changed here.")
                                  .arg(m_overridden.join(QLatin1String(", "))));
    m_overrideBanner->setVisible(!m_overridden.isEmpty());
}

void PreferencesDialog::setFilePrompt(FilePrompt prompt)
{
    m_filePrompt = std::move(prompt);
}

QString PreferencesDialog::messageText() const
{
    return m_message->isHidden() ? QString() : m_message->text();
}

void PreferencesDialog::setEngine(EngineClient *engine)
{
    m_rootPage->setEngine(engine);
}

void PreferencesDialog::showMessage(const QString &message, bool error)
{
    m_message->setText(message);
    m_message->setStyleSheet(error ? QStringLiteral("QLabel { color: #b3261e; }") : QString());
    m_message->setVisible(!message.isEmpty());
}

void PreferencesDialog::accept()
{
    const QString address = m_apiAddress->text().trimmed();
    if (m_api->isChecked() && QHostAddress(address).isNull()) {
        m_tabs->setCurrentIndex(2);
        showMessage(tr("\"%1\" is not an IP address (for example 127.0.0.1 or ::1).").arg(address), true);
        return;
    }
    const QString dataDir = m_dataDir->text().trimmed();
    if (!dataDir.isEmpty() && QFileInfo(dataDir).exists() && !QFileInfo(dataDir).isDir()) {
        m_tabs->setCurrentIndex(0);
        showMessage(tr("%1 exists and is not a folder.").arg(QDir::toNativeSeparators(dataDir)), true);
        return;
    }
    QDialog::accept();
}

void PreferencesDialog::refreshWorlds()
{
    if (!m_planetLabel)
        return;
    auto planet = WorldFiles::installedPlanet(m_currentDataDir);
    if (!planet)
        m_planetLabel->setText(tr("The installed planet file is unusable: %1").arg(planet.error().message));
    else if (planet->isNull())
        m_planetLabel->setText(tr("The public ZeroTier planet (built in)."));
    else
        m_planetLabel->setText(
            tr("Private planet %1 with %n root(s).", nullptr, int(planet->roots().size())).arg(planet->id()));
    m_removePlanet->setEnabled(QFileInfo::exists(WorldFiles::planetPath(m_currentDataDir)));
    m_moons->clear();
    for (const QString &path : WorldFiles::moons(m_currentDataDir)) {
        auto *item = new QListWidgetItem(QFileInfo(path).fileName(), m_moons);
        item->setData(Qt::UserRole, path);
    }
    m_removeMoon->setEnabled(m_moons->currentRow() >= 0);
}

void PreferencesDialog::setDataMaintenance(DataMaintenance *maintenance)
{
    if (m_maintenance)
        disconnect(m_maintenance, nullptr, this, nullptr);
    m_maintenance = maintenance;
    if (m_maintenance)
        connect(m_maintenance, &DataMaintenance::apiToken, this, [this](const QString &dataDir, const QString &token) {
            if (dataDir != m_currentDataDir)
                return; // asked by someone else, or for a data directory shown before
            m_token->setText(token);
            m_copyToken->setEnabled(!token.isEmpty());
            m_showToken->setEnabled(!token.isEmpty());
        });
    refreshToken();
}

void PreferencesDialog::refreshToken()
{
    // The service reads the token file (off this thread); the answer fills the field.
    m_token->clear();
    m_copyToken->setEnabled(false);
    m_showToken->setEnabled(false);
    if (m_maintenance && !m_currentDataDir.isEmpty())
        m_maintenance->requestApiToken(m_currentDataDir);
}

void PreferencesDialog::copyToken()
{
    if (m_token->text().isEmpty())
        return;
    QApplication::clipboard()->setText(m_token->text());
    showMessage(tr("The API token was copied to the clipboard."), false);
}

void PreferencesDialog::installPlanet()
{
    const QString file = m_filePrompt ? m_filePrompt(tr("Install private planet")) : QString();
    if (file.isEmpty())
        return;
    if (Status installed = WorldFiles::installPlanet(m_currentDataDir, file); !installed)
        return showMessage(tr("The planet was not installed: %1").arg(installed.error().message), true);
    m_worldsChanged = true;
    refreshWorlds();
    showMessage(tr("Private planet installed; the engine restarts with it when you press OK."), false);
}

void PreferencesDialog::removePlanet()
{
    if (Status removed = WorldFiles::removePlanet(m_currentDataDir); !removed)
        return showMessage(removed.error().message, true);
    m_worldsChanged = true;
    refreshWorlds();
    showMessage(tr("The private planet was removed; the engine uses the public planet after the restart."), false);
}

void PreferencesDialog::addMoon()
{
    const QString file = m_filePrompt ? m_filePrompt(tr("Add moon")) : QString();
    if (file.isEmpty())
        return;
    auto added = WorldFiles::addMoon(m_currentDataDir, file);
    if (!added)
        return showMessage(tr("The moon was not added: %1").arg(added.error().message), true);
    m_worldsChanged = true;
    refreshWorlds();
    showMessage(tr("Moon added as %1.").arg(QFileInfo(*added).fileName()), false);
}

void PreferencesDialog::removeSelectedMoon()
{
    const QListWidgetItem *item = m_moons->currentItem();
    if (!item)
        return;
    if (Status removed = WorldFiles::removeMoon(item->data(Qt::UserRole).toString()); !removed)
        return showMessage(removed.error().message, true);
    m_worldsChanged = true;
    refreshWorlds();
    showMessage(tr("Moon removed."), false);
}

} // namespace tier
