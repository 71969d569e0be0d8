// SPDX-License-Identifier: GPL-3.0-or-later
#include "requestmetadata.h"

namespace tier {

RequestMetadata RequestMetadata::fromDictionary(const Dictionary &dict)
{
    RequestMetadata m;
    m.formatVersion = dict.u64("v");
    m.vendor = dict.u64("vend");
    m.protocolVersion = dict.i64("pv", -1);
    m.majorVersion = dict.i64("majv", -1);
    m.minorVersion = dict.i64("minv", -1);
    m.revision = dict.i64("revv", -1);
    m.maxRules = dict.u64("mr");
    m.maxCapabilities = dict.u64("mc");
    m.maxCapabilityRules = dict.u64("mcr");
    m.maxTags = dict.u64("mt");
    m.flags = dict.u64("f");
    m.rulesEngineRevision = dict.i64("revr");
    m.os = dict.string("o");
    const QString auth = dict.string("a");
    static const QString prefix = QStringLiteral("token:");
    if (auth.startsWith(prefix))
        m.authToken = auth.mid(prefix.size());
    return m;
}

RequestMetadata RequestMetadata::fromBytes(QByteArrayView bytes)
{
    return fromDictionary(Dictionary::parseTruncated(bytes, Dictionary::RequestMetadataCapacity));
}

Dictionary RequestMetadata::toDictionary() const
{
    Dictionary d;
    d.addU64("v", formatVersion);
    d.addU64("vend", vendor);
    if (protocolVersion >= 0)
        d.addU64("pv", quint64(protocolVersion));
    if (majorVersion >= 0)
        d.addU64("majv", quint64(majorVersion));
    if (minorVersion >= 0)
        d.addU64("minv", quint64(minorVersion));
    if (revision >= 0)
        d.addU64("revv", quint64(revision));
    d.addU64("mr", maxRules);
    d.addU64("mc", maxCapabilities);
    d.addU64("mcr", maxCapabilityRules);
    d.addU64("mt", maxTags);
    d.addU64("f", flags);
    d.addI64("revr", rulesEngineRevision < 0 ? 0 : rulesEngineRevision);
    d.addString("o", os);
    if (!authToken.isEmpty())
        d.addString("a", QString(QStringLiteral("token:") + authToken));
    return d;
}

RequestMetadata RequestMetadata::zeroTier114(const QString &os)
{
    RequestMetadata m;
    m.formatVersion = 7;
    m.vendor = 1;
    m.protocolVersion = 12;
    m.majorVersion = 1;
    m.minorVersion = 14;
    m.revision = 1;
    m.maxRules = 1024;
    m.maxCapabilities = 128;
    m.maxCapabilityRules = 64;
    m.maxTags = 128;
    m.flags = 0;
    m.rulesEngineRevision = 1;
    m.os = os;
    return m;
}

} // namespace tier
