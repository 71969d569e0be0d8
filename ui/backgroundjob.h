// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <QThreadPool>

#include <utility>

namespace tier {

/// Runs work() on a pool thread (file copies, SQLite with its own connection) and hands its result to
/// done() on context's thread. If context is gone by then, done() is skipped; work() must therefore
/// clean up anything that nobody would take over (see the cancel handling of the callers).
template<typename Work, typename Done>
void runInBackground(QObject *context, Work work, Done done)
{
    QPointer<QObject> guard(context);
    QThreadPool::globalInstance()->start([guard, work = std::move(work), done = std::move(done)]() mutable {
        auto result = work();
        if (QObject *target = guard.data()) {
            QMetaObject::invokeMethod(
                target, [done = std::move(done), result = std::move(result)]() mutable { done(std::move(result)); },
                Qt::QueuedConnection);
        }
    });
}

} // namespace tier
