// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/privaterootpage.h"

#include "core/service/engineclient.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QVBoxLayout>

namespace tier {

namespace {

QLabel *wrapped(QWidget *parent, bool hint = false)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    if (hint)
        label->setEnabled(false); // greyed: explanation, not content
    return label;
}

} // namespace

PrivateRootPage::PrivateRootPage(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("privateRootPage"));
    m_savePrompt = [this](const QString &title, const QString &suggested) {
        return QFileDialog::getSaveFileName(this, title, suggested);
    };
    m_enable = new QCheckBox(this);
    m_enable->setObjectName(QStringLiteral("privateRootEnable"));
    connect(m_enable, &QCheckBox::toggled, this, &PrivateRootPage::updateEnabled);
    m_intro = wrapped(this, true);
    m_endpointsLabel = new QLabel(this);
    m_endpoints = new QPlainTextEdit(this);
    m_endpoints->setObjectName(QStringLiteral("privateRootEndpoints"));
    m_endpoints->setTabChangesFocus(true);
    m_endpoints->setMaximumHeight(fontMetrics().lineSpacing() * 5 + 12);
    m_endpointsLabel->setBuddy(m_endpoints);
    m_endpointsHint = wrapped(this, true);
    m_make = new QPushButton(this);
    m_make->setObjectName(QStringLiteral("privateRootMake"));
    connect(m_make, &QPushButton::clicked, this, &PrivateRootPage::makePlanet);
    auto *makeRow = new QHBoxLayout;
    makeRow->addWidget(m_make);
    makeRow->addStretch();

    m_pathLabel = new QLabel(this);
    m_path = new QLineEdit(this);
    m_path->setObjectName(QStringLiteral("privateRootPath"));
    m_path->setReadOnly(true);
    m_copyPath = new QPushButton(this);
    m_copyPath->setObjectName(QStringLiteral("privateRootCopyPath"));
    connect(m_copyPath, &QPushButton::clicked, this, &PrivateRootPage::copyPath);
    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(m_pathLabel);
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(m_copyPath);

    m_status = wrapped(this);
    m_status->setObjectName(QStringLiteral("privateRootStatus"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_instructionsTitle = new QLabel(this);
    m_instructions = wrapped(this);
    m_instructions->setObjectName(QStringLiteral("privateRootInstructions"));
    m_instructions->setTextFormat(Qt::RichText);
    m_instructions->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_openRoot = new QCheckBox(this);
    m_openRoot->setObjectName(QStringLiteral("privateRootOpen"));
    m_openRootHint = wrapped(this, true);
    m_message = wrapped(this);
    m_message->setObjectName(QStringLiteral("privateRootMessage"));
    m_message->setTextFormat(Qt::PlainText);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_enable);
    layout->addWidget(m_intro);
    layout->addWidget(m_endpointsLabel);
    layout->addWidget(m_endpoints);
    layout->addWidget(m_endpointsHint);
    layout->addLayout(makeRow);
    layout->addLayout(pathRow);
    layout->addWidget(m_status);
    layout->addWidget(m_message);
    layout->addSpacing(6);
    layout->addWidget(m_instructionsTitle);
    layout->addWidget(m_instructions);
    layout->addSpacing(6);
    layout->addWidget(m_openRoot);
    layout->addWidget(m_openRootHint);
    layout->addStretch();
    retranslate();
    updateEnabled();
}

PrivateRootPage::~PrivateRootPage() = default;

void PrivateRootPage::setEngine(EngineClient *engine)
{
    if (m_engine)
        disconnect(m_engine, nullptr, this, nullptr);
    m_engine = engine;
    m_haveInfo = false;
    if (m_engine) {
        connect(m_engine, &EngineClient::privateRootChanged, this, &PrivateRootPage::showInfo);
        connect(m_engine, &EngineClient::ownPlanetWritten, this,
                [this](const QString &savePath, const QString &installedPath, quint64, quint64 timestamp) {
                    m_pending = false;
                    m_path->setText(QDir::toNativeSeparators(savePath.isEmpty() ? installedPath : savePath));
                    showMessage(tr("Planet written (version %1) and served now. Members that already use it pick "
                                   "the new version up by themselves within about four minutes.")
                                    .arg(timestamp),
                                false);
                    emit planetInstalled();
                    updateEnabled();
                });
        connect(m_engine, &EngineClient::engineError, this, [this](const QString &message) {
            if (!m_pending)
                return;
            m_pending = false;
            showMessage(message, true);
            updateEnabled();
        });
        if (m_engine->state() == EngineClient::State::Running)
            m_engine->requestPrivateRoot();
    }
    updateEnabled();
}

bool PrivateRootPage::openRoot() const
{
    return m_openRoot->isChecked();
}

void PrivateRootPage::setOpenRoot(bool open)
{
    m_openRoot->setChecked(open);
}

void PrivateRootPage::markOpenRootOverridden()
{
    m_openRootOverridden = true;
    m_openRoot->setChecked(true);
    m_openRoot->setEnabled(false);
    m_openRoot->setToolTip(tr("Set by --open-root on the command line for this run."));
}

QString PrivateRootPage::messageText() const
{
    return m_message->isHidden() ? QString() : m_message->text();
}

QStringList PrivateRootPage::endpointLines() const
{
    QStringList out;
    for (const QString &line : m_endpoints->toPlainText().split(u'\n')) {
        const QString trimmed = line.trimmed();
        if (!trimmed.isEmpty())
            out.append(trimmed);
    }
    return out;
}

void PrivateRootPage::makePlanet()
{
    if (!m_engine || m_pending)
        return;
    const QStringList endpoints = endpointLines();
    if (endpoints.isEmpty()) {
        showMessage(tr("Give at least one address members can reach this computer at, as IP/PORT."), true);
        return;
    }
    const QString suggested = m_path->text().isEmpty()
                                  ? QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                                        .filePath(QStringLiteral("planet"))
                                  : QDir::fromNativeSeparators(m_path->text());
    const QString path = m_savePrompt ? m_savePrompt(tr("Save the planet for the members"), suggested) : QString();
    if (path.isEmpty())
        return;
    m_pending = true;
    showMessage(tr("Making the planet…"), false);
    updateEnabled();
    m_engine->makePrivatePlanet(endpoints, path);
}

void PrivateRootPage::copyPath()
{
    if (m_path->text().isEmpty())
        return;
    QApplication::clipboard()->setText(m_path->text());
    showMessage(tr("Path copied."), false);
}

void PrivateRootPage::showInfo(const PrivateRootInfo &info)
{
    const bool first = !m_haveInfo;
    m_info = info;
    m_haveInfo = true;
    if (first || info.serving) {
        m_endpoints->setPlainText(info.endpoints.join(u'\n'));
        if (info.serving)
            m_enable->setChecked(true);
    }
    if (m_path->text().isEmpty() && info.serving)
        m_path->setText(QDir::toNativeSeparators(info.planetPath));
    if (!m_openRootOverridden && first)
        m_openRoot->setChecked(info.openRoot || m_openRoot->isChecked());
    retranslate();
    updateEnabled();
}

void PrivateRootPage::showMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? QStringLiteral("QLabel { color: #b3261e; }") : QString());
    m_message->setVisible(!text.isEmpty());
}

void PrivateRootPage::updateEnabled()
{
    const bool running = m_engine && m_engine->state() == EngineClient::State::Running;
    const bool on = m_enable->isChecked();
    m_endpointsLabel->setEnabled(on);
    m_endpoints->setEnabled(on);
    m_make->setEnabled(on && running && !m_pending);
    m_copyPath->setEnabled(!m_path->text().isEmpty());
}

void PrivateRootPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void PrivateRootPage::retranslate()
{
    m_enable->setText(tr("&Be the root of a private planet"));
    m_intro->setText(tr("Members find each other and this controller through the roots named in their planet. "
                        "With a private planet this computer is that root: the network needs no server of "
                        "ZeroTier's. Members that use it no longer reach the public ZeroTier network."));
    m_endpointsLabel->setText(tr("&Addresses members reach this computer at (one IP/PORT per line):"));
    m_endpointsHint->setText(tr("Use stable addresses: public ones, or a port forwarded to this computer. "
                                "Pre-filled with this computer's addresses and the UDP port in use. At most %1.")
                                 .arg(World::MaxEndpointsPerRoot));
    m_make->setText(m_info.planetId != 0 ? tr("&Update and save planet…") : tr("&Make and save planet…"));
    m_pathLabel->setText(tr("Planet for members:"));
    m_copyPath->setText(tr("&Copy path"));
    if (!m_engine || !m_haveInfo) {
        m_status->setText(tr("The engine is not running: start it to make or serve a planet."));
    } else if (m_info.serving) {
        m_status->setText(tr("Serving as root of planet %1 (version %2): %n peer(s).", nullptr, m_info.peers)
                              .arg(QStringLiteral("%1").arg(m_info.planetId, 16, 16, QLatin1Char('0')))
                              .arg(m_info.planetTimestamp));
    } else if (m_info.planetId != 0 && m_info.planetFromCommandLine) {
        m_status->setText(tr("A planet of this controller exists, but --planet names another one for this run."));
    } else {
        m_status->setText(tr("Not serving as a root: the planet in use names other roots."));
    }
    m_instructionsTitle->setText(tr("<b>What members do once</b>"));
    m_instructions->setText(
        tr("<p>Copy the planet file to each member, replacing the file named <tt>planet</tt>, then restart the "
           "ZeroTier service:</p><ul>"
           "<li><b>Linux:</b> <tt>/var/lib/zerotier-one/planet</tt>, then <tt>sudo systemctl restart "
           "zerotier-one</tt></li>"
           "<li><b>macOS:</b> <tt>/Library/Application Support/ZeroTier/One/planet</tt>, then "
           "<tt>sudo launchctl kickstart -k system/com.zerotier.one</tt></li>"
           "<li><b>Windows:</b> <tt>C:\\ProgramData\\ZeroTier\\One\\planet</tt>, then restart the "
           "\"ZeroTier One\" service (Services, or <tt>net stop ZeroTierOneService</tt> and <tt>net start "
           "ZeroTierOneService</tt> as administrator)</li></ul>"
           "<p>Later changes (other addresses, another root) need nothing on the members: they get the new "
           "version from this root.</p>"));
    m_openRoot->setText(tr("&Open root: relay for anyone, not only for members of these networks"));
    m_openRootHint->setText(tr("Off: only members of this controller's networks, this controller and the other "
                               "roots are relayed. Takes effect when the engine restarts (press OK)."));
}

} // namespace tier
