// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/address.h"
#include "core/protocol/networkconfig.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace tier {

/// Something a simulated member learned from its controller (one JSON line in tiermaster-node).
struct MemberEvent final
{
    enum class Kind : quint8 {
        Config,   ///< a complete, verified config was applied
        Denied,   ///< ERROR(NETWORK_ACCESS_DENIED)
        NotFound, ///< ERROR(OBJ_NOT_FOUND)
        Revoked,  ///< a verified Revocation of our COM arrived
        Invalid,  ///< a config or credential failed verification (detail says why)
    };

    Address member;
    quint64 networkId = 0;
    Kind kind = Kind::Config;
    bool pushed = false; ///< config: arrived as NETWORK_CONFIG without a request
    std::optional<NetworkConfig> config;
    QString detail;
    qint64 time = 0;
    quint64 inRePacketId = 0; ///< config answering a request: that request's packet ID (0 = pushed)

    static QString kindName(Kind kind);
    /// {"member","network","event","time"} plus, for configs: "revision", "ips", "routes", "dns",
    /// "pushed", "name"; "detail" when set.
    QJsonObject toJson() const;
};

} // namespace tier
