// SPDX-License-Identifier: GPL-3.0-or-later
// tiermaster-bench: single-thread (per core) throughput of the hot crypto and codec paths, each next to
// the raw libsodium call it rests on where there is one. Prints figures; never passes or fails.
//
//   tiermaster-bench [--quick] [--json] [--threads N]
//
// With --threads N every figure is the sum over N threads running the same operation at once (the
// baselines too), which shows how far a worker pool would scale on this machine.

#include "common/vectors.h"
#include "core/crypto/identity.h"
#include "core/crypto/primitives.h"
#include "core/crypto/signing.h"
#include "core/protocol/packet.h"
#include "core/protocol/world.h"
#if __has_include("core/protocol/networkconfig.h")
#include "core/protocol/networkconfig.h"
#define TIERMASTER_BENCH_NETCONF 1
#endif

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>
#include <QSysInfo>
#include <QThread>

#include <sodium.h>

#include <cstdio>
#include <functional>
#include <thread>
#include <vector>

using namespace tier;

namespace {

struct Figure
{
    QString name;
    double perSecond = 0;
    QString baselineName;
    double baselinePerSecond = 0;
    QString unit = QStringLiteral("ops/s");
};

// Runs op in batches until at least `seconds` have passed; returns operations per second.
double measureOne(double seconds, const std::function<void()> &op)
{
    op(); // warm-up (first-use allocations such as the identity work area)
    QElapsedTimer timer;
    timer.start();
    qint64 count = 0;
    qint64 batch = 1;
    const qint64 budgetNs = qint64(seconds * 1e9);
    while (timer.nsecsElapsed() < budgetNs) {
        for (qint64 i = 0; i < batch; ++i)
            op();
        count += batch;
        if (timer.nsecsElapsed() < budgetNs / 20)
            batch *= 2;
    }
    return double(count) * 1e9 / double(timer.nsecsElapsed());
}

int g_threads = 1;

// measureOne() in g_threads threads at once; the sum of their rates.
double measure(double seconds, const std::function<void()> &op)
{
    if (g_threads <= 1)
        return measureOne(seconds, op);
    std::vector<double> rates(size_t(g_threads), 0.0);
    std::vector<std::thread> workers;
    for (int t = 0; t < g_threads; ++t)
        workers.emplace_back([&, t] { rates[size_t(t)] = measureOne(seconds, op); });
    double total = 0;
    for (int t = 0; t < g_threads; ++t) {
        workers[size_t(t)].join();
        total += rates[size_t(t)];
    }
    return total;
}

const unsigned char *u(const QByteArray &b)
{
    return reinterpret_cast<const unsigned char *>(b.constData());
}

Identity loadIdentity(int index)
{
    const QJsonArray ids = test::loadVectorJson(QStringLiteral("identities.json")).value(u"identities").toArray();
    auto parsed = Identity::fromString(ids[index].toObject().value(u"secret_string").toString());
    return parsed.ok() ? parsed.value() : Identity::generate();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments().mid(1);
    const bool quick = args.contains(QStringLiteral("--quick"));
    const bool json = args.contains(QStringLiteral("--json"));
    if (args.contains(QStringLiteral("--help")) || args.contains(QStringLiteral("-h"))) {
        std::printf("Usage: tiermaster-bench [--quick] [--json] [--threads N]\n"
                    "Throughput of identity, signature and packet operations: per core by default, summed\n"
                    "over N concurrent threads with --threads N. Prints figures only.\n");
        return 0;
    }
    const qsizetype threadsAt = args.indexOf(QStringLiteral("--threads"));
    if (threadsAt >= 0) {
        bool ok = false;
        g_threads = threadsAt + 1 < args.size() ? args[threadsAt + 1].toInt(&ok) : 0;
        if (!ok || g_threads < 1 || g_threads > 256) {
            std::fprintf(stderr, "--threads needs a number from 1 to 256\n");
            return 1;
        }
    }
    if (!crypto::initialize()) {
        std::fprintf(stderr, "libsodium failed to initialize\n");
        return 1;
    }
    // Generation is slow and noisy (a random number of 2 MiB hashes), so it gets more time.
    const double slice = quick ? 0.25 : 2.0;
    const double generationSlice = quick ? 1.0 : 8.0;

    if (!json)
        std::printf("tiermaster-bench: %s, %d thread(s)%s, %d logical CPUs\n", quick ? "quick" : "full", g_threads,
                    g_threads == 1 ? " (figures per core)" : " (figures summed)", QThread::idealThreadCount());

    QList<Figure> figures;
    auto report = [&](const Figure &f) {
        figures.append(f);
        if (!json) {
            std::printf("%-34s %12.1f %s", qPrintable(f.name), f.perSecond, qPrintable(f.unit));
            if (!f.baselineName.isEmpty())
                std::printf("   | %-36s %12.1f %s", qPrintable(f.baselineName), f.baselinePerSecond,
                            qPrintable(f.unit));
            std::printf("\n");
            std::fflush(stdout);
        }
    };

    const Identity alice = loadIdentity(0);
    const Identity bob = loadIdentity(1);
    const QByteArray message = crypto::randomBytes(256);

    // Identity generation: ours (memory-hard search) next to a bare libsodium key pair derivation.
    {
        Figure f{QStringLiteral("identity generate"), 0, QStringLiteral("raw keypair (seed+x25519 base)"), 0};
        f.perSecond = measure(generationSlice, [] { (void)Identity::generate(); });
        unsigned char seed[32];
        randombytes_buf(seed, sizeof seed);
        f.baselinePerSecond = measure(slice, [&] {
            unsigned char pk[32], sk[64], x[32];
            crypto_sign_seed_keypair(pk, sk, seed);
            crypto_scalarmult_curve25519_base(x, seed);
        });
        report(f);
    }
    {
        Figure f{QStringLiteral("identity validate (2 MiB hash)"), 0, {}, 0};
        const Identity pub = alice.publicOnly();
        f.perSecond = measure(slice, [&] { (void)pub.locallyValidate(); });
        report(f);
    }
    // Signatures over a 256-byte message: ours hashes with SHA-512 and signs 32 bytes; raw signs the message.
    {
        Figure f{QStringLiteral("sign (96-byte, 256 B msg)"), 0, QStringLiteral("crypto_sign_detached (256 B msg)"), 0};
        f.perSecond = measure(slice, [&] { (void)alice.sign(message); });
        const QByteArray sk = crypto::expandSigningKey(alice.secretKey());
        f.baselinePerSecond = measure(slice, [&] {
            unsigned char sig[64];
            crypto_sign_detached(sig, nullptr, u(message), quint64(message.size()), u(sk));
        });
        report(f);
    }
    {
        Figure f{QStringLiteral("verify (96-byte, 256 B msg)"), 0, QStringLiteral("crypto_sign_verify_detached"), 0};
        const QByteArray sig = alice.sign(message);
        const Identity pub = alice.publicOnly();
        f.perSecond = measure(slice, [&] { (void)pub.verify(message, sig); });
        const QByteArray sk = crypto::expandSigningKey(alice.secretKey());
        unsigned char raw[64];
        crypto_sign_detached(raw, nullptr, u(message), quint64(message.size()), u(sk));
        const unsigned char *edPublic = u(alice.publicKey()) + 32;
        f.baselinePerSecond = measure(slice, [&] {
            [[maybe_unused]] const int rc =
                crypto_sign_verify_detached(raw, u(message), quint64(message.size()), edPublic);
        });
        report(f);
    }
    {
        Figure f{QStringLiteral("key agreement (48-byte key)"), 0, QStringLiteral("crypto_scalarmult_curve25519"), 0};
        f.perSecond = measure(slice, [&] { (void)alice.agree(bob); });
        f.baselinePerSecond = measure(slice, [&] {
            unsigned char out[32];
            [[maybe_unused]] const int rc = crypto_scalarmult_curve25519(out, u(alice.secretKey()), u(bob.publicKey()));
        });
        report(f);
    }
    // Packet armor + dearmor, suite 1, 1,400-byte packet.
    {
        Figure f{QStringLiteral("armor+dearmor 1400 B (suite 1)"), 0, QStringLiteral("salsa2012_xor+poly1305 1372 B"),
                 0};
        const QByteArray key = *alice.agree(bob);
        const QByteArray payload = crypto::randomBytes(1400 - protocol::HeaderLength);
        f.perSecond = measure(slice, [&] {
            Packet p(crypto::randomU64(), bob.address(), alice.address(), Verb::Frame, payload);
            (void)p.armor(key, CipherSuite::Poly1305Salsa2012, 0);
            auto received = Packet::fromBytes(p.bytes());
            (void)received->dearmor(key);
        });
        const QByteArray iv = crypto::randomBytes(8);
        f.baselinePerSecond = measure(slice, [&] {
            // Per thread, so that --threads runs do not share the buffer.
            thread_local QByteArray buffer(payload.size() + 64, '\0');
            unsigned char tag[16];
            // One direction's worth of the same primitives, done twice (armor and dearmor).
            for (int i = 0; i < 2; ++i) {
                crypto_stream_salsa2012_xor(reinterpret_cast<unsigned char *>(buffer.data()), u(buffer),
                                            quint64(buffer.size()), u(iv), u(key));
                crypto_onetimeauth_poly1305(tag, u(buffer) + 64, quint64(payload.size()), u(buffer));
            }
        });
        report(f);
    }
    // World parse + signature check (the public planet).
    {
        Figure f{QStringLiteral("planet parse+verify (570 B)"), 0, {}, 0};
        const QByteArray bytes = World::defaultPlanetBytes().toByteArray();
        f.perSecond = measure(slice, [&] {
            auto w = World::fromBytes(bytes);
            (void)w->verifySignature();
        });
        report(f);
    }
#ifdef TIERMASTER_BENCH_NETCONF
    {
        Figure f{QStringLiteral("netconf encode (dictionary)"), 0, {}, 0};
        NetworkConfig config;
        config.networkId = (alice.address().toInt() << 24) | 0x5a5a5a;
        config.timestamp = 1700000000000;
        config.revision = 42;
        config.issuedTo = bob.address();
        config.name = QStringLiteral("benchmark-network");
        config.routes.append(
            NetworkConfig::Route{*InetAddress::fromString(QStringLiteral("10.147.17.0/24")), {}, 0, 0});
        config.staticIps.append(*InetAddress::fromString(QStringLiteral("10.147.17.23/24")));
        f.perSecond = measure(slice, [&] { (void)config.toBytes(); });
        report(f);
    }
#endif

    if (json) {
        QJsonArray list;
        for (const Figure &f : figures) {
            QJsonObject o{{QStringLiteral("name"), f.name},
                          {QStringLiteral("perSecond"), f.perSecond},
                          {QStringLiteral("unit"), f.unit}};
            if (!f.baselineName.isEmpty()) {
                o.insert(QStringLiteral("baseline"), f.baselineName);
                o.insert(QStringLiteral("baselinePerSecond"), f.baselinePerSecond);
            }
            list.append(o);
        }
        const QJsonObject doc{{QStringLiteral("threads"), g_threads},
                              {QStringLiteral("quick"), quick},
                              {QStringLiteral("cpu"), QSysInfo::currentCpuArchitecture()},
                              {QStringLiteral("idealThreadCount"), QThread::idealThreadCount()},
                              {QStringLiteral("figures"), list}};
        std::fputs(QJsonDocument(doc).toJson(QJsonDocument::Indented).constData(), stdout);
    }
    return 0;
}
