// SPDX-License-Identifier: GPL-3.0-or-later
#include "legacycontrollerreader.h"

#include "core/migrate/identityfiles.h"
#include "core/migrate/importrows.h"
#include "core/migrate/planchecks.h"

#include <QAtomicInteger>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QVariant>

namespace tier {

namespace {

QAtomicInteger<quint32> g_connectionCounter;

/// A read-only connection to the old database, removed again when done.
class LegacyConnection final
{
public:
    explicit LegacyConnection(const QString &path)
        : m_name(QStringLiteral("tiermaster-legacy-%1").arg(g_connectionCounter.fetchAndAddRelaxed(1)))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        m_open = db.open();
        if (!m_open)
            m_error = db.lastError().text();
    }
    ~LegacyConnection()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    Q_DISABLE_COPY_MOVE(LegacyConnection)

    bool isOpen() const { return m_open; }
    QString error() const { return m_error; }
    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }

    QStringList tables() const { return db().tables(); }
    bool hasColumn(const QString &table, const QString &column) const
    {
        return db().record(table).indexOf(column) >= 0;
    }

private:
    QString m_name;
    QString m_error;
    bool m_open = false;
};

bool isSqliteFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    return file.read(16) == QByteArray("SQLite format 3\0", 16);
}

/// 16-byte IP blob (IPv4 = 12 zero bytes + 4 address bytes) to an address.
std::optional<InetAddress> ipFromBlob(const QVariant &value, int ipVersion, quint16 bits = 0)
{
    const QByteArray blob = value.toByteArray();
    if (blob.size() != 16)
        return std::nullopt;
    if (ipVersion == 4)
        return InetAddress::fromIpBytes(QByteArrayView(blob).sliced(12), bits);
    if (ipVersion == 6)
        return InetAddress::fromIpBytes(blob, bits);
    return std::nullopt;
}

QString rowName(const QString &table, const QString &key)
{
    return QStringLiteral("table %1 (%2)").arg(table, key);
}

QJsonObject action(const QString &type)
{
    return QJsonObject{{QStringLiteral("type"), type}, {QStringLiteral("not"), false}, {QStringLiteral("or"), false}};
}

struct LegacyNetwork
{
    NetworkDetails details;
    NetworkRecord extra;
    QString source;
    QList<MemberRow> members;
    QStringList memberSources;
};

} // namespace

bool LegacyControllerReader::looksLikeLegacyDatabase(const QString &file)
{
    if (!isSqliteFile(file))
        return false;
    LegacyConnection connection(file);
    if (!connection.isOpen())
        return false;
    const QStringList tables = connection.tables();
    return tables.contains(QStringLiteral("Config")) && tables.contains(QStringLiteral("Network")) &&
           tables.contains(QStringLiteral("Member"));
}

ImportPlan LegacyControllerReader::read(const QString &databaseFile)
{
    ImportPlan plan;
    plan.kind = ImportPlan::SourceKind::LegacyDatabase;
    const QFileInfo info(databaseFile);
    plan.sourcePath = info.absoluteFilePath();
    const QString file = plan.sourcePath;
    if (!info.isFile()) {
        plan.addProblem(file, QStringLiteral("no such file"));
        return plan;
    }
    if (!isSqliteFile(file)) {
        plan.addProblem(file, QStringLiteral("not an SQLite database"));
        return plan;
    }
    IdentityFiles::readInto(info.absolutePath(), plan);

    LegacyConnection connection(file);
    if (!connection.isOpen()) {
        plan.addProblem(file, QStringLiteral("cannot open it: %1").arg(connection.error()));
        return plan;
    }
    const QStringList tables = connection.tables();
    if (tables.contains(QStringLiteral("schema_migrations"))) {
        plan.addProblem(file, QStringLiteral("this is a Tiermaster database already: use File → Restore backup "
                                             "instead of an import"));
        return plan;
    }
    for (const char *required : {"Config", "Network", "Member", "Node", "IpAssignment", "IpAssignmentPool"}) {
        if (!tables.contains(QLatin1String(required))) {
            plan.addProblem(file, QStringLiteral("not a ZeroTier 1.0/1.1 controller database (no table %1)")
                                      .arg(QLatin1String(required)));
            return plan;
        }
    }

    QSqlDatabase db = connection.db();
    auto query = [&](const QString &sql) -> std::optional<QSqlQuery> {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (!q.exec(sql)) {
            plan.addProblem(file, QStringLiteral("cannot read it (%1): %2").arg(sql, q.lastError().text()));
            return std::nullopt;
        }
        return q;
    };

    int schemaVersion = 0;
    if (auto q = query(QStringLiteral("SELECT v FROM Config WHERE k = 'schemaVersion'")); !q) {
        return plan;
    } else if (q->next()) {
        schemaVersion = q->value(0).toInt();
    }
    if (schemaVersion < 1 || schemaVersion > 4) {
        plan.addProblem(
            rowName(QStringLiteral("Config"), QStringLiteral("schemaVersion")),
            QStringLiteral("schema version %1 is not one of the 2015–2016 versions 1–4").arg(schemaVersion));
        return plan;
    }
    const bool hasRouteTable = tables.contains(QStringLiteral("Route"));
    const bool hasNetworkFlags = connection.hasColumn(QStringLiteral("Network"), QStringLiteral("flags"));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();

    // Networks.
    QMap<quint64, LegacyNetwork> networks;
    {
        const QString sql =
            QStringLiteral(
                "SELECT id, name, private, enableBroadcast, allowPassiveBridging, v4AssignMode, v6AssignMode, "
                "multicastLimit, creationTime, revision%1 FROM Network ORDER BY id")
                .arg(hasNetworkFlags ? QStringLiteral(", flags") : QString());
        auto q = query(sql);
        if (!q)
            return plan;
        while (q->next()) {
            const QString idText = q->value(0).toString();
            const QString source = rowName(QStringLiteral("Network"), idText);
            const auto id = networkIdFromString(idText);
            if (!id || idText.size() != 16) {
                plan.addProblem(source, QStringLiteral("\"%1\" is not a network ID (16 hex digits)").arg(idText));
                continue;
            }
            LegacyNetwork net;
            net.source = source;
            net.details.id = *id;
            net.details.creationTime = q->value(8).toLongLong();
            if (net.details.creationTime <= 0)
                net.details.creationTime = now;
            net.details.revision = quint64(qMax<qint64>(0, q->value(9).toLongLong()));
            NetworkSettings &s = net.details.settings;
            s.name = q->value(1).toString();
            s.isPrivate = q->value(2).toInt() != 0;
            s.enableBroadcast = q->value(3).toInt() != 0;
            s.multicastLimit = q->value(7).toInt();
            if (q->value(4).toInt() != 0)
                plan.addProblem(source,
                                QStringLiteral("passive bridging by any member cannot be used by 1.14 nodes: "
                                               "left out (mark bridges as active bridges)"),
                                false);
            const QString v4 = q->value(5).toString().trimmed().toLower();
            const QStringList v6 = q->value(6).toString().toLower().split(u',', Qt::SkipEmptyParts);
            if (hasNetworkFlags && schemaVersion >= 3) {
                const int flags = q->value(10).toInt();
                s.v4AssignZt = (flags & 1) != 0;
                s.v6AssignRfc4193 = (flags & 2) != 0;
                s.v6Assign6plane = (flags & 4) != 0;
            } else {
                s.v4AssignZt = v4 == QLatin1String("zt");
                if (v4 == QLatin1String("dhcp"))
                    plan.addProblem(source, QStringLiteral("IPv4 assign mode dhcp does not exist any more: left out"),
                                    false);
                for (const QString &mode : v6) {
                    const QString m = mode.trimmed();
                    if (m == QLatin1String("rfc4193"))
                        s.v6AssignRfc4193 = true;
                    else if (m == QLatin1String("6plane"))
                        s.v6Assign6plane = true;
                    else if (m == QLatin1String("zt"))
                        s.v6AssignZt = true;
                    else if (m != QLatin1String("none"))
                        plan.addProblem(source, QStringLiteral("IPv6 assign mode \"%1\" is unknown: left out").arg(m),
                                        false);
                }
            }
            networks.insert(*id, net);
        }
    }

    // Routes: the Route table from v3 on, before that network-wide IpAssignment rows of type 1 ("local routes").
    if (hasRouteTable) {
        auto q = query(QStringLiteral("SELECT networkId, target, via, targetNetmaskBits, ipVersion, flags, metric "
                                      "FROM Route ORDER BY rowid"));
        if (!q)
            return plan;
        while (q->next()) {
            const auto id = networkIdFromString(q->value(0).toString());
            const QString source = rowName(QStringLiteral("Route"), q->value(0).toString());
            auto net = id ? networks.find(*id) : networks.end();
            if (net == networks.end()) {
                plan.addProblem(source, QStringLiteral("route of an unknown network"));
                continue;
            }
            const int version = q->value(4).toInt();
            const auto target = ipFromBlob(q->value(1), version, quint16(q->value(3).toInt()));
            if (!target) {
                plan.addProblem(source, QStringLiteral("the route target is not a 16-byte IPv%1 address").arg(version));
                continue;
            }
            NetworkConfig::Route route;
            route.target = *target;
            if (!q->value(2).isNull()) {
                const auto via = ipFromBlob(q->value(2), version);
                if (!via) {
                    plan.addProblem(source, QStringLiteral("the route gateway is not a 16-byte address"));
                    continue;
                }
                route.via = *via;
            }
            route.flags = quint16(q->value(5).toInt());
            route.metric = quint16(q->value(6).toInt());
            net->details.settings.routes.append(route);
        }
    }
    QMap<QPair<quint64, quint64>, QStringList> memberIps;
    {
        auto q = query(QStringLiteral("SELECT networkId, nodeId, type, ip, ipNetmaskBits, ipVersion FROM IpAssignment "
                                      "ORDER BY rowid"));
        if (!q)
            return plan;
        while (q->next()) {
            const auto id = networkIdFromString(q->value(0).toString());
            const QString node = q->value(1).toString();
            const QString source = rowName(QStringLiteral("IpAssignment"),
                                           q->value(0).toString() + (node.isEmpty() ? QString() : u' ' + node));
            auto net = id ? networks.find(*id) : networks.end();
            if (net == networks.end()) {
                plan.addProblem(source, QStringLiteral("IP assignment of an unknown network"));
                continue;
            }
            const int type = q->value(2).toInt();
            const int version = q->value(5).toInt();
            const auto ip = ipFromBlob(q->value(3), version, quint16(q->value(4).toInt()));
            if (!ip) {
                plan.addProblem(source, QStringLiteral("the address is not a 16-byte IPv%1 address").arg(version));
                continue;
            }
            if (q->value(1).isNull() || node.isEmpty()) {
                if (type == 1 && !hasRouteTable) {
                    NetworkConfig::Route route;
                    route.target = *ip;
                    net->details.settings.routes.append(route);
                } else {
                    plan.addProblem(
                        source, QStringLiteral("a network-wide address that is not a local route: left out"), false);
                }
                continue;
            }
            const auto address = Address::fromString(node);
            if (!address) {
                plan.addProblem(source, QStringLiteral("\"%1\" is not a node address").arg(node));
                continue;
            }
            if (type != 0) {
                plan.addProblem(source, QStringLiteral("a per-member local route cannot be expressed: left out"),
                                false);
                continue;
            }
            memberIps[{*id, address->toInt()}].append(ip->toIpString());
        }
    }
    {
        auto q = query(QStringLiteral("SELECT networkId, ipRangeStart, ipRangeEnd, ipVersion FROM IpAssignmentPool "
                                      "ORDER BY rowid"));
        if (!q)
            return plan;
        while (q->next()) {
            const auto id = networkIdFromString(q->value(0).toString());
            const QString source = rowName(QStringLiteral("IpAssignmentPool"), q->value(0).toString());
            auto net = id ? networks.find(*id) : networks.end();
            if (net == networks.end()) {
                plan.addProblem(source, QStringLiteral("pool of an unknown network"));
                continue;
            }
            const int version = q->value(3).toInt();
            const auto start = ipFromBlob(q->value(1), version);
            const auto end = ipFromBlob(q->value(2), version);
            if (!start || !end) {
                plan.addProblem(source, QStringLiteral("the pool's ends are not 16-byte IPv%1 addresses").arg(version));
                continue;
            }
            net->details.settings.pools.append(IpPool{*start, *end});
        }
    }
    if (tables.contains(QStringLiteral("Gateway"))) {
        if (auto q = query(QStringLiteral("SELECT networkId FROM Gateway"))) {
            while (q->next())
                plan.addProblem(rowName(QStringLiteral("Gateway"), q->value(0).toString()),
                                QStringLiteral("gateways of 1.0.x cannot be used by 1.14 nodes: left out (add a route "
                                               "with a gateway instead)"),
                                false);
        }
    }
    if (tables.contains(QStringLiteral("Relay"))) {
        if (auto q = query(QStringLiteral("SELECT networkId, address FROM Relay"))) {
            while (q->next())
                plan.addProblem(
                    rowName(QStringLiteral("Relay"), q->value(0).toString() + u' ' + q->value(1).toString()),
                    QStringLiteral("per-network relays cannot be used by 1.14 nodes: left out"), false);
        }
    }
    if (tables.contains(QStringLiteral("AuthToken"))) {
        QMap<quint64, QJsonObject> tokens;
        if (auto q = query(QStringLiteral("SELECT networkId, token, expiresAt, maxUses FROM AuthToken ORDER BY id"))) {
            while (q->next()) {
                const auto id = networkIdFromString(q->value(0).toString());
                const QString source = rowName(QStringLiteral("AuthToken"), q->value(0).toString());
                if (!id || !networks.contains(*id)) {
                    plan.addProblem(source, QStringLiteral("token of an unknown network"));
                    continue;
                }
                tokens[*id].insert(q->value(1).toString(), double(qMax<qint64>(0, q->value(2).toLongLong())));
                if (q->value(3).toLongLong() > 0)
                    plan.addProblem(source,
                                    QStringLiteral("the token's use limit cannot be expressed: the token is "
                                                   "kept without it"),
                                    false);
            }
        }
        for (auto it = tokens.cbegin(); it != tokens.cend(); ++it)
            networks[it.key()].details.settings.authTokensJson =
                QString::fromUtf8(QJsonDocument(it.value()).toJson(QJsonDocument::Compact));
    }

    // Rules: only etherType with accept/drop was ever enforced (§10.3).
    if (tables.contains(QStringLiteral("Rule"))) {
        QMap<quint64, QJsonArray> rules;
        QMap<quint64, bool> hasRules;
        // The match columns that were never enforced differ between versions: read whichever exist.
        QStringList extraColumns;
        for (const char *column : {"nodeId", "sourcePort", "destPort", "vlanId", "vlanPcp", "macSource", "macDest",
                                   "ipSource", "ipDest", "ipTos", "ipProtocol", "ipSourcePort", "ipDestPort"}) {
            if (connection.hasColumn(QStringLiteral("Rule"), QLatin1String(column)))
                extraColumns.append(QLatin1String(column));
        }
        const QString select =
            QStringLiteral("SELECT networkId, ruleNo, etherType, \"action\"%1 FROM Rule ORDER BY "
                           "networkId, ruleNo")
                .arg(extraColumns.isEmpty() ? QString() : QStringLiteral(", ") + extraColumns.join(u", "));
        if (auto q = query(select)) {
            while (q->next()) {
                const auto id = networkIdFromString(q->value(0).toString());
                const QString source =
                    rowName(QStringLiteral("Rule"), q->value(0).toString() + u' ' + q->value(1).toString());
                if (!id || !networks.contains(*id)) {
                    plan.addProblem(source, QStringLiteral("rule of an unknown network"));
                    continue;
                }
                hasRules[*id] = true;
                const QString verb = q->value(3).toString().trimmed().toLower();
                if (verb != QLatin1String("accept") && verb != QLatin1String("drop")) {
                    plan.addProblem(source, QStringLiteral("action \"%1\" was never enforced: rule left out").arg(verb),
                                    false);
                    continue;
                }
                bool otherFields = false;
                for (int column = 4; column < 4 + extraColumns.size(); ++column)
                    otherFields = otherFields || !q->value(column).isNull();
                if (otherFields)
                    plan.addProblem(
                        source, QStringLiteral("only the rule's etherType was enforced: its other fields are left out"),
                        false);
                const QString type =
                    verb == QLatin1String("accept") ? QStringLiteral("ACTION_ACCEPT") : QStringLiteral("ACTION_DROP");
                if (!q->value(2).isNull()) {
                    QJsonObject match = action(QStringLiteral("MATCH_ETHERTYPE"));
                    match.insert(QStringLiteral("etherType"), q->value(2).toInt());
                    rules[*id].append(match);
                }
                rules[*id].append(action(type));
            }
        }
        for (auto it = hasRules.cbegin(); it != hasRules.cend(); ++it) {
            QJsonArray array = rules.value(it.key());
            // The old controller let through only what a rule accepted.
            const QJsonObject last = array.isEmpty() ? QJsonObject() : array.last().toObject();
            const bool endsUnconditionally =
                !array.isEmpty() &&
                last.value(QStringLiteral("type")).toString().startsWith(QLatin1String("ACTION_")) &&
                (array.size() == 1 || !array.at(array.size() - 2)
                                           .toObject()
                                           .value(QStringLiteral("type"))
                                           .toString()
                                           .startsWith(QLatin1String("MATCH_")));
            if (!endsUnconditionally)
                array.append(action(QStringLiteral("ACTION_DROP")));
            networks[it.key()].details.settings.rulesJson =
                QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
        }
    }

    // Members, with the identity each node presented.
    {
        auto q = query(QStringLiteral("SELECT m.networkId, m.nodeId, m.authorized, m.activeBridge, m.memberRevision, "
                                      "n.identity FROM Member m LEFT JOIN Node n ON n.id = m.nodeId "
                                      "ORDER BY m.networkId, m.nodeId"));
        if (!q)
            return plan;
        while (q->next()) {
            const QString nwid = q->value(0).toString();
            const QString node = q->value(1).toString();
            const QString source = rowName(QStringLiteral("Member"), nwid + u' ' + node);
            const auto id = networkIdFromString(nwid);
            auto net = id ? networks.find(*id) : networks.end();
            if (net == networks.end()) {
                plan.addProblem(source, QStringLiteral("member of unknown network %1").arg(nwid));
                continue;
            }
            const auto address = Address::fromString(node);
            if (!address || node.size() != 10 || address->isReserved()) {
                plan.addProblem(source, QStringLiteral("\"%1\" is not a node address").arg(node));
                continue;
            }
            MemberRow row;
            row.networkId = *id;
            row.address = *address;
            row.authorized = q->value(2).toInt() != 0;
            row.activeBridge = q->value(3).toInt() != 0;
            row.revision = quint64(qMax<qint64>(0, q->value(4).toLongLong()));
            row.identity = q->value(5).toString().trimmed();
            row.creationTime = now;
            if (row.authorized)
                row.lastAuthorizedTime = now;
            row.ipAssignments = memberIps.take({*id, address->toInt()});
            net->members.append(row);
            net->memberSources.append(source);
        }
    }
    for (auto it = memberIps.cbegin(); it != memberIps.cend(); ++it)
        plan.addProblem(rowName(QStringLiteral("IpAssignment"),
                                networkIdToString(it.key().first) + u' ' + Address(it.key().second).toString()),
                        QStringLiteral("address of a node that is not a member: left out"), false);

    QList<QList<MemberRow> *> memberLists;
    QList<QStringList *> sourceLists;
    for (LegacyNetwork &net : networks) {
        memberLists.append(&net.members);
        sourceLists.append(&net.memberSources);
    }
    PlanChecks::filterMemberIdentities(plan, memberLists, sourceLists);
    for (LegacyNetwork &net : networks) {
        PlanChecks::checkNetwork(plan, net.details.id, net.details.settings, net.source);
        PlanChecks::checkMemberIps(plan, net.members, net.memberSources, net.details.settings);
        ImportedNetwork imported;
        imported.network = ImportRows::networkRow(net.details, net.extra);
        imported.members = net.members;
        imported.source = net.source;
        plan.networks.append(imported);
    }
    return plan;
}

} // namespace tier
