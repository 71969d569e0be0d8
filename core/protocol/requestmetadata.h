// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/protocol/dictionary.h"

#include <QString>
#include <QtGlobal>

namespace tier {

/// The metadata dictionary a member sends in NETWORK_CONFIG_REQUEST (docs/protocol/dictionary.md §4), typed.
/// Version fields that are absent read as −1 (the member record's "unknown"); limits and
/// revisions that are absent read as 0.
struct RequestMetadata final
{
    quint64 formatVersion = 0;      ///< `v`: config format the node understands (1.14: 7)
    quint64 vendor = 0;             ///< `vend` (1 = ZeroTier)
    qint64 protocolVersion = -1;    ///< `pv`
    qint64 majorVersion = -1;       ///< `majv`
    qint64 minorVersion = -1;       ///< `minv`
    qint64 revision = -1;           ///< `revv`
    quint64 maxRules = 0;           ///< `mr`
    quint64 maxCapabilities = 0;    ///< `mc`
    quint64 maxCapabilityRules = 0; ///< `mcr`
    quint64 maxTags = 0;            ///< `mt`
    quint64 flags = 0;              ///< `f`
    qint64 rulesEngineRevision = 0; ///< `revr`; ≤ 0 means "no rules engine" (send accept-all)
    QString os;                     ///< `o`, e.g. "linux/x86_64"
    QString authToken;              ///< `a` without its "token:" prefix; empty if none

    bool operator==(const RequestMetadata &) const = default;

    /// Reads the typed fields; unknown keys are ignored.
    static RequestMetadata fromDictionary(const Dictionary &dict);
    /// Truncates to the controller's 1,024-byte capacity, then reads.
    static RequestMetadata fromBytes(QByteArrayView bytes);
    /// The 13 keys in the order a 1.14.1 node sends them (plus `a` when a token is set); version
    /// fields below zero are left out.
    Dictionary toDictionary() const;

    /// What a 1.14.1 node on the given OS sends.
    static RequestMetadata zeroTier114(const QString &os = QStringLiteral("linux/x86_64"));
};

} // namespace tier
