// SPDX-License-Identifier: GPL-3.0-or-later
// ControllerJson: the member object (docs/protocol/controller-logic.md §8.2), both directions.
#include "core/controller/controllerjson.h"
#include "core/controller/controllerjson_p.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <limits>

namespace tier {

using namespace controllerjson;

namespace {

Status applyMemberField(MemberUpdate &u, const QString &key, const QJsonValue &value, bool stored)
{
    auto boolField = [&](std::optional<bool> &target) -> Status {
        auto b = ControllerJson::toBool(value, key);
        if (!b)
            return b.error();
        target = *b;
        return Ok{};
    };
    if (key == QLatin1String("authorized")) {
        return boolField(u.authorized);
    } else if (key == QLatin1String("activeBridge")) {
        return boolField(u.activeBridge);
    } else if (key == QLatin1String("noAutoAssignIps")) {
        return boolField(u.noAutoAssignIps);
    } else if (key == QLatin1String("name") || key == QLatin1String("description")) {
        if (value.isNull()) {
            (key == QLatin1String("name") ? u.name : u.description) = QString();
            return Ok{};
        }
        auto text = toText(value, key);
        if (!text)
            return text.error();
        (key == QLatin1String("name") ? u.name : u.description) = *text;
    } else if (key == QLatin1String("ipAssignments")) {
        auto array = cappedArray(value, key);
        if (!array)
            return array.error();
        QList<InetAddress> ips;
        for (qsizetype i = 0; i < array->size(); ++i) {
            auto ip = toIp(array->at(i), QStringLiteral("ipAssignments[%1]").arg(i), true);
            if (!ip)
                return ip.error();
            ips.append(*ip);
        }
        u.ipAssignments = ips;
    } else if (key == QLatin1String("tags")) {
        auto array = cappedArray(value, key);
        if (!array)
            return array.error();
        QMap<quint32, quint32> sorted; // the reference's rule: last value for an id wins
        for (qsizetype i = 0; i < array->size(); ++i) {
            const QString field = QStringLiteral("tags[%1]").arg(i);
            const QJsonArray pair = array->at(i).toArray();
            if (!array->at(i).isArray() || pair.size() != 2)
                return bad(QStringLiteral("'%1' must be a pair [id, value]").arg(field));
            auto id = ControllerJson::toInteger(pair.at(0), field + QStringLiteral("[0]"), 0, 0xffffffffLL);
            if (!id)
                return id.error();
            auto v = ControllerJson::toInteger(pair.at(1), field + QStringLiteral("[1]"), 0, 0xffffffffLL);
            if (!v)
                return v.error();
            sorted.insert(quint32(*id), quint32(*v));
        }
        QList<QPair<quint32, quint32>> tags;
        for (auto it = sorted.cbegin(); it != sorted.cend(); ++it)
            tags.append({it.key(), it.value()});
        u.tags = tags;
    } else if (key == QLatin1String("capabilities")) {
        auto array = cappedArray(value, key);
        if (!array)
            return array.error();
        QList<quint32> caps;
        for (qsizetype i = 0; i < array->size(); ++i) {
            auto n =
                ControllerJson::toInteger(array->at(i), QStringLiteral("capabilities[%1]").arg(i), 0, 0xffffffffLL);
            if (!n)
                return n.error();
            caps.append(quint32(*n));
        }
        std::sort(caps.begin(), caps.end());
        caps.erase(std::unique(caps.begin(), caps.end()), caps.end());
        u.capabilities = caps;
    } else if (key == QLatin1String("remoteTraceTarget")) {
        auto target = parseTraceTarget(value, key);
        if (!target)
            return target.error();
        if (!target->isEmpty() && !stored)
            return bad(QStringLiteral("'remoteTraceTarget' is not supported for members (only null)"));
    } else if (key == QLatin1String("remoteTraceLevel") || key == QLatin1String("authenticationExpiryTime")) {
        auto n = ControllerJson::toInteger(value, key, 0, std::numeric_limits<qint64>::max());
        if (!n)
            return n.error();
        if (*n != 0 && !stored)
            return bad(QStringLiteral("'%1' is not supported by this controller (only 0)").arg(key));
    } else if (readOnlyMemberKeys().contains(key) || stored) {
        return Ok{};
    } else {
        return bad(QStringLiteral("a member has no writable field '%1'").arg(key));
    }
    return Ok{};
}

} // namespace

QJsonObject ControllerJson::memberToJson(const MemberInfo &m, Form form, qint64 clockMs)
{
    QJsonObject o;
    const QString address = m.address.toString();
    o.insert(QStringLiteral("id"), address);
    o.insert(QStringLiteral("address"), address);
    o.insert(QStringLiteral("nwid"), networkIdToString(m.networkId));
    o.insert(QStringLiteral("objtype"), QStringLiteral("member"));
    if (!m.identity.isEmpty())
        o.insert(QStringLiteral("identity"), m.identity);
    o.insert(QStringLiteral("authorized"), m.authorized);
    o.insert(QStringLiteral("activeBridge"), m.activeBridge);
    o.insert(QStringLiteral("noAutoAssignIps"), m.noAutoAssignIps);
    QJsonArray ips;
    for (const InetAddress &ip : m.ipAssignments)
        ips.append(ip.toIpString());
    o.insert(QStringLiteral("ipAssignments"), ips);
    QJsonArray tags;
    for (const auto &t : m.tags)
        tags.append(QJsonArray{double(t.first), double(t.second)});
    o.insert(QStringLiteral("tags"), tags);
    QJsonArray caps;
    for (quint32 c : m.capabilities)
        caps.append(double(c));
    o.insert(QStringLiteral("capabilities"), caps);
    // The reference writes "name" only once a name was given (a member that only asked has none).
    if (!m.name.isNull() || form == Form::Api)
        o.insert(QStringLiteral("name"), m.name);
    if (!m.description.isEmpty())
        o.insert(QStringLiteral("description"), m.description);
    o.insert(QStringLiteral("creationTime"), double(m.creationTime));
    o.insert(QStringLiteral("revision"), double(m.revision));
    o.insert(QStringLiteral("lastAuthorizedTime"), double(m.lastAuthorizedTime));
    o.insert(QStringLiteral("lastDeauthorizedTime"), double(m.lastDeauthorizedTime));
    o.insert(QStringLiteral("lastAuthorizedCredentialType"), m.lastAuthorizedCredentialType.isNull()
                                                                 ? QJsonValue(QJsonValue::Null)
                                                                 : QJsonValue(m.lastAuthorizedCredentialType));
    o.insert(QStringLiteral("lastAuthorizedCredential"), m.lastAuthorizedCredential.isNull()
                                                             ? QJsonValue(QJsonValue::Null)
                                                             : QJsonValue(m.lastAuthorizedCredential));
    o.insert(QStringLiteral("authenticationExpiryTime"), double(m.authenticationExpiryTime));
    o.insert(QStringLiteral("ssoExempt"), false);
    o.insert(QStringLiteral("vMajor"), m.versionMajor);
    o.insert(QStringLiteral("vMinor"), m.versionMinor);
    o.insert(QStringLiteral("vRev"), m.versionRevision);
    o.insert(QStringLiteral("vProto"), m.protocolVersion);
    o.insert(QStringLiteral("remoteTraceTarget"), QJsonValue::Null);
    o.insert(QStringLiteral("remoteTraceLevel"), 0);
    if (form == Form::Api) {
        o.insert(QStringLiteral("clock"), double(clockMs));
        o.insert(QStringLiteral("online"), m.online);
        o.insert(QStringLiteral("lastSeen"), double(m.lastRequestTime));
        o.insert(QStringLiteral("physicalAddress"),
                 m.physicalAddress.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(m.physicalAddress.toString()));
        const QString version = m.clientVersion();
        o.insert(QStringLiteral("clientVersion"),
                 version.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(version));
        o.insert(QStringLiteral("latency"), double(m.latencyMs));
    }
    return o;
}

Result<MemberUpdate> ControllerJson::memberUpdateFromJson(const QJsonObject &patch)
{
    MemberUpdate update;
    for (auto it = patch.constBegin(); it != patch.constEnd(); ++it) {
        if (Status applied = applyMemberField(update, it.key(), it.value(), false); !applied)
            return applied.error();
    }
    return update;
}

Result<MemberInfo> ControllerJson::memberFromJson(const QJsonObject &object)
{
    MemberInfo m;
    const auto nwid = networkIdFromString(object.value(QStringLiteral("nwid")).toString());
    if (!nwid || object.value(QStringLiteral("nwid")).toString().size() != 16)
        return bad(QStringLiteral("the member has no valid 'nwid' (16 hex digits)"));
    m.networkId = *nwid;
    QString addressText = object.value(QStringLiteral("id")).toString();
    if (addressText.isEmpty())
        addressText = object.value(QStringLiteral("address")).toString();
    const auto address = addressText.size() == 10 ? Address::fromString(addressText) : std::nullopt;
    if (!address || address->isReserved())
        return bad(QStringLiteral("the member has no valid 'id' (10 hex digits)"));
    m.address = *address;
    MemberUpdate u;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (Status applied = applyMemberField(u, it.key(), it.value(), true); !applied)
            return applied.error();
    }
    m.authorized = u.authorized.value_or(false);
    m.activeBridge = u.activeBridge.value_or(false);
    m.noAutoAssignIps = u.noAutoAssignIps.value_or(false);
    m.ipAssignments = u.ipAssignments.value_or(QList<InetAddress>());
    m.tags = u.tags.value_or(QList<QPair<quint32, quint32>>());
    m.capabilities = u.capabilities.value_or(QList<quint32>());
    m.name = u.name.value_or(QString());
    if (u.name && m.name.isNull() && object.value(QStringLiteral("name")).isString())
        m.name = QStringLiteral(""); // "name":"" is kept as given, unlike no "name" at all
    m.description = u.description.value_or(QString());
    for (const auto &[key, target] : {std::pair{"lastAuthorizedCredentialType", &m.lastAuthorizedCredentialType},
                                      std::pair{"lastAuthorizedCredential", &m.lastAuthorizedCredential}}) {
        const QJsonValue v = object.value(QLatin1String(key));
        if (v.isString())
            *target = v.toString().isNull() ? QStringLiteral("") : v.toString();
        else if (!v.isNull() && !v.isUndefined())
            return bad(QStringLiteral("'%1' must be a string or null").arg(QLatin1String(key)));
    }
    const QJsonValue identity = object.value(QStringLiteral("identity"));
    if (identity.isString() && !identity.toString().isEmpty()) {
        if (!identity.toString().startsWith(m.address.toString() + u':'))
            return bad(QStringLiteral("'identity' does not belong to member %1").arg(m.address.toString()));
        m.identity = identity.toString();
    } else if (!identity.isUndefined() && !identity.isNull() && !identity.isString()) {
        return bad(QStringLiteral("'identity' must be a string"));
    }
    struct IntField
    {
        const char *name;
        qint64 *target64;
        int *target32;
        qint64 min;
    };
    qint64 revision = 0;
    const IntField fields[] = {
        {"creationTime", &m.creationTime, nullptr, 0},
        {"revision", &revision, nullptr, 0},
        {"lastAuthorizedTime", &m.lastAuthorizedTime, nullptr, 0},
        {"lastDeauthorizedTime", &m.lastDeauthorizedTime, nullptr, 0},
        {"authenticationExpiryTime", &m.authenticationExpiryTime, nullptr, 0},
        {"vMajor", nullptr, &m.versionMajor, -1},
        {"vMinor", nullptr, &m.versionMinor, -1},
        {"vRev", nullptr, &m.versionRevision, -1},
        {"vProto", nullptr, &m.protocolVersion, -1},
    };
    for (const IntField &f : fields) {
        const QString key = QLatin1String(f.name);
        const QJsonValue v = object.value(key);
        if (v.isUndefined() || v.isNull())
            continue;
        auto n =
            toInteger(v, key, f.min, f.target32 ? std::numeric_limits<int>::max() : std::numeric_limits<qint64>::max());
        if (!n)
            return n.error();
        if (f.target64)
            *f.target64 = *n;
        else
            *f.target32 = int(*n);
    }
    m.revision = quint64(revision);
    m.pending = !m.authorized && !m.identity.isEmpty();
    return m;
}

} // namespace tier
