// SPDX-License-Identifier: GPL-3.0-or-later
// Child process for tst_backupkill: runs one Backup export or restore so that the test can kill it
// with SIGKILL at any moment. Prints "started" before and "done" after the operation.
//   backupchild export <database> <target>
//   backupchild restore <backup> <live database> <data dir>
//   backupchild export-encrypted <database> <data dir> <target>: prints "plain-ready" once the
//     plaintext snapshot exists (in the data dir's scratch folder) and then sleeps, to be killed there

#include "core/crypto/primitives.h"
#include "core/store/backup.h"
#include "core/store/scratchfolder.h"

#include <QCoreApplication>
#include <QThread>

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
    } else if (args.size() == 5 && args.at(1) == QLatin1String("export-encrypted")) {
        tier::EncryptedExport job;
        job.databasePath = args.at(2);
        job.dataDir = args.at(3);
        job.targetPath = args.at(4);
        job.passphrase = "correct horse battery";
        job.plainReady = [](const QString &) {
            std::fputs("plain-ready\n", stdout);
            std::fflush(stdout);
            QThread::sleep(600); // killed here: the plaintext exists and encryption has not begun
        };
        tier::Result<qint64> written = job.run();
        if (!written)
            outcome = written.error();
    } else if (args.size() == 5 && args.at(1) == QLatin1String("restore")) {
        tier::Result<tier::RestoreResult> restored = tier::Backup::restore(args.at(2), args.at(3), args.at(4));
        if (!restored)
            outcome = restored.error();
    } else {
        std::fputs("usage: backupchild export DB TARGET | export-encrypted DB DATADIR TARGET | restore BACKUP LIVE DATADIR\n", stderr);
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
