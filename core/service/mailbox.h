// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMetaObject>
#include <QObject>
#include <QThreadPool>

#include <memory>
#include <mutex>
#include <utility>

namespace tier {

/// The way back from a worker to an object that may be destroyed meanwhile, without anyone waiting:
/// the worker holds the mailbox (shared), the object detaches it in its destructor. A call posted while
/// the object lives runs on the object's thread; one posted after detach() is dropped, and what was
/// queued but not yet run is dropped by QObject's destructor.
class Mailbox final
{
public:
    explicit Mailbox(QObject *owner) : m_owner(owner) {}

    template<typename Call>
    void post(Call call)
    {
        std::lock_guard lock(m_mutex);
        if (QObject *target = m_owner)
            QMetaObject::invokeMethod(target, std::move(call), Qt::QueuedConnection);
    }

    void detach()
    {
        std::lock_guard lock(m_mutex);
        m_owner = nullptr;
    }

private:
    std::mutex m_mutex;
    QObject *m_owner;
};

/// Runs work() on a pool thread and done(result) on the mailbox owner's thread (if it still exists).
template<typename Work, typename Done>
void runOnWorker(std::shared_ptr<Mailbox> mailbox, Work work, Done done)
{
    QThreadPool::globalInstance()->start(
        [mailbox = std::move(mailbox), work = std::move(work), done = std::move(done)]() mutable {
            auto result = work();
            mailbox->post([done = std::move(done), result = std::move(result)]() mutable { done(std::move(result)); });
        });
}

} // namespace tier
