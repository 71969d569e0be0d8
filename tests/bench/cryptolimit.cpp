// SPDX-License-Identifier: GPL-3.0-or-later
// The physical limit every answer is measured against: each config carries Ed25519 signatures (the
// COM, the certificate of ownership, each chunk), and nothing signs faster than libsodium itself.

#include "benchutil.h"
#include "core/crypto/primitives.h"
#include "sections.h"

#include <QElapsedTimer>
#include <QThread>

#include <sodium.h>

#include <atomic>
#include <thread>
#include <vector>

namespace tier::bench {

namespace {

// Raw libsodium: Ed25519 over the 32-byte digest prefix that ZeroTier signs.
double signaturesPerSecond(double seconds)
{
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    unsigned char sk[crypto_sign_SECRETKEYBYTES];
    crypto_sign_keypair(pk, sk);
    unsigned char message[32];
    randombytes_buf(message, sizeof message);
    unsigned char sig[crypto_sign_BYTES];
    // Per CPU second of this thread (not per wall second), so that other load on a shared machine
    // does not lower the limit; the engine's cost is measured the same way.
    QElapsedTimer timer;
    timer.start();
    const qint64 cpu0 = threadCpuUs();
    qint64 count = 0;
    const qint64 budget = qint64(seconds * 1e9);
    while (timer.nsecsElapsed() < budget) {
        for (int i = 0; i < 64; ++i) {
            crypto_sign_detached(sig, nullptr, message, sizeof message, sk);
            message[0] = sig[0]; // keep the compiler from hoisting anything out of the loop
        }
        count += 64;
    }
    const qint64 cpu = std::max<qint64>(1, threadCpuUs() - cpu0);
    return double(count) * 1e6 / double(cpu);
}

double allCores(int threads, double seconds)
{
    std::vector<double> rates(size_t(threads), 0.0);
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t)
        workers.emplace_back([&, t] { rates[size_t(t)] = signaturesPerSecond(seconds); });
    double total = 0;
    for (int t = 0; t < threads; ++t) {
        workers[size_t(t)].join();
        total += rates[size_t(t)];
    }
    return total;
}

} // namespace

double runCryptoLimit(const BenchOptions &options, BenchReport &report)
{
    report.section(QStringLiteral("Crypto limit (libsodium, this machine)"));
    const int cores = QThread::idealThreadCount();
    const double one = signaturesPerSecond(options.cryptoSeconds);
    const double all = allCores(cores, options.cryptoSeconds);
    report.add(QStringLiteral("sign_per_s"), QStringLiteral("Ed25519 signatures per CPU second, 1 core"), one,
               QStringLiteral("sig/s"));
    report.add(QStringLiteral("sign_per_s_all_cores"), QStringLiteral("Ed25519 signatures/s, %1 threads").arg(cores),
               all, QStringLiteral("sig/s"));
    const Identity pub = loadIdentities(1).value(0).publicOnly();
    QElapsedTimer timer;
    timer.start();
    int validations = 0;
    while (timer.elapsed() < qint64(options.cryptoSeconds * 500) || validations < 3) {
        (void)pub.locallyValidate();
        ++validations;
    }
    report.add(QStringLiteral("identity_validate_ms"), QStringLiteral("identity validation (memory-hard), 1 core"),
               double(timer.nsecsElapsed()) / 1e6 / validations, QStringLiteral("ms"));
    return one;
}

} // namespace tier::bench
