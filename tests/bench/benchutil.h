// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/crypto/identity.h"

#include <QList>
#include <QObject>
#include <QtGlobal>

#include <functional>

namespace tier::bench {

/// CPU time of the calling thread, µs.
qint64 threadCpuUs();
/// CPU time of the whole process (all threads, user + system), µs.
qint64 processCpuUs();
/// Resident set size of this process, bytes (VmRSS).
qint64 residentBytes();
/// The q-quantile (0…1) of samples (sorted in place); NaN when empty.
double quantile(QList<double> &samples, double q);
/// Secret identities from vectors/identities.txt, from `offset` on (fewer if the file has fewer).
QList<Identity> loadIdentities(int count, int offset = 0);
/// Runs `work` on the thread that owns `context` and waits for it.
void runOn(QObject *context, const std::function<void()> &work);

} // namespace tier::bench
