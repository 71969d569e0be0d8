// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/base/bytes.h"
#include "core/base/result.h"
#include "core/crypto/identity.h"
#include "core/protocol/inetaddress.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace tier {

/// A planet or moon: a signed list of root servers (docs/protocol/world.md). Immutable once
/// built; make one with fromBytes()/read() (parsed, not yet verified) or create() (signed).
class World final
{
public:
    enum class Type : quint8 {
        Null = 0,
        Planet = 1,
        Moon = 127,
    };

    struct Root
    {
        Identity identity; // public only
        QList<InetAddress> stableEndpoints;

        friend bool operator==(const Root &a, const Root &b)
        {
            return a.identity == b.identity && a.stableEndpoints == b.stableEndpoints;
        }
    };

    static constexpr int MaxRoots = 4;
    static constexpr int MaxEndpointsPerRoot = 32;
    static constexpr int UpdateKeyLength = 64;
    static constexpr int SignatureLength = 96;
    /// Largest serialized world ZT handles (docs/protocol/world.md §2).
    static constexpr int MaxSerializedLength = (1024 + 32 * 32) * 4 + 64 + 96 + 128;
    /// ID of the public planet every 1.14 node has built in.
    static constexpr quint64 DefaultPlanetId = 149604618;

    World() = default;

    /// Parses one world at the reader's position (bytes after it are left unread). Checks structure
    /// and limits only; call verifySignature() or acceptsUpdate() before trusting it.
    static Result<World> read(ByteReader &reader);
    /// Parses a buffer that must hold exactly one world (a `planet` or `*.moon` file).
    static Result<World> fromBytes(QByteArrayView data);

    /// Builds and signs a world. signingSecret64 is the 64-byte secret (X25519 ‖ Ed25519 seed) of the
    /// key that signs this world; for a first world it belongs to updatesMustBeSignedBy, for an update
    /// to the previous world's key. Fails on a bad type, key length, or too many roots/endpoints.
    static Result<World> create(Type type, quint64 id, quint64 timestamp, QByteArrayView updatesMustBeSignedBy,
                                const QList<Root> &roots, QByteArrayView signingSecret64,
                                QByteArrayView moonDictionary = {});

    /// The public planet (docs/protocol/world.md §4), compiled in from resources/planet/.
    static const World &defaultPlanet();
    /// Its serialized bytes.
    static QByteArrayView defaultPlanetBytes();

    bool isNull() const { return m_type == Type::Null; }
    Type type() const { return m_type; }
    quint64 id() const { return m_id; }
    /// 16 lower-case hex digits, as in `<id>.moon` file names.
    QString idString() const;
    quint64 timestamp() const { return m_timestamp; }
    const QByteArray &updatesMustBeSignedBy() const { return m_updateKey; }
    const QByteArray &signature() const { return m_signature; }
    const QList<Root> &roots() const { return m_roots; }
    /// The bytes a moon carries after its roots (empty in every world seen so far).
    const QByteArray &moonDictionary() const { return m_dictionary; }

    /// Serialized form (docs/protocol/world.md §2); empty for a null world.
    QByteArray toBytes() const;
    void write(ByteWriter &writer) const;
    /// What the signature covers (docs/protocol/world.md §3): 8×0x7F ‖ body without signature ‖ 8×0xF7.
    QByteArray signingMessage() const;

    /// The signature checks out against this world's own update key (integrity of a first world).
    bool verifySignature() const;
    /// The signature checks out against publicKey64 (the Ed25519 half of it).
    bool isSignedBy(QByteArrayView publicKey64) const;

    /// Whether update may replace this world: same type and ID, newer timestamp, and signed by the key
    /// this world names in updatesMustBeSignedBy. A null world accepts any self-consistent world.
    bool acceptsUpdate(const World &update) const;

    /// Every root's identity passes Identity::locallyValidate() (memory-hard: ~15 ms per root).
    bool rootsValidate() const;

    friend bool operator==(const World &a, const World &b)
    {
        return a.m_type == b.m_type && a.m_id == b.m_id && a.m_timestamp == b.m_timestamp &&
               a.m_updateKey == b.m_updateKey && a.m_signature == b.m_signature && a.m_roots == b.m_roots &&
               a.m_dictionary == b.m_dictionary;
    }

private:
    void writeBody(ByteWriter &writer, bool forSigning) const;

    Type m_type = Type::Null;
    quint64 m_id = 0;
    quint64 m_timestamp = 0;
    QByteArray m_updateKey;
    QByteArray m_signature;
    QList<Root> m_roots;
    QByteArray m_dictionary;
};

} // namespace tier
