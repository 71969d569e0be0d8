// SPDX-License-Identifier: GPL-3.0-or-later
#include "legacycontrollerreader.h"

#include "core/migrate/identityfiles.h"
#include "core/migrate/importrows.h"
#include "core/migrate/planchecks.h"
#include "core/store/sqlitesnapshot.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QVariant>

namespace tier {

namespace {

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

bool hasColumn(const SqliteSnapshot &db, const QString &table, const QString &column)
{
    return db.connection().record(table).indexOf(column) >= 0;
}

/// The old rules let through only what a rule accepted: a list that does not end with an
/// unconditional action gets a closing ACTION_DROP.
QJsonArray closeRules(QJsonArray array)
{
    const QJsonObject last = array.isEmpty() ? QJsonObject() : array.last().toObject();
    const bool endsUnconditionally =
        !array.isEmpty() && last.value(QStringLiteral("type")).toString().startsWith(QLatin1String("ACTION_")) &&
        (array.size() == 1 || !array.at(array.size() - 2)
                                   .toObject()
                                   .value(QStringLiteral("type"))
                                   .toString()
                                   .startsWith(QLatin1String("MATCH_")));
    if (!endsUnconditionally)
        array.append(action(QStringLiteral("ACTION_DROP")));
    return array;
}

/// One read of an old controller database, table by table, into an ImportPlan. Each step adds
/// its problems to the plan; a step returning false could not read its table (the plan says why)
/// and the read ends there.
class LegacyRead final
{
public:
    explicit LegacyRead(const QString &databaseFile);

    ImportPlan run();

private:
    bool open();
    bool readSchemaVersion();
    bool readNetworks();
    void readAssignModes(const QSqlQuery &q, const QString &source, NetworkSettings &s);
    bool readRoutes();
    bool readIpAssignments();
    bool readPools();
    void reportUnusableTables();
    void readAuthTokens();
    void readRules();
    bool readMembers();
    void finish();

    /// The query, or nullopt after adding a problem naming the statement.
    std::optional<QSqlQuery> query(const QString &sql);
    /// The network a row of table names (by its networkId text), or networks.end().
    QMap<quint64, LegacyNetwork>::iterator networkOf(const QString &idText);

    ImportPlan m_plan;
    QFileInfo m_info;
    QString m_file;
    SqliteSnapshot m_db;
    QStringList m_tables;
    int m_schemaVersion = 0;
    qint64 m_now = QDateTime::currentMSecsSinceEpoch();
    QMap<quint64, LegacyNetwork> m_networks;
    QMap<QPair<quint64, quint64>, QStringList> m_memberIps;
};

LegacyRead::LegacyRead(const QString &databaseFile)
    : m_info(databaseFile), m_file(m_info.absoluteFilePath()), m_db(m_file, SqliteSnapshot::Mode::ReadOnly)
{
    m_plan.kind = ImportPlan::SourceKind::LegacyDatabase;
    m_plan.sourcePath = m_file;
}

ImportPlan LegacyRead::run()
{
    if (!open() || !readSchemaVersion() || !readNetworks() || !readRoutes() || !readIpAssignments() || !readPools())
        return m_plan;
    reportUnusableTables();
    readAuthTokens();
    readRules();
    if (!readMembers())
        return m_plan;
    finish();
    return m_plan;
}

std::optional<QSqlQuery> LegacyRead::query(const QString &sql)
{
    Result<QSqlQuery> q = m_db.query(sql, {}, sql);
    if (!q) {
        m_plan.addProblem(m_file, QStringLiteral("cannot read it (%1)").arg(q.error().message));
        return std::nullopt;
    }
    return std::move(*q);
}

QMap<quint64, LegacyNetwork>::iterator LegacyRead::networkOf(const QString &idText)
{
    const auto id = networkIdFromString(idText);
    return id ? m_networks.find(*id) : m_networks.end();
}

bool LegacyRead::open()
{
    if (!m_info.isFile()) {
        m_plan.addProblem(m_file, QStringLiteral("no such file"));
        return false;
    }
    if (!isSqliteFile(m_file)) {
        m_plan.addProblem(m_file, QStringLiteral("not an SQLite database"));
        return false;
    }
    IdentityFiles::readInto(m_info.absolutePath(), m_plan);
    if (Status opened = m_db.open(); !opened) {
        m_plan.addProblem(m_file, QStringLiteral("cannot open it: %1").arg(opened.error().message));
        return false;
    }
    m_tables = m_db.connection().tables();
    if (m_tables.contains(QStringLiteral("schema_migrations"))) {
        m_plan.addProblem(m_file, QStringLiteral("this is a Tiermaster database already: use File → Restore backup "
                                                 "instead of an import"));
        return false;
    }
    for (const char *required : {"Config", "Network", "Member", "Node", "IpAssignment", "IpAssignmentPool"}) {
        if (!m_tables.contains(QLatin1String(required))) {
            m_plan.addProblem(m_file, QStringLiteral("not a ZeroTier 1.0/1.1 controller database (no table %1)")
                                          .arg(QLatin1String(required)));
            return false;
        }
    }
    return true;
}

bool LegacyRead::readSchemaVersion()
{
    auto q = query(QStringLiteral("SELECT v FROM Config WHERE k = 'schemaVersion'"));
    if (!q)
        return false;
    if (q->next())
        m_schemaVersion = q->value(0).toInt();
    if (m_schemaVersion < 1 || m_schemaVersion > 4) {
        m_plan.addProblem(
            rowName(QStringLiteral("Config"), QStringLiteral("schemaVersion")),
            QStringLiteral("schema version %1 is not one of the 2015–2016 versions 1–4").arg(m_schemaVersion));
        return false;
    }
    return true;
}

bool LegacyRead::readNetworks()
{
    const bool hasFlags = hasColumn(m_db, QStringLiteral("Network"), QStringLiteral("flags"));
    auto q = query(QStringLiteral("SELECT id, name, private, enableBroadcast, allowPassiveBridging, v4AssignMode, "
                                  "v6AssignMode, multicastLimit, creationTime, revision%1 FROM Network ORDER BY id")
                       .arg(hasFlags ? QStringLiteral(", flags") : QString()));
    if (!q)
        return false;
    while (q->next()) {
        const QString idText = q->value(0).toString();
        const QString source = rowName(QStringLiteral("Network"), idText);
        const auto id = networkIdFromString(idText);
        if (!id || idText.size() != 16) {
            m_plan.addProblem(source, QStringLiteral("\"%1\" is not a network ID (16 hex digits)").arg(idText));
            continue;
        }
        LegacyNetwork net;
        net.source = source;
        net.details.id = *id;
        net.details.creationTime = q->value(8).toLongLong();
        if (net.details.creationTime <= 0)
            net.details.creationTime = m_now;
        net.details.revision = quint64(qMax<qint64>(0, q->value(9).toLongLong()));
        NetworkSettings &s = net.details.settings;
        s.name = q->value(1).toString();
        s.isPrivate = q->value(2).toInt() != 0;
        s.enableBroadcast = q->value(3).toInt() != 0;
        s.multicastLimit = q->value(7).toInt();
        if (q->value(4).toInt() != 0)
            m_plan.addProblem(source,
                              QStringLiteral("passive bridging by any member cannot be used by 1.14 nodes: "
                                             "left out (mark bridges as active bridges)"),
                              false);
        if (hasFlags && m_schemaVersion >= 3) {
            const int flags = q->value(10).toInt();
            s.v4AssignZt = (flags & 1) != 0;
            s.v6AssignRfc4193 = (flags & 2) != 0;
            s.v6Assign6plane = (flags & 4) != 0;
        } else {
            readAssignModes(*q, source, s);
        }
        m_networks.insert(*id, net);
    }
    return true;
}

void LegacyRead::readAssignModes(const QSqlQuery &q, const QString &source, NetworkSettings &s)
{
    // Before the flags column: the modes as text ("zt", "dhcp"; a comma list for IPv6).
    const QString v4 = q.value(5).toString().trimmed().toLower();
    const QStringList v6 = q.value(6).toString().toLower().split(u',', Qt::SkipEmptyParts);
    s.v4AssignZt = v4 == QLatin1String("zt");
    if (v4 == QLatin1String("dhcp"))
        m_plan.addProblem(source, QStringLiteral("IPv4 assign mode dhcp does not exist any more: left out"), false);
    for (const QString &mode : v6) {
        const QString m = mode.trimmed();
        if (m == QLatin1String("rfc4193"))
            s.v6AssignRfc4193 = true;
        else if (m == QLatin1String("6plane"))
            s.v6Assign6plane = true;
        else if (m == QLatin1String("zt"))
            s.v6AssignZt = true;
        else if (m != QLatin1String("none"))
            m_plan.addProblem(source, QStringLiteral("IPv6 assign mode \"%1\" is unknown: left out").arg(m), false);
    }
}

bool LegacyRead::readRoutes()
{
    // The Route table from v3 on; before that, network-wide IpAssignment rows of type 1 ("local
    // routes", read with the assignments).
    if (!m_tables.contains(QStringLiteral("Route")))
        return true;
    auto q = query(QStringLiteral("SELECT networkId, target, via, targetNetmaskBits, ipVersion, flags, metric "
                                  "FROM Route ORDER BY rowid"));
    if (!q)
        return false;
    while (q->next()) {
        const QString source = rowName(QStringLiteral("Route"), q->value(0).toString());
        auto net = networkOf(q->value(0).toString());
        if (net == m_networks.end()) {
            m_plan.addProblem(source, QStringLiteral("route of an unknown network"));
            continue;
        }
        const int version = q->value(4).toInt();
        const auto target = ipFromBlob(q->value(1), version, quint16(q->value(3).toInt()));
        if (!target) {
            m_plan.addProblem(source, QStringLiteral("the route target is not a 16-byte IPv%1 address").arg(version));
            continue;
        }
        NetworkConfig::Route route;
        route.target = *target;
        if (!q->value(2).isNull()) {
            const auto via = ipFromBlob(q->value(2), version);
            if (!via) {
                m_plan.addProblem(source, QStringLiteral("the route gateway is not a 16-byte address"));
                continue;
            }
            route.via = *via;
        }
        route.flags = quint16(q->value(5).toInt());
        route.metric = quint16(q->value(6).toInt());
        net->details.settings.routes.append(route);
    }
    return true;
}

bool LegacyRead::readIpAssignments()
{
    const bool hasRouteTable = m_tables.contains(QStringLiteral("Route"));
    auto q = query(QStringLiteral("SELECT networkId, nodeId, type, ip, ipNetmaskBits, ipVersion FROM IpAssignment "
                                  "ORDER BY rowid"));
    if (!q)
        return false;
    while (q->next()) {
        const QString node = q->value(1).toString();
        const QString source = rowName(QStringLiteral("IpAssignment"),
                                       q->value(0).toString() + (node.isEmpty() ? QString() : u' ' + node));
        auto net = networkOf(q->value(0).toString());
        if (net == m_networks.end()) {
            m_plan.addProblem(source, QStringLiteral("IP assignment of an unknown network"));
            continue;
        }
        const int type = q->value(2).toInt();
        const int version = q->value(5).toInt();
        const auto ip = ipFromBlob(q->value(3), version, quint16(q->value(4).toInt()));
        if (!ip) {
            m_plan.addProblem(source, QStringLiteral("the address is not a 16-byte IPv%1 address").arg(version));
            continue;
        }
        if (q->value(1).isNull() || node.isEmpty()) {
            if (type == 1 && !hasRouteTable) {
                NetworkConfig::Route route;
                route.target = *ip;
                net->details.settings.routes.append(route);
            } else {
                m_plan.addProblem(source, QStringLiteral("a network-wide address that is not a local route: left out"),
                                  false);
            }
            continue;
        }
        const auto address = Address::fromString(node);
        if (!address) {
            m_plan.addProblem(source, QStringLiteral("\"%1\" is not a node address").arg(node));
            continue;
        }
        if (type != 0) {
            m_plan.addProblem(source, QStringLiteral("a per-member local route cannot be expressed: left out"), false);
            continue;
        }
        m_memberIps[{net.key(), address->toInt()}].append(ip->toIpString());
    }
    return true;
}

bool LegacyRead::readPools()
{
    auto q = query(QStringLiteral("SELECT networkId, ipRangeStart, ipRangeEnd, ipVersion FROM IpAssignmentPool "
                                  "ORDER BY rowid"));
    if (!q)
        return false;
    while (q->next()) {
        const QString source = rowName(QStringLiteral("IpAssignmentPool"), q->value(0).toString());
        auto net = networkOf(q->value(0).toString());
        if (net == m_networks.end()) {
            m_plan.addProblem(source, QStringLiteral("pool of an unknown network"));
            continue;
        }
        const int version = q->value(3).toInt();
        const auto start = ipFromBlob(q->value(1), version);
        const auto end = ipFromBlob(q->value(2), version);
        if (!start || !end) {
            m_plan.addProblem(source, QStringLiteral("the pool's ends are not 16-byte IPv%1 addresses").arg(version));
            continue;
        }
        net->details.settings.pools.append(IpPool{*start, *end});
    }
    return true;
}

void LegacyRead::reportUnusableTables()
{
    if (m_tables.contains(QStringLiteral("Gateway"))) {
        if (auto q = query(QStringLiteral("SELECT networkId FROM Gateway"))) {
            while (q->next())
                m_plan.addProblem(rowName(QStringLiteral("Gateway"), q->value(0).toString()),
                                  QStringLiteral("gateways of 1.0.x cannot be used by 1.14 nodes: left out (add a "
                                                 "route with a gateway instead)"),
                                  false);
        }
    }
    if (m_tables.contains(QStringLiteral("Relay"))) {
        if (auto q = query(QStringLiteral("SELECT networkId, address FROM Relay"))) {
            while (q->next())
                m_plan.addProblem(
                    rowName(QStringLiteral("Relay"), q->value(0).toString() + u' ' + q->value(1).toString()),
                    QStringLiteral("per-network relays cannot be used by 1.14 nodes: left out"), false);
        }
    }
}

void LegacyRead::readAuthTokens()
{
    if (!m_tables.contains(QStringLiteral("AuthToken")))
        return;
    QMap<quint64, QJsonObject> tokens;
    if (auto q = query(QStringLiteral("SELECT networkId, token, expiresAt, maxUses FROM AuthToken ORDER BY id"))) {
        while (q->next()) {
            const auto id = networkIdFromString(q->value(0).toString());
            const QString source = rowName(QStringLiteral("AuthToken"), q->value(0).toString());
            if (!id || !m_networks.contains(*id)) {
                m_plan.addProblem(source, QStringLiteral("token of an unknown network"));
                continue;
            }
            tokens[*id].insert(q->value(1).toString(), double(qMax<qint64>(0, q->value(2).toLongLong())));
            if (q->value(3).toLongLong() > 0)
                m_plan.addProblem(source,
                                  QStringLiteral("the token's use limit cannot be expressed: the token is "
                                                 "kept without it"),
                                  false);
        }
    }
    for (auto it = tokens.cbegin(); it != tokens.cend(); ++it)
        m_networks[it.key()].details.settings.authTokensJson =
            QString::fromUtf8(QJsonDocument(it.value()).toJson(QJsonDocument::Compact));
}

void LegacyRead::readRules()
{
    // Only etherType with accept/drop was ever enforced (docs/protocol/controller-logic.md §10.3).
    if (!m_tables.contains(QStringLiteral("Rule")))
        return;
    QMap<quint64, QJsonArray> rules;
    QMap<quint64, bool> hasRules;
    // The match columns that were never enforced differ between versions: read whichever exist.
    QStringList extraColumns;
    for (const char *column : {"nodeId", "sourcePort", "destPort", "vlanId", "vlanPcp", "macSource", "macDest",
                               "ipSource", "ipDest", "ipTos", "ipProtocol", "ipSourcePort", "ipDestPort"}) {
        if (hasColumn(m_db, QStringLiteral("Rule"), QLatin1String(column)))
            extraColumns.append(QLatin1String(column));
    }
    const QString select =
        QStringLiteral("SELECT networkId, ruleNo, etherType, \"action\"%1 FROM Rule ORDER BY networkId, ruleNo")
            .arg(extraColumns.isEmpty() ? QString() : QStringLiteral(", ") + extraColumns.join(u", "));
    if (auto q = query(select)) {
        while (q->next()) {
            const auto id = networkIdFromString(q->value(0).toString());
            const QString source =
                rowName(QStringLiteral("Rule"), q->value(0).toString() + u' ' + q->value(1).toString());
            if (!id || !m_networks.contains(*id)) {
                m_plan.addProblem(source, QStringLiteral("rule of an unknown network"));
                continue;
            }
            hasRules[*id] = true;
            const QString verb = q->value(3).toString().trimmed().toLower();
            if (verb != QLatin1String("accept") && verb != QLatin1String("drop")) {
                m_plan.addProblem(source, QStringLiteral("action \"%1\" was never enforced: rule left out").arg(verb),
                                  false);
                continue;
            }
            bool otherFields = false;
            for (int column = 4; column < 4 + extraColumns.size(); ++column)
                otherFields = otherFields || !q->value(column).isNull();
            if (otherFields)
                m_plan.addProblem(
                    source, QStringLiteral("only the rule's etherType was enforced: its other fields are left out"),
                    false);
            if (!q->value(2).isNull()) {
                QJsonObject match = action(QStringLiteral("MATCH_ETHERTYPE"));
                match.insert(QStringLiteral("etherType"), q->value(2).toInt());
                rules[*id].append(match);
            }
            rules[*id].append(action(verb == QLatin1String("accept") ? QStringLiteral("ACTION_ACCEPT")
                                                                     : QStringLiteral("ACTION_DROP")));
        }
    }
    for (auto it = hasRules.cbegin(); it != hasRules.cend(); ++it)
        m_networks[it.key()].details.settings.rulesJson =
            QString::fromUtf8(QJsonDocument(closeRules(rules.value(it.key()))).toJson(QJsonDocument::Compact));
}

bool LegacyRead::readMembers()
{
    // Members, with the identity each node presented.
    auto q = query(QStringLiteral("SELECT m.networkId, m.nodeId, m.authorized, m.activeBridge, m.memberRevision, "
                                  "n.identity FROM Member m LEFT JOIN Node n ON n.id = m.nodeId "
                                  "ORDER BY m.networkId, m.nodeId"));
    if (!q)
        return false;
    while (q->next()) {
        const QString nwid = q->value(0).toString();
        const QString node = q->value(1).toString();
        const QString source = rowName(QStringLiteral("Member"), nwid + u' ' + node);
        auto net = networkOf(nwid);
        if (net == m_networks.end()) {
            m_plan.addProblem(source, QStringLiteral("member of unknown network %1").arg(nwid));
            continue;
        }
        const auto address = Address::fromString(node);
        if (!address || node.size() != 10 || address->isReserved()) {
            m_plan.addProblem(source, QStringLiteral("\"%1\" is not a node address").arg(node));
            continue;
        }
        MemberRow row;
        row.networkId = net.key();
        row.address = *address;
        row.authorized = q->value(2).toInt() != 0;
        row.activeBridge = q->value(3).toInt() != 0;
        row.revision = quint64(qMax<qint64>(0, q->value(4).toLongLong()));
        row.identity = q->value(5).toString().trimmed();
        row.creationTime = m_now;
        if (row.authorized)
            row.lastAuthorizedTime = m_now;
        row.ipAssignments = m_memberIps.take({net.key(), address->toInt()});
        net->members.append(row);
        net->memberSources.append(source);
    }
    return true;
}

void LegacyRead::finish()
{
    for (auto it = m_memberIps.cbegin(); it != m_memberIps.cend(); ++it)
        m_plan.addProblem(rowName(QStringLiteral("IpAssignment"),
                                  networkIdToString(it.key().first) + u' ' + Address(it.key().second).toString()),
                          QStringLiteral("address of a node that is not a member: left out"), false);

    QList<QList<MemberRow> *> memberLists;
    QList<QStringList *> sourceLists;
    for (LegacyNetwork &net : m_networks) {
        memberLists.append(&net.members);
        sourceLists.append(&net.memberSources);
    }
    PlanChecks::filterMemberIdentities(m_plan, memberLists, sourceLists);
    QList<PlanChecks::PlanNetwork> checked;
    for (LegacyNetwork &net : m_networks) {
        checked.append({net.details.id, net.details.settings, net.source});
        PlanChecks::checkNetwork(m_plan, net.details.id, net.details.settings, net.source);
        PlanChecks::checkMemberIps(m_plan, net.members, net.memberSources, net.details.settings);
        ImportedNetwork imported;
        imported.network = ImportRows::networkRow(net.details, net.extra);
        imported.members = net.members;
        imported.source = net.source;
        m_plan.networks.append(imported);
    }
    PlanChecks::checkPoolsAcrossNetworks(m_plan, checked);
}

} // namespace

bool LegacyControllerReader::looksLikeLegacyDatabase(const QString &file)
{
    if (!isSqliteFile(file))
        return false;
    SqliteSnapshot db(file, SqliteSnapshot::Mode::ReadOnly);
    if (!db.open())
        return false;
    const QStringList tables = db.connection().tables();
    return tables.contains(QStringLiteral("Config")) && tables.contains(QStringLiteral("Network")) &&
           tables.contains(QStringLiteral("Member"));
}

ImportPlan LegacyControllerReader::read(const QString &databaseFile)
{
    return LegacyRead(databaseFile).run();
}

} // namespace tier
