// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace tier {

/// What a peer advertised in its HELLO or OK(HELLO); -1 = not known yet.
struct PeerVersion final
{
    int protocolVersion = -1;
    int major = -1;
    int minor = -1;
    int revision = -1;

    bool isKnown() const { return protocolVersion >= 0; }
    /// "1.14.1", or an empty string when unknown.
    QString toString() const
    {
        if (major < 0)
            return {};
        return QStringLiteral("%1.%2.%3").arg(major).arg(minor).arg(revision);
    }
    friend bool operator==(const PeerVersion &, const PeerVersion &) = default;
};

} // namespace tier
