// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

namespace tier::bench {

/// Sizes of one run. The presets (--smoke, --quick, full) fill these; every one can be overridden.
struct BenchOptions
{
    QString mode = QStringLiteral("full");
    bool json = false;
    // Crypto limit
    double cryptoSeconds = 2.0;
    // In-process config service
    int inprocMembers = 2000;  ///< real identities (vectors/identities.txt) driven round-robin
    int coldMembers = 300;     ///< of those, first requests measured with the node's identity validation
    int warmRequests = 100000; ///< warm requests after every member has asked once
    int authMembers = 500;     ///< of those, authorized one by one on a private network
    QString postgres;          ///< postgresql:// server: the in-process figures again on a fresh database there
    // Loopback UDP: simulated members against a real engine
    int udpMembers = 200;
    int udpRounds = 3; ///< re-requests per member after the first config
    // Members over real sockets: the headless program against tiermaster-membersim
    QList<int> extMembers{2000, 4000}; ///< one run (fresh controller, fresh members) per size
    int extSeconds = 20;               ///< measuring window of the load
    int extSettleSeconds = 5;          ///< load before the window
    int extAdmitTimeout = 240;         ///< longest wait for every member's first config
    // Scale
    int members = 1000000;
    int networks = 1000;
    int bigNetwork = 100000;
    bool ui = true;
    // Write load
    int online = 50000;
    int writeSeconds = 120; ///< simulated seconds of re-requests (every member asks every 60 s)
    QString workDir;        ///< empty: a temporary folder
    bool keepWorkDir = false;
};

} // namespace tier::bench
