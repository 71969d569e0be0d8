// SPDX-License-Identifier: GPL-3.0-or-later
#include "signprobe.h"

#include "benchutil.h"

#include <QElapsedTimer>

#include <sodium.h>

namespace tier::bench {

SignProbe::SignProbe()
{
    unsigned char pk[crypto_sign_PUBLICKEYBYTES];
    crypto_sign_keypair(pk, m_secret);
    randombytes_buf(m_message, sizeof m_message);
}

void SignProbe::run(int count)
{
    QElapsedTimer wall;
    wall.start();
    const qint64 cpu0 = threadCpuUs();
    unsigned char sig[crypto_sign_BYTES];
    for (int i = 0; i < count; ++i) {
        crypto_sign_detached(sig, nullptr, m_message, sizeof m_message, m_secret);
        m_message[0] = sig[0]; // a new message each time, as in real use
    }
    m_cpuUs += threadCpuUs() - cpu0;
    m_wallNs += wall.nsecsElapsed();
    m_count += count;
}

} // namespace tier::bench
