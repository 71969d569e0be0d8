// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/controller/networksettings.h"
#include "core/protocol/inetaddress.h"
#include "core/protocol/networkconfig.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <optional>

namespace tier {

/// Reads what a person types into the network settings dialog (text → pools, routes, DNS servers)
/// and asks NetworkValidator, the one judge of errors and warnings for the window, the API and
/// import, about the values; its messages come back translated. Only two rules are the window's
/// own, for what a person types: a network made or renamed here needs a name, and a search domain
/// typed here has no spaces. Every message names the field, so the dialog can refuse the edit
/// before anything reaches the engine.
class NetworkSettingsValidator final
{
    Q_DECLARE_TR_FUNCTIONS(NetworkSettingsValidator)

public:
    NetworkSettingsValidator() = delete;

    /// An inclusive pool from two bare IPs; `row` (1-based) is used in messages. Nullopt + error if invalid.
    static std::optional<IpPool> parsePool(const QString &start, const QString &end, int row, QString *error);
    /// A managed route: target "IP/bits" (host bits are kept: a warning, not an error), via a bare IP
    /// of the same family or empty.
    static std::optional<NetworkConfig::Route> parseRoute(const QString &target, const QString &via, int row,
                                                          QString *error);
    /// A DNS server: a bare IP.
    static std::optional<InetAddress> parseDnsServer(const QString &text, int row, QString *error);
    /// DNS search domain: at most NetworkConfig::MaxDomainLength bytes, no spaces or control characters.
    static QString domainError(const QString &domain);
    /// Network name: empty string if fine.
    static QString nameError(const QString &name);

    /// The rules text (a JSON array of rule objects, docs/protocol/controller-logic.md §8.4). Empty text = the
    /// default (accept all). Returns the error naming the index/field, or an empty string.
    static QString rulesError(const QString &rulesJson);
    /// One readable line per rule ("1. accept", "2. drop unless ethertype is 0x0800"); the default
    /// for empty text. Empty list if the JSON is invalid.
    static QStringList describeRules(const QString &rulesJson);
    /// The default rule set as JSON text (accept all).
    static QString defaultRulesJson();
};

} // namespace tier
