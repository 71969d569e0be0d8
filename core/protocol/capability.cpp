// SPDX-License-Identifier: GPL-3.0-or-later
#include "capability.h"

#include "core/crypto/identity.h"
#include "core/protocol/credential.h"

namespace tier {

void Capability::writeBody(ByteWriter &w) const
{
    w.u64(m_networkId).u64(quint64(m_timestamp)).u32(m_id).u16(quint16(m_rules.size()));
    for (const Rule &r : m_rules)
        r.write(w);
    w.u8(m_maxCustodyChainLength);
}

Result<Capability> Capability::read(ByteReader &reader)
{
    Capability c;
    c.m_networkId = reader.u64();
    c.m_timestamp = qint64(reader.u64());
    c.m_id = reader.u32();
    const quint16 ruleCount = reader.u16();
    if (!reader.ok())
        return makeError(ErrorCode::Truncated, QStringLiteral("Capability truncated"));
    if (ruleCount > MaxRules)
        return makeError(ErrorCode::TooLarge, QStringLiteral("Capability with %1 rules (at most 64)").arg(ruleCount));
    for (int i = 0; i < ruleCount; ++i) {
        auto rule = Rule::read(reader);
        if (!rule)
            return makeError(rule.error().code, QStringLiteral("Capability: %1").arg(rule.error().message));
        c.m_rules.append(std::move(rule).value());
    }
    c.m_maxCustodyChainLength = reader.u8();
    if (!reader.ok())
        return makeError(ErrorCode::Truncated, QStringLiteral("Capability truncated"));
    if (c.m_maxCustodyChainLength < 1 || c.m_maxCustodyChainLength > MaxCustodyChainLength)
        return makeError(ErrorCode::Malformed,
                         QStringLiteral("Capability max custody chain length %1 (1…7)").arg(c.m_maxCustodyChainLength));
    for (;;) {
        const Address to(reader.u40());
        if (!reader.ok())
            return makeError(ErrorCode::Truncated, QStringLiteral("Capability custody chain truncated"));
        if (to.isNull())
            break;
        if (c.m_custody.size() >= MaxCustodyChainLength)
            return makeError(ErrorCode::TooLarge, QStringLiteral("Capability custody chain longer than 7"));
        CustodyEntry e;
        e.to = to;
        e.from = Address(reader.u40());
        auto sig = credential::readSignature(reader, "Capability");
        if (!sig)
            return sig.error();
        e.signature = std::move(sig).value();
        c.m_custody.append(e);
    }
    const Status ext = credential::skipExtensions(reader, "Capability");
    if (!ext)
        return ext.error();
    return c;
}

Result<Capability> Capability::fromBytes(QByteArrayView bytes)
{
    ByteReader reader(bytes);
    auto c = read(reader);
    if (c && !reader.atEnd())
        return makeError(ErrorCode::Malformed, QStringLiteral("%1 bytes after the Capability").arg(reader.remaining()));
    return c;
}

void Capability::write(ByteWriter &w) const
{
    writeBody(w);
    for (const CustodyEntry &e : m_custody) {
        w.u40(e.to.toInt()).u40(e.from.toInt());
        credential::writeSignature(w, e.signature);
    }
    w.u40(0); // a zero `to` ends the chain
    w.u16(0);
}

QByteArray Capability::toBytes() const
{
    ByteWriter w;
    write(w);
    return std::move(w).data();
}

QByteArray Capability::signedMessage() const
{
    ByteWriter w;
    writeBody(w);
    return credential::envelope(w.data());
}

bool Capability::sign(const Identity &signer, Address to)
{
    if (!signer.hasSecret() || to.isNull())
        return false;
    if (m_custody.size() >= std::min<int>(m_maxCustodyChainLength, MaxCustodyChainLength))
        return false;
    const Address expectedFrom = m_custody.isEmpty() ? controllerOf(m_networkId) : m_custody.last().to;
    if (signer.address() != expectedFrom)
        return false;
    QByteArray sig = signer.sign(signedMessage());
    if (sig.size() != credential::SignatureLength)
        return false;
    m_custody.append(CustodyEntry{to, signer.address(), std::move(sig)});
    return true;
}

bool Capability::verify(const std::function<std::optional<Identity>(Address)> &lookup) const
{
    if (m_custody.isEmpty() || m_custody.size() > m_maxCustodyChainLength)
        return false;
    const QByteArray message = signedMessage();
    Address expectedFrom = controllerOf(m_networkId);
    for (const CustodyEntry &e : m_custody) {
        if (e.from != expectedFrom || e.signature.size() != credential::SignatureLength)
            return false;
        const std::optional<Identity> id = lookup(e.from);
        if (!id || id->address() != e.from || !id->verify(message, e.signature))
            return false;
        expectedFrom = e.to;
    }
    return true;
}

bool Capability::verify(const Identity &controller) const
{
    return verify([&controller](Address a) -> std::optional<Identity> {
        if (a == controller.address())
            return controller;
        return std::nullopt;
    });
}

} // namespace tier
