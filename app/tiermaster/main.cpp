// SPDX-License-Identifier: GPL-3.0-or-later
#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tiermaster"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TIERMASTER_VERSION));
    QTextStream(stdout) << "tiermaster " << QCoreApplication::applicationVersion() << '\n';
    return 0;
}
