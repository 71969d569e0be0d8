// SPDX-License-Identifier: GPL-3.0-or-later
// EngineService, private root: the node serves as the root of the planet (or a moon) that names
// this controller; the window makes and installs that planet through these calls, on the engine
// thread (the store and the node are only touched here).
#include "core/node/node.h"
#include "core/service/engineservice.h"
#include "core/service/ownworldmaker.h"
#include "core/store/database.h"

#include <QDateTime>
#include <QDir>
#include <QLoggingCategory>
#include <QNetworkInterface>

namespace tier {

Q_DECLARE_LOGGING_CATEGORY(lcEngine)

namespace {

/// This machine's addresses members could reach (no loopback, link-local or unspecified), with the
/// UDP port: what the window pre-fills. IPv4 first, as many as a root may list.
QStringList suggestedEndpoints(quint16 port)
{
    QStringList v4;
    QStringList v6;
    for (const QHostAddress &a : QNetworkInterface::allAddresses()) {
        if (a.isLoopback() || a.isLinkLocal() || a.isNull() || a.isMulticast() || a == QHostAddress::AnyIPv4 ||
            a == QHostAddress::AnyIPv6)
            continue;
        QHostAddress plain = a;
        plain.setScopeId(QString());
        bool isV4 = false;
        const quint32 v4Value = plain.toIPv4Address(&isV4);
        const QString text = isV4 ? QHostAddress(v4Value).toString() : plain.toString();
        (isV4 ? v4 : v6).append(QStringLiteral("%1/%2").arg(text).arg(port));
    }
    QStringList out = v4 + v6;
    out.removeDuplicates();
    return out.mid(0, World::MaxEndpointsPerRoot);
}

} // namespace

void EngineService::setUpRootRole()
{
    // Members of this controller's networks may be relayed for (plus this node and the roots).
    NetworkController *controller = m_controller.get();
    m_node->setRootMemberPolicy([controller](Address a) { return controller->isAuthorizedMember(a); });
    if (m_node->isServingRoot()) {
        qCInfo(lcEngine).noquote() << "serving as root of" << m_node->rootService().servedWorlds().size()
                                   << "world(s) named by the planet or moons in use;"
                                   << (m_options.openRoot ? "open root: relaying for anyone"
                                                          : "relaying for members of these networks only");
    }
}

PrivateRootInfo EngineService::currentPrivateRoot()
{
    PrivateRootInfo info;
    info.openRoot = m_options.openRoot;
    info.planetFromCommandLine = !m_options.planetFile.isEmpty();
    info.installedPath = QDir(m_options.dataDir).filePath(QStringLiteral("planet"));
    info.planetPath = m_options.planetFile.isEmpty() ? info.installedPath : m_options.planetFile;
    if (m_node) {
        info.serving = m_node->isServingRoot();
        info.peers = m_node->peerCount();
        info.counters = m_node->rootCounters();
    }
    World own;
    if (m_database && m_database->isOpen()) {
        if (auto stored = OwnWorldMaker::current(*m_database, World::Type::Planet))
            own = *stored;
    }
    if (!own.isNull()) {
        info.planetId = own.id();
        info.planetTimestamp = own.timestamp();
        for (const World::Root &root : own.roots()) {
            if (root.identity.address() != m_identity.address())
                continue;
            for (const InetAddress &e : root.stableEndpoints)
                info.endpoints.append(e.toString());
        }
    } else {
        info.endpoints = suggestedEndpoints(m_node ? m_node->localPort() : m_options.udpPort);
        info.endpointsSuggested = true;
    }
    return info;
}

void EngineService::requestPrivateRoot()
{
    if (!checkRunning())
        return;
    emit privateRootChanged(currentPrivateRoot());
}

void EngineService::makePrivatePlanet(const QStringList &endpointTexts, const QString &savePath)
{
    if (!checkRunning())
        return;
    if (m_standby)
        return emit requestFailed(tr("This instance is standing by; make the planet on the active one."));
    const auto endpoints = OwnWorldMaker::parseEndpoints(endpointTexts);
    if (!endpoints)
        return emit requestFailed(endpoints.error().message);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    auto world = OwnWorldMaker::make(*m_database, m_identity, World::Type::Planet, *endpoints, now);
    if (!world)
        return emit requestFailed(tr("Cannot make the planet: %1").arg(world.error().message));
    // Stored first: if a file cannot be written, the next attempt still makes a newer version.
    const QString installed = QDir(m_options.dataDir).filePath(QStringLiteral("planet"));
    if (Status written = OwnWorldMaker::writeFile(*world, installed); !written)
        return emit requestFailed(written.error().message);
    if (!savePath.isEmpty() && QDir::cleanPath(savePath) != QDir::cleanPath(installed)) {
        if (Status saved = OwnWorldMaker::writeFile(*world, savePath); !saved)
            return emit requestFailed(saved.error().message);
    }
    // Served at once when the data-dir planet is the one in use, or the planet in use is an older
    // version of this one (--planet naming our own file).
    if (m_options.planetFile.isEmpty() || m_node->planet().id() == world->id()) {
        m_node->setWorlds(*world, m_node->moons());
        setUpRootRole();
    } else {
        qCInfo(lcEngine).noquote() << "planet" << world->idString() << "installed in" << installed
                                   << "— used from the next start without --planet";
    }
    qCInfo(lcEngine).noquote() << "made planet" << world->idString() << "timestamp" << world->timestamp() << "with"
                               << world->roots().size() << "root(s)";
    emit ownPlanetWritten(savePath, installed, world->id(), world->timestamp());
    emit privateRootChanged(currentPrivateRoot());
}

} // namespace tier
