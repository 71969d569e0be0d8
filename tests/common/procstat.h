// SPDX-License-Identifier: GPL-3.0-or-later
// What a process costs, read from /proc as the system counts it (all threads): for benchmarks that
// measure a program from outside.
#pragma once

#include <QByteArray>
#include <QFile>
#include <QList>
#include <QString>

#include <unistd.h>

namespace tier::test {

/// User + system CPU time of process `pid` (all threads), µs; -1 if unreadable.
inline qint64 processCpuUs(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray text = f.readAll();
    const qsizetype close = text.lastIndexOf(')'); // the command name may hold spaces
    if (close < 0)
        return -1;
    const QList<QByteArray> fields = text.mid(close + 2).split(' ');
    if (fields.size() < 13)
        return -1;
    const qint64 ticks = fields[11].toLongLong() + fields[12].toLongLong(); // fields 14 and 15 of stat
    return ticks * 1000000 / sysconf(_SC_CLK_TCK);
}

/// A "Vm…" line of /proc/PID/status (e.g. "VmRSS", "VmHWM") in bytes, for `pid` or (0) this process;
/// -1 if unreadable.
inline qint64 processStatusBytes(qint64 pid, const char *field)
{
    QFile status(pid == 0 ? QStringLiteral("/proc/self/status") : QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray prefix = QByteArray(field) + ':';
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed().split(' ').value(0).toLongLong() * 1024;
    }
    return -1;
}

} // namespace tier::test
