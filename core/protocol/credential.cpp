// SPDX-License-Identifier: GPL-3.0-or-later
#include "credential.h"

namespace tier::credential {

QByteArray envelope(QByteArrayView body)
{
    QByteArray out;
    out.reserve(body.size() + 18);
    out.append(8, '\x7f');
    out.append(body);
    out.append(2, '\0');
    out.append(8, '\x7f');
    return out;
}

void writeSignature(ByteWriter &writer, const QByteArray &signature)
{
    if (signature.size() == SignatureLength) {
        writer.u8(SignatureTypeEd25519).u16(SignatureLength).bytes(signature);
    } else {
        writer.u8(0).u16(0);
    }
}

Result<QByteArray> readSignature(ByteReader &reader, const char *what)
{
    const quint8 type = reader.u8();
    const quint16 length = reader.u16();
    const QByteArrayView bytes = reader.bytes(length);
    if (!reader.ok())
        return makeError(ErrorCode::Truncated, QStringLiteral("%1: signature truncated").arg(QLatin1String(what)));
    if (type == SignatureTypeEd25519) {
        if (length != SignatureLength)
            return makeError(
                ErrorCode::Malformed,
                QStringLiteral("%1: signature length %2, 96 expected").arg(QLatin1String(what)).arg(length));
        return bytes.toByteArray();
    }
    return QByteArray();
}

Status skipExtensions(ByteReader &reader, const char *what)
{
    const quint16 length = reader.u16();
    reader.skip(length);
    if (!reader.ok())
        return makeError(ErrorCode::Truncated,
                         QStringLiteral("%1: extension fields truncated").arg(QLatin1String(what)));
    return Ok{};
}

} // namespace tier::credential
