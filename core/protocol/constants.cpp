// SPDX-License-Identifier: GPL-3.0-or-later
#include "constants.h"

namespace tier {

QString verbName(Verb verb)
{
    switch (verb) {
    case Verb::Nop:
        return QStringLiteral("NOP");
    case Verb::Hello:
        return QStringLiteral("HELLO");
    case Verb::Error:
        return QStringLiteral("ERROR");
    case Verb::Ok:
        return QStringLiteral("OK");
    case Verb::Whois:
        return QStringLiteral("WHOIS");
    case Verb::Rendezvous:
        return QStringLiteral("RENDEZVOUS");
    case Verb::Frame:
        return QStringLiteral("FRAME");
    case Verb::ExtFrame:
        return QStringLiteral("EXT_FRAME");
    case Verb::Echo:
        return QStringLiteral("ECHO");
    case Verb::MulticastLike:
        return QStringLiteral("MULTICAST_LIKE");
    case Verb::NetworkCredentials:
        return QStringLiteral("NETWORK_CREDENTIALS");
    case Verb::NetworkConfigRequest:
        return QStringLiteral("NETWORK_CONFIG_REQUEST");
    case Verb::NetworkConfig:
        return QStringLiteral("NETWORK_CONFIG");
    case Verb::MulticastGather:
        return QStringLiteral("MULTICAST_GATHER");
    case Verb::MulticastFrame:
        return QStringLiteral("MULTICAST_FRAME");
    case Verb::PushDirectPaths:
        return QStringLiteral("PUSH_DIRECT_PATHS");
    case Verb::Ack:
        return QStringLiteral("ACK");
    case Verb::QosMeasurement:
        return QStringLiteral("QOS_MEASUREMENT");
    case Verb::UserMessage:
        return QStringLiteral("USER_MESSAGE");
    case Verb::RemoteTrace:
        return QStringLiteral("REMOTE_TRACE");
    case Verb::PathNegotiationRequest:
        return QStringLiteral("PATH_NEGOTIATION_REQUEST");
    }
    return QStringLiteral("VERB_0x%1").arg(quint8(verb), 2, 16, QLatin1Char('0'));
}

QString protocolErrorName(ProtocolErrorCode code)
{
    switch (code) {
    case ProtocolErrorCode::None:
        return QStringLiteral("NONE");
    case ProtocolErrorCode::InvalidRequest:
        return QStringLiteral("INVALID_REQUEST");
    case ProtocolErrorCode::BadProtocolVersion:
        return QStringLiteral("BAD_PROTOCOL_VERSION");
    case ProtocolErrorCode::ObjectNotFound:
        return QStringLiteral("OBJ_NOT_FOUND");
    case ProtocolErrorCode::IdentityCollision:
        return QStringLiteral("IDENTITY_COLLISION");
    case ProtocolErrorCode::UnsupportedOperation:
        return QStringLiteral("UNSUPPORTED_OPERATION");
    case ProtocolErrorCode::NeedMembershipCertificate:
        return QStringLiteral("NEED_MEMBERSHIP_CERTIFICATE");
    case ProtocolErrorCode::NetworkAccessDenied:
        return QStringLiteral("NETWORK_ACCESS_DENIED");
    case ProtocolErrorCode::UnwantedMulticast:
        return QStringLiteral("UNWANTED_MULTICAST");
    case ProtocolErrorCode::NetworkAuthenticationRequired:
        return QStringLiteral("NETWORK_AUTHENTICATION_REQUIRED");
    }
    return QStringLiteral("ERROR_0x%1").arg(quint8(code), 2, 16, QLatin1Char('0'));
}

QString cipherSuiteName(CipherSuite suite)
{
    switch (suite) {
    case CipherSuite::Poly1305None:
        return QStringLiteral("C25519_POLY1305_NONE");
    case CipherSuite::Poly1305Salsa2012:
        return QStringLiteral("C25519_POLY1305_SALSA2012");
    case CipherSuite::TrustedPath:
        return QStringLiteral("NONE");
    case CipherSuite::AesGmacSiv:
        return QStringLiteral("AES_GMAC_SIV");
    }
    return QStringLiteral("CIPHER_%1").arg(quint8(suite));
}

} // namespace tier
