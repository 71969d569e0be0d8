// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/models/memberpagereader.h"

#include "core/base/address.h"
#include "core/controller/memberfields.h"
#include "core/store/database.h"
#include "core/store/databaseuri.h"
#include "core/store/memberpagequery.h"

#include <QDateTime>
#include <QHash>
#include <QVariant>

#include <algorithm>
#include <mutex>

namespace tier {

struct MemberPageReader::Shared
{
    std::atomic<quint64> currentLoad{0};
    std::atomic<const QThread *> lastQueryThread{nullptr};
    std::mutex mutex;                   ///< guards reader
    MemberPageReader *reader = nullptr; ///< null once the reader is destroyed

    /// Runs call on the reader's thread if the reader still exists (posted under the lock, so the
    /// reader's destructor cannot pass in between; its QObject destructor drops what is still queued).
    template<typename Call>
    void post(Call call)
    {
        std::lock_guard lock(mutex);
        if (MemberPageReader *target = reader)
            QMetaObject::invokeMethod(
                target, [target, call = std::move(call)] { call(target); }, Qt::QueuedConnection);
    }
};

namespace {

// What a page shows of a stored member; what only the engine knows (latency, request history)
// stays at its default, `online` comes from the stored last request time and the wall clock.
MemberInfo memberInfo(const MemberPageRow &row, qint64 now)
{
    const MemberRow &stored = row.member;
    MemberInfo m;
    m.networkId = stored.networkId;
    m.address = stored.address;
    m.identity = stored.identity;
    m.authorized = stored.authorized;
    m.activeBridge = stored.activeBridge;
    m.noAutoAssignIps = stored.noAutoAssignIps;
    m.name = stored.name;
    m.description = stored.description;
    m.tags = memberfields::tagsFromJson(stored.tagsJson);
    m.capabilities = memberfields::capsFromJson(stored.capabilitiesJson);
    m.creationTime = stored.creationTime;
    m.revision = stored.revision;
    m.lastAuthorizedTime = stored.lastAuthorizedTime;
    m.lastDeauthorizedTime = stored.lastDeauthorizedTime;
    m.pending = !m.authorized && !m.identity.isEmpty();
    if (row.status) {
        // A status row: what the engine flushed last; the versions come from it, as in the engine.
        m.lastRequestTime = row.status->lastRequestTime;
        m.physicalAddress = InetAddress::fromString(row.status->physicalAddress).value_or(InetAddress());
        m.protocolVersion = row.status->protocolVersion;
        m.versionMajor = row.status->vMajor;
        m.versionMinor = row.status->vMinor;
        m.versionRevision = row.status->vRev;
        m.online = m.lastRequestTime > 0 && now - m.lastRequestTime < MemberInfo::OnlineWindowMs;
    } else {
        m.protocolVersion = stored.vProto;
        m.versionMajor = stored.vMajor;
        m.versionMinor = stored.vMinor;
        m.versionRevision = stored.vRev;
    }
    for (const QString &ip : stored.ipAssignments) {
        if (auto parsed = InetAddress::fromIpString(ip))
            m.ipAssignments.append(*parsed);
    }
    return m;
}

// Lives on the reader's thread; every method runs there.
class PageWorker final : public QObject
{
public:
    explicit PageWorker(std::shared_ptr<MemberPageReader::Shared> shared)
        : m_shared(std::move(shared)), m_currentLoad(&m_shared->currentLoad),
          m_lastQueryThread(&m_shared->lastQueryThread)
    {}
    ~PageWorker() override { m_db.close(); } // on the worker thread: the connection is removed there

    void start(quint64 loadId, const QString &path, quint64 networkId, int pageSize)
    {
        m_db.close();
        m_activeLoad = loadId;
        if (m_currentLoad->load() != loadId)
            return;
        const DatabaseUri uri = DatabaseUri::sqliteFile(path);
        m_lastQueryThread->store(QThread::currentThread());
        if (Status opened = m_db.open(uri, Database::Access::ReadOnly); !opened) {
            fail(loadId, networkId, opened.error().message);
            return;
        }
        readPage(loadId, networkId, QStringLiteral(""), pageSize); // not a null QString: that binds NULL
    }

    void readPage(quint64 loadId, quint64 networkId, const QString &after, int pageSize)
    {
        if (m_currentLoad->load() != loadId) {
            m_db.close(); // a newer load (or cancel) took over; it opens its own connection
            return;
        }
        m_lastQueryThread->store(QThread::currentThread());
        Result<MemberPage> read = MemberPageQuery(m_db).read(networkId, after, pageSize);
        if (!read) {
            fail(loadId, networkId, read.error().message);
            return;
        }
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QList<MemberInfo> page;
        page.reserve(read->rows.size());
        for (const MemberPageRow &row : std::as_const(read->rows))
            page.append(memberInfo(row, now));
        const int rowsRead = read->rowsRead;
        const QString lastAddress = read->lastAddress;
        // A short page is the end; a full one may be followed by an empty last page.
        const bool last = rowsRead < pageSize;
        if (last)
            m_db.close(); // no connection (and no open read snapshot) lingers between loads
        m_shared->post([loadId, networkId, page = std::move(page), last](MemberPageReader *reader) {
            emit reader->pageReady(loadId, networkId, page, last);
        });
        if (!last) {
            // Queued, not a loop: a newer load() or cancel() gets in between two pages.
            QMetaObject::invokeMethod(
                this,
                [this, loadId, networkId, lastAddress, pageSize] {
                    readPage(loadId, networkId, lastAddress, pageSize);
                },
                Qt::QueuedConnection);
        }
    }

    void closeIfCancelled()
    {
        if (m_currentLoad->load() != m_activeLoad)
            m_db.close();
    }

private:
    void fail(quint64 loadId, quint64 networkId, const QString &message)
    {
        m_db.close();
        m_shared->post([loadId, networkId, message](MemberPageReader *reader) {
            emit reader->loadFailed(loadId, networkId, message);
        });
    }

    std::shared_ptr<MemberPageReader::Shared> m_shared;
    const std::atomic<quint64> *m_currentLoad;
    std::atomic<const QThread *> *m_lastQueryThread;
    Database m_db{QStringLiteral("member-pages")};
    quint64 m_activeLoad = 0;
};

} // namespace

MemberPageReader::MemberPageReader(QObject *parent) : QObject(parent), m_shared(std::make_shared<Shared>())
{
    m_shared->reader = this;
}

MemberPageReader::~MemberPageReader()
{
    stop();
    std::lock_guard lock(m_shared->mutex);
    m_shared->reader = nullptr; // the worker finishes alone; nothing it posts reaches this object
}

quint64 MemberPageReader::currentLoadId() const
{
    return m_shared->currentLoad.load();
}

const QThread *MemberPageReader::lastQueryThread() const
{
    return m_shared->lastQueryThread.load();
}

void MemberPageReader::setPageSize(int rows)
{
    m_pageSize = std::max(1, rows);
}

void MemberPageReader::ensureThread()
{
    if (m_thread)
        return;
    m_thread = new QThread; // no parent: it may outlive this object by one page query
    m_thread->setObjectName(QStringLiteral("member-pages"));
    auto *worker = new PageWorker(m_shared);
    worker->moveToThread(m_thread);
    // Deleted on its own thread when the thread ends, so its connection is closed where it was opened;
    // the thread object goes once it has finished.
    connect(m_thread, &QThread::finished, worker, &QObject::deleteLater);
    connect(m_thread, &QThread::finished, m_thread, &QObject::deleteLater);
    m_worker = worker;
    m_thread->start();
}

quint64 MemberPageReader::load(const QString &databasePath, quint64 networkId)
{
    ensureThread();
    const quint64 loadId = m_shared->currentLoad.fetch_add(1) + 1;
    auto *worker = static_cast<PageWorker *>(m_worker);
    const int pageSize = m_pageSize;
    QMetaObject::invokeMethod(
        worker,
        [worker, loadId, databasePath, networkId, pageSize] {
            worker->start(loadId, databasePath, networkId, pageSize);
        },
        Qt::QueuedConnection);
    return loadId;
}

void MemberPageReader::cancel()
{
    // An id no load has: the worker drops the running load at its next page and closes the connection.
    m_shared->currentLoad.fetch_add(1);
    if (m_thread) {
        auto *worker = static_cast<PageWorker *>(m_worker);
        QMetaObject::invokeMethod(
            worker, [worker] { worker->closeIfCancelled(); }, Qt::QueuedConnection);
    }
}

void MemberPageReader::stop()
{
    m_shared->currentLoad.fetch_add(1);
    if (!m_thread)
        return;
    QThread *thread = m_thread;
    m_thread = nullptr;
    m_worker = nullptr;
    // Reported through the shared state: this object may be gone by the time the thread has ended.
    connect(
        thread, &QThread::finished, thread,
        [shared = m_shared] { shared->post([](MemberPageReader *reader) { emit reader->stopped(); }); },
        Qt::DirectConnection);
    thread->quit(); // the worker's pending page (if any) ends first; nothing waits for it here
}

} // namespace tier
