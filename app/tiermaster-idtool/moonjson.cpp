// SPDX-License-Identifier: GPL-3.0-or-later
#include "moonjson.h"

#include "core/crypto/signing.h"

#include <QJsonArray>

#include <algorithm>

namespace tier::idtool {

namespace {

QByteArray quoted(const QString &text)
{
    QByteArray out = "\"";
    for (const char c : text.toUtf8()) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (quint8(c) < 0x20)
                out += QByteArray("\\u00") + QByteArray::number(quint8(c), 16).rightJustified(2, '0');
            else
                out += c;
        }
    }
    return out + '"';
}

void formatValue(QByteArray &out, const QJsonValue &value, int depth)
{
    const QByteArray inner(depth + 1, ' ');
    const QByteArray outer(depth, ' ');
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        if (object.isEmpty()) {
            out += "{}";
            return;
        }
        out += "{\n";
        const QStringList keys = object.keys(); // QJsonObject keeps keys sorted
        for (qsizetype i = 0; i < keys.size(); ++i) {
            out += inner + quoted(keys[i]) + ": ";
            formatValue(out, object.value(keys[i]), depth + 1);
            out += i + 1 < keys.size() ? ",\n" : "\n";
        }
        out += outer + '}';
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        if (array.isEmpty()) {
            out += "[]";
            return;
        }
        out += "[\n";
        for (qsizetype i = 0; i < array.size(); ++i) {
            out += inner;
            formatValue(out, array[i], depth + 1);
            out += i + 1 < array.size() ? ",\n" : "\n";
        }
        out += outer + ']';
    } else if (value.isString()) {
        out += quoted(value.toString());
    } else if (value.isBool()) {
        out += value.toBool() ? "true" : "false";
    } else if (value.isDouble()) {
        out += QByteArray::number(value.toDouble(), 'g', 17);
    } else {
        out += "null";
    }
}

Error fieldError(const QString &what)
{
    return makeError(ErrorCode::Malformed, what);
}

std::optional<QByteArray> hexField(const QJsonObject &object, QStringView key, qsizetype bytes)
{
    const QString text = object.value(key).toString().trimmed();
    if (text.size() != 2 * bytes)
        return std::nullopt;
    for (QChar c : text)
        if (!c.isDigit() && !(c.toLower() >= u'a' && c.toLower() <= u'f'))
            return std::nullopt;
    return QByteArray::fromHex(text.toLatin1());
}

bool rootLess(const World::Root &a, const World::Root &b)
{
    if (a.identity.address() != b.identity.address())
        return a.identity.address() < b.identity.address();
    return a.identity.publicKey() < b.identity.publicKey();
}

} // namespace

QJsonObject MoonJson::initial(const Identity &seed)
{
    const crypto::C25519KeyPair key = crypto::generateKeyPair();
    const QString publicHex = QString::fromLatin1(key.publicKey.toHex());
    QJsonObject root;
    root.insert(QStringLiteral("identity"), seed.toString(false));
    root.insert(QStringLiteral("stableEndpoints"), QJsonArray());
    QJsonObject moon;
    moon.insert(QStringLiteral("id"), seed.address().toString());
    moon.insert(QStringLiteral("objtype"), QStringLiteral("world"));
    moon.insert(QStringLiteral("roots"), QJsonArray{root});
    moon.insert(QStringLiteral("signingKey"), publicHex);
    moon.insert(QStringLiteral("signingKey_SECRET"), QString::fromLatin1(key.secretKey.toHex()));
    moon.insert(QStringLiteral("updatesMustBeSignedBy"), publicHex);
    moon.insert(QStringLiteral("worldType"), QStringLiteral("moon"));
    return moon;
}

QByteArray MoonJson::format(const QJsonObject &object)
{
    QByteArray out;
    formatValue(out, object, 0);
    return out;
}

Result<World> MoonJson::build(const QJsonObject &object, quint64 timestamp)
{
    const QString worldType = object.value(u"worldType").toString();
    World::Type type = World::Type::Null;
    if (worldType == u"moon")
        type = World::Type::Moon;
    else if (worldType == u"planet")
        type = World::Type::Planet;
    else
        return fieldError(QStringLiteral("worldType must be \"moon\" or \"planet\""));

    bool ok = false;
    const QString idText = object.value(u"id").toString().trimmed();
    const quint64 id = idText.toULongLong(&ok, 16);
    if (!ok || idText.isEmpty() || idText.size() > 16)
        return fieldError(QStringLiteral("id must be up to 16 hex digits"));

    const auto updateKey = hexField(object, u"updatesMustBeSignedBy", World::UpdateKeyLength);
    if (!updateKey)
        return fieldError(QStringLiteral("updatesMustBeSignedBy must be 128 hex digits"));
    const auto signingSecret = hexField(object, u"signingKey_SECRET", crypto::C25519SecretKeyLength);
    if (!signingSecret)
        return fieldError(QStringLiteral("signingKey_SECRET must be 128 hex digits"));
    if (object.contains(u"signingKey")) {
        const auto signingPublic = hexField(object, u"signingKey", crypto::C25519PublicKeyLength);
        if (!signingPublic || crypto::publicKeyFromSecret(*signingSecret) != signingPublic)
            return fieldError(QStringLiteral("signingKey does not match signingKey_SECRET"));
    }

    const QJsonArray rootArray = object.value(u"roots").toArray();
    if (rootArray.size() > World::MaxRoots)
        return fieldError(QStringLiteral("at most %1 roots").arg(World::MaxRoots));
    QList<World::Root> roots;
    for (qsizetype i = 0; i < rootArray.size(); ++i) {
        const QJsonObject r = rootArray[i].toObject();
        auto identity = Identity::fromString(r.value(u"identity").toString());
        if (!identity.ok())
            return fieldError(QStringLiteral("roots[%1].identity: %2").arg(i).arg(identity.error().message));
        if (!identity->locallyValidate())
            return fieldError(QStringLiteral("roots[%1].identity fails validation").arg(i));
        World::Root root;
        root.identity = identity->publicOnly();
        const QJsonArray endpoints = r.value(u"stableEndpoints").toArray();
        if (endpoints.size() > World::MaxEndpointsPerRoot)
            return fieldError(QStringLiteral("roots[%1]: at most %2 endpoints").arg(i).arg(World::MaxEndpointsPerRoot));
        for (const auto &e : endpoints) {
            const auto address = InetAddress::fromString(e.toString().trimmed());
            if (!address || address->isNull())
                return fieldError(
                    QStringLiteral("roots[%1]: bad endpoint \"%2\" (expected IP/port)").arg(i).arg(e.toString()));
            root.stableEndpoints.append(*address);
        }
        std::sort(root.stableEndpoints.begin(), root.stableEndpoints.end());
        roots.append(root);
    }
    std::sort(roots.begin(), roots.end(), rootLess);
    return World::create(type, id, timestamp, *updateKey, roots, *signingSecret);
}

} // namespace tier::idtool
