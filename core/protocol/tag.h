// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/address.h"
#include "core/base/bytes.h"
#include "core/base/result.h"

#include <QByteArray>

namespace tier {

class Identity;

/// Tag credential (docs/protocol/netconf.md §4): an (id, value) pair issued to one member, 135 bytes signed.
class Tag final
{
public:
    static constexpr int SignedLength = 135;

    Tag() = default;
    Tag(quint64 networkId, qint64 timestamp, quint32 id, quint32 value, Address issuedTo)
        : m_networkId(networkId), m_timestamp(timestamp), m_id(id), m_value(value), m_issuedTo(issuedTo)
    {}

    static Result<Tag> read(ByteReader &reader);
    static Result<Tag> fromBytes(QByteArrayView bytes);
    void write(ByteWriter &writer) const;
    QByteArray toBytes() const;

    /// 7F×8 ‖ nwid ‖ timestamp ‖ id ‖ value ‖ issued-to ‖ signer ‖ 0000 ‖ 7F×8 (signer = m_signedBy).
    QByteArray signedMessage() const;
    bool sign(const Identity &signer);
    /// Signed by signer, which must be the network's controller, and the signature verifies.
    bool verify(const Identity &signer) const;

    quint64 networkId() const { return m_networkId; }
    qint64 timestamp() const { return m_timestamp; }
    quint32 id() const { return m_id; }
    quint32 value() const { return m_value; }
    Address issuedTo() const { return m_issuedTo; }
    Address signedBy() const { return m_signedBy; }
    const QByteArray &signature() const { return m_signature; }

    friend bool operator==(const Tag &a, const Tag &b)
    {
        return a.m_networkId == b.m_networkId && a.m_timestamp == b.m_timestamp && a.m_id == b.m_id &&
               a.m_value == b.m_value && a.m_issuedTo == b.m_issuedTo && a.m_signedBy == b.m_signedBy &&
               a.m_signature == b.m_signature;
    }

private:
    void writeBody(ByteWriter &writer) const;

    quint64 m_networkId = 0;
    qint64 m_timestamp = 0;
    quint32 m_id = 0;
    quint32 m_value = 0;
    Address m_issuedTo;
    Address m_signedBy;
    QByteArray m_signature;
};

} // namespace tier
