// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/result.h"
#include "inetaddress.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace tier {

/// PUSH_DIRECT_PATHS (docs/protocol/verbs.md §14): physical addresses a peer says it can be reached at.
struct PushDirectPathsPayload final
{
    static constexpr quint8 FlagForget = 0x01;
    static constexpr quint8 FlagRedirect = 0x02;

    struct Path
    {
        quint8 flags = 0;
        QByteArray extension;
        /// Null for address types other than IPv4/IPv6 (skipped, as nodes do).
        InetAddress address;
    };
    QList<Path> paths;

    static Result<PushDirectPathsPayload> decode(QByteArrayView payload);
    QByteArray encode() const;
};

} // namespace tier
