// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/store/backupcipher.h"

#include "core/crypto/primitives.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QtEndian>

#include <sodium.h>
#include <unistd.h>

#include <cerrno>

namespace tier {

namespace {

const QByteArray Magic("TMBACKUP", 8);
constexpr quint8 FormatVersion = 1;
constexpr int KeySize = crypto_secretstream_xchacha20poly1305_KEYBYTES;
static_assert(crypto_pwhash_SALTBYTES == 16);
static_assert(crypto_secretstream_xchacha20poly1305_HEADERBYTES == 24);
static_assert(8 + 1 + 1 + 4 + 4 + 16 + 24 == BackupCipher::HeaderSize);

/// Wipes the derived key however the function is left.
struct Key
{
    unsigned char bytes[KeySize];
    ~Key() { sodium_memzero(bytes, sizeof bytes); }
};

/// Output file: private from its first byte, published under the final name only when complete.
class PendingFile final
{
public:
    explicit PendingFile(const QString &finalPath)
        : m_final(QFileInfo(finalPath).absoluteFilePath()),
          m_temp(QFileInfo(m_final).dir().filePath(
              QStringLiteral(".%1.partial-%2")
                  .arg(QFileInfo(m_final).fileName())
                  .arg(QRandomGenerator::system()->generate64(), 16, 16, QLatin1Char('0')))),
          m_file(m_temp)
    {}
    ~PendingFile()
    {
        if (!m_published) {
            m_file.close();
            QFile::remove(m_temp);
        }
    }

    Status open()
    {
        if (QFileInfo::exists(m_final) || QFileInfo(m_final).isSymLink())
            return makeError(ErrorCode::Conflict,
                             QStringLiteral("%1 already exists; it was not replaced").arg(m_final));
        if (!m_file.open(QIODevice::WriteOnly | QIODevice::NewOnly))
            return makeError(ErrorCode::Io, QStringLiteral("cannot create %1: %2").arg(m_temp, m_file.errorString()));
        m_file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        return Ok{};
    }
    Status write(const unsigned char *data, qint64 size)
    {
        if (m_file.write(reinterpret_cast<const char *>(data), size) != size)
            return makeError(ErrorCode::Io, QStringLiteral("cannot write %1: %2").arg(m_temp, m_file.errorString()));
        return Ok{};
    }
    Status publish()
    {
        if (!m_file.flush() || ::fsync(m_file.handle()) != 0)
            return makeError(ErrorCode::Io, QStringLiteral("cannot write %1 to disk").arg(m_temp));
        m_file.close();
        const QByteArray from = QFile::encodeName(m_temp);
        const QByteArray to = QFile::encodeName(m_final);
        if (::link(from.constData(), to.constData()) != 0)
            return makeError(errno == EEXIST ? ErrorCode::Conflict : ErrorCode::Io,
                             QStringLiteral("cannot create %1 (it was not replaced)").arg(m_final));
        ::unlink(from.constData());
        m_published = true;
        return Ok{};
    }

private:
    QString m_final;
    QString m_temp;
    QFile m_file;
    bool m_published = false;
};

Status deriveKey(Key &key, const QByteArray &passphrase, const unsigned char *salt, quint64 ops, quint64 mem)
{
    if (crypto_pwhash(key.bytes, sizeof key.bytes, passphrase.constData(), quint64(passphrase.size()), salt, ops,
                      size_t(mem), crypto_pwhash_ALG_ARGON2ID13) != 0)
        return makeError(ErrorCode::Io, QStringLiteral("not enough memory to derive the backup key"));
    return Ok{};
}

} // namespace

bool BackupCipher::isEncrypted(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) && file.read(Magic.size()) == Magic;
}

Status BackupCipher::encryptFile(const QString &plainPath, const QString &encryptedPath, const QByteArray &passphrase,
                                 quint64 opsLimit, quint64 memLimit)
{
    crypto::initialize();
    if (passphrase.isEmpty())
        return makeError(ErrorCode::Malformed, QStringLiteral("the passphrase is empty"));
    const quint64 ops = opsLimit ? opsLimit : crypto_pwhash_OPSLIMIT_MODERATE;
    const quint64 mem = memLimit ? memLimit : crypto_pwhash_MEMLIMIT_MODERATE;
    if (ops < crypto_pwhash_OPSLIMIT_MIN || ops > 0xffffffffu || mem < crypto_pwhash_MEMLIMIT_MIN || mem % 1024 != 0 ||
        mem / 1024 > 0xffffffffu)
        return makeError(ErrorCode::Malformed, QStringLiteral("unusable key derivation settings"));

    QFile in(plainPath);
    if (!in.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot read %1: %2").arg(plainPath, in.errorString()));
    PendingFile out(encryptedPath);
    if (Status opened = out.open(); !opened)
        return opened.error();

    unsigned char header[HeaderSize];
    memcpy(header, Magic.constData(), 8);
    header[8] = FormatVersion;
    header[9] = quint8(crypto_pwhash_ALG_ARGON2ID13);
    qToBigEndian<quint32>(quint32(ops), header + 10);
    qToBigEndian<quint32>(quint32(mem / 1024), header + 14);
    randombytes_buf(header + 18, crypto_pwhash_SALTBYTES);

    Key key;
    if (Status derived = deriveKey(key, passphrase, header + 18, ops, mem); !derived)
        return derived.error();
    crypto_secretstream_xchacha20poly1305_state state;
    crypto_secretstream_xchacha20poly1305_init_push(&state, header + 34, key.bytes);
    if (Status written = out.write(header, HeaderSize); !written)
        return written.error();

    QByteArray cipher(ChunkSize + crypto_secretstream_xchacha20poly1305_ABYTES, Qt::Uninitialized);
    bool final = false;
    while (!final) {
        const QByteArray chunk = in.read(ChunkSize);
        if (chunk.isEmpty() && in.error() != QFileDevice::NoError)
            return makeError(ErrorCode::Io, QStringLiteral("cannot read %1: %2").arg(plainPath, in.errorString()));
        // Only a short (possibly empty) chunk is final, so a cut at a chunk boundary is always detected.
        final = chunk.size() < ChunkSize;
        unsigned long long length = 0;
        crypto_secretstream_xchacha20poly1305_push(&state, reinterpret_cast<unsigned char *>(cipher.data()), &length,
                                                   reinterpret_cast<const unsigned char *>(chunk.constData()),
                                                   quint64(chunk.size()), header, HeaderSize,
                                                   final ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
        if (Status written = out.write(reinterpret_cast<const unsigned char *>(cipher.constData()), qint64(length));
            !written)
            return written.error();
    }
    sodium_memzero(&state, sizeof state);
    return out.publish();
}

Status BackupCipher::decryptFile(const QString &encryptedPath, const QString &plainPath, const QByteArray &passphrase)
{
    crypto::initialize();
    QFile in(encryptedPath);
    if (!in.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot read %1: %2").arg(encryptedPath, in.errorString()));
    const QByteArray headerBytes = in.read(HeaderSize);
    if (!headerBytes.startsWith(Magic))
        return makeError(ErrorCode::Malformed,
                         QStringLiteral("%1 is not an encrypted Tiermaster backup").arg(encryptedPath));
    if (headerBytes.size() < HeaderSize)
        return makeError(ErrorCode::Truncated, QStringLiteral("%1 is truncated").arg(encryptedPath));
    const auto *header = reinterpret_cast<const unsigned char *>(headerBytes.constData());
    if (header[8] != FormatVersion || header[9] != quint8(crypto_pwhash_ALG_ARGON2ID13))
        return makeError(ErrorCode::Unsupported,
                         QStringLiteral("%1 uses an encryption format this version does not know (version %2)")
                             .arg(encryptedPath)
                             .arg(header[8]));
    const quint64 ops = qFromBigEndian<quint32>(header + 10);
    const quint64 mem = quint64(qFromBigEndian<quint32>(header + 14)) * 1024;
    // The header is not authenticated until the first chunk is opened, so its cost settings are bounded
    // before any memory is spent on them.
    if (ops < crypto_pwhash_OPSLIMIT_MIN || ops > crypto_pwhash_OPSLIMIT_SENSITIVE ||
        mem < crypto_pwhash_MEMLIMIT_MIN || mem > crypto_pwhash_MEMLIMIT_SENSITIVE)
        return makeError(
            ErrorCode::Malformed,
            QStringLiteral("%1 has key derivation settings outside the accepted range").arg(encryptedPath));

    Key key;
    if (Status derived = deriveKey(key, passphrase, header + 18, ops, mem); !derived)
        return derived.error();
    crypto_secretstream_xchacha20poly1305_state state;
    if (crypto_secretstream_xchacha20poly1305_init_pull(&state, header + 34, key.bytes) != 0)
        return makeError(ErrorCode::Malformed, QStringLiteral("%1 has a damaged header").arg(encryptedPath));

    PendingFile out(plainPath);
    if (Status opened = out.open(); !opened)
        return opened.error();
    QByteArray plain(ChunkSize, Qt::Uninitialized);
    const int cipherChunk = ChunkSize + crypto_secretstream_xchacha20poly1305_ABYTES;
    bool final = false;
    int opened = 0;
    while (!final) {
        const QByteArray chunk = in.read(cipherChunk);
        if (chunk.size() < int(crypto_secretstream_xchacha20poly1305_ABYTES))
            return makeError(ErrorCode::Truncated,
                             QStringLiteral("%1 is truncated (its end is missing)").arg(encryptedPath));
        unsigned long long length = 0;
        unsigned char tag = 0;
        if (crypto_secretstream_xchacha20poly1305_pull(&state, reinterpret_cast<unsigned char *>(plain.data()), &length,
                                                       &tag, reinterpret_cast<const unsigned char *>(chunk.constData()),
                                                       quint64(chunk.size()), header, HeaderSize) != 0) {
            // An earlier chunk opened, so the key is right: the file was cut short or damaged, not the
            // passphrase mistyped. Only the first chunk cannot tell the two apart.
            if (opened > 0 && chunk.size() < cipherChunk)
                return makeError(ErrorCode::Malformed,
                                 QStringLiteral("%1 is cut short or damaged at its end; the passphrase is right")
                                     .arg(encryptedPath));
            if (opened > 0)
                return makeError(ErrorCode::Malformed,
                                 QStringLiteral("%1 is damaged after %2 bytes; the passphrase is right")
                                     .arg(encryptedPath)
                                     .arg(qint64(opened) * ChunkSize));
            return makeError(ErrorCode::BadSignature,
                             QStringLiteral("wrong passphrase, or %1 was modified or damaged").arg(encryptedPath));
        }
        ++opened;
        final = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
        if (final && (!in.atEnd() || chunk.size() >= cipherChunk))
            return makeError(ErrorCode::Malformed, QStringLiteral("%1 has data after its end").arg(encryptedPath));
        if (!final && chunk.size() < cipherChunk)
            return makeError(ErrorCode::Truncated,
                             QStringLiteral("%1 is truncated (its end is missing)").arg(encryptedPath));
        if (Status written = out.write(reinterpret_cast<const unsigned char *>(plain.constData()), qint64(length));
            !written)
            return written.error();
    }
    sodium_memzero(&state, sizeof state);
    sodium_memzero(plain.data(), size_t(plain.size()));
    return out.publish();
}

} // namespace tier
