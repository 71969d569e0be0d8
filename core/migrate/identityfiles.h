// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/result.h"
#include "core/crypto/identity.h"
#include "core/migrate/importplan.h"

#include <QString>

namespace tier {

/// zerotier-one's identity files (`identity.secret`, `identity.public`, text form `address:0:public[:secret]`).
class IdentityFiles final
{
public:
    /// Reads `<folder>/identity.secret` (required, with its secret, locally validated) and checks
    /// `<folder>/identity.public` against it when present. Problems go into plan (blocking); on success
    /// plan.identity and plan.identitySource are set.
    static void readInto(const QString &folder, ImportPlan &plan);

    /// Writes `identity.secret` (0600 from its first byte) and `identity.public` (0644) into folder.
    static Status write(const Identity &identity, const QString &folder);
};

} // namespace tier
