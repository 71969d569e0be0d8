// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/crypto/identity.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <cstdio>
#include <optional>

namespace tier::idtool {

/// The command line of tiermaster-idtool, a drop-in for zerotier-idtool: same commands, argument
/// order, output and exit codes (docs/protocol/crypto.md §10, docs/protocol/world.md §7), plus `decode`.
class IdTool final
{
public:
    IdTool(FILE *out, FILE *err) : m_out(out), m_err(err) {}

    /// args excludes the program name. Returns the process exit code.
    int run(const QStringList &args);

private:
    int usage();
    int generate(const QStringList &args);
    int validate(const QStringList &args);
    int getPublic(const QStringList &args);
    int sign(const QStringList &args);
    int verify(const QStringList &args);
    int initMoon(const QStringList &args);
    int genMoon(const QStringList &args);
    int decode(const QStringList &args);

    void print(const QByteArray &text);
    void printError(const QByteArray &text);
    /// The identity `arg` is or names (identityArgument), or nullopt after printing why not.
    std::optional<Identity> requireIdentity(const QString &arg);

    FILE *m_out;
    FILE *m_err;
};

} // namespace tier::idtool
