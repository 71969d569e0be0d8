// SPDX-License-Identifier: GPL-3.0-or-later
// Serving as a root (issue 15): a Node whose planet names it, on this thread, with two member
// nodes A and B that HELLO it first (so it knows their paths), then have their sockets taken over
// by a blaster thread: A's port sends pre-built datagrams, B's port only receives. Measured, each
// with the per-path budgets lifted so the figure is the root's own capacity:
//  - relayed packets/s: A -> B datagrams the root forwards (policy check, budget, header rewrite);
//  - WHOIS answers/s: authenticated WHOIS from A for B, each answered with a sealed OK(WHOIS);
//  - member WHOIS answered while bogus HELLOs (real keys, underived addresses) flood the root.
// The blaster sends as fast as the socket lets it; the figures are what the root got done per
// second of its own busy time (wall clock from the first to the last counted packet).

#include "benchutil.h"
#include "core/crypto/signing.h"
#include "core/node/node.h"
#include "core/protocol/hello.h"
#include "core/protocol/packet.h"
#include "core/protocol/whois.h"
#include "sections.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace tier::bench {

namespace {

/// Sends `datagrams` from 127.0.0.1:fromPort to the root, as fast as the socket takes them, from its
/// own thread. Owns a socket bound to fromPort (the member's, after its node closed it).
class Blaster final
{
public:
    /// rate: datagrams per second, 0 = as fast as the socket takes them.
    Blaster(quint16 fromPort, quint16 toPort, QList<QByteArray> datagrams, int rate = 0)
        : m_from(fromPort), m_to(toPort), m_datagrams(std::move(datagrams)), m_rate(rate)
    {}
    ~Blaster() { join(); }

    bool start()
    {
        m_socket = ::socket(AF_INET, SOCK_DGRAM, 0);
        sockaddr_in self{};
        self.sin_family = AF_INET;
        self.sin_port = htons(m_from);
        self.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (m_socket < 0 || ::bind(m_socket, reinterpret_cast<sockaddr *>(&self), sizeof self) != 0)
            return false;
        m_thread = std::thread([this] {
            sockaddr_in to{};
            to.sin_family = AF_INET;
            to.sin_port = htons(m_to);
            to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            const auto started = std::chrono::steady_clock::now();
            for (const QByteArray &d : std::as_const(m_datagrams)) {
                ::sendto(m_socket, d.constData(), size_t(d.size()), 0, reinterpret_cast<sockaddr *>(&to), sizeof to);
                ++m_sent;
                if (m_rate > 0 && m_sent % 16 == 0)
                    std::this_thread::sleep_until(started +
                                                  std::chrono::microseconds(qint64(m_sent) * 1000000 / m_rate));
                else if (m_sent % 256 == 0)
                    std::this_thread::yield(); // leave the root's thread some of the two cores
            }
            m_done = true;
        });
        return true;
    }
    void join()
    {
        if (m_thread.joinable())
            m_thread.join();
        if (m_socket >= 0)
            ::close(m_socket);
        m_socket = -1;
    }
    bool done() const { return m_done; }
    quint64 sent() const { return m_sent; }

private:
    quint16 m_from;
    quint16 m_to;
    QList<QByteArray> m_datagrams;
    int m_rate = 0;
    int m_socket = -1;
    std::thread m_thread;
    std::atomic<bool> m_done{false};
    std::atomic<quint64> m_sent{0};
};

/// Runs the event loop until counter() stops growing for 300 ms after the blaster finished;
/// returns (count, busy seconds, root thread CPU µs).
struct Window
{
    quint64 count = 0;
    double seconds = 0;
    qint64 cpuUs = 0;
};
template<typename Counter>
Window measure(Blaster &blaster, Counter counter)
{
    const quint64 before = counter();
    const qint64 cpu0 = threadCpuUs();
    QElapsedTimer wall;
    wall.start();
    qint64 firstAt = -1;
    qint64 lastAt = 0;
    quint64 last = before;
    QElapsedTimer idle;
    idle.start();
    while (wall.elapsed() < 60000) {
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents); // the tick wakes it
        const quint64 now = counter();
        if (now != last) {
            if (firstAt < 0)
                firstAt = wall.elapsed();
            lastAt = wall.elapsed();
            last = now;
            idle.restart();
        } else if (blaster.done() && idle.elapsed() > 300) {
            break;
        }
    }
    Window w;
    w.count = last - before;
    w.seconds = firstAt < 0 ? 0 : std::max<double>(0.001, double(lastAt - firstAt) / 1000.0);
    w.cpuUs = threadCpuUs() - cpu0;
    return w;
}

} // namespace

void runRoot(const BenchOptions &options, BenchReport &report)
{
    report.section(QStringLiteral("Private root (a node whose planet names it; loopback)"));
    const QList<Identity> ids = loadIdentities(3 + 20, 300);
    if (ids.size() < 23) {
        report.note(QStringLiteral("root skipped: vectors/identities.txt not found"));
        return;
    }
    NodeOptions rootOptions;
    rootOptions.port = 0;
    rootOptions.bindAddress = QHostAddress(QHostAddress::LocalHost);
    rootOptions.tickIntervalMs = 50;
    rootOptions.rootRelayPerSecond = 100000000; // the root's capacity, not the per-path budget
    rootOptions.rootRelayBurst = 100000000;
    rootOptions.rootWhoisPerSecond = 100000000;
    Node root(ids[0], rootOptions);
    if (!root.start().ok()) {
        report.note(QStringLiteral("root skipped: cannot bind"));
        return;
    }
    const crypto::C25519KeyPair key = crypto::generateKeyPair();
    World::Root self{ids[0].publicOnly(), {InetAddress::fromIPv4(0x7f000001, root.localPort())}};
    const Result<World> planet =
        World::create(World::Type::Planet, 0x5eedbe4c4ULL, 1700000000000ULL, key.publicKey, {self}, key.secretKey);
    root.setWorlds(*planet);
    const Address a = ids[1].address();
    const Address b = ids[2].address();
    root.setRootMemberPolicy([a, b](Address x) { return x == a || x == b; });

    NodeOptions memberOptions = rootOptions;
    memberOptions.openRoot = false;
    auto nodeA = std::make_unique<Node>(ids[1], memberOptions);
    auto nodeB = std::make_unique<Node>(ids[2], memberOptions);
    nodeA->setWorlds(*planet);
    nodeB->setWorlds(*planet);
    if (!nodeA->start().ok() || !nodeB->start().ok()) {
        report.note(QStringLiteral("root skipped: member nodes did not start"));
        return;
    }
    QElapsedTimer wait;
    wait.start();
    while ((!root.peer(a) || !root.peer(b)) && wait.elapsed() < 10000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    const quint16 portA = nodeA->localPort();
    nodeA.reset(); // their ports are taken over by the blaster (A) and by nobody (B: datagrams are dropped)
    nodeB.reset();
    const int n = options.mode == QLatin1String("smoke")   ? 2000
                  : options.mode == QLatin1String("quick") ? 50000
                                                           : 200000;

    // 1. Relay: A -> B packets (opaque to the root: it never has their key).
    {
        QList<QByteArray> datagrams;
        datagrams.reserve(n);
        Packet p(1, b, a, Verb::Frame, QByteArray(100, 'x'));
        Result<QList<QByteArray>> sealed = p.seal(QByteArray(48, '\x11'), CipherSuite::Poly1305Salsa2012);
        for (int i = 0; i < n && sealed; ++i) {
            QByteArray d = sealed->first();
            const quint64 id = quint64(i) + 1;
            for (int k = 0; k < 8; ++k)
                d[k] = char(id >> (56 - 8 * k));
            datagrams.append(d);
        }
        Blaster blaster(portA, root.localPort(), datagrams);
        if (!blaster.start()) {
            report.note(QStringLiteral("root relay skipped: cannot bind A's port"));
        } else {
            const Window w = measure(blaster, [&root] { return root.rootCounters().relayed; });
            blaster.join();
            report.add(QStringLiteral("root_relayed_per_s"), QStringLiteral("relayed packets per second"),
                       double(w.count) / w.seconds, QStringLiteral("/s"));
            report.add(QStringLiteral("root_relay_cpu_us"), QStringLiteral("root thread CPU per relayed packet"),
                       w.count ? double(w.cpuUs) / double(w.count) : 0.0, QStringLiteral("µs"));
            report.add(QStringLiteral("root_relay_delivered_ratio"), QStringLiteral("relayed of sent"),
                       double(w.count) / double(std::max<quint64>(1, blaster.sent())));
        }
    }

    // 2. WHOIS: authenticated questions from A for B, each answered with a sealed OK(WHOIS).
    const std::optional<QByteArray> keyA = ids[1].agree(ids[0].publicOnly());
    QList<QByteArray> whois;
    whois.reserve(n);
    WhoisPayload question;
    question.addresses = {b};
    for (int i = 0; i < n && keyA; ++i) {
        Packet p(Packet::newPacketId(), ids[0].address(), a, Verb::Whois, question.encode());
        Result<QList<QByteArray>> sealed = p.seal(*keyA, CipherSuite::Poly1305Salsa2012);
        if (sealed)
            whois.append(sealed->first());
    }
    {
        Blaster blaster(portA, root.localPort(), whois);
        if (blaster.start()) {
            const Window w = measure(blaster, [&root] { return root.rootCounters().whoisAnswered; });
            blaster.join();
            report.add(QStringLiteral("root_whois_answers_per_s"), QStringLiteral("WHOIS answers per second"),
                       double(w.count) / w.seconds, QStringLiteral("/s"));
            report.add(QStringLiteral("root_whois_cpu_us"), QStringLiteral("root thread CPU per WHOIS answer"),
                       w.count ? double(w.cpuUs) / double(w.count) : 0.0, QStringLiteral("µs"));
        }
    }

    // 3. Member WHOIS at a steady 2,000/s while bogus HELLOs (each a key agreement, and a memory-hard
    //    validation while the budget lasts) come in at 5,000/s.
    {
        const int seconds = options.mode == QLatin1String("smoke") ? 1 : options.mode == QLatin1String("quick") ? 3 : 5;
        QList<QByteArray> hellos;
        for (int i = 0; i < 400; ++i) {
            const Identity &keys = ids[3 + (i % 20)];
            const Address claimed((quint64(0x3e) << 32) | QRandomGenerator::global()->generate());
            Result<Identity> bogus =
                Identity::fromString(QStringLiteral("%1:0:%2:%3")
                                         .arg(claimed.toString(), QString::fromLatin1(keys.publicKey().toHex()),
                                              QString::fromLatin1(keys.secretKey().toHex())));
            HelloPayload hello;
            hello.protocolVersion = 12;
            hello.timestamp = quint64(root.now());
            hello.identity = bogus ? bogus->publicOnly() : Identity();
            const std::optional<QByteArray> k = bogus ? bogus->agree(ids[0].publicOnly()) : std::nullopt;
            Result<Packet> p = hello.toPacket(Packet::newPacketId(), ids[0].address(), k.value_or(QByteArray(48, 0)));
            if (p)
                hellos.append(p->bytes());
        }
        QList<QByteArray> flood;
        for (int i = 0; i < 5000 * seconds && !hellos.isEmpty(); ++i)
            flood.append(hellos.at(i % hellos.size()));
        QList<QByteArray> asks;
        for (int i = 0; i < 2000 * seconds && keyA; ++i) {
            Packet p(Packet::newPacketId(), ids[0].address(), a, Verb::Whois, question.encode());
            if (Result<QList<QByteArray>> sealed = p.seal(*keyA, CipherSuite::Poly1305Salsa2012))
                asks.append(sealed->first());
        }
        Blaster flooder(0, root.localPort(), flood, 5000);
        Blaster member(portA, root.localPort(), asks, 2000);
        const quint64 validatedBefore = root.counters().identitiesValidated;
        const quint64 helloBefore = root.counters().droppedIdentityMismatch + root.counters().droppedValidationBudget;
        if (flooder.start() && member.start()) {
            const Window w = measure(member, [&root] { return root.rootCounters().whoisAnswered; });
            member.join();
            flooder.join();
            report.add(QStringLiteral("root_whois_answered_ratio_under_flood"),
                       QStringLiteral("member WHOIS answered during a 5,000/s bogus-HELLO flood"),
                       double(w.count) / double(std::max<quint64>(1, member.sent())));
            report.add(QStringLiteral("root_whois_answers_per_s_under_hello_flood"),
                       QStringLiteral("WHOIS answers per second then (offered 2,000/s)"),
                       double(w.count) / std::max(w.seconds, double(seconds)), QStringLiteral("/s"));
            report.add(QStringLiteral("root_flood_hellos_refused"), QStringLiteral("bogus HELLOs refused"),
                       double(root.counters().droppedIdentityMismatch + root.counters().droppedValidationBudget -
                              helloBefore));
            report.add(QStringLiteral("root_flood_validations"),
                       QStringLiteral("memory-hard validations the flood got (budget 25/s)"),
                       double(root.counters().identitiesValidated - validatedBefore));
        }
    }
    report.add(QStringLiteral("root_peers_after"), QStringLiteral("peers held after the floods"),
               double(root.peerCount()));
}

} // namespace tier::bench
