// SPDX-License-Identifier: GPL-3.0-or-later
#include "zerotierhomereader.h"

#include "core/controller/controllerjson.h"
#include "core/migrate/identityfiles.h"
#include "core/migrate/importrows.h"
#include "core/migrate/planchecks.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QRegularExpression>
#include <QSet>

#include <optional>

namespace tier {

namespace {

Result<QJsonObject> readObject(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot read it: %1").arg(file.errorString()));
    if (file.size() > ZeroTierHomeReader::MaxJsonFileSize)
        return makeError(ErrorCode::TooLarge,
                         QStringLiteral("larger than %1 bytes").arg(ZeroTierHomeReader::MaxJsonFileSize));
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError)
        return makeError(ErrorCode::Malformed,
                         QStringLiteral("not valid JSON (%1 at byte %2)").arg(error.errorString()).arg(error.offset));
    if (!doc.isObject())
        return makeError(ErrorCode::Malformed, QStringLiteral("not a JSON object"));
    return doc.object();
}

/// The stored fields NetworkSettings does not carry (SSO, which Tiermaster keeps but does not use).
Status readNetworkExtras(const QJsonObject &o, NetworkRecord &extra)
{
    if (o.contains(QStringLiteral("ssoEnabled"))) {
        auto sso = ControllerJson::toBool(o.value(QStringLiteral("ssoEnabled")), QStringLiteral("ssoEnabled"));
        if (!sso)
            return sso.error();
        extra.ssoEnabled = *sso;
    }
    extra.ssoClientId = o.value(QStringLiteral("clientId")).toString();
    extra.ssoAuthorizationEndpoint = o.value(QStringLiteral("authorizationEndpoint")).toString();
    return Ok{};
}

/// Top-level fields of §8.1/§8.2 objects (stored or computed); anything else is another version's and is
/// reported as left out rather than silently ignored.
const QSet<QString> &knownNetworkFields()
{
    static const QSet<QString> fields{
        QStringLiteral("id"),
        QStringLiteral("nwid"),
        QStringLiteral("objtype"),
        QStringLiteral("name"),
        QStringLiteral("description"), // Tiermaster's own exports
        QStringLiteral("private"),
        QStringLiteral("creationTime"),
        QStringLiteral("revision"),
        QStringLiteral("enableBroadcast"),
        QStringLiteral("multicastLimit"),
        QStringLiteral("mtu"),
        QStringLiteral("v4AssignMode"),
        QStringLiteral("v6AssignMode"),
        QStringLiteral("routes"),
        QStringLiteral("ipAssignmentPools"),
        QStringLiteral("rules"),
        QStringLiteral("rulesSource"),
        QStringLiteral("capabilities"),
        QStringLiteral("tags"),
        QStringLiteral("authTokens"),
        QStringLiteral("remoteTraceTarget"),
        QStringLiteral("remoteTraceLevel"),
        QStringLiteral("dns"),
        QStringLiteral("ssoEnabled"),
        QStringLiteral("clientId"),
        QStringLiteral("authorizationEndpoint"),
        QStringLiteral("certificateTimeoutWindowSize"),
        QStringLiteral("clock"),
        QStringLiteral("authorizedMemberCount"),
        QStringLiteral("activeMemberCount"),
        QStringLiteral("totalMemberCount"),
        QStringLiteral("lastModified"),
    };
    return fields;
}

const QSet<QString> &knownMemberFields()
{
    static const QSet<QString> fields{
        QStringLiteral("id"),
        QStringLiteral("address"),
        QStringLiteral("nwid"),
        QStringLiteral("objtype"),
        QStringLiteral("identity"),
        QStringLiteral("authorized"),
        QStringLiteral("activeBridge"),
        QStringLiteral("noAutoAssignIps"),
        QStringLiteral("ipAssignments"),
        QStringLiteral("tags"),
        QStringLiteral("capabilities"),
        QStringLiteral("name"),
        QStringLiteral("description"),
        QStringLiteral("creationTime"),
        QStringLiteral("revision"),
        QStringLiteral("lastAuthorizedTime"),
        QStringLiteral("lastDeauthorizedTime"),
        QStringLiteral("lastAuthorizedCredentialType"),
        QStringLiteral("lastAuthorizedCredential"),
        QStringLiteral("authenticationExpiryTime"),
        QStringLiteral("ssoExempt"),
        QStringLiteral("vMajor"),
        QStringLiteral("vMinor"),
        QStringLiteral("vRev"),
        QStringLiteral("vProto"),
        QStringLiteral("remoteTraceTarget"),
        QStringLiteral("remoteTraceLevel"),
        QStringLiteral("clock"),
        QStringLiteral("physicalAddr"),
        QStringLiteral("recentLog"),
        QStringLiteral("lastModified"),
        QStringLiteral("lastRequestMetaData"),
        QStringLiteral("authenticationURL"),
        QStringLiteral("authenticationClientID"),
    };
    return fields;
}

void noteUnknownFields(ImportPlan &plan, const QString &path, const QJsonObject &o, const QSet<QString> &known)
{
    QStringList unknown;
    for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
        if (!known.contains(it.key()))
            unknown.append(it.key());
    }
    if (!unknown.isEmpty())
        plan.addProblem(
            path,
            QStringLiteral("field(s) %1 of another zerotier-one version cannot be used by 1.14 nodes: left out")
                .arg(unknown.join(QStringLiteral(", "))),
            false);
}

/// Member values Tiermaster keeps only at their defaults (SSO exemption, per-member remote trace): a record
/// that sets them is imported without them, and the dry run says so.
void noteUncarriedMemberValues(ImportPlan &plan, const QString &path, const QJsonObject &o)
{
    QStringList lost;
    if (o.value(QStringLiteral("ssoExempt")).toBool(false))
        lost.append(QStringLiteral("ssoExempt:true"));
    const QJsonValue traceTarget = o.value(QStringLiteral("remoteTraceTarget"));
    if (traceTarget.isString() && !traceTarget.toString().isEmpty())
        lost.append(QStringLiteral("remoteTraceTarget:\"%1\"").arg(traceTarget.toString()));
    const QJsonValue traceLevel = o.value(QStringLiteral("remoteTraceLevel"));
    if (traceLevel.isDouble() && traceLevel.toDouble() != 0)
        lost.append(QStringLiteral("remoteTraceLevel:%1").arg(traceLevel.toDouble()));
    if (!lost.isEmpty())
        plan.addProblem(path,
                        QStringLiteral("%1 cannot be carried over (Tiermaster keeps these member settings at their "
                                       "defaults): left out")
                            .arg(lost.join(QStringLiteral(", "))),
                        false);
}

struct NetworkEntry
{
    quint64 id = 0;
    ImportedNetwork imported;
    NetworkSettings settings;
    QStringList memberSources;
};

/// One controller.d/network/<id>.json, checked; nullopt after adding the problem to the plan.
std::optional<NetworkEntry> readNetworkFile(ImportPlan &plan, const QFileInfo &entry)
{
    const QString name = entry.fileName();
    const quint64 fileId = *networkIdFromString(name.left(16));
    Result<QJsonObject> object = readObject(entry.filePath());
    if (!object) {
        plan.addProblem(entry.filePath(), object.error().message);
        return std::nullopt;
    }
    Result<NetworkDetails> details = ControllerJson::networkFromJson(*object);
    if (!details) {
        plan.addProblem(entry.filePath(), details.error().message);
        return std::nullopt;
    }
    if (details->id != fileId) {
        plan.addProblem(entry.filePath(), QStringLiteral("holds network %1, but the file is named for %2")
                                              .arg(networkIdToString(details->id), networkIdToString(fileId)));
        return std::nullopt;
    }
    NetworkRecord extra;
    if (Status extras = readNetworkExtras(*object, extra); !extras) {
        plan.addProblem(entry.filePath(), extras.error().message);
        return std::nullopt;
    }
    noteUnknownFields(plan, entry.filePath(), *object, knownNetworkFields());
    PlanChecks::checkNetwork(plan, details->id, details->settings, entry.filePath());
    NetworkEntry net;
    net.id = details->id;
    net.settings = details->settings;
    net.imported.network = ImportRows::networkRow(*details, extra);
    net.imported.source = entry.filePath();
    return net;
}

/// One controller.d/network/<id>/member/<address>.json of networkId, checked; nullopt after adding
/// the problem to the plan.
std::optional<MemberRow> readMemberFile(ImportPlan &plan, const QFileInfo &entry, quint64 networkId)
{
    const QString name = entry.fileName();
    Result<QJsonObject> object = readObject(entry.filePath());
    if (!object) {
        plan.addProblem(entry.filePath(), object.error().message);
        return std::nullopt;
    }
    QJsonObject o = *object;
    if (!o.contains(QStringLiteral("nwid")))
        o.insert(QStringLiteral("nwid"), networkIdToString(networkId));
    if (!o.contains(QStringLiteral("id")) && !o.contains(QStringLiteral("address")))
        o.insert(QStringLiteral("id"), name.left(10));
    Result<MemberInfo> member = ControllerJson::memberFromJson(o);
    if (!member) {
        plan.addProblem(entry.filePath(), member.error().message);
        return std::nullopt;
    }
    const Address fileAddress = *Address::fromString(name.left(10));
    if (member->networkId != networkId) {
        plan.addProblem(entry.filePath(), QStringLiteral("holds a member of network %1, but lies in the folder "
                                                         "of %2")
                                              .arg(networkIdToString(member->networkId), networkIdToString(networkId)));
        return std::nullopt;
    }
    if (member->address != fileAddress) {
        plan.addProblem(entry.filePath(), QStringLiteral("holds member %1, but the file is named for %2")
                                              .arg(member->address.toString(), fileAddress.toString()));
        return std::nullopt;
    }
    if (member->address.isReserved()) {
        plan.addProblem(entry.filePath(),
                        QStringLiteral("%1 is a reserved address, never a member").arg(member->address.toString()));
        return std::nullopt;
    }
    noteUnknownFields(plan, entry.filePath(), *object, knownMemberFields());
    noteUncarriedMemberValues(plan, entry.filePath(), *object);
    return ImportRows::memberRow(*member);
}

} // namespace

ImportPlan ZeroTierHomeReader::read(const QString &homeFolder)
{
    ImportPlan plan;
    plan.kind = ImportPlan::SourceKind::ZeroTierHome;
    plan.sourcePath = QDir::cleanPath(QFileInfo(homeFolder).absoluteFilePath());
    const QDir home(plan.sourcePath);
    if (!home.exists()) {
        plan.addProblem(plan.sourcePath, QStringLiteral("no such folder"));
        return plan;
    }
    IdentityFiles::readInto(plan.sourcePath, plan);

    const QDir controllerDir(home.filePath(QStringLiteral("controller.d")));
    if (!controllerDir.exists()) {
        plan.addProblem(controllerDir.path(),
                        QStringLiteral("missing: this zerotier-one home holds no controller data (controller.d)"));
        return plan;
    }
    for (const QFileInfo &entry :
         controllerDir.entryInfoList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDir::Name)) {
        if (entry.fileName() != QLatin1String("network"))
            plan.addProblem(entry.filePath(), QStringLiteral("not controller data (only network/ is imported)"), false);
    }
    const QDir networkDir(controllerDir.filePath(QStringLiteral("network")));
    if (!networkDir.exists())
        return plan; // a controller that never had a network: just the identity

    static const QRegularExpression networkFile(QStringLiteral("^[0-9a-fA-F]{16}\\.json$"));
    static const QRegularExpression networkFolder(QStringLiteral("^[0-9a-fA-F]{16}$"));
    static const QRegularExpression memberFile(QStringLiteral("^[0-9a-fA-F]{10}\\.json$"));

    QMap<quint64, NetworkEntry> networks;
    QList<QFileInfo> memberFolders;
    for (const QFileInfo &entry :
         networkDir.entryInfoList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDir::Name)) {
        const QString name = entry.fileName();
        if (entry.isDir() && networkFolder.match(name).hasMatch()) {
            memberFolders.append(entry);
            continue;
        }
        if (!entry.isFile() || !networkFile.match(name).hasMatch()) {
            plan.addProblem(entry.filePath(), QStringLiteral("not a network file (<16 hex digits>.json): ignored"),
                            false);
            continue;
        }
        if (std::optional<NetworkEntry> net = readNetworkFile(plan, entry))
            networks.insert(net->id, *net);
    }

    for (const QFileInfo &folder : std::as_const(memberFolders)) {
        const quint64 networkId = *networkIdFromString(folder.fileName());
        auto net = networks.find(networkId);
        const QDir dir(folder.filePath());
        for (const QFileInfo &entry : dir.entryInfoList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)) {
            if (entry.fileName() != QLatin1String("member"))
                plan.addProblem(entry.filePath(), QStringLiteral("not member data: ignored"), false);
        }
        const QDir memberDir(dir.filePath(QStringLiteral("member")));
        const QList<QFileInfo> entries =
            memberDir.entryInfoList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDir::Name);
        for (const QFileInfo &entry : entries) {
            const QString name = entry.fileName();
            if (!entry.isFile() || !memberFile.match(name).hasMatch()) {
                plan.addProblem(entry.filePath(), QStringLiteral("not a member file (<10 hex digits>.json): ignored"),
                                false);
                continue;
            }
            if (net == networks.end()) {
                // Refused rather than dropped: a member whose network file is missing or broken means the tree
                // is not what the controller served.
                plan.addProblem(entry.filePath(),
                                QStringLiteral("member of network %1, which has no readable network file")
                                    .arg(networkIdToString(networkId)));
                continue;
            }
            if (std::optional<MemberRow> row = readMemberFile(plan, entry, networkId)) {
                net->imported.members.append(*row);
                net->memberSources.append(entry.filePath());
            }
        }
    }

    QList<QList<MemberRow> *> memberLists;
    QList<QStringList *> sourceLists;
    for (NetworkEntry &net : networks) {
        memberLists.append(&net.imported.members);
        sourceLists.append(&net.memberSources);
    }
    PlanChecks::filterMemberIdentities(plan, memberLists, sourceLists);
    QList<PlanChecks::PlanNetwork> checked;
    for (NetworkEntry &net : networks) {
        PlanChecks::checkMemberIps(plan, net.imported.members, net.memberSources, net.settings);
        plan.networks.append(net.imported);
        checked.append({net.id, net.settings, net.imported.source});
    }
    PlanChecks::checkPoolsAcrossNetworks(plan, checked);
    return plan;
}

} // namespace tier
