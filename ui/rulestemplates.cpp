// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/rulestemplates.h"

namespace tier {

QList<RulesTemplate> RulesTemplates::all()
{
    // The programs are code and stay English; their titles are translated. The first has the rules
    // of ZeroTier Central's default rule set (comments our own).
    return {
        {tr("ZeroTier Central's default (IPv4, ARP and IPv6)"),
         QStringLiteral("# Let IPv4, ARP and IPv6 through and drop every other kind of frame.\n"
                        "drop\n"
                        "\tnot ethertype ipv4\n"
                        "\tand not ethertype arp\n"
                        "\tand not ethertype ipv6\n"
                        ";\n"
                        "\n"
                        "# Anything not dropped above is accepted (the engine drops by default).\n"
                        "accept;\n")},
        {tr("IPv4 only"),
         QStringLiteral("# IPv4 (with ARP to find neighbours) and nothing else: no IPv6, no other protocols.\n"
                        "drop\n"
                        "\tnot ethertype ipv4\n"
                        "\tand not ethertype arp\n"
                        ";\n"
                        "accept;\n")},
        {tr("No broadcast"),
         QStringLiteral("# Drop Ethernet broadcast frames, except ARP, which needs them to find neighbours.\n"
                        "drop\n"
                        "\tchr broadcast\n"
                        "\tand not ethertype arp\n"
                        ";\n"
                        "accept;\n")},
        {tr("Departments kept apart (tags)"),
         QStringLiteral("# Every member gets a department; members talk only within their department.\n"
                        "# Set a member's department in its details.\n"
                        "tag department\n"
                        "\tid 1000\n"
                        "\tenum 100 sales\n"
                        "\tenum 200 engineering\n"
                        "\tenum 300 accounting\n"
                        "\tdefault sales\n"
                        ";\n"
                        "\n"
                        "# Members given this capability may reach everyone (e.g. administrators).\n"
                        "cap everyone\n"
                        "\tid 1\n"
                        "\taccept;\n"
                        "\n"
                        "drop\n"
                        "\tnot ethertype ipv4\n"
                        "\tand not ethertype arp\n"
                        "\tand not ethertype ipv6\n"
                        ";\n"
                        "accept ethertype arp;\n"
                        "# Same department: the difference of the two members' values is 0.\n"
                        "accept tdiff department 0;\n"
                        "# Everything else: refused unless a capability (above) allows it.\n"
                        "break;\n")},
    };
}

} // namespace tier
