// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/address.h"
#include "core/base/result.h"
#include "core/crypto/identity.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace tier {

/// WHOIS request (docs/protocol/verbs.md §5): one or more 5-byte addresses.
struct WhoisPayload final
{
    QList<Address> addresses;

    /// At least one address; a trailing partial address is ignored (as nodes do).
    static Result<WhoisPayload> decode(QByteArrayView payload);
    QByteArray encode() const;
};

/// OK(WHOIS) (docs/protocol/verbs.md §5): in-re fields, then one or more 71-byte public identities.
struct OkWhoisPayload final
{
    quint64 inRePacketId = 0;
    QList<Identity> identities;

    /// Refuses an in-re verb other than WHOIS, no identity, or a malformed one.
    static Result<OkWhoisPayload> decode(QByteArrayView payload);
    QByteArray encode() const;
};

} // namespace tier
