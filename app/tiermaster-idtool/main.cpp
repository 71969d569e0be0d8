// SPDX-License-Identifier: GPL-3.0-or-later
#include "idtool.h"

#include <QString>
#include <QStringList>

#include <cstdio>

int main(int argc, char **argv)
{
    QStringList args;
    for (int i = 1; i < argc; ++i)
        args.append(QString::fromLocal8Bit(argv[i]));
    tier::idtool::IdTool tool(stdout, stderr);
    return tool.run(args);
}
