// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/service/privaterootinfo.h"

#include <QPointer>
#include <QWidget>

#include <functional>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace tier {

class EngineClient;

/// Preferences → Private root: "Be the root of a private planet". The endpoints members reach this
/// machine at (pre-filled by the engine with this machine's addresses and the UDP port), a button
/// that has the engine make (or update) the planet, install it in the data directory, serve it at
/// once and save a copy for the members; the copy's path (with Copy), plain instructions for members
/// on Linux, macOS and Windows, and the open-root switch. Everything goes through EngineClient; the
/// page touches no file and no database itself.
class PrivateRootPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PrivateRootPage)

public:
    /// Asks where to save the planet for the members (default: QFileDialog); empty = cancelled.
    using SavePrompt = std::function<QString(const QString &title, const QString &suggested)>;

    explicit PrivateRootPage(QWidget *parent = nullptr);
    ~PrivateRootPage() override;

    /// Not owned; null = no engine (the page says so and offers nothing to make).
    void setEngine(EngineClient *engine);
    void setSavePrompt(SavePrompt prompt) { m_savePrompt = std::move(prompt); }

    bool openRoot() const;
    void setOpenRoot(bool open);
    /// The command line set --open-root for this run: the switch shows it and cannot be changed here.
    void markOpenRootOverridden();

    QCheckBox *enableCheck() const { return m_enable; }
    QPlainTextEdit *endpointsEdit() const { return m_endpoints; }
    QPushButton *makeButton() const { return m_make; }
    QLineEdit *pathEdit() const { return m_path; }
    QPushButton *copyPathButton() const { return m_copyPath; }
    QCheckBox *openRootCheck() const { return m_openRoot; }
    QLabel *statusLabel() const { return m_status; }
    QLabel *instructionsLabel() const { return m_instructions; }
    QString messageText() const;

public slots:
    void makePlanet();
    void copyPath();

signals:
    /// The engine installed a new planet in the data directory (the Network tab shows it).
    void planetInstalled();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void showInfo(const PrivateRootInfo &info);
    void showMessage(const QString &text, bool error);
    void updateEnabled();
    QStringList endpointLines() const;

    QPointer<EngineClient> m_engine;
    SavePrompt m_savePrompt;
    PrivateRootInfo m_info;
    bool m_haveInfo = false;
    bool m_pending = false; ///< a make request is out: the next engine error is its answer
    bool m_openRootOverridden = false;

    QCheckBox *m_enable = nullptr;
    QLabel *m_intro = nullptr;
    QLabel *m_endpointsLabel = nullptr;
    QPlainTextEdit *m_endpoints = nullptr;
    QLabel *m_endpointsHint = nullptr;
    QPushButton *m_make = nullptr;
    QLabel *m_pathLabel = nullptr;
    QLineEdit *m_path = nullptr;
    QPushButton *m_copyPath = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_instructionsTitle = nullptr;
    QLabel *m_instructions = nullptr;
    QCheckBox *m_openRoot = nullptr;
    QLabel *m_openRootHint = nullptr;
    QLabel *m_message = nullptr;
};

} // namespace tier
