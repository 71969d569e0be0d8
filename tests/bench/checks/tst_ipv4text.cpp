// SPDX-License-Identifier: GPL-3.0-or-later
// InetAddress's dotted-quad parser was rewritten as one pass for speed (controllers parse every
// stored address when they pick a new one). This checks it against the rules it must keep —
// exactly four decimal parts of one to three digits, each at most 255, nothing else — on fixed
// cases and on many random strings over the characters that matter.

#include "core/protocol/inetaddress.h"

#include <QRandomGenerator>
#include <QtTest>

using namespace tier;

namespace {

// The rules, written the plain way (fromIpString ignores surrounding blanks).
std::optional<quint32> reference(const QString &text)
{
    const QStringList parts = text.trimmed().split(u'.');
    if (parts.size() != 4)
        return std::nullopt;
    quint32 value = 0;
    for (const QString &part : parts) {
        if (part.isEmpty() || part.size() > 3)
            return std::nullopt;
        for (QChar c : part) {
            if (c < u'0' || c > u'9')
                return std::nullopt;
        }
        const int octet = part.toInt();
        if (octet > 255)
            return std::nullopt;
        value = (value << 8) | quint32(octet);
    }
    return value;
}

std::optional<quint32> parsed(const QString &text)
{
    const auto ip = InetAddress::fromIpString(text);
    if (!ip || !ip->isIPv4())
        return std::nullopt;
    return ip->ipv4();
}

} // namespace

class TestIpv4Text final : public QObject
{
    Q_OBJECT

private slots:
    void fixedCases_data()
    {
        QTest::addColumn<QString>("text");
        for (const char *t : {"10.1.2.3",  "0.0.0.0",    "255.255.255.255", "010.001.002.003",
                              "1.2.3",     "1.2.3.4.",   ".1.2.3.4",        "1..2.3",
                              "1.2.3.256", "1.2.3.1000", "1.2.3.0001",      "1.2.3.-4",
                              "1.2.3.4 ",  " 1.2.3.4",   "1.2.3.a",         "",
                              ".",         "...",        "1.2.3.4.5",       "999.1.1.1"})
            QTest::newRow(t) << QString::fromLatin1(t);
    }
    void fixedCases()
    {
        QFETCH(QString, text);
        QCOMPARE(parsed(text), reference(text));
    }

    void randomStrings()
    {
        QRandomGenerator random(20261124);
        const QString alphabet = QStringLiteral("0123456789...25x ");
        int accepted = 0;
        for (int n = 0; n < 200000; ++n) {
            QString text;
            const int length = int(random.bounded(17));
            for (int i = 0; i < length; ++i)
                text += alphabet[int(random.bounded(int(alphabet.size())))];
            const auto expected = reference(text);
            accepted += expected ? 1 : 0;
            if (parsed(text) != expected)
                QFAIL(qPrintable(QStringLiteral("differs on \"%1\"").arg(text)));
        }
        QVERIFY(accepted > 100); // the generator does produce valid addresses too
    }
};

QTEST_GUILESS_MAIN(TestIpv4Text)
#include "tst_ipv4text.moc"
