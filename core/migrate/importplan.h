// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/crypto/identity.h"
#include "core/store/controllernetworkrepository.h"
#include "core/store/memberrepository.h"

#include <QList>
#include <QString>

namespace tier {

/// Something found while reading an import source. A blocking problem stops the whole import (nothing is
/// written); a non-blocking one names a detail that cannot be carried over and is left out.
struct ImportProblem
{
    QString source; ///< file path, or "table Row (key)" for the 2015 database
    QString reason;
    bool blocking = true;
};

/// One network of an import source as it will be written: the network row (with pools and routes) and its
/// members with their managed IPs.
struct ImportedNetwork
{
    ControllerNetworkRow network;
    QList<MemberRow> members;
    QString source; ///< where the network came from (file or table row)
};

/// What an import source holds and what cannot be imported: the dry-run result. Nothing here touches a
/// database; Importer::build() writes a plan that canImport().
struct ImportPlan
{
    enum class SourceKind { ZeroTierHome, LegacyDatabase };

    SourceKind kind = SourceKind::ZeroTierHome;
    QString sourcePath;
    Identity identity; ///< the controller's identity, with its secret (null if it could not be read)
    QString identitySource;
    QList<ImportedNetwork> networks; ///< ascending network ID
    QList<ImportProblem> problems;
    /// NetworkValidator's warnings about what is imported as it is (a route with host bits set, pools
    /// while auto-assign is off, a member address outside every route, …): never blocking.
    QList<ImportProblem> warnings;

    bool canImport() const
    {
        if (identity.isNull() || !identity.hasSecret())
            return false;
        for (const ImportProblem &p : problems) {
            if (p.blocking)
                return false;
        }
        return true;
    }
    int memberCount() const
    {
        int n = 0;
        for (const ImportedNetwork &net : networks)
            n += int(net.members.size());
        return n;
    }
    int authorizedCount() const
    {
        int n = 0;
        for (const ImportedNetwork &net : networks) {
            for (const MemberRow &m : net.members)
                n += m.authorized ? 1 : 0;
        }
        return n;
    }
    QList<ImportProblem> blockingProblems() const
    {
        QList<ImportProblem> out;
        for (const ImportProblem &p : problems) {
            if (p.blocking)
                out.append(p);
        }
        return out;
    }
    void addProblem(const QString &where, const QString &reason, bool blocking = true)
    {
        problems.append(ImportProblem{where, reason, blocking});
    }

    void addWarning(const QString &where, const QString &message)
    {
        warnings.append(ImportProblem{where, message, false});
    }

    /// Human-readable report (English): source, controller address, each network with its member counts,
    /// then every problem with its file or row and reason, the warnings, and the verdict.
    QString report() const;
};

} // namespace tier
