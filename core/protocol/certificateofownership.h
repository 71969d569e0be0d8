// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/address.h"
#include "core/base/bytes.h"
#include "core/base/result.h"
#include "core/protocol/inetaddress.h"

#include <QByteArray>
#include <QList>

namespace tier {

class Identity;

/// Certificate of Ownership (docs/protocol/netconf.md §5): the MACs/IPs a member may send from, up to 16 things.
class CertificateOfOwnership final
{
public:
    enum class ThingType : quint8 {
        Null = 0,
        Mac = 1,
        IPv4 = 2,
        IPv6 = 3,
    };
    struct Thing
    {
        ThingType type = ThingType::Null;
        QByteArray value; ///< 16 bytes, zero-padded (MAC 6, IPv4 4, IPv6 16 significant bytes)
        friend bool operator==(const Thing &a, const Thing &b) { return a.type == b.type && a.value == b.value; }
    };

    static constexpr int MaxThings = 16;
    static constexpr int ThingValueLength = 16;

    CertificateOfOwnership() = default;
    CertificateOfOwnership(quint64 networkId, qint64 timestamp, Address issuedTo, quint32 id)
        : m_networkId(networkId), m_timestamp(timestamp), m_id(id), m_issuedTo(issuedTo)
    {}

    /// Adds an IP (the port/prefix field is ignored); false once 16 things are held or if null.
    bool addIp(const InetAddress &ip);
    /// Adds a 6-byte MAC; false once 16 things are held or on a bad length.
    bool addMac(QByteArrayView mac6);
    const QList<Thing> &things() const { return m_things; }
    /// The IP things (port 0).
    QList<InetAddress> ips() const;

    static Result<CertificateOfOwnership> read(ByteReader &reader);
    static Result<CertificateOfOwnership> fromBytes(QByteArrayView bytes);
    void write(ByteWriter &writer) const;
    QByteArray toBytes() const;

    QByteArray signedMessage() const;
    bool sign(const Identity &signer);
    bool verify(const Identity &signer) const;

    quint64 networkId() const { return m_networkId; }
    qint64 timestamp() const { return m_timestamp; }
    quint64 flags() const { return m_flags; }
    quint32 id() const { return m_id; }
    Address issuedTo() const { return m_issuedTo; }
    Address signedBy() const { return m_signedBy; }
    const QByteArray &signature() const { return m_signature; }

    friend bool operator==(const CertificateOfOwnership &a, const CertificateOfOwnership &b)
    {
        return a.m_networkId == b.m_networkId && a.m_timestamp == b.m_timestamp && a.m_flags == b.m_flags &&
               a.m_id == b.m_id && a.m_things == b.m_things && a.m_issuedTo == b.m_issuedTo &&
               a.m_signedBy == b.m_signedBy && a.m_signature == b.m_signature;
    }

private:
    void writeBody(ByteWriter &writer) const;

    quint64 m_networkId = 0;
    qint64 m_timestamp = 0;
    quint64 m_flags = 0;
    quint32 m_id = 0;
    QList<Thing> m_things;
    Address m_issuedTo;
    Address m_signedBy;
    QByteArray m_signature;
};

} // namespace tier
