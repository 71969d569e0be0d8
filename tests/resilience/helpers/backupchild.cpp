// SPDX-License-Identifier: GPL-3.0-or-later
// Child process for tst_backupkill: runs one Backup export or restore so that the test can kill it
// with SIGKILL at any moment. Prints "started" before and "done" after the operation.
//   backupchild export <database> <target>
//   backupchild restore <backup> <live database> <data dir>

#include "core/crypto/primitives.h"
#include "core/store/backup.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (!tier::crypto::initialize())
        return 2;
    std::fputs("started\n", stdout);
    std::fflush(stdout);
    tier::Status outcome = tier::Ok{};
    if (args.size() == 4 && args.at(1) == QLatin1String("export")) {
        tier::Result<qint64> written = tier::Backup::exportFile(args.at(2), args.at(3));
        if (!written)
            outcome = written.error();
    } else if (args.size() == 5 && args.at(1) == QLatin1String("restore")) {
        tier::Result<tier::RestoreResult> restored = tier::Backup::restore(args.at(2), args.at(3), args.at(4));
        if (!restored)
            outcome = restored.error();
    } else {
        std::fputs("usage: backupchild export DB TARGET | restore BACKUP LIVE DATADIR\n", stderr);
        return 2;
    }
    if (!outcome.ok()) {
        std::fprintf(stderr, "%s\n", qPrintable(outcome.error().message));
        return 1;
    }
    std::fputs("done\n", stdout);
    std::fflush(stdout);
    return 0;
}
