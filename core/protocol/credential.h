// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/bytes.h"
#include "core/base/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QtGlobal>

namespace tier {

/// Credential type numbers as Revocations name them (docs/protocol/netconf.md §7).
enum class CredentialType : quint8 {
    Null = 0,
    CertificateOfMembership = 1,
    Capability = 2,
    Tag = 3,
    CertificateOfOwnership = 4,
    Revocation = 6,
};

namespace credential {

inline constexpr quint8 SignatureTypeEd25519 = 1;
inline constexpr int SignatureLength = 96;

/// What Capability, Tag, COO and Revocation sign (Trap 6): eight 0x7F bytes ‖ body ‖ 0x0000 ‖
/// eight 0x7F bytes.
QByteArray envelope(QByteArrayView body);

/// Writes `01 | 0060 | signature` when signature holds 96 bytes, else `00 | 0000` (unsigned).
void writeSignature(ByteWriter &writer, const QByteArray &signature);
/// Reads the signature type/length/bytes triple: type 1 needs length 96; another type's bytes are
/// skipped and give an empty signature.
Result<QByteArray> readSignature(ByteReader &reader, const char *what);
/// Reads the trailing extension-length field and skips that many bytes.
Status skipExtensions(ByteReader &reader, const char *what);

} // namespace credential

} // namespace tier
