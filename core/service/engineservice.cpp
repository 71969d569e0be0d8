// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/service/engineservice.h"

#include "core/store/controlleridentityrepository.h"
#include "core/store/database.h"
#include "core/store/networkrepository.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSaveFile>

namespace tier {

Q_LOGGING_CATEGORY(lcEngine, "tiermaster.engine", QtInfoMsg)

namespace {

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

EngineService::EngineService(EngineOptions options, QObject *parent) : QObject(parent), m_options(std::move(options)) {}

EngineService::~EngineService()
{
    shutdown();
}

bool EngineService::isRunning() const
{
    return m_database && m_database->isOpen() && m_networks;
}

void EngineService::start()
{
    if (isRunning()) {
        emit started(m_identity.address().toString());
        return;
    }
    auto fail = [this](const Error &error) {
        qCWarning(lcEngine).noquote() << "engine start failed:" << error.message;
        shutdown();
        emit startFailed(error.message);
    };
    if (Status ready = prepareDataDir(); !ready)
        return fail(ready.error());

    const auto uri = DatabaseUri::parse(m_options.databaseUri, m_options.dataDir);
    if (!uri)
        return fail(uri.error());
    m_database = std::make_unique<Database>(QStringLiteral("engine"));
    if (Status opened = m_database->open(*uri); !opened)
        return fail(opened.error());
    qCInfo(lcEngine).noquote() << "database" << uri->toString() << "at schema version" << m_database->schemaVersion();

    if (Status identity = loadOrCreateIdentity(); !identity)
        return fail(identity.error());
    if (Status written = writePublicIdentity(); !written)
        return fail(written.error());
    m_networks = std::make_unique<NetworkRepository>(*m_database);

    qCInfo(lcEngine).noquote() << "controller" << m_identity.address().toString() << "running, data in"
                               << m_options.dataDir;
    emit started(m_identity.address().toString());
    refreshNetworks();
}

void EngineService::shutdown()
{
    m_networks.reset();
    if (m_database) {
        m_database->close();
        m_database.reset();
    }
}

Status EngineService::prepareDataDir()
{
    if (m_options.dataDir.isEmpty())
        return makeError(ErrorCode::Io, QStringLiteral("no data directory given"));
    const QFileInfo info(m_options.dataDir);
    if (info.exists() && !info.isDir())
        return makeError(ErrorCode::Io,
                         QStringLiteral("the data directory %1 exists but is not a folder").arg(m_options.dataDir));
    if (!info.exists()) {
        if (!QDir().mkpath(m_options.dataDir))
            return makeError(ErrorCode::Io,
                             QStringLiteral("cannot create the data directory %1").arg(m_options.dataDir));
        // It will hold the controller's secret (in controller.db) and later the API token.
        QFile::setPermissions(m_options.dataDir,
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    }
    return Ok{};
}

Status EngineService::loadOrCreateIdentity()
{
    ControllerIdentityRepository repository(*m_database);
    auto stored = repository.load();
    if (!stored)
        return stored.error();
    if (stored->has_value()) {
        m_identity = std::move(*stored).value();
        return Ok{};
    }
    qCInfo(lcEngine) << "no controller identity yet, generating one";
    Identity identity = Identity::generate();
    if (identity.isNull() || !identity.hasSecret())
        return makeError(ErrorCode::InvalidIdentity, QStringLiteral("generating the controller identity failed"));
    if (Status saved = repository.save(identity, nowMs()); !saved)
        return saved.error();
    qCInfo(lcEngine).noquote() << "new controller identity" << identity.address().toString();
    m_identity = std::move(identity);
    return Ok{};
}

Status EngineService::writePublicIdentity()
{
    const QString path = QDir(m_options.dataDir).filePath(QStringLiteral("identity.public"));
    const QByteArray text = m_identity.toString(false).toLatin1();
    QFile existing(path);
    if (existing.open(QIODevice::ReadOnly) && existing.readAll().trimmed() == text)
        return Ok{};
    existing.close();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size() || !file.commit())
        return makeError(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    return Ok{};
}

bool EngineService::checkRunning()
{
    if (isRunning())
        return true;
    emit requestFailed(tr("The engine is not running."));
    return false;
}

NetworkInfo EngineService::toInfo(const NetworkRecord &record)
{
    NetworkInfo info;
    info.id = record.id;
    info.name = record.name;
    info.isPrivate = record.isPrivate;
    info.creationTime = record.creationTime;
    info.revision = record.revision;
    info.memberCount = record.memberCount;
    info.authorizedCount = record.authorizedCount;
    info.onlineCount = 0; // live member status arrives with the controller
    info.pendingCount = record.pendingCount;
    return info;
}

void EngineService::refreshNetworks()
{
    if (!checkRunning())
        return;
    const auto records = m_networks->list();
    if (!records)
        return emit requestFailed(records.error().message);
    QList<NetworkInfo> infos;
    infos.reserve(records->size());
    for (const NetworkRecord &record : *records)
        infos.append(toInfo(record));
    emit networksReset(infos);
}

void EngineService::createNetwork(const QString &name)
{
    if (!checkRunning())
        return;
    const auto created = m_networks->create(m_identity.address(), name, nowMs());
    if (!created)
        return emit requestFailed(created.error().message);
    qCInfo(lcEngine).noquote() << "created network" << networkIdToString(created->id);
    emit networkChanged(toInfo(*created));
}

void EngineService::renameNetwork(quint64 networkId, const QString &name)
{
    if (!checkRunning())
        return;
    const auto renamed = m_networks->rename(networkId, name, nowMs());
    if (!renamed)
        return emit requestFailed(renamed.error().message);
    emit networkChanged(toInfo(*renamed));
}

void EngineService::deleteNetwork(quint64 networkId)
{
    if (!checkRunning())
        return;
    if (Status removed = m_networks->remove(networkId); !removed)
        return emit requestFailed(removed.error().message);
    qCInfo(lcEngine).noquote() << "deleted network" << networkIdToString(networkId);
    emit networkRemoved(networkId);
}

void EngineService::refreshMembers(quint64 /*networkId*/)
{
    if (checkRunning())
        emit requestFailed(tr("Members are not available yet."));
}

void EngineService::setMemberAuthorized(quint64 /*networkId*/, Address /*member*/, bool /*authorized*/)
{
    if (checkRunning())
        emit requestFailed(tr("Members are not available yet."));
}

void EngineService::updateMember(quint64 /*networkId*/, Address /*member*/, const MemberUpdate & /*update*/)
{
    if (checkRunning())
        emit requestFailed(tr("Members are not available yet."));
}

void EngineService::deleteMember(quint64 /*networkId*/, Address /*member*/)
{
    if (checkRunning())
        emit requestFailed(tr("Members are not available yet."));
}

void EngineService::requestNetworkDetails(quint64 /*networkId*/)
{
    if (checkRunning())
        emit requestFailed(tr("Network details are not available yet."));
}

void EngineService::updateNetwork(quint64 /*networkId*/, const NetworkSettings & /*settings*/)
{
    if (checkRunning())
        emit requestFailed(tr("Network settings are not available yet."));
}

} // namespace tier
