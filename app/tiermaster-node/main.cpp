// SPDX-License-Identifier: GPL-3.0-or-later
#include "nodetool.h"

#include <QCoreApplication>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tiermaster-node"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TIERMASTER_VERSION));
    tier::NodeTool tool;
    const int setup = tool.start(QCoreApplication::arguments().mid(1));
    if (setup >= 0)
        return setup;
    return QCoreApplication::exec();
}
