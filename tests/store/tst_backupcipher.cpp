// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/crypto/primitives.h"
#include "core/store/backupcipher.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtEndian>
#include <QtTest>

#include <sodium.h>

using namespace tier;

namespace {

QByteArray fileBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeBytes(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(bytes), bytes.size());
}

const quint64 Ops = crypto_pwhash_OPSLIMIT_MIN;
const quint64 Mem = crypto_pwhash_MEMLIMIT_MIN;

} // namespace

class TestBackupCipher : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(crypto::initialize()); }

    void roundTripAndLayout_data()
    {
        QTest::addColumn<int>("size");
        QTest::newRow("empty") << 0;
        QTest::newRow("small") << 1000;
        QTest::newRow("one chunk") << BackupCipher::ChunkSize;
        QTest::newRow("several") << BackupCipher::ChunkSize * 2 + 77;
    }

    void roundTripAndLayout()
    {
        QFETCH(int, size);
        QTemporaryDir dir;
        const QString plain = dir.filePath(QStringLiteral("p.db"));
        const QString sealed = dir.filePath(QStringLiteral("p.db.enc"));
        const QString opened = dir.filePath(QStringLiteral("q.db"));
        QByteArray content = crypto::randomBytes(size);
        if (size >= 16)
            content.replace(0, 16, QByteArray("SECRET-MARKER-16"));
        writeBytes(plain, content);
        QVERIFY(BackupCipher::encryptFile(plain, sealed, "correct horse", Ops, Mem).ok());
        const QByteArray encrypted = fileBytes(sealed);
        // Layout of docs/backup-format.md.
        QCOMPARE(encrypted.left(8), QByteArray("TMBACKUP"));
        QCOMPARE(quint8(encrypted.at(8)), quint8(1));
        QCOMPARE(quint8(encrypted.at(9)), quint8(2));
        QCOMPARE(qFromBigEndian<quint32>(encrypted.constData() + 10), quint32(Ops));
        QCOMPARE(qFromBigEndian<quint32>(encrypted.constData() + 14), quint32(Mem / 1024));
        const int chunks = size / BackupCipher::ChunkSize + 1;
        QCOMPARE(encrypted.size(), BackupCipher::HeaderSize + size + chunks * 17);
        QVERIFY(!encrypted.contains("SECRET-MARKER"));
        QVERIFY(BackupCipher::isEncrypted(sealed));
        QVERIFY(!BackupCipher::isEncrypted(plain));
        QCOMPARE(QFileInfo(sealed).permissions() & 0x7777,
                 QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadUser | QFileDevice::WriteUser);

        QVERIFY(BackupCipher::decryptFile(sealed, opened, "correct horse").ok());
        QCOMPARE(fileBytes(opened), content);
        QCOMPARE(QFileInfo(opened).permissions() & 0x7777,
                 QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadUser | QFileDevice::WriteUser);
        // Never replaces an existing file.
        QCOMPARE(BackupCipher::decryptFile(sealed, opened, "correct horse").error().code, ErrorCode::Conflict);
        QCOMPARE(BackupCipher::encryptFile(plain, sealed, "x", Ops, Mem).error().code, ErrorCode::Conflict);
    }

    void refusesWrongPassphraseAndDamage_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("code");
        QTest::newRow("wrong passphrase") << "passphrase" << int(ErrorCode::BadSignature);
        // The first chunk opened: the passphrase is right and the message says so.
        QTest::newRow("flipped body byte") << "body" << int(ErrorCode::Malformed);
        QTest::newRow("changed salt") << "salt" << int(ErrorCode::BadSignature);
        QTest::newRow("changed ops (authenticated)") << "ops" << int(ErrorCode::BadSignature);
        QTest::newRow("huge memory setting") << "mem" << int(ErrorCode::Malformed);
        QTest::newRow("truncated at chunk boundary") << "boundary" << int(ErrorCode::Truncated);
        QTest::newRow("truncated inside") << "inside" << int(ErrorCode::Malformed);
        QTest::newRow("trailing data") << "trailing" << int(ErrorCode::Malformed); // read into the last chunk
        QTest::newRow("not encrypted") << "plain" << int(ErrorCode::Malformed);
        QTest::newRow("future version") << "version" << int(ErrorCode::Unsupported);
    }

    void refusesWrongPassphraseAndDamage()
    {
        QFETCH(QString, kind);
        QFETCH(int, code);
        QTemporaryDir dir;
        const QString plain = dir.filePath(QStringLiteral("p.db"));
        const QString sealed = dir.filePath(QStringLiteral("p.enc"));
        const QString opened = dir.filePath(QStringLiteral("out.db"));
        writeBytes(plain, crypto::randomBytes(BackupCipher::ChunkSize * 2));
        QVERIFY(BackupCipher::encryptFile(plain, sealed, "pass", Ops, Mem).ok());
        QByteArray bytes = fileBytes(sealed);
        QByteArray passphrase = "pass";
        const int fullChunk = BackupCipher::ChunkSize + 17;
        if (kind == u"passphrase")
            passphrase = "Pass";
        else if (kind == u"body")
            bytes[BackupCipher::HeaderSize + fullChunk + 5] = char(bytes[BackupCipher::HeaderSize + fullChunk + 5] ^ 1);
        else if (kind == u"salt")
            bytes[20] = char(bytes[20] ^ 1);
        else if (kind == u"ops")
            qToBigEndian<quint32>(quint32(Ops + 1), bytes.data() + 10);
        else if (kind == u"mem")
            qToBigEndian<quint32>(0xffffffffu, bytes.data() + 14);
        else if (kind == u"boundary")
            bytes.truncate(BackupCipher::HeaderSize + 2 * fullChunk); // the final (empty) chunk is missing
        else if (kind == u"inside")
            bytes.truncate(bytes.size() - 100);
        else if (kind == u"trailing")
            bytes.append("more");
        else if (kind == u"plain")
            bytes = fileBytes(plain);
        else if (kind == u"version")
            bytes[8] = 2;
        writeBytes(sealed, bytes);
        const Status refused = BackupCipher::decryptFile(sealed, opened, passphrase);
        QVERIFY(!refused.ok());
        QVERIFY(!refused.error().message.isEmpty());
        QCOMPARE(int(refused.error().code), code);
        // Once a chunk opened the key was right: the message must not blame the passphrase.
        const bool keyWasRight = kind == u"body" || kind == u"inside" || kind == u"trailing";
        QCOMPARE(refused.error().message.contains(QStringLiteral("passphrase is right")), keyWasRight);
        QCOMPARE(refused.error().message.contains(QStringLiteral("wrong passphrase")),
                 code == int(ErrorCode::BadSignature));
        QVERIFY(!QFileInfo::exists(opened));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 2); // no partial output left
    }
};

QTEST_GUILESS_MAIN(TestBackupCipher)
#include "tst_backupcipher.moc"
