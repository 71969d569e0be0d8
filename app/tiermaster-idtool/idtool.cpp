// SPDX-License-Identifier: GPL-3.0-or-later
#include "idtool.h"

#include "core/crypto/identity.h"
#include "core/crypto/primitives.h"
#include "core/protocol/packetdescription.h"
#include "moonjson.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>

#include <optional>

namespace tier::idtool {

namespace {

std::optional<QByteArray> readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    return file.readAll();
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    if (file.write(data) != data.size())
        return false;
    return file.commit();
}

// As zerotier-idtool decides: an argument longer than 32 characters with ':' at index 10 is an
// identity itself; anything else names a file holding one.
std::optional<Identity> identityArgument(const QString &arg)
{
    QString text = arg;
    if (!(arg.size() > 32 && arg.at(10) == u':')) {
        const auto contents = readFile(arg);
        if (!contents)
            return std::nullopt;
        text = QString::fromUtf8(*contents);
    }
    auto parsed = Identity::fromString(text);
    if (!parsed.ok())
        return std::nullopt;
    return parsed.value();
}

QByteArray local(const QString &text)
{
    return text.toLocal8Bit();
}

bool isHex(QByteArrayView text)
{
    for (char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return false;
    return true;
}

// Hex given literally or in a file (whitespace ignored); nullopt if neither yields hex.
std::optional<QByteArray> hexArgument(const QString &arg)
{
    QByteArray text = arg.toLatin1();
    if (!isHex(text) || text.isEmpty()) {
        const auto contents = readFile(arg);
        if (!contents)
            return std::nullopt;
        text = *contents;
    }
    QByteArray compact;
    for (char c : text)
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
            compact += c;
    if (compact.isEmpty() || compact.size() % 2 != 0 || !isHex(compact))
        return std::nullopt;
    return QByteArray::fromHex(compact);
}

} // namespace

void IdTool::print(const QByteArray &text)
{
    std::fwrite(text.constData(), 1, size_t(text.size()), m_out);
    std::fflush(m_out);
}

void IdTool::printError(const QByteArray &text)
{
    std::fwrite(text.constData(), 1, size_t(text.size()), m_err);
    std::fflush(m_err);
}

int IdTool::usage()
{
    printError("tiermaster-idtool " TIERMASTER_VERSION " (a drop-in for zerotier-idtool)\n"
               "Usage: tiermaster-idtool <command> [<args>]\n"
               "Commands:\n"
               "  generate [<identity.secret>] [<identity.public>]\n"
               "  validate <identity.secret/public>\n"
               "  getpublic <identity.secret>\n"
               "  sign <identity.secret> <file>\n"
               "  verify <identity.secret/public> <file> <signature>\n"
               "  initmoon <identity.public of first seed>\n"
               "  genmoon <moon json>\n"
               "  decode <our identity.secret> <peer identity> <packet hex or file>\n"
               "An identity argument is the identity itself or a file containing it.\n");
    return 1;
}

int IdTool::run(const QStringList &args)
{
    if (!crypto::initialize()) {
        printError("libsodium failed to initialize\n");
        return 1;
    }
    if (args.isEmpty())
        return usage();
    const QString &command = args.first();
    const QStringList rest = args.mid(1);
    if (command == u"generate")
        return generate(rest);
    if (command == u"validate")
        return validate(rest);
    if (command == u"getpublic")
        return getPublic(rest);
    if (command == u"sign")
        return sign(rest);
    if (command == u"verify")
        return verify(rest);
    if (command == u"initmoon")
        return initMoon(rest);
    if (command == u"genmoon")
        return genMoon(rest);
    if (command == u"decode")
        return decode(rest);
    return usage();
}

int IdTool::generate(const QStringList &args)
{
    if (args.size() > 2)
        return usage();
    const Identity id = Identity::generate();
    const QByteArray secretText = id.toString(true).toLatin1();
    if (args.isEmpty()) {
        print(secretText);
        return 0;
    }
    if (!writeFile(args[0], secretText)) {
        printError("Error writing to " + local(args[0]) + '\n');
        return 1;
    }
    QFile::setPermissions(args[0], QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    print(local(args[0]) + " written\n");
    if (args.size() == 2) {
        if (!writeFile(args[1], id.toString(false).toLatin1())) {
            printError("Error writing to " + local(args[1]) + '\n');
            return 1;
        }
        print(local(args[1]) + " written\n");
    }
    return 0;
}

int IdTool::validate(const QStringList &args)
{
    if (args.size() != 1)
        return usage();
    const auto id = requireIdentity(args[0]);
    if (!id)
        return 1;
    if (!id->locallyValidate()) {
        printError(local(args[0]) + " FAILED validation.\n");
        return 1;
    }
    print(local(args[0]) + " is a valid identity\n");
    return 0;
}

int IdTool::getPublic(const QStringList &args)
{
    if (args.size() != 1)
        return usage();
    const auto id = requireIdentity(args[0]);
    if (!id)
        return 1;
    print(id->toString(false).toLatin1());
    return 0;
}

int IdTool::sign(const QStringList &args)
{
    if (args.size() != 2)
        return usage();
    const auto id = requireIdentity(args[0]);
    if (!id)
        return 1;
    if (!id->hasSecret()) {
        printError(local(args[0]) + " does not contain a secret key (must use identity.secret)\n");
        return 1;
    }
    const auto message = readFile(args[1]);
    if (!message) {
        printError(local(args[1]) + " is not readable\n");
        return 1;
    }
    print(id->sign(*message).toHex());
    return 0;
}

int IdTool::verify(const QStringList &args)
{
    if (args.size() != 3)
        return usage();
    const auto id = requireIdentity(args[0]);
    if (!id)
        return 1;
    const auto message = readFile(args[1]);
    if (!message) {
        printError(local(args[1]) + " is not readable\n");
        return 1;
    }
    const auto signature = hexArgument(args[2]);
    if (!signature || signature->size() != Identity::SignatureLength || !id->verify(*message, *signature)) {
        printError(local(args[1]) + " signature check FAILED\n");
        return 1;
    }
    print(local(args[1]) + " signature valid\n");
    return 0;
}

int IdTool::initMoon(const QStringList &args)
{
    if (args.size() != 1)
        return usage();
    const auto id = requireIdentity(args[0]);
    if (!id)
        return 1;
    print(MoonJson::format(MoonJson::initial(*id)) + '\n');
    return 0;
}

int IdTool::genMoon(const QStringList &args)
{
    if (args.size() != 1)
        return usage();
    const auto contents = readFile(args[0]);
    if (!contents) {
        printError(local(args[0]) + " is not readable\n");
        return 1;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(*contents, &parseError);
    if (!doc.isObject()) {
        printError(local(args[0]) + " is not valid JSON: " + local(parseError.errorString()) + '\n');
        return 1;
    }
    const quint64 timestamp = quint64(QDateTime::currentMSecsSinceEpoch());
    auto world = MoonJson::build(doc.object(), timestamp);
    if (!world.ok()) {
        printError("invalid world in " + local(args[0]) + ": " + local(world.error().message) + '\n');
        return 1;
    }
    const QString fileName = world->idString() + QStringLiteral(".moon");
    if (!writeFile(QDir::current().filePath(fileName), world->toBytes())) {
        printError("Error writing to " + local(fileName) + '\n');
        return 1;
    }
    print("wrote " + local(fileName) + " (signed world with timestamp " + QByteArray::number(timestamp) + ")\n");
    return 0;
}

std::optional<Identity> IdTool::requireIdentity(const QString &arg)
{
    auto id = identityArgument(arg);
    if (!id)
        printError("Identity argument invalid or file unreadable: " + local(arg) + '\n');
    return id;
}

int IdTool::decode(const QStringList &args)
{
    if (args.size() != 3)
        return usage();
    const auto ours = identityArgument(args[0]);
    if (!ours || !ours->hasSecret()) {
        printError("Our identity (with secret) invalid or file unreadable: " + local(args[0]) + '\n');
        return 1;
    }
    // "-" leaves the peer open: a HELLO carries its sender's identity.
    Identity peer;
    if (args[1] != u"-") {
        const auto parsed = requireIdentity(args[1]);
        if (!parsed)
            return 1;
        peer = *parsed;
    }
    const auto wire = hexArgument(args[2]);
    if (!wire) {
        printError("Packet argument is neither hex nor a readable file of hex: " + local(args[2]) + '\n');
        return 1;
    }
    // The description is printed even when decoding stops early: what was read helps debugging.
    const QJsonObject description = PacketDescription::describeDatagram(*wire, *ours, peer);
    print(QJsonDocument(description).toJson(QJsonDocument::Indented));
    if (description.contains(u"error")) {
        printError("Cannot decode packet: " + local(description.value(u"error").toString()) + '\n');
        return 1;
    }
    return 0;
}

} // namespace tier::idtool
