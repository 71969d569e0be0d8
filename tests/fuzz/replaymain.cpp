// SPDX-License-Identifier: GPL-3.0-or-later
// Replays a fuzz corpus through a fuzz target without libFuzzer, so that every test run checks that
// what earlier campaigns found (and the vector seeds) still decodes without a crash.
#include <QDir>
#include <QFile>
#include <QTextStream>

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char *argv[])
{
    QTextStream out(stdout);
    if (argc < 2) {
        out << "usage: " << argv[0] << " <corpus dir or file>...\n";
        return 2;
    }
    int replayed = 0;
    for (int i = 1; i < argc; ++i) {
        const QString path = QString::fromLocal8Bit(argv[i]);
        QStringList files;
        if (QFileInfo(path).isDir()) {
            const QDir dir(path);
            for (const QString &name : dir.entryList(QDir::Files, QDir::Name))
                files << dir.filePath(name);
        } else {
            files << path;
        }
        for (const QString &file : files) {
            QFile f(file);
            if (!f.open(QIODevice::ReadOnly)) {
                out << "cannot read " << file << '\n';
                return 1;
            }
            const QByteArray data = f.readAll();
            LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(data.constData()), size_t(data.size()));
            ++replayed;
        }
    }
    out << "replayed " << replayed << " inputs\n";
    // A corpus that went missing must not pass silently.
    return replayed > 0 ? 0 : 1;
}
