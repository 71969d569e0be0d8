// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QSocketNotifier;

namespace tier {

/// Turns SIGTERM and SIGINT into a Qt signal on the main thread (self-pipe over a socketpair:
/// the handler only writes one byte, the event loop does the rest). One instance per process.
class SignalWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignalWatcher)

public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override; ///< restores the default handlers

    bool isValid() const { return m_notifier != nullptr; }

signals:
    void signalReceived(int signalNumber);

private:
    static void handleSignal(int signalNumber);
    void readPending();

    QSocketNotifier *m_notifier = nullptr;
};

} // namespace tier
