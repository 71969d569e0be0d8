// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Private to core/protocol: what the wire form (rules.cpp, where these are defined) and the JSON form
// (rulesjson.cpp) of rules share.

#include <QByteArray>
#include <QtGlobal>

namespace tier::ruledetail {

struct TypeInfo
{
    const char *name;
    int length;
};

/// A type code's JSON name (null for unassigned codes) and its value's length on the wire.
TypeInfo typeInfo(quint8 code);
/// in, cut or zero-padded to n bytes.
QByteArray fixedBytes(const QByteArray &in, qsizetype n);

} // namespace tier::ruledetail
