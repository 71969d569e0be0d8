// SPDX-License-Identifier: GPL-3.0-or-later
// Every verb payload decoder. Input: one verb byte, then the (decrypted, decompressed) payload.
#include "core/protocol/compression.h"
#include "core/protocol/configchunk.h"
#include "core/protocol/echo.h"
#include "core/protocol/errorpayload.h"
#include "core/protocol/hello.h"
#include "core/protocol/multicastgather.h"
#include "core/protocol/multicastlike.h"
#include "core/protocol/networkconfigframe.h"
#include "core/protocol/networkconfigrequest.h"
#include "core/protocol/networkcredentials.h"
#include "core/protocol/okhello.h"
#include "core/protocol/okpayload.h"
#include "core/protocol/pushdirectpaths.h"
#include "core/protocol/rendezvous.h"
#include "core/protocol/whois.h"

#include <cstdint>

using namespace tier;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const quint8 verb = data[0];
    const QByteArrayView payload(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    if (verb & 0x80) {
        (void)Lz4::decompress(payload, protocol::MaxPayloadLength);
        return 0;
    }
    switch (Verb(verb & 0x1f)) {
    case Verb::Hello:
        (void)HelloPayload::decode(payload);
        (void)HelloPayload::peekIdentity(payload);
        break;
    case Verb::Error:
        (void)ErrorPayload::decode(payload);
        break;
    case Verb::Ok: {
        const auto ok = OkPayload::decode(payload);
        (void)OkHelloPayload::decode(payload);
        (void)OkWhoisPayload::decode(payload);
        (void)OkEchoPayload::decode(payload);
        (void)OkMulticastGatherPayload::decode(payload);
        if (const auto config = OkNetworkConfigPayload::decode(payload); config.ok())
            (void)ConfigChunk::decode(config->chunk);
        (void)ok;
        break;
    }
    case Verb::Whois:
        (void)WhoisPayload::decode(payload);
        break;
    case Verb::Rendezvous:
        (void)RendezvousPayload::decode(payload);
        break;
    case Verb::MulticastLike:
        (void)MulticastLikePayload::decode(payload);
        break;
    case Verb::NetworkCredentials:
        (void)NetworkCredentialsPayload::decode(payload);
        break;
    case Verb::NetworkConfigRequest:
        if (const auto request = NetworkConfigRequestPayload::decode(payload); request.ok())
            (void)request->metadataDictionary();
        break;
    case Verb::NetworkConfig:
        if (const auto push = NetworkConfigPayload::decode(payload); push.ok())
            (void)ConfigChunk::decode(push->chunk);
        (void)ConfigChunk::decode(payload);
        break;
    case Verb::MulticastGather:
        (void)MulticastGatherPayload::decode(payload);
        break;
    case Verb::PushDirectPaths:
        (void)PushDirectPathsPayload::decode(payload);
        break;
    default:
        break;
    }
    return 0;
}
