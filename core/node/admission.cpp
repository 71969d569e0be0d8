// SPDX-License-Identifier: GPL-3.0-or-later
#include "admission.h"

#include <QObject>
#include <QThread>
#include <QThreadPool>

#include <algorithm>

namespace tier {

namespace {

// Newcomers one source may have waiting at once: a host joining with a few identities gets them all
// validated promptly; a source sending fresh identities as fast as it can keeps only these places.
constexpr int WaitingPerSource = 4;
// Newcomers waiting overall (each holds a HELLO of at most a few hundred bytes).
constexpr int WaitingTotal = 4096;
// A source's budget is forgotten after this long without a newcomer (it is full again by then).
constexpr qint64 SourceIdleMs = 60000;

} // namespace

Admission::Admission(const NodeOptions &options, QObject *context, Finished finished)
    : m_options(options), m_context(context), m_finished(std::move(finished))
{}

Admission::~Admission()
{
    if (m_pool)
        m_pool->waitForDone(); // a worker's report names this object
}

QByteArray Admission::sourceOf(const InetAddress &from)
{
    const QByteArray ip = from.ipBytes();
    return from.isIPv4() ? ip.left(3) : ip.left(8);
}

Admission::Waiting *Admission::waiting(Address address)
{
    auto it = m_waiting.find(address);
    return it == m_waiting.end() ? nullptr : &*it;
}

// One source may use an eighth of the global rate (at least one a second), so that at least eight
// sources share the validations even while one of them floods.
double Admission::sourceRate() const
{
    return std::max(1.0, m_options.validationsPerSecond / 8.0);
}

double Admission::sourceBurst() const
{
    return std::max(2.0, sourceRate() / 5.0);
}

double Admission::tokens(const Bucket &bucket, qint64 now) const
{
    if (bucket.last == 0 || now < bucket.last)
        return sourceBurst();
    return std::min(sourceBurst(), bucket.tokens + double(now - bucket.last) * sourceRate() / 1000.0);
}

bool Admission::hasRoom(const QByteArray &source, qint64 now) const
{
    if (m_options.validationsPerSecond <= 0 || m_waiting.size() >= WaitingTotal)
        return false;
    const auto it = m_sources.constFind(source);
    if (it == m_sources.constEnd())
        return true;
    return it->waiting < WaitingPerSource && tokens(*it, now) >= 1.0;
}

QThreadPool &Admission::pool()
{
    if (!m_pool) {
        m_pool = std::make_unique<QThreadPool>();
        const int threads =
            m_options.validationThreads > 0 ? m_options.validationThreads : std::max(1, QThread::idealThreadCount());
        m_pool->setMaxThreadCount(threads);
        m_pool->setObjectName(QStringLiteral("identity validation"));
    }
    return *m_pool;
}

void Admission::submit(Waiting w, qint64 now, bool start)
{
    Bucket &bucket = m_sources[w.source];
    bucket.tokens = tokens(bucket, now) - 1.0;
    bucket.last = now;
    ++bucket.waiting;
    const Address address = w.identity.address();
    const Identity identity = w.identity.publicOnly();
    m_waiting.insert(address, std::move(w));
    if (start)
        validate(identity);
    else
        m_queue.append(address);
}

bool Admission::startNext()
{
    while (!m_queue.isEmpty()) {
        const Address address = m_queue.takeFirst();
        if (auto it = m_waiting.constFind(address); it != m_waiting.constEnd()) {
            validate(it->identity.publicOnly());
            return true;
        }
    }
    return false;
}

void Admission::validate(const Identity &identity)
{
    const Address address = identity.address();
    pool().start([this, address, identity] {
        const bool valid = identity.locallyValidate();
        // Queued to the context's thread. This object outlives the worker (its destructor waits); the
        // context, whose member it is, drops the report with its other posted events when it goes.
        QMetaObject::invokeMethod(
            m_context,
            [this, address, valid] {
                auto it = m_waiting.constFind(address);
                if (it == m_waiting.constEnd())
                    return;
                if (auto source = m_sources.find(it->source); source != m_sources.end())
                    source->waiting = std::max(0, source->waiting - 1);
                m_finished(address, valid);
            },
            Qt::QueuedConnection);
    });
}

void Admission::validateVouched(const Identity &identity, std::function<void(bool valid)> done)
{
    pool().start([this, identity, done = std::move(done)] {
        const bool valid = identity.locallyValidate();
        QMetaObject::invokeMethod(
            m_context, [done, valid] { done(valid); }, Qt::QueuedConnection);
    });
}

std::optional<Admission::Waiting> Admission::take(Address address)
{
    auto it = m_waiting.find(address);
    if (it == m_waiting.end())
        return std::nullopt;
    Waiting w = std::move(*it);
    m_waiting.erase(it);
    return w;
}

void Admission::expire(qint64 now)
{
    m_sources.removeIf(
        [&](decltype(m_sources)::iterator it) { return it->waiting == 0 && now - it->last >= SourceIdleMs; });
}

} // namespace tier
