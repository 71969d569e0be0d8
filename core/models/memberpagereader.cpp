// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/models/memberpagereader.h"

#include "core/base/address.h"
#include "core/store/database.h"
#include "core/store/databaseuri.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

namespace tier {

namespace {

// Keyset paging (address > last one seen) instead of OFFSET: every page costs the same, and a
// member added or removed between two pages never shifts the rest (no row is read twice).
const QString kPageSql = QStringLiteral(
    "SELECT m.address, m.identity, m.authorized, m.active_bridge, m.no_auto_assign_ips, m.name, m.description,"
    " m.tags_json, m.capabilities_json, m.creation_time, m.revision, m.last_authorized_time,"
    " m.last_deauthorized_time, m.v_major, m.v_minor, m.v_rev, m.v_proto,"
    " s.address, s.last_request_time, s.physical_address, s.protocol_version, s.v_major, s.v_minor, s.v_rev"
    " FROM members m LEFT JOIN member_status s ON s.network_id = m.network_id AND s.address = m.address"
    " WHERE m.network_id = ? AND m.address > ? ORDER BY m.address LIMIT ?");

const QString kIpsSql = QStringLiteral("SELECT address, ip FROM member_ips WHERE network_id = ? AND address >= ?"
                                       " AND address <= ? ORDER BY address, position, ip");

quint32 toU32(const QJsonValue &value)
{
    return quint32(std::clamp<double>(value.toDouble(), 0, 4294967295.0));
}

// Same reading as the controller's: [[id, value], …] sorted by id, [id, …] sorted and unique.
QList<QPair<quint32, quint32>> tagsFromJson(const QString &text)
{
    if (text.isEmpty() || text == u"[]")
        return {};
    QMap<quint32, quint32> sorted;
    const QJsonArray array = QJsonDocument::fromJson(text.toUtf8()).array();
    for (const QJsonValue &v : array) {
        const QJsonArray pair = v.toArray();
        if (pair.size() >= 2)
            sorted.insert(toU32(pair[0]), toU32(pair[1]));
    }
    QList<QPair<quint32, quint32>> out;
    for (auto it = sorted.cbegin(); it != sorted.cend(); ++it)
        out.append({it.key(), it.value()});
    return out;
}

QList<quint32> capsFromJson(const QString &text)
{
    if (text.isEmpty() || text == u"[]")
        return {};
    QList<quint32> out;
    const QJsonArray array = QJsonDocument::fromJson(text.toUtf8()).array();
    for (const QJsonValue &v : array)
        out.append(toU32(v));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

// Lives on the reader's thread; every method runs there.
class PageWorker final : public QObject
{
public:
    PageWorker(MemberPageReader *reader, const std::atomic<quint64> *currentLoad,
               std::atomic<const QThread *> *lastQueryThread)
        : m_reader(reader), m_currentLoad(currentLoad), m_lastQueryThread(lastQueryThread)
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
        const QString nwid = networkIdToString(networkId);
        auto q = m_db.exec(kPageSql, {nwid, after, pageSize}, QStringLiteral("reading a page of members"));
        if (!q) {
            fail(loadId, networkId, q.error().message);
            return;
        }
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QList<MemberInfo> page;
        page.reserve(pageSize);
        QHash<QString, qsizetype> rowOf;
        rowOf.reserve(pageSize);
        QString first;
        QString lastAddress;
        int rowsRead = 0;
        while (q->next()) {
            ++rowsRead;
            const QString addressText = q->value(0).toString();
            const std::optional<Address> address = Address::fromString(addressText);
            lastAddress = addressText;
            if (!address)
                continue; // the schema's CHECK makes this impossible; skip rather than show garbage
            if (first.isEmpty())
                first = addressText;
            MemberInfo m;
            m.networkId = networkId;
            m.address = *address;
            m.identity = q->value(1).isNull() ? QString() : q->value(1).toString();
            m.authorized = q->value(2).toInt() != 0;
            m.activeBridge = q->value(3).toInt() != 0;
            m.noAutoAssignIps = q->value(4).toInt() != 0;
            m.name = q->value(5).isNull() ? QString() : q->value(5).toString();
            m.description = q->value(6).toString();
            m.tags = tagsFromJson(q->value(7).toString());
            m.capabilities = capsFromJson(q->value(8).toString());
            m.creationTime = q->value(9).toLongLong();
            m.revision = q->value(10).toULongLong();
            m.lastAuthorizedTime = q->value(11).toLongLong();
            m.lastDeauthorizedTime = q->value(12).toLongLong();
            m.pending = !m.authorized && !m.identity.isEmpty();
            if (!q->value(17).isNull()) {
                // A status row: what the engine flushed last; the versions come from it, as in the engine.
                m.lastRequestTime = q->value(18).toLongLong();
                m.physicalAddress = InetAddress::fromString(q->value(19).toString()).value_or(InetAddress());
                m.protocolVersion = q->value(20).toInt();
                m.versionMajor = q->value(21).toInt();
                m.versionMinor = q->value(22).toInt();
                m.versionRevision = q->value(23).toInt();
                m.online = m.lastRequestTime > 0 && now - m.lastRequestTime < MemberInfo::OnlineWindowMs;
            } else {
                m.protocolVersion = q->value(16).toInt();
                m.versionMajor = q->value(13).toInt();
                m.versionMinor = q->value(14).toInt();
                m.versionRevision = q->value(15).toInt();
            }
            rowOf.insert(addressText, page.size());
            page.append(std::move(m));
        }
        q->finish();
        if (!first.isEmpty()) {
            auto ips = m_db.exec(kIpsSql, {nwid, first, lastAddress}, QStringLiteral("reading member IPs"));
            if (!ips) {
                fail(loadId, networkId, ips.error().message);
                return;
            }
            while (ips->next()) {
                const auto row = rowOf.constFind(ips->value(0).toString());
                if (row == rowOf.cend())
                    continue;
                if (auto ip = InetAddress::fromIpString(ips->value(1).toString()))
                    page[*row].ipAssignments.append(*ip);
            }
            ips->finish();
        }
        // A short page is the end; a full one may be followed by an empty last page.
        const bool last = rowsRead < pageSize;
        if (last)
            m_db.close(); // no connection (and no open read snapshot) lingers between loads
        MemberPageReader *reader = m_reader;
        QMetaObject::invokeMethod(
            reader,
            [reader, loadId, networkId, page = std::move(page), last] {
                emit reader->pageReady(loadId, networkId, page, last);
            },
            Qt::QueuedConnection);
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
        MemberPageReader *reader = m_reader;
        QMetaObject::invokeMethod(
            reader, [reader, loadId, networkId, message] { emit reader->loadFailed(loadId, networkId, message); },
            Qt::QueuedConnection);
    }

    MemberPageReader *m_reader;
    const std::atomic<quint64> *m_currentLoad;
    std::atomic<const QThread *> *m_lastQueryThread;
    Database m_db{QStringLiteral("member-pages")};
    quint64 m_activeLoad = 0;
};

} // namespace

MemberPageReader::MemberPageReader(QObject *parent) : QObject(parent)
{
    m_thread.setObjectName(QStringLiteral("member-pages"));
}

MemberPageReader::~MemberPageReader()
{
    stop();
}

void MemberPageReader::setPageSize(int rows)
{
    m_pageSize = std::max(1, rows);
}

void MemberPageReader::ensureThread()
{
    if (m_thread.isRunning())
        return;
    auto *worker = new PageWorker(this, &m_currentLoad, &m_lastQueryThread);
    worker->moveToThread(&m_thread);
    // Deleted on its own thread when the thread ends, so its connection is closed where it was opened.
    connect(&m_thread, &QThread::finished, worker, &QObject::deleteLater);
    m_worker = worker;
    m_thread.start();
}

quint64 MemberPageReader::load(const QString &databasePath, quint64 networkId)
{
    ensureThread();
    const quint64 loadId = m_currentLoad.fetch_add(1) + 1;
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
    m_currentLoad.fetch_add(1);
    if (m_thread.isRunning()) {
        auto *worker = static_cast<PageWorker *>(m_worker);
        QMetaObject::invokeMethod(
            worker, [worker] { worker->closeIfCancelled(); }, Qt::QueuedConnection);
    }
}

void MemberPageReader::stop()
{
    m_currentLoad.fetch_add(1);
    if (!m_thread.isRunning())
        return;
    m_thread.quit();
    m_thread.wait();
    m_worker = nullptr;
}

} // namespace tier
