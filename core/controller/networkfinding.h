// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace tier {

/// One thing NetworkValidator found in a network's settings. An error refuses the settings (nothing
/// is stored); a warning only informs: the settings are kept as given, as the reference controller
/// keeps them, but something will not work the way the person probably meant.
///
/// The text is kept as its untranslated source plus arguments, so the engine thread never needs a
/// translator: message() is the English the HTTP API, the import report and the logs show, text()
/// the same words in the window's language (context "NetworkValidator").
struct NetworkFinding
{
    enum class Severity { Error, Warning };
    /// What the finding is about (the settings dialog shows errors on the matching tab; tests ask for
    /// a kind rather than for words).
    enum class Kind {
        Name,
        Description,
        Mtu,
        MulticastLimit,
        CertificateWindow,
        Pool,
        Route,
        Dns,
        Rules,
        Capabilities,
        Tags,
        // warnings
        RouteHostBits,
        PoolsWithoutAutoAssign,
        AutoAssignWithoutPool,
        PoolOutsideRoutes,
        MemberIpOutsideRoutes,
        PoolsOverlap,
        PoolsOverlapOtherNetwork,
    };

    Severity severity = Severity::Error;
    Kind kind = Kind::Name;
    const char *source = nullptr; ///< a QT_TRANSLATE_NOOP("NetworkValidator", …) literal with %1…%n
    QStringList args;

    bool isError() const { return severity == Severity::Error; }
    QString message() const; ///< English
    QString text() const;    ///< translated (the window)

    friend bool operator==(const NetworkFinding &a, const NetworkFinding &b)
    {
        return a.severity == b.severity && a.kind == b.kind && a.message() == b.message();
    }
};

} // namespace tier

Q_DECLARE_METATYPE(tier::NetworkFinding)
