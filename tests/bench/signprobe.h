// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

namespace tier::bench {

/// Raw libsodium Ed25519 signing (over the 32-byte digest prefix ZeroTier signs), measured in CPU
/// time of the calling thread. Run in short slices between the requests being measured, it gives
/// the signing limit under the very same machine conditions (a shared machine varies a lot).
class SignProbe final
{
public:
    SignProbe();
    /// Signs `count` times; adds the signatures, this thread's CPU time and the wall time.
    void run(int count);
    double perCpuSecond() const { return m_cpuUs > 0 ? double(m_count) * 1e6 / double(m_cpuUs) : 0.0; }
    qint64 cpuUs() const { return m_cpuUs; }
    qint64 wallNs() const { return m_wallNs; }

private:
    unsigned char m_secret[64];
    unsigned char m_message[32];
    qint64 m_count = 0;
    qint64 m_cpuUs = 0;
    qint64 m_wallNs = 0;
};

} // namespace tier::bench
