// SPDX-License-Identifier: GPL-3.0-or-later
#include "networkcredentials.h"

#include "constants.h"
#include "core/base/address.h"

namespace tier {

namespace {

constexpr int MaxComQualifiers = 8;
constexpr int MaxCapabilityRules = 64;
constexpr int MaxCustodyChain = 7;
constexpr int MaxCooThings = 16;

Error truncated(const char *what)
{
    return makeError(ErrorCode::Truncated, QStringLiteral("%1: runs past the end").arg(QLatin1String(what)));
}

// Signature type, length and bytes (type 1 must be 96 long), as all signed credentials carry them.
void skipSignature(ByteReader &r)
{
    const quint8 type = r.u8();
    const quint16 length = r.u16();
    if (type == 1 && length != protocol::SignatureLength)
        r.fail();
    r.skip(length);
}

void skipExtension(ByteReader &r)
{
    r.skip(r.u16());
}

Result<qsizetype> finish(const ByteReader &start, const ByteReader &r, const char *what)
{
    if (!r.ok())
        return truncated(what);
    return r.position() - start.position();
}

Status readList(ByteReader &r, int count, QList<QByteArray> &out, Result<qsizetype> (*lengthOf)(const ByteReader &))
{
    for (int i = 0; i < count; ++i) {
        Result<qsizetype> n = lengthOf(r);
        if (!n)
            return n.error();
        out.append(r.bytes(n.value()).toByteArray());
    }
    return Ok{};
}

void writeList(ByteWriter &w, const QList<QByteArray> &list)
{
    w.u16(quint16(list.size()));
    for (const QByteArray &c : list)
        w.bytes(c);
}

} // namespace

Result<qsizetype> NetworkCredentialsPayload::comLength(const ByteReader &reader)
{
    ByteReader r = reader;
    if (r.u8() != 0x01)
        return makeError(ErrorCode::Malformed, QStringLiteral("COM: unknown format byte"));
    const quint16 count = r.u16();
    if (count > MaxComQualifiers)
        return makeError(ErrorCode::TooLarge, QStringLiteral("COM: %1 qualifiers").arg(count));
    r.skip(qsizetype(count) * 24);
    if (r.u40() != 0)
        r.skip(protocol::SignatureLength);
    return finish(reader, r, "COM");
}

Result<qsizetype> NetworkCredentialsPayload::capabilityLength(const ByteReader &reader)
{
    ByteReader r = reader;
    r.skip(8 + 8 + 4);
    const quint16 rules = r.u16();
    if (rules > MaxCapabilityRules)
        return makeError(ErrorCode::TooLarge, QStringLiteral("Capability: %1 rules").arg(rules));
    for (int i = 0; i < rules && r.ok(); ++i) {
        r.skip(1);
        r.skip(r.u8());
    }
    r.skip(1); // max custody chain length
    for (int i = 0; r.ok(); ++i) {
        if (r.u40() == 0)
            break;
        if (i >= MaxCustodyChain)
            return makeError(ErrorCode::TooLarge, QStringLiteral("Capability: custody chain too long"));
        r.skip(Address::Length);
        skipSignature(r);
    }
    skipExtension(r);
    return finish(reader, r, "Capability");
}

Result<qsizetype> NetworkCredentialsPayload::tagLength(const ByteReader &reader)
{
    ByteReader r = reader;
    r.skip(8 + 8 + 4 + 4 + 5 + 5);
    skipSignature(r);
    skipExtension(r);
    return finish(reader, r, "Tag");
}

Result<qsizetype> NetworkCredentialsPayload::revocationLength(const ByteReader &reader)
{
    ByteReader r = reader;
    r.skip(4 + 4 + 8 + 4 + 4 + 8 + 8 + 5 + 5 + 1);
    skipSignature(r);
    skipExtension(r);
    return finish(reader, r, "Revocation");
}

Result<qsizetype> NetworkCredentialsPayload::cooLength(const ByteReader &reader)
{
    ByteReader r = reader;
    r.skip(8 + 8 + 8 + 4);
    const quint16 things = r.u16();
    if (things > MaxCooThings)
        return makeError(ErrorCode::TooLarge, QStringLiteral("COO: %1 things").arg(things));
    r.skip(qsizetype(things) * 17 + 5 + 5);
    skipSignature(r);
    skipExtension(r);
    return finish(reader, r, "COO");
}

Result<NetworkCredentialsPayload> NetworkCredentialsPayload::decode(QByteArrayView payload)
{
    ByteReader r(payload);
    NetworkCredentialsPayload p;
    for (;;) {
        if (r.atEnd())
            return makeError(ErrorCode::Truncated, QStringLiteral("NETWORK_CREDENTIALS: COM list not terminated"));
        if (quint8(r.data()[r.position()]) == 0) {
            r.skip(1);
            break;
        }
        Result<qsizetype> n = comLength(r);
        if (!n)
            return n.error();
        p.coms.append(r.bytes(n.value()).toByteArray());
    }
    struct Section
    {
        QList<QByteArray> *list;
        Result<qsizetype> (*lengthOf)(const ByteReader &);
    };
    const Section sections[] = {{&p.capabilities, &capabilityLength},
                                {&p.tags, &tagLength},
                                {&p.revocations, &revocationLength},
                                {&p.coos, &cooLength}};
    for (const Section &s : sections) {
        if (r.atEnd())
            break;
        const quint16 count = r.u16();
        if (!r.ok())
            return makeError(ErrorCode::Truncated, QStringLiteral("NETWORK_CREDENTIALS: truncated count"));
        if (Status st = readList(r, count, *s.list, s.lengthOf); !st)
            return st.error();
    }
    return p;
}

QByteArray NetworkCredentialsPayload::encode() const
{
    ByteWriter w;
    for (const QByteArray &c : coms)
        w.bytes(c);
    w.u8(0);
    writeList(w, capabilities);
    writeList(w, tags);
    writeList(w, revocations);
    writeList(w, coos);
    return std::move(w).data();
}

} // namespace tier
