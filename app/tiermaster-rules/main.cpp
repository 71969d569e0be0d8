// SPDX-License-Identifier: GPL-3.0-or-later
// tiermaster-rules FILE: compiles a flow-rules program and prints what ZeroTier's `node cli.js FILE`
// prints (docs/flowrules.md); on error "ERROR parsing FILE line L column C: MESSAGE" on stderr, exit 1.
#include "core/flowrules/compiler.h"

#include <QCoreApplication>
#include <QFile>
#include <QStringDecoder>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 2 || args.at(1) == u"--help" || args.at(1) == u"-h") {
        std::fprintf(stderr, "Usage: tiermaster-rules FILE\n"
                             "Compiles a ZeroTier flow-rules program and prints the rules, capabilities and tags "
                             "as JSON.\n");
        return args.size() == 2 ? 0 : 2;
    }
    const QString path = args.at(1);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "ERROR: cannot read %s: %s\n", qUtf8Printable(path), qUtf8Printable(file.errorString()));
        return 1;
    }
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString source = decoder.decode(file.readAll());
    const tier::flowrules::CompileResult result = tier::flowrules::compileRules(source);
    if (!result.ok()) {
        std::fprintf(stderr, "ERROR parsing %s %s\n", qUtf8Printable(path), qUtf8Printable(result.error().toString()));
        return 1;
    }
    const QByteArray json = result.rules().toCliJson();
    std::fwrite(json.constData(), 1, size_t(json.size()), stdout);
    return 0;
}
